"""The console's own tables (all prefixed ``console_``) and DB helpers.

Rasa's ``events`` table is never written by the console except by the explicit
retention purge and the patient-requested deletion (whole conversations only).
This module imports only SQLAlchemy so that rasa_ext.tracker_store can use it
inside the Rasa server.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any, Dict, Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

metadata = sa.MetaData()

users = sa.Table(
    "console_users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),  # staff | admin
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("last_login_at", sa.Float),
)

sessions = sa.Table(
    "console_sessions",
    metadata,
    # sha256 of the cookie token: a DB leak does not yield usable cookies
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, nullable=False, index=True),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
)

login_attempts = sa.Table(
    "console_login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, index=True),
    sa.Column("ip", sa.String(64), nullable=False, index=True),
    sa.Column("ts", sa.Float, nullable=False, index=True),
    sa.Column("success", sa.Boolean, nullable=False),
)

reviews = sa.Table(
    "console_reviews",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("reviewed", sa.Boolean, nullable=False, default=False),
    sa.Column("reviewed_by", sa.String(64)),
    sa.Column("reviewed_at", sa.Float),
    sa.Column("follow_up", sa.Boolean, nullable=False, default=False),
    sa.Column("updated_at", sa.Float, nullable=False),
)

tags = sa.Table(
    "console_tags",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("tag", sa.String(64), nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.UniqueConstraint("sender_id", "tag", name="uq_console_tags_sender_tag"),
)

notes = sa.Table(
    "console_notes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("author", sa.String(64), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)

audit = sa.Table(
    "console_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ts", sa.Float, nullable=False, index=True),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("action", sa.String(64), nullable=False, index=True),
    sa.Column("target", sa.String(255)),
    sa.Column("detail", sa.Text),  # JSON, never patient text
    sa.Column("ip", sa.String(64)),
)

# Per-conversation console data that must go when a conversation is deleted.
CONVERSATION_TABLES = (reviews, tags, notes)

# Rasa's table, described here only for reading and whole-conversation deletes.
events = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)

_ENGINES: Dict[str, Engine] = {}


def make_engine(url: str) -> Engine:
    """One engine per URL per process (engines own connection pools)."""
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


def create_console_tables(engine: Engine) -> None:
    metadata.create_all(engine, checkfirst=True)


def sender_hash(sender_id: str) -> str:
    """Pseudonymous reference to a conversation, used where its id must not be kept."""
    return hashlib.sha256(sender_id.encode("utf-8")).hexdigest()


def write_audit(
    conn: Connection,
    actor: str,
    action: str,
    target: Optional[str] = None,
    detail: Optional[Dict[str, Any]] = None,
    ip: Optional[str] = None,
) -> None:
    conn.execute(
        audit.insert().values(
            ts=time.time(),
            actor=actor[:64],
            action=action[:64],
            target=(target[:255] if target else None),
            detail=json.dumps(detail or {}, sort_keys=True),
            ip=(ip[:64] if ip else None),
        )
    )


def delete_console_rows(conn: Connection, sender_ids: Iterable[str]) -> None:
    ids = list(sender_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for table in CONVERSATION_TABLES:
            conn.execute(table.delete().where(table.c.sender_id.in_(chunk)))


def delete_tracker_rows(conn: Connection, sender_ids: Iterable[str]) -> int:
    """Delete whole conversations from Rasa's events table; returns rows deleted."""
    ids = list(sender_ids)
    deleted = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        result = conn.execute(events.delete().where(events.c.sender_id.in_(chunk)))
        deleted += result.rowcount or 0
    return deleted
