"""Conversation summaries folded incrementally from Rasa's ``events`` table.

Lists and the dashboard read ``console_conversations`` (one row per conversation) and
``console_conversation_facts`` (its red flags and FAQ topics) instead of grouping the
whole ``events`` table on every request. :meth:`Summaries.refresh` reads only the
events that are new since the last refresh and folds them into the summaries.

Which rows are new
------------------
* ``console_summary_state.watermark`` is the highest ``events.id`` folded in, and each
  summary keeps ``last_event_id``. Rasa handles one conversation at a time (lock store)
  and inserts a turn's events in one transaction, so a conversation's events become
  visible in id order: every row with ``id > last_event_id`` of its conversation is
  new, every other row has been folded in.
* Rows of *other* conversations can become visible late (PostgreSQL sequence values
  are taken before commit; SQLite reuses the ids of deleted rows at the top of the
  table), so each refresh also looks at the last ``LAG`` ids below the watermark and
  folds those that their conversation has not seen.
* Every write moves ``version`` on and only happens if nobody else wrote since this
  refresher read the state (compare-and-set). Deleting conversations moves it on too
  (storage.deletion), so a refresh that read a conversation just before it was deleted
  never writes it back.

Only ids, counts and codes are written here: no patient text.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from console.transcripts import ESCALATION_LEVEL, SEVERITY, bot_disposition, event_data
from storage.tables import (
    SUMMARY_STATE_KEY,
    conversation_facts,
    conversations,
    daily,
    daily_topics,
    events,
    rollup_dirty,
    summary_state,
)

logger = logging.getLogger(__name__)

LAG = 1000  # ids below the watermark looked at again for late rows
FULL_ROLLUP_DAYS = 64  # more changed days than this: rewrite every day's roll-up at once
ALL_DAYS = "all"  # console_rollup_dirty marker: every day needs rewriting
FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = frozenset({"utter_please_rephrase", "action_default_fallback", "utter_default"})
FAQ_INTENT = "faq"
FAQ_RESPONSE_PREFIX = "utter_faq/"
RED_FLAG = "red_flag"
FAQ_TOPIC = "faq_topic"
ESCALATION_RANK = SEVERITY[ESCALATION_LEVEL]
_CHUNK = 500
# turn_state letters: the open turn already counted a fallback (f) / an FAQ topic (q)
_FALLBACK, _FAQ = "f", "q"


def day_of(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, tz=dt.timezone.utc).strftime("%Y-%m-%d")


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


@dataclass
class Folded:
    """The event-derived state of one conversation (a console_conversations row)."""

    sender_id: str
    first_ts: float = float("inf")
    last_ts: float = float("-inf")
    last_event_id: int = 0
    user_turns: int = 0
    fallback_turns: int = 0
    channel: str = ""
    severity: int = 0
    disposition: Optional[str] = None
    latest_disposition: Optional[str] = None
    escalated_at: Optional[float] = None
    turn_state: str = ""
    facts: Dict[Tuple[str, str], int] = field(default_factory=dict)
    stored: bool = False  # a row exists already
    stored_day: Optional[str] = None  # its start_day as stored

    @classmethod
    def from_row(cls, row: Any) -> "Folded":
        return cls(
            sender_id=row.sender_id,
            first_ts=row.first_ts,
            last_ts=row.last_ts,
            last_event_id=row.last_event_id,
            user_turns=row.user_turns,
            fallback_turns=row.fallback_turns,
            channel=row.channel,
            severity=row.severity,
            disposition=row.disposition,
            latest_disposition=row.latest_disposition,
            escalated_at=row.escalated_at,
            turn_state=row.turn_state,
            stored=True,
            stored_day=row.start_day,
        )

    def values(self) -> Dict[str, Any]:
        return {
            "first_ts": self.first_ts,
            "last_ts": self.last_ts,
            "start_day": day_of(self.first_ts),
            "last_event_id": self.last_event_id,
            "user_turns": self.user_turns,
            "fallback_turns": self.fallback_turns,
            "channel": self.channel[:64],
            "severity": self.severity,
            "disposition": self.disposition,
            "latest_disposition": self.latest_disposition,
            "escalated_at": self.escalated_at,
            "turn_state": self.turn_state,
        }

    # ------------------------------------------------------------ folding
    def _level(self, value: str, ts: float) -> None:
        rank = SEVERITY[value]
        if rank > self.severity:
            self.severity, self.disposition = rank, value
        if rank >= ESCALATION_RANK and self.escalated_at is None:
            self.escalated_at = ts

    def _fact(self, kind: str, value: Any, count: bool = True) -> None:
        if not isinstance(value, str) or not value:
            return
        key = (kind, value[:128])
        self.facts[key] = self.facts.get(key, 0) + 1 if count else 1

    def _faq(self, topic: Optional[str]) -> None:
        if topic and _FAQ not in self.turn_state and self.user_turns:
            self._fact(FAQ_TOPIC, topic)
            self.turn_state += _FAQ

    def _fallback(self) -> None:
        if _FALLBACK not in self.turn_state and self.user_turns:
            self.fallback_turns += 1
            self.turn_state += _FALLBACK

    def fold(self, row: Any) -> None:
        """Fold one events row (id, type_name, timestamp, intent_name, action_name, data)."""
        ts = row.timestamp or 0.0
        self.first_ts = min(self.first_ts, ts)
        self.last_ts = max(self.last_ts, ts)
        self.last_event_id = max(self.last_event_id, row.id)
        kind, raw = row.type_name, row.data or ""
        if kind == "user":
            self.user_turns += 1
            self.turn_state = ""
            data = event_data(raw)
            self.channel = str(data.get("input_channel") or "")
            intent = row.intent_name or ""
            if intent == FALLBACK_INTENT:
                self._fallback()
            elif intent == FAQ_INTENT or intent.startswith(FAQ_INTENT + "/"):
                self._faq(_faq_topic(data, intent))
        elif kind == "action":
            if row.action_name in FALLBACK_ACTIONS:
                self._fallback()
        elif kind == "bot":
            if '"disposition"' in raw or FAQ_RESPONSE_PREFIX in raw:
                data = event_data(raw)
                value = bot_disposition(data)
                if value is not None:
                    self._level(value, ts)
                utter = str((data.get("metadata") or {}).get("utter_action") or "")
                if utter.startswith(FAQ_RESPONSE_PREFIX):
                    self._faq(utter[len(FAQ_RESPONSE_PREFIX) :])
        elif kind == "slot" and row.action_name in ("disposition", "red_flags"):
            value = event_data(raw).get("value")
            if row.action_name == "disposition":
                if value in SEVERITY:
                    self.latest_disposition = value
                    self._level(value, ts)
            elif isinstance(value, (list, tuple)):
                for flag in value:
                    self._fact(RED_FLAG, flag, count=False)
            else:
                self._fact(RED_FLAG, value, count=False)


def _faq_topic(data: Dict[str, Any], intent: str) -> Optional[str]:
    if "/" in intent:
        return intent.split("/", 1)[1]
    selector = (data.get("parse_data") or {}).get("response_selector") or {}
    response = (selector.get(FAQ_INTENT) or selector.get("default") or {}).get("response") or {}
    key = response.get("intent_response_key") or ""
    return key.split("/", 1)[1] if "/" in key else None


@dataclass
class Progress:
    watermark: int
    max_event_id: int
    folded: int = 0  # events folded by this call
    conversations: int = 0  # conversations written by this call

    @property
    def caught_up(self) -> bool:
        return self.watermark >= self.max_event_id


EVENT_COLUMNS = (
    events.c.id,
    events.c.sender_id,
    events.c.type_name,
    events.c.timestamp,
    events.c.intent_name,
    events.c.action_name,
    events.c.data,
)


class Summaries:
    """Keeps console_conversations in step with events (see the module docstring)."""

    def __init__(self, tracker_engine: Engine, console_engine: Engine) -> None:
        self.tracker_engine = tracker_engine
        self.console_engine = console_engine
        self._lock = threading.Lock()

    def _state(self) -> Tuple[int, int]:
        with self.console_engine.connect() as conn:
            row = conn.execute(
                sa.select(summary_state.c.watermark, summary_state.c.version).where(
                    summary_state.c.name == SUMMARY_STATE_KEY
                )
            ).first()
            if row is not None:
                return row.watermark, row.version
        try:
            with self.console_engine.begin() as conn:
                conn.execute(
                    summary_state.insert().values(
                        name=SUMMARY_STATE_KEY, watermark=0, version=0, updated_at=time.time()
                    )
                )
        except sa.exc.IntegrityError:  # another process created it first
            pass
        return self._state()

    def progress(self) -> Progress:
        watermark, _ = self._state()
        with self.tracker_engine.connect() as conn:
            top = conn.execute(sa.select(sa.func.max(events.c.id))).scalar() or 0
        return Progress(watermark=min(watermark, top), max_event_id=top)

    def refresh(self, max_events: int = 20_000, attempts: int = 3) -> Progress:
        """Fold up to ``max_events`` new events in; safe to call from any thread/process."""
        with self._lock:
            for _ in range(attempts):
                progress = self._refresh_once(max_events)
                if progress is not None:
                    return progress
            return self.progress()

    def _refresh_once(self, max_events: int) -> Optional[Progress]:
        watermark, version = self._state()
        with self.tracker_engine.connect() as tconn:
            top = tconn.execute(sa.select(sa.func.max(events.c.id))).scalar() or 0
            # rows at the top were deleted (SQLite reuses their ids): look again from there
            start = min(watermark, top)
            cap = min(top, start + max_events)
            window = tconn.execute(
                sa.select(events.c.id, events.c.sender_id).where(
                    events.c.id > max(0, start - LAG), events.c.id <= start
                )
            ).fetchall()
            senders = {sender for _, sender in window}
            seen = self._last_event_ids(senders)
            late = [i for i, sender in window if i > seen.get(sender, 0)]
            rows = tconn.execute(
                sa.select(*EVENT_COLUMNS)
                .where(events.c.id > start, events.c.id <= cap)
                .order_by(events.c.id)
            ).fetchall()
            for chunk in _chunks(late):
                rows.extend(tconn.execute(sa.select(*EVENT_COLUMNS).where(events.c.id.in_(chunk))))
        if not rows and cap == watermark and not self._dirty_days():
            return Progress(watermark=cap, max_event_id=top)
        rows.sort(key=lambda r: r.id)
        states = self._load({r.sender_id for r in rows})
        for row in rows:
            state = states.get(row.sender_id)
            if state is None:
                state = states[row.sender_id] = Folded(row.sender_id)
            if row.id > state.last_event_id:
                state.fold(row)
        changed = [s for s in states.values() if s.last_event_id > 0]
        if not self._write(version, cap, changed, final=cap >= top):
            return None
        return Progress(
            watermark=cap, max_event_id=top, folded=len(rows), conversations=len(changed)
        )

    def _last_event_ids(self, senders: Iterable[str]) -> Dict[str, int]:
        ids = sorted(senders)
        out: Dict[str, int] = {}
        with self.console_engine.connect() as conn:
            for chunk in _chunks(ids):
                out.update(
                    conn.execute(
                        sa.select(conversations.c.sender_id, conversations.c.last_event_id).where(
                            conversations.c.sender_id.in_(chunk)
                        )
                    ).fetchall()
                )
        return out

    def _load(self, senders: Iterable[str]) -> Dict[str, Folded]:
        ids = sorted(senders)
        states: Dict[str, Folded] = {}
        with self.console_engine.connect() as conn:
            for chunk in _chunks(ids):
                for row in conn.execute(
                    sa.select(conversations).where(conversations.c.sender_id.in_(chunk))
                ):
                    states[row.sender_id] = Folded.from_row(row)
                for row in conn.execute(
                    sa.select(conversation_facts).where(conversation_facts.c.sender_id.in_(chunk))
                ):
                    if row.sender_id in states:
                        states[row.sender_id].facts[(row.kind, row.value)] = row.n
        return states

    def _write(
        self, version: int, watermark: int, changed: List[Folded], final: bool = True
    ) -> bool:
        with self.console_engine.begin() as conn:
            claimed = conn.execute(
                summary_state.update()
                .where(
                    summary_state.c.name == SUMMARY_STATE_KEY,
                    summary_state.c.version == version,
                )
                .values(watermark=watermark, version=version + 1, updated_at=time.time())
            )
            if claimed.rowcount != 1:
                return False  # someone else wrote (or deleted) since we read: read again
            new = [dict(sender_id=s.sender_id, **s.values()) for s in changed if not s.stored]
            if new:
                conn.execute(conversations.insert(), new)
            old = [s for s in changed if s.stored]
            if old:
                conn.execute(
                    conversations.update().where(conversations.c.sender_id == sa.bindparam("sid")),
                    [dict(sid=s.sender_id, **s.values()) for s in old],
                )
            ids = [s.sender_id for s in changed]
            for chunk in _chunks(ids):
                conn.execute(
                    conversation_facts.delete().where(conversation_facts.c.sender_id.in_(chunk))
                )
            facts = [
                {"sender_id": s.sender_id, "kind": kind, "value": value, "n": n}
                for s in changed
                for (kind, value), n in s.facts.items()
            ]
            if facts:
                conn.execute(conversation_facts.insert(), facts)
            days = {day_of(s.first_ts) for s in changed}
            days |= {s.stored_day for s in changed if s.stored_day}
            self._rollups(conn, days, final)
        return True

    def _rollups(self, conn: Connection, days: Set[str], final: bool) -> None:
        """Rewrite the roll-ups of the changed (and deletion-marked) days.

        While catching up on a big backlog, batches touch every day: the full rewrite is
        then left to the last batch (marked ALL_DAYS meanwhile).
        """
        dirty = {day for (day,) in conn.execute(sa.select(rollup_dirty.c.day))}
        wanted = days | dirty
        if ALL_DAYS in wanted or len(wanted) > FULL_ROLLUP_DAYS:
            if not final:
                if ALL_DAYS not in dirty:
                    conn.execute(rollup_dirty.insert().values(day=ALL_DAYS))
                return
            wanted = {ALL_DAYS}
        if dirty:
            conn.execute(rollup_dirty.delete().where(rollup_dirty.c.day.in_(sorted(dirty))))
        rewrite_rollups(conn, None if ALL_DAYS in wanted else wanted)

    def _dirty_days(self) -> bool:
        with self.console_engine.connect() as conn:
            return conn.execute(sa.select(rollup_dirty.c.day).limit(1)).first() is not None

    def rebuild(self) -> Progress:
        """Forget every summary and fold all events again (``console rebuild-summaries``)."""
        with self._lock, self.console_engine.begin() as conn:
            for table in (conversation_facts, conversations, daily, daily_topics, rollup_dirty):
                conn.execute(table.delete())
            conn.execute(
                summary_state.update()
                .where(summary_state.c.name == SUMMARY_STATE_KEY)
                .values(watermark=0, version=summary_state.c.version + 1, updated_at=time.time())
            )
        progress = self.refresh()
        while not progress.caught_up:
            progress = self.refresh()
        return progress


def rewrite_rollups(conn: Connection, days: Optional[Iterable[str]]) -> None:
    """Rewrite the daily roll-ups of ``days`` (None: all days) from the summaries."""
    c, f = conversations.c, conversation_facts.c
    scope = None if days is None else sorted(set(days))
    if scope == []:
        return
    disposition = sa.func.coalesce(c.disposition, "")
    per_day = sa.select(
        c.start_day,
        disposition,
        c.channel,
        sa.func.count(),
        sa.func.sum(c.user_turns),
        sa.func.sum(c.fallback_turns),
    ).group_by(c.start_day, disposition, c.channel)
    topics = (
        sa.select(c.start_day, f.value, sa.func.sum(f.n))
        .select_from(conversation_facts.join(conversations, c.sender_id == f.sender_id))
        .where(f.kind == FAQ_TOPIC)
        .group_by(c.start_day, f.value)
    )
    if scope is None:
        conn.execute(daily.delete())
        conn.execute(daily_topics.delete())
    else:
        conn.execute(daily.delete().where(daily.c.day.in_(scope)))
        conn.execute(daily_topics.delete().where(daily_topics.c.day.in_(scope)))
        per_day = per_day.where(c.start_day.in_(scope))
        topics = topics.where(c.start_day.in_(scope))
    columns = ["day", "disposition", "channel", "conversations", "user_turns", "fallback_turns"]
    conn.execute(daily.insert().from_select(columns, per_day))
    conn.execute(daily_topics.insert().from_select(["day", "topic", "n"], topics))
