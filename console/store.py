"""Synchronous data access used by the web app and the CLI (run in a thread pool)."""

from __future__ import annotations

import json
import time
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from console import schema, transcripts
from console.config import Settings

MAX_TAG_LENGTH = 40
MAX_NOTE_LENGTH = 4000


class Store:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.tracker_engine: Engine = schema.make_engine(settings.tracker_db_url)
        self.console_engine: Engine = schema.make_engine(settings.console_db_url)
        self.same_db = settings.tracker_db_url == settings.console_db_url

    def init(self) -> None:
        schema.create_console_tables(self.console_engine)
        # Make sure the events table exists even before Rasa has started, so that
        # the console works on an empty installation.
        schema.events.metadata.create_all(self.tracker_engine, checkfirst=True)

    # ------------------------------------------------------------ reading
    def listing(self, filters, page: int, per_page: int, escalations: bool):
        with self.tracker_engine.connect() as conn, self.console_engine.connect() as cconn:
            return transcripts.list_conversations(
                conn,
                filters,
                page=page,
                per_page=per_page,
                escalations=escalations,
                console_conn=cconn,
            )

    def conversation(self, sender_id: str):
        with self.tracker_engine.connect() as conn, self.console_engine.connect() as cconn:
            summary = transcripts.summary_for(conn, sender_id, cconn)
            if summary is None:
                return None
            turns = transcripts.build_turns(transcripts.load_events(conn, sender_id))
            review = transcripts.load_review(cconn, sender_id)
            return summary, turns, review

    def export_records(self, filters=None, sender_id: Optional[str] = None, redact: bool = False):
        from console.export import conversation_record

        with self.tracker_engine.connect() as conn, self.console_engine.connect() as cconn:
            if sender_id is not None:
                summary = transcripts.summary_for(conn, sender_id, cconn)
                summaries = [summary] if summary else []
            else:
                all_summaries = transcripts.load_summaries(conn, cconn)
                hits = transcripts.search_senders(conn, filters.q) if filters.q else None
                summaries = transcripts.sort_latest(
                    transcripts.apply_filters(all_summaries, filters, hits)
                )
            records = []
            for summary in summaries:
                turns = transcripts.build_turns(transcripts.load_events(conn, summary.sender_id))
                records.append(conversation_record(summary, turns, redact))
            return records

    def exists(self, sender_id: str) -> bool:
        with self.tracker_engine.connect() as conn:
            return transcripts.sender_exists(conn, sender_id)

    # ------------------------------------------------------------ review workflow
    def set_review(
        self, sender_id: str, user: str, reviewed: Optional[bool], follow_up: Optional[bool]
    ) -> None:
        now = time.time()
        with self.console_engine.begin() as conn:
            row = conn.execute(
                sa.select(schema.reviews).where(schema.reviews.c.sender_id == sender_id)
            ).first()
            values: Dict[str, Any] = {"updated_at": now}
            if reviewed is not None:
                values["reviewed"] = reviewed
                values["reviewed_by"] = user if reviewed else None
                values["reviewed_at"] = now if reviewed else None
            if follow_up is not None:
                values["follow_up"] = follow_up
            if row is None:
                values.setdefault("reviewed", False)
                values.setdefault("follow_up", False)
                conn.execute(schema.reviews.insert().values(sender_id=sender_id, **values))
            else:
                conn.execute(
                    schema.reviews.update()
                    .where(schema.reviews.c.sender_id == sender_id)
                    .values(**values)
                )
            schema.write_audit(
                conn,
                user,
                "review_update",
                sender_id,
                {"reviewed": reviewed, "follow_up": follow_up},
            )

    def add_tag(self, sender_id: str, user: str, tag: str) -> None:
        tag = " ".join(tag.split())[:MAX_TAG_LENGTH].lower()
        if not tag:
            raise ValueError("Empty tag.")
        with self.console_engine.begin() as conn:
            exists = conn.execute(
                sa.select(schema.tags.c.id).where(
                    schema.tags.c.sender_id == sender_id, schema.tags.c.tag == tag
                )
            ).first()
            if exists is None:
                conn.execute(
                    schema.tags.insert().values(
                        sender_id=sender_id, tag=tag, created_by=user, created_at=time.time()
                    )
                )
            schema.write_audit(conn, user, "tag_add", sender_id, {"tag": tag})

    def remove_tag(self, sender_id: str, user: str, tag: str) -> None:
        with self.console_engine.begin() as conn:
            conn.execute(
                schema.tags.delete().where(
                    schema.tags.c.sender_id == sender_id, schema.tags.c.tag == tag
                )
            )
            schema.write_audit(conn, user, "tag_remove", sender_id, {"tag": tag[:MAX_TAG_LENGTH]})

    def add_note(self, sender_id: str, user: str, body: str) -> None:
        body = body.strip()
        if not body:
            raise ValueError("Empty note.")
        if len(body) > MAX_NOTE_LENGTH:
            raise ValueError(f"Notes are limited to {MAX_NOTE_LENGTH} characters.")
        with self.console_engine.begin() as conn:
            conn.execute(
                schema.notes.insert().values(
                    sender_id=sender_id, author=user, body=body, created_at=time.time()
                )
            )
            # the audit log records that a note was added, not what it says
            schema.write_audit(conn, user, "note_add", sender_id, {"length": len(body)})

    # ------------------------------------------------------------ audit
    def audit(
        self,
        actor: str,
        action: str,
        target: Optional[str] = None,
        detail: Optional[Dict[str, Any]] = None,
        ip: Optional[str] = None,
    ) -> None:
        with self.console_engine.begin() as conn:
            schema.write_audit(conn, actor, action, target, detail, ip)

    def audit_page(
        self, page: int, per_page: int = 50, action: Optional[str] = None
    ) -> Tuple[List[Dict[str, Any]], int]:
        with self.console_engine.connect() as conn:
            query = sa.select(schema.audit)
            count = sa.select(sa.func.count()).select_from(schema.audit)
            if action:
                query = query.where(schema.audit.c.action == action)
                count = count.where(schema.audit.c.action == action)
            total = conn.execute(count).scalar_one()
            rows = conn.execute(
                query.order_by(schema.audit.c.id.desc())
                .limit(per_page)
                .offset((page - 1) * per_page)
            )
            items = [
                {
                    "id": r.id,
                    "time": transcripts.fmt_ts(r.ts),
                    "actor": r.actor,
                    "action": r.action,
                    "target": r.target,
                    "detail": json.loads(r.detail or "{}"),
                    "ip": r.ip,
                }
                for r in rows
            ]
            return items, total

    # ------------------------------------------------------------ retention
    def purge(
        self, older_than_days: int, dry_run: bool, actor: str = "retention"
    ) -> Dict[str, Any]:
        if older_than_days < 1:
            raise ValueError("older_than_days must be at least 1")
        cutoff = time.time() - older_than_days * 86400
        events = schema.events
        with self.tracker_engine.begin() as conn:
            stale = [
                sender
                for (sender,) in conn.execute(
                    sa.select(events.c.sender_id)
                    .group_by(events.c.sender_id)
                    .having(sa.func.max(events.c.timestamp) < cutoff)
                )
            ]
            rows = 0
            if stale and not dry_run:
                rows = schema.delete_tracker_rows(conn, stale)
                if self.same_db:
                    schema.delete_console_rows(conn, stale)
        if stale and not dry_run and not self.same_db:
            with self.console_engine.begin() as conn:
                schema.delete_console_rows(conn, stale)
        result = {
            "older_than_days": older_than_days,
            "dry_run": dry_run,
            "conversations": len(stale),
            "events_deleted": rows,
        }
        self.audit(actor, "retention_purge_dry_run" if dry_run else "retention_purge", None, result)
        result["sender_ids"] = stale
        return result
