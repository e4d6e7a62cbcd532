"""'Delete my data' through the real bot (needs the lead's ``stack`` fixture)."""

from __future__ import annotations

import hashlib
import json
import uuid

import sqlalchemy as sa
from console_helpers import bot_say, domain_response_text, stack_value

from storage import tables

# A question that gets an answer (not a triage form, where the request is not handled).
FIRST = "what is baclofen used for?"


def _event_rows(url: str, sender: str):
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(
                sa.select(tables.events.c.type_name, tables.events.c.data).where(
                    tables.events.c.sender_id == sender
                )
            ).fetchall()
    finally:
        engine.dispose()


def test_patient_deletes_conversation(stack):
    rasa_url = stack_value(stack, "rasa_url")
    db_url = stack_value(stack, "tracker_db_url")
    sender = "erase-" + uuid.uuid4().hex[:10]
    bystander = "keep-" + uuid.uuid4().hex[:10]
    bot_say(rasa_url, sender, FIRST)
    bot_say(rasa_url, bystander, FIRST)
    assert any(r.type_name == "user" for r in _event_rows(db_url, sender))

    confirm = bot_say(rasa_url, sender, "please delete my data")
    assert any(
        r.get("text") == domain_response_text("utter_confirm_data_deletion") for r in confirm
    ), confirm
    assert any(r.get("buttons") for r in confirm)
    # the deletion is not done before the patient confirms
    assert any(
        "used for" in (json.loads(r.data).get("text") or "") for r in _event_rows(db_url, sender)
    )

    done = bot_say(rasa_url, sender, "yes")
    assert any(r.get("text") == domain_response_text("utter_data_deleted") for r in done), done

    assert _event_rows(db_url, sender) == []
    assert _event_rows(db_url, bystander) != []
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        audit = conn.execute(
            sa.select(tables.audit).where(
                tables.audit.c.target == hashlib.sha256(sender.encode()).hexdigest()
            )
        ).fetchall()
    engine.dispose()
    assert [(a.actor, a.action) for a in audit] == [("patient", "conversation_deleted")]
    assert "used for" not in (audit[0].detail or "") and sender not in (audit[0].detail or "")

    # talking again starts a fresh conversation that does not contain the old text
    bot_say(rasa_url, sender, "hello")
    texts = " ".join(json.loads(r.data).get("text") or "" for r in _event_rows(db_url, sender))
    assert "used for" not in texts and "delete my data" not in texts


def test_patient_can_decline_deletion(stack):
    rasa_url = stack_value(stack, "rasa_url")
    db_url = stack_value(stack, "tracker_db_url")
    sender = "decline-" + uuid.uuid4().hex[:10]
    bot_say(rasa_url, sender, FIRST)
    bot_say(rasa_url, sender, "delete my data")
    bot_say(rasa_url, sender, "no")
    texts = [json.loads(r.data).get("text") or "" for r in _event_rows(db_url, sender)]
    assert any("used for" in t for t in texts)
