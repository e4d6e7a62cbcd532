"""Serve the chat widget and a demo page that embeds it.

Run: ``python -m widget.server`` (``make run`` starts it with the rest of the stack).

Environment:
  WIDGET_HOST       interface to bind (default 127.0.0.1)
  WIDGET_PORT       port (default 8080)
  RASA_SOCKET_URL   origin of the Rasa server the widget talks to
                    (default http://127.0.0.1:${RASA_PORT:-5005})
  EMERGENCY_NUMBER  number shown and dialled by tap-to-call links (default:
                    clinical/settings.py)
  WIDGET_REPLY_TIMEOUT_MS  how long the widget waits for an answer before it
                    shows the "no answer" message (default 15000)
  WIDGET_FEEDBACK   "0" hides the "this helped / this didn't help" buttons (default on)
  WIDGET_FEEDBACK_ORIGINS, WIDGET_FEEDBACK_PER_MINUTE  see widget/feedback.py
  TRACKER_DB_URL, CONSOLE_DB_URL  where feedback is checked and stored (as the console)
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
from pathlib import Path
from typing import Any, Dict, Optional
from urllib.parse import urlsplit

from sanic import Sanic, response
from sanic.request import Request

from clinical import settings
from widget import feedback

WIDGET_DIR = Path(__file__).resolve().parent
STATIC_DIR = WIDGET_DIR / "static"
DEMO_TEMPLATE = WIDGET_DIR / "demo.html"

logger = logging.getLogger(__name__)


def settings_from_env(env: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """Read the server settings from the environment (with the contract's defaults)."""
    env = dict(os.environ if env is None else env)
    rasa_port = env.get("RASA_PORT") or "5005"
    return {
        "host": env.get("WIDGET_HOST") or "127.0.0.1",
        "port": int(env.get("WIDGET_PORT") or "8080"),
        "socket_url": (env.get("RASA_SOCKET_URL") or f"http://127.0.0.1:{rasa_port}").rstrip("/"),
        "emergency_number": settings.emergency_number(env),
        "reply_timeout_ms": int(env.get("WIDGET_REPLY_TIMEOUT_MS") or "15000"),
        "feedback": (env.get("WIDGET_FEEDBACK") or "1").strip() not in ("0", "false", "no"),
    }


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def render_demo_page(settings: Dict[str, Any], widget_origin: str) -> str:
    """The demo page with the widget's config object filled in (HTML-escaped)."""
    config = {
        "socketUrl": settings["socket_url"],
        "emergencyNumber": settings["emergency_number"],
        "replyTimeoutMs": settings["reply_timeout_ms"],
        "feedbackUrl": f"{widget_origin}/feedback" if settings.get("feedback", True) else "",
    }
    number = settings["emergency_number"]
    replacements = {
        "__CONFIG_ATTR__": html.escape(json.dumps(config), quote=True),
        "__EMERGENCY_TEL__": html.escape(re.sub(r"[^0-9+*#]", "", number), quote=True),
        "__EMERGENCY_NUMBER__": html.escape(number, quote=True),
        "__SOCKET_URL__": html.escape(settings["socket_url"], quote=True),
        "__WIDGET_ORIGIN__": html.escape(widget_origin, quote=True),
    }
    page = DEMO_TEMPLATE.read_text(encoding="utf-8")
    for placeholder, value in replacements.items():
        page = page.replace(placeholder, value)
    return page


def security_headers(settings: Dict[str, Any]) -> Dict[str, str]:
    """Strict CSP: only this server and the Rasa server may be contacted."""
    connect = " ".join(filter(None, ["'self'", _origin(settings["socket_url"])]))
    return {
        "Content-Security-Policy": (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            f"connect-src {connect}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }


def create_app(settings: Optional[Dict[str, Any]] = None) -> Sanic:
    """Build the Sanic app serving ``/`` (demo page) and ``/widget/*`` (static files)."""
    settings = settings or settings_from_env()
    app = Sanic("baclofen_widget")
    app.config.MOTD = False
    app.config.REQUEST_MAX_SIZE = 16_384  # the only body this server takes is feedback
    app.ctx.settings = settings
    feedback.setup(app)

    @app.get("/")
    async def demo_page(request: Request) -> response.HTTPResponse:
        widget_origin = f"{request.scheme}://{request.host}"
        return response.html(
            render_demo_page(settings, widget_origin), headers=security_headers(settings)
        )

    @app.get("/health")
    async def health(_: Request) -> response.HTTPResponse:
        return response.json({"status": "ok"})

    @app.get("/favicon.ico")
    async def favicon(_: Request) -> response.HTTPResponse:
        return response.empty()

    app.static("/widget", str(STATIC_DIR))

    @app.on_response
    async def add_headers(_: Request, resp: response.HTTPResponse) -> None:
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")

    @app.after_server_start  # (sanic types listener("event") as a listener, not a decorator)
    async def announce(*_: Any) -> None:
        print(f"Chat widget demo page: http://{settings['host']}:{settings['port']}/", flush=True)

    return app


def main() -> None:
    """Entry point: serve the demo page until interrupted."""
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    settings = settings_from_env()
    app = create_app(settings)
    app.run(
        host=settings["host"],
        port=settings["port"],
        access_log=False,
        debug=False,
        auto_reload=False,
        workers=1,
    )


if __name__ == "__main__":
    main()
