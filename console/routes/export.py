"""CSV / JSON exports of one conversation or the current filtered list."""

from __future__ import annotations

from typing import Dict

from sanic import Blueprint, response
from sanic.request import Request

from console import export
from console.web import audit, db, parse_filters, sender_arg, store

bp = Blueprint("export")


def export_response(records, fmt: str, redact: bool, filename: str, filters: Dict[str, str]):
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


@bp.get("/conversation/export")
async def export_one(request: Request):
    sender_id = sender_arg(request)
    fmt, redact = export_args(request)
    if fmt is None:
        return response.json({"error": "format must be csv or json"}, status=400)
    if not sender_id or not await db(store(request).exists, sender_id):
        return response.json({"error": "No such conversation."}, status=404)
    records = await db(store(request).export_records, None, sender_id, redact)
    await audit(
        request,
        "export",
        sender_id,
        {"format": fmt, "redacted": redact, "conversations": len(records)},
    )
    return export_response(records, fmt, redact, "conversation", {"id": sender_id})


@bp.get("/export")
async def export_many(request: Request):
    filters, error = parse_filters(request)
    fmt, redact = export_args(request)
    if error or fmt is None:
        return response.json({"error": error or "format must be csv or json"}, status=400)
    records = await db(store(request).export_records, filters, None, redact)
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
