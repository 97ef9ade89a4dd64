from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from masp.sites.enums import SiteStatus
from tests.accounts.factories import UserFactory
from tests.masp.factories import SiteFactory

pytestmark = pytest.mark.django_db


def test_home_is_public_and_shows_the_experimentation(client: Client) -> None:
    SiteFactory(opened=True, capacity=14)
    response = client.get(reverse("masp:home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Fiche de l'expérimentation" in content
    assert "Bretagne" in content  # participating regions
    assert reverse("account_login") in content


def test_house_list_requires_login(client: Client) -> None:
    response = client.get(reverse("masp:site_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_house_list_shows_houses_and_filters(superuser_client: Client) -> None:
    SiteFactory(name="Maison du Nord", opened=True)
    SiteFactory(name="Maison de Bretagne", department_id="29", finess_et="290000011")
    response = superuser_client.get(reverse("masp:site_list"))
    assert response.status_code == 200
    assert "Maison du Nord" in response.content.decode()
    response = superuser_client.get(reverse("masp:site_list"), {"region": "53"})
    content = response.content.decode()
    assert "Maison de Bretagne" in content
    assert "Maison du Nord" not in content
    response = superuser_client.get(reverse("masp:site_list"), {"status": SiteStatus.OPEN})
    assert list(response.context["sites"]) == [
        SiteFactory._meta.model.objects.get(name="Maison du Nord")
    ]


def test_house_list_empty_state_and_bad_filter(superuser_client: Client) -> None:
    response = superuser_client.get(reverse("masp:site_list"), {"region": "zz", "q": "x"})
    assert response.status_code == 200
    assert "Aucune maison" in response.content.decode()


@pytest.mark.parametrize("count", [3, 40])
def test_house_list_query_count_is_constant(
    superuser_client: Client, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    SiteFactory.create_batch(count)
    # session, user, scope, count (in a savepoint), regions and départements of the form, page
    with django_assert_num_queries(9):
        response = superuser_client.get(reverse("masp:site_list"))
    assert response.context["paginator"].count == count


def test_house_detail(superuser_client: Client) -> None:
    site = SiteFactory(capacity=6)
    response = superuser_client.get(site.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert site.finess_et in content
    assert "le cahier des charges prévoit 8 à 20 places" in content


def test_house_detail_unknown_is_404(superuser_client: Client) -> None:
    assert superuser_client.get(reverse("masp:site_detail", args=[999999])).status_code == 404


def test_house_detail_anonymous_redirects(client: Client) -> None:
    site = SiteFactory()
    assert client.get(site.get_absolute_url()).status_code == 302


def test_user_without_scope_sees_nothing(client: Client) -> None:
    site = SiteFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("masp:site_list")).context["paginator"].count == 0
    assert client.get(site.get_absolute_url()).status_code == 404


def test_admin_pages(superuser_client: Client) -> None:
    site = SiteFactory()
    for name in [
        "masp_site_changelist",
        "territories_department_changelist",
        "territories_region_changelist",
    ]:
        assert superuser_client.get(reverse(f"admin:{name}")).status_code == 200
    assert (
        superuser_client.get(reverse("admin:masp_site_change", args=[site.pk])).status_code == 200
    )


def test_house_list_rows_are_escaped_and_coloured_by_status(superuser_client: Client) -> None:
    """The rows are written in Python (masp/sites/views.py): every value escaped, the link and
    the status badge as the template wrote them."""
    odd = SiteFactory(name='Maison <b>"Les Tilleuls"</b> & Cie', opened=True)
    closed = SiteFactory(name="Maison fermée", status=SiteStatus.CLOSED)
    planned = SiteFactory(name="Maison en projet", status=SiteStatus.PROJECT)
    content = superuser_client.get(reverse("masp:site_list")).content.decode()
    assert "<b>" not in content.split("<tbody>")[1]
    assert (
        f'<a href="{odd.get_absolute_url()}">Maison &lt;b&gt;&quot;Les Tilleuls&quot;&lt;/b&gt; '
        "&amp; Cie</a>"
    ) in content
    for site, badge, label in (
        (odd, "fr-badge--success", "ouverte"),
        (closed, "fr-badge--warning", "fermée"),
        (planned, "fr-badge--info", "en projet"),
    ):
        row = content.split(site.get_absolute_url())[1].split("</tr>")[0]
        assert f"{site.department.name} ({site.department.code})" in row
        assert site.department.region.name in row
        assert f"<td>{site.capacity}</td>" in row
        assert f'<p class="fr-badge fr-badge--sm {badge} fr-badge--no-icon">{label}</p>' in row
