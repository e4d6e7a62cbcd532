"""Settings read from the environment (see docs/console.md for the full list)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from storage.engines import console_db_url, tracker_db_url


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return int(raw)


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    tracker_db_url: str
    console_db_url: str
    host: str
    port: int
    session_hours: int
    cookie_secure: bool
    max_failed_logins: int
    max_failed_logins_per_ip: int
    lockout_minutes: int
    retention_days: int
    page_size: int

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            tracker_db_url=tracker_db_url(),
            console_db_url=console_db_url(),
            host=os.environ.get("CONSOLE_HOST", "127.0.0.1"),
            port=_int("CONSOLE_PORT", 8081),
            session_hours=_int("CONSOLE_SESSION_HOURS", 8),
            cookie_secure=_bool("CONSOLE_COOKIE_SECURE", False),
            max_failed_logins=_int("CONSOLE_MAX_FAILED_LOGINS", 5),
            max_failed_logins_per_ip=_int("CONSOLE_MAX_FAILED_LOGINS_PER_IP", 20),
            lockout_minutes=_int("CONSOLE_LOCKOUT_MINUTES", 15),
            retention_days=_int("CONSOLE_RETENTION_DAYS", 365),
            page_size=_int("CONSOLE_PAGE_SIZE", 25),
        )
