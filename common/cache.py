"""Cached values that follow the data: a handler run on every save or delete of some models,
and version tokens renewed by it (cache keys that include the token go stale at once).

With a shared cache (Redis, CACHE_URL) every process sees a change at once; with the default
per-process cache, another process sees it when its own entries expire."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")


def on_change(
    handler: Callable[..., None], senders: Iterable[type[models.Model]], uid: str
) -> None:
    """Run `handler(sender=..., **kwargs)` after every save and every delete of `senders`."""
    for sender in senders:
        post_save.connect(handler, sender=sender, dispatch_uid=f"{uid}-save-{sender.__name__}")
        post_delete.connect(handler, sender=sender, dispatch_uid=f"{uid}-delete-{sender.__name__}")


class VersionToken:
    """A random token kept in the cache under `key`, renewed by every change of `senders`.
    Random rather than a counter restarting at 0: entries keyed by an evicted version must
    not come back."""

    def __init__(self, key: str, senders: Iterable[type[models.Model]]) -> None:
        self.key = key
        on_change(self.renew, senders, uid=key)

    def current(self) -> str:
        token = cache.get(self.key)
        if token is None:
            token = uuid.uuid4().hex
            cache.set(self.key, token, None)
        return token

    def renew(self, sender: type | None = None, **kwargs: Any) -> None:
        cache.set(self.key, uuid.uuid4().hex, None)


def deletion_origin(kwargs: dict[str, Any]) -> Any:
    """The model a deletion started from (`post_delete`'s origin: an instance or a queryset),
    None for a save."""
    origin = kwargs.get("origin")
    return origin.model if isinstance(origin, QuerySet) else type(origin) if origin else None


class CommitToken(VersionToken):
    """A version token renewed at once and again when the transaction commits: a request that
    reads the token between the two (before the commit, so without the change) keeps what it
    read under a token that is gone after the commit. A deletion cascading from another of its
    models renews it once, by the deletion it started from."""

    def __init__(self, key: str, senders: Iterable[type[models.Model]]) -> None:
        self.senders = frozenset(senders)
        super().__init__(key, self.senders)

    def renew(self, sender: type | None = None, **kwargs: Any) -> None:
        origin = deletion_origin(kwargs)
        if origin is not None and origin is not sender and origin in self.senders:
            return
        super().renew()
        transaction.on_commit(super().renew)


class _Entries(Generic[T]):
    """At most `size` entries, each a value with what says whether it still holds (a time,
    an object); all dropped when full."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._entries: dict[Hashable, tuple[Any, T]] = {}
        self._lock = threading.Lock()

    def _keep(self, key: Hashable, check: Any, value: T) -> T:
        with self._lock:
            if len(self._entries) >= self.size:
                self._entries.clear()
            self._entries[key] = (check, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class ProcessMemo(_Entries[T]):
    """Values this process computed, by key (which names what they were computed from: a
    version token, the day...), kept for at most `seconds` (for a change no token follows, or
    made by another process when the cache is not shared) and at most `size` keys (all dropped
    when full). The values are shared between requests: callers read them, never change them."""

    def __init__(self, seconds: float, size: int = 64) -> None:
        super().__init__(size)
        self.seconds = seconds

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        now = time.monotonic()
        found = self._entries.get(key)
        if found is not None and now - found[0] < self.seconds:
            return found[1]
        return self._keep(key, now, compute())


class IdentityMemo(_Entries[T]):
    """Values computed from a shared object that is never changed (the rows a `ProcessMemo`
    keeps, a verdict), by that object's identity and the other parts of the key (the
    language...). The object is kept with its value: an id names an object only while it
    lives. At most `size` keys (all dropped when full)."""

    def get(self, source: object, compute: Callable[[], T], *parts: Hashable) -> T:
        key = (id(source), *parts)
        found = self._entries.get(key)
        if found is not None and found[0] is source:
            return found[1]
        return self._keep(key, source, compute())
