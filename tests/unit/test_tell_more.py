""" "Tell me more": the rest of the answer the person just got (actions/more.py)."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.more import (
    MORE_RESPONSE,
    MORE_SLOT,
    ActionSetMoreTopic,
    answers_with_more,
    last_answer_with_more,
)
from clinical.form_answers import NON_ANSWER_INTENTS, interpret_answer
from eval.readability import load_responses

RESPONSES = load_responses()
DOMAIN = {"responses": RESPONSES}
ANSWERS = answers_with_more(DOMAIN)
MORE_BUTTON = "/ask_more"


def user(text="tell me more", intent="ask_more"):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def bot(name, text="..."):
    return {"event": "bot", "text": text, "metadata": {"utter_action": name}}


def action(name):
    return {"event": "action", "name": name}


def test_the_domain_has_second_parts():
    assert {"utter_faq/missed_dose", "utter_faq/stopping", "utter_disposition_self_care"} <= ANSWERS
    assert all(name in RESPONSES for name in ANSWERS), "a second part for a missing answer"


def test_after_an_faq_answer():
    events = [
        user("I missed a dose", "faq"),
        action("utter_faq"),
        bot("utter_faq/missed_dose"),
        action("action_listen"),
        user(),
    ]
    assert last_answer_with_more(events, ANSWERS) == "utter_faq/missed_dose"


def test_after_an_faq_answer_in_the_middle_of_triage():
    events = [
        user("can I stop it?", "faq"),
        bot("utter_faq/stopping"),
        bot("utter_ask_severity"),
        action("action_listen"),
        user(),
    ]
    assert last_answer_with_more(events, ANSWERS) == "utter_faq/stopping"


def test_after_the_self_care_advice_and_anything_else():
    events = [
        user("no", "deny"),
        bot("utter_disposition_self_care"),
        bot("utter_anything_else"),
        user("stop", "stop"),
        bot("utter_anything_else"),
        user("/ask_more"),
    ]
    assert last_answer_with_more(events, ANSWERS) == "utter_disposition_self_care"


def test_an_older_answer_is_not_brought_back():
    events = [
        user("I missed a dose", "faq"),
        bot("utter_faq/missed_dose"),
        user("and with food?", "faq"),
        bot("utter_faq/timing_food"),
        user(),
    ]
    assert "utter_faq/timing_food" not in ANSWERS
    assert last_answer_with_more(events, ANSWERS) is None


def test_nothing_before_or_a_new_session():
    assert last_answer_with_more([user()], ANSWERS) is None
    events = [
        bot("utter_faq/missed_dose"),
        {"event": "session_started"},
        action("action_listen"),
        user(),
    ]
    assert last_answer_with_more(events, ANSWERS) is None


def test_without_a_domain_faq_answers_still_count():
    events = [user("I missed a dose", "faq"), bot("utter_faq/missed_dose"), user()]
    assert last_answer_with_more(events, set()) == "utter_faq/missed_dose"
    assert last_answer_with_more([bot("utter_greet"), user()], set()) is None


async def test_the_action_sets_the_slot():
    events = [
        user("what if I stop suddenly", "faq"),
        bot("utter_faq/stopping"),
        action("action_listen"),
        user(),
    ]
    tracker = Tracker("t", {}, events[-1], events, False, None, {}, "action_listen")
    result = await ActionSetMoreTopic().run(CollectingDispatcher(), tracker, DOMAIN)
    assert result == [SlotSet(MORE_SLOT, "utter_faq/stopping")]
    tracker = Tracker("t", {}, user(), [user()], False, None, {}, "action_listen")
    assert await ActionSetMoreTopic().run(CollectingDispatcher(), tracker, DOMAIN) == [
        SlotSet(MORE_SLOT, None)
    ]


def _payloads(name):
    return [b.get("payload") for v in RESPONSES[name] for b in v.get("buttons") or []]


@pytest.mark.parametrize("name", sorted(n for n in RESPONSES if MORE_BUTTON in _payloads(n)))
def test_every_tell_me_more_button_has_a_second_part(name):
    if name == "utter_anything_else":  # offered after the self-care advice
        assert "utter_disposition_self_care" in ANSWERS
    else:
        assert name in ANSWERS


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_every_second_part_is_offered(name):
    offered_by = "utter_anything_else" if name.startswith("utter_disposition_") else name
    assert MORE_BUTTON in _payloads(offered_by), name


def test_there_is_an_answer_when_there_is_nothing_more():
    defaults = [v for v in RESPONSES[MORE_RESPONSE] if not v.get("condition")]
    assert len(defaults) == 1 and defaults[0]["buttons"]


@pytest.mark.parametrize("requested", ["symptoms", "severity", "onset", "missed_doses"])
def test_tell_me_more_is_not_an_answer_to_the_form(requested):
    assert "ask_more" in NON_ANSWER_INTENTS
    assert interpret_answer("tell me more", requested, "ask_more", 0.9) is None
    assert interpret_answer("/ask_more", requested, "ask_more", 1.0) is None
