"""What every route module shares: rendering, cookies, the store, audit, arguments.

The app object (``request.app.ctx``) carries the settings, the store and the
templates; handlers reach them through these helpers so that no route module needs
the app itself.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Tuple
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import response
from sanic.request import Request

from console import transcripts
from console.config import Settings
from console.store import Store

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "console_session"
LOGIN_CSRF_COOKIE = "console_login_csrf"


def _hours(value: Optional[float]) -> str:
    if value is None:
        return "–"
    if value < 1:
        return f"{value * 60:.0f} min"
    return f"{value:.1f} h" if value < 48 else f"{value / 24:.1f} days"


def make_templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: "" if v is None else f"{v * 100:.0f}%"
    env.filters["pct1"] = lambda v: "–" if v is None else f"{v * 100:.1f}%"
    env.filters["hours"] = _hours
    env.globals["timedelta"] = dt.timedelta
    env.filters["tojson_pretty"] = lambda v: json.dumps(v, ensure_ascii=False)
    env.globals["urlencode"] = urlencode
    env.globals["DISPOSITIONS"] = transcripts.DISPOSITIONS
    return env


def store(request: Request) -> Store:
    return request.app.ctx.store


def settings(request: Request) -> Settings:
    return request.app.ctx.settings


async def db(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Run a synchronous store method in the thread pool."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(fn, *args, **kwargs))


def client_ip(request: Request) -> str:
    return (request.ip or "unknown")[:64]


def username(request: Request) -> str:
    return request.ctx.session.user.username


async def audit(
    request: Request,
    action: str,
    target: Optional[str] = None,
    detail: Optional[Dict[str, Any]] = None,
) -> None:
    """Record what the logged-in staff member looked at or did."""
    await db(store(request).audit, username(request), action, target, detail, client_ip(request))


def render(request: Request, template: str, status: int = 200, **ctx: Any):
    session = getattr(request.ctx, "session", None)
    html = request.app.ctx.templates.get_template(template).render(
        user=session.user if session else None,
        csrf_token=session.csrf_token if session else "",
        **ctx,
    )
    return response.html(html, status=status)


def set_cookie(request: Request, resp, name: str, value: str, max_age: int) -> None:
    resp.cookies[name] = value
    cookie = resp.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = "/"
    cookie["max-age"] = max_age
    if settings(request).cookie_secure:
        cookie["secure"] = True


def wants_json(request: Request) -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json")


def refuse(request: Request, status: int, message: str):
    if wants_json(request) or request.method != "GET":
        return response.json({"error": message}, status=status)
    if status == 401:
        return response.redirect("/login")
    return render(request, "error.html", status=status, message=message)


# ---------------------------------------------------------------- arguments


def parse_filters(request: Request) -> Tuple[transcripts.Filters, Optional[str]]:
    try:
        return transcripts.Filters.from_args(request.args.get), None
    except ValueError as error:
        return transcripts.Filters(), str(error)


def page_arg(request: Request) -> int:
    try:
        return max(1, min(int(request.args.get("page", "1")), 100_000))
    except ValueError:
        return 1


def sender_arg(request: Request) -> Optional[str]:
    value = request.args.get("id") if request.method == "GET" else (request.form or {}).get("id")
    if not value or len(value) > 255:
        return None
    return value
