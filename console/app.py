"""Sanic web app for staff: the app object, login and security middleware, blueprints.

Routes live in ``console/routes/`` (one blueprint per area); every database access
goes through :class:`console.store.Store`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Optional

from sanic import Sanic
from sanic.request import Request

from console import security
from console.config import Settings
from console.routes import BLUEPRINTS
from console.store import Store
from console.web import SESSION_COOKIE, db, make_templates, refuse

PUBLIC_PATHS = {"/login", "/static/console.css", "/healthz", "/favicon.ico"}
ADMIN_PREFIX = "/admin"
# Read-only accounts (viewer) may use every GET page except these (bulk patient data).
EXPORT_PATHS = {"/export", "/conversation/export"}
ANY_ROLE_POSTS = {"/logout"}
SUMMARY_INTERVAL_SECONDS = 2.0

logger = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


async def authenticate(request: Request):
    """Every path but the public ones needs a session; forms need its CSRF token."""
    request.ctx.session = None
    if request.path in PUBLIC_PATHS:
        return None
    token = request.cookies.get(SESSION_COOKIE)
    session = await db(request.app.ctx.store.load_session, token) if token else None
    if session is None:
        return refuse(request, 401, "Login required.")
    request.ctx.session = session
    if request.method not in ("GET", "HEAD"):
        given = request.headers.get("x-csrf-token") or (
            request.form.get("csrf_token") if request.form else None
        )
        if not security.tokens_match(session.csrf_token, given):
            return refuse(request, 403, "Invalid or missing CSRF token.")
    if request.path.startswith(ADMIN_PREFIX) and not session.user.is_admin:
        return refuse(request, 403, "Administrators only.")
    changes = request.method not in ("GET", "HEAD") and request.path not in ANY_ROLE_POSTS
    if (changes or request.path in EXPORT_PATHS) and not session.user.can_edit:
        return refuse(request, 403, "Your account can read but not change or export.")
    return None


async def security_headers(request: Request, resp):
    for key, value in SECURITY_HEADERS.items():
        resp.headers.setdefault(key, value)


async def keep_summaries_fresh(app: Sanic) -> None:
    """Background: fold new events into the summaries (catches up big backlogs in batches)."""
    store = app.ctx.store
    while True:
        try:
            progress = await db(store.refresh_summaries)
            caught_up = progress is None or progress.caught_up
        except Exception as error:  # noqa: BLE001 - keep going; never log data
            logger.warning("summary refresh failed: %s", type(error).__name__)
            caught_up = True
        await asyncio.sleep(SUMMARY_INTERVAL_SECONDS if caught_up else 0.01)


async def start_background(app: Sanic, _loop) -> None:
    app.add_task(keep_summaries_fresh(app))


def create_app(settings: Optional[Settings] = None, name: str = "baclofen_console") -> Sanic:
    settings = settings or Settings.from_env()
    store = Store(settings)
    store.init()
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = 1_000_000
    app.config.FORWARDED_SECRET = None
    app.ctx.settings = settings
    app.ctx.store = store
    app.ctx.templates = make_templates()
    app.register_middleware(authenticate, "request")
    app.register_middleware(security_headers, "response")
    app.register_listener(start_background, "after_server_start")
    for blueprint in BLUEPRINTS:
        app.blueprint(blueprint)
    return app
