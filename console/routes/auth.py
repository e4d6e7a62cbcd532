"""Public routes (health, stylesheet) and logging in and out."""

from __future__ import annotations

import secrets
from typing import Optional

from sanic import Blueprint, response
from sanic.request import Request

from console import security
from console.web import (
    HERE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    client_ip,
    db,
    render,
    set_cookie,
    settings,
    store,
    username,
)

bp = Blueprint("auth")


@bp.get("/healthz")
async def healthz(request: Request):
    return response.json({"status": "ok"})


@bp.get("/static/console.css")
async def css(request: Request):
    return await response.file(str(HERE / "static" / "console.css"), mime_type="text/css")


@bp.get("/favicon.ico")
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
    set_cookie(request, resp, LOGIN_CSRF_COOKIE, token, 3600)
    return resp


@bp.get("/login")
async def login_form(request: Request):
    return login_page(request)


@bp.post("/login")
async def login(request: Request):
    form = request.form or {}
    if not security.tokens_match(request.cookies.get(LOGIN_CSRF_COOKIE), form.get("csrf_token")):
        return login_page(request, "Your session expired. Please try again.", status=403)
    name = (form.get("username") or "").strip()[:64]
    password = form.get("password") or ""
    outcome = await db(store(request).login, name, password, client_ip(request))
    if outcome == "blocked":
        return login_page(request, "Too many failed logins. Try again later.", status=429)
    if outcome is None:
        return login_page(request, "Wrong username or password.", status=401)
    resp = response.redirect("/escalations", status=303)
    set_cookie(request, resp, SESSION_COOKIE, outcome, settings(request).session_hours * 3600)
    set_cookie(request, resp, LOGIN_CSRF_COOKIE, "", 0)
    return resp


@bp.post("/logout")
async def logout(request: Request):
    await db(
        store(request).logout,
        request.cookies.get(SESSION_COOKIE),
        username(request),
        client_ip(request),
    )
    resp = response.redirect("/login", status=303)
    set_cookie(request, resp, SESSION_COOKIE, "", 0)
    return resp
