"""Read-only views of Rasa's ``events`` table: conversation summaries and turns.

All SQL is built with SQLAlchemy expressions (bound parameters only).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple, overload

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


def event_data(raw: Optional[str]) -> Dict[str, Any]:
    """A stored event's JSON ``data`` as a dict ({} when empty or broken)."""
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def event_text(raw: Optional[str]) -> Optional[str]:
    """The text of a stored user or bot event (its ``data`` column)."""
    text = event_data(raw).get("text")
    return text if isinstance(text, str) else None


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


# What a reviewer can say a conversation should have had: a level, or "not a triage".
NOT_TRIAGE = "not_triage"
LABELS = DISPOSITIONS + (NOT_TRIAGE,)
LABEL_RANK = {**SEVERITY, NOT_TRIAGE: 0}
UNDER, OVER, MATCH = "under", "over", "match"
TRIAGE_FILTERS = (UNDER, OVER, MATCH, "labelled", "unlabelled")
FEEDBACK_FILTERS = ("helped", "not_helped", "any", "none")


@overload
def triage_gap(expected_rank: int, severity: int) -> str: ...
@overload
def triage_gap(expected_rank: Optional[int], severity: int) -> Optional[str]: ...
def triage_gap(expected_rank: Optional[int], severity: int) -> Optional[str]:
    """under-triage: the assistant was less urgent than the label; over-triage: more."""
    if expected_rank is None:
        return None
    if expected_rank > severity:
        return UNDER
    return OVER if expected_rank < severity else MATCH


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
    reviewed: bool = False
    follow_up: bool = False
    tags: List[str] = field(default_factory=list)
    fallback_turns: int = 0
    label: Optional[str] = None  # what a reviewer says it should have been
    label_gap: Optional[str] = None  # under | over | match
    labelled_by: Optional[str] = None
    feedback_helped: int = 0
    feedback_not_helped: int = 0

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
            "fallback_turns": self.fallback_turns,
            "label": self.label,
            "label_gap": self.label_gap,
            "feedback": {"helped": self.feedback_helped, "not_helped": self.feedback_not_helped},
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
    triage: Optional[str] = None  # under | over | match | labelled | unlabelled
    feedback: Optional[str] = None  # helped | not_helped | any | none

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

        def choice(name: str, allowed: Sequence[str]) -> Optional[str]:
            value = text(name, 20)
            if value and value not in allowed:
                raise ValueError(f"unknown {name}")
            return value

        return cls(
            disposition=choice("disposition", DISPOSITIONS + ("none",)),
            date_from=date("from"),
            date_to=date("to"),
            channel=text("channel", 64),
            reviewed=yesno("reviewed"),
            red_flag=text("red_flag", 64),
            follow_up=yesno("follow_up"),
            q=text("q"),
            triage=choice("triage", TRIAGE_FILTERS),
            feedback=choice("feedback", FEEDBACK_FILTERS),
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
            ("triage", self.triage),
            ("feedback", self.feedback),
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
        if sender not in hits and needle in str(event_data(raw).get("text") or "").lower():
            hits.add(sender)
    return hits


def day_bounds(date_from: Optional[dt.date], date_to: Optional[dt.date]) -> Tuple[float, float]:
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
    catching_up: Optional[float] = None  # share of events summarised, while behind


def empty_listing() -> Listing:
    """What the lists show before Rasa has stored anything (no ``events`` table yet)."""
    return Listing(
        items=[], total=0, page=1, pages=1, counts=disposition_counts([]), channels=[], red_flags=[]
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
    # parallel to bot_replies; None for an event dict that did not come from load_events
    bot_event_ids: List[Optional[int]] = field(default_factory=list)
    user_event_id: Optional[int] = None
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
            "user_event_id": self.user_event_id,
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


EVENT_ID = "_event_id"  # key under which load_events keeps events.id in each dict


def load_events(conn: Connection, sender_id: str) -> List[Dict[str, Any]]:
    """A conversation's events as Rasa's dicts, each with its ``events.id`` (EVENT_ID)."""
    rows = conn.execute(
        sa.select(events.c.id, events.c.data)
        .where(events.c.sender_id == sender_id)
        .order_by(events.c.id)
    )
    out = []
    for event_id, raw in rows:
        event = event_data(raw)
        event[EVENT_ID] = event_id
        out.append(event)
    return out


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
            current.user_event_id = ev.get(EVENT_ID)
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
                current.bot_event_ids.append(ev.get(EVENT_ID))
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
class Label:
    expected: str
    message_event_id: Optional[int]
    labelled_by: str
    labelled_at: float
    gap: Optional[str] = None

    def as_dict(self) -> Dict[str, Any]:
        return {
            "expected": self.expected,
            "message_event_id": self.message_event_id,
            "labelled_by": self.labelled_by,
            "labelled_at": fmt_ts(self.labelled_at),
            "gap": self.gap,
        }


@dataclass
class Feedback:
    helpful: bool
    comment: Optional[str]
    event_id: Optional[int]
    time: str

    def as_dict(self) -> Dict[str, Any]:
        return {
            "helpful": self.helpful,
            "comment": self.comment,
            "event_id": self.event_id,
            "time": self.time,
        }


@dataclass
class ReviewState:
    reviewed: bool = False
    reviewed_by: Optional[str] = None
    reviewed_at: Optional[float] = None
    follow_up: bool = False
    tags: List[str] = field(default_factory=list)
    notes: List[Dict[str, Any]] = field(default_factory=list)
    label: Optional[Label] = None
    feedback: List[Feedback] = field(default_factory=list)

    def feedback_for(self, event_id: Optional[int]) -> List[Feedback]:
        return [f for f in self.feedback if f.event_id == event_id]

    def as_dict(self) -> Dict[str, Any]:
        return {
            "reviewed": self.reviewed,
            "reviewed_by": self.reviewed_by,
            "reviewed_at": fmt_ts(self.reviewed_at) if self.reviewed_at else None,
            "follow_up": self.follow_up,
            "tags": self.tags,
            "notes": self.notes,
            "label": self.label.as_dict() if self.label else None,
            "feedback": [f.as_dict() for f in self.feedback],
        }


def load_review(conn: Connection, sender_id: str, severity: int = 0) -> ReviewState:
    """Review, tags, notes, label (with its gap against ``severity``) and patient feedback."""
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
    label = conn.execute(
        sa.select(tables.labels).where(tables.labels.c.sender_id == sender_id)
    ).first()
    if label is not None:
        state.label = Label(
            expected=label.expected,
            message_event_id=label.message_event_id,
            labelled_by=label.labelled_by,
            labelled_at=label.labelled_at,
            gap=triage_gap(label.expected_rank, severity),
        )
    state.feedback = [
        Feedback(bool(f.helpful), f.comment, f.event_id, fmt_ts(f.updated_at))
        for f in conn.execute(
            sa.select(tables.feedback)
            .where(tables.feedback.c.sender_id == sender_id)
            .order_by(tables.feedback.c.id)
        )
    ]
    return state
