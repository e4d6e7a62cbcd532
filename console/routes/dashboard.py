"""The dashboard: trends for a date range, as server-rendered charts (and JSON)."""

from __future__ import annotations

from sanic import Blueprint, response
from sanic.request import Request

from console import charts, dashboard
from console.web import audit, db, render, store

bp = Blueprint("dashboard")

# The charts are data: URIs of SVG images drawn on the server (console/charts.py).
DASHBOARD_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


async def _metrics(request: Request):
    try:
        start, end = dashboard.parse_range(request.args.get)
    except ValueError as error:
        return None, str(error)
    metrics = await db(store(request).dashboard, start, end)
    await audit(request, "view_dashboard", None, {"from": start.isoformat(), "to": end.isoformat()})
    return metrics, None


@bp.get("/dashboard")
async def dashboard_page(request: Request):
    metrics, error = await _metrics(request)
    if error:
        return render(request, "error.html", status=400, message=error)
    drawn = await db(charts.charts, metrics)
    resp = render(request, "dashboard.html", m=metrics, charts=drawn, presets=dashboard.PRESETS)
    resp.headers["Content-Security-Policy"] = DASHBOARD_CSP
    return resp


@bp.get("/api/dashboard")
async def dashboard_api(request: Request):
    metrics, error = await _metrics(request)
    if error:
        return response.json({"error": error}, status=400)
    return response.json(dashboard.as_dict(metrics))
