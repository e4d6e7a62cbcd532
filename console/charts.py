"""Dashboard charts drawn on the server with matplotlib, as SVG.

Each chart is an ``<img>`` with a ``data:image/svg+xml`` URI (no script, nothing
loaded from anywhere), an alt text, and the same numbers as a table for screen
readers and for copying. Rendering costs tens of milliseconds per chart, so charts
are cached by their data: an unchanged chart is never drawn twice.
"""

from __future__ import annotations

import base64
import io
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

with warnings.catch_warnings():  # matplotlib's own pyparsing deprecation noise
    warnings.simplefilter("ignore")
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

from console.dashboard import NONE, Metrics
from console.transcripts import DISPOSITIONS, OVER, UNDER

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: small files, readable when zoomed
        "svg.hashsalt": "console",  # deterministic ids: same data, same SVG
        "font.size": 9,
        "font.family": "DejaVu Sans",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
    }
)

COLORS = {
    "emergency": "#b00020",
    "doctor_today": "#e65100",
    "doctor_soon": "#f9a825",
    "self_care": "#43a047",
    NONE: "#9e9e9e",
    UNDER: "#b00020",
    OVER: "#f9a825",
    "match": "#78909c",
    "helped": "#2e7d32",
    "not_helped": "#c62828",
    "reviewed": "#546e7a",
    "awaiting": "#e65100",
}
CHANNEL_COLORS = ("#1565c0", "#6a1b9a", "#00838f", "#ef6c00", "#5d4037", "#9e9d24", "#455a64")
LABELS = {
    NONE: "no disposition",
    UNDER: "under-triage",
    OVER: "over-triage",
    "match": "agreed",
    "helped": "this helped",
    "not_helped": "this didn't help",
    "awaiting": "awaiting review",
}
WIDTH, HEIGHT = 7.2, 2.7


@dataclass
class Chart:
    key: str
    title: str
    uri: str  # data:image/svg+xml;base64,...
    alt: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]


_cache: "OrderedDict[Tuple, str]" = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE = 128


def _short(period: str) -> str:
    return period[5:]  # MM-DD


MAX_TICKS = 7


def _ticks(ax, labels: Sequence[str]) -> None:
    step = max(1, -(-len(labels) // MAX_TICKS))
    positions = list(range(0, len(labels), step))
    ax.set_xticks(positions)
    ax.set_xticklabels([_short(labels[i]) for i in positions], rotation=0)
    ax.set_xlim(-0.6, len(labels) - 0.4)


def _draw(kind: str, title: str, x: Tuple[str, ...], series: Tuple, unit: str) -> str:
    fig = Figure(figsize=(WIDTH, HEIGHT), dpi=100)
    FigureCanvasSVG(fig)
    ax = fig.add_axes((0.08, 0.17, 0.66, 0.72))
    ax.set_title(title)
    ax.grid(axis="x" if kind == "hbar" else "y", color="#e0e0e0", linewidth=0.6)
    ax.set_axisbelow(True)
    positions = range(len(x))
    empty = all(not v for _, values, _ in series for v in values)
    if kind != "line":
        axis = ax.xaxis if kind == "hbar" else ax.yaxis
        axis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    if kind == "stacked":
        bottom = [0.0] * len(x)
        for name, values, color in series:
            ax.bar(positions, values, bottom=bottom, color=color, label=name, width=0.8)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        _ticks(ax, x)
    elif kind == "grouped":
        width = 0.8 / max(1, len(series))
        for n, (name, values, color) in enumerate(series):
            ax.bar(
                [p + (n - (len(series) - 1) / 2) * width for p in positions],
                values,
                width=width,
                color=color,
                label=name,
            )
        _ticks(ax, x)
    elif kind == "line":
        for name, values, color in series:
            # None (no conversations that day) leaves a gap instead of a line to zero
            ys = [float("nan") if v is None else v for v in values]
            ax.plot(
                list(positions),
                ys,
                color=color,
                label=name,
                marker="o",
                markersize=2.5,
                linewidth=1.6,
            )
        _ticks(ax, x)
        ax.set_ylim(bottom=0)
    elif kind == "hbar":
        name, values, color = series[0]
        ax.barh(list(positions), values, color=color)
        ax.set_yticks(list(positions))
        ax.set_yticklabels(x)
        ax.invert_yaxis()
        ax.set_position((0.3, 0.2, 0.62, 0.69))
    if empty:
        if kind != "hbar":
            ax.set_ylim(0, 1)
        ax.text(
            0.5,
            0.5,
            "no data in this range",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="#757575",
        )
    if unit:
        ax.set_ylabel(unit) if kind != "hbar" else ax.set_xlabel(unit)
    if kind != "hbar" and len(series) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def render(kind: str, title: str, x: Sequence[str], series: Sequence[Tuple], unit: str = "") -> str:
    """The chart as a data URI, drawn once per distinct data (LRU cache)."""
    key = (kind, title, tuple(x), tuple((n, tuple(v), c) for n, v, c in series), unit)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    uri = _draw(kind, title, tuple(x), key[3], unit)
    with _cache_lock:
        _cache[key] = uri
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return uri


def _pct(value: Optional[float]) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _table(x: Sequence[str], series: Sequence[Tuple], fmt=str) -> List[List[str]]:
    return [[p] + [fmt(values[i]) for _, values, _ in series] for i, p in enumerate(x)]


def _percent(values: Sequence[Optional[float]]) -> List[Optional[float]]:
    return [None if v is None else v * 100 for v in values]


def charts(m: Metrics) -> List[Chart]:
    per = "per day" if m.bucket == "day" else "per week"
    out: List[Chart] = []

    def add(key: str, kind: str, title: str, x, series, alt: str, unit: str = "", fmt=str):
        out.append(
            Chart(
                key=key,
                title=title,
                uri=render(kind, title, x, series, unit),
                alt=alt,
                headers=["period"] + [n for n, _, _ in series],
                rows=_table(x, series, fmt),
            )
        )

    dispositions = [
        (LABELS.get(d, d), m.by_disposition[d], COLORS[d]) for d in DISPOSITIONS + (NONE,)
    ]
    add(
        "dispositions",
        "stacked",
        f"Conversations {per} by disposition",
        m.periods,
        dispositions,
        f"Stacked bars: {m.conversations} conversations {per}, by the most urgent disposition.",
    )
    channels = [
        (name, values, CHANNEL_COLORS[i % len(CHANNEL_COLORS)])
        for i, (name, values) in enumerate(m.by_channel.items())
    ] or [("none", [0] * len(m.periods), CHANNEL_COLORS[0])]
    add(
        "channels",
        "stacked",
        f"Conversations {per} by channel",
        m.periods,
        channels,
        f"Stacked bars: conversations {per} by channel.",
    )
    rates = [
        ("escalated", _percent(m.escalation_rate), COLORS["doctor_today"]),
        ("emergency", _percent(m.emergency_rate), COLORS["emergency"]),
    ]
    add(
        "escalation",
        "line",
        f"Escalation rate {per}",
        m.periods,
        rates,
        f"Lines: share of conversations escalated {per}; overall "
        f"{_pct(m.overall_escalation_rate)}.",
        "%",
        fmt=lambda v: "" if v is None else f"{v:.1f}",
    )
    add(
        "fallback",
        "line",
        f"Fallback rate {per} (messages not understood)",
        m.periods,
        [("not understood", _percent(m.fallback_rate), "#6a1b9a")],
        f"Line: share of patient messages not understood {per}; overall "
        f"{_pct(m.overall_fallback_rate)}.",
        "%",
        fmt=lambda v: "" if v is None else f"{v:.1f}",
    )
    add(
        "review_queue",
        "stacked",
        "Review queue per week (escalated or under-triaged)",
        m.weeks,
        [
            ("reviewed", m.reviewed_per_week, COLORS["reviewed"]),
            (LABELS["awaiting"], m.awaiting_per_week, COLORS["awaiting"]),
        ],
        f"Stacked bars per week: reviewed and awaiting review; backlog {m.backlog}.",
    )
    add(
        "review_time",
        "line",
        "Median time to first review per week",
        m.weeks,
        [("median hours", m.median_review_hours_per_week, COLORS["reviewed"])],
        "Line: median hours from escalation to first review, per week.",
        "hours",
        fmt=lambda v: "" if v is None else f"{v:.1f}",
    )
    add(
        "labels",
        "grouped",
        "Reviewer labels per week",
        m.weeks,
        [(LABELS[name], m.labels_per_week[name], COLORS[name]) for name in (UNDER, OVER, "match")],
        f"Bars per week: {m.label_totals.get(UNDER, 0)} under-triage, "
        f"{m.label_totals.get(OVER, 0)} over-triage labels.",
    )
    topics = m.topics or [("(none yet)", 0)]
    add(
        "topics",
        "hbar",
        "Most asked FAQ topics",
        [t for t, _ in topics],
        [("questions", [n for _, n in topics], "#1565c0")],
        "Horizontal bars: " + ", ".join(f"{t} {n}" for t, n in m.topics[:5]),
        "questions",
    )
    add(
        "feedback",
        "stacked",
        "Patient feedback per week",
        m.weeks,
        [
            (LABELS[name], m.feedback_per_week[name], COLORS[name])
            for name in ("helped", "not_helped")
        ],
        f"Stacked bars per week: {m.feedback_totals.get('helped', 0)} 'this helped', "
        f"{m.feedback_totals.get('not_helped', 0)} 'this didn't help'.",
    )
    return out


def cache_info() -> Dict[str, int]:
    with _cache_lock:
        return {"entries": len(_cache), "max": CACHE_SIZE}
