"""All of the console's database work (synchronous; the web app runs it in a thread pool).

Handlers and the command line call these methods; none of them opens a connection
or a transaction itself. Rules about accounts ("there must remain one active admin")
live here too, inside the transaction that changes the account.
"""

from __future__ import annotations

import json
import time
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from console import dashboard, export, queries, security, transcripts
from console.config import Settings
from console.summaries import EVENT_COLUMNS as SUMMARY_EVENT_COLUMNS
from console.summaries import Folded, Progress, Summaries
from storage import deletion, engines, tables
from storage.audit import write_audit

MAX_TAG_LENGTH = 40
MAX_NOTE_LENGTH = 4000
REQUEST_REFRESH_EVENTS = 5000  # a request folds at most this many new events itself


class Store:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.tracker_engine: Engine = engines.make_engine(settings.tracker_db_url)
        self.console_engine: Engine = engines.make_engine(settings.console_db_url)
        self.same_db = settings.tracker_db_url == settings.console_db_url
        self.summaries = Summaries(self.tracker_engine, self.console_engine)
        self._events_exist = False

    def init(self) -> None:
        """Create the console's own tables. Rasa's ``events`` table is Rasa's to create."""
        tables.create_console_tables(self.console_engine)

    def events_exist(self) -> bool:
        """Whether Rasa has created ``events`` yet (until then: no conversations)."""
        if not self._events_exist:
            self._events_exist = engines.has_table(self.tracker_engine, tables.events.name)
        return self._events_exist

    # ------------------------------------------------------------ summaries
    def refresh_summaries(self, max_events: int = 20_000) -> Optional[Progress]:
        """Fold new events into the summaries (None while Rasa has no events table)."""
        if not self.events_exist():
            return None
        return self.summaries.refresh(max_events)

    def rebuild_summaries(self) -> Progress:
        if not self.events_exist():
            return Progress(watermark=0, max_event_id=0)
        return self.summaries.rebuild()

    def summary_progress(self) -> Optional[Progress]:
        return self.summaries.progress() if self.events_exist() else None

    def _fresh(self) -> Optional[Progress]:
        """Bring the summaries up to date before a read (bounded); None: no events yet."""
        return self.refresh_summaries(REQUEST_REFRESH_EVENTS)

    # ------------------------------------------------------------ reading
    def listing(self, filters, page: int, per_page: int, escalations: bool):
        progress = self._fresh()
        if progress is None:
            return transcripts.empty_listing()
        with self.console_engine.connect() as conn, self.tracker_engine.connect() as tconn:
            result = queries.list_conversations(conn, tconn, filters, page, per_page, escalations)
        if not progress.caught_up:
            result.catching_up = progress.watermark / max(1, progress.max_event_id)
        return result

    def _summary(self, cconn, tconn, sender_id: str) -> Optional[transcripts.Summary]:
        summary = queries.summary_for(cconn, sender_id)
        if summary is None and transcripts.sender_exists(tconn, sender_id):
            # not folded in yet (the summaries are still catching up): fold it here
            folded = Folded(sender_id)
            for row in tconn.execute(
                sa.select(*SUMMARY_EVENT_COLUMNS)
                .where(tables.events.c.sender_id == sender_id)
                .order_by(tables.events.c.id)
            ):
                folded.fold(row)
            summary = transcripts.Summary(
                sender_id=sender_id,
                first_ts=folded.first_ts,
                last_ts=folded.last_ts,
                user_turns=folded.user_turns,
                fallback_turns=folded.fallback_turns,
                channel=folded.channel,
                disposition=folded.disposition,
                latest_disposition=folded.latest_disposition,
                red_flags=sorted(v for (kind, v) in folded.facts if kind == "red_flag"),
            )
        return summary

    def conversation(self, sender_id: str):
        if not self._fresh():
            return None
        with self.tracker_engine.connect() as tconn, self.console_engine.connect() as cconn:
            summary = self._summary(cconn, tconn, sender_id)
            if summary is None:
                return None
            turns = transcripts.build_turns(transcripts.load_events(tconn, sender_id))
            review = transcripts.load_review(cconn, sender_id, summary.severity)
            return summary, turns, review

    def export_records(self, filters=None, sender_id: Optional[str] = None, redact: bool = False):
        if not self._fresh():
            return []
        with self.tracker_engine.connect() as tconn, self.console_engine.connect() as cconn:
            if sender_id is not None:
                summary = self._summary(cconn, tconn, sender_id)
                summaries = [summary] if summary else []
            else:
                summaries = queries.list_conversations(cconn, tconn, filters, per_page=None).items
            records = []
            for summary in summaries:
                turns = transcripts.build_turns(transcripts.load_events(tconn, summary.sender_id))
                review = transcripts.load_review(cconn, summary.sender_id, summary.severity)
                records.append(export.conversation_record(summary, turns, redact, review))
            return records

    def exists(self, sender_id: str) -> bool:
        if not self.events_exist():
            return False
        with self.tracker_engine.connect() as conn:
            return transcripts.sender_exists(conn, sender_id)

    def dashboard(self, date_from, date_to) -> dashboard.Metrics:
        progress = self._fresh()
        with self.console_engine.connect() as conn:
            metrics = dashboard.compute(conn, date_from, date_to)
        metrics.progress = progress
        return metrics

    # ------------------------------------------------------------ review workflow
    def set_review(
        self, sender_id: str, user: str, reviewed: Optional[bool], follow_up: Optional[bool]
    ) -> None:
        now = time.time()
        reviews = tables.reviews
        with self.console_engine.begin() as conn:
            row = conn.execute(sa.select(reviews).where(reviews.c.sender_id == sender_id)).first()
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
                conn.execute(reviews.insert().values(sender_id=sender_id, **values))
            else:
                conn.execute(
                    reviews.update().where(reviews.c.sender_id == sender_id).values(**values)
                )
            firsts = tables.first_reviews
            if (
                reviewed
                and conn.execute(
                    sa.select(firsts.c.sender_id).where(firsts.c.sender_id == sender_id)
                ).first()
                is None
            ):
                conn.execute(
                    firsts.insert().values(sender_id=sender_id, reviewed_at=now, reviewed_by=user)
                )
            write_audit(
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
        tags = tables.tags
        with self.console_engine.begin() as conn:
            exists = conn.execute(
                sa.select(tags.c.id).where(tags.c.sender_id == sender_id, tags.c.tag == tag)
            ).first()
            if exists is None:
                conn.execute(
                    tags.insert().values(
                        sender_id=sender_id, tag=tag, created_by=user, created_at=time.time()
                    )
                )
            write_audit(conn, user, "tag_add", sender_id, {"tag": tag})

    def remove_tag(self, sender_id: str, user: str, tag: str) -> None:
        tags = tables.tags
        with self.console_engine.begin() as conn:
            conn.execute(tags.delete().where(tags.c.sender_id == sender_id, tags.c.tag == tag))
            write_audit(conn, user, "tag_remove", sender_id, {"tag": tag[:MAX_TAG_LENGTH]})

    def add_note(self, sender_id: str, user: str, body: str) -> None:
        body = body.strip()
        if not body:
            raise ValueError("Empty note.")
        if len(body) > MAX_NOTE_LENGTH:
            raise ValueError(f"Notes are limited to {MAX_NOTE_LENGTH} characters.")
        with self.console_engine.begin() as conn:
            conn.execute(
                tables.notes.insert().values(
                    sender_id=sender_id, author=user, body=body, created_at=time.time()
                )
            )
            # the audit log records that a note was added, not what it says
            write_audit(conn, user, "note_add", sender_id, {"length": len(body)})

    # ------------------------------------------------------------ disposition labels
    def set_label(
        self, sender_id: str, user: str, expected: str, message_event_id: Optional[int]
    ) -> str:
        """Record what the disposition should have been; returns the gap (under/over/match).

        When the assistant was wrong, the patient message where it went wrong is needed
        (it becomes a regression case, see ``export-labelled``).
        """
        if expected not in transcripts.LABELS:
            raise ValueError("Unknown disposition label.")
        found = self.conversation(sender_id)
        if found is None:
            raise ValueError("No such conversation.")
        summary = found[0]
        if message_event_id is not None:
            events = tables.events
            with self.tracker_engine.connect() as tconn:
                kind = tconn.execute(
                    sa.select(events.c.type_name).where(
                        events.c.id == message_event_id, events.c.sender_id == sender_id
                    )
                ).scalar()
            if kind != "user":
                raise ValueError("That is not a patient message of this conversation.")
        rank = transcripts.LABEL_RANK[expected]
        gap = transcripts.triage_gap(rank, summary.severity)
        if gap != transcripts.MATCH and message_event_id is None:
            raise ValueError("Choose the patient message where it went wrong.")
        labels = tables.labels
        values = dict(
            expected=expected,
            expected_rank=rank,
            message_event_id=message_event_id,
            labelled_by=user,
            labelled_at=time.time(),
        )
        with self.console_engine.begin() as conn:
            exists = conn.execute(
                sa.select(labels.c.sender_id).where(labels.c.sender_id == sender_id)
            ).first()
            if exists is None:
                conn.execute(labels.insert().values(sender_id=sender_id, **values))
            else:
                conn.execute(
                    labels.update().where(labels.c.sender_id == sender_id).values(**values)
                )
            write_audit(
                conn,
                user,
                "label_set",
                sender_id,
                {
                    "expected": expected,
                    "assistant": summary.disposition,
                    "gap": gap,
                    "message_event_id": message_event_id,
                },
            )
        return gap

    def remove_label(self, sender_id: str, user: str) -> None:
        labels = tables.labels
        with self.console_engine.begin() as conn:
            conn.execute(labels.delete().where(labels.c.sender_id == sender_id))
            write_audit(conn, user, "label_remove", sender_id, {})

    def labelled_cases(self, redact: bool = False) -> List[Dict[str, Any]]:
        """Every label with its patient message, for ``export-labelled`` (text from events)."""
        if not self._fresh():
            return []
        labels, events = tables.labels, tables.events
        with self.console_engine.connect() as cconn:
            rows = cconn.execute(
                sa.select(labels, tables.conversations.c.severity)
                .select_from(
                    labels.outerjoin(
                        tables.conversations,
                        tables.conversations.c.sender_id == labels.c.sender_id,
                    )
                )
                .order_by(labels.c.labelled_at, labels.c.sender_id)
            ).fetchall()
        cases = []
        with self.tracker_engine.connect() as tconn:
            for row in rows:
                raw = None
                if row.message_event_id is not None:
                    raw = tconn.execute(
                        sa.select(events.c.data).where(
                            events.c.id == row.message_event_id,
                            events.c.sender_id == row.sender_id,
                            events.c.type_name == "user",
                        )
                    ).scalar()
                text = transcripts.event_text(raw)
                cases.append(
                    {
                        "sender_id": row.sender_id,
                        "message_event_id": row.message_event_id,
                        "expected": row.expected,
                        "gap": transcripts.triage_gap(row.expected_rank, row.severity or 0),
                        "text": export.redactor(redact)(text) if text else None,
                    }
                )
        return cases

    # ------------------------------------------------------------ logins and sessions
    def load_session(self, token: Optional[str]) -> Optional[security.Session]:
        with self.console_engine.connect() as conn:
            return security.load_session(conn, token)

    def login(self, username: str, password: str, ip: str) -> Optional[str]:
        """A new session token, None for bad credentials, or "blocked"."""
        settings = self.settings
        with self.console_engine.begin() as conn:
            if security.login_blocked(
                conn,
                username,
                ip,
                settings.max_failed_logins,
                settings.max_failed_logins_per_ip,
                settings.lockout_minutes,
            ):
                write_audit(conn, username or "-", "login_blocked", None, None, ip)
                return "blocked"
        with self.console_engine.begin() as conn:
            user = security.authenticate(conn, username, password)
            security.record_attempt(conn, username, ip, user is not None)
            if user is None:
                write_audit(conn, username or "-", "login_failed", None, None, ip)
                return None
            token = security.new_session(conn, user.id, settings.session_hours)
            write_audit(conn, user.username, "login", None, None, ip)
            return token

    def logout(self, token: Optional[str], username: str, ip: str) -> None:
        with self.console_engine.begin() as conn:
            security.end_session(conn, token)
            write_audit(conn, username, "logout", None, None, ip)

    # ------------------------------------------------------------ accounts
    def list_users(self) -> List[security.User]:
        with self.console_engine.connect() as conn:
            return security.list_users(conn)

    def create_user(
        self, actor: str, username: str, password: str, role: str, ip: Optional[str] = None
    ) -> security.User:
        """Create an account (raises security.AccountError); audited as ``user_create``."""
        with self.console_engine.begin() as conn:
            user = security.create_user(conn, username, password, role)
            write_audit(conn, actor, "user_create", user.username, {"role": role[:16]}, ip)
            return user

    def update_user(
        self, actor: security.User, user_id: int, role: str, active: bool, ip: Optional[str] = None
    ) -> None:
        """Change role / active. There must always remain at least one active admin."""
        with self.console_engine.begin() as conn:
            target = security.get_user(conn, user_id)
            if target is None:
                raise security.AccountError("No such user.")
            losing_admin = target.is_admin and target.active and (role != "admin" or not active)
            if losing_admin and security.count_active_admins(conn) <= 1:
                raise security.AccountError("There must remain at least one active admin.")
            security.set_role_active(conn, user_id, role, active)
            write_audit(
                conn,
                actor.username,
                "user_update",
                str(user_id),
                {"role": role[:16], "active": active, "by_self": user_id == actor.id},
                ip,
            )

    def reset_password(
        self, actor: str, user_id: int, password: str, ip: Optional[str] = None
    ) -> None:
        with self.console_engine.begin() as conn:
            security.set_password(conn, user_id, password)
            write_audit(conn, actor, "user_password_reset", str(user_id), {}, ip)

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
            write_audit(conn, actor, action, target, detail, ip)

    def audit_page(
        self, page: int, per_page: int = 50, action: Optional[str] = None
    ) -> Tuple[List[Dict[str, Any]], int]:
        audit = tables.audit
        with self.console_engine.connect() as conn:
            query = sa.select(audit)
            count = sa.select(sa.func.count()).select_from(audit)
            if action:
                query = query.where(audit.c.action == action)
                count = count.where(audit.c.action == action)
            total = conn.execute(count).scalar_one()
            rows = conn.execute(
                query.order_by(audit.c.id.desc()).limit(per_page).offset((page - 1) * per_page)
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
        events = tables.events
        stale: List[str] = []
        rows = 0
        if self.events_exist():
            with self.tracker_engine.begin() as conn:
                stale = [
                    sender
                    for (sender,) in conn.execute(
                        sa.select(events.c.sender_id)
                        .group_by(events.c.sender_id)
                        .having(sa.func.max(events.c.timestamp) < cutoff)
                    )
                ]
                if stale and not dry_run:
                    rows = deletion.delete_tracker_rows(conn, stale)
                    if self.same_db:
                        deletion.delete_console_rows(conn, stale)
            if stale and not dry_run and not self.same_db:
                with self.console_engine.begin() as conn:
                    deletion.delete_console_rows(conn, stale)
        result: Dict[str, Any] = {
            "older_than_days": older_than_days,
            "dry_run": dry_run,
            "conversations": len(stale),
            "events_deleted": rows,
        }
        self.audit(actor, "retention_purge_dry_run" if dry_run else "retention_purge", None, result)
        result["sender_ids"] = stale
        return result
