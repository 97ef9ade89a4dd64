"""The rows written in Python (the départements table, a region's houses, the directory's
cards) are exactly what the template loops they replace wrote: the loops are kept here, as
they were, and both are compared on awkward values (markup, quotes, ampersands, one place,
no contact, distances) in French and in English."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from masp.coverage.directory import Entry, as_site, cards, public_rows
from masp.coverage.indicators import coverage
from masp.coverage.views import site_rows, table_rows
from masp.models import Site
from masp.sites.enums import SiteStatus
from tests.masp.factories import SiteFactory

pytestmark = pytest.mark.django_db

TABLE_LOOP = """{% load i18n coverage_tags %}{% for row in rows %}
        <tr>
          <td>{{ row.code }}</td>
          <td>{{ row.name }}</td>
          {% if show_region %}<td><a href="{% url 'masp:coverage_region' row.region_code %}">{{ row.region_name }}</a></td>{% endif %}
          <td>{{ row.population|thousands }}</td>
          <td>{{ row.houses_open }}</td>
          <td>{{ row.houses_planned }}</td>
          <td>{{ row.places }}</td>
          <td>{{ row.places_per_100k|decimal1 }}</td>
          <td>{{ row.within_30km_share|percent }}</td>
          <td>{{ row.within_60km_share|percent }}</td>
          <td>{% if row.target_gap %}{{ row.target_gap }}{% else %}<span class="fr-badge fr-badge--success fr-badge--sm fr-badge--no-icon">{% translate "atteinte" %}</span>{% endif %}</td>
        </tr>
      {% endfor %}"""  # noqa: E501

SITE_LOOP = """{% load i18n %}{% for site in sites %}
    <tr>
      <td><a href="{{ site.get_absolute_url }}">{{ site.name }}</a></td><td>{{ site.commune }}</td>
      <td>{{ site.department.name }} ({{ site.department.code }})</td><td>{{ site.capacity }}</td>
      <td>{% include "masp/sites/includes/status_badge.html" %}</td>
    </tr>
  {% endfor %}"""

CARD_LOOP = """{% load i18n %}{% for entry in entries %}
      {% with site=entry.site %}
      <div class="fr-mb-2w"><div class="fr-card fr-card--no-arrow">
        <div class="fr-card__body"><div class="fr-card__content">
          <h3 class="fr-card__title">{{ site.name }}</h3>
          <p class="fr-card__desc">
            {{ site.address }}<br>{{ site.postcode }} {{ site.commune }} — {{ site.department.name }} ({{ site.department.code }})<br>
            {% blocktranslate count places=site.capacity with manager=site.manager_name %}{{ places }} place, gérée par {{ manager }}{% plural %}{{ places }} places, gérée par {{ manager }}{% endblocktranslate %}
          </p>
          <ul class="fr-card__desc">
            {% if site.public_phone %}<li>{% translate "Téléphone :" %} <a href="tel:{{ site.public_phone }}">{{ site.public_phone }}</a></li>{% endif %}
            {% if site.public_email %}<li>{% translate "Courriel :" %} <a href="mailto:{{ site.public_email }}">{{ site.public_email }}</a></li>{% endif %}
            {% if site.website %}<li><a href="{{ site.website }}" rel="noopener" target="_blank" title="{% blocktranslate with name=site.name %}Site internet de {{ name }} (nouvelle fenêtre){% endblocktranslate %}">{% translate "Site internet" %}</a></li>{% endif %}
          </ul>
          {% if entry.distance_km is not None %}<p class="fr-card__detail"><span class="fr-badge fr-badge--info fr-badge--no-icon fr-badge--sm">{% blocktranslate with km=entry.distance_km|floatformat:"0" %}à {{ km }} km à vol d'oiseau{% endblocktranslate %}</span></p>{% endif %}
        </div></div>
      </div></div>
      {% endwith %}
    {% endfor %}"""  # noqa: E501

AWKWARD = 'L\'<b>Oasis</b> & « Fils » "100 %"'


def awkward_sites() -> list[Site]:
    return [
        SiteFactory(
            name=AWKWARD,
            manager_name="A & B <gestion> 100 %",
            address="3 rue d'Arras & <fils>",
            commune="Saint-Étienne-d'<Orb>",
            capacity=1,
            public_phone="03 20 <00> 00 00",
            public_email="o'hara&co@example.org",
            website="https://example.org/?a=1&b=<2>",
            opened=True,
        ),
        SiteFactory(name="Maison sans contact", capacity=12, opened=True),
        SiteFactory(name="Maison en projet", department_id="62", status=SiteStatus.PROJECT),
        SiteFactory(name="Maison autorisée", department_id="80", status=SiteStatus.AUTHORISED),
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("show_region", [True, False])
def test_table_rows_are_the_former_loop(language: str, show_region: bool) -> None:
    awkward_sites()
    snapshot = coverage()
    rows = [
        *snapshot.departments,
        # Values the reference data lacks: markup in names, a big count, a zero population.
        replace(snapshot.departments[0], name=AWKWARD, region_name=AWKWARD, places=12345),
        replace(snapshot.departments[1], population=0, target_gap=0),
    ]
    with translation.override(language):
        expected = Template(TABLE_LOOP).render(Context({"rows": rows, "show_region": show_region}))
        assert table_rows(rows, show_region=show_region) == expected
        assert table_rows([], show_region=show_region) == ""


@pytest.mark.parametrize("language", ["fr", "en"])
def test_site_rows_are_the_former_loop(language: str) -> None:
    awkward_sites()
    sites = list(Site.objects.select_related("department").order_by("name", "pk"))
    with translation.override(language):
        expected = Template(SITE_LOOP).render(Context({"sites": sites}))
        assert site_rows(sites) == expected


@pytest.mark.parametrize("language", ["fr", "en"])
def test_cards_are_the_former_loop(language: str) -> None:
    awkward_sites()
    sites = [as_site(row) for row in public_rows()]
    assert len(sites) == 2
    entries = [
        Entry(sites[0]),
        Entry(sites[1]),
        Entry(sites[0], 0.0),
        Entry(sites[1], 0.49),
        Entry(sites[0], 12.5),
        Entry(sites[1], 1234.567),
    ]
    with translation.override(language):
        expected = Template(CARD_LOOP).render(Context({"entries": entries}))
        assert cards(entries) == expected
        assert cards([]) == ""


def test_directory_sites_are_loaded_as_the_queryset_loads_them() -> None:
    from masp.coverage.directory import public_sites

    awkward_sites()
    SiteFactory(
        name="Maison de Rennes",
        department_id="35",
        latitude=Decimal("48.11"),
        longitude=Decimal("-1.68"),
        opened=True,
    )
    loaded = list(public_sites())
    built = [as_site(row) for row in public_rows()]
    assert [site.pk for site in built] == [site.pk for site in loaded]
    for mine, theirs in zip(built, loaded, strict=True):
        assert {k: v for k, v in mine.__dict__.items() if k != "_state"} == {
            k: v for k, v in theirs.__dict__.items() if k != "_state"
        }
        assert mine.get_deferred_fields() == theirs.get_deferred_fields()
        assert (mine.department.code, mine.department.name) == (
            theirs.department.code,
            theirs.department.name,
        )
        assert not mine._state.adding


def test_table_rows_kept_with_the_snapshot_follow_it() -> None:
    from masp.coverage.views import snapshot_table_rows

    site = SiteFactory(department_id="62", opened=True, capacity=7)
    snapshot = coverage()
    rows = sorted(snapshot.departments, key=lambda row: row.population)
    for show_region in (True, False):
        assert snapshot_table_rows(snapshot, rows, show_region) == table_rows(rows, show_region)
        assert snapshot_table_rows(snapshot, rows[:3], show_region) == table_rows(
            rows[:3], show_region
        )
    with translation.override("en"):
        assert snapshot_table_rows(snapshot, rows, True) == table_rows(rows, True)
    # A change of the houses: the next snapshot writes its own rows.
    site.capacity = 9
    site.save()
    fresh = coverage()
    assert fresh.version != snapshot.version
    assert fresh.department("62").places == 9
    assert snapshot_table_rows(fresh, fresh.departments, True) == table_rows(
        fresh.departments, True
    )
