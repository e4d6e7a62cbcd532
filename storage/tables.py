"""Table descriptions: the console's own tables and a READ description of Rasa's.

The console's tables are all prefixed ``console_`` and created by
:func:`create_console_tables` (by the console, and by the tracker store so that a
patient deletion can be audited before the console ever ran).

Rasa's ``events`` table is described here ONLY for reading and for deleting whole
conversations. It lives in its own ``MetaData`` that nobody creates: Rasa creates the
table itself (with the ``sender_id`` index every turn's lookup needs). Code that may
run before Rasa ever started checks :func:`storage.engines.has_table` first.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

metadata = sa.MetaData()

users = sa.Table(
    "console_users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),  # viewer | staff | admin
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

# ---------------------------------------------------------------- safety loop (issue 9)

# The disposition a reviewer says a conversation should have had. One current label per
# conversation (its history is in the audit log). No patient text: the message where it
# went wrong is referenced by its events.id.
labels = sa.Table(
    "console_labels",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("expected", sa.String(32), nullable=False),  # a level, or "not_triage"
    sa.Column("expected_rank", sa.Integer, nullable=False),  # same scale as severity below
    sa.Column("message_event_id", sa.Integer),  # events.id of the user message
    sa.Column("labelled_by", sa.String(64), nullable=False),
    sa.Column("labelled_at", sa.Float, nullable=False, index=True),
)

# When a conversation was first marked reviewed (console_reviews keeps the latest).
first_reviews = sa.Table(
    "console_first_reviews",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("reviewed_at", sa.Float, nullable=False, index=True),
    sa.Column("reviewed_by", sa.String(64), nullable=False),
)

# "This helped / this didn't help" from the widget, one row per rated bot message.
# ``comment`` is optional patient text (capped): shown to staff, never logged.
feedback = sa.Table(
    "console_feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("message_ref", sa.String(64), nullable=False),  # sha256 of the rated text
    sa.Column("event_id", sa.Integer),  # events.id of the bot message rated
    sa.Column("helpful", sa.Boolean, nullable=False),
    sa.Column("comment", sa.Text),
    sa.Column("created_at", sa.Float, nullable=False, index=True),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.UniqueConstraint("sender_id", "message_ref", name="uq_console_feedback_message"),
)

# Precomputed conversation summaries, folded incrementally from ``events`` (new rows
# only) by console/summaries.py, so that lists and the dashboard never re-read the
# whole events table. Columns are derived from events only; review data stays in
# its own tables and is joined.
conversations = sa.Table(
    "console_conversations",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("first_ts", sa.Float, nullable=False),
    sa.Column("last_ts", sa.Float, nullable=False, index=True),
    sa.Column("start_day", sa.String(10), nullable=False, index=True),  # UTC, of first_ts
    sa.Column("last_event_id", sa.Integer, nullable=False),
    sa.Column("user_turns", sa.Integer, nullable=False),
    sa.Column("fallback_turns", sa.Integer, nullable=False),
    sa.Column("channel", sa.String(64), nullable=False),
    sa.Column("severity", sa.Integer, nullable=False),  # 0 none .. 4 emergency
    sa.Column("disposition", sa.String(32)),  # most urgent reached
    sa.Column("latest_disposition", sa.String(32)),
    sa.Column("escalated_at", sa.Float),  # first time doctor_today or above
    sa.Column("turn_state", sa.String(8), nullable=False),  # fold state of the open turn
    sa.Index("ix_console_conversations_severity_day", "severity", "start_day"),
)

# Per-conversation counts of red flags and FAQ topics (kind, value).
conversation_facts = sa.Table(
    "console_conversation_facts",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),  # red_flag | faq_topic
    sa.Column("value", sa.String(128), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Index("ix_console_facts_kind_value", "kind", "value"),
)

# How far the summaries have read ``events``: ``watermark`` = highest events.id folded
# in; ``version`` changes with every write, so a refresher that read stale state (or
# raced a deletion) gives up instead of writing it.
summary_state = sa.Table(
    "console_summary_state",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("watermark", sa.Integer, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
)
SUMMARY_STATE_KEY = "events"

# Daily roll-ups of the summaries (by the UTC day a conversation started), rewritten
# for the affected days in the same transaction as the summaries, so that the
# dashboard and the list counts read a few hundred rows instead of every conversation.
daily = sa.Table(
    "console_daily",
    metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("disposition", sa.String(32), primary_key=True),  # "" = none
    sa.Column("channel", sa.String(64), primary_key=True),
    sa.Column("conversations", sa.Integer, nullable=False),
    sa.Column("user_turns", sa.Integer, nullable=False),
    sa.Column("fallback_turns", sa.Integer, nullable=False),
)
daily_topics = sa.Table(
    "console_daily_topics",
    metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("topic", sa.String(128), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)
# Days whose roll-ups must be rewritten because conversations were deleted.
rollup_dirty = sa.Table(
    "console_rollup_dirty",
    metadata,
    sa.Column("day", sa.String(10), primary_key=True),
)

# Per-conversation console data that must go when a conversation is deleted.
CONVERSATION_TABLES = (
    reviews,
    tags,
    notes,
    labels,
    first_reviews,
    feedback,
    conversations,
    conversation_facts,
)

# Rasa's table, described here only for reading and whole-conversation deletes.
# Never call create_all on this MetaData: Rasa owns the table.
RASA_METADATA = sa.MetaData()
events = sa.Table(
    "events",
    RASA_METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


def create_console_tables(engine: Engine) -> None:
    """Create the ``console_*`` tables that do not exist yet (never ``events``)."""
    metadata.create_all(engine, checkfirst=True)
