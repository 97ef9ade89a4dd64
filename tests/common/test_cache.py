"""common/cache.py: the commit token renewed at once and again at commit, once per cascading
deletion; the per-process memo kept for its seconds and its size."""

from __future__ import annotations

from typing import Any

import pytest

from common import cache as common_cache
from common.cache import CommitToken, IdentityMemo, ProcessMemo
from masp.models import StaffingDeclaration, StaffingLine
from tests.masp.factories import SiteFactory
from tests.masp.staffing.factories import StaffingDeclarationFactory, night_off_on_sunday


def test_the_memo_computes_once_per_key() -> None:
    memo: ProcessMemo[list[int]] = ProcessMemo(60, size=2)
    calls: list[str] = []

    def compute(key: str) -> Any:
        return lambda: calls.append(key) or [len(calls)]

    first = memo.get("a", compute("a"))
    assert memo.get("a", compute("a")) is first
    assert memo.get("b", compute("b")) == [2]
    assert calls == ["a", "b"]
    memo.get("c", compute("c"))  # full: every entry dropped, then "c" kept
    assert memo.get("a", compute("a")) is not first
    assert calls == ["a", "b", "c", "a"]


def test_the_memo_forgets_after_its_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(common_cache.time, "monotonic", lambda: now[0])
    memo: ProcessMemo[object] = ProcessMemo(60)
    first = memo.get("k", object)
    now[0] += 59.9
    assert memo.get("k", object) is first
    now[0] += 0.2  # 60.1 s after it was computed
    assert memo.get("k", object) is not first


@pytest.mark.django_db
def test_the_commit_token_is_renewed_again_at_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    token = CommitToken("tests:commit-token", (StaffingDeclaration,))
    before = token.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        token.renew(sender=StaffingDeclaration)
        during = token.current()
    assert during != before
    assert len(callbacks) == 1
    assert token.current() != during  # what was read before the commit is dropped


@pytest.mark.django_db
def test_a_cascading_deletion_renews_once(django_capture_on_commit_callbacks: Any) -> None:
    """A declaration deleted with its lines: renewed by the declaration's deletion only, not
    once more per line."""
    token = CommitToken("tests:cascade-token", (StaffingDeclaration, StaffingLine))
    declaration = StaffingDeclarationFactory(
        site=SiteFactory(opened=True), lines=night_off_on_sunday()
    )
    assert StaffingLine.objects.filter(declaration=declaration).count() > 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        declaration.delete()
    # Other tokens follow these models too (masp.staffing.queries.ROWS): count this one's.
    mine = [callback for callback in callbacks if callback.__self__ is token]
    assert len(mine) == 1


def test_the_identity_memo_keys_by_the_object_it_keeps() -> None:
    memo: IdentityMemo[int] = IdentityMemo(size=2)
    rows, calls = [1, 2, 3], []

    def total(source: list[int]) -> Any:
        return lambda: calls.append(1) or sum(source)

    assert memo.get(rows, total(rows), "fr") == 6
    assert memo.get(rows, total(rows), "fr") == 6
    assert memo.get(rows, total(rows), "en") == 6  # another part: its own entry
    assert len(calls) == 2
    equal = [1, 2, 3]  # equal but another object: computed for itself
    assert memo.get(equal, total(equal), "fr") == 6
    assert len(calls) == 3
    # An entry whose object died and whose id was reused is not taken for the new object.
    memo._entries[(id(equal), "de")] = ([9], 99)
    assert memo.get(equal, total(equal), "de") == 6
