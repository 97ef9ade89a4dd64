"""Version tokens and change handlers (common.cache)."""

from __future__ import annotations

import pytest

from masp.activity.cache import TOKEN
from tests.masp.factories import SiteFactory

pytestmark = pytest.mark.django_db


def test_a_token_is_stable_until_a_watched_model_is_saved_or_deleted() -> None:
    first = TOKEN.current()
    assert TOKEN.current() == first
    site = SiteFactory()
    saved = TOKEN.current()
    assert saved != first
    site.delete()
    assert TOKEN.current() not in (first, saved)
