"""Dashboard figures for a date range, from the precomputed summaries and roll-ups.

Conversations per day, escalation and fallback rates and FAQ topics come from the
daily roll-ups (``console_daily``, ``console_daily_topics``: a few rows per day); the
review figures from the escalated or labelled conversations only, and the small
review / label / feedback tables. Nothing here reads Rasa's ``events`` table. A
conversation belongs to the UTC day it started on.

Definitions (also shown on the page):

* escalation rate: conversations that reached doctor_today or emergency / all;
* fallback rate: patient messages the assistant did not understand (intent
  ``nlu_fallback`` or a rephrase / default fallback reply) / all patient messages;
* review queue: conversations that escalated or that a reviewer labelled as
  under-triaged; backlog: those in the queue not yet marked reviewed;
* time to first review: from the first escalation (or the start, if it never
  escalated) to the first time the conversation was marked reviewed;
* under-/over-triage: label more / less urgent than the most urgent disposition the
  assistant gave (see console.transcripts.triage_gap).
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from console.queries import REVIEWED
from console.summaries import ESCALATION_RANK, Progress
from console.transcripts import DISPOSITIONS, EMERGENCY, ESCALATED, MATCH, OVER, UNDER
from storage.tables import (
    conversations,
    daily,
    daily_topics,
    feedback,
    first_reviews,
    labels,
    reviews,
)

c = conversations.c
DEFAULT_DAYS = 28
MAX_DAYS = 1100
DAILY_UP_TO = 92  # longer ranges are shown per week
TOP_TOPICS = 10
NONE = "none"
UNKNOWN_CHANNEL = "unknown"


PRESETS = ((7, "7 days"), (28, "28 days"), (90, "90 days"), (365, "a year"))


def default_range(today: Optional[dt.date] = None) -> Tuple[dt.date, dt.date]:
    today = today or dt.datetime.now(dt.timezone.utc).date()
    return today - dt.timedelta(days=DEFAULT_DAYS - 1), today


def parse_range(get) -> Tuple[dt.date, dt.date]:
    """``from`` / ``to`` (YYYY-MM-DD, inclusive) or the last 28 days; ValueError if bad."""
    start, end = default_range()
    raw_from, raw_to = (get("from") or "").strip()[:10], (get("to") or "").strip()[:10]
    if raw_to:
        end = dt.date.fromisoformat(raw_to)
        if not raw_from:
            start = end - dt.timedelta(days=DEFAULT_DAYS - 1)
    if raw_from:
        start = dt.date.fromisoformat(raw_from)
    if start > end:
        raise ValueError("The start date is after the end date.")
    if (end - start).days >= MAX_DAYS:
        raise ValueError(f"Choose at most {MAX_DAYS} days.")
    return start, end


def week_of(day: str) -> str:
    """The Monday (YYYY-MM-DD) of the ISO week of ``day``."""
    date = dt.date.fromisoformat(day)
    return (date - dt.timedelta(days=date.weekday())).isoformat()


def _ratio(numerator: float, denominator: float) -> Optional[float]:
    return numerator / denominator if denominator else None


@dataclass
class Metrics:
    date_from: dt.date
    date_to: dt.date
    bucket: str  # "day" or "week"
    periods: List[str]
    weeks: List[str]
    by_disposition: Dict[str, List[int]]
    by_channel: Dict[str, List[int]]
    escalation_rate: List[Optional[float]]
    emergency_rate: List[Optional[float]]
    fallback_rate: List[Optional[float]]
    conversations: int = 0
    escalated: int = 0
    emergencies: int = 0
    user_turns: int = 0
    fallback_turns: int = 0
    queue: int = 0
    backlog: int = 0
    reviewed_per_week: List[int] = field(default_factory=list)
    awaiting_per_week: List[int] = field(default_factory=list)
    median_review_hours: Optional[float] = None
    median_review_hours_per_week: List[Optional[float]] = field(default_factory=list)
    reviewed_count: int = 0
    labels_per_week: Dict[str, List[int]] = field(default_factory=dict)
    label_totals: Dict[str, int] = field(default_factory=dict)
    topics: List[Tuple[str, int]] = field(default_factory=list)
    feedback_per_week: Dict[str, List[int]] = field(default_factory=dict)
    feedback_totals: Dict[str, int] = field(default_factory=dict)
    progress: Optional[Progress] = None

    @property
    def overall_escalation_rate(self) -> Optional[float]:
        return _ratio(self.escalated, self.conversations)

    @property
    def overall_fallback_rate(self) -> Optional[float]:
        return _ratio(self.fallback_turns, self.user_turns)

    @property
    def helped_rate(self) -> Optional[float]:
        helped = self.feedback_totals.get("helped", 0)
        return _ratio(helped, helped + self.feedback_totals.get("not_helped", 0))


def _days(start: dt.date, end: dt.date) -> List[str]:
    return [(start + dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def compute(conn: Connection, date_from: dt.date, date_to: dt.date) -> Metrics:
    days = _days(date_from, date_to)
    weeks = sorted({week_of(d) for d in days})
    bucket = "day" if len(days) <= DAILY_UP_TO else "week"
    periods = days if bucket == "day" else weeks
    slot = {p: i for i, p in enumerate(periods)}
    week_slot = {w: i for i, w in enumerate(weeks)}

    def period(day: str) -> int:
        return slot[day if bucket == "day" else week_of(day)]

    # The review, label and feedback queries start from those small tables (or from the
    # escalated conversations): the day range is applied through substr() so that no
    # planner (SQLite's least) walks every conversation of a long range by its day index.
    day_expr = sa.func.substr(c.start_day, 1, 10)
    in_range = sa.and_(day_expr >= days[0], day_expr <= days[-1])
    daily_range = sa.and_(daily.c.day >= days[0], daily.c.day <= days[-1])
    zeros = [0] * len(periods)
    by_disposition = {d: list(zeros) for d in DISPOSITIONS + (NONE,)}
    by_channel: Dict[str, List[int]] = {}
    total, escalated, emergencies = list(zeros), list(zeros), list(zeros)
    turns, fallbacks = list(zeros), list(zeros)
    rows = conn.execute(
        sa.select(
            daily.c.day,
            daily.c.disposition,
            daily.c.channel,
            daily.c.conversations,
            daily.c.user_turns,
            daily.c.fallback_turns,
        ).where(daily_range)
    )
    for day, disposition, channel, n, user_turns, fallback_turns in rows:
        i = period(day)
        disposition = disposition or NONE  # "" in the roll-up
        by_disposition[disposition][i] += n
        by_channel.setdefault(channel or UNKNOWN_CHANNEL, list(zeros))[i] += n
        total[i] += n
        if disposition in ESCALATED:
            escalated[i] += n
        if disposition == EMERGENCY:
            emergencies[i] += n
        turns[i] += int(user_turns or 0)
        fallbacks[i] += int(fallback_turns or 0)

    metrics = Metrics(
        date_from=date_from,
        date_to=date_to,
        bucket=bucket,
        periods=periods,
        weeks=weeks,
        by_disposition=by_disposition,
        by_channel=dict(sorted(by_channel.items(), key=lambda kv: -sum(kv[1]))),
        escalation_rate=[_ratio(e, t) for e, t in zip(escalated, total, strict=True)],
        emergency_rate=[_ratio(e, t) for e, t in zip(emergencies, total, strict=True)],
        fallback_rate=[_ratio(f, t) for f, t in zip(fallbacks, turns, strict=True)],
        conversations=sum(total),
        escalated=sum(escalated),
        emergencies=sum(emergencies),
        user_turns=sum(turns),
        fallback_turns=sum(fallbacks),
    )

    # review queue and backlog, per week of the conversation's start
    reviewed, awaiting = [0] * len(weeks), [0] * len(weeks)
    with_reviews = conversations.outerjoin(reviews, reviews.c.sender_id == c.sender_id)
    escalated_rows = conn.execute(
        sa.select(day_expr, REVIEWED, sa.func.count())
        .select_from(with_reviews)
        .where(in_range, c.severity >= ESCALATION_RANK)
        .group_by(day_expr, REVIEWED)
    ).fetchall()
    under_rows = conn.execute(  # labelled as under-triaged without having escalated
        sa.select(day_expr, REVIEWED, sa.func.count())
        .select_from(with_reviews.join(labels, labels.c.sender_id == c.sender_id))
        # "+ 0": start from the (few) labels, not from every non-escalated conversation
        .where(in_range, c.severity + 0 < ESCALATION_RANK, labels.c.expected_rank > c.severity)
        .group_by(day_expr, REVIEWED)
    ).fetchall()
    for start, is_reviewed, n in escalated_rows + under_rows:
        (reviewed if is_reviewed else awaiting)[week_slot[week_of(start)]] += n
    metrics.reviewed_per_week, metrics.awaiting_per_week = reviewed, awaiting
    metrics.queue, metrics.backlog = sum(reviewed) + sum(awaiting), sum(awaiting)

    # time to first review (hours)
    waits: Dict[str, List[float]] = {}
    for start, seconds in conn.execute(
        sa.select(
            day_expr,
            first_reviews.c.reviewed_at - sa.func.coalesce(c.escalated_at, c.first_ts),
        )
        .select_from(conversations.join(first_reviews, first_reviews.c.sender_id == c.sender_id))
        .where(in_range)
    ):
        waits.setdefault(week_of(start), []).append(max(0.0, float(seconds)) / 3600)
    every_wait = [w for values in waits.values() for w in values]
    metrics.reviewed_count = len(every_wait)
    metrics.median_review_hours = statistics.median(every_wait) if every_wait else None
    metrics.median_review_hours_per_week = [
        statistics.median(waits[w]) if w in waits else None for w in weeks
    ]

    # reviewers' labels: under-, over-triage and agreement, per week
    gap = sa.case(
        (labels.c.expected_rank > c.severity, UNDER),
        (labels.c.expected_rank < c.severity, OVER),
        else_=MATCH,
    )
    per_week = {name: [0] * len(weeks) for name in (UNDER, OVER, MATCH)}
    for start, name, n in conn.execute(
        sa.select(day_expr, gap, sa.func.count())
        .select_from(conversations.join(labels, labels.c.sender_id == c.sender_id))
        .where(in_range)
        .group_by(day_expr, gap)
    ):
        per_week[name][week_slot[week_of(start)]] += n
    metrics.labels_per_week = per_week
    metrics.label_totals = {name: sum(values) for name, values in per_week.items()}

    # most asked FAQ topics
    total_n = sa.func.sum(daily_topics.c.n)
    metrics.topics = [
        (topic, int(n))
        for topic, n in conn.execute(
            sa.select(daily_topics.c.topic, total_n)
            .where(daily_topics.c.day >= days[0], daily_topics.c.day <= days[-1])
            .group_by(daily_topics.c.topic)
            .order_by(total_n.desc(), daily_topics.c.topic)
            .limit(TOP_TOPICS)
        )
    ]

    # patient feedback from the widget
    fb = {"helped": [0] * len(weeks), "not_helped": [0] * len(weeks)}
    for start, helpful, n in conn.execute(
        sa.select(day_expr, feedback.c.helpful, sa.func.count())
        .select_from(conversations.join(feedback, feedback.c.sender_id == c.sender_id))
        .where(in_range)
        .group_by(day_expr, feedback.c.helpful)
    ):
        fb["helped" if helpful else "not_helped"][week_slot[week_of(start)]] += n
    metrics.feedback_per_week = fb
    metrics.feedback_totals = {name: sum(values) for name, values in fb.items()}
    return metrics


def as_dict(m: Metrics) -> Dict[str, object]:
    """The figures as JSON (``/api/dashboard``)."""
    return {
        "from": m.date_from.isoformat(),
        "to": m.date_to.isoformat(),
        "bucket": m.bucket,
        "periods": m.periods,
        "weeks": m.weeks,
        "conversations": m.conversations,
        "by_disposition": m.by_disposition,
        "by_channel": m.by_channel,
        "escalated": m.escalated,
        "emergencies": m.emergencies,
        "escalation_rate": m.overall_escalation_rate,
        "escalation_rate_per_period": m.escalation_rate,
        "user_messages": m.user_turns,
        "fallback_messages": m.fallback_turns,
        "fallback_rate": m.overall_fallback_rate,
        "fallback_rate_per_period": m.fallback_rate,
        "review_queue": m.queue,
        "review_backlog": m.backlog,
        "reviewed_per_week": m.reviewed_per_week,
        "awaiting_per_week": m.awaiting_per_week,
        "median_hours_to_first_review": m.median_review_hours,
        "median_hours_to_first_review_per_week": m.median_review_hours_per_week,
        "labels": m.label_totals,
        "labels_per_week": m.labels_per_week,
        "faq_topics": m.topics,
        "feedback": m.feedback_totals,
        "feedback_per_week": m.feedback_per_week,
        "summaries_caught_up": m.progress.caught_up if m.progress else True,
    }
