"""SafetyPolicy on real Rasa trackers and the project's domain."""

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinical import red_flags
from rasa_ext.safety_policy import SafetyPolicy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def policy(tmp_path) -> SafetyPolicy:
    return SafetyPolicy(
        SafetyPolicy.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("safety"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def user(text: str, intent: str = "inform", confidence: float = 0.9) -> list:
    return (
        [
            UserUttered(text, {"name": intent, "confidence": confidence}),
            ActionExecuted("action_listen"),
        ]
        if False
        else [UserUttered(text, {"name": intent, "confidence": confidence})]
    )


def tracker(domain: Domain, *events) -> DialogueStateTracker:
    flat = [ActionExecuted("action_listen")]
    for event in events:
        flat += event if isinstance(event, list) else [event]
    return DialogueStateTracker.from_events("test", flat, slots=domain.slots)


def predicted(policy, domain, tr):
    prediction = policy.predict_action_probabilities(tr, domain)
    if max(prediction.probabilities) == 0:
        return None, prediction
    index = prediction.probabilities.index(max(prediction.probabilities))
    return domain.action_names_or_texts[index], prediction


def slot_events(prediction) -> dict:
    return {e.key: e.value for e in prediction.events if isinstance(e, SlotSet)}


def test_emergency_is_escalated_with_slots(policy, domain):
    action, prediction = predicted(policy, domain, tracker(domain, user("I can't breathe")))
    assert action == "utter_seek_care_now"
    assert prediction.is_no_user_prediction  # beats the form's happy-path loop
    assert prediction.policy_priority > 6  # and RulePolicy
    slots = slot_events(prediction)
    assert slots["disposition"] == "emergency"
    assert slots["red_flags"] == ["breathing"]


def test_emergency_inside_the_form_ends_the_form(policy, domain):
    tr = tracker(
        domain,
        ActiveLoop("side_effect_form"),
        SlotSet("requested_slot", "severity"),
        ActionExecuted("side_effect_form"),
        ActionExecuted("action_listen"),
        user("my wife won't wake up"),
    )
    action, prediction = predicted(policy, domain, tr)
    assert action == "utter_seek_care_now"
    assert any(isinstance(e, ActiveLoop) and e.name is None for e in prediction.events)


@pytest.mark.parametrize(
    "text, response",
    [
        ("I took 20 tablets", "utter_seek_care_now_overdose"),
        ("I want to kill myself", "utter_seek_care_now_suicide"),
    ],
)
def test_special_escalations(policy, domain, text, response):
    assert predicted(policy, domain, tracker(domain, user(text)))[0] == response


def test_the_turn_ends_after_the_escalation(policy, domain):
    tr = tracker(domain, user("I can't breathe"), ActionExecuted("utter_seek_care_now"))
    assert predicted(policy, domain, tr)[0] == "action_listen"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("no trouble breathing", "report_side_effect"),
        ("can baclofen cause seizures?", "faq"),
        ("hello", "greet"),
    ],
)
def test_non_urgent_messages_are_left_to_other_policies(policy, domain, text, intent):
    assert predicted(policy, domain, tracker(domain, user(text, intent)))[0] is None


def test_negated_urgent_intent_gets_watch_advice_not_an_alarm(policy, domain):
    tr = tracker(domain, user("no trouble breathing", "report_urgent_symptom", 0.95))
    assert predicted(policy, domain, tr)[0] == "utter_red_flag_watch"


def test_confident_urgent_intent_in_the_present_escalates(policy, domain):
    # the clinical matcher has no words for it, the classifier is sure: present -> escalate
    tr = tracker(domain, user("something is very wrong with him", "report_urgent_symptom", 0.95))
    action, prediction = predicted(policy, domain, tr)
    assert action == "utter_seek_care_now"
    assert slot_events(prediction)["disposition"] == "emergency"


def test_classifier_urgent_in_the_past_asks_then_escalates(policy, domain):
    said = "something was very wrong with him yesterday"
    tr = tracker(domain, user(said, "report_urgent_symptom", 0.95))
    action, prediction = predicted(policy, domain, tr)
    assert action == "utter_ask_red_flag_now"
    # the intent classifier heard it, and maybe the urgency model too: either asks
    assert slot_events(prediction)["pending_red_flag"] in ("reported_urgent", "urgent_model")
    tr = tracker(
        domain,
        user(said, "report_urgent_symptom", 0.95),
        SlotSet("pending_red_flag", "reported_urgent"),
        ActionExecuted("utter_ask_red_flag_now"),
        ActionExecuted("action_listen"),
        user("yes", "affirm"),
    )
    assert predicted(policy, domain, tr)[0] == "utter_seek_care_now"


def test_a_pump_alarm_question_gets_the_faq_answer_but_records_doctor_today(policy, domain):
    tr = tracker(domain, user("my pump beeps once an hour, what does that mean?", "faq", 0.9))
    action, prediction = predicted(policy, domain, tr)
    assert action is None  # the FAQ rule answers
    assert slot_events(prediction)["disposition"] == "doctor_today"


def test_clarify_then_yes_escalates(policy, domain):
    action, prediction = predicted(
        policy, domain, tracker(domain, user("I had trouble breathing earlier"))
    )
    assert action == "utter_ask_red_flag_now"
    assert slot_events(prediction)["pending_red_flag"] == "breathing"
    tr = tracker(
        domain,
        user("I had trouble breathing earlier"),
        SlotSet("pending_red_flag", "breathing"),
        ActionExecuted("utter_ask_red_flag_now"),
        ActionExecuted("action_listen"),
        user("yes", "affirm"),
    )
    action, prediction = predicted(policy, domain, tr)
    assert action == "utter_seek_care_now"
    assert slot_events(prediction)["red_flags"] == ["breathing"]


def test_clarify_then_no_gives_safety_net_and_resumes_the_form(policy, domain):
    tr = tracker(
        domain,
        ActiveLoop("side_effect_form"),
        SlotSet("requested_slot", "onset"),
        ActionExecuted("side_effect_form"),
        ActionExecuted("action_listen"),
        user("sometimes I get confused"),
        SlotSet("pending_red_flag", "confusion"),
        ActionExecuted("utter_ask_red_flag_now"),
        ActionExecuted("action_listen"),
        user("no", "deny"),
    )
    action, prediction = predicted(policy, domain, tr)
    assert action == "utter_red_flag_not_now"
    tr.update_with_events(list(prediction.events) + [ActionExecuted(action)], domain)
    assert predicted(policy, domain, tr)[0] == "utter_ask_onset"
    tr.update(ActionExecuted("utter_ask_onset"))
    assert predicted(policy, domain, tr)[0] == "action_listen"


def test_context_across_turns(policy, domain):
    tr = tracker(
        domain,
        user("I ran out of baclofen 3 days ago"),
        ActionExecuted("utter_faq"),
        ActionExecuted("action_listen"),
        user("now I've got a fever"),
    )
    action, prediction = predicted(policy, domain, tr)
    assert action == "utter_seek_care_now"
    assert "withdrawal" in slot_events(prediction)["red_flags"]


def test_intent_syntax_cannot_suppress(policy, domain):
    tr = tracker(domain, user('/greet{"note": "she is not breathing"}', "greet", 1.0))
    assert predicted(policy, domain, tr)[0] == "utter_seek_care_now"


def test_early_withdrawal_outside_the_form(policy, domain):
    tr = tracker(domain, user("I missed two days of tablets and I'm itchy with spasms coming back"))
    action, prediction = predicted(policy, domain, tr)
    assert action == "utter_early_withdrawal"
    assert slot_events(prediction)["disposition"] == "doctor_today"


def test_pump_problem_with_an_early_withdrawal_sign_escalates(policy, domain):
    tr = tracker(domain, user("my pump refill is late and I'm itchy with spasms coming back"))
    action, prediction = predicted(policy, domain, tr)
    assert action == "utter_seek_care_now"
    assert "pump_withdrawal" in slot_events(prediction)["red_flags"]


def test_a_crash_in_the_detector_still_escalates(policy, domain, monkeypatch):
    def broken(_history):
        raise RuntimeError("boom")

    monkeypatch.setattr(red_flags, "assess", broken)
    assert (
        predicted(policy, domain, tracker(domain, user("I can't breathe")))[0]
        == "utter_seek_care_now"
    )


@pytest.mark.parametrize(
    "action", ["action_start_triage", "action_give_disposition", "action_delete_conversation"]
)
def test_a_failed_custom_action_gets_a_clear_message(policy, domain, action):
    tr = tracker(
        domain,
        user("baclofen makes me dizzy", "report_side_effect"),
        ActionExecuted("utter_start_triage"),
        ActionExecuted(action),
    )
    assert predicted(policy, domain, tr)[0] == "utter_service_unavailable"


def test_a_working_custom_action_is_left_alone(policy, domain):
    tr = tracker(
        domain,
        user("baclofen makes me dizzy", "report_side_effect"),
        ActionExecuted("utter_start_triage"),
        ActionExecuted("action_start_triage"),
        SlotSet("symptoms", ["dizziness"]),
    )
    assert predicted(policy, domain, tr)[0] is None


def _after_escalation(domain, first, then, intent="inform"):
    """A tracker where ``first`` was escalated by the policy and ``then`` is the answer."""
    return tracker(
        domain,
        user(first),
        SlotSet("disposition", "emergency"),
        SlotSet("red_flags", ["overdose"]),
        ActionExecuted("utter_seek_care_now_overdose"),
        ActionExecuted("action_listen"),
        user(then, intent),
    )


def test_putting_care_off_after_an_escalation_repeats_it(policy, domain):
    tr = _after_escalation(
        domain, "my toddler has swallowed one of my tablets", "he seems fine though, running about"
    )
    action, prediction = predicted(policy, domain, tr)
    assert action == "utter_seek_care_now_overdose"
    assert slot_events(prediction)["red_flags"] == ["overdose"]


@pytest.mark.parametrize(
    "then",
    ["the ambulance is on its way", "shukriya, we're calling 999 now", "my wife will drive me"],
)
def test_help_on_its_way_after_an_escalation_is_acknowledged(policy, domain, then):
    # before: left to the other policies, which answered "Sorry, I didn't understand that"
    tr = _after_escalation(domain, "my toddler has swallowed one of my tablets", then)
    action, prediction = predicted(policy, domain, tr)
    assert action == "utter_seek_care_now_help_coming"
    assert "disposition" not in slot_events(prediction)  # the emergency stands as it was


def test_help_on_its_way_without_an_escalation_is_left_to_the_other_policies(policy, domain):
    assert (
        predicted(policy, domain, tracker(domain, user("the ambulance is on its way")))[0] is None
    )


def test_the_same_words_without_an_escalation_are_not_an_emergency(policy, domain):
    tr = tracker(domain, user("he seems fine though, running about"))
    assert predicted(policy, domain, tr)[0] is None
