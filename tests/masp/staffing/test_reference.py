"""Staffing reference data (roles, both norm sets), the norm-set admin guard, demo data."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from masp.models import NormSet, Site, StaffRole
from masp.staffing import engine
from masp.staffing import queries as staffing_queries
from masp.staffing.enums import RuleKind
from masp.staffing.reference import CDC_2025, STUDY_2024

pytestmark = pytest.mark.django_db


def load() -> None:
    call_command("load_reference_data", stdout=io.StringIO())


def test_catalogue_and_both_norm_sets_are_loaded() -> None:
    assert StaffRole.objects.count() == 10
    assert not StaffRole.objects.get(code="benevole").counts_in_fte
    cdc = NormSet.objects.get(name=CDC_2025["name"])
    study = NormSet.objects.get(name=STUDY_2024["name"])
    assert set(cdc.rules.values_list("kind", flat=True)) == {
        RuleKind.PRESENCE, RuleKind.FTE, RuleKind.PAIR,
    }  # fmt: skip
    fte = {
        "+".join(sorted(role.code for role in rule.roles.all())): rule.min_fte
        for rule in study.rules.prefetch_related("roles")
    }
    assert fte == {
        "medecin_coordonnateur": D("0.2"),
        "infirmier+infirmier_coordinateur": D(2),
        "aide_soignant": D("5.4"),
        "aes_av": D("2.7"),
        "assistant_social": D("0.5"),
        "psychologue": D(1),
    }
    assert set(study.rules.values_list("capacity_min", "capacity_max")) == {(12, 15)}
    assert NormSet.objects.default(dt.date(2026, 11, 1)) == cdc
    assert NormSet.objects.default(dt.date(2025, 1, 1)) == study


def test_reloading_keeps_edits_and_never_rewrites_a_set() -> None:
    StaffRole.objects.filter(code="infirmier").update(annual_cost_per_fte=60000)
    study = NormSet.objects.get(name=STUDY_2024["name"])
    study.rules.filter(roles__code="infirmier").update(min_fte=3)
    load()
    assert StaffRole.objects.get(code="infirmier").annual_cost_per_fte == 60000
    assert study.rules.get(roles__code="infirmier").min_fte == 3
    assert NormSet.objects.count() == 2
    assert study.rules.count() == 6


def test_the_engine_adapter_reads_the_loaded_sets() -> None:
    context = staffing_queries.Context.load(NormSet.objects.with_rules().get(name=CDC_2025["name"]))
    assert context.norm_data is not None
    pair = next(rule for rule in context.norm_data.rules if rule.kind == RuleKind.PAIR)
    assert isinstance(pair, engine.PairRule)
    assert (pair.roles, pair.partners) == (
        ("medecin_coordonnateur",),
        ("infirmier", "infirmier_coordinateur"),
    )
    assert context.evaluate(None, 12).status == "not_evaluable"


def test_a_set_in_force_is_read_only_in_the_admin(superuser_client: Client) -> None:
    cdc = NormSet.objects.get(name=CDC_2025["name"])
    url = reverse("admin:masp_normset_change", args=[cdc.pk])
    page = superuser_client.get(url)
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()
    assert 'name="effective_to"' in page.content.decode()
    superuser_client.post(url, {"name": "Autre", "source": "x", "effective_to": "2027-12-31",
                                "rules-TOTAL_FORMS": "0", "rules-INITIAL_FORMS": "0"})  # fmt: skip
    cdc.refresh_from_db()
    assert cdc.name == CDC_2025["name"]
    assert cdc.rules.count() == 5
    delete = reverse("admin:masp_normset_delete", args=[cdc.pk])
    assert superuser_client.get(delete).status_code == 403


def test_copy_as_a_new_version_gives_an_editable_draft(superuser_client: Client) -> None:
    cdc = NormSet.objects.get(name=CDC_2025["name"])
    response = superuser_client.post(
        reverse("admin:masp_normset_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [cdc.pk]},
        follow=True,
    )
    assert "1 brouillon créé" in response.content.decode()
    draft = NormSet.objects.get(name=cdc.name, version=2)
    assert (draft.effective_from, draft.is_locked) == (None, False)
    assert draft.rules.count() == 5
    pair = draft.rules.get(kind=RuleKind.PAIR, label__startswith="Binôme")
    assert (pair.roles.count(), pair.partner_roles.count()) == (1, 2)
    assert (draft.night_hours, draft.hours_per_fte) == (cdc.night_hours, cdc.hours_per_fte)
    page = superuser_client.get(reverse("admin:masp_normset_change", args=[draft.pk]))
    assert 'name="name"' in page.content.decode()
    assert cdc.rules.count() == 5  # the original is untouched
    for name in ["masp_staffrole_changelist", "masp_staffingdeclaration_changelist"]:
        assert superuser_client.get(reverse(f"admin:{name}")).status_code == 200


def test_seed_demo_gives_compliant_and_non_compliant_houses() -> None:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    call_command("seed_demo", "--force", stdout=io.StringIO())
    context = staffing_queries.Context.load()
    rows = staffing_queries.house_rows(
        Site.objects.filter(staffing_declarations__isnull=False).distinct(), context
    )
    statuses = [row.status for row in rows]
    assert len(rows) >= 10
    assert statuses.count("compliant") >= 4
    assert statuses.count("gap") >= 4
    assert statuses.count("warning") >= 2  # grids their FTE cannot staff
    # Every demo house (8 to 20 places) is evaluable against the 2024 model too.
    study = staffing_queries.Context.load(NormSet.objects.with_rules().get(name=STUDY_2024["name"]))
    assert all(
        study.evaluate(row.declaration, row.site.capacity).status != "not_evaluable" for row in rows
    )
    assert all(row.site.staffing_declarations.count() == 2 for row in rows)
