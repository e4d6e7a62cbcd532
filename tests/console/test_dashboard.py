"""Dashboard figures on known data (SQLite + PostgreSQL), date ranges and the page."""

from __future__ import annotations

import base64
import datetime as dt
import re
import time

import pytest
import sqlalchemy as sa
from console_helpers import (
    DOCTOR_TODAY_TURNS,
    EMERGENCY_TURNS,
    SELF_CARE_TURNS,
    save_conversation,
)

from console import charts, dashboard
from console.config import Settings
from console.store import Store
from storage import tables

DAY = 86400


def _store(url: str) -> Store:
    base = Settings.from_env()
    store = Store(Settings(**{**base.__dict__, "tracker_db_url": url, "console_db_url": url}))
    store.init()
    return store


def _noon(days_ago: int) -> float:
    today = dt.datetime.now(dt.timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0)
    return (today - dt.timedelta(days=days_ago)).timestamp()


ALCOHOL = {"text": "Alcohol adds to the sleepiness.", "utter_action": "utter_faq/alcohol"}
DRIVING = {"text": "Don't drive if you feel sleepy.", "utter_action": "utter_faq/driving"}
FAQ = [
    {"text": "can I drink", "intent": "faq", "replies": [ALCOHOL]},
    {"text": "and wine?", "intent": "faq", "replies": [ALCOHOL]},
    {"text": "blah blah", "intent": "nlu_fallback", "replies": ["Sorry?"]},
    {"text": "can I drive", "intent": "faq", "replies": [DRIVING]},
]


@pytest.fixture
def seeded(store, db_url):
    # 3 days ago: 1 emergency (socketio), 1 self care; 1 day ago: 1 doctor_today (rest),
    # 1 FAQ chat with a fallback; 40 days ago: 1 emergency (outside the default range)
    save_conversation(store, "e1", EMERGENCY_TURNS, start_ts=_noon(3), channel="socketio")
    save_conversation(store, "s1", SELF_CARE_TURNS, start_ts=_noon(3))
    save_conversation(store, "t1", DOCTOR_TODAY_TURNS, start_ts=_noon(1))
    save_conversation(store, "f1", FAQ, start_ts=_noon(1) + 600)
    save_conversation(store, "old", EMERGENCY_TURNS, start_ts=_noon(40))
    console = _store(db_url)
    console.refresh_summaries()
    return console


def test_counts_rates_and_topics(seeded):
    start, end = dashboard.default_range()
    m = seeded.dashboard(start, end)
    assert (m.bucket, len(m.periods), m.conversations) == ("day", 28, 4)
    three_ago = m.periods.index((end - dt.timedelta(days=3)).isoformat())
    assert m.by_disposition["emergency"][three_ago] == 1
    assert m.by_disposition["self_care"][three_ago] == 1
    assert sum(m.by_disposition["none"]) == 1  # the FAQ chat
    assert (m.escalated, m.emergencies) == (2, 1)  # e1 emergency + t1 doctor_today
    assert m.overall_escalation_rate == pytest.approx(0.5)
    assert m.escalation_rate[three_ago] == pytest.approx(0.5)
    assert set(m.by_channel) == {"socketio", "rest"}
    assert sum(m.by_channel["socketio"]) == 1 and sum(m.by_channel["rest"]) == 3
    # 2 + 1 + 1 + 4 patient messages, one of them not understood
    assert (m.user_turns, m.fallback_turns) == (8, 1)
    assert m.overall_fallback_rate == pytest.approx(1 / 8)
    assert m.topics == [("alcohol", 2), ("driving", 1)]
    # a longer range includes the old emergency and is shown per week
    year = seeded.dashboard(end - dt.timedelta(days=364), end)
    assert year.bucket == "week" and year.conversations == 5 and year.emergencies == 2


def test_review_backlog_time_to_review_labels_and_feedback(seeded):
    start, end = dashboard.default_range()
    assert seeded.dashboard(start, end).backlog == 2  # e1 and t1 escalated, unreviewed
    seeded.set_review("e1", "kim", True, None)
    _, turns, _ = seeded.conversation("s1")
    seeded.set_label("s1", "kim", "emergency", turns[0].user_event_id)  # under-triage
    seeded.set_label("t1", "kim", "self_care", seeded.conversation("t1")[1][0].user_event_id)
    with seeded.console_engine.begin() as conn:  # the first review 90 minutes after escalation
        escalated_at = conn.execute(
            sa.select(tables.conversations.c.escalated_at).where(
                tables.conversations.c.sender_id == "e1"
            )
        ).scalar()
        conn.execute(
            tables.first_reviews.update()
            .where(tables.first_reviews.c.sender_id == "e1")
            .values(reviewed_at=escalated_at + 5400)
        )
        conn.execute(
            tables.feedback.insert(),
            [
                dict(
                    sender_id="f1",
                    message_ref=str(i),
                    helpful=i < 2,
                    comment=None,
                    event_id=None,
                    created_at=time.time(),
                    updated_at=time.time(),
                )
                for i in range(3)
            ],
        )
    m = seeded.dashboard(start, end)
    assert (m.queue, m.backlog) == (3, 2)  # e1 (reviewed), t1, s1 (under-triage)
    assert m.median_review_hours == pytest.approx(1.5, abs=0.01)
    assert m.label_totals == {"under": 1, "over": 1, "match": 0}
    assert m.feedback_totals == {"helped": 2, "not_helped": 1}
    assert m.helped_rate == pytest.approx(2 / 3)
    data = dashboard.as_dict(m)
    assert data["review_backlog"] == 2 and data["labels"]["under"] == 1


def test_range_parsing():
    today = dt.datetime.now(dt.timezone.utc).date()
    assert dashboard.parse_range({}.get) == (today - dt.timedelta(days=27), today)
    assert dashboard.parse_range({"from": "2026-01-01", "to": "2026-01-31"}.get) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 31),
    )
    for bad in ({"from": "2026-02-01", "to": "2026-01-01"}, {"from": "x"}, {"from": "2020-01-01"}):
        with pytest.raises(ValueError):
            dashboard.parse_range(bad.get)


def test_charts_are_svg_drawn_once_per_data(seeded):
    start, end = dashboard.default_range()
    m = seeded.dashboard(start, end)
    charts._cache.clear()
    drawn = charts.charts(m)
    assert [c.key for c in drawn] == [
        "dispositions",
        "channels",
        "escalation",
        "fallback",
        "review_queue",
        "review_time",
        "labels",
        "topics",
        "feedback",
    ]
    svg = base64.b64decode(drawn[0].uri.split(",", 1)[1]).decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "<script" not in svg
    assert "Conversations per day by disposition" in svg
    assert len(drawn[0].rows) == 28 and drawn[0].headers[1] == "emergency"
    assert charts.cache_info()["entries"] == 9
    again = charts.charts(m)
    assert [c.uri for c in again] == [c.uri for c in drawn]  # from the cache, identical
    assert charts.cache_info()["entries"] == 9


def test_dashboard_page_and_api(console, staff, admin):
    save_conversation(console.store, "dash-emergency", EMERGENCY_TURNS)
    page = staff.get(console.base + "/dashboard")
    assert page.status_code == 200
    assert "img-src 'self' data:" in page.headers["Content-Security-Policy"]
    assert "script-src" not in page.headers["Content-Security-Policy"]
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', page.text)
    assert len(images) == 9 and all(alt for _, alt in images)
    assert "<script" not in page.text
    conversations = int(re.search(r'id="fig-conversations">(\d+)<', page.text).group(1))
    api = staff.get(console.base + "/api/dashboard").json()
    assert api["conversations"] == conversations >= 1
    assert api["emergencies"] >= 1 and api["summaries_caught_up"] is True
    bad = staff.get(console.base + "/dashboard?from=2026-02-01&to=2026-01-01")
    assert bad.status_code == 400
    assert staff.get(console.base + "/api/dashboard?from=nope").status_code == 400
    assert "view_dashboard" in admin.get(console.base + "/admin/audit").text
