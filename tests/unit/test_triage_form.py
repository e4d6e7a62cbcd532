"""The triage form's answer reading and its actions (real rasa-sdk objects)."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.disposition import ActionGiveDisposition, final_decision
from actions.triage_form import ActionStartTriage, ValidateSideEffectForm
from clinical.form_answers import interpret_answer, prefill_from_report
from clinical.parsing import SKIPPED


@pytest.mark.parametrize(
    "requested, text, expected",
    [
        ("severity", "pretty bad", {"severity": "moderate"}),
        ("severity", "7/10", {"severity": "severe"}),
        ("onset", "since tuesday", {"onset": "since Tuesday"}),
        ("sedatives", "a couple of beers", {"sedatives": "alcohol"}),
        ("route", "the pump", {"route": "pump"}),
        ("kidney_disease", "skip", {"kidney_disease": SKIPPED}),
        ("symptoms", "dizzy and sick", {"symptoms": ["dizziness", "nausea"]}),
        ("symptoms", "my toes feel funny", {"symptoms": ["other"]}),
    ],
)
def test_answers_are_read_from_free_text(requested, text, expected):
    result = interpret_answer(text, requested, "inform", 0.9)
    for key, value in expected.items():
        assert result[key] == value


def test_onset_also_sets_days():
    assert interpret_answer("3 days ago", "onset", "inform", 0.9)["onset_days"] == 3


def test_correction_of_an_earlier_answer():
    result = interpret_answer("actually it's mild, and no", "recent_change", "inform", 0.9)
    assert result == {"severity": "mild", "recent_change": "no"}


def test_extra_symptom_is_added():
    result = interpret_answer(
        "yes and now I also have a headache",
        "recent_change",
        "inform",
        0.9,
        {"symptoms": ["dizziness"]},
    )
    assert result["symptoms"] == ["dizziness", "headache"]
    assert result["recent_change"] == "yes"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("what is baclofen?", "faq"),
        ("are you a robot", "bot_challenge"),
        ("stop", "stop"),
        ("cancel", "inform"),
    ],
)
def test_questions_and_stop_are_not_answers(text, intent):
    assert interpret_answer(text, "severity", intent, 0.95) is None


def test_unreadable_answer_asks_again():
    assert interpret_answer("purple", "severity", "inform", 0.9) == {"severity": None}


def test_prefill_from_the_first_report():
    assert prefill_from_report("I've been really dizzy since tuesday on my pump") == {
        "symptoms": ["dizziness"],
        "onset": "since Tuesday",
        "route": "pump",
        "onset_days": prefill_from_report("since tuesday")["onset_days"],
    }


def make_tracker(text, slots=None, intent="inform"):
    return Tracker(
        "test",
        slots or {},
        {"text": text, "intent": {"name": intent, "confidence": 0.9}},
        [],
        False,
        None,
        {"name": "side_effect_form"},
        "action_listen",
    )


async def test_validate_action_returns_slot_events_and_reasks():
    dispatcher = CollectingDispatcher()
    events = await ValidateSideEffectForm().run(
        dispatcher, make_tracker("purple", {"requested_slot": "severity"}), {}
    )
    assert events == [SlotSet("severity", None)]
    assert dispatcher.messages[0]["response"] == "utter_invalid_answer"


async def test_start_triage_resets_and_prefills():
    events = await ActionStartTriage().run(
        CollectingDispatcher(),
        make_tracker("baclofen makes me so sleepy", {"severity": "severe"}),
        {},
    )
    assert SlotSet("severity", None) in events
    assert events[-1] == SlotSet("symptoms", ["drowsiness"])


async def test_give_disposition_sends_level_reasons_and_payload():
    dispatcher = CollectingDispatcher()
    slots = {
        "symptoms": ["dizziness"],
        "severity": "mild",
        "onset_days": 2.0,
        "recent_change": "yes",
        "missed_doses": "none",
        "sedatives": "none",
        "route": "oral",
        "kidney_disease": "no",
    }
    events = await ActionGiveDisposition().run(dispatcher, make_tracker("no", slots), {})
    assert events == [SlotSet("disposition", "self_care")]
    message = dispatcher.messages[0]
    assert message["response"] == "utter_disposition_self_care"
    assert message["custom"]["disposition"] == "self_care"
    assert message["custom"]["symptoms"] == ["dizziness"]


def test_an_earlier_escalation_is_never_downgraded():
    slots = {"symptoms": ["dizziness"], "severity": "mild", "disposition": "emergency"}
    assert final_decision(slots).level == "emergency"


def test_a_question_mentioning_a_form_topic_is_not_an_answer():
    assert interpret_answer("can I drink alcohol with it?", "severity", "faq", 0.9) is None
    assert interpret_answer("is it bad if I'm on the pump?", "severity", "faq", 0.9) is None


def test_a_question_can_still_answer_the_question_asked():
    assert interpret_answer("severe?", "severity", "inform", 0.9) == {"severity": "severe"}
