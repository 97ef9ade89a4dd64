"""The small version of the benchmark (docs/performance.md): each measured page runs the same
number of queries at 10 and at 50 houses. Timings never gate the suite; query counts do."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from bench.pages import pages
from masp.models import ActivityReport, Site

# The floor page (`_floor/`) is one of the measured pages.
pytestmark = [pytest.mark.bench, pytest.mark.django_db, pytest.mark.usefixtures("bench_floor")]
MONTHS = 4


def query_counts(sites: int) -> dict[str, int]:
    """Seed `sites` houses in a savepoint, count each page's queries, roll back."""
    counts = {}
    with transaction.atomic():
        call_command("seed_bench", sites=sites, months=MONTHS, force=True, stdout=io.StringIO())
        assert Site.objects.count() == sites
        assert ActivityReport.objects.count() > sites * (MONTHS - 1)
        for label, email, path in pages():
            cache.clear()
            client = Client()
            client.force_login(User.objects.get(email=email))
            client.get(path)  # warm caches that a first visit fills
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, label
            counts[label] = len(queries)
        transaction.set_rollback(True)
    return counts


def test_query_counts_do_not_grow_with_the_houses() -> None:
    small, large = query_counts(10), query_counts(50)
    assert small == large


def test_seed_bench_refuses_a_second_load() -> None:
    call_command("seed_bench", sites=3, months=2, force=True, stdout=io.StringIO())
    with pytest.raises(Exception, match="déjà"):
        call_command("seed_bench", sites=3, months=2, force=True, stdout=io.StringIO())
