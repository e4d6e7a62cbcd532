"""ManagedSQLTrackerStore: normal persistence and patient-requested deletion."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time

import sqlalchemy as sa
from console_helpers import EMERGENCY_TURNS, SELF_CARE_TURNS, save_conversation

from storage import tables


def _rows(store, sender_id):
    with store.engine.connect() as conn:
        return conn.execute(
            sa.text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"),
            {"s": sender_id},
        ).fetchall()


def _append_and_save(store, sender_id, *events):
    tracker = asyncio.run(store.retrieve(sender_id))
    for event in events:
        tracker.update(event)
    asyncio.run(store.save(tracker))


def test_events_persist_and_reload(store):
    save_conversation(store, "keep-me", SELF_CARE_TURNS)
    rows = _rows(store, "keep-me")
    assert [r.type_name for r in rows].count("user") == 1
    tracker = asyncio.run(store.retrieve("keep-me"))
    assert tracker.get_slot("disposition") == "self_care"
    assert tracker.latest_message.text == SELF_CARE_TURNS[0]["text"]
    # a second save with one more event only appends that event
    from rasa.shared.core.events import BotUttered

    _append_and_save(store, "keep-me", BotUttered("Anything else?"))
    assert len(_rows(store, "keep-me")) == len(rows) + 1


def test_deletion_marker_deletes_whole_conversation_and_audits_without_content(store):
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

    save_conversation(store, "patient-1", EMERGENCY_TURNS)
    save_conversation(store, "bystander", SELF_CARE_TURNS)
    with store.engine.begin() as conn:
        conn.execute(
            tables.reviews.insert().values(
                sender_id="patient-1", reviewed=True, follow_up=False, updated_at=time.time()
            )
        )
        conn.execute(
            tables.notes.insert().values(
                sender_id="patient-1", author="x", body="called back", created_at=time.time()
            )
        )
        conn.execute(
            tables.tags.insert().values(
                sender_id="patient-1", tag="t", created_by="x", created_at=time.time()
            )
        )
    before = len(_rows(store, "patient-1"))
    assert before > 5

    _append_and_save(
        store,
        "patient-1",
        UserUttered("yes please delete my data", intent={"name": "affirm", "confidence": 0.97}),
        ActionExecuted("action_delete_conversation"),
        BotUttered("Your conversation has been deleted."),
        SlotSet("conversation_deleted", True),
        ActionExecuted("action_listen"),
    )

    assert _rows(store, "patient-1") == []
    assert len(_rows(store, "bystander")) > 0
    assert asyncio.run(store.retrieve("patient-1")) is None
    with store.engine.connect() as conn:
        for table in (tables.reviews, tables.notes, tables.tags):
            assert (
                conn.execute(sa.select(table).where(table.c.sender_id == "patient-1")).fetchall()
                == []
            )
        audit_rows = conn.execute(sa.select(tables.audit)).fetchall()
    deletions = [r for r in audit_rows if r.action == "conversation_deleted"]
    assert len(deletions) == 1
    row = deletions[0]
    assert row.actor == "patient"
    assert row.target == hashlib.sha256(b"patient-1").hexdigest()
    assert json.loads(row.detail) == {"events_deleted": before, "reason": "patient_request"}
    dumped = json.dumps([tuple(r) for r in audit_rows])
    for secret in ("breathe", "delete my data", "patient-1", "Seek care"):
        assert secret not in dumped

    # the patient can start again: a new conversation under the same id is stored normally
    save_conversation(store, "patient-1", SELF_CARE_TURNS)
    assert [r.type_name for r in _rows(store, "patient-1")].count("user") == 1


def test_slot_false_or_other_slot_does_not_delete(store):
    from rasa.shared.core.events import SlotSet

    save_conversation(store, "p2", SELF_CARE_TURNS)
    before = len(_rows(store, "p2"))
    _append_and_save(
        store, "p2", SlotSet("conversation_deleted", False), SlotSet("disposition", "doctor_soon")
    )
    assert len(_rows(store, "p2")) == before + 2


def test_url_from_environment(monkeypatch, tmp_path):
    from console_helpers import rasa_domain

    from rasa_ext.tracker_store import ManagedSQLTrackerStore

    url = f"sqlite:///{tmp_path / 'sub' / 'env.db'}"
    monkeypatch.setenv("TRACKER_DB_URL", url)
    monkeypatch.delenv("CONSOLE_DB_URL", raising=False)
    store = ManagedSQLTrackerStore(domain=rasa_domain())
    assert str(store.engine.url) == url
    assert (tmp_path / "sub" / "env.db").exists()
    assert "console_audit" in sa.inspect(store.engine).get_table_names()


def test_loaded_by_rasa_from_endpoint_config(monkeypatch, tmp_path):
    """The endpoints.yml block given to the lead creates this store (no url needed)."""
    from console_helpers import rasa_domain
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    from rasa_ext.tracker_store import ManagedSQLTrackerStore

    url = f"sqlite:///{tmp_path / 'ep.db'}"
    monkeypatch.setenv("TRACKER_DB_URL", url)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: rasa_ext.tracker_store.ManagedSQLTrackerStore\n")
    config = read_endpoint_config(str(endpoints), "tracker_store")
    store = TrackerStore.create(config, rasa_domain())
    inner = getattr(store, "_tracker_store", store)
    assert isinstance(inner, ManagedSQLTrackerStore)
    assert str(inner.engine.url) == url
