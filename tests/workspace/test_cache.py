"""What the homes and the hub keep in the cache (workspace/cache.py) and the one-query forms
of the ARS home: the same figures as the areas' own functions, and a change seen on the next
request. The day is fixed for the homes: Saturday 5 December 2026."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.enums import Role
from funding.models import FundingSource, RegionalEnvelope
from funding.queries import region_year_for
from masp.activity.enums import ReportStatus
from masp.models import ReportingCampaign, Site
from masp.sites.enums import SiteStatus
from partners.conformity import non_conforming
from partners.enums import OrganisationKind
from partners.models import Convention, ConventionRequirement
from territories.models import Region
from tests.funding.factories import EnvelopeFactory, FundingLineFactory, source
from tests.masp.factories import CampaignFactory, SiteFactory, filled_report
from tests.partners.factories import ConventionFactory, OrganisationFactory
from tests.personas import World, grant
from tests.workspace.test_actions import TODAY, ars_world, by_label, coordinator_world, labels
from workspace.actions import home_for
from workspace.actions.ars import lacking_names, remaining_by_region

pytestmark = pytest.mark.django_db

READERS = ("ars_a", "ars_other", "analyst", "coordinator_a", "coordinator_b")


def funding_world(world: World) -> None:
    """Envelopes of sources in use and of one no longer in use in 2026, lines of several
    houses, regions, sources and years."""
    FundingSource.objects.filter(code="autre").update(last_year=2025)
    EnvelopeFactory(region_id="32", year=2026, amount_notified=Decimal("2000000.00"))
    EnvelopeFactory(
        region_id="32", year=2026, source=source("fir"), amount_notified=Decimal("300000.10")
    )
    EnvelopeFactory(
        region_id="32", year=2026, source=source("autre"), amount_notified=Decimal("99999.00")
    )
    EnvelopeFactory(region_id="53", year=2026, amount_notified=Decimal("100000.00"))
    EnvelopeFactory(region_id="32", year=2025, amount_notified=Decimal("500000.00"))
    FundingLineFactory(site=world.site_a, amount_notified=Decimal("800000.55"))
    FundingLineFactory(site=world.site_b, source=source("autre"), amount_notified=Decimal("5"))
    FundingLineFactory(site=world.site_b, source=source("fir"), amount_notified=Decimal("7.25"))
    FundingLineFactory(site=world.site_c, amount_notified=Decimal("150000.00"))
    FundingLineFactory(site=world.site_a, year=2025, amount_notified=Decimal("10.00"))


def test_what_remains_is_the_regional_tables_total(world: World) -> None:
    funding_world(world)
    codes = list(Region.objects.values_list("code", flat=True))
    for persona in READERS:
        user = world.users[persona]
        for year in (2025, 2026, 2027):
            found = {region.code: left for region, left in remaining_by_region(user, codes, year)}
            expected = {
                region.code: region_year_for(region, year, user).total.remaining
                for region in Region.objects.all()
            }
            assert found == expected, (persona, year)
    found = dict(remaining_by_region(world.users["ars_a"], ["32"], 2026))
    # 2,000,000 + 300,000.10 (the "autre" source is not in use in 2026) less 800,000.55,
    # 5 and 7.25 notified to houses A and B.
    assert [(region.code, left) for region, left in found.items()] == [
        ("32", Decimal("1499987.30"))
    ]


def test_the_houses_lacking_a_convention_are_those_of_the_partners_follow_up(
    world: World,
) -> None:
    emsp = OrganisationFactory(kind=OrganisationKind.EMSP)
    volunteers = OrganisationFactory(volunteers=True)
    # A: both in force. B: the EMSP's ended, the association's is a draft. C: the EMSP's
    # starts next year, the association's was terminated. D (region 32): nothing.
    ConventionFactory(site=world.site_a, partner=emsp)
    ConventionFactory(site=world.site_a, partner=volunteers, valid_until=None)
    ConventionFactory(site=world.site_b, partner=emsp, valid_until=dt.date(2026, 12, 4))
    ConventionFactory(site=world.site_b, partner=volunteers, draft=True)
    ConventionFactory(site=world.site_c, partner=emsp, valid_from=dt.date(2027, 1, 1))
    ConventionFactory(site=world.site_c, partner=volunteers, terminated_on=dt.date(2026, 12, 1))
    SiteFactory(name="Maison D", department_id="80", postcode="80000", opened=True)
    SiteFactory(name="Maison E en projet", department_id="80", postcode="80100")
    for persona in READERS:
        sites = Site.objects.visible_to(world.users[persona])
        expected = [site.name for site, _c in non_conforming(sites, today=TODAY)]
        assert lacking_names(sites, TODAY) == expected, persona
    assert lacking_names(Site.objects.all(), TODAY) == ["Maison B", "Maison C", "Maison D"]


def test_the_ars_home_sees_a_change_on_the_next_request(world: World) -> None:
    ars_world(world)
    user = world.users["ars_a"]

    def action(start: str) -> str:
        found = [a for a in home_for(user, TODAY).actions if a.label.startswith(start)]
        return found[0].figure or str(found[0].count) if found else ""

    def amount(start: str) -> str:
        return action(start).replace("\u202f", " ").replace("\xa0", " ")

    assert amount("Attribuer") == "1 200 000 €"
    FundingLineFactory(site=world.site_b, amount_notified=Decimal("200000.00"))
    assert amount("Attribuer") == "1 000 000 €"
    envelope = RegionalEnvelope.objects.get(region_id="32", year=2026)
    envelope.amount_notified = Decimal("1500000.00")
    envelope.save()
    assert amount("Attribuer") == "500 000 €"
    region = Region.objects.get(code="32")
    region.name = "Hauts-de-France (renommée)"
    region.save()
    assert "Hauts-de-France (renommée)" in " ".join(labels(home_for(user, TODAY).actions))

    # Houses A and B lack both required partners; a convention ending within 90 days.
    assert action("Maisons sans convention") == "2"
    assert action("Conventions qui expirent") == ""
    emsp = OrganisationFactory(kind=OrganisationKind.EMSP)
    volunteers = OrganisationFactory(volunteers=True)
    ConventionFactory(site=world.site_a, partner=emsp)
    ConventionFactory(site=world.site_a, partner=volunteers, valid_until=dt.date(2027, 1, 10))
    assert action("Maisons sans convention") == "1"
    ending = by_label(home_for(user, TODAY).actions, "Conventions qui expirent")
    assert (ending.count, ending.due) == (1, dt.date(2027, 1, 10))
    volunteers.kind = OrganisationKind.EMSP
    volunteers.save()
    assert action("Maisons sans convention") == "2"
    ConventionRequirement.objects.get(kind=OrganisationKind.VOLUNTEER_ASSOCIATION).delete()
    assert action("Maisons sans convention") == "1"
    site_b = Site.objects.get(pk=world.site_b.pk)
    site_b.status = SiteStatus.SUSPENDED
    site_b.save()
    assert action("Maisons sans convention") == ""


def test_each_agent_keeps_their_own_regions_figures(world: World) -> None:
    ars_world(world)
    EnvelopeFactory(region_id="53", year=2026, amount_notified=Decimal("300000.00"))
    mine = home_for(world.users["ars_a"], TODAY).actions
    other = home_for(world.users["ars_other"], TODAY).actions
    assert by_label(mine, "Attribuer").label.endswith("Hauts-de-France")
    assert by_label(other, "Attribuer").label.endswith("Bretagne")
    assert "Maison A" in by_label(mine, "Maisons sans convention").detail
    assert "Maison A" not in by_label(other, "Maisons sans convention").detail
    # A second agent of the same region reads the same figures; one who also coordinates a
    # house of another region sees that house too.
    grant(world.users["ars_other"], Role.COORDINATOR, site=world.site_a)
    both = type(world.users["ars_other"]).objects.get(pk=world.users["ars_other"].pk)
    assert "Maison A" in by_label(home_for(both, TODAY).actions, "Maisons sans convention").detail


def test_the_hub_sees_a_change_on_the_next_request(world: World) -> None:
    site = world.site_a
    client = world.client("ars_a")
    today = timezone.localdate()

    def page() -> str:
        return client.get(site.get_absolute_url()).content.decode()

    emsp = OrganisationFactory(kind=OrganisationKind.EMSP)
    ConventionFactory(site=site, partner=emsp)
    first = page()
    assert "1 convention en vigueur" in first
    assert "association de bénévoles" in first.split("Manquantes")[1]
    volunteers = OrganisationFactory(volunteers=True)
    convention = ConventionFactory(
        site=site, partner=volunteers, valid_until=today + dt.timedelta(days=20)
    )
    second = page()
    assert "2 conventions en vigueur" in second
    assert "Aucun partenaire exigé ne manque." in second
    assert "1 expire bientôt" in second
    convention.terminated_on = today
    convention.save()
    third = page()
    assert "1 convention en vigueur" in third
    assert "expire bientôt" not in third

    # The campaigns' calendar: a campaign opened since the last visit is shown.
    assert "Aucune campagne ouverte." in third
    campaign = CampaignFactory(month=1)
    assert "Janvier 2026" in page()
    campaign.opens_at = today + dt.timedelta(days=1)
    campaign.deadline = today + dt.timedelta(days=20)
    campaign.review_deadline = today + dt.timedelta(days=30)
    campaign.corrections_until = today + dt.timedelta(days=40)
    campaign.save()
    later = page()
    assert "Aucune campagne ouverte." in later
    assert "Rapport du mois : janvier 2026" in later


def test_the_coordinator_home_sees_a_change_on_the_next_request(world: World) -> None:
    coordinator_world(world)
    user = world.users["coordinator_a"]
    first = labels(home_for(user, TODAY).actions)
    assert "Conclure une convention avec un partenaire exigé" in first
    assert "Renouveler une convention qui expire dans les 90 jours" in first
    assert "Transmettre le rapport d'activité de novembre 2026" in first
    ConventionFactory(site=world.site_a, partner=OrganisationFactory(volunteers=True))
    second = labels(home_for(user, TODAY).actions)
    assert "Conclure une convention avec un partenaire exigé" not in second
    convention = Convention.objects.get(site=world.site_a, valid_until=dt.date(2027, 1, 15))
    convention.valid_until = dt.date(2028, 1, 15)
    convention.save()
    third = labels(home_for(user, TODAY).actions)
    assert "Renouveler une convention qui expire dans les 90 jours" not in third
    ReportingCampaign.objects.filter(period_start=dt.date(2026, 11, 1)).delete()
    assert "Transmettre le rapport d'activité de novembre 2026" not in labels(
        home_for(user, TODAY).actions
    )


def test_the_national_completeness_follows_the_reports(world: World) -> None:
    ars_world(world)
    analyst = world.users["analyst"]

    def fractions() -> dict[str, str]:
        figures = home_for(analyst, TODAY).extra["completeness"]
        return {name: cell.fraction for name, cell in figures["regions"]}

    assert fractions() == {"Hauts-de-France": "1/2", "Bretagne": "0/1"}
    report = filled_report(world.site_b, CampaignFactory(month=10), status=ReportStatus.SUBMITTED)
    report.submitted_at = timezone.make_aware(dt.datetime(2026, 11, 14, 9))
    report.save()
    assert fractions() == {"Hauts-de-France": "2/2", "Bretagne": "0/1"}
    # Another campaign past its deadline on the day: the table follows it.
    november = ReportingCampaign.objects.get(period_start=dt.date(2026, 11, 1))
    november.deadline = dt.date(2026, 12, 1)
    november.save()
    assert home_for(analyst, TODAY).extra["completeness"]["month"] == "novembre 2026"
