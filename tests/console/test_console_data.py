"""Conversation summaries, filters, ordering, transcripts and retention (SQLite + PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import sqlalchemy as sa
from console_helpers import (
    DOCTOR_TODAY_TURNS,
    EMERGENCY_TURNS,
    SELF_CARE_TURNS,
    save_conversation,
    seek_care,
)

from console import transcripts
from console.config import Settings
from console.store import Store
from storage import tables

NOW = time.time()
DAY = 86400


def _settings(url: str) -> Settings:
    base = Settings.from_env()
    return Settings(**{**base.__dict__, "tracker_db_url": url, "console_db_url": url})


@pytest.fixture
def seeded(store, db_url):
    save_conversation(
        store, "old-emergency", EMERGENCY_TURNS, start_ts=NOW - 3 * DAY, channel="socketio"
    )
    save_conversation(store, "new-emergency", EMERGENCY_TURNS, start_ts=NOW - 600)
    save_conversation(store, "today", DOCTOR_TODAY_TURNS, start_ts=NOW - 1200)
    save_conversation(store, "mild", SELF_CARE_TURNS, start_ts=NOW - 300, channel="socketio")
    # emergency known only from the reply's custom payload (no disposition slot)
    save_conversation(
        store,
        "text-only",
        [{"text": "I swallowed 20 tablets", "replies": [seek_care("Seek care now: call 911.")]}],
        start_ts=NOW - 2 * DAY,
    )

    # an emergency that was later downgraded still counts as emergency
    save_conversation(
        store,
        "downgraded",
        [
            {
                "text": "my throat is swelling",
                "slots": {"red_flags": ["allergy"], "disposition": "emergency"},
                "replies": [seek_care("Seek care now: call 911.", ["allergy"])],
            },
            {
                "text": "actually it was yesterday and it's gone",
                "slots": {"disposition": "doctor_today"},
                "replies": ["Please call your doctor today."],
            },
        ],
        start_ts=NOW - 5 * DAY,
    )
    s = Store(_settings(db_url))
    s.init()
    return s


def _ids(listing):
    return [s.sender_id for s in listing.items]


def test_summaries(seeded):
    listing = seeded.listing(transcripts.Filters(), 1, 100, escalations=False)
    by_id = {s.sender_id: s for s in listing.items}
    assert set(by_id) == {
        "old-emergency",
        "new-emergency",
        "today",
        "mild",
        "text-only",
        "downgraded",
    }
    e = by_id["new-emergency"]
    assert (e.disposition, e.latest_disposition, e.red_flags, e.channel, e.user_turns) == (
        "emergency",
        "emergency",
        ["breathing"],
        "rest",
        2,
    )
    assert by_id["old-emergency"].channel == "socketio"
    assert (
        by_id["text-only"].disposition == "emergency"
        and by_id["text-only"].latest_disposition is None
    )
    d = by_id["downgraded"]
    assert (d.disposition, d.latest_disposition, d.red_flags) == (
        "emergency",
        "doctor_today",
        ["allergy"],
    )
    assert by_id["mild"].disposition == "self_care" and not by_id["mild"].escalated


def test_emergency_is_the_payload_not_the_words(store, db_url):
    save_conversation(
        store,
        "words-only",
        [{"text": "what does seek care now mean?", "replies": ["Seek care now means ..."]}],
    )
    save_conversation(
        store,
        "payload-only",
        [{"text": "I swallowed 20 tablets", "replies": [seek_care("Please call 999 now.")]}],
    )
    console = Store(_settings(db_url))
    console.init()
    words, payload = (console.conversation(s) for s in ("words-only", "payload-only"))
    assert words[0].disposition is None and not words[1][0].escalated
    assert payload[0].disposition == "emergency" and payload[1][0].escalated
    esc = console.listing(transcripts.Filters(), 1, 25, escalations=True)
    assert _ids(esc) == ["payload-only"]


def test_latest_first_and_escalations_order(seeded):
    f = transcripts.Filters()
    everything = seeded.listing(f, 1, 25, escalations=False)
    assert _ids(everything) == [
        "mild",
        "new-emergency",
        "today",
        "text-only",
        "old-emergency",
        "downgraded",
    ]
    esc = seeded.listing(f, 1, 25, escalations=True)
    assert _ids(esc) == ["new-emergency", "text-only", "old-emergency", "downgraded", "today"]
    # reviewed emergencies sink below unreviewed ones, but stay above doctor_today
    seeded.set_review("new-emergency", "tester", True, None)
    esc = seeded.listing(f, 1, 25, escalations=True)
    assert _ids(esc) == ["text-only", "old-emergency", "downgraded", "new-emergency", "today"]
    assert esc.counts == {
        "emergency": 4,
        "doctor_today": 1,
        "doctor_soon": 0,
        "self_care": 1,
        "none": 0,
    }


def test_pagination(seeded):
    page1 = seeded.listing(transcripts.Filters(), 1, 4, escalations=False)
    page2 = seeded.listing(transcripts.Filters(), 2, 4, escalations=False)
    assert (page1.total, page1.pages, len(page1.items), len(page2.items)) == (6, 2, 4, 2)
    assert not set(_ids(page1)) & set(_ids(page2))
    assert seeded.listing(transcripts.Filters(), 99, 4, escalations=False).page == 2


@pytest.mark.parametrize(
    "args, expected",
    [
        (
            {"disposition": "emergency"},
            {"old-emergency", "new-emergency", "text-only", "downgraded"},
        ),
        ({"disposition": "self_care"}, {"mild"}),
        ({"channel": "socketio"}, {"old-emergency", "mild"}),
        ({"red_flag": "allergy"}, {"downgraded"}),
        ({"reviewed": "yes"}, {"today"}),
        ({"reviewed": "no", "disposition": "doctor_today"}, set()),
        ({"follow_up": "yes"}, {"mild"}),
        ({"q": "SWALLOWED"}, {"text-only"}),
        ({"q": "can't breathe"}, {"old-emergency", "new-emergency"}),
        ({"q": "emergency"}, {"old-emergency", "new-emergency"}),  # sender id match
        ({"q": "100%"}, set()),
        ({"q": "_"}, set()),
        ({"q": "' OR 1=1 --"}, set()),
        ({"q": "x'); DROP TABLE events; --"}, set()),
    ],
)
def test_filters(seeded, args, expected):
    seeded.set_review("today", "tester", True, None)
    seeded.set_review("mild", "tester", None, True)
    filters = transcripts.Filters.from_args(args.get)
    assert set(_ids(seeded.listing(filters, 1, 100, False))) == expected
    with seeded.tracker_engine.connect() as conn:  # injection attempts changed nothing
        assert conn.execute(sa.select(sa.func.count()).select_from(tables.events)).scalar() > 20


def test_date_range(seeded):
    today = dt.datetime.fromtimestamp(NOW, dt.timezone.utc).date()
    recent = transcripts.Filters(date_from=today - dt.timedelta(days=1))
    assert set(_ids(seeded.listing(recent, 1, 100, False))) >= {"mild", "new-emergency"}
    assert "downgraded" not in _ids(seeded.listing(recent, 1, 100, False))
    old = transcripts.Filters(date_to=today - dt.timedelta(days=4))
    assert _ids(seeded.listing(old, 1, 100, False)) == ["downgraded"]


def test_invalid_filter_values_rejected():
    for bad in ({"disposition": "bogus"}, {"from": "2024-13-40"}, {"reviewed": "maybe"}):
        with pytest.raises(ValueError):
            transcripts.Filters.from_args(bad.get)


def test_transcript_turns(seeded):
    summary, turns, review = seeded.conversation("downgraded")
    assert [t.user_text for t in turns] == [
        "my throat is swelling",
        "actually it was yesterday and it's gone",
    ]
    first, second = turns
    assert first.intent == "report_side_effect" and first.confidence == pytest.approx(0.9)
    assert first.red_flags == ["allergy"]
    assert first.disposition_change == (None, "emergency")
    assert first.escalated and first.bot_replies == ["Seek care now: call 911."]
    assert dict(first.slots) == {"red_flags": ["allergy"], "disposition": "emergency"}
    assert second.disposition_change == ("emergency", "doctor_today")
    assert second.escalated  # doctor_today is an escalation too
    assert second.ts > first.ts and first.time.endswith("UTC")
    _, mild_turns, _ = seeded.conversation("mild")
    assert not mild_turns[0].escalated
    assert seeded.conversation("does-not-exist") is None


def test_review_tags_notes_are_console_tables_only(seeded):
    with seeded.tracker_engine.connect() as conn:
        before = conn.execute(sa.select(tables.events)).fetchall()
    seeded.set_review("mild", "kim", True, True)
    seeded.add_tag("mild", "kim", "  Needs  Callback ")
    seeded.add_tag("mild", "kim", "needs callback")  # duplicate ignored
    seeded.add_note("mild", "kim", "Phoned the patient.")
    with pytest.raises(ValueError):
        seeded.add_note("mild", "kim", "   ")
    _, _, review = seeded.conversation("mild")
    assert (review.reviewed, review.reviewed_by, review.follow_up) == (True, "kim", True)
    assert review.tags == ["needs callback"]
    assert [n["body"] for n in review.notes] == ["Phoned the patient."]
    with seeded.tracker_engine.connect() as conn:
        assert conn.execute(sa.select(tables.events)).fetchall() == before
    items, _ = seeded.audit_page(1)
    assert {"review_update", "tag_add", "note_add"} <= {i["action"] for i in items}
    assert "Phoned" not in str(items)  # note content is not copied into the audit log


def test_purge_dry_run_then_real(seeded):
    seeded.set_review("downgraded", "kim", True, None)
    dry = seeded.purge(4, dry_run=True)
    assert dry["sender_ids"] == ["downgraded"] and dry["events_deleted"] == 0
    assert seeded.conversation("downgraded") is not None
    real = seeded.purge(4, dry_run=False)
    assert real["conversations"] == 1 and real["events_deleted"] > 0
    assert seeded.conversation("downgraded") is None
    assert seeded.conversation("old-emergency") is not None
    with seeded.console_engine.connect() as conn:
        assert (
            conn.execute(
                sa.select(tables.reviews).where(tables.reviews.c.sender_id == "downgraded")
            ).first()
            is None
        )
    actions = [i["action"] for i in seeded.audit_page(1)[0]]
    assert "retention_purge" in actions and "retention_purge_dry_run" in actions
    with pytest.raises(ValueError):
        seeded.purge(0, dry_run=True)
