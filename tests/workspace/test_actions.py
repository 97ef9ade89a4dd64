"""The "Mes actions" of each role: what is listed, in which order, with which counts, and at a
query count that does not grow with the houses. The day is fixed: Saturday 5 December 2026."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Invitation
from accounts.scopes import scope_for
from masp.activity.enums import ReportStatus
from masp.activity.rules import warnings
from masp.models import NormSet, Site
from partners.enums import OrganisationKind
from tests.accounts.factories import UserFactory
from tests.funding.factories import EnvelopeFactory, FundingLineFactory
from tests.masp.factories import CampaignFactory, SiteFactory, filled_report
from tests.masp.staffing.factories import StaffingDeclarationFactory
from tests.partners.factories import ConventionFactory, OrganisationFactory
from tests.personas import World, grant
from workspace.actions import home_for
from workspace.actions.base import Action, of_month, ranked
from workspace.actions.coordinator import months_before

TODAY = dt.date(2026, 12, 5)
pytestmark = pytest.mark.django_db


def labels(actions: list[Action]) -> list[str]:
    return [action.label for action in actions]


def by_label(actions: list[Action], start: str) -> Action:
    return next(action for action in actions if action.label.startswith(start))


def campaigns() -> None:
    # Campaigns of 2026, default calendar. On 5 December: October's (deadline 15 Nov,
    # corrections until 30 Dec) and November's (deadline 15 Dec) still take reports;
    # September's corrections ended on 29 Nov.
    for month in range(1, 12):
        CampaignFactory(month=month)


def test_ranking_puts_the_nearest_deadline_first_and_drops_empty_actions() -> None:
    undated = Action("c", 2, "/c")
    later = Action("b", 1, "/b", due=dt.date(2026, 12, 15))
    late = Action("a", 1, "/a", due=dt.date(2026, 11, 1))
    nothing = Action("d", 0, "/d", due=dt.date(2026, 11, 2))
    got = ranked([undated, later, late, nothing], TODAY)
    assert labels(got) == ["a", "b", "c"]
    assert [action.late for action in got] == [True, False, False]


def test_the_month_is_elided_before_a_vowel() -> None:
    assert of_month(dt.date(2026, 10, 1)) == "d'octobre 2026"
    assert of_month(dt.date(2026, 4, 1)) == "d'avril 2026"
    assert of_month(dt.date(2026, 8, 1)) == "d'août 2026"
    assert of_month(dt.date(2026, 11, 1)) == "de novembre 2026"


def test_months_before_keeps_the_day_or_the_end_of_a_short_month() -> None:
    assert months_before(dt.date(2026, 12, 5), 6) == dt.date(2026, 6, 5)
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 3, 15), 6) == dt.date(2025, 9, 15)


def coordinator_world(world: World) -> None:
    """House A: November's report not started, October's returned, a draft with an alert and
    no justification (August, still editable? no: August is closed, so October's draft is
    used below), a declaration of 1 May, one convention ending on 15 January 2027 with an EMSP,
    no volunteer association (required)."""
    campaigns()
    site = world.site_a
    october = CampaignFactory(month=10)
    returned = filled_report(site, october, status=ReportStatus.RETURNED)
    returned.submitted_at = timezone.make_aware(dt.datetime(2026, 11, 10, 9))
    returned.save()
    StaffingDeclarationFactory(site=site, declared_on=dt.date(2026, 5, 1))
    emsp = OrganisationFactory(kind=OrganisationKind.EMSP)
    ConventionFactory(site=site, partner=emsp, valid_until=dt.date(2027, 1, 15))


def test_a_coordinator_sees_their_tasks_by_deadline(world: World) -> None:
    coordinator_world(world)
    home = home_for(world.users["coordinator_a"], TODAY)
    assert home.role == "coordinator"
    # Hand ranking: staffing due 1 Nov (1 May + 6 months, late), November's report due
    # 15 Dec, the returned October report correctable until 30 Dec, the convention ending
    # 15 Jan 2027 (within 90 days of 5 Dec), the missing volunteer association (no date).
    assert labels(home.actions) == [
        "Mettre à jour la déclaration d'effectifs (plus de six mois ou aucune)",
        "Transmettre le rapport d'activité de novembre 2026",
        "Corriger un rapport renvoyé ou rouvert",
        "Renouveler une convention qui expire dans les 90 jours",
        "Conclure une convention avec un partenaire exigé",
    ]
    dues = [action.due for action in home.actions]
    assert dues == [
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 15),
        dt.date(2026, 12, 30),
        dt.date(2027, 1, 15),
        None,
    ]
    assert home.actions[0].late
    assert not home.actions[1].late
    assert home.actions[0].url == reverse("masp:staffing_declare", args=[world.site_a.pk])
    assert home.actions[1].url == reverse("masp:my_reports")
    returned = by_label(home.actions, "Corriger")
    assert returned.count == 1
    assert returned.url.endswith("/modifier/")
    missing = by_label(home.actions, "Conclure")
    assert missing.count == 1
    assert "Association de bénévoles" in missing.detail or "bénévoles" in missing.detail
    # Another house's coordinator sees none of house A's tasks.
    other = home_for(world.users["coordinator_b"], TODAY)
    assert all(world.site_a.name not in action.detail for action in other.actions)


def test_an_unexplained_alert_is_a_task(world: World) -> None:
    campaigns()
    november = CampaignFactory(month=11)
    # 10 occupied bed-days for 12 places over 30 days: 2.8 % occupancy, under the 50 % alert.
    draft = filled_report(world.site_a, november, occupied_bed_days=10, justification="")
    assert "low_occupancy" in [v.code for v in warnings(draft.violations())]
    home = home_for(world.users["coordinator_a"], TODAY)
    alert = by_label(home.actions, "Justifier")
    assert (alert.count, alert.due) == (1, dt.date(2026, 12, 15))
    assert alert.url == reverse("masp:report_edit", args=[draft.pk])
    # November's report is still to transmit and goes straight to its draft; October's,
    # never started (corrections until 30 December), to the list of reports.
    november_task = by_label(home.actions, "Transmettre le rapport d'activité de novembre")
    october_task = by_label(home.actions, "Transmettre le rapport d'activité d'octobre")
    assert november_task.url == alert.url
    assert (october_task.url, october_task.due) == (
        reverse("masp:my_reports"),
        dt.date(2026, 11, 15),
    )
    draft.justification = "Ouverture progressive."
    draft.save()
    assert "Justifier les alertes d'un rapport" not in labels(
        home_for(world.users["coordinator_a"], TODAY).actions
    )


def ars_world(world: World) -> None:
    campaigns()
    october, november = CampaignFactory(month=10), CampaignFactory(month=11)
    # October's review deadline (30 Nov) has passed; November's (30 Dec) has not.
    for site, campaign in ((world.site_a, october), (world.site_b, november)):
        report = filled_report(site, campaign, status=ReportStatus.SUBMITTED)
        report.submitted_at = timezone.make_aware(dt.datetime(2026, 12, 1, 9))
        report.save()
    filled_report(world.site_c, october, status=ReportStatus.SUBMITTED)  # region 53
    EnvelopeFactory(region_id="32", year=2026, amount_notified=Decimal("2000000.00"))
    FundingLineFactory(site=world.site_a, year=2026, amount_notified=Decimal("800000.00"))


def test_an_ars_agent_sees_the_queue_of_their_region(world: World) -> None:
    ars_world(world)
    home = home_for(world.users["ars_a"], TODAY)
    assert home.role == "ars_agent"
    waiting = by_label(home.actions, "Instruire")
    # Two submitted in region 32 (house C's is region 53's); the oldest review deadline is
    # October's, 30 November: late.
    assert (waiting.count, waiting.due, waiting.late) == (2, dt.date(2026, 11, 30), True)
    assert waiting.url == reverse("masp:review_queue")
    assert by_label(home.actions, "Rapports dont").count == 1
    envelope = by_label(home.actions, "Attribuer l'enveloppe 2026")
    # 2,000,000 notified to the region, 800,000 to house A: 1,200,000 left.
    assert envelope.figure.replace("\u202f", " ").replace("\xa0", " ") == "1 200 000 €"
    assert envelope.url == reverse("funding:region", args=["32"])
    # Houses A and B are open without a declaration: neither is in a gap (not evaluable).
    assert "Maisons en écart avec le référentiel d'effectifs" not in labels(home.actions)
    # Houses A and B have no report for August and September (deadlines 15 Sep and 15 Oct),
    # B none for October either: the oldest delay, August's, comes first.
    late = by_label(home.actions, "Relancer")
    assert (late.count, late.due) == (2, dt.date(2026, 9, 15))
    assert labels(home.actions)[:2] == [late.label, waiting.label]


def test_the_national_roles_see_completeness_and_their_tasks(world: World) -> None:
    ars_world(world)
    Invitation.objects.create(
        email="nouvelle@example.org",
        role=Role.ARS_AGENT,
        region_id="32",
        invited_by=world.users["national_admin"],
        token_hash="a" * 64,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    NormSet.objects.create(name="Projet 2027", source="Projet")
    admin = home_for(world.users["national_admin"], TODAY)
    assert admin.role == "national_admin"
    assert by_label(admin.actions, "Invitations").count == 1
    assert by_label(admin.actions, "Référentiels").count == 1
    figures = admin.extra["completeness"]
    # The last campaign past its deadline on 5 Dec is October's (15 Nov): A and C submitted
    # theirs (C's has no submission date: not counted), B's is November's.
    assert figures["month"] == "octobre 2026"
    assert {name: cell.fraction for name, cell in figures["regions"]} == {
        "Hauts-de-France": "1/2",
        "Bretagne": "0/1",
    }
    analyst = home_for(world.users["analyst"], TODAY)
    assert analyst.role == "analyst"
    assert by_label(analyst.actions, "Régions dont").count == 2
    assert analyst.extra["changes"]["recorded"] is False


def more_houses(count: int) -> None:
    """`count` more open houses in each region of the world, with reports and conventions."""
    for index in range(count):
        for department in ("59", "29"):
            site = SiteFactory(name=f"Maison {department}-{index}", department_id=department)
            Site.objects.filter(pk=site.pk).update(status="open", opened_on=dt.date(2026, 3, 1))
            filled_report(site, CampaignFactory(month=10), status=ReportStatus.SUBMITTED)
            ConventionFactory(site=site, valid_until=dt.date(2027, 1, 10))


def count_queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        # sites, campaigns, reports; conventions expiring; required kinds, conventions in
        # force (conformity) = 6
        ("coordinator_a", 6),
        # With an empty cache: review totals 1; overdue 2 (campaigns, houses); staffing 8
        # (roles, norm set, its rules and their two role sets, houses, declarations, their
        # lines); houses lacking a required convention 1; conventions expiring 1; the
        # regions with what remains of their envelopes 1 = 14
        ("ars_a", 14),
        # last campaign, houses, completeness; last export, reports, declarations, openings
        ("analyst", 7),
        # last campaign, houses, completeness; norm sets; invitations = 5
        ("national_admin", 5),
    ],
)
def test_each_home_costs_the_same_with_one_and_many_houses(
    world: World, persona: str, expected: int
) -> None:
    coordinator_world(world)
    user = world.users[persona]
    scope_for(user)  # read once per request, before the page (accounts/scopes.py)
    few = count_queries(lambda: home_for(user, TODAY))
    more_houses(20)
    if persona == "coordinator_a":
        # The coordinator runs several houses too: their own count must not grow either.
        for index in range(3):
            grant(user, Role.COORDINATOR, site=SiteFactory(name=f"Autre {index}", opened=True))
        user = type(user).objects.get(pk=user.pk)
        scope_for(user)
    cache.clear()
    many = count_queries(lambda: home_for(user, TODAY))
    assert (few, many) == (expected, expected)


def test_a_user_without_a_role_is_told_how_to_get_one(client) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("masp:home"))
    assert response.status_code == 200
    assert "demandez une invitation" in response.content.decode()
