"""The long lists written in Python (`masp.staffing.rendering`) give the HTML the templates'
loops gave: the loops are kept here as they were and rendered side by side."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest
from django.template import Context as TemplateContext
from django.template import Template

from masp.models import Site
from masp.staffing import queries, rendering
from masp.staffing.demo import team
from masp.staffing.services import LineInput
from tests.masp.factories import SiteFactory
from tests.masp.staffing.factories import StaffingDeclarationFactory, night_off_on_sunday

pytestmark = pytest.mark.django_db
BADGE = '{% include "masp/staffing/includes/compliance_badge.html" with status=__ %}'

FLAGGED = """{% load i18n %}{% for house in flagged %}
    <li><a href="{% url 'masp:staffing_detail' house.site.pk %}">{{ house.site.name }}</a> ({{ house.site.department.region.name }}) :
      BADGE
      {% for gap in house.compliance.problems %}{{ gap.subject }}, {{ gap.summary }}{% if not forloop.last %} ; {% endif %}{% endfor %}</li>
  {% endfor %}""".replace("BADGE", BADGE.replace("__", "house.status"))  # noqa: E501

REGION = """{% load i18n %}{% for row in rows %}
    <tr>
      <th scope="row"><a href="{% url 'masp:staffing_detail' row.site.pk %}">{{ row.site.name }}</a><br><span class="fr-text--xs">{{ row.site.capacity }} {% translate "places" %}</span></th>
      <td>{% if row.declaration %}{{ row.declaration.declared_on|date:"d/m/Y" }}{% else %}—{% endif %}</td>
      <td>ROW_BADGE</td>
      {% for role, status, results in row.cells %}
        <td>{% if status %}{% include "masp/staffing/includes/compliance_badge.html" %}{% for result in results %}{% if result.status == "gap" or result.status == "warning" %}<span class="fr-text--xs" title="{{ result.message }}">{{ result.summary }}</span>{% endif %}{% endfor %}{% else %}<span class="fr-text--xs">—</span>{% endif %}</td>
      {% endfor %}
    </tr>
  {% endfor %}""".replace("ROW_BADGE", BADGE.replace("__", "row.status"))  # noqa: E501

WEEK = """{% for label, cells in week.rows %}
      <tr><th scope="row">{{ label }}</th>
        {% for cell in cells %}<td class="masp-slot masp-slot--{{ cell.state }}" title="{{ cell.label }}"><span aria-hidden="true">{% if cell.state == "missing" %}✕{% elif cell.people %}{{ cell.people }}{% else %}·{% endif %}</span><span class="fr-sr-only">{{ cell.label }}</span></td>{% endfor %}
      </tr>
    {% endfor %}"""  # noqa: E501

RULES = """{% load i18n %}{% for rule in result.results %}
      <tr>
        <td>{{ rule.subject }}</td>
        <td>{{ rule.required_text }}</td>
        <td>{{ rule.measured_text }}</td>
        <td>BADGE</td>
        <td>{{ rule.message }}{% if rule.assumption %}<br><span class="fr-text--xs">{% translate "Hypothèse :" %} {{ rule.assumption }}</span>{% endif %}</td>
      </tr>
    {% empty %}
      <tr><td colspan="5">{% translate "Ce référentiel ne contient aucune règle." %}</td></tr>
    {% endfor %}""".replace("BADGE", BADGE.replace("__", "rule.status"))  # noqa: E501


def render(source: str, **context: object) -> str:
    return Template(source).render(TemplateContext(context))


def two_week_team() -> list[LineInput]:
    lines = night_off_on_sunday()
    return [
        LineInput(line.role, line.fte_funded, line.fte_filled, presence=tuple(line.presence) * 2)
        if line.presence
        else line
        for line in lines
    ]


@pytest.fixture
def rows() -> list[queries.HouseRow]:
    names = ["Maison <l'Étang> & fils", 'Maison "Sud"', "Maison sans déclaration"]
    sites = cast(
        list[Site],
        [SiteFactory(opened=True, department_id="29", name=name, capacity=9) for name in names],
    )
    StaffingDeclarationFactory(
        site=sites[0], declared_on=dt.date(2026, 3, 7), lines=two_week_team()
    )
    StaffingDeclarationFactory(site=sites[1], lines=list(team().values()))
    houses = Site.objects.filter(pk__in=[s.pk for s in sites]).select_related("department__region")
    return queries.house_rows(houses.order_by("name"), queries.Context.load())


def test_flagged_items_as_the_template_wrote_them(rows: list[queries.HouseRow]) -> None:
    flagged = [row for row in rows if row.status in ("gap", "warning")]
    assert flagged
    assert rendering.flagged_items(rows) == render(FLAGGED, flagged=flagged)


def test_region_rows_as_the_template_wrote_them(rows: list[queries.HouseRow]) -> None:
    assert {row.status for row in rows} >= {"gap", "not_evaluable"}
    assert rendering.region_table_rows(rows) == render(REGION, rows=rows)


def test_week_grids_and_rules_as_the_template_wrote_them(rows: list[queries.HouseRow]) -> None:
    context = queries.Context.load()
    (row,) = [row for row in rows if row.site.name.endswith("& fils")]
    declaration = row.declaration
    assert declaration is not None
    loaded = declaration.site.staffing_declarations.with_lines().get(pk=declaration.pk)
    data = context.declaration(loaded)
    compliance = context.evaluate(loaded, row.site.capacity)
    weeks = queries.week_grids(data, compliance, context)
    assert len(weeks) == 2
    assert any(
        cell.state == "missing" for week in weeks for _l, cells in week.rows for cell in cells
    )
    for week in weeks:
        assert week.body == render(WEEK, week=week)
    assert rendering.compliance_rows(compliance) == render(RULES, result=compliance)
    empty = queries.Context(context.roles, None, queries.engine.NormSet("Vide", 1, (), {}))
    empty.by_id = context.by_id
    result = empty.evaluate(loaded, 9)
    assert rendering.compliance_rows(result) == render(RULES, result=result)
