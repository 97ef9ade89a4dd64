"""Breadcrumbs below the house hub: Accueil > <Maison> > [parent] > <Page>, DSFR component."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.urls import reverse

from masp.activity.enums import ReportStatus
from tests.masp.factories import CampaignFactory, filled_report
from tests.personas import World

pytestmark = pytest.mark.django_db


def crumbs(page: str) -> list[tuple[str, str]]:
    """(href or "current", text) of each item of the page's DSFR breadcrumb."""
    assert page.count('class="fr-breadcrumb"') == 1
    block = page[page.index('class="fr-breadcrumb__list"') :]
    block = block[: block.index("</ol>")]
    items = re.findall(
        r'<a class="fr-breadcrumb__link"( href="[^"]*"| aria-current="page")>([^<]*)</a>', block
    )
    return [
        (
            attr.strip()[6:-1] if attr.strip().startswith("href") else "current",
            htmllib.unescape(text),
        )
        for attr, text in items
    ]


def check(world: World, persona: str, url: str, *middle: tuple[str, str], current: str) -> None:
    response = world.client(persona).get(url)
    assert response.status_code == 200, url
    site = world.site_a
    expected = [("/", "Accueil"), (reverse("masp:site_detail", args=[site.pk]), site.name)]
    assert crumbs(response.content.decode()) == [*expected, *middle, ("current", current)]


def test_report_pages(world: World) -> None:
    campaign = CampaignFactory(month=10)
    draft = filled_report(site=world.site_a, campaign=campaign)
    label = f"Rapport {campaign.label}"
    detail = reverse("masp:report_detail", args=[draft.pk])
    check(world, "coordinator_a", detail, current=label)
    check(
        world,
        "coordinator_a",
        reverse("masp:report_edit", args=[draft.pk]),
        (detail, label),
        current="Saisie",
    )
    check(
        world,
        "coordinator_a",
        reverse("masp:report_history", args=[draft.pk]),
        (detail, label),
        current="Historique",
    )
    submitted = filled_report(
        site=world.site_a, campaign=CampaignFactory(month=9), status=ReportStatus.SUBMITTED
    )
    response = world.client("ars_a").get(reverse("masp:report_detail", args=[submitted.pk]))
    assert crumbs(response.content.decode())[1][1] == "Maison A"


def test_staffing_pages(world: World) -> None:
    pk = world.site_a.pk
    staffing = reverse("masp:staffing_detail", args=[pk])
    check(world, "coordinator_a", staffing, current="Effectifs")
    check(
        world,
        "coordinator_a",
        reverse("masp:staffing_declare", args=[pk]),
        (staffing, "Effectifs"),
        current="Déclarer",
    )
    check(
        world,
        "coordinator_a",
        reverse("masp:staffing_history", args=[pk]),
        (staffing, "Effectifs"),
        current="Historique",
    )


def test_partners_and_conventions(world: World) -> None:
    pk = world.site_a.pk
    partners = reverse("partners:site_partners", args=[pk])
    check(world, "coordinator_a", partners, current="Partenaires et conventions")
    response = world.client("coordinator_a").get(reverse("partners:convention_create", args=[pk]))
    found = crumbs(response.content.decode())
    assert found[:3] == [
        ("/", "Accueil"),
        (reverse("masp:site_detail", args=[pk]), "Maison A"),
        (partners, "Partenaires et conventions"),
    ]
    assert found[3][0] == "current"


def test_funding_pages(world: World) -> None:
    pk = world.site_a.pk
    check(world, "ars_a", reverse("funding:site", args=[pk]), current="Financement")
    response = world.client("ars_a").get(reverse("funding:line_create", args=[pk]))
    found = crumbs(response.content.decode())
    assert found[2] == (reverse("funding:site", args=[pk]), "Financement")
    assert found[3] == ("current", "Nouvelle ligne de financement")
