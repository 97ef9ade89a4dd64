"""The cached reference data of the funding pages (funding/cache.py): a change saved through
the models shows up on the next request, including a change committed by another
transaction and a change of a staffing rule's roles."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from funding import cache
from funding.models import IndicatorAxis, ReferenceCost, ResidentDailyFee
from masp.models import NormRule, StaffRole
from masp.staffing.queries import Context
from tests.funding.factories import FundingLineFactory
from tests.personas import World

pytestmark = pytest.mark.django_db
D = Decimal


def site_page(world: World) -> str:
    url = reverse("funding:site", args=[world.site_a.pk]) + "?year=2026"
    return world.client("analyst").get(url).content.decode()


def test_a_new_reference_cost_shows_on_the_next_request(world: World) -> None:
    FundingLineFactory(site=world.site_a, amount_notified=D("833333.33"))
    # Opened 1 March 2026: 1,000,000 × 306 / 365 = 838,356.16.
    assert "838\u202f356,16\u202f€" in site_page(world)
    reference = ReferenceCost.objects.get(year=2024)
    reference.annual_cost = D("1200000.00")
    reference.save()
    # 1,200,000 × 306 / 365 = 1,006,027.40 (exact 1,006,027.397…).
    content = site_page(world)
    assert "1\u202f006\u202f027,40\u202f€" in content
    assert "838\u202f356,16\u202f€" not in content


def test_a_new_daily_fee_and_a_scheme_change_show_on_the_next_request(world: World) -> None:
    content = site_page(world)
    assert "Forfait journalier de 20,00\u202f€" in content
    fee = ResidentDailyFee.objects.get()
    fee.amount = D("22.50")
    fee.save()
    axis = IndicatorAxis.objects.filter(scheme__year=2026).order_by("axis").first()
    assert axis is not None
    axis.amount = D("12345.00")
    axis.save()
    content = site_page(world)
    assert "Forfait journalier de 22,50\u202f€" in content
    assert "12\u202f345,00\u202f€" in content


def test_a_deleted_reference_cost_shows_on_the_next_request(world: World) -> None:
    assert "838\u202f356,16\u202f€" in site_page(world)
    ReferenceCost.objects.get(year=2024).delete()
    assert "838\u202f356,16\u202f€" not in site_page(world)


def test_the_token_is_renewed_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reference = ReferenceCost.objects.get(year=2024)
        reference.source_note = "Changé"
        reference.save()
        during = cache.REFERENCE.current()
    assert callbacks  # renewed at once and at commit: what was read in between is dropped
    assert cache.REFERENCE.current() != during


def test_the_staffing_norms_follow_the_rules_and_their_roles(world: World) -> None:
    """The staffing indicator evaluates against `Context.cached()`: a rule's roles changed
    (a many-to-many change, no save of the rule) or a role renamed is read again."""
    first = Context.cached()
    assert Context.cached() is first  # read once
    rule = NormRule.objects.first()
    assert rule is not None  # the reference data holds the norm sets
    role = StaffRole.objects.exclude(pk__in=rule.roles.all()).first()
    assert role is not None
    rule.roles.add(role)  # a many-to-many change: no save of the rule
    second = Context.cached()
    assert second is not first
    assert second.norm_data is not None
    codes = {code for data in second.norm_data.rules for code in data.roles}
    assert role.code in codes
    role.label = "Fonction renommée"
    role.save()
    assert Context.cached() is not second
