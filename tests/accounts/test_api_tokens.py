from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from accounts.models import ApiToken, hash_secret
from accounts.services import api_token_create, api_token_revoke
from tests.masp.factories import SiteFactory
from tests.personas import World

pytestmark = pytest.mark.django_db


def token_client(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_create_api_token_command_prints_the_key_alone_on_the_last_line(world: World) -> None:
    out = io.StringIO()
    call_command("create_api_token", "analyst@example.org", "--name", "R", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert len(key) == 40
    token = ApiToken.objects.get(key_hash=hash_secret(key))
    assert token.name == "R"
    assert key not in token.key_hash  # stored hashed
    response = token_client(key).get(reverse("api-me"))
    assert response.status_code == 200
    assert response.json() == {
        "email": "analyst@example.org",
        "is_staff": False,
        "is_superuser": False,
        "memberships": [{"role": "analyst", "region": None, "site": None}],
    }


def test_create_api_token_unknown_user() -> None:
    with pytest.raises(CommandError, match="Aucun utilisateur"):
        call_command("create_api_token", "nobody@example.org", stdout=io.StringIO())


def test_revoked_token_is_refused(world: World) -> None:
    token, key = api_token_create(user=world.users["ars_a"], name="script")
    assert token_client(key).get(reverse("api-site-list")).status_code == 200
    api_token_revoke(token=token, by=world.users["ars_a"])
    response = token_client(key).get(reverse("api-site-list"))
    assert response.status_code == 401
    assert "révoqué" in response.json()["detail"]
    assert token_client("not-a-key").get(reverse("api-site-list")).status_code == 401


def test_tokens_from_the_account_page(world: World) -> None:
    client = world.client("coordinator_a")
    response = client.post(reverse("accounts:token_create"), {"name": "mon script"}, follow=True)
    key = response.context["new_key"]
    assert key in response.content.decode()
    # Shown once only.
    assert key not in client.get(reverse("accounts:account")).content.decode()
    token = ApiToken.objects.get(name="mon script")
    assert token_client(key).get(reverse("api-me")).status_code == 200
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert token_client(key).get(reverse("api-me")).status_code == 401
    # Someone else's token cannot be revoked (404).
    other, _key = api_token_create(user=world.users["coordinator_b"], name="b")
    assert client.post(reverse("accounts:token_revoke", args=[other.pk])).status_code == 404


def test_empty_token_name_is_explained(world: World) -> None:
    client = world.client("coordinator_a")
    response = client.post(reverse("accounts:token_create"), {"name": ""}, follow=True)
    assert "Donnez un nom au jeton" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_site_api_is_scoped_and_filtered(world: World) -> None:
    _token, key = api_token_create(user=world.users["ars_a"], name="t")
    data = token_client(key).get(reverse("api-site-list")).json()
    assert {row["name"] for row in data["results"]} == {"Maison A", "Maison B"}
    assert data["results"][0]["region"] == "32"
    analyst = world.client("analyst")
    data = analyst.get(reverse("api-site-list"), {"region": "53"}).json()
    assert [row["name"] for row in data["results"]] == ["Maison C"]
    response = analyst.get(reverse("api-site-list"), {"status": "bogus"})
    assert response.status_code == 400
    detail = token_client(key).get(reverse("api-site-detail", args=[world.site_c.pk]))
    assert detail.status_code == 404


@pytest.mark.parametrize("extra", [0, 60])
def test_site_api_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, extra: int
) -> None:
    SiteFactory.create_batch(extra)
    _token, key = api_token_create(user=world.users["analyst"], name="t")
    client = token_client(key)
    # token + user, last-use update, scope, count, page, and the request savepoint pair
    with django_assert_num_queries(7):
        response = client.get(reverse("api-site-list"))
    assert response.json()["count"] == 3 + extra
