"""rasa_ext.past_states: the incremental states equal Rasa 3.6's, call after call.

Each test grows a conversation event by event (the same event objects, as in the
server, where a tracker is extended and copied) and, after every event, compares the
patched ``Domain.states_for_tracker_history`` with Rasa's original for every argument
combination the policies use. Conversations: chit-chat, a form (whose repeated loop
executions make Rasa drop earlier applied events), slot resets, a rewind
(UserUtteranceReverted), an undo (ActionReverted), a restart, new sessions, rule-only
turns, follow-up actions, a rejected form action, and a user message whose
featurization flag changes after it was replayed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, List

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SlotSet,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_events import act, listen, project_triage_opening, session, turn, user

from rasa_ext import past_states

ROOT = Path(__file__).resolve().parents[2]

DOMAIN_YAML = """
version: "3.1"
intents: [greet, inform, faq, report_side_effect, thank, deny]
entities: [symptom]
slots:
  severity:
    type: text
    influence_conversation: true
    mappings: [{type: custom}]
  level:
    type: categorical
    values: [low, high]
    influence_conversation: true
    mappings: [{type: custom}]
  rule_only:
    type: bool
    influence_conversation: true
    mappings: [{type: custom}]
  quiet:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
forms:
  side_effect_form:
    required_slots: [severity, level]
actions: [validate_side_effect_form, action_start_triage]
responses:
  utter_greet: [{text: "hi"}]
  utter_thank: [{text: "welcome"}]
  utter_ask_severity: [{text: "how bad?"}]
  utter_ask_level: [{text: "level?"}]
  utter_done: [{text: "done"}]
"""

RULE_ONLY = {"slots": ["rule_only"], "loops": ["side_effect_form"]}
ARGS = [
    {},
    {"omit_unset_slots": True},
    {"ignore_rule_only_turns": True, "rule_only_data": RULE_ONLY},
    {"ignore_rule_only_turns": True, "rule_only_data": None},
    {"ignore_rule_only_turns": True, "rule_only_data": RULE_ONLY, "omit_unset_slots": True},
]


@pytest.fixture(autouse=True)
def patched() -> Iterator[None]:
    original = Domain.states_for_tracker_history
    past_states.install()
    past_states.clear()
    yield
    Domain.states_for_tracker_history = original  # type: ignore[method-assign]
    past_states.clear()


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.from_yaml(DOMAIN_YAML)


def form_conversation() -> List[Any]:
    return [
        *session(),
        *turn("greet", "utter_greet"),
        user("report_side_effect", entities=[{"entity": "symptom", "value": "dizzy"}]),
        DefinePrevUserUtteredFeaturization(False),
        act("action_start_triage"),
        act("side_effect_form"),
        ActiveLoop("side_effect_form"),
        SlotSet("requested_slot", "severity"),
        act("utter_ask_severity", hide_rule_turn=True),
        listen(),
        user("inform", "mild"),
        DefinePrevUserUtteredFeaturization(False),
        act("side_effect_form"),
        SlotSet("severity", "mild"),
        SlotSet("requested_slot", "level"),
        listen(),
        user("faq", "can I drink alcohol"),
        DefinePrevUserUtteredFeaturization(False),
        act("side_effect_form"),
        ActionExecutionRejected("side_effect_form"),
        act("utter_faq", hide_rule_turn=True),
        BotUttered("answer"),
        act("side_effect_form"),
        SlotSet("requested_slot", "level"),
        listen(),
        user("inform", "high"),
        DefinePrevUserUtteredFeaturization(False),
        act("side_effect_form"),
        SlotSet("level", "high"),
        SlotSet("rule_only", True),
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        act("utter_done"),
        listen(),
        *turn("thank", "utter_thank"),
    ]


CONVERSATIONS = {
    "chit-chat": [*session(), *[e for _ in range(6) for e in turn("greet", "utter_greet")]],
    "form": form_conversation(),
    "slot resets": [
        *session(),
        *turn("inform", "utter_greet", SlotSet("severity", "bad"), SlotSet("level", "low")),
        *turn("inform", "utter_thank", SlotSet("severity", None)),
        *turn("greet", "utter_greet", AllSlotsReset()),
        *turn("thank", "utter_thank", SlotSet("quiet", "x"), SlotSet("level", "high")),
    ],
    "rewind and undo": [
        *session(),
        *turn("greet", "utter_greet"),
        user("thank"),
        DefinePrevUserUtteredFeaturization(False),
        UserUtteranceReverted(),
        *turn("inform", "utter_thank", SlotSet("severity", "bad")),
        act("utter_greet"),
        ActionReverted(),
        listen(),
        *turn("greet", "utter_greet"),
    ],
    "restart and sessions": [
        *session(),
        *turn("greet", "utter_greet", SlotSet("severity", "bad")),
        Restarted(),
        listen(),
        *turn("thank", "utter_thank"),
        *session(),
        SlotSet("severity", "carried over"),
        *turn("greet", "utter_greet"),
    ],
    "follow-up and interruptions": [
        *session(),
        user("report_side_effect"),
        DefinePrevUserUtteredFeaturization(False),
        act("side_effect_form"),
        ActiveLoop("side_effect_form"),
        SlotSet("requested_slot", "severity"),
        listen(),
        user("faq"),
        DefinePrevUserUtteredFeaturization(False),
        LoopInterrupted(True),
        act("utter_faq"),
        FollowupAction("side_effect_form"),
        act("side_effect_form"),
        listen(),
        *turn("deny", "utter_thank", ActiveLoop(None)),
    ],
}


def _check_every_prefix(domain: Domain, events: List[Any], sender: str) -> None:
    original = past_states._original
    assert original is not None
    tracker = DialogueStateTracker(sender, domain.slots)
    for count, event in enumerate(events, 1):
        tracker.update(event)
        for trackers in (tracker, tracker.copy()):
            for args in ARGS:
                got = domain.states_for_tracker_history(trackers, **args)
                want = original(domain, trackers, **args)
                assert got == want, f"after event {count} ({event}), args {args}"


@pytest.mark.parametrize("name", sorted(CONVERSATIONS))
def test_states_equal_rasas_after_every_event(domain: Domain, name: str) -> None:
    _check_every_prefix(domain, CONVERSATIONS[name], name)
    assert past_states.stats["incremental"] > 0


def test_with_the_project_domain() -> None:
    project = Domain.load(str(ROOT / "domain.yml"))
    events = [
        *project_triage_opening(),
    ]
    _check_every_prefix(project, events, "project")


def test_a_flag_changed_after_replay_is_seen(domain: Domain) -> None:
    """A later event changing an earlier message's featurization flag (Rasa's
    DefinePrevUserUtteredFeaturization mutates the shared event)."""
    events = [*session(), user("greet"), act("utter_greet"), listen()]
    tracker = DialogueStateTracker("flag", domain.slots)
    for event in events:
        tracker.update(event)
    first = domain.states_for_tracker_history(tracker)
    tracker.update(DefinePrevUserUtteredFeaturization(True))  # now: text, not intent
    assert domain.states_for_tracker_history(tracker) == past_states._original(domain, tracker)
    assert domain.states_for_tracker_history(tracker) != first


def test_results_are_independent_copies(domain: Domain) -> None:
    tracker = DialogueStateTracker("copies", domain.slots)
    for event in CONVERSATIONS["form"]:
        tracker.update(event)
    args = {"ignore_rule_only_turns": True, "rule_only_data": RULE_ONLY}
    first = domain.states_for_tracker_history(tracker, **args)
    for state in first:  # what Rasa's featurizers do to the result, and worse
        for sub in state.values():
            sub.clear()
        state.clear()
    again = domain.states_for_tracker_history(tracker, **args)
    assert again == past_states._original(domain, tracker, **args)
    assert any(again)


def test_other_conversations_and_domains_do_not_share_a_checkpoint(domain: Domain) -> None:
    other = Domain.from_yaml(DOMAIN_YAML.replace("values: [low, high]", "values: [a, b]"))
    for events in CONVERSATIONS.values():
        tracker = DialogueStateTracker("same-id", domain.slots)
        for event in events:
            tracker.update(event)
        for dom in (domain, other):
            assert dom.states_for_tracker_history(tracker) == past_states._original(dom, tracker)


def test_turned_off(domain: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAST_STATES_CACHE", "0")
    tracker = DialogueStateTracker("off", domain.slots)
    for event in CONVERSATIONS["chit-chat"]:
        tracker.update(event)
    before = dict(past_states.stats)
    assert domain.states_for_tracker_history(tracker) == past_states._original(domain, tracker)
    assert past_states.stats["bypassed"] == before["bypassed"] + 1
