"""The benchmarks' floor page exists only where the bench settings mount it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.accounts.factories import UserFactory
from tests.bench.conftest import floor_mounted
from tests.personas import PERSONAS, World

pytestmark = pytest.mark.django_db


def test_the_floor_is_not_mounted_by_default(client: Client) -> None:
    assert settings.MASP_BENCH_FLOOR is False
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")
    client.force_login(UserFactory())
    assert client.get("/_floor/").status_code == 404


def test_the_floor_is_served_when_the_bench_asks_for_it(world: World) -> None:
    with floor_mounted():
        assert reverse("bench_floor") == "/_floor/"
        got = {persona: world.client(persona).get("/_floor/").status_code for persona in PERSONAS}
    assert got == {persona: 302 if persona == "anonymous" else 200 for persona in PERSONAS}
    # Unmounted again once the bench settings are gone.
    assert world.client("analyst").get("/_floor/").status_code == 404


def test_the_bench_runner_mounts_the_floor() -> None:
    from bench.run import LOAD_TARGETS, environment

    assert environment("postgres://bench/masp")["MASP_BENCH_FLOOR"] == "True"
    assert LOAD_TARGETS["floor"] == "/_floor/"
