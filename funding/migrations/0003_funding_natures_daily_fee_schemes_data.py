"""Issue 23, step 2 (data): every mapping below was written for review; each says why.

1. The nature of existing funding lines, defaulted from today's kind and source:

   | kind \\ source         | collectivite (local authority) | any other source    |
   |-----------------------|--------------------------------|---------------------|
   | operating_allocation  | investment (kind → investment) | running             |
   | indicator_based       | running                        | running             |
   | non_recurring         | investment                     | start_up            |
   | investment            | investment                     | investment          |
   | start_up              | start_up                       | start_up            |

   A local authority may fund the building, not the running cost (domain.md, "Capacity, cost,
   funding"): its lines that do not say "start-up" are investment, and an "operating allocation"
   from a local authority becomes an "investment" decision (the kind must agree with the nature).
   A non-recurring credit of another source (ARS, FIR...) is one-off money: start-up.
   Before this migration, the gap to the reference counted them all as running money.

2. The residents' daily fee leaves the reference cost for its own dated parameter: each
   `ReferenceCost(year, daily_fee)` becomes `ResidentDailyFee(valid_from=1 January of year)`,
   with the reference's source note.

3. The indicator-based scheme (one maximum amount, rules without axes nor source):
   - the scheme shipped by `funding/reference_data.py` before issue 23 (2026, 50,000 €,
     occupancy 70/85 → 20/30, reports on time 80 → 20, EMSP 100 → 25, staffing 100 → 25),
     left unedited, is deleted: it had no source, and `load_reference_data` recreates the 2026
     scheme in seed 003's shape;
   - any other scheme (edited by an administrator) is kept and converted: no fixed part, its
     maximum amount shared between the axes in proportion to their points (the last axis takes
     the rounding cents), each rule put on its axis (occupancy and staffing → access and
     continuity; EMSP convention → team work; reports on time → information system; any other
     indicator → access), every source field saying it is the former scheme, unsourced, to
     review.
   Lines already recorded keep their amount and their `indicator_details`.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations

LOCAL_AUTHORITY = "collectivite"
NATURE_OF_KIND = {
    "operating_allocation": "running",
    "indicator_based": "running",
    "non_recurring": "start_up",
    "investment": "investment",
    "start_up": "start_up",
}
AXIS_OF_INDICATOR = {
    "occupancy": "access",
    "staffing_compliance": "access",
    "emsp_convention": "teamwork",
    "reports_on_time": "information",
}
AXES = ["access", "teamwork", "information"]
FORMER = "Barème antérieur à l'issue 23, repris tel quel, sans source : à revoir."
SHIPPED_RULES = {
    ("occupancy", Decimal("70"), 20),
    ("occupancy", Decimal("85"), 30),
    ("reports_on_time", Decimal("80"), 20),
    ("emsp_convention", Decimal("100"), 25),
    ("staffing_compliance", Decimal("100"), 25),
}


def line_nature(kind, source_code):
    if source_code == LOCAL_AUTHORITY and kind not in ("start_up", "indicator_based"):
        return "investment", "investment"
    return kind, NATURE_OF_KIND.get(kind, "running")


def set_natures(apps, schema_editor):
    FundingLine = apps.get_model("funding", "FundingLine")
    for line in FundingLine.objects.select_related("source").iterator():
        line.kind, line.nature = line_nature(line.kind, line.source.code)
        line.save(update_fields=["kind", "nature"])


def move_daily_fees(apps, schema_editor):
    ReferenceCost = apps.get_model("funding", "ReferenceCost")
    ResidentDailyFee = apps.get_model("funding", "ResidentDailyFee")
    for reference in ReferenceCost.objects.all():
        ResidentDailyFee.objects.get_or_create(
            valid_from=dt.date(reference.year, 1, 1),
            defaults={
                "amount": reference.daily_fee,
                "source_note": reference.source_note or f"Coût de référence {reference.year}",
            },
        )


def is_shipped(scheme, rules):
    return (
        scheme.year == 2026
        and scheme.name == "Part variable 2026"
        and scheme.max_amount == Decimal("50000.00")
        and {(r.indicator, r.threshold, r.points) for r in rules} == SHIPPED_RULES
        and len(rules) == len(SHIPPED_RULES)
    )


def axis_amounts(max_amount, points_by_axis):
    total = sum(points_by_axis.values())
    axes = [axis for axis in AXES if points_by_axis.get(axis)]
    amounts, given = {}, Decimal("0.00")
    for axis in axes[:-1]:
        share = max_amount * points_by_axis[axis] / total
        amounts[axis] = share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        given += amounts[axis]
    if axes:
        amounts[axes[-1]] = max_amount - given
    return amounts


def convert_schemes(apps, schema_editor):
    IndicatorScheme = apps.get_model("funding", "IndicatorScheme")
    IndicatorAxis = apps.get_model("funding", "IndicatorAxis")
    for scheme in IndicatorScheme.objects.all():
        rules = list(scheme.rules.all())
        if is_shipped(scheme, rules):
            scheme.delete()
            continue
        best: dict[str, int] = {}
        for rule in rules:
            rule.axis = AXIS_OF_INDICATOR.get(rule.indicator, "access")
            rule.source_note = FORMER
            rule.save(update_fields=["axis", "source_note"])
            best[rule.indicator] = max(best.get(rule.indicator, 0), rule.points)
        points_by_axis: dict[str, int] = {}
        for indicator, points in best.items():
            axis = AXIS_OF_INDICATOR.get(indicator, "access")
            points_by_axis[axis] = points_by_axis.get(axis, 0) + points
        for axis, amount in axis_amounts(scheme.max_amount, points_by_axis).items():
            IndicatorAxis.objects.create(
                scheme=scheme, axis=axis, amount=amount, source_note=FORMER
            )
        scheme.fixed_amount = Decimal("0.00")
        scheme.source_note = FORMER
        scheme.save(update_fields=["fixed_amount", "source_note"])


def forward(apps, schema_editor):
    set_natures(apps, schema_editor)
    move_daily_fees(apps, schema_editor)
    convert_schemes(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("funding", "0002_nature_daily_fee_scheme_axes")]

    # Backwards, nothing to undo here: 0002's reverse drops the natures, the fees and the axes
    # (a scheme deleted above is not brought back; reload an older reference data for it).
    operations = [migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)]
