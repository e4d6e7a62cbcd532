"""Sanic web app for staff: login, conversation lists, transcripts, review, export."""

from __future__ import annotations

import asyncio
import functools
import json
import secrets
from pathlib import Path
from typing import Any, Callable, Dict, Optional
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Sanic, response
from sanic.request import Request

from console import security, transcripts
from console.config import Settings
from console.store import Store

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "console_session"
LOGIN_CSRF_COOKIE = "console_login_csrf"
PUBLIC_PATHS = {"/login", "/static/console.css", "/healthz", "/favicon.ico"}
ADMIN_PREFIX = "/admin"

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


def make_templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: "" if v is None else f"{v * 100:.0f}%"
    env.filters["tojson_pretty"] = lambda v: json.dumps(v, ensure_ascii=False)
    env.globals["urlencode"] = urlencode
    env.globals["DISPOSITIONS"] = transcripts.DISPOSITIONS
    return env


def create_app(settings: Optional[Settings] = None, name: str = "baclofen_console") -> Sanic:
    settings = settings or Settings.from_env()
    store = Store(settings)
    store.init()
    templates = make_templates()
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = 1_000_000
    app.config.FORWARDED_SECRET = None
    app.ctx.settings = settings
    app.ctx.store = store

    async def db(fn: Callable, *args, **kwargs):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, functools.partial(fn, *args, **kwargs))

    def client_ip(request: Request) -> str:
        return (request.ip or "unknown")[:64]

    async def audit(request: Request, action: str, target: Optional[str] = None,
                    detail: Optional[Dict[str, Any]] = None) -> None:
        """Record what the logged-in staff member looked at or did."""
        await db(store.audit, request.ctx.session.user.username, action, target, detail,
                 client_ip(request))

    def render(request: Request, template: str, status: int = 200, **ctx: Any):
        session = getattr(request.ctx, "session", None)
        html = templates.get_template(template).render(
            user=session.user if session else None,
            csrf_token=session.csrf_token if session else "",
            **ctx,
        )
        return response.html(html, status=status)

    def set_cookie(resp, name: str, value: str, max_age: int) -> None:
        resp.cookies[name] = value
        cookie = resp.cookies[name]
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["path"] = "/"
        cookie["max-age"] = max_age
        if settings.cookie_secure:
            cookie["secure"] = True

    def wants_json(request: Request) -> bool:
        return request.path.startswith("/api/") or request.path.endswith(".json")

    def refuse(request: Request, status: int, message: str):
        if wants_json(request) or request.method != "GET":
            return response.json({"error": message}, status=status)
        if status == 401:
            return response.redirect("/login")
        return render(request, "error.html", status=status, message=message)

    # ------------------------------------------------------------ middleware
    @app.middleware("request")
    async def authenticate(request: Request):
        request.ctx.session = None
        if request.path in PUBLIC_PATHS:
            return None
        token = request.cookies.get(SESSION_COOKIE)
        session = await db(_load_session, store, token) if token else None
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
        return None

    @app.middleware("response")
    async def security_headers(request: Request, resp):
        for key, value in SECURITY_HEADERS.items():
            resp.headers.setdefault(key, value)

    # ------------------------------------------------------------ public
    @app.get("/healthz")
    async def healthz(request: Request):
        return response.json({"status": "ok"})

    @app.get("/static/console.css")
    async def css(request: Request):
        return await response.file(str(HERE / "static" / "console.css"), mime_type="text/css")

    @app.get("/favicon.ico")
    async def favicon(request: Request):
        return response.empty(status=204)

    def login_page(request: Request, error: Optional[str] = None, status: int = 200):
        # Reuse the browser's pre-login token if it has one, so that a second load of
        # the login page (another tab, a stray request) does not invalidate the first.
        current = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
        token = (
            current
            if 40 <= len(current) <= 64 and current.replace("-", "").replace("_", "").isalnum()
            else secrets.token_urlsafe(32)
        )
        resp = render(request, "login.html", status=status, login_csrf=token, error=error)
        set_cookie(resp, LOGIN_CSRF_COOKIE, token, 3600)
        return resp

    @app.get("/login")
    async def login_form(request: Request):
        return login_page(request)

    @app.post("/login")
    async def login(request: Request):
        form = request.form or {}
        if not security.tokens_match(
            request.cookies.get(LOGIN_CSRF_COOKIE), form.get("csrf_token")
        ):
            return login_page(request, "Your session expired. Please try again.", status=403)
        username = (form.get("username") or "").strip()[:64]
        password = form.get("password") or ""
        ip = client_ip(request)
        outcome = await db(_login, store, settings, username, password, ip)
        if outcome == "blocked":
            return login_page(request, "Too many failed logins. Try again later.", status=429)
        if outcome is None:
            return login_page(request, "Wrong username or password.", status=401)
        resp = response.redirect("/escalations", status=303)
        set_cookie(resp, SESSION_COOKIE, outcome, settings.session_hours * 3600)
        set_cookie(resp, LOGIN_CSRF_COOKIE, "", 0)
        return resp

    @app.post("/logout")
    async def logout(request: Request):
        user = request.ctx.session.user.username
        await db(_logout, store, request.cookies.get(SESSION_COOKIE), user, client_ip(request))
        resp = response.redirect("/login", status=303)
        set_cookie(resp, SESSION_COOKIE, "", 0)
        return resp

    # ------------------------------------------------------------ lists
    def parse_filters(request: Request):
        try:
            return transcripts.Filters.from_args(request.args.get), None
        except ValueError as error:
            return transcripts.Filters(), str(error)

    def page_arg(request: Request) -> int:
        try:
            return max(1, min(int(request.args.get("page", "1")), 100_000))
        except ValueError:
            return 1

    async def listing(request: Request, escalations: bool):
        filters, error = parse_filters(request)
        if error:
            return None, filters, error
        result = await db(
            store.listing, filters, page_arg(request), settings.page_size, escalations
        )
        await audit(
            request,
            "view_escalations" if escalations else "view_list",
            None,
            {"filters": filters.as_query(), "page": result.page, "shown": len(result.items)},
        )
        return result, filters, None

    async def list_page(request: Request, escalations: bool):
        result, filters, error = await listing(request, escalations)
        if error:
            return render(request, "error.html", status=400, message=error)
        return render(
            request,
            "list.html",
            escalations=escalations,
            result=result,
            filters=filters,
            query=filters.as_query(),
            fmt_ts=transcripts.fmt_ts,
        )

    @app.get("/")
    async def index(request: Request):
        return await list_page(request, escalations=False)

    @app.get("/escalations")
    async def escalations(request: Request):
        return await list_page(request, escalations=True)

    @app.get("/api/conversations")
    async def api_conversations(request: Request):
        result, filters, error = await listing(request, request.args.get("escalations") == "1")
        if error:
            return response.json({"error": error}, status=400)
        return response.json(
            {
                "page": result.page,
                "pages": result.pages,
                "total": result.total,
                "counts": result.counts,
                "conversations": [s.as_dict() for s in result.items],
            }
        )

    # ------------------------------------------------------------ one conversation
    def sender_arg(request: Request) -> Optional[str]:
        value = (
            request.args.get("id") if request.method == "GET" else (request.form or {}).get("id")
        )
        if not value or len(value) > 255:
            return None
        return value

    @app.get("/conversation")
    async def conversation(request: Request):
        sender_id = sender_arg(request)
        found = await db(store.conversation, sender_id) if sender_id else None
        if found is None:
            return render(request, "error.html", status=404, message="No such conversation.")
        summary, turns, review = found
        await audit(request, "view_conversation", sender_id)
        from console.redact import LIMITATION_NOTE

        return render(
            request,
            "conversation.html",
            summary=summary,
            turns=turns,
            review=review,
            sender_id=sender_id,
            id_query=urlencode({"id": sender_id}),
            redaction_note=LIMITATION_NOTE,
        )

    @app.get("/api/conversation")
    async def api_conversation(request: Request):
        sender_id = sender_arg(request)
        found = await db(store.conversation, sender_id) if sender_id else None
        if found is None:
            return response.json({"error": "No such conversation."}, status=404)
        summary, turns, review = found
        await audit(request, "view_conversation", sender_id, {"api": True})
        data = summary.as_dict()
        data["turns"] = [t.as_dict() for t in turns]
        data["review"] = review.as_dict()
        return response.json(data)

    async def review_action(request: Request, apply: Callable[[str, str], Any]):
        sender_id = sender_arg(request)
        if not sender_id or not await db(store.exists, sender_id):
            return response.json({"error": "No such conversation."}, status=404)
        try:
            await db(apply, sender_id, request.ctx.session.user.username)
        except ValueError as error:
            return response.json({"error": str(error)}, status=400)
        return response.redirect("/conversation?" + urlencode({"id": sender_id}), status=303)

    @app.post("/conversation/review")
    async def review(request: Request):
        form = request.form

        def flag(name: str) -> Optional[bool]:
            value = form.get(name)
            return None if value is None else value == "1"

        return await review_action(
            request,
            lambda sid, user: store.set_review(sid, user, flag("reviewed"), flag("follow_up")),
        )

    @app.post("/conversation/tag")
    async def add_tag(request: Request):
        tag = request.form.get("tag") or ""
        return await review_action(request, lambda sid, user: store.add_tag(sid, user, tag))

    @app.post("/conversation/tag/remove")
    async def remove_tag(request: Request):
        tag = request.form.get("tag") or ""
        return await review_action(request, lambda sid, user: store.remove_tag(sid, user, tag))

    @app.post("/conversation/note")
    async def add_note(request: Request):
        body = request.form.get("body") or ""
        return await review_action(request, lambda sid, user: store.add_note(sid, user, body))

    # ------------------------------------------------------------ export
    def export_response(records, fmt: str, redact: bool, filename: str, filters: Dict[str, str]):
        from console import export

        if fmt == "csv":
            body = export.to_csv(records)
            mime = "text/csv; charset=utf-8"
        else:
            body = export.to_json(records, redact, filters)
            mime = "application/json; charset=utf-8"
        return response.text(
            body,
            content_type=mime,
            headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'},
        )

    def export_args(request: Request):
        fmt = request.args.get("format", "csv")
        if fmt not in ("csv", "json"):
            return None, None
        return fmt, request.args.get("redact") == "1"

    @app.get("/conversation/export")
    async def export_one(request: Request):
        sender_id = sender_arg(request)
        fmt, redact = export_args(request)
        if fmt is None:
            return response.json({"error": "format must be csv or json"}, status=400)
        if not sender_id or not await db(store.exists, sender_id):
            return response.json({"error": "No such conversation."}, status=404)
        records = await db(store.export_records, None, sender_id, redact)
        await audit(
            request,
            "export",
            sender_id,
            {"format": fmt, "redacted": redact, "conversations": len(records)},
        )
        return export_response(records, fmt, redact, "conversation", {"id": sender_id})

    @app.get("/export")
    async def export_many(request: Request):
        filters, error = parse_filters(request)
        fmt, redact = export_args(request)
        if error or fmt is None:
            return response.json({"error": error or "format must be csv or json"}, status=400)
        records = await db(store.export_records, filters, None, redact)
        await audit(
            request,
            "export",
            None,
            {
                "format": fmt,
                "redacted": redact,
                "filters": filters.as_query(),
                "conversations": len(records),
            },
        )
        return export_response(records, fmt, redact, "conversations", filters.as_query())

    # ------------------------------------------------------------ admin
    @app.get("/admin/users")
    async def users_page(request: Request):
        users = await db(_list_users, store)
        await audit(request, "view_users")
        return render(
            request,
            "users.html",
            users=users,
            message=request.args.get("msg"),
            roles=security.ROLES,
        )

    async def user_admin(
        request: Request, fn: Callable, action: str, target: str, detail: Dict[str, Any]
    ):
        try:
            await db(fn)
        except security.AccountError as error:
            users = await db(_list_users, store)
            return render(
                request,
                "users.html",
                status=400,
                users=users,
                error=str(error),
                roles=security.ROLES,
            )
        await audit(request, action, target, detail)
        return response.redirect("/admin/users?" + urlencode({"msg": "Saved."}), status=303)

    @app.post("/admin/users")
    async def create_user(request: Request):
        form = request.form
        username, role = (form.get("username") or "").strip(), form.get("role") or "staff"

        def fn():
            with store.console_engine.begin() as conn:
                security.create_user(conn, username, form.get("password") or "", role)

        return await user_admin(request, fn, "user_create", username[:64], {"role": role[:16]})

    @app.post("/admin/users/update")
    async def update_user(request: Request):
        form = request.form
        try:
            user_id = int(form.get("user_id") or "")
        except ValueError:
            return response.json({"error": "bad user id"}, status=400)
        role = form.get("role") or "staff"
        active = form.get("active") == "1"
        me = request.ctx.session.user

        def fn():
            with store.console_engine.begin() as conn:
                target = security.get_user(conn, user_id)
                if target is None:
                    raise security.AccountError("No such user.")
                losing_admin = target.is_admin and target.active and (role != "admin" or not active)
                if losing_admin and security.count_active_admins(conn) <= 1:
                    raise security.AccountError("There must remain at least one active admin.")
                security.set_role_active(conn, user_id, role, active)

        return await user_admin(
            request,
            fn,
            "user_update",
            str(user_id),
            {"role": role[:16], "active": active, "by_self": user_id == me.id},
        )

    @app.post("/admin/users/password")
    async def reset_password(request: Request):
        form = request.form
        try:
            user_id = int(form.get("user_id") or "")
        except ValueError:
            return response.json({"error": "bad user id"}, status=400)

        def fn():
            with store.console_engine.begin() as conn:
                security.set_password(conn, user_id, form.get("password") or "")

        return await user_admin(request, fn, "user_password_reset", str(user_id), {})

    @app.get("/admin/audit")
    async def audit_page(request: Request):
        page = page_arg(request)
        action = (request.args.get("action") or "").strip()[:64] or None
        items, total = await db(store.audit_page, page, 50, action)
        await audit(request, "view_audit", None, {"page": page})
        pages = max(1, -(-total // 50))
        return render(
            request,
            "audit.html",
            items=items,
            page=page,
            pages=pages,
            total=total,
            action=action or "",
        )

    return app


# ---------------------------------------------------------------- sync helpers


def _load_session(store: Store, token: Optional[str]):
    with store.console_engine.connect() as conn:
        return security.load_session(conn, token)


def _login(store: Store, settings: Settings, username: str, password: str, ip: str):
    """Returns a new session token, None for bad credentials, or "blocked"."""
    with store.console_engine.begin() as conn:
        if security.login_blocked(
            conn,
            username,
            ip,
            settings.max_failed_logins,
            settings.max_failed_logins_per_ip,
            settings.lockout_minutes,
        ):
            from console import schema

            schema.write_audit(conn, username or "-", "login_blocked", None, None, ip)
            return "blocked"
    with store.console_engine.begin() as conn:
        user = security.authenticate(conn, username, password)
        security.record_attempt(conn, username, ip, user is not None)
        from console import schema

        if user is None:
            schema.write_audit(conn, username or "-", "login_failed", None, None, ip)
            return None
        token = security.new_session(conn, user.id, settings.session_hours)
        schema.write_audit(conn, user.username, "login", None, None, ip)
        return token


def _logout(store: Store, token: Optional[str], username: str, ip: str) -> None:
    from console import schema

    with store.console_engine.begin() as conn:
        security.end_session(conn, token)
        schema.write_audit(conn, username, "logout", None, None, ip)


def _list_users(store: Store):
    with store.console_engine.connect() as conn:
        return security.list_users(conn)
