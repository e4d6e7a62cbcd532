"""Administrators: accounts and the audit log (``/admin/*`` needs the admin role)."""

from __future__ import annotations

from typing import Callable
from urllib.parse import urlencode

from sanic import Blueprint, response
from sanic.request import Request

from console import security
from console.web import audit, client_ip, db, page_arg, render, store, username

bp = Blueprint("admin", url_prefix="/admin")
AUDIT_PAGE_SIZE = 50


@bp.get("/users")
async def users_page(request: Request):
    users = await db(store(request).list_users)
    await audit(request, "view_users")
    return render(
        request,
        "users.html",
        users=users,
        message=request.args.get("msg"),
        roles=security.ROLES,
    )


async def change_account(request: Request, change: Callable[[], object]):
    """Apply an account change; on a rule violation show the page with the reason."""
    try:
        await db(change)
    except security.AccountError as error:
        users = await db(store(request).list_users)
        return render(
            request, "users.html", status=400, users=users, error=str(error), roles=security.ROLES
        )
    return response.redirect("/admin/users?" + urlencode({"msg": "Saved."}), status=303)


def _user_id(request: Request):
    try:
        return int(request.form.get("user_id") or "")
    except ValueError:
        return None


@bp.post("/users")
async def create_user(request: Request):
    form = request.form
    name, role = (form.get("username") or "").strip(), form.get("role") or "staff"
    password = form.get("password") or ""
    return await change_account(
        request,
        lambda: store(request).create_user(
            username(request), name, password, role, client_ip(request)
        ),
    )


@bp.post("/users/update")
async def update_user(request: Request):
    user_id = _user_id(request)
    if user_id is None:
        return response.json({"error": "bad user id"}, status=400)
    role = request.form.get("role") or "staff"
    active = request.form.get("active") == "1"
    me = request.ctx.session.user
    return await change_account(
        request,
        lambda: store(request).update_user(me, user_id, role, active, client_ip(request)),
    )


@bp.post("/users/password")
async def reset_password(request: Request):
    user_id = _user_id(request)
    if user_id is None:
        return response.json({"error": "bad user id"}, status=400)
    password = request.form.get("password") or ""
    return await change_account(
        request,
        lambda: store(request).reset_password(
            username(request), user_id, password, client_ip(request)
        ),
    )


@bp.get("/audit")
async def audit_page(request: Request):
    page = page_arg(request)
    action = (request.args.get("action") or "").strip()[:64] or None
    items, total = await db(store(request).audit_page, page, AUDIT_PAGE_SIZE, action)
    await audit(request, "view_audit", None, {"page": page})
    pages = max(1, -(-total // AUDIT_PAGE_SIZE))
    return render(
        request,
        "audit.html",
        items=items,
        page=page,
        pages=pages,
        total=total,
        action=action or "",
    )
