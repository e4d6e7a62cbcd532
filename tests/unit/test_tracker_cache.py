"""The in-memory cache of recent trackers never hands back something the database
no longer holds (rasa_ext/tracker_cache.py)."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.tracker_cache import CachingTrackerStore
from rasa_ext.tracker_store import ManagedSQLTrackerStore


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.delenv("CONSOLE_DB_URL", raising=False)
    return CachingTrackerStore(domain=Domain.empty(), host=f"sqlite:///{tmp_path / 't.db'}")


def _turn(tracker: DialogueStateTracker, text: str) -> None:
    for event in (
        UserUttered(text, {"name": "greet", "confidence": 1.0}),
        BotUttered("hi"),
        ActionExecuted("action_listen"),
    ):
        tracker.update(event)


def _new(store, sender="s1") -> DialogueStateTracker:
    """A conversation's first turn, then its second turn as Rasa runs it (loaded back)."""
    tracker = DialogueStateTracker(sender, [])
    for event in (
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
    ):
        tracker.update(event)
    _turn(tracker, "hello")
    asyncio.run(store.save(tracker))
    # Rasa does not load action_session_start back: the first turn's tracker is not kept
    second = asyncio.run(store.retrieve(sender))
    assert second is not tracker
    _turn(second, "second")
    asyncio.run(store.save(second))
    return second


def _from_database(store, sender="s1"):
    return asyncio.run(ManagedSQLTrackerStore.retrieve(store, sender))


def _rows(store):
    with store.engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM events")).scalar()


def test_the_saved_tracker_comes_back_without_a_rebuild(store):
    saved = _new(store)
    assert asyncio.run(store.retrieve("s1")) is saved
    rows = _rows(store)
    _turn(saved, "again")
    asyncio.run(store.save(saved))
    assert _rows(store) == rows + 3  # only the new events were stored, no duplicates
    again = asyncio.run(store.retrieve("s1"))
    assert again is saved
    assert [e.as_dict() for e in again.events] == [
        e.as_dict() for e in _from_database(store).events
    ]


def test_a_change_in_the_database_by_someone_else_forces_a_rebuild(store):
    saved = _new(store)
    with store.engine.begin() as conn:  # e.g. another Rasa server answered a turn
        conn.execute(sa.text("DELETE FROM events WHERE id = (SELECT max(id) FROM events)"))
    loaded = asyncio.run(store.retrieve("s1"))
    assert loaded is not saved and len(loaded.events) == len(_from_database(store).events)
    assert len(loaded.events) == len(saved.events) - 1


def test_events_purged_from_the_start_force_a_rebuild(store):
    saved = _new(store)
    with store.engine.begin() as conn:  # the retention purge removed the oldest events
        conn.execute(sa.text("DELETE FROM events WHERE id = (SELECT min(id) FROM events)"))
    loaded = asyncio.run(store.retrieve("s1"))
    assert loaded is not saved
    assert [e.as_dict() for e in loaded.events] == [
        e.as_dict() for e in _from_database(store).events
    ]


def test_many_turns_from_memory_store_every_event_once(store):
    tracker = _new(store)
    for index in range(30):  # each turn: served from memory, its new events appended
        tracker = asyncio.run(store.retrieve("s1"))
        _turn(tracker, f"turn {index}")
        asyncio.run(store.save(tracker))
    assert asyncio.run(store.retrieve("s1")) is tracker
    assert _rows(store) == len(tracker.events) + 1  # (+ action_session_start, not loaded)
    assert [e.as_dict() for e in _from_database(store).events] == [
        e.as_dict() for e in tracker.events
    ]


def test_a_conversation_deleted_elsewhere_is_not_served_from_memory(store):
    _new(store)
    with store.engine.begin() as conn:  # the staff console deleted it
        conn.execute(sa.text("DELETE FROM events WHERE sender_id = 's1'"))
    assert asyncio.run(store.retrieve("s1")) is None


def test_a_turn_that_failed_before_saving_is_not_served_from_memory(store):
    saved = _new(store)
    _turn(saved, "lost")  # mutated in memory, never saved
    loaded = asyncio.run(store.retrieve("s1"))
    assert loaded is not saved and len(loaded.events) == len(saved.events) - 3


def test_a_new_session_in_memory_is_loaded_as_rasa_loads_it(store):
    saved = _new(store)
    for event in (
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
    ):
        saved.update(event)
    asyncio.run(store.save(saved))
    loaded = asyncio.run(store.retrieve("s1"))
    assert loaded is not saved
    assert [e for e in loaded.events if isinstance(e, SessionStarted)] != []


def test_delete_my_data_drops_the_cached_tracker(store):
    _new(store)
    store.delete_conversation("s1", reason="patient_request")
    assert asyncio.run(store.retrieve("s1")) is None


def test_a_deletion_marker_saved_by_the_bot_leaves_nothing_in_memory(store):
    from rasa.shared.core.events import SlotSet

    saved = _new(store)
    saved.update(SlotSet("conversation_deleted", True))  # action_delete_conversation
    asyncio.run(store.save(saved))
    assert _rows(store) == 0
    assert asyncio.run(store.retrieve("s1")) is None


def test_size_zero_switches_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_CACHE_SIZE", "0")
    monkeypatch.delenv("CONSOLE_DB_URL", raising=False)
    store = CachingTrackerStore(domain=Domain.empty(), host=f"sqlite:///{tmp_path / 'z.db'}")
    saved = _new(store)
    assert asyncio.run(store.retrieve("s1")) is not saved


def test_the_shipped_endpoints_use_the_cache(tmp_path, monkeypatch):
    from rasa.core.tracker_store import TrackerStore
    from rasa.core.utils import AvailableEndpoints

    from scripts.stack import ROOT

    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'e.db'}")
    monkeypatch.delenv("CONSOLE_DB_URL", raising=False)
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    store = TrackerStore.create(endpoints.tracker_store, Domain.empty())
    inner = getattr(store, "_tracker_store", store)
    assert isinstance(inner, CachingTrackerStore)
