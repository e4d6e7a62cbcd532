"""One SQLAlchemy engine per database URL per process (engines own connection pools)."""

from __future__ import annotations

import os
from typing import Any, Dict

import sqlalchemy as sa
from sqlalchemy.engine import Engine

DEFAULT_TRACKER_DB_URL = "sqlite:///var/tracker.db"

_ENGINES: Dict[str, Engine] = {}


def tracker_db_url() -> str:
    """Where Rasa keeps conversations (``TRACKER_DB_URL``)."""
    return os.environ.get("TRACKER_DB_URL") or DEFAULT_TRACKER_DB_URL


def console_db_url() -> str:
    """Where the console keeps its own tables (``CONSOLE_DB_URL``, default: the tracker's)."""
    return os.environ.get("CONSOLE_DB_URL") or tracker_db_url()


def ensure_sqlite_dir(url: str) -> None:
    """Create the directory of a SQLite file URL (``sqlite:///var/tracker.db``)."""
    try:
        parsed = sa.engine.make_url(url)
    except Exception:  # noqa: BLE001 - let SQLAlchemy report a bad URL later
        return
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        directory = os.path.dirname(parsed.database)
        if directory:
            os.makedirs(directory, exist_ok=True)


def make_engine(url: str) -> Engine:
    """The engine for ``url``, created once per process."""
    engine = _ENGINES.get(url)
    if engine is None:
        kwargs: Dict[str, Any] = {"future": False}
        if url.startswith("sqlite"):
            # Rasa and the console share the file: wait for locks instead of failing.
            kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
        engine = sa.create_engine(url, **kwargs)
        _ENGINES[url] = engine
    return engine


def has_table(engine: Engine, name: str) -> bool:
    """Whether ``name`` exists yet (Rasa creates ``events`` when it first starts)."""
    return sa.inspect(engine).has_table(name)
