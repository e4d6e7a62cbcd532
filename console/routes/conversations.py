"""Conversation lists, one transcript, and the review workflow (review, tags, notes)."""

from __future__ import annotations

from typing import Any, Callable, Optional
from urllib.parse import urlencode

from sanic import Blueprint, response
from sanic.request import Request

from console import redact, transcripts
from console.web import (
    audit,
    db,
    page_arg,
    parse_filters,
    render,
    sender_arg,
    settings,
    store,
    username,
)

bp = Blueprint("conversations")


async def listing(request: Request, escalations: bool):
    filters, error = parse_filters(request)
    if error:
        return None, filters, error
    result = await db(
        store(request).listing, filters, page_arg(request), settings(request).page_size, escalations
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


@bp.get("/")
async def index(request: Request):
    return await list_page(request, escalations=False)


@bp.get("/escalations")
async def escalations(request: Request):
    return await list_page(request, escalations=True)


@bp.get("/api/conversations")
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


@bp.get("/conversation")
async def conversation(request: Request):
    sender_id = sender_arg(request)
    found = await db(store(request).conversation, sender_id) if sender_id else None
    if found is None:
        return render(request, "error.html", status=404, message="No such conversation.")
    summary, turns, review = found
    await audit(request, "view_conversation", sender_id)
    return render(
        request,
        "conversation.html",
        summary=summary,
        turns=turns,
        review=review,
        sender_id=sender_id,
        id_query=urlencode({"id": sender_id}),
        redaction_note=redact.LIMITATION_NOTE,
        labels=transcripts.LABELS,
    )


@bp.get("/api/conversation")
async def api_conversation(request: Request):
    sender_id = sender_arg(request)
    found = await db(store(request).conversation, sender_id) if sender_id else None
    if found is None:
        return response.json({"error": "No such conversation."}, status=404)
    summary, turns, review = found
    await audit(request, "view_conversation", sender_id, {"api": True})
    data = summary.as_dict()
    data["turns"] = [t.as_dict() for t in turns]
    data["review"] = review.as_dict()
    return response.json(data)


async def review_action(request: Request, apply: Callable[[str, str], Any]):
    """Run ``apply(sender_id, user)`` for an existing conversation, then show it again."""
    sender_id = sender_arg(request)
    if not sender_id or not await db(store(request).exists, sender_id):
        return response.json({"error": "No such conversation."}, status=404)
    try:
        await db(apply, sender_id, username(request))
    except ValueError as error:
        if request.headers.get("x-csrf-token"):  # an API client
            return response.json({"error": str(error)}, status=400)
        return render(
            request,
            "error.html",
            status=400,
            message=str(error),
            back="/conversation?" + urlencode({"id": sender_id}),
        )
    return response.redirect("/conversation?" + urlencode({"id": sender_id}), status=303)


def _flag(request: Request, name: str) -> Optional[bool]:
    value = request.form.get(name)
    return None if value is None else value == "1"


@bp.post("/conversation/review")
async def review(request: Request):
    reviewed, follow_up = _flag(request, "reviewed"), _flag(request, "follow_up")
    return await review_action(
        request, lambda sid, user: store(request).set_review(sid, user, reviewed, follow_up)
    )


@bp.post("/conversation/tag")
async def add_tag(request: Request):
    tag = request.form.get("tag") or ""
    return await review_action(request, lambda sid, user: store(request).add_tag(sid, user, tag))


@bp.post("/conversation/tag/remove")
async def remove_tag(request: Request):
    tag = request.form.get("tag") or ""
    return await review_action(request, lambda sid, user: store(request).remove_tag(sid, user, tag))


@bp.post("/conversation/label")
async def set_label(request: Request):
    expected = request.form.get("expected") or ""
    raw = (request.form.get("message_event_id") or "").strip()
    try:
        message = int(raw) if raw else None
    except ValueError:
        return response.json({"error": "bad message id"}, status=400)
    return await review_action(
        request, lambda sid, user: store(request).set_label(sid, user, expected, message)
    )


@bp.post("/conversation/label/remove")
async def remove_label(request: Request):
    return await review_action(request, lambda sid, user: store(request).remove_label(sid, user))


@bp.post("/conversation/note")
async def add_note(request: Request):
    body = request.form.get("body") or ""
    return await review_action(request, lambda sid, user: store(request).add_note(sid, user, body))
