"""Keep recent conversations' trackers in memory between turns (same process).

Rasa's SQL tracker store rebuilds the whole tracker from the database on every turn:
it reads every event of the session, parses its JSON and replays it. That costs 1-2 ms
on turn 5 and about 18 ms on turn 95 of a conversation (docs/performance.md), so a
turn gets slower the longer the conversation. ``CachingTrackerStore`` keeps the
tracker it saved last for each recent conversation and hands it back on the next
turn, after ONE indexed query that proves the database still holds exactly what was
saved: on SQLite the lowest and the highest event id of that sender (two seeks in the
``sender_id`` index, whose entries are in id order, whatever the conversation's length;
events are only ever appended, or deleted from the oldest by the retention purge, or all
at once); on PostgreSQL, whose single-column index keeps no id order, the number of
stored events and the highest id (one pass over the conversation's index entries):

* another Rasa server (several behind a load balancer), the staff console's deletion
  or the retention purge changed the conversation -> the numbers differ -> rebuilt
  from the database, as Rasa does;
* a turn that failed half-way left the in-memory tracker ahead of the database ->
  its event count in memory differs from the one saved -> rebuilt from the database;
* the tracker in memory is not exactly what Rasa would load (a new session started in
  memory; the first turn, whose ``action_session_start`` Rasa does not load back) ->
  not kept; the next turn loads from the database;
* "delete my data" in this process -> the entry is dropped at once.

A tracker handed back from the cache is saved by appending its new events in one
INSERT (the rows Rasa writes), without Rasa's count of the stored events; every other
save is Rasa's own (and the deletion handling of ``ManagedSQLTrackerStore``). What a
cached entry proved about its events (no deletion marker; Rasa would load them all back)
is checked again only for the events added since, so a turn's own checks do not grow
with the conversation.

Entries expire after ``TRACKER_CACHE_SECONDS`` (default 600) without a turn, and at
most ``TRACKER_CACHE_SIZE`` (default 200) conversations are kept (least recently used
go first); ``TRACKER_CACHE_SIZE=0`` switches the cache off. Only trackers are held,
in the Rasa server's own memory, as Rasa's in-memory tracker store would; nothing is
logged. The per-conversation lock (lock store) already makes one server process a
conversation's turns one at a time, so the same object is never used by two turns.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from collections import OrderedDict
from typing import Any, Iterable, List, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from rasa_ext.tracker_store import ManagedSQLTrackerStore, is_deletion_marker

# (tracker, events in memory when saved, what the database held (_stored), time saved,
#  timestamp of the session start, or None when the events hold none)
Entry = Tuple[DialogueStateTracker, int, Tuple[int, int], float, Optional[float]]


_NOT_WHOLE = object()


def _session_start(events: Iterable[Event]) -> Any:
    """The timestamp of the one session start in ``events`` if Rasa's SQL load (events
    from the latest session start on, by timestamp) would return exactly these events
    once they are all stored; None when they hold no session start (also whole);
    ``_NOT_WHOLE`` otherwise."""
    events = list(events)
    starts = [event.timestamp for event in events if isinstance(event, SessionStarted)]
    if len(starts) > 1:
        return _NOT_WHOLE
    if not starts:
        return None
    if all(event.timestamp >= starts[0] for event in events):
        return starts[0]
    return _NOT_WHOLE


def _still_whole(new: List[Event], start: Optional[float]) -> Any:
    """``_session_start`` of a whole event list extended by ``new`` events, from the
    start its first part had (``start``), reading only the new events."""
    if any(isinstance(event, SessionStarted) for event in new):
        return _NOT_WHOLE  # (a session start in memory: Rasa's load would differ)
    if start is None or all(event.timestamp >= start for event in new):
        return start
    return _NOT_WHOLE


def _int_env(name: str, default: int) -> int:
    try:
        return max(0, int(os.environ.get(name, default)))
    except ValueError:
        return default


class CachingTrackerStore(ManagedSQLTrackerStore):
    """``ManagedSQLTrackerStore`` + the in-memory cache of recent trackers."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.cache_size = _int_env("TRACKER_CACHE_SIZE", 200)
        self.cache_seconds = _int_env("TRACKER_CACHE_SECONDS", 600)
        # sender_id -> (tracker, events in memory when saved, (stored rows, max id), time)
        self._recent: "OrderedDict[Text, Entry]" = OrderedDict()

    # ------------------------------------------------------------------ helpers
    def _stored(self, sender_id: Text) -> Tuple[int, int]:
        """What the database holds of a sender, (0, 0) when nothing: SQLite (lowest,
        highest event id), two index seeks (a scalar subquery each; min and max in one
        select would walk the conversation's entries); other databases (number of
        events, highest id)."""
        event = self.SQLEvent
        of_sender = event.sender_id == sender_id
        if self.engine.dialect.name == "sqlite":
            query = sa.select(
                sa.select(sa.func.min(event.id)).where(of_sender).scalar_subquery(),
                sa.select(sa.func.max(event.id)).where(of_sender).scalar_subquery(),
            )
        else:
            query = sa.select(sa.func.count(event.id), sa.func.max(event.id)).where(of_sender)
        with self.engine.connect() as conn:
            first, last = conn.execute(query).one()
        return int(first or 0), int(last or 0)

    def forget(self, sender_id: Text) -> None:
        self._recent.pop(sender_id, None)

    # ------------------------------------------------------------------ store API
    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        entry = self._recent.get(sender_id)
        if entry is not None:
            tracker, length, stored, saved_at, _ = entry
            fresh = (
                time.monotonic() - saved_at <= self.cache_seconds
                and len(tracker.events) == length
                and self._stored(sender_id) == stored
            )
            if fresh:
                self._recent.move_to_end(sender_id)
                return tracker
            self.forget(sender_id)
        return await super().retrieve(sender_id)

    def _append(self, tracker: DialogueStateTracker, stored: int) -> None:
        """Insert the events after the first ``stored`` ones: the rows Rasa's save
        writes (same columns and JSON), in one statement, without re-counting."""
        rows = []
        for event in list(tracker.events)[stored:]:
            data = event.as_dict()
            rows.append(
                {
                    "sender_id": tracker.sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": ((data.get("parse_data") or {}).get("intent") or {}).get(
                        INTENT_NAME_KEY
                    ),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                }
            )
        if rows:
            with self.engine.begin() as conn:
                conn.execute(self.SQLEvent.__table__.insert(), rows)

    async def save(self, tracker: DialogueStateTracker) -> None:
        sender_id = tracker.sender_id
        entry = self._recent.get(sender_id)
        self.forget(sender_id)  # whatever happens below, never keep a stale copy
        fast = (
            entry is not None
            and entry[0] is tracker
            and self.event_broker is None
            and len(tracker.events) >= entry[1]
        )
        # the first entry[1] events were checked when the entry was made: only the rest
        new = list(itertools.islice(tracker.events, entry[1], None)) if fast and entry else []
        fast = fast and not any(is_deletion_marker(event) for event in new)
        if fast and entry is not None:  # (fast implies an entry: this narrows its type)
            # this very tracker came from the cache after the database was shown to hold
            # exactly its first entry[1] events: append the rest
            self._append(tracker, entry[1])
            start = _still_whole(new, entry[4])
        else:
            await super().save(tracker)  # Rasa's save (+ the deletion handling)
            start = _session_start(tracker.events)
        if not self.cache_size:
            return
        if start is _NOT_WHOLE:
            # Rasa's next load would not return this exact event list (a new session
            # began in memory; or the first turn, whose action_session_start has a
            # timestamp before the session start and is not loaded back)
            return
        if not fast and any(is_deletion_marker(event) for event in tracker.events):
            return  # deleted on the patient's request: nothing is kept in memory
        stored = self._stored(sender_id)
        if stored[0] == 0:  # deleted on the patient's request during this save
            return
        self._recent[sender_id] = (tracker, len(tracker.events), stored, time.monotonic(), start)
        while len(self._recent) > self.cache_size:
            self._recent.popitem(last=False)

    def delete_conversation(self, sender_id: Text, reason: Text) -> int:
        self.forget(sender_id)
        return super().delete_conversation(sender_id, reason)
