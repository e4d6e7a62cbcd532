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

from console import export, security, transcripts
from console.config import Settings
from storage import deletion, engines, tables
from storage.audit import write_audit

MAX_TAG_LENGTH = 40
MAX_NOTE_LENGTH = 4000


class Store:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.tracker_engine: Engine = engines.make_engine(settings.tracker_db_url)
        self.console_engine: Engine = engines.make_engine(settings.console_db_url)
        self.same_db = settings.tracker_db_url == settings.console_db_url
        self._events_exist = False

    def init(self) -> None:
        """Create the console's own tables. Rasa's ``events`` table is Rasa's to create."""
        tables.create_console_tables(self.console_engine)

    def events_exist(self) -> bool:
        """Whether Rasa has created ``events`` yet (until then: no conversations)."""
        if not self._events_exist:
            self._events_exist = engines.has_table(self.tracker_engine, tables.events.name)
        return self._events_exist

    # ------------------------------------------------------------ reading
    def listing(self, filters, page: int, per_page: int, escalations: bool):
        if not self.events_exist():
            return transcripts.empty_listing()
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
        if not self.events_exist():
            return None
        with self.tracker_engine.connect() as conn, self.console_engine.connect() as cconn:
            summary = transcripts.summary_for(conn, sender_id, cconn)
            if summary is None:
                return None
            turns = transcripts.build_turns(transcripts.load_events(conn, sender_id))
            review = transcripts.load_review(cconn, sender_id)
            return summary, turns, review

    def export_records(self, filters=None, sender_id: Optional[str] = None, redact: bool = False):
        if not self.events_exist():
            return []
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
                records.append(export.conversation_record(summary, turns, redact))
            return records

    def exists(self, sender_id: str) -> bool:
        if not self.events_exist():
            return False
        with self.tracker_engine.connect() as conn:
            return transcripts.sender_exists(conn, sender_id)

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
        result = {
            "older_than_days": older_than_days,
            "dry_run": dry_run,
            "conversations": len(stale),
            "events_deleted": rows,
        }
        self.audit(actor, "retention_purge_dry_run" if dry_run else "retention_purge", None, result)
        result["sender_ids"] = stale
        return result
