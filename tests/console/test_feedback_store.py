"""Patient feedback in storage/feedback.py and how the console shows it (SQLite + PG)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from console_helpers import SELF_CARE_TURNS, save_conversation

from console.config import Settings
from console.store import Store
from console.transcripts import Filters
from storage import engines, feedback, tables

ANSWER = "Feeling sleepy is common at first.\n\nStand up slowly and avoid driving."


def _store(url: str) -> Store:
    base = Settings.from_env()
    store = Store(Settings(**{**base.__dict__, "tracker_db_url": url, "console_db_url": url}))
    store.init()
    return store


@pytest.fixture
def chat(store, db_url):
    save_conversation(store, "p1", [{"text": "I feel sleepy", "replies": [ANSWER]}])
    save_conversation(store, "p2", SELF_CARE_TURNS)
    console = _store(db_url)
    engine = engines.make_engine(db_url)
    return console, engine


def _rows(engine):
    with engine.connect() as conn:
        return conn.execute(sa.select(tables.feedback).order_by(tables.feedback.c.id)).fetchall()


def test_only_replies_the_bot_sent_in_that_conversation(chat):
    console, engine = chat
    assert feedback.record(engine, engine, "p1", ANSWER, True) == feedback.OK
    # socket.io sends each paragraph as its own message: a paragraph counts too
    assert feedback.record(engine, engine, "p1", "Stand up slowly and avoid driving.", False) == (
        feedback.OK
    )
    assert feedback.record(engine, engine, "p1", "Something it never said", True) == (
        feedback.UNKNOWN
    )
    assert feedback.record(engine, engine, "p2", ANSWER, True) == feedback.UNKNOWN  # not p2's
    assert feedback.record(engine, engine, "nobody", ANSWER, True) == feedback.UNKNOWN
    assert feedback.record(engine, engine, "p1", "", True) == feedback.INVALID
    assert feedback.record(engine, engine, "x" * 300, ANSWER, True) == feedback.INVALID
    rows = _rows(engine)
    assert [(r.sender_id, r.helpful) for r in rows] == [("p1", True), ("p1", False)]
    assert all(r.event_id is not None for r in rows)


def test_rating_again_updates_and_comment_is_cleaned_and_capped(chat):
    console, engine = chat
    feedback.record(engine, engine, "p1", ANSWER, True)
    messy = "It was\tconfusing\x00\x07 " + "really " * 200
    assert feedback.record(engine, engine, "p1", ANSWER, False, messy) == feedback.OK
    (row,) = _rows(engine)
    assert row.helpful is False or row.helpful == 0
    assert row.comment.startswith("It was confusing really") and "\x00" not in row.comment
    assert len(row.comment) == feedback.MAX_COMMENT_CHARS
    feedback.record(engine, engine, "p1", ANSWER, True)  # no comment: the old one stays
    (row,) = _rows(engine)
    assert bool(row.helpful) and row.comment.startswith("It was confusing")


def test_rated_replies_per_conversation_are_capped(chat, monkeypatch):
    console, engine = chat
    monkeypatch.setattr(feedback, "MAX_RATED_PER_CONVERSATION", 1)
    assert feedback.record(engine, engine, "p1", ANSWER, True) == feedback.OK
    other = "Stand up slowly and avoid driving."
    assert feedback.record(engine, engine, "p1", other, True) == feedback.TOO_MANY
    assert feedback.record(engine, engine, "p1", ANSWER, False) == feedback.OK  # an update


def test_console_shows_counts_and_filters_feedback(chat, store):
    console, engine = chat
    feedback.record(engine, engine, "p1", ANSWER, False, "I still feel dizzy")
    summary, turns, review = console.conversation("p1")
    assert (summary.feedback_helped, summary.feedback_not_helped) == (0, 1)
    (given,) = review.feedback_for(turns[0].bot_event_ids[0])
    assert (given.helpful, given.comment) == (False, "I still feel dizzy")
    ids = {
        name: {s.sender_id for s in console.listing(Filters(feedback=name), 1, 25, False).items}
        for name in ("helped", "not_helped", "any", "none")
    }
    assert ids == {"helped": set(), "not_helped": {"p1"}, "any": {"p1"}, "none": {"p2"}}
    record = console.export_records(sender_id="p1")[0]
    assert record["turns"][0]["feedback"][0]["comment"] == "I still feel dizzy"
    # the patient's "delete my data" removes the feedback with the conversation
    store.delete_conversation("p1", reason="patient_request")
    assert _rows(engine) == []
