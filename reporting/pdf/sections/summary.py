"""The summary for decision makers, the first page after the cover: three key messages computed
from the other sections' data, the "Avis de l'ARS" typed with the request, the decisions
awaited and every alert the sections raise (`alerts(context)`), errors first."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from masp.activity.charts import TARGETS
from masp.activity.enums import ReportStatus
from masp.activity.rules import OCCUPANCY_WARNING_BELOW
from masp.models import ActivityReport
from masp.staffing.enums import ComplianceStatus
from reporting.enums import ReportKind
from reporting.pdf.sections.activity import MONTHS
from reporting.pdf.sections.base import ReportContext

KEY = "summary"
TITLE = gettext_lazy("Synthèse pour la décision")
TEMPLATE = "reporting/pdf/sections/summary.html"
# First after the cover, though gathered last: it sums up the sections after it.
ORDER = 1
KINDS = frozenset(ReportKind.values)
SUMMARY = True
# A decision lists its houses up to this many; "et N autres" for the rest.
LISTED = 8

TARGET_LOW, TARGET_HIGH = TARGETS["occupancy"][:2]
ALARM = OCCUPANCY_WARNING_BELOW * 100


def gather(context: ReportContext, earlier: dict[str, dict[str, Any]]) -> dict[str, Any]:
    # Imported here: the registry imports this module.
    from reporting.pdf.sections import alerts_for

    found = [asdict(alert) for alert in alerts_for(context)]
    return {
        "opinion": context.opinion,
        "opinion_title": _("Avis") if context.kind == ReportKind.NATIONAL else _("Avis de l'ARS"),
        "messages": [
            occupancy_message(context, earlier.get("activity")),
            completeness_message(earlier.get("completeness")),
            staffing_message(context, earlier.get("staffing")),
        ],
        "decisions": decisions(context, earlier),
        "alerts": found,
        "groups": grouped(found),
        "errors": sum(1 for alert in found if alert["level"] == "error"),
        "warnings": sum(1 for alert in found if alert["level"] == "warning"),
    }


def fr(value: Any, digits: int = 1) -> str:
    """A French figure: "80,0", "1 234"."""
    return number_format(value, decimal_pos=digits, use_l10n=True, force_grouping=True)


def message(title: str, text: str, level: str = "info") -> dict[str, str]:
    """One key message: a short title, a sentence carrying its figure, and its level ("info",
    "warning" or "error") for the colour of its rule."""
    return {"title": title, "text": text, "level": level}


def occupancy_message(context: ReportContext, activity: dict[str, Any] | None) -> dict[str, str]:
    """The occupancy of the period against France (or, for France, against the target band)."""
    title = _("Occupation")
    total = (activity or {}).get("total") or {}
    rate = total.get("occupancy")
    if rate is None:
        return message(
            title,
            _(
                "Aucun rapport d'activité validé sur la période : "
                "le taux d'occupation n'est pas connu."
            ),
            "warning",
        )
    rate = Decimal(rate)
    level = "error" if rate < ALARM else "warning" if rate < TARGET_LOW else "info"
    reports = total["sums"]["reports"]
    nation = (activity or {}).get("nation", {}).get("occupancy")
    if context.kind == ReportKind.NATIONAL or nation is None:
        text = ngettext(
            "Taux d'occupation de %(rate)s %% sur la période (%(reports)s rapport validé), "
            "pour une cible de travail de %(low)s à %(high)s %%.",
            "Taux d'occupation de %(rate)s %% sur la période (%(reports)s rapports validés), "
            "pour une cible de travail de %(low)s à %(high)s %%.",
            reports,
        )
        return message(
            title,
            text
            % {
                "rate": fr(rate),
                "reports": fr(reports, 0),
                "low": fr(TARGET_LOW, 0),
                "high": fr(TARGET_HIGH, 0),
            },
            level,
        )
    gap = rate - Decimal(nation)
    if gap > 0:
        where = _("%(points)s points au-dessus") % {"points": fr(gap)}
    elif gap < 0:
        where = _("%(points)s points en dessous") % {"points": fr(-gap)}
    else:
        where = _("au même niveau")
    text = _(
        "Taux d'occupation de %(rate)s %% sur la période, contre %(nation)s %% pour la France "
        "entière : %(where)s (cible de travail : %(low)s à %(high)s %%)."
    ) % {
        "rate": fr(rate),
        "nation": fr(nation),
        "where": where,
        "low": fr(TARGET_LOW, 0),
        "high": fr(TARGET_HIGH, 0),
    }
    return message(title, text, level)


def completeness_message(completeness: dict[str, Any] | None) -> dict[str, str]:
    """Reports received against reports expected, and how many came on time."""
    title = _("Rapports d'activité")
    total = (completeness or {}).get("total") or {}
    expected = total.get("expected") or 0
    if not expected:
        return message(title, _("Aucun rapport d'activité attendu sur la période."))
    submitted, on_time = total["submitted"], total["on_time"]
    missing = expected - submitted
    text = ngettext(
        "%(submitted)s rapport transmis sur %(expected)s attendus (%(rate)s %%), "
        "dont %(on_time)s dans les délais",
        "%(submitted)s rapports transmis sur %(expected)s attendus (%(rate)s %%), "
        "dont %(on_time)s dans les délais",
        submitted,
    ) % {
        "submitted": fr(submitted, 0),
        "expected": fr(expected, 0),
        "rate": fr(total["rate"], 0),
        "on_time": fr(on_time, 0),
    }
    if missing:
        text += ngettext(
            " ; %(missing)s manque encore.", " ; %(missing)s manquent encore.", missing
        ) % {"missing": fr(missing, 0)}
    else:
        text += "."
    level = "warning" if missing or on_time < expected else "info"
    return message(title, text, level)


def staffing_message(context: ReportContext, staffing: dict[str, Any] | None) -> dict[str, str]:
    """Houses whose team falls short of the norm set in force."""
    title = _("Effectifs")
    houses = (staffing or {}).get("houses") or []
    if not houses:
        return message(
            title,
            _(
                "Aucune maison autorisée ou ouverte : "
                "pas d'équipe à comparer au cahier des charges."
            ),
        )
    assert staffing is not None  # it has houses
    counts = staffing["counts"]
    gaps, unknown = counts[ComplianceStatus.GAP], counts[ComplianceStatus.NOT_EVALUABLE]
    if context.kind == ReportKind.SITE:
        (house,) = houses
        if house["status"] == ComplianceStatus.GAP:
            subjects = ", ".join(gap["subject"] for gap in house["gaps"] if gap["status"] == "gap")
            text = _("La maison n'a pas l'équipe exigée par le cahier des charges : %(rules)s.") % {
                "rules": subjects
            }
            return message(title, text, "error")
        if house["status"] == ComplianceStatus.NOT_EVALUABLE:
            return message(
                title, _("Équipe non évaluable : aucune déclaration d'effectifs."), "warning"
            )
        return message(title, _("La maison a l'équipe exigée par le cahier des charges."))
    text = ngettext(
        "%(gaps)s maison sur %(houses)s n'a pas l'équipe exigée par le cahier des charges",
        "%(gaps)s maisons sur %(houses)s n'ont pas l'équipe exigée par le cahier des charges",
        gaps,
    ) % {"gaps": fr(gaps, 0), "houses": fr(len(houses), 0)}
    if unknown:
        text += ngettext(
            " ; %(unknown)s n'est pas évaluable (sans déclaration).",
            " ; %(unknown)s ne sont pas évaluables (sans déclaration).",
            unknown,
        ) % {"unknown": fr(unknown, 0)}
    else:
        text += "."
    return message(title, text, "error" if gaps else "warning" if unknown else "info")


def decisions(context: ReportContext, earlier: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """What waits for the authority: reports to validate (one query), conventions to renew and
    envelopes overrun (from the sections' data)."""
    waiting: dict[str, list[str]] = {}
    rows = context.of_sites(ActivityReport.objects.filter(status=ReportStatus.SUBMITTED))
    for name, start in rows.order_by("site__name", "campaign__period_start").values_list(
        "site__name", "campaign__period_start"
    ):
        waiting.setdefault(name, []).append(f"{MONTHS[start.month - 1]} {start.year}")
    found = []
    if waiting:
        count = sum(len(months) for months in waiting.values())
        found.append(
            decision(
                ngettext(
                    "%(count)s rapport d'activité à valider",
                    "%(count)s rapports d'activité à valider",
                    count,
                )
                % {"count": fr(count, 0)},
                [f"{name} : {', '.join(months)}" for name, months in waiting.items()],
            )
        )
    expiring = (earlier.get("conventions") or {}).get("expiring") or []
    if expiring:
        found.append(
            decision(
                ngettext(
                    "%(count)s convention à renouveler",
                    "%(count)s conventions à renouveler",
                    len(expiring),
                )
                % {"count": fr(len(expiring), 0)},
                [
                    _("%(site)s : %(partner)s, jusqu'au %(date)s")
                    % {
                        "site": item["site"],
                        "partner": item["partner"],
                        "date": item["valid_until"].strftime("%d/%m/%Y"),
                    }
                    for item in expiring
                ],
            )
        )
    overrun = [
        f"{source['label']} ({year['year']})"
        for year in (earlier.get("funding") or {}).get("years", [])
        for source in year["sources"]
        if source["over"]
    ]
    if overrun:
        found.append(
            decision(
                ngettext(
                    "%(count)s enveloppe dépassée à arbitrer",
                    "%(count)s enveloppes dépassées à arbitrer",
                    len(overrun),
                )
                % {"count": fr(len(overrun), 0)},
                overrun,
            )
        )
    return found


def decision(label: str, items: list[str]) -> dict[str, Any]:
    return {"label": label, "items": items[:LISTED], "more": max(0, len(items) - LISTED)}


def grouped(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One block per subject (a house), the subjects with an error first, in the order found."""
    groups: dict[str, dict[str, Any]] = {}
    for alert in found:
        group = groups.setdefault(alert["subject"], {"subject": alert["subject"], "items": []})
        group["items"].append(alert)
    for group in groups.values():
        levels = {item["level"] for item in group["items"]}
        group["level"] = "error" if "error" in levels else "warning"
    return sorted(groups.values(), key=lambda group: (group["level"] != "error", group["subject"]))
