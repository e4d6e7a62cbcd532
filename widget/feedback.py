"""``POST /feedback``: "this helped / this didn't help" from the widget, stored for staff.

Request (JSON, at most 4 KB)::

    {"session_id": "<the widget's conversation id>", "message": "<the rated reply text>",
     "helpful": true, "comment": "optional, at most 500 characters"}

Answers 204 when stored, 400 malformed, 403 page origin not allowed, 404 no such reply
in that conversation, 413 too large, 415 not JSON, 429 too many, 503 store unavailable.

Abuse and forgery limits:

* no cookies and no credentials: the only "authority" is knowing a conversation id (a
  random 128-bit id kept in the patient's tab) AND a reply the assistant sent in it
  (checked against Rasa's events), so another site cannot rate for a patient;
* ``Content-Type: application/json`` only (a cross-site form cannot send it without a
  CORS preflight), and a request from a page is accepted only from this server's own
  origin or one listed in ``WIDGET_FEEDBACK_ORIGINS`` (comma separated);
* at most ``WIDGET_FEEDBACK_PER_MINUTE`` (default 20) requests per client IP, at most
  100 rated replies per conversation, one rating per reply (rating again updates it);
* body, reply and comment sizes are capped; the comment is stored, never logged
  (log lines carry the outcome code only).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import threading
import time
from collections import deque
from typing import Deque, Dict, Optional, Set

import sqlalchemy as sa
from sanic import Blueprint, response
from sanic.request import Request

from storage import engines, feedback, tables

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 4096
WINDOW_SECONDS = 60.0

bp = Blueprint("feedback")


class RateLimiter:
    """At most ``limit`` hits per key in a sliding minute (in memory, per process)."""

    def __init__(self, limit: int, max_keys: int = 10_000) -> None:
        self.limit = limit
        self.max_keys = max_keys
        self.hits: Dict[str, Deque[float]] = {}
        self.lock = threading.Lock()

    def allow(self, key: str, now: Optional[float] = None) -> bool:
        now = time.monotonic() if now is None else now
        with self.lock:
            if len(self.hits) >= self.max_keys:  # forget idle clients
                for stale in [k for k, q in self.hits.items() if now - q[-1] > WINDOW_SECONDS]:
                    del self.hits[stale]
                if len(self.hits) >= self.max_keys:
                    return False
            recent = self.hits.setdefault(key, deque())
            while recent and now - recent[0] > WINDOW_SECONDS:
                recent.popleft()
            if len(recent) >= self.limit:
                return False
            recent.append(now)
            return True


def allowed_origins(env: Optional[Dict[str, str]] = None) -> Set[str]:
    raw = (os.environ if env is None else env).get("WIDGET_FEEDBACK_ORIGINS", "")
    return {origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip()}


def setup(app, env: Optional[Dict[str, str]] = None) -> None:
    """Attach the feedback endpoint and its settings to the widget app."""
    env = dict(os.environ if env is None else env)
    app.ctx.feedback_origins = allowed_origins(env)
    app.ctx.feedback_limiter = RateLimiter(int(env.get("WIDGET_FEEDBACK_PER_MINUTE") or "20"))
    tracker_url = env.get("TRACKER_DB_URL") or engines.DEFAULT_TRACKER_DB_URL
    app.ctx.tracker_engine = engines.make_engine(tracker_url)
    app.ctx.console_engine = engines.make_engine(env.get("CONSOLE_DB_URL") or tracker_url)
    app.ctx.feedback_tables_ready = False
    app.blueprint(bp)


def _origin_ok(request: Request) -> Optional[str]:
    """The page origin if it may post (None for a request without Origin), or "" if not."""
    origin = (request.headers.get("origin") or "").rstrip("/")
    if not origin:
        return None
    own = f"{request.scheme}://{request.host}"
    return origin if origin == own or origin in request.app.ctx.feedback_origins else ""


def _cors(request: Request, resp, origin: Optional[str]):
    if origin and origin != f"{request.scheme}://{request.host}":
        resp.headers["Access-Control-Allow-Origin"] = origin
        resp.headers["Vary"] = "Origin"
    return resp


def _store(app, sender: str, message: str, helpful: bool, comment: Optional[str]) -> str:
    if not app.ctx.feedback_tables_ready:
        tables.create_console_tables(app.ctx.console_engine)
        app.ctx.feedback_tables_ready = True
    return feedback.record(
        app.ctx.tracker_engine, app.ctx.console_engine, sender, message, helpful, comment
    )


@bp.options("/feedback")
async def preflight(request: Request):
    origin = _origin_ok(request)
    if not origin:
        return response.empty(status=403)
    resp = response.empty(status=204)
    resp.headers["Access-Control-Allow-Methods"] = "POST"
    resp.headers["Access-Control-Allow-Headers"] = "Content-Type"
    resp.headers["Access-Control-Max-Age"] = "600"
    return _cors(request, resp, origin)


@bp.post("/feedback")
async def receive(request: Request):
    origin = _origin_ok(request)

    def answer(status: int, code: str):
        logger.info("feedback: %s", code)  # the outcome only, never the text
        if status == 204:
            return _cors(request, response.empty(status=204), origin)
        return _cors(request, response.json({"error": code}, status=status), origin)

    if origin == "":
        return answer(403, "origin_not_allowed")
    if not request.app.ctx.feedback_limiter.allow(request.ip or "unknown"):
        return answer(429, "rate_limited")
    if len(request.body or b"") > MAX_BODY_BYTES:
        return answer(413, "too_large")
    if (request.headers.get("content-type") or "").split(";")[0].strip() != "application/json":
        return answer(415, "json_only")
    try:
        data = json.loads(request.body or b"")
    except ValueError:
        return answer(400, "malformed")
    if not isinstance(data, dict):
        return answer(400, "malformed")
    sender, message = data.get("session_id"), data.get("message")
    helpful, comment = data.get("helpful"), data.get("comment")
    if (
        not isinstance(sender, str)
        or not isinstance(message, str)
        or not isinstance(helpful, bool)
        or (comment is not None and not isinstance(comment, str))
        or len(comment or "") > 2 * feedback.MAX_COMMENT_CHARS
    ):
        return answer(400, "malformed")
    loop = asyncio.get_running_loop()
    try:
        outcome = await loop.run_in_executor(
            None, functools.partial(_store, request.app, sender, message, helpful, comment)
        )
    except sa.exc.SQLAlchemyError as error:
        logger.warning("feedback: store unavailable (%s)", type(error).__name__)
        return answer(503, "unavailable")
    status = {feedback.OK: 204, feedback.UNKNOWN: 404, feedback.TOO_MANY: 429}.get(outcome, 400)
    return answer(status, outcome)
