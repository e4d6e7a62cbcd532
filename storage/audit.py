"""The audit log: who did what to which conversation. Never patient text."""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any, Dict, Optional

from sqlalchemy.engine import Connection

from storage.tables import audit


def sender_hash(sender_id: str) -> str:
    """Pseudonymous reference to a conversation, used where its id must not be kept."""
    return hashlib.sha256(sender_id.encode("utf-8")).hexdigest()


def write_audit(
    conn: Connection,
    actor: str,
    action: str,
    target: Optional[str] = None,
    detail: Optional[Dict[str, Any]] = None,
    ip: Optional[str] = None,
) -> None:
    """One audit row in the caller's transaction. ``detail``: ids, counts, codes only."""
    conn.execute(
        audit.insert().values(
            ts=time.time(),
            actor=actor[:64],
            action=action[:64],
            target=(target[:255] if target else None),
            detail=json.dumps(detail or {}, sort_keys=True),
            ip=(ip[:64] if ip else None),
        )
    )
