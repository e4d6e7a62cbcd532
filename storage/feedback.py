"""Patient feedback on the assistant's answers ("this helped / this didn't help").

Written by the widget server (``POST /feedback``), read by the console. A rating is
accepted only for a bot message that the assistant really sent in that conversation
(matched against Rasa's ``events``), so knowing a conversation id and a reply is
needed to rate anything. One row per rated message: rating again changes it.
The optional comment is patient text: it is stored with the conversation (and
deleted with it), shown to staff, and never logged.
"""

from __future__ import annotations

import hashlib
import json
import time
import unicodedata
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from storage.tables import events, feedback

MAX_COMMENT_CHARS = 500
MAX_MESSAGE_CHARS = 5000
MAX_SENDER_CHARS = 255
MAX_RATED_PER_CONVERSATION = 100

OK, UNKNOWN, TOO_MANY, INVALID = "ok", "unknown_message", "too_many", "invalid"


def message_ref(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def clean_comment(comment: Optional[str]) -> Optional[str]:
    """Printable text only, whitespace tidied, at most MAX_COMMENT_CHARS; None if empty."""
    if not comment:
        return None
    kept = "".join(
        ch if unicodedata.category(ch)[0] != "C" else (" " if ch in "\r\n\t" else "")
        for ch in comment
    )
    kept = " ".join(kept.split())
    return kept[:MAX_COMMENT_CHARS] or None


def _parts(text: str):
    # Rasa's socket.io channel sends a reply's paragraphs ("\n\n") as separate messages.
    yield text.strip()
    for part in text.strip().split("\n\n"):
        yield part.strip()


def find_bot_message(tracker: Engine, sender_id: str, text: str) -> Optional[int]:
    """events.id of the latest bot message of ``sender_id`` saying ``text`` (or a paragraph)."""
    wanted = text.strip()
    with tracker.connect() as conn:
        rows = conn.execute(
            sa.select(events.c.id, events.c.data)
            .where(events.c.sender_id == sender_id, events.c.type_name == "bot")
            .order_by(events.c.id.desc())
        )
        for event_id, raw in rows:
            try:
                said = json.loads(raw or "{}").get("text")
            except ValueError:
                continue
            if isinstance(said, str) and wanted in _parts(said):
                return event_id
    return None


def record(
    tracker: Engine,
    console: Engine,
    sender_id: str,
    message_text: str,
    helpful: bool,
    comment: Optional[str] = None,
) -> str:
    """Store (or update) a rating; returns OK, UNKNOWN, TOO_MANY or INVALID."""
    try:
        return _record(tracker, console, sender_id, message_text, helpful, comment)
    except sa.exc.IntegrityError:  # the same message rated twice at once: update instead
        return _record(tracker, console, sender_id, message_text, helpful, comment)


def _record(
    tracker: Engine,
    console: Engine,
    sender_id: str,
    message_text: str,
    helpful: bool,
    comment: Optional[str] = None,
) -> str:
    if (
        not sender_id
        or len(sender_id) > MAX_SENDER_CHARS
        or not message_text.strip()
        or len(message_text) > MAX_MESSAGE_CHARS
    ):
        return INVALID
    event_id = find_bot_message(tracker, sender_id, message_text)
    if event_id is None:
        return UNKNOWN
    ref, now, note = message_ref(message_text), time.time(), clean_comment(comment)
    with console.begin() as conn:
        existing = conn.execute(
            sa.select(feedback.c.id, feedback.c.comment).where(
                feedback.c.sender_id == sender_id, feedback.c.message_ref == ref
            )
        ).first()
        if existing is not None:
            conn.execute(
                feedback.update()
                .where(feedback.c.id == existing.id)
                .values(
                    helpful=helpful,
                    comment=note if note is not None else existing.comment,
                    event_id=event_id,
                    updated_at=now,
                )
            )
            return OK
        rated = conn.execute(
            sa.select(sa.func.count())
            .select_from(feedback)
            .where(feedback.c.sender_id == sender_id)
        ).scalar_one()
        if rated >= MAX_RATED_PER_CONVERSATION:
            return TOO_MANY
        conn.execute(
            feedback.insert().values(
                sender_id=sender_id,
                message_ref=ref,
                event_id=event_id,
                helpful=helpful,
                comment=note,
                created_at=now,
                updated_at=now,
            )
        )
    return OK
