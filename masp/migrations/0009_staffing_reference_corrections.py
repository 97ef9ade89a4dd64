"""Staffing data after the cycles and capacity scaling (issue 22).

Declarations: `cycle_weeks` from their grids (every existing grid is 7 days: a one-week cycle).
Reference norm sets already loaded (`load_reference_data` never rewrites a set): corrected
readings of the same texts, not new norms, so the sets are fixed in place:
- cahier des charges 2025: the doctor-nurse pair becomes a "binôme" rule (a doctor and an IDE or
  coordinating nurse, present together one half-day a cycle), the coordinating nurse counts in
  the weekday nurse presence;
- 2024 model: IDE and coordinating nurses count together for the 2 nurses, and each rule says
  how it scales outside 12-15 places (24/7 post fixed, the others per place);
- both: the shift lengths and hours per FTE of the grid check (the fields' defaults).
The texts are copied here (not imported from masp.staffing.reference) so the migration stays
what it was when written.
"""

from __future__ import annotations

from django.db import migrations

CDC = ("Cahier des charges national des MASP", 1)
STUDY = ("Modèle de l'étude d'impact 2024", 1)
GRID = (
    "Créneaux comptés 6 h le matin, 6 h l'après-midi et 12 h la nuit : 24 h par jour, un poste "
    "tenu 24 h/24 représente 8 760 h par an, soit 5,45 ETP à 1 607 h par ETP et par an (durée "
    "légale annuelle du travail). Une demi-journée de présence compte donc 6 h. Un planning qui "
    "demande plus de 10 % au-delà des ETP déclarés est signalé (avertissement) : la semaine type "
    "arrondit les présences. Hypothèse : la source ne fixe pas la durée des créneaux."
)
ONE_DAY_IN_TWO = (
    "Lu comme : jamais deux jours de suite sans présence en journée (matin ou après-midi), le "
    "planning étant un cycle qui se répète (le dimanche est suivi du lundi, la dernière semaine "
    "du cycle de la première). Une nuit seule n'est pas un jour de présence."
)
PAIR = (
    "Un médecin et un infirmier (IDE ou infirmier coordinateur), chacun avec des ETP, présents "
    "ensemble au moins une demi-journée (matin ou après-midi) sur le cycle. Le texte de 2025 "
    "n'exige pas de poste distinct d'infirmier coordinateur."
)
NURSE = (
    "L'infirmier coordinateur est un infirmier : sa présence compte dans la présence infirmière."
)
PER_PLACE = (
    "Le modèle ne chiffre que 12 à 15 places. Hors de cette bande, hypothèse : proportionnel au "
    "nombre de places (valeur à 12 places x places / 12 en dessous, valeur à 15 places x "
    "places / 15 au-dessus)."
)
FIXED = (
    "Un poste tenu 24 h/24 ne se divise pas avec les places : hypothèse, 5,4 ETP (un poste "
    "continu) de 8 à 20 places, comme pour 12 à 15 places."
)


def cycles(apps, schema_editor):
    Declaration = apps.get_model("masp", "StaffingDeclaration")
    for declaration in Declaration.objects.prefetch_related("lines"):
        lengths = [len(line.presence or []) for line in declaration.lines.all()]
        weeks = max([length // 7 for length in lengths if length and length % 7 == 0] or [1])
        if declaration.cycle_weeks != min(weeks, 6):
            declaration.cycle_weeks = min(weeks, 6)
            declaration.save(update_fields=["cycle_weeks"])


def _set(apps, name_version):
    NormSet = apps.get_model("masp", "NormSet")
    return NormSet.objects.filter(name=name_version[0], version=name_version[1]).first()


def _codes(rule):
    return {role.code for role in rule.roles.all()}


def norm_sets(apps, schema_editor):
    StaffRole = apps.get_model("masp", "StaffRole")
    roles = {role.code: role for role in StaffRole.objects.all()}
    nurses = [roles[code] for code in ("infirmier", "infirmier_coordinateur") if code in roles]
    cdc = _set(apps, CDC)
    if cdc is not None:
        cdc.grid_assumption = GRID
        cdc.save(update_fields=["grid_assumption"])
        for rule in cdc.rules.all():
            codes = _codes(rule)
            if rule.kind == "fte" and codes == {"medecin_coordonnateur", "infirmier_coordinateur"}:
                rule.kind, rule.each_role, rule.assumption = "pair", False, PAIR
                rule.save(update_fields=["kind", "each_role", "assumption"])
                rule.roles.set([roles["medecin_coordonnateur"]])
                rule.partner_roles.set(nurses)
            elif rule.kind == "presence" and codes == {"infirmier"}:
                rule.label, rule.assumption = "Infirmier (IDE ou coordinateur)", NURSE
                rule.save(update_fields=["label", "assumption"])
                rule.roles.set(nurses)
            elif rule.pattern == "one_day_in_two":
                rule.assumption = ONE_DAY_IN_TWO
                rule.save(update_fields=["assumption"])
    study = _set(apps, STUDY)
    if study is not None:
        study.grid_assumption = GRID
        study.save(update_fields=["grid_assumption"])
        for rule in study.rules.filter(kind="fte"):
            codes = _codes(rule)
            fixed = codes == {"aide_soignant"}
            rule.scaling = "fixed" if fixed else "per_place"
            rule.assumption = FIXED if fixed else PER_PLACE
            if codes == {"infirmier"}:
                rule.label = "Infirmiers (IDE et coordinateur)"
                rule.roles.set(nurses)
            rule.save(update_fields=["scaling", "assumption", "label"])


class Migration(migrations.Migration):
    dependencies = [("masp", "0008_staffing_cycles_scaling_warning")]

    operations = [
        migrations.RunPython(cycles, migrations.RunPython.noop),
        migrations.RunPython(norm_sets, migrations.RunPython.noop),
    ]
