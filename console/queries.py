"""Conversation lists from the precomputed summaries (console_conversations), in SQL.

Filters, counts per disposition, ordering and paging run in the database on one row
per conversation. Review, label and feedback tables are joined only when a filter or
the review-queue order needs them; a page's own review data is then looked up for its
25 rows. Counts come from the daily roll-ups when the filters allow (none, or only a
channel). Only the free-text search (``q``) reads ``events`` (the text is nowhere
else) and is then applied to the candidate rows in Python.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from console.summaries import ESCALATION_RANK, RED_FLAG
from console.transcripts import (
    DISPOSITIONS,
    MATCH,
    OVER,
    UNDER,
    Filters,
    Listing,
    Summary,
    day_bounds,
    search_senders,
    triage_gap,
)
from storage.tables import (
    conversation_facts,
    conversations,
    daily,
    feedback,
    labels,
    reviews,
    tags,
)

c, r, lab = conversations.c, reviews.c, labels.c
_CHUNK = 500


def _feedback_counts():
    helpful = sa.case((feedback.c.helpful == sa.true(), 1), else_=0)
    return (
        sa.select(
            feedback.c.sender_id.label("sender_id"),
            sa.func.sum(helpful).label("helped"),
            sa.func.sum(1 - helpful).label("not_helped"),
        )
        .group_by(feedback.c.sender_id)
        .subquery("fb")
    )


FB = _feedback_counts()
REVIEWED = sa.func.coalesce(r.reviewed, sa.false())
FOLLOW_UP = sa.func.coalesce(r.follow_up, sa.false())
UNDER_TRIAGE = sa.case((lab.expected_rank > c.severity, 1), else_=0)
_inner = conversations.alias("labelled")
# escalated, or labelled as under-triaged (a subquery from the few labels, so that the
# database can use the severity index for the first half and the primary key for the second)
IN_QUEUE = sa.or_(
    c.severity >= ESCALATION_RANK,
    c.sender_id.in_(
        sa.select(labels.c.sender_id)
        .select_from(labels.join(_inner, _inner.c.sender_id == labels.c.sender_id))
        .where(labels.c.expected_rank > _inner.c.severity)
    ),
)
# under-triage first, then emergencies, then same-day; unreviewed first; latest first
QUEUE_ORDER = (UNDER_TRIAGE.desc(), c.severity.desc(), REVIEWED, c.last_ts.desc(), c.sender_id)
LATEST_FIRST = (c.last_ts.desc(), c.sender_id)
# the tables some conversation lists need (dashboard and review-queue queries)
WITH_REVIEW = conversations.outerjoin(reviews, r.sender_id == c.sender_id).outerjoin(
    labels, lab.sender_id == c.sender_id
)


def _joins(filters: Filters, queue: bool):
    """FROM clause with only the tables the filters (and the queue order) need."""
    source = conversations
    if queue or filters.reviewed is not None or filters.follow_up is not None:
        source = source.outerjoin(reviews, r.sender_id == c.sender_id)
    if queue or filters.triage:
        source = source.outerjoin(labels, lab.sender_id == c.sender_id)
    if filters.feedback:
        source = source.outerjoin(FB, FB.c.sender_id == c.sender_id)
    return source


def filter_clauses(filters: Filters, with_disposition: bool = True) -> List[Any]:
    where: List[Any] = []
    if with_disposition and filters.disposition:
        if filters.disposition == "none":
            where.append(c.disposition.is_(None))
        else:
            where.append(c.disposition == filters.disposition)
    lo, hi = day_bounds(filters.date_from, filters.date_to)
    if filters.date_from:
        where.append(c.last_ts >= lo)
    if filters.date_to:
        where.append(c.last_ts < hi)
    if filters.channel:
        where.append(c.channel == filters.channel)
    if filters.reviewed is not None:
        where.append(REVIEWED == (sa.true() if filters.reviewed else sa.false()))
    if filters.follow_up is not None:
        where.append(FOLLOW_UP == (sa.true() if filters.follow_up else sa.false()))
    if filters.red_flag:
        where.append(
            c.sender_id.in_(
                sa.select(conversation_facts.c.sender_id).where(
                    conversation_facts.c.kind == RED_FLAG,
                    conversation_facts.c.value == filters.red_flag,
                )
            )
        )
    triage = {
        UNDER: lab.expected_rank > c.severity,
        OVER: lab.expected_rank < c.severity,
        MATCH: lab.expected_rank == c.severity,
        "labelled": lab.sender_id.isnot(None),
        "unlabelled": lab.sender_id.is_(None),
    }
    if filters.triage:
        where.append(triage[filters.triage])
    fb = {
        "helped": FB.c.helped > 0,
        "not_helped": FB.c.not_helped > 0,
        "any": FB.c.sender_id.isnot(None),
        "none": FB.c.sender_id.is_(None),
    }
    if filters.feedback:
        where.append(fb[filters.feedback])
    return where


def _in_chunks(column, ids: Sequence[str]):
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _summaries(conn: Connection, rows: Sequence[Any]) -> List[Summary]:
    """Summary objects for console_conversations rows, with their review data."""
    items = [
        Summary(
            sender_id=row.sender_id,
            first_ts=row.first_ts,
            last_ts=row.last_ts,
            user_turns=row.user_turns,
            fallback_turns=row.fallback_turns,
            channel=row.channel,
            disposition=row.disposition,
            latest_disposition=row.latest_disposition,
        )
        for row in rows
    ]
    severity = {row.sender_id: row.severity for row in rows}
    by_id = {s.sender_id: s for s in items}
    ids = list(by_id)
    for chunk in _in_chunks(c.sender_id, ids):
        for row in conn.execute(
            sa.select(r.sender_id, r.reviewed, r.follow_up).where(r.sender_id.in_(chunk))
        ):
            by_id[row.sender_id].reviewed = bool(row.reviewed)
            by_id[row.sender_id].follow_up = bool(row.follow_up)
        for row in conn.execute(
            sa.select(lab.sender_id, lab.expected, lab.expected_rank, lab.labelled_by).where(
                lab.sender_id.in_(chunk)
            )
        ):
            item = by_id[row.sender_id]
            item.label, item.labelled_by = row.expected, row.labelled_by
            item.label_gap = triage_gap(row.expected_rank, severity[row.sender_id])
        for sender, helpful, n in conn.execute(
            sa.select(feedback.c.sender_id, feedback.c.helpful, sa.func.count())
            .where(feedback.c.sender_id.in_(chunk))
            .group_by(feedback.c.sender_id, feedback.c.helpful)
        ):
            if helpful:
                by_id[sender].feedback_helped = int(n)
            else:
                by_id[sender].feedback_not_helped = int(n)
        for sender, value in conn.execute(
            sa.select(conversation_facts.c.sender_id, conversation_facts.c.value)
            .where(conversation_facts.c.kind == RED_FLAG, conversation_facts.c.sender_id.in_(chunk))
            .order_by(conversation_facts.c.value)
        ):
            by_id[sender].red_flags.append(value)
        for sender, tag in conn.execute(
            sa.select(tags.c.sender_id, tags.c.tag)
            .where(tags.c.sender_id.in_(chunk))
            .order_by(tags.c.tag)
        ):
            by_id[sender].tags.append(tag)
    return items


def summary_for(conn: Connection, sender_id: str) -> Optional[Summary]:
    row = conn.execute(sa.select(conversations).where(c.sender_id == sender_id)).first()
    return _summaries(conn, [row])[0] if row is not None else None


def _counts(pairs) -> Dict[str, int]:
    counts = {d: 0 for d in DISPOSITIONS}
    counts["none"] = 0
    for disposition, n in pairs:
        counts[disposition or "none"] += int(n or 0)
    return counts


def _rollup_counts(conn: Connection, filters: Filters) -> Optional[Dict[str, int]]:
    """Counts per disposition from console_daily, if the filters allow it."""
    others = filters.as_query()
    others.pop("disposition", None)
    others.pop("channel", None)
    if others:
        return None
    query = sa.select(daily.c.disposition, sa.func.sum(daily.c.conversations)).group_by(
        daily.c.disposition
    )
    if filters.channel:
        query = query.where(daily.c.channel == filters.channel)
    return _counts(conn.execute(query))


def _python_page(rows, filters: Filters, queue: bool):
    """Disposition filter, queue condition and order applied to fetched rows (search path)."""
    if filters.disposition:
        wanted = None if filters.disposition == "none" else filters.disposition
        rows = [row for row in rows if row.disposition == wanted]

    def under(row) -> bool:
        return (row.expected_rank if row.expected_rank is not None else -1) > row.severity

    rows = sorted(rows, key=lambda row: row.sender_id)
    rows.sort(key=lambda row: row.last_ts, reverse=True)
    if queue:
        rows = [row for row in rows if row.severity >= ESCALATION_RANK or under(row)]
        rows.sort(key=lambda row: bool(row.reviewed))
        rows.sort(key=lambda row: row.severity, reverse=True)
        rows.sort(key=under, reverse=True)
    return rows


def _page(total: int, page: int, per_page: Optional[int]):
    pages = max(1, -(-total // per_page)) if per_page else 1
    return min(max(1, page), pages), pages


def list_conversations(
    conn: Connection,
    tracker_conn: Connection,
    filters: Filters,
    page: int = 1,
    per_page: Optional[int] = 25,
    escalations: bool = False,
) -> Listing:
    """One page (``per_page=None``: all) of the filtered list, with counts per disposition."""
    source = _joins(filters, escalations)
    base = filter_clauses(filters, with_disposition=False)
    if filters.q:
        hits = search_senders(tracker_conn, filters.q)
        queue = (REVIEWED.label("reviewed"), lab.expected_rank) if escalations else ()
        candidates = [
            row
            for row in conn.execute(
                sa.select(c.sender_id, c.disposition, c.severity, c.last_ts, *queue)
                .select_from(source)
                .where(*base)
            )
            if row.sender_id in hits
        ]
        counts = _counts((row.disposition, 1) for row in candidates)
        chosen = _python_page(candidates, filters, escalations)
        total = len(chosen)
        page, pages = _page(total, page, per_page)
        if per_page:
            chosen = chosen[(page - 1) * per_page : page * per_page]
        order = {row.sender_id: i for i, row in enumerate(chosen)}
        rows = []
        for chunk in _in_chunks(c.sender_id, list(order)):
            rows.extend(conn.execute(sa.select(conversations).where(c.sender_id.in_(chunk))))
        rows.sort(key=lambda row: order[row.sender_id])
    else:
        rolled_up = _rollup_counts(conn, filters)
        if rolled_up is not None:
            counts = rolled_up
        else:
            counts = _counts(
                conn.execute(
                    sa.select(c.disposition, sa.func.count())
                    .select_from(source)
                    .where(*base)
                    .group_by(c.disposition)
                )
            )
        clauses = filter_clauses(filters) + ([IN_QUEUE] if escalations else [])
        if escalations:
            total = conn.execute(
                sa.select(sa.func.count()).select_from(source).where(*clauses)
            ).scalar_one()
        elif filters.disposition:
            total = counts[filters.disposition]
        else:
            total = sum(counts.values())
        page, pages = _page(total, page, per_page)
        sort_order = QUEUE_ORDER if escalations else LATEST_FIRST
        query = sa.select(conversations).select_from(source).where(*clauses).order_by(*sort_order)
        if per_page:
            query = query.limit(per_page).offset((page - 1) * per_page)
        rows = conn.execute(query).fetchall()
    return Listing(
        items=_summaries(conn, rows),
        total=total,
        page=page,
        pages=pages,
        counts=counts,
        channels=[
            ch
            for (ch,) in conn.execute(
                sa.select(daily.c.channel)
                .where(daily.c.channel != "")
                .distinct()
                .order_by(daily.c.channel)
            )
        ],
        red_flags=[
            v
            for (v,) in conn.execute(
                sa.select(conversation_facts.c.value)
                .where(conversation_facts.c.kind == RED_FLAG)
                .distinct()
                .order_by(conversation_facts.c.value)
            )
        ],
    )
