"""Deleting whole conversations: Rasa's rows and every console row about them.

The deletion marker is the contract between ``actions/data_rights.py`` (which returns
it) and ``rasa_ext.tracker_store`` (which acts on it when Rasa saves the turn):
a slot event ``conversation_deleted`` = ``True``.
"""

from __future__ import annotations

from typing import Iterable, List

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from storage.tables import (
    CONVERSATION_TABLES,
    SUMMARY_STATE_KEY,
    conversations,
    events,
    rollup_dirty,
    summary_state,
)

DELETION_SLOT = "conversation_deleted"
_CHUNK = 500


def _chunks(sender_ids: Iterable[str]) -> Iterable[List[str]]:
    ids = list(sender_ids)
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def delete_console_rows(conn: Connection, sender_ids: Iterable[str]) -> None:
    """Delete the console's per-conversation rows (reviews, labels, feedback, summary ...).

    Also moves the summaries' version on, so that a summary refresh that read these
    conversations before they were deleted does not write them back, and marks their
    days for the next refresh to rewrite the daily roll-ups.
    """
    for chunk in _chunks(sender_ids):
        days = {
            day
            for (day,) in conn.execute(
                sa.select(conversations.c.start_day)
                .where(conversations.c.sender_id.in_(chunk))
                .distinct()
            )
        }
        if days:
            known = {
                day
                for (day,) in conn.execute(
                    sa.select(rollup_dirty.c.day).where(rollup_dirty.c.day.in_(sorted(days)))
                )
            }
            fresh = [{"day": day} for day in sorted(days - known)]
            if fresh:
                conn.execute(rollup_dirty.insert(), fresh)
        for table in CONVERSATION_TABLES:
            conn.execute(table.delete().where(table.c.sender_id.in_(chunk)))
    conn.execute(
        summary_state.update()
        .where(summary_state.c.name == SUMMARY_STATE_KEY)
        .values(version=summary_state.c.version + 1)
    )


def delete_tracker_rows(conn: Connection, sender_ids: Iterable[str]) -> int:
    """Delete whole conversations from Rasa's ``events`` table; returns rows deleted."""
    deleted = 0
    for chunk in _chunks(sender_ids):
        result = conn.execute(events.delete().where(events.c.sender_id.in_(chunk)))
        deleted += result.rowcount or 0
    return deleted
