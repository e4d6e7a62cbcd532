"""Conversation lists from the precomputed summaries (console_conversations), in SQL.

Filters, counts per disposition, ordering and paging run in the database on one row
per conversation, with the review, label and feedback tables joined. Only the free
text search (``q``) still reads ``events`` (the text is nowhere else) and is then
applied to the candidate rows in Python.
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
from storage.tables import conversation_facts, conversations, feedback, labels, reviews, tags

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
JOINED = (
    conversations.outerjoin(reviews, r.sender_id == c.sender_id)
    .outerjoin(labels, lab.sender_id == c.sender_id)
    .outerjoin(FB, FB.c.sender_id == c.sender_id)
)
REVIEWED = sa.func.coalesce(r.reviewed, sa.false())
UNDER_TRIAGE = sa.case((lab.expected_rank > c.severity, 1), else_=0)
IN_QUEUE = sa.or_(c.severity >= ESCALATION_RANK, lab.expected_rank > c.severity)
ROW_COLUMNS = (
    c.sender_id,
    c.first_ts,
    c.last_ts,
    c.user_turns,
    c.fallback_turns,
    c.channel,
    c.severity,
    c.disposition,
    c.latest_disposition,
    REVIEWED.label("reviewed"),
    sa.func.coalesce(r.follow_up, sa.false()).label("follow_up"),
    lab.expected,
    lab.expected_rank,
    lab.labelled_by,
    sa.func.coalesce(FB.c.helped, 0).label("helped"),
    sa.func.coalesce(FB.c.not_helped, 0).label("not_helped"),
)
LATEST_FIRST = (c.last_ts.desc(), c.sender_id)
# under-triage first, then emergencies, then same-day; unreviewed first; latest first
QUEUE_ORDER = (UNDER_TRIAGE.desc(), c.severity.desc(), REVIEWED, c.last_ts.desc(), c.sender_id)


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
        follow = sa.func.coalesce(r.follow_up, sa.false())
        where.append(follow == (sa.true() if filters.follow_up else sa.false()))
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


def _summaries(conn: Connection, rows: Sequence[Any]) -> List[Summary]:
    """Summary objects for rows of ROW_COLUMNS, with their red flags and tags."""
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
            reviewed=bool(row.reviewed),
            follow_up=bool(row.follow_up),
            label=row.expected,
            label_gap=triage_gap(row.expected_rank, row.severity),
            labelled_by=row.labelled_by,
            feedback_helped=int(row.helped or 0),
            feedback_not_helped=int(row.not_helped or 0),
        )
        for row in rows
    ]
    by_id = {s.sender_id: s for s in items}
    ids = list(by_id)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
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
    row = conn.execute(
        sa.select(*ROW_COLUMNS).select_from(JOINED).where(c.sender_id == sender_id)
    ).first()
    return _summaries(conn, [row])[0] if row is not None else None


def _counts(pairs) -> Dict[str, int]:
    counts = {d: 0 for d in DISPOSITIONS}
    counts["none"] = 0
    for disposition, n in pairs:
        counts[disposition or "none"] += int(n)
    return counts


def _selected(filters: Filters, counts: Dict[str, int]) -> int:
    if filters.disposition:
        return counts[filters.disposition]
    return sum(counts.values())


def _python_page(rows, filters: Filters, escalations: bool):
    """Disposition filter, queue condition and order applied to fetched rows (search path)."""
    if filters.disposition:
        wanted = None if filters.disposition == "none" else filters.disposition
        rows = [row for row in rows if row.disposition == wanted]
    if escalations:
        rows = [
            row
            for row in rows
            if row.severity >= ESCALATION_RANK or (row.expected_rank or 0) > row.severity
        ]
        rows.sort(key=lambda row: row.sender_id)
        rows.sort(key=lambda row: row.last_ts, reverse=True)
        rows.sort(key=lambda row: bool(row.reviewed))
        rows.sort(key=lambda row: row.severity, reverse=True)
        rows.sort(key=lambda row: (row.expected_rank or 0) > row.severity, reverse=True)
    else:
        rows.sort(key=lambda row: row.sender_id)
        rows.sort(key=lambda row: row.last_ts, reverse=True)
    return rows


def list_conversations(
    conn: Connection,
    tracker_conn: Connection,
    filters: Filters,
    page: int = 1,
    per_page: Optional[int] = 25,
    escalations: bool = False,
) -> Listing:
    """One page (``per_page=None``: all) of the filtered list, with counts per disposition."""
    base = filter_clauses(filters, with_disposition=False)
    if filters.q:
        hits = search_senders(tracker_conn, filters.q)
        rows = [
            row
            for row in conn.execute(sa.select(*ROW_COLUMNS).select_from(JOINED).where(*base))
            if row.sender_id in hits
        ]
        counts = _counts((row.disposition, 1) for row in rows)
        rows = _python_page(rows, filters, escalations)
        total = len(rows)
        pages = max(1, -(-total // per_page)) if per_page else 1
        page = min(max(1, page), pages)
        if per_page:
            rows = rows[(page - 1) * per_page : page * per_page]
    else:
        counts = _counts(
            conn.execute(
                sa.select(c.disposition, sa.func.count())
                .select_from(JOINED)
                .where(*base)
                .group_by(c.disposition)
            )
        )
        chosen = filter_clauses(filters) + ([IN_QUEUE] if escalations else [])
        if escalations:
            total = conn.execute(
                sa.select(sa.func.count()).select_from(JOINED).where(*chosen)
            ).scalar_one()
        else:
            total = _selected(filters, counts)
        order = QUEUE_ORDER if escalations else LATEST_FIRST
        query = sa.select(*ROW_COLUMNS).select_from(JOINED).where(*chosen).order_by(*order)
        pages = max(1, -(-total // per_page)) if per_page else 1
        page = min(max(1, page), pages)
        if per_page:
            query = query.limit(per_page).offset((page - 1) * per_page)
        rows = conn.execute(query).fetchall()
    items = _summaries(conn, rows)
    return Listing(
        items=items,
        total=total,
        page=page,
        pages=pages,
        counts=counts,
        channels=[
            ch
            for (ch,) in conn.execute(
                sa.select(c.channel).where(c.channel != "").distinct().order_by(c.channel)
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
