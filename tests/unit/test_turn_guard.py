"""The per-message guard around Rasa's handling (rasa_ext/turn_guard.py), no server.

Runs Rasa's own Agent/MessageProcessor methods as patched, against a stand-in
processor, so the contracts are checked without a model: size cap + metadata, clean
text, empty prompt, idempotent retries, typed slash commands read as text, replies only
after the tracker is stored, "please send that again" (and urgent advice) on failure.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinical import settings
from clinical.text import shorten_for_nlu
from rasa_ext import log_privacy, turn_guard
from rasa_ext.channels.rest import InvalidRequest, valid_sender_id
from rasa_ext.lock_store import LocalLockStore
from rasa_ext.nlg import SafetyAwareNLG

DOMAIN = Domain.from_yaml("""
version: "3.1"
slots:
  disposition: {type: text, influence_conversation: false, mappings: [{type: custom}]}
  red_flags: {type: list, influence_conversation: false, mappings: [{type: custom}]}
responses:
  utter_empty_message: [{text: "No words. Call {emergency_number}."}]
  utter_please_resend: [{text: "Please send it again. Call {emergency_number}."}]
  utter_seek_care_now: [{text: "Seek care now. Call {emergency_number}.",
                         custom: {disposition: emergency}}]
""")


class FakeProcessor:
    """Stands in for MessageProcessor: the patched handle_message calls these steps."""

    handle_message = turn_guard.processor_handle_message

    def __init__(self, fail_at: str = "") -> None:
        self.trackers: Dict[str, DialogueStateTracker] = {}
        self.fail_at = fail_at
        self.parsed: List[str] = []
        self.nlg = SafetyAwareNLG(domain=DOMAIN)
        self.domain = DOMAIN

        class Meta:
            from rasa.shared.data import TrainingType

            training_type = TrainingType.BOTH

        self.model_metadata = Meta()

    async def fetch_tracker_and_update_session(self, sender_id, output, metadata=None):
        if self.fail_at == "fetch":
            raise ConnectionError("database down")
        stored = self.trackers.get(sender_id)
        events = list(stored.events) if stored else []
        return DialogueStateTracker.from_events(sender_id, events, DOMAIN.slots)

    async def parse_message(self, message, tracker=None):
        self.parsed.append(message.text)
        name = "restart" if message.text.startswith("/restart") else "chitchat"
        return {"text": message.text, "intent": {"name": name, "confidence": 1.0}, "entities": []}

    async def _handle_message_with_tracker(self, message, tracker):
        parse = message.parse_data or await self.parse_message(message, tracker)
        tracker.update(
            UserUttered(message.text, parse["intent"], [], parse, metadata=message.metadata)
        )

    async def run_action_extract_slots(self, output, tracker):
        return tracker

    async def _run_prediction_loop(self, output, tracker):
        text = tracker.latest_message.text
        bot = BotUttered(f"reply to {len(text)} chars", {"buttons": None})
        tracker.update(ActionExecuted("utter_reply"))
        tracker.update(bot)
        await output.send_response(tracker.sender_id, {"text": bot.text})

    async def run_anonymization_pipeline(self, tracker):
        return None

    async def save_tracker(self, tracker):
        if self.fail_at == "save":
            raise ConnectionError("database went away")
        self.trackers[tracker.sender_id] = tracker


class FakeAgent:
    handle_message = turn_guard.agent_handle_message

    def __init__(self, processor: FakeProcessor) -> None:
        self.processor = processor
        self.domain = DOMAIN
        self.lock_store = LocalLockStore()

    def is_ready(self) -> bool:
        return True


def say(agent: FakeAgent, text: str, sender: str = "p1", **metadata: Any) -> List[dict]:
    out = CollectingOutputChannel()
    asyncio.run(
        agent.handle_message(
            UserMessage(text, out, sender, input_channel="rest", metadata=metadata or None)
        )
    )
    return out.messages


def user_events(agent: FakeAgent, sender: str = "p1") -> List[UserUttered]:
    tracker = agent.processor.trackers.get(sender)
    return [e for e in tracker.events if isinstance(e, UserUttered)] if tracker else []


@pytest.fixture
def agent() -> FakeAgent:
    return FakeAgent(FakeProcessor())


def test_long_message_is_shortened_before_nlu_with_metadata(agent):
    limit = settings.max_message_chars()
    text = "My legs feel heavy today. " * 400 + "I can't breathe."
    replies = say(agent, text)
    assert replies and replies[0]["text"].startswith("reply to")
    [event] = user_events(agent)
    assert len(event.text) <= limit
    assert event.text == shorten_for_nlu(text, limit)
    assert "can't breathe" in event.text
    assert event.metadata[settings.OVERSIZE_METADATA_KEY] == {"chars": len(text)}
    assert all(len(t) <= limit for t in agent.processor.parsed)


def test_text_at_the_cap_is_untouched(agent):
    text = "a" * settings.max_message_chars()
    say(agent, text)
    [event] = user_events(agent)
    assert event.text == text and settings.OVERSIZE_METADATA_KEY not in (event.metadata or {})


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\u200b\u200b", "\u200f", "\x00"])
def test_empty_or_invisible_gets_a_prompt_and_nothing_is_stored(agent, text):
    replies = say(agent, text)
    assert [r["text"] for r in replies] == [
        "No words. Call 911."
        if settings.emergency_number() == "911"
        else f"No words. Call {settings.emergency_number()}."
    ]
    assert user_events(agent) == []


def test_control_characters_surrogates_and_zero_width_are_cleaned():
    assert turn_guard.clean_text("bre\u200bathe\x00 \ud800x") == "breathe \ufffdx"
    assert (
        turn_guard.clean_text("\u05e9\u05dc\u05d5\u05dd \U0001f600")
        == "\u05e9\u05dc\u05d5\u05dd \U0001f600"
    )
    assert turn_guard.clean_text(None) == "" and turn_guard.clean_text(5) == ""


def test_retry_with_the_same_message_id_is_answered_once(agent):
    first = say(agent, "hello there", client_message_id="m-1")
    again = say(agent, "hello there", client_message_id="m-1")
    assert [r["text"] for r in again] == [r["text"] for r in first]
    assert len(user_events(agent)) == 1
    say(agent, "hello there", client_message_id="m-2")
    assert len(user_events(agent)) == 2


def test_typed_slash_command_is_read_as_text_but_stored_as_typed(agent):
    say(agent, "/restart")
    [event] = user_events(agent)
    assert event.text == "/restart"
    assert event.intent["name"] != "restart"
    assert agent.processor.parsed == ["restart"]


def test_slash_payload_of_an_offered_button_is_kept(agent):
    say(agent, "hi")
    tracker = agent.processor.trackers["p1"]
    tracker.update(BotUttered("Pick one", {"buttons": [{"title": "Yes", "payload": "/affirm"}]}))
    agent.processor.parsed.clear()
    say(agent, "/affirm")
    assert agent.processor.parsed == ["/affirm"]  # Rasa reads it as the intent, unchanged


@pytest.mark.parametrize("fail_at", ["fetch", "save"])
def test_a_failed_turn_asks_to_send_again_and_sends_no_unsaved_reply(fail_at):
    agent = FakeAgent(FakeProcessor(fail_at=fail_at))
    replies = say(agent, "what is baclofen used for")
    assert [r["text"] for r in replies] == [
        f"Please send it again. Call {settings.emergency_number()}."
    ]
    assert user_events(agent) == []


def test_a_failed_turn_with_an_urgent_sign_still_says_seek_care_now():
    agent = FakeAgent(FakeProcessor(fail_at="fetch"))
    replies = say(agent, "my husband took too many tablets and won't wake up")
    assert replies[0]["text"].startswith("Seek care now")
    [custom] = [r["custom"] for r in replies if r.get("custom")]
    assert custom["disposition"] == "emergency" and custom["red_flags"]
    assert replies[-1]["text"].startswith("Please send it again")


def test_texts_of_handled_messages_are_scrubbed_from_log_lines(agent, caplog):
    import logging

    log_privacy.install()
    marker = "zq-marker-7731 my private words"
    say(agent, marker)
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed on %r", (marker,), None)
    line = logging.Formatter("%(message)s").format(record)
    assert "7731" not in line and "[redacted]" in line
    event = log_privacy.redact_event_dict(None, "error", {"text": marker, "event": "x"})
    assert event["text"] == f"[redacted {len(marker)} chars]"


@pytest.mark.parametrize("sender", [None, 5, "", "   ", "x" * 129, "a\nb", ["a"]])
def test_rest_refuses_bad_senders(sender):
    with pytest.raises(InvalidRequest):
        valid_sender_id(sender)
