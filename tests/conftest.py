"""Shared fixtures: reference territories are loaded once per test database."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from tests.accounts.factories import UserFactory
from tests.migrations import migration_db, reference_data_back  # noqa: F401 (shared fixtures)
from tests.personas import World, build_world


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("load_reference_data", stdout=io.StringIO())
    return


@pytest.fixture
def superuser(db: None) -> User:
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(client: Client, superuser: User) -> Client:
    client.force_login(superuser)
    return client


@pytest.fixture
def world(db: None) -> World:
    """Three houses and the seven personas (see tests/personas.py)."""
    return build_world()


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    # Cached values (coverage indicators...) must not outlive the test that rolled its rows back.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def live_world(transactional_db: None) -> World:
    """The personas for tests that commit (threads, live server, worker processes): such a
    test empties the database after itself, reference data included, so it is reloaded."""
    from territories.models import Region

    if not Region.objects.exists():
        call_command("load_reference_data", stdout=io.StringIO())
    return build_world()
