"""Read-only views of Rasa's ``events`` table: conversation summaries and turns.

All SQL is built with SQLAlchemy expressions (bound parameters only).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clinical.disposition import LEVELS
from storage import tables
from storage.tables import events

# The levels of clinical/disposition.py, most urgent first (how staff read them).
DISPOSITIONS = tuple(reversed(LEVELS))
SEVERITY = {level: rank for rank, level in enumerate(LEVELS, start=1)}  # 0: none
EMERGENCY = "emergency"  # the value of custom.disposition on every "Seek care now" reply
ESCALATION_LEVEL = "doctor_today"  # this level and above are escalations
ESCALATED = tuple(d for d in DISPOSITIONS if SEVERITY[d] >= SEVERITY[ESCALATION_LEVEL])
if EMERGENCY != LEVELS[-1]:  # pragma: no cover - guards the contract with clinical/
    raise ImportError("clinical.disposition.LEVELS must end with 'emergency'")


def bot_disposition(event: Dict[str, Any]) -> Optional[str]:
    """The disposition a bot message carries in its ``custom`` payload, if any.

    The NLG adds ``custom.disposition = "emergency"`` to every "Seek care now" reply and
    ``action_give_disposition`` adds the level it decided: the payload, never the reply
    text, says what the assistant told the person.
    """
    data = event.get("data")
    custom = data.get("custom") if isinstance(data, dict) else None
    value = custom.get("disposition") if isinstance(custom, dict) else None
    return value if value in SEVERITY else None


def _loads(raw: Optional[str]) -> Dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def fmt_ts(ts: Optional[float]) -> str:
    if ts is None:
        return ""
    return dt.datetime.fromtimestamp(ts, tz=dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _flags(value: Any) -> List[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None]
    return []


@dataclass
class Summary:
    sender_id: str
    first_ts: float
    last_ts: float
    user_turns: int = 0
    channel: str = ""
    disposition: Optional[str] = None  # most urgent reached in the conversation
    latest_disposition: Optional[str] = None
    red_flags: List[str] = field(default_factory=list)
    emergency_reply: bool = False
    reviewed: bool = False
    follow_up: bool = False
    tags: List[str] = field(default_factory=list)

    @property
    def escalated(self) -> bool:
        return self.disposition in ESCALATED

    @property
    def severity(self) -> int:
        return SEVERITY.get(self.disposition or "", 0)

    def as_dict(self) -> Dict[str, Any]:
        return {
            "sender_id": self.sender_id,
            "first_activity": fmt_ts(self.first_ts),
            "last_activity": fmt_ts(self.last_ts),
            "last_activity_ts": self.last_ts,
            "user_turns": self.user_turns,
            "channel": self.channel,
            "disposition": self.disposition,
            "latest_disposition": self.latest_disposition,
            "red_flags": self.red_flags,
            "reviewed": self.reviewed,
            "follow_up": self.follow_up,
            "tags": self.tags,
        }


@dataclass
class Filters:
    disposition: Optional[str] = None
    date_from: Optional[dt.date] = None
    date_to: Optional[dt.date] = None
    channel: Optional[str] = None
    reviewed: Optional[bool] = None
    red_flag: Optional[str] = None
    follow_up: Optional[bool] = None
    q: Optional[str] = None

    @classmethod
    def from_args(cls, get) -> "Filters":
        """Build from a ``get(name) -> str|None`` accessor; invalid values raise ValueError."""

        def text(name: str, limit: int = 200) -> Optional[str]:
            value = (get(name) or "").strip()
            return value[:limit] or None

        def date(name: str) -> Optional[dt.date]:
            value = text(name, 10)
            return dt.date.fromisoformat(value) if value else None

        def yesno(name: str) -> Optional[bool]:
            value = text(name, 5)
            if value is None:
                return None
            if value in ("yes", "1", "true"):
                return True
            if value in ("no", "0", "false"):
                return False
            raise ValueError(f"{name} must be yes or no")

        disposition = text("disposition", 20)
        if disposition and disposition not in DISPOSITIONS + ("none",):
            raise ValueError("unknown disposition")
        return cls(
            disposition=disposition,
            date_from=date("from"),
            date_to=date("to"),
            channel=text("channel", 64),
            reviewed=yesno("reviewed"),
            red_flag=text("red_flag", 64),
            follow_up=yesno("follow_up"),
            q=text("q"),
        )

    def as_query(self) -> Dict[str, str]:
        out: Dict[str, str] = {}
        for key, value in (
            ("disposition", self.disposition),
            ("from", self.date_from.isoformat() if self.date_from else None),
            ("to", self.date_to.isoformat() if self.date_to else None),
            ("channel", self.channel),
            ("reviewed", None if self.reviewed is None else ("yes" if self.reviewed else "no")),
            ("red_flag", self.red_flag),
            ("follow_up", None if self.follow_up is None else ("yes" if self.follow_up else "no")),
            ("q", self.q),
        ):
            if value:
                out[key] = value
        return out


def _like_pattern(term: str) -> str:
    """LIKE pattern matching ``term`` inside Rasa's JSON (json.dumps, ensure_ascii)."""
    return "%" + _escape_like(json.dumps(term.lower())[1:-1]) + "%"


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_senders(conn: Connection, term: str) -> Set[str]:
    """Conversations whose id, patient text or bot text contains ``term`` (case-insensitive).

    A bound LIKE parameter narrows the rows in SQL; the match is then confirmed on
    the decoded message text, so JSON keys and escapes never produce false hits.
    """
    needle = term.lower()
    hits = {
        sender
        for (sender,) in conn.execute(
            sa.select(events.c.sender_id)
            .distinct()
            .where(
                sa.func.lower(events.c.sender_id).like(
                    "%" + _escape_like(needle) + "%", escape="\\"
                )
            )
        )
    }
    rows = conn.execute(
        sa.select(events.c.sender_id, events.c.data).where(
            events.c.type_name.in_(("user", "bot")),
            sa.func.lower(events.c.data).like(_like_pattern(term), escape="\\"),
        )
    )
    for sender, raw in rows:
        if sender not in hits and needle in str(_loads(raw).get("text") or "").lower():
            hits.add(sender)
    return hits


def load_summaries(
    conn: Connection,
    console_conn: Optional[Connection] = None,
    only: Optional[Sequence[str]] = None,
) -> List[Summary]:
    """One summary per conversation (sender id) in the tracker store."""
    console_conn = console_conn or conn

    def scoped(query):
        return query.where(events.c.sender_id.in_(list(only))) if only is not None else query

    agg = sa.select(
        events.c.sender_id,
        sa.func.min(events.c.timestamp),
        sa.func.max(events.c.timestamp),
        sa.func.sum(sa.case((events.c.type_name == "user", 1), else_=0)),
    ).group_by(events.c.sender_id)
    agg = scoped(agg)
    summaries: Dict[str, Summary] = {}
    for sender_id, first_ts, last_ts, user_turns in conn.execute(agg):
        summaries[sender_id] = Summary(
            sender_id=sender_id,
            first_ts=first_ts or 0.0,
            last_ts=last_ts or 0.0,
            user_turns=int(user_turns or 0),
        )

    # Disposition and red flags: the slot events (few rows; action_name = slot name).
    slot_rows = conn.execute(
        scoped(sa.select(events.c.sender_id, events.c.id, events.c.action_name, events.c.data))
        .where(events.c.type_name == "slot")
        .where(events.c.action_name.in_(("disposition", "red_flags")))
        .order_by(events.c.id)
    )
    for sender_id, _id, slot, raw in slot_rows:
        summary = summaries.get(sender_id)
        if summary is None:
            continue
        value = _loads(raw).get("value")
        if slot == "disposition":
            if value in SEVERITY:
                summary.latest_disposition = value
                if SEVERITY[value] > summary.severity:
                    summary.disposition = value
        else:
            for flag in _flags(value):
                if flag not in summary.red_flags:
                    summary.red_flags.append(flag)

    # A reply's custom.disposition payload counts even without the slot.
    bot_rows = conn.execute(
        scoped(sa.select(events.c.sender_id, events.c.data))
        .where(events.c.type_name == "bot")
        .where(events.c.data.like('%"disposition"%'))
        .order_by(events.c.id)
    )
    for sender_id, raw in bot_rows:
        value = bot_disposition(_loads(raw))
        summary = summaries.get(sender_id)
        if summary is not None and value is not None:
            summary.emergency_reply = summary.emergency_reply or value == EMERGENCY
            if SEVERITY[value] > summary.severity:
                summary.disposition = value

    # Channel: from the latest user message of each conversation.
    latest_user = (
        scoped(sa.select(sa.func.max(events.c.id)))
        .where(events.c.type_name == "user")
        .group_by(events.c.sender_id)
        .scalar_subquery()
    )
    for sender_id, raw in conn.execute(
        sa.select(events.c.sender_id, events.c.data).where(events.c.id.in_(latest_user))
    ):
        summary = summaries.get(sender_id)
        if summary is not None:
            summary.channel = str(_loads(raw).get("input_channel") or "")

    for row in console_conn.execute(sa.select(tables.reviews)):
        summary = summaries.get(row.sender_id)
        if summary is not None:
            summary.reviewed = bool(row.reviewed)
            summary.follow_up = bool(row.follow_up)
    for sender_id, tag in console_conn.execute(
        sa.select(tables.tags.c.sender_id, tables.tags.c.tag).order_by(tables.tags.c.tag)
    ):
        summary = summaries.get(sender_id)
        if summary is not None:
            summary.tags.append(tag)
    return list(summaries.values())


def _day_bounds(date_from: Optional[dt.date], date_to: Optional[dt.date]) -> Tuple[float, float]:
    lo = (
        dt.datetime.combine(date_from, dt.time.min, tzinfo=dt.timezone.utc).timestamp()
        if date_from
        else float("-inf")
    )
    hi = (
        dt.datetime.combine(
            date_to + dt.timedelta(days=1), dt.time.min, tzinfo=dt.timezone.utc
        ).timestamp()
        if date_to
        else float("inf")
    )
    return lo, hi


def apply_filters(
    summaries: Iterable[Summary],
    filters: Filters,
    search_hits: Optional[Set[str]] = None,
    ignore_disposition: bool = False,
) -> List[Summary]:
    lo, hi = _day_bounds(filters.date_from, filters.date_to)
    out = []
    for s in summaries:
        if not ignore_disposition and filters.disposition:
            if filters.disposition == "none":
                if s.disposition is not None:
                    continue
            elif s.disposition != filters.disposition:
                continue
        if not (lo <= s.last_ts < hi):
            continue
        if filters.channel and s.channel != filters.channel:
            continue
        if filters.reviewed is not None and s.reviewed != filters.reviewed:
            continue
        if filters.follow_up is not None and s.follow_up != filters.follow_up:
            continue
        if filters.red_flag and filters.red_flag not in s.red_flags:
            continue
        if filters.q and search_hits is not None and s.sender_id not in search_hits:
            continue
        out.append(s)
    return out


def sort_latest(summaries: List[Summary]) -> List[Summary]:
    return sorted(summaries, key=lambda s: (-s.last_ts, s.sender_id))


def sort_escalations(summaries: List[Summary]) -> List[Summary]:
    """Emergencies first, then same-day; unreviewed before reviewed; latest first."""
    escalated = [s for s in summaries if s.escalated]
    return sorted(escalated, key=lambda s: (-s.severity, s.reviewed, -s.last_ts, s.sender_id))


def disposition_counts(summaries: Iterable[Summary]) -> Dict[str, int]:
    counts = {d: 0 for d in DISPOSITIONS}
    counts["none"] = 0
    for s in summaries:
        counts[s.disposition or "none"] += 1
    return counts


@dataclass
class Listing:
    items: List[Summary]
    total: int
    page: int
    pages: int
    counts: Dict[str, int]
    channels: List[str]
    red_flags: List[str]


def empty_listing() -> Listing:
    """What the lists show before Rasa has stored anything (no ``events`` table yet)."""
    return Listing(
        items=[], total=0, page=1, pages=1, counts=disposition_counts([]), channels=[], red_flags=[]
    )


def list_conversations(
    conn: Connection,
    filters: Filters,
    page: int = 1,
    per_page: int = 25,
    escalations: bool = False,
    console_conn: Optional[Connection] = None,
) -> Listing:
    summaries = load_summaries(conn, console_conn)
    hits = search_senders(conn, filters.q) if filters.q else None
    without_disposition = apply_filters(summaries, filters, hits, ignore_disposition=True)
    counts = disposition_counts(without_disposition)
    selected = apply_filters(without_disposition, filters, hits)
    ordered = sort_escalations(selected) if escalations else sort_latest(selected)
    total = len(ordered)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    return Listing(
        items=ordered[start : start + per_page],
        total=total,
        page=page,
        pages=pages,
        counts=counts,
        channels=sorted({s.channel for s in summaries if s.channel}),
        red_flags=sorted({f for s in summaries for f in s.red_flags}),
    )


def sender_exists(conn: Connection, sender_id: str) -> bool:
    row = conn.execute(
        sa.select(events.c.id).where(events.c.sender_id == sender_id).limit(1)
    ).first()
    return row is not None


# ---------------------------------------------------------------- transcript


@dataclass
class Turn:
    index: int
    ts: Optional[float] = None
    user_text: Optional[str] = None
    intent: Optional[str] = None
    confidence: Optional[float] = None
    channel: Optional[str] = None
    bot_replies: List[str] = field(default_factory=list)
    slots: List[Tuple[str, Any]] = field(default_factory=list)
    red_flags: List[str] = field(default_factory=list)
    disposition_change: Optional[Tuple[Optional[str], str]] = None
    actions: List[str] = field(default_factory=list)
    escalated: bool = False

    @property
    def time(self) -> str:
        return fmt_ts(self.ts)

    def as_dict(self) -> Dict[str, Any]:
        return {
            "turn": self.index,
            "time": self.time,
            "timestamp": self.ts,
            "user_text": self.user_text,
            "intent": self.intent,
            "confidence": self.confidence,
            "channel": self.channel,
            "red_flags": self.red_flags,
            "disposition_change": (
                {"from": self.disposition_change[0], "to": self.disposition_change[1]}
                if self.disposition_change
                else None
            ),
            "slots": {k: v for k, v in self.slots},
            "bot_replies": self.bot_replies,
            "actions": self.actions,
            "escalated": self.escalated,
        }


def load_events(conn: Connection, sender_id: str) -> List[Dict[str, Any]]:
    rows = conn.execute(
        sa.select(events.c.data).where(events.c.sender_id == sender_id).order_by(events.c.id)
    )
    return [_loads(raw) for (raw,) in rows]


def build_turns(event_dicts: Sequence[Dict[str, Any]]) -> List[Turn]:
    """Group events into turns: each user message opens a new turn."""
    turns: List[Turn] = []
    current = Turn(index=0)
    disposition: Optional[str] = None
    seen_flags: Set[str] = set()

    def has_content(turn: Turn) -> bool:
        return bool(turn.user_text is not None or turn.bot_replies or turn.slots)

    for ev in event_dicts:
        kind = ev.get("event")
        ts = ev.get("timestamp")
        if kind == "user":
            if has_content(current):
                turns.append(current)
            current = Turn(index=len(turns))
            current.ts = ts
            current.user_text = ev.get("text") or ""
            intent = (ev.get("parse_data") or {}).get("intent") or {}
            current.intent = intent.get("name")
            confidence = intent.get("confidence")
            current.confidence = float(confidence) if isinstance(confidence, (int, float)) else None
            current.channel = ev.get("input_channel")
        elif kind == "bot":
            if current.ts is None:
                current.ts = ts
            text = ev.get("text")
            if text:
                current.bot_replies.append(text)
            if bot_disposition(ev) in ESCALATED:
                current.escalated = True
        elif kind == "slot":
            if current.ts is None:
                current.ts = ts
            name, value = ev.get("name"), ev.get("value")
            current.slots.append((str(name), value))
            if name == "red_flags":
                for flag in _flags(value):
                    if flag not in seen_flags:
                        seen_flags.add(flag)
                        current.red_flags.append(flag)
            elif name == "disposition" and value != disposition and value is not None:
                current.disposition_change = (disposition, value)
                disposition = value
                if value in ESCALATED:
                    current.escalated = True
        elif kind == "action":
            name = ev.get("name")
            if name and name != "action_listen":
                current.actions.append(name)
    if has_content(current):
        turns.append(current)
    for i, turn in enumerate(turns):
        turn.index = i
    return turns


@dataclass
class ReviewState:
    reviewed: bool = False
    reviewed_by: Optional[str] = None
    reviewed_at: Optional[float] = None
    follow_up: bool = False
    tags: List[str] = field(default_factory=list)
    notes: List[Dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> Dict[str, Any]:
        return {
            "reviewed": self.reviewed,
            "reviewed_by": self.reviewed_by,
            "reviewed_at": fmt_ts(self.reviewed_at) if self.reviewed_at else None,
            "follow_up": self.follow_up,
            "tags": self.tags,
            "notes": self.notes,
        }


def load_review(conn: Connection, sender_id: str) -> ReviewState:
    state = ReviewState()
    row = conn.execute(
        sa.select(tables.reviews).where(tables.reviews.c.sender_id == sender_id)
    ).first()
    if row is not None:
        state.reviewed = bool(row.reviewed)
        state.reviewed_by = row.reviewed_by
        state.reviewed_at = row.reviewed_at
        state.follow_up = bool(row.follow_up)
    state.tags = [
        t
        for (t,) in conn.execute(
            sa.select(tables.tags.c.tag)
            .where(tables.tags.c.sender_id == sender_id)
            .order_by(tables.tags.c.tag)
        )
    ]
    state.notes = [
        {"id": n.id, "author": n.author, "body": n.body, "time": fmt_ts(n.created_at)}
        for n in conn.execute(
            sa.select(tables.notes)
            .where(tables.notes.c.sender_id == sender_id)
            .order_by(tables.notes.c.id)
        )
    ]
    return state


def summary_for(
    conn: Connection, sender_id: str, console_conn: Optional[Connection] = None
) -> Optional[Summary]:
    found = load_summaries(conn, console_conn, only=[sender_id])
    return found[0] if found else None
