"""SafetyAwareNLG: environment settings, emergency payload, escalation reminder."""

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.nlg import SafetyAwareNLG

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


def tracker(domain, *events):
    return DialogueStateTracker.from_events(
        "t", [ActionExecuted("action_listen"), *events], slots=domain.slots
    )


async def test_emergency_reply_uses_configured_number_and_flags(domain, monkeypatch):
    monkeypatch.setenv("EMERGENCY_NUMBER", "112")
    nlg = SafetyAwareNLG(domain=domain)
    tr = tracker(
        domain,
        UserUttered("I can't breathe"),
        SlotSet("red_flags", ["breathing"]),
        SlotSet("disposition", "emergency"),
    )
    response = await nlg.generate("utter_seek_care_now", tr, "rest")
    assert response["text"].startswith("Seek care now")
    assert "112" in response["text"]
    assert response["custom"] == {
        "disposition": "emergency",
        "red_flags": ["breathing"],
        "emergency_number": "112",
    }


async def test_later_turns_keep_the_escalation_visible(domain):
    nlg = SafetyAwareNLG(domain=domain)
    tr = tracker(domain, SlotSet("disposition", "emergency"), UserUttered("thanks"))
    first = await nlg.generate("utter_thanks", tr, "rest")
    assert first["text"].startswith("Reminder: earlier you described signs")
    tr.update(BotUttered("..."))
    second = await nlg.generate("utter_anything_else", tr, "rest")
    assert not second["text"].startswith("Reminder")


async def test_no_reminder_without_an_escalation(domain):
    nlg = SafetyAwareNLG(domain=domain)
    response = await nlg.generate("utter_thanks", tracker(domain, UserUttered("thanks")), "rest")
    assert not response["text"].startswith("Reminder")
    assert "{" not in response["text"]
