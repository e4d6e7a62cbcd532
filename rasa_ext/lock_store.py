"""Conversation lock store chosen by the environment.

One Rasa server: locks in memory (no setting needed). Several Rasa servers behind a
load balancer: set ``REDIS_URL`` (``redis://[:password@]host:6379/1``; ``rediss://``
for TLS) and every instance takes the per-conversation lock in the same Redis, so two
messages of one patient are never processed at the same time by different instances.
"""

from __future__ import annotations

import os
from typing import Any, Optional
from urllib.parse import urlsplit

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore


def lock_store_from_url(url: Optional[str]) -> LockStore:
    """A RedisLockStore for ``url``, or an in-memory store when no URL is given."""
    if not url:
        return InMemoryLockStore()
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise ValueError(f"REDIS_URL must start with redis:// or rediss://, got {url!r}")
    db = int(parts.path.lstrip("/") or 1)
    return RedisLockStore(
        host=parts.hostname or "localhost", port=parts.port or 6379, db=db,
        password=parts.password, use_ssl=parts.scheme == "rediss",
        key_prefix=os.environ.get("REDIS_KEY_PREFIX", "baclofen"),
    )


class EnvLockStore:
    """``lock_store: type: rasa_ext.lock_store.EnvLockStore`` in endpoints.yml."""

    def __new__(cls, endpoint_config: Any = None, **_: Any) -> LockStore:  # type: ignore[misc]
        return lock_store_from_url(os.environ.get("REDIS_URL"))
