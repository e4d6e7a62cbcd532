"""Incremental conversation summaries: the same result as folding everything again,
whatever order rows become visible in, under concurrency and deletion (SQLite + PG)."""

from __future__ import annotations

import asyncio
import threading
import time

import sqlalchemy as sa
from console_helpers import (
    DOCTOR_TODAY_TURNS,
    EMERGENCY_TURNS,
    SELF_CARE_TURNS,
    save_conversation,
)
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from console.config import Settings
from console.store import Store
from console.summaries import Summaries
from console.transcripts import Filters
from storage import tables

NOW = time.time()


def _store(url: str) -> Store:
    base = Settings.from_env()
    store = Store(Settings(**{**base.__dict__, "tracker_db_url": url, "console_db_url": url}))
    store.init()
    return store


def snapshot(store: Store):
    """Every summary row and fact, comparable across refresh strategies."""
    with store.console_engine.connect() as conn:
        rows = {
            r.sender_id: tuple(r)
            for r in conn.execute(sa.select(tables.conversations).order_by("sender_id"))
        }
        facts = sorted(tuple(r) for r in conn.execute(sa.select(tables.conversation_facts)))
    return rows, facts


def _more(rasa, sender, *events):
    tracker = asyncio.run(rasa.retrieve(sender))
    for event in events:
        tracker.update(event)
    asyncio.run(rasa.save(tracker))


def test_incremental_equals_full_rebuild(store, db_url):
    console = _store(db_url)
    save_conversation(store, "a", EMERGENCY_TURNS, start_ts=NOW - 3600)
    save_conversation(store, "b", SELF_CARE_TURNS, start_ts=NOW - 1800)
    first = console.refresh_summaries()
    assert first.caught_up and first.folded > 0
    # new turns for an existing conversation and a brand-new one
    _more(
        store,
        "b",
        UserUttered("it got worse", intent={"name": "report_side_effect", "confidence": 0.8}),
        SlotSet("disposition", "doctor_today"),
        BotUttered("Please call your doctor today.", {"custom": {"disposition": "doctor_today"}}),
        ActionExecuted("action_listen"),
    )
    save_conversation(store, "c", DOCTOR_TODAY_TURNS, start_ts=NOW - 60, channel="telegram")
    second = console.refresh_summaries()
    assert second.caught_up and 0 < second.folded < first.folded + 20
    incremental = snapshot(console)
    console.rebuild_summaries()
    assert snapshot(console) == incremental
    rows = incremental[0]
    assert set(rows) == {"a", "b", "c"}
    b = console.conversation("b")[0]
    assert (b.disposition, b.latest_disposition, b.user_turns) == (
        "doctor_today",
        "doctor_today",
        2,
    )
    assert console.conversation("c")[0].channel == "telegram"


def test_fold_counts_fallbacks_topics_flags_once_per_turn(store, db_url):
    turns = [
        {"text": "blah", "intent": "nlu_fallback", "replies": ["Sorry, say that again?"]},
        {"text": "can I drink alcohol", "intent": "faq", "replies": ["Alcohol adds ..."]},
        {"text": "xyz", "intent": "out_of_scope", "replies": ["I can only help with baclofen"]},
    ]
    save_conversation(store, "mixed", turns, start_ts=NOW - 600)
    # the FAQ topic comes from the reply's utter_action, the fallback from the action too
    _more(
        store,
        "mixed",
        UserUttered("qwerty", intent={"name": "greet", "confidence": 0.2}),
        ActionExecuted("utter_please_rephrase"),
        ActionExecuted("action_default_fallback"),  # the same turn: counted once
        BotUttered("Sorry?"),
        UserUttered("what about driving", intent={"name": "faq", "confidence": 0.9}),
        BotUttered("Driving ...", metadata={"utter_action": "utter_faq/driving"}),
        SlotSet("red_flags", ["breathing", "confusion"]),
        SlotSet("red_flags", ["breathing"]),
    )
    console = _store(db_url)
    console.refresh_summaries()
    with console.console_engine.connect() as conn:
        row = conn.execute(
            sa.select(tables.conversations).where(tables.conversations.c.sender_id == "mixed")
        ).one()
        facts = {
            (f.kind, f.value): f.n
            for f in conn.execute(
                sa.select(tables.conversation_facts).where(
                    tables.conversation_facts.c.sender_id == "mixed"
                )
            )
        }
    assert (row.user_turns, row.fallback_turns) == (5, 2)
    assert facts == {
        ("faq_topic", "driving"): 1,
        ("red_flag", "breathing"): 1,
        ("red_flag", "confusion"): 1,
    }
    assert row.escalated_at is None and row.severity == 0


def test_escalated_at_is_the_first_escalation(store, db_url):
    save_conversation(store, "esc", DOCTOR_TODAY_TURNS + EMERGENCY_TURNS, start_ts=NOW - 900)
    console = _store(db_url)
    console.refresh_summaries()
    with console.console_engine.connect() as conn:
        row = conn.execute(
            sa.select(tables.conversations).where(tables.conversations.c.sender_id == "esc")
        ).one()
    # doctor_today at the first turn (30 s after the start, +1 s for the slot)
    assert row.disposition == "emergency" and abs(row.escalated_at - (NOW - 900 + 31)) < 1


def test_rows_that_become_visible_late_are_folded(store, db_url):
    """A row with an id below the watermark (late commit, reused id) is not lost."""
    save_conversation(store, "early", SELF_CARE_TURNS, start_ts=NOW - 500)
    console = _store(db_url)
    with store.engine.begin() as conn:
        top = conn.execute(sa.select(sa.func.max(tables.events.c.id))).scalar()
        # leave a gap, as an uncommitted transaction holding ids would
        conn.execute(
            tables.events.insert().values(
                id=top + 50,
                sender_id="later",
                type_name="user",
                timestamp=NOW - 100,
                intent_name="greet",
                data='{"event": "user", "text": "hello", "input_channel": "rest"}',
            )
        )
    console.refresh_summaries()
    assert console.conversation("later") is not None
    with store.engine.begin() as conn:  # the "slow" transaction commits its lower id now
        conn.execute(
            tables.events.insert().values(
                id=top + 10,
                sender_id="slow",
                type_name="user",
                timestamp=NOW - 90,
                intent_name="greet",
                data='{"event": "user", "text": "hi", "input_channel": "socketio"}',
            )
        )
    console.refresh_summaries()
    slow = console.conversation("slow")[0]
    assert (slow.user_turns, slow.channel) == (1, "socketio")
    listed = {s.sender_id for s in console.listing(Filters(), 1, 50, False).items}
    assert listed == {"early", "later", "slow"}


def test_deleted_newest_conversation_and_reused_ids(store, db_url):
    console = _store(db_url)
    save_conversation(store, "keep", SELF_CARE_TURNS, start_ts=NOW - 700)
    save_conversation(store, "gone", EMERGENCY_TURNS, start_ts=NOW - 600)
    console.refresh_summaries()
    store.delete_conversation("gone", reason="patient_request")  # the newest rows go
    assert console.conversation("gone") is None
    save_conversation(store, "new", DOCTOR_TODAY_TURNS, start_ts=NOW - 60)  # may reuse ids
    console.refresh_summaries()
    found = {s.sender_id: s for s in console.listing(Filters(), 1, 50, False).items}
    assert set(found) == {"keep", "new"}
    assert found["new"].disposition == "doctor_today" and found["new"].user_turns == 1
    incremental = snapshot(console)
    console.rebuild_summaries()
    assert snapshot(console) == incremental


def test_two_refreshers_at_once_never_count_twice(store, db_url):
    for i in range(30):
        save_conversation(store, f"c{i}", EMERGENCY_TURNS, start_ts=NOW - 1000 + i)
    first, second = _store(db_url), _store(db_url)
    # separate Summaries objects: as two console processes would have
    others = [Summaries(first.tracker_engine, first.console_engine) for _ in range(3)]
    threads = [threading.Thread(target=s.refresh, kwargs={"max_events": 40}) for s in others]
    threads += [threading.Thread(target=second.refresh_summaries, kwargs={"max_events": 40})]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    while not first.refresh_summaries(40).caught_up:
        pass
    concurrent = snapshot(first)
    first.rebuild_summaries()
    assert snapshot(first) == concurrent
    assert all(row[5] == 2 for row in concurrent[0].values())  # user_turns of each


def test_refresh_that_raced_a_deletion_does_not_write_it_back(store, db_url):
    save_conversation(store, "racing", EMERGENCY_TURNS, start_ts=NOW - 300)
    console = _store(db_url)

    class Interrupted(Summaries):
        def _write(self, *args, **kwargs):
            if not getattr(self, "deleted", False):
                self.deleted = True  # the patient's deletion lands between read and write
                store.delete_conversation("racing", reason="patient_request")
            return super()._write(*args, **kwargs)

    racer = Interrupted(console.tracker_engine, console.console_engine)
    racer.refresh()
    assert console.conversation("racing") is None
    with console.console_engine.connect() as conn:
        assert conn.execute(sa.select(tables.conversations)).fetchall() == []
        assert conn.execute(sa.select(tables.daily)).fetchall() == []  # roll-ups follow


def _rollup_matches(console: Store) -> None:
    c = tables.conversations.c
    with console.console_engine.connect() as conn:
        direct = sorted(
            (day, disposition or "", channel, n, turns, fallbacks)
            for day, disposition, channel, n, turns, fallbacks in conn.execute(
                sa.select(
                    c.start_day,
                    c.disposition,
                    c.channel,
                    sa.func.count(),
                    sa.func.sum(c.user_turns),
                    sa.func.sum(c.fallback_turns),
                ).group_by(c.start_day, c.disposition, c.channel)
            )
        )
        rolled = sorted(tuple(row) for row in conn.execute(sa.select(tables.daily)))
        dirty = conn.execute(sa.select(tables.rollup_dirty)).fetchall()
    assert rolled == direct and dirty == []


def test_daily_rollups_follow_the_summaries(store, db_url):
    day = 86400
    for i in range(70):  # more days than one batch rewrites one by one
        turns = EMERGENCY_TURNS if i % 3 == 0 else SELF_CARE_TURNS
        save_conversation(store, f"d{i}", turns, start_ts=NOW - (i + 1) * day)
    console = _store(db_url)
    with store.engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(tables.events)).scalar()
    batch = total - 20  # the first batch touches > 64 days but is not the last one
    progress = console.refresh_summaries(max_events=batch)
    assert not progress.caught_up
    with console.console_engine.connect() as conn:  # left to the last batch meanwhile
        assert conn.execute(sa.select(tables.rollup_dirty)).fetchall() != []
    while not progress.caught_up:
        progress = console.refresh_summaries(max_events=batch)
    _rollup_matches(console)
    store.delete_conversation("d3", reason="patient_request")
    console.purge(60, dry_run=False)
    save_conversation(store, "today", DOCTOR_TODAY_TURNS, start_ts=NOW - 60)
    console.refresh_summaries()
    _rollup_matches(console)
    counts = console.listing(Filters(), 1, 25, False).counts
    assert counts["emergency"] == len([i for i in range(59) if i % 3 == 0 and i != 3])
    assert counts["doctor_today"] == 1
