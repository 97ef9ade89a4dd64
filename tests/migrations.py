"""Data-migration tests: build rows on an earlier schema, migrate, read them back.

Such a test commits (it needs `transactional_db`), so the database is emptied after it,
the reference data the session loaded included. Request `migration_db` instead: the reference
data is there before the test and back after it, and the schema is returned to the latest
migrations even when the test fails half-way.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.apps.registry import Apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

Target = tuple[str, str]


def migrate(targets: list[Target]) -> Apps:
    """Migrate the test database to `targets` and return the historical models there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # a fresh graph sees what was just applied
    return executor.loader.project_state(targets).apps


def parent_of(target: Target) -> Target:
    """The migration just before `target` in its app (its schema is "today's schema")."""
    (parent,) = MigrationExecutor(connection).loader.graph.node_map[target].parents
    return parent.key


def latest() -> list[Target]:
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.fixture
def reference_data_back(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """Torn down after `transactional_db`'s flush when requested before it: reloads the
    reference data the other tests expect."""
    yield
    with django_db_blocker.unblock():
        call_command("load_reference_data", stdout=io.StringIO())


@pytest.fixture
def migration_db(reference_data_back: None, transactional_db: None) -> Iterator[None]:
    """A committing database with the reference data loaded, migrated back to the latest
    schema after the test whatever happens in it."""
    call_command("load_reference_data", stdout=io.StringIO())
    try:
        yield
    finally:
        migrate(latest())
