"""The report form (issue 25): pre-filled figures, one error summary linking to each field,
aria attributes on the fields in error, warnings beside the justification box, the national
figures only on a version-2 campaign, and the live-balance script under the CSP nonce."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from masp.activity.fields import NATIONAL_NAMES
from masp.models import ActivityReport
from tests.masp.activity.figures import QUIET_MONTH
from tests.masp.factories import CampaignFactory, ReportFactory, filled_report
from tests.personas import World

pytestmark = pytest.mark.django_db


def form_data(report: ActivityReport, **changes: Any) -> dict[str, Any]:
    values = {name: getattr(report, name) for name in report.field_names}
    values.update(justification=report.justification, **changes)
    data = {key: "" if value is None else value for key, value in values.items()}
    data.setdefault("version", report.version)
    return data


def edit(world: World, report: ActivityReport, data: dict[str, Any] | None = None) -> str:
    url = reverse("masp:report_edit", args=[report.pk])
    client = world.client("coordinator_a")
    response = client.post(url, data, follow=True) if data is not None else client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def value_of(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, name
    found = re.search(r'value="([^"]*)"', match.group(0))
    return found.group(1) if found else ""


def test_a_new_report_is_prefilled_from_the_house_and_the_previous_report(world: World) -> None:
    # Site A opened on 1 March 2026 with 12 places; February's report ended with 7 residents.
    filled_report(world.site_a, campaign=CampaignFactory(month=2), residents_end=7)
    april = ReportFactory(site=world.site_a, campaign=CampaignFactory(month=4))
    page = edit(world, april)
    assert value_of(page, "places_installed") == "12"
    assert value_of(page, "days_open") == "30"  # April: 30 days, open all month
    assert value_of(page, "residents_start") == "7"
    assert value_of(page, "admissions") == ""  # unknown: left for the coordinator
    assert value_of(page, "place_days") == ""  # only when the places changed


def test_a_figure_already_typed_is_never_overwritten_by_the_prefill(world: World) -> None:
    report = ReportFactory(site=world.site_a, campaign=CampaignFactory(month=4), days_open=12)
    assert value_of(edit(world, report), "days_open") == "12"


def test_errors_make_one_summary_linking_to_each_field_with_aria(world: World) -> None:
    report = filled_report(world.site_a)
    page = edit(world, report, form_data(report, residents_end=40, save="1"))
    # One error banner: the summary (no flash message repeating it).
    assert page.count("fr-alert--error") == 1
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_residents_end"' in summary
    assert "Les résidents en fin de période devraient être" in summary
    field = re.search(r'<input[^>]*name="residents_end"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_residents_end_helptext id_residents_end_messages"' in field
    assert 'id="id_residents_end_messages"' in page
    # A field without a problem is described by its definition only, and not invalid.
    calm = re.search(r'<input[^>]*name="deaths"[^>]*>', page).group(0)
    assert "aria-invalid" not in calm
    assert 'aria-describedby="id_deaths_helptext"' in calm


def test_a_refused_submission_is_the_summary_itself(world: World) -> None:
    report = filled_report(world.site_a)
    page = edit(world, report, form_data(report, days_open=40, submit="1"))
    assert page.count("fr-alert--error") == 1
    assert "corrigez-les avant de le transmettre" in page
    assert 'href="#id_days_open"' in page


def test_a_warning_is_a_warning_beside_its_justification_box(world: World) -> None:
    report = filled_report(world.site_a, **QUIET_MONTH, justification="")
    page = edit(world, report)
    assert "fr-alert--error" not in page
    block = page.split('id="warnings"', 1)[1]
    warning = block.split('name="justification"', 1)[0]
    assert "fr-alert--warning" in warning
    assert "1 alerte à justifier" in warning
    assert "Taux d&#x27;occupation de" in warning
    # The justification box comes right after the warning, before the first figure.
    assert page.index('name="justification"') < page.index('name="places_installed"')
    assert 'href="#id_justification"' in page  # the message under the figure links to it


def test_version_2_shows_the_national_figures_version_1_does_not(world: World) -> None:
    current = filled_report(world.site_a)
    page = edit(world, current)
    assert all(f'name="{name}"' in page for name in NATIONAL_NAMES)
    assert "Évaluation nationale" in page
    older = filled_report(
        world.site_a,
        campaign=CampaignFactory(month=4, form_version=1),
        **dict.fromkeys(NATIONAL_NAMES),
    )
    page = edit(world, older)
    assert not any(f'name="{name}"' in page for name in NATIONAL_NAMES)
    # Saving the version-1 form keeps it version 1, its national figures empty.
    edit(world, older, form_data(older, highlights="Un mois calme.", save="1"))
    older.refresh_from_db()
    assert older.highlights == "Un mois calme."
    assert all(getattr(older, name) is None for name in NATIONAL_NAMES)


def test_the_live_balances_and_their_script_under_the_csp_nonce(world: World) -> None:
    report = filled_report(world.site_a)
    response = world.client("coordinator_a").get(reverse("masp:report_edit", args=[report.pk]))
    page = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'src="/static/js/report_form.js" nonce="{nonce}"' in page
    for key in ("residents", "origin", "age", "condition", "stay_type"):
        assert f'data-balance="{key}"' in page
    assert 'data-target="residents_end" data-plus="residents_start admissions"' in page


def test_the_export_leaves_the_national_columns_empty_for_a_version_1_report(
    world: World,
) -> None:
    import csv
    import io

    older = filled_report(
        world.site_a,
        campaign=CampaignFactory(month=4, form_version=1),
        status="validated",
        **dict.fromkeys(NATIONAL_NAMES),
    )
    current = filled_report(world.site_a, status="validated")
    response = world.client("national_admin").get(
        reverse("api-export", args=["activity-reports", "csv"]), {"status": "all"}
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = {int(r["report_id"]): r for r in csv.DictReader(io.StringIO(body.decode()))}
    assert rows[older.pk]["form_version"] == "1"
    assert all(rows[older.pk][name] == "" for name in NATIONAL_NAMES)
    assert rows[current.pk]["form_version"] == "2"
    assert rows[current.pk]["distinct_residents"] == str(current.distinct_residents)
