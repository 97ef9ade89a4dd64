"""Cached values that follow the data: a handler run on every save or delete of some models,
and version tokens renewed by it (cache keys that include the token go stale at once).

With a shared cache (Redis, CACHE_URL) every process sees a change at once; with the default
per-process cache, another process sees it when its own entries expire."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import models
from django.db.models.signals import post_delete, post_save


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
