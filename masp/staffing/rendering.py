"""The long lists of the staffing overviews, written in Python: the national overview's houses
in gap or warning (hundreds) and the regional table (a cell per house and role). The same HTML
as the templates' loops and includes gave, every text escaped; a template tag or an include
per cell cost more than the rest of the page."""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.dateformat import format as format_date
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.cache import IdentityMemo
from common.urls import url_for_key
from masp.staffing.engine import Compliance
from masp.staffing.enums import ComplianceStatus
from masp.staffing.queries import HouseRow, WeekGrid

BADGE = "masp/staffing/includes/compliance_badge.html"
FLAGGED = (ComplianceStatus.GAP, ComplianceStatus.WARNING)


_badges: dict[str, dict[str, str]] = {}


def badges() -> dict[str, str]:
    """The badge of each status, as the include renders it (in the active language; rendered
    once per language by this process)."""
    language = get_language() or ""
    found = _badges.get(language)
    if found is None:
        found = {s: render_to_string(BADGE, {"status": s}) for s in ComplianceStatus}
        _badges[language] = found
    return found


# A verdict's problems as the list shows them, by (verdict, language): the verdicts are kept
# by masp.staffing.queries and immutable, so their text is written once per language (the
# verdict is kept with its text: an id is only unique while its object lives).
PROBLEMS_MAX = 5_000  # as many as masp.staffing.queries keeps verdicts
_problems: IdentityMemo[str] = IdentityMemo(PROBLEMS_MAX)


def problems_text(compliance: Compliance | None) -> str:
    """ "subject, summary ; subject, summary" for the gaps then warnings, escaped."""
    if compliance is None:
        return ""
    e, problems = conditional_escape, compliance.problems
    return _problems.get(
        compliance,
        lambda: " ; ".join(f"{e(gap.subject)}, {e(gap.summary)}" for gap in problems),
        get_language() or "",
    )


# The list as last written, by (rows, language, URL prefix): the rows are shared and never
# changed while `house_rows` keeps them (a list is kept with its HTML: an id is only unique
# while its object lives), so a warm page writes nothing.
_flagged: IdentityMemo[SafeString] = IdentityMemo()


def flagged_items(houses: list[HouseRow]) -> SafeString:
    """The items of the list of the houses in gap or warning (overview.html), from the rows
    `house_rows` gave."""
    return _flagged.get(
        houses, lambda: _flagged_items(houses), get_language() or "", get_script_prefix()
    )


def _flagged_items(houses: list[HouseRow]) -> SafeString:
    e, badge, url = conditional_escape, badges(), url_for_key("masp:staffing_detail")
    items = []
    for house in houses:
        if house.status not in FLAGGED:
            continue
        problems = problems_text(house.compliance)
        items.append(
            f'\n    <li><a href="{url(house.site.pk)}">{e(house.site.name)}</a> '
            f"({e(house.site.department.region.name)}) :\n      {badge[house.status]}\n"
            f"      {problems}</li>\n  "
        )
    return mark_safe("".join(items))  # noqa: S308  # every text escaped


def region_table_rows(rows: Iterable[HouseRow]) -> SafeString:
    """The rows of the regional table, a cell per ruled role (region.html)."""
    e, badge, url = conditional_escape, badges(), url_for_key("masp:staffing_detail")
    places, none = e(_("places")), '<span class="fr-text--xs">—</span>'
    out = []
    for row in rows:
        declared = format_date(row.declared_on, "d/m/Y") if row.declared_on else "—"
        cells = "".join(
            "\n        <td>"
            + (
                badge[status]
                + "".join(
                    f'<span class="fr-text--xs" title="{e(result.message)}">'
                    f"{e(result.summary)}</span>"
                    for result in results
                    if result.status in FLAGGED
                )
                if status
                else none
            )
            + "</td>\n      "
            for _role, status, results in row.cells
        )
        out.append(
            f'\n    <tr>\n      <th scope="row"><a href="{url(row.site.pk)}">'
            f'{e(row.site.name)}</a><br><span class="fr-text--xs">{row.site.capacity:d} '
            f"{places}</span></th>\n      <td>{e(declared)}</td>\n"
            f"      <td>{badge[row.status]}</td>\n      {cells}\n    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308  # every text escaped


def week_body(week: WeekGrid) -> SafeString:
    """The rows of a week of the presence grid, a cell per day and shift (week_grid.html)."""
    e = conditional_escape
    rows = []
    for label, cells in week.rows:
        tds = "".join(
            f'<td class="masp-slot masp-slot--{e(cell.state)}" title="{e(cell.label)}">'
            f'<span aria-hidden="true">{_symbol(cell.state, cell.people)}</span>'
            f'<span class="fr-sr-only">{e(cell.label)}</span></td>'
            for cell in cells
        )
        head = f'<tr><th scope="row">{e(label)}</th>'
        rows.append(f"\n      {head}\n        {tds}\n      </tr>\n    ")
    return mark_safe("".join(rows))  # noqa: S308  # every text escaped


def _symbol(state: str, people: int) -> str:
    if state == "missing":
        return "✕"
    return str(people) if people else "·"


def compliance_rows(compliance: Compliance | None) -> SafeString:
    """The rows of a verdict's table, a row per rule (includes/compliance_table.html)."""
    if compliance is None:
        return mark_safe("")
    e, badge = conditional_escape, badges()
    if not compliance.results:
        empty = e(_("Ce référentiel ne contient aucune règle."))
        return mark_safe(f'\n      <tr><td colspan="5">{empty}</td></tr>\n    ')  # noqa: S308
    assumption = e(_("Hypothèse :"))
    rows = []
    for rule in compliance.results:
        note = (
            f'<br><span class="fr-text--xs">{assumption} {e(rule.assumption)}</span>'
            if rule.assumption
            else ""
        )
        rows.append(
            f"\n      <tr>\n        <td>{e(rule.subject)}</td>\n"
            f"        <td>{e(rule.required_text)}</td>\n"
            f"        <td>{e(rule.measured_text)}</td>\n"
            f"        <td>{badge[rule.status]}</td>\n"
            f"        <td>{e(rule.message)}{note}</td>\n      </tr>\n    "
        )
    return mark_safe("".join(rows))  # noqa: S308  # every text escaped
