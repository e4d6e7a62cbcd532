"""Accounts, password hashing (argon2id), server-side sessions, CSRF, login limits."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Optional

import sqlalchemy as sa
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.engine import Connection

from storage import tables

# viewer: reads lists, transcripts and the dashboard; staff: also reviews, labels, tags,
# notes and exports; admin: also accounts and the audit log.
ROLES = ("viewer", "staff", "admin")
EDITING_ROLES = ("staff", "admin")
MIN_PASSWORD_LENGTH = 12
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@")

# argon2id with the RFC 9106 "low memory" parameters (64 MiB, t=3, p=4).
_hasher = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4, type=Type.ID)
# Verified against when the user does not exist, so that timing does not reveal it.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    pass


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: Optional[str], password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def validate_username(username: str) -> str:
    username = (username or "").strip()
    if not (3 <= len(username) <= 64) or not set(username) <= USERNAME_CHARS:
        raise AccountError("Username: 3-64 characters, letters, digits and . _ - @ only.")
    return username


def validate_password(password: str, username: str = "") -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > 1024:
        raise AccountError("Password is too long.")
    if username and password.lower() == username.lower():
        raise AccountError("Password must differ from the username.")
    return password


@dataclass
class User:
    id: int
    username: str
    role: str
    active: bool

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def can_edit(self) -> bool:
        """May change review data (review, labels, tags, notes) and export."""
        return self.role in EDITING_ROLES


def _user(row) -> User:
    return User(id=row.id, username=row.username, role=row.role, active=bool(row.active))


def create_user(conn: Connection, username: str, password: str, role: str) -> User:
    username = validate_username(username)
    validate_password(password, username)
    if role not in ROLES:
        raise AccountError("Role must be viewer, staff or admin.")
    existing = conn.execute(
        sa.select(tables.users.c.id).where(tables.users.c.username == username)
    ).first()
    if existing is not None:
        raise AccountError("That username is taken.")
    result = conn.execute(
        tables.users.insert().values(
            username=username,
            password_hash=hash_password(password),
            role=role,
            active=True,
            created_at=time.time(),
        )
    )
    return User(id=result.inserted_primary_key[0], username=username, role=role, active=True)


def get_user(conn: Connection, user_id: int) -> Optional[User]:
    row = conn.execute(sa.select(tables.users).where(tables.users.c.id == user_id)).first()
    return _user(row) if row is not None else None


def list_users(conn: Connection):
    return [
        _user(r) for r in conn.execute(sa.select(tables.users).order_by(tables.users.c.username))
    ]


def set_password(conn: Connection, user_id: int, password: str) -> None:
    user = get_user(conn, user_id)
    if user is None:
        raise AccountError("No such user.")
    validate_password(password, user.username)
    conn.execute(
        tables.users.update()
        .where(tables.users.c.id == user_id)
        .values(password_hash=hash_password(password))
    )
    end_sessions(conn, user_id)


def set_role_active(conn: Connection, user_id: int, role: str, active: bool) -> None:
    if role not in ROLES:
        raise AccountError("Role must be viewer, staff or admin.")
    conn.execute(
        tables.users.update().where(tables.users.c.id == user_id).values(role=role, active=active)
    )
    if not active:
        end_sessions(conn, user_id)


def count_active_admins(conn: Connection) -> int:
    return conn.execute(
        sa.select(sa.func.count())
        .select_from(tables.users)
        .where(tables.users.c.role == "admin", tables.users.c.active == sa.true())
    ).scalar_one()


# ------------------------------------------------------------------ logins


def _recent_failures(conn: Connection, column, value: str, since: float) -> int:
    return conn.execute(
        sa.select(sa.func.count())
        .select_from(tables.login_attempts)
        .where(
            column == value,
            tables.login_attempts.c.ts >= since,
            tables.login_attempts.c.success == sa.false(),
        )
    ).scalar_one()


def login_blocked(
    conn: Connection, username: str, ip: str, max_user: int, max_ip: int, window_minutes: int
) -> bool:
    since = time.time() - window_minutes * 60
    return (
        _recent_failures(conn, tables.login_attempts.c.username, username[:64], since) >= max_user
        or _recent_failures(conn, tables.login_attempts.c.ip, ip[:64], since) >= max_ip
    )


def record_attempt(conn: Connection, username: str, ip: str, success: bool) -> None:
    conn.execute(
        tables.login_attempts.insert().values(
            username=username[:64], ip=ip[:64], ts=time.time(), success=success
        )
    )
    if success:
        # A successful login clears that account's failure streak.
        conn.execute(
            tables.login_attempts.delete().where(
                tables.login_attempts.c.username == username[:64],
                tables.login_attempts.c.success == sa.false(),
            )
        )


def authenticate(conn: Connection, username: str, password: str) -> Optional[User]:
    row = conn.execute(
        sa.select(tables.users).where(tables.users.c.username == (username or "")[:64])
    ).first()
    ok = verify_password(row.password_hash if row is not None else None, password or "")
    if row is None or not ok or not row.active:
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        conn.execute(
            tables.users.update()
            .where(tables.users.c.id == row.id)
            .values(password_hash=hash_password(password))
        )
    conn.execute(
        tables.users.update().where(tables.users.c.id == row.id).values(last_login_at=time.time())
    )
    return _user(row)


# ---------------------------------------------------------------- sessions


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_session(conn: Connection, user_id: int, hours: int) -> str:
    token = secrets.token_urlsafe(32)
    now = time.time()
    conn.execute(tables.sessions.delete().where(tables.sessions.c.expires_at < now))
    conn.execute(
        tables.sessions.insert().values(
            token_hash=_token_hash(token),
            user_id=user_id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            expires_at=now + hours * 3600,
        )
    )
    return token


@dataclass
class Session:
    user: User
    csrf_token: str
    token_hash: str


def load_session(conn: Connection, token: Optional[str]) -> Optional[Session]:
    if not token or len(token) > 128:
        return None
    row = conn.execute(
        sa.select(tables.sessions).where(tables.sessions.c.token_hash == _token_hash(token))
    ).first()
    if row is None or row.expires_at < time.time():
        return None
    user = get_user(conn, row.user_id)
    if user is None or not user.active:
        return None
    return Session(user=user, csrf_token=row.csrf_token, token_hash=row.token_hash)


def end_session(conn: Connection, token: Optional[str]) -> None:
    if token:
        conn.execute(
            tables.sessions.delete().where(tables.sessions.c.token_hash == _token_hash(token))
        )


def end_sessions(conn: Connection, user_id: int) -> None:
    conn.execute(tables.sessions.delete().where(tables.sessions.c.user_id == user_id))


def tokens_match(expected: Optional[str], given: Optional[str]) -> bool:
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))
