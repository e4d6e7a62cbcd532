"""rasa_ext.tracker_replay: applied_events() and copy() equal Rasa 3.6's, event after event.

Each test grows a tracker event by event (the same event objects, as the server
extends one tracker turn after turn) and after EVERY event compares the patched
``applied_events()`` (the same event objects, in order) and ``copy()`` (every
attribute of the copy: events, slots with their values and "has been set" flags,
active loop, latest action, message, bot utterance, follow-up action, pause, ids)
with Rasa's original methods. The copies are then changed (new events, slot values,
the active loop) to show they share nothing with the cache, and copies of copies are
compared too. Conversations: chit-chat, a form (repeated loop executions that Rasa
drops from the applied events, a rejection, an FAQ inside the form), a loop executed
again before its first ActiveLoop event (a loop name that appears late), slot resets,
rewinds (UserUtteranceReverted) and undo (ActionReverted), restarts, new sessions with
carried-over slots, interruptions and follow-up actions, the project's own domain; a
bounded event history, a replaced or shortened event list, a tracker changed without
events (Rasa's processor clears the follow-up action directly).
"""

from __future__ import annotations

import copy
from collections import deque
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    DefinePrevUserUtteredFeaturization,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SlotSet,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_events import act, listen, project_triage_opening, session, turn, user

from rasa_ext import tracker_replay

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
  symptoms:
    type: list
    mappings: [{type: custom}]
  flag:
    type: bool
    initial_value: false
    mappings: [{type: custom}]
forms:
  side_effect_form:
    required_slots: [severity, level]
  other_form:
    required_slots: [severity]
actions: [validate_side_effect_form, action_start_triage]
responses:
  utter_greet: [{text: "hi"}]
  utter_thank: [{text: "welcome"}]
  utter_ask_severity: [{text: "how bad?"}]
  utter_done: [{text: "done"}]
"""


@pytest.fixture(autouse=True)
def patched() -> Iterator[None]:
    tracker_replay.install()
    tracker_replay.clear()
    yield
    tracker_replay.uninstall()


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.from_yaml(DOMAIN_YAML)


def original_applied(tracker: DialogueStateTracker) -> List[Any]:
    assert tracker_replay._original_applied is not None
    return tracker_replay._original_applied(tracker)


def original_copy(tracker: DialogueStateTracker) -> DialogueStateTracker:
    assert tracker_replay._original_copy is not None
    return tracker_replay._original_copy(tracker)


def form() -> List[Any]:
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
        SlotSet("symptoms", ["dizzy", "tired"]),
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
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        act("utter_done"),
        listen(),
        *turn("thank", "utter_thank"),
    ]


CONVERSATIONS: Dict[str, List[Any]] = {
    "chit-chat": [*session(), *[e for _ in range(6) for e in turn("greet", "utter_greet")]],
    "form": form(),
    "loop name appears late": [
        *session(),
        user("report_side_effect"),
        act("other_form"),
        listen(),
        user("inform", "bad"),
        act("other_form"),
        SlotSet("severity", "bad"),
        listen(),
        user("inform", "worse"),
        act("other_form"),
        ActiveLoop("other_form"),
        listen(),
        user("inform", "mild"),
        act("other_form"),
        ActiveLoop(None),
        *turn("thank", "utter_thank"),
        *form()[3:],
    ],
    "slot resets": [
        *session(),
        *turn("inform", "utter_greet", SlotSet("severity", "bad"), SlotSet("level", "low")),
        *turn("inform", "utter_thank", SlotSet("severity", None), SlotSet("flag", True)),
        *turn("greet", "utter_greet", AllSlotsReset()),
        *turn("thank", "utter_thank", SlotSet("symptoms", "one"), SlotSet("level", "high")),
    ],
    "rewind and undo": [
        *session(),
        *turn("greet", "utter_greet"),
        user("thank"),
        DefinePrevUserUtteredFeaturization(False),
        UserUtteranceReverted(),
        *turn("inform", "utter_thank", SlotSet("severity", "bad")),
        act("utter_greet"),
        BotUttered("oops"),
        ActionReverted(),
        listen(),
        *turn("greet", "utter_greet"),
        user("faq"),
        UserUtteranceReverted(),
        UserUtteranceReverted(),
        *turn("deny", "utter_thank"),
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
        ConversationPaused(),
        user("greet"),
        ConversationResumed(),
        *session(),
        *turn("thank", "utter_thank"),
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
        user("deny"),
        ActionExecutionRejected("side_effect_form"),
        *turn("deny", "utter_thank", ActiveLoop(None)),
    ],
}


def _event_ids(events: Any) -> List[int]:
    return [id(event) for event in events]


def _slot_state(slot: Any) -> Dict[str, Any]:
    return {"type": type(slot), **vars(slot)}


def _message(event: Any, events: Any) -> Any:
    """A message's content; an empty placeholder (not an event of the conversation,
    created by the tracker's reset) without its creation time."""
    if event is None:
        return None
    data = event.as_dict()
    if not any(candidate is event for candidate in events):
        data.pop("timestamp")
    return (type(event), data)


def assert_same_copy(
    got: DialogueStateTracker, want: DialogueStateTracker, origin: DialogueStateTracker
) -> None:
    assert type(got) is type(want)
    assert set(vars(got)) == set(vars(want))
    assert _event_ids(got.events) == _event_ids(want.events)
    assert got.events.maxlen == want.events.maxlen
    assert got.events is not origin.events
    assert list(got.slots) == list(want.slots)
    for name, slot in want.slots.items():
        assert _slot_state(got.slots[name]) == _slot_state(slot), name
        assert got.slots[name] is not origin.slots.get(name)
    assert got.active_loop == want.active_loop
    if got.active_loop is not None:
        assert got.active_loop is not origin.active_loop
    assert got.latest_action == want.latest_action
    for attribute in ("latest_message", "latest_bot_utterance"):
        mine, theirs = getattr(got, attribute), getattr(want, attribute)
        assert _message(mine, got.events) == _message(theirs, want.events), attribute
        # an event of the conversation is referenced, as Rasa's replay does
        if any(event is theirs for event in want.events):
            assert mine is theirs, attribute
    for attribute in (
        "sender_id",
        "sender_source",
        "_max_event_history",
        "is_rule_tracker",
        "_paused",
        "followup_action",
        "model_id",
        "assistant_id",
    ):
        assert getattr(got, attribute) == getattr(want, attribute), attribute
    assert got.current_state() == want.current_state()


def _scribble(tracker: DialogueStateTracker) -> None:
    """What a caller may do to its copy (the processor runs the action on it)."""
    if tracker.active_loop is not None:  # in place, as Rasa's reject_action does
        tracker.active_loop.rejected = True
        tracker.active_loop.is_interrupted = True
    if tracker.latest_message is not None and tracker.latest_message.text is None:
        tracker.latest_message.parse_data["scribbled"] = True  # the empty placeholder
    tracker.update(SlotSet("severity", "scribbled"))
    tracker.update(ActiveLoop("side_effect_form"))
    if tracker.active_loop is not None:
        tracker.active_loop.rejected = True
    tracker.latest_action["action_name"] = "scribbled"  # type: ignore[index]
    for slot in tracker.slots.values():
        slot.value = "scribbled"
    tracker.clear_followup_action()


def check_every_prefix(tracker: DialogueStateTracker, events: List[Any]) -> None:
    for count, event in enumerate(events, 1):
        tracker.update(event)
        where = f"after event {count} ({event})"
        applied = tracker.applied_events()
        assert _event_ids(applied) == _event_ids(original_applied(tracker)), where
        applied.clear()  # callers may change the returned list
        assert _event_ids(tracker.applied_events()) == _event_ids(original_applied(tracker))
        mine = tracker.copy()
        assert_same_copy(mine, original_copy(tracker), tracker)
        _scribble(mine)
        again = tracker.copy()
        assert_same_copy(again, original_copy(tracker), tracker)
        # a copy of a copy, and applied events of a copy
        nested = again.copy()
        assert_same_copy(nested, original_copy(again), again)
        assert _event_ids(again.applied_events()) == _event_ids(original_applied(again))


@pytest.mark.parametrize("name", sorted(CONVERSATIONS))
def test_equal_to_rasa_after_every_event(domain: Domain, name: str) -> None:
    check_every_prefix(DialogueStateTracker(name, domain.slots), CONVERSATIONS[name])
    assert tracker_replay.stats["applied_incremental"] > 0
    assert tracker_replay.stats["copy_incremental"] > 0
    assert tracker_replay.stats["errors"] == 0


def test_with_the_project_domain() -> None:
    project = Domain.load(str(ROOT / "domain.yml"))
    events = [
        *project_triage_opening(),
        Restarted(),
        *session(),
        *turn("greet", "utter_greet"),
    ]
    check_every_prefix(DialogueStateTracker("project", project.slots), events)
    assert tracker_replay.stats["errors"] == 0


def test_without_slot_definitions() -> None:
    """A tracker without a domain (AnySlotDict creates slots when they are read)."""
    check_every_prefix(DialogueStateTracker("any", None), CONVERSATIONS["slot resets"])


def test_bounded_event_history(domain: Domain) -> None:
    """``max_event_history``: old events fall off the front of the deque."""
    tracker = DialogueStateTracker("bounded", domain.slots, max_event_history=7)
    check_every_prefix(tracker, CONVERSATIONS["form"] + CONVERSATIONS["chit-chat"])
    assert tracker_replay.stats["applied_from_scratch"] > 10  # every drop is noticed


def test_replaced_shortened_and_recreated_events(domain: Domain) -> None:
    events = CONVERSATIONS["form"]
    tracker = DialogueStateTracker("replaced", domain.slots)
    for event in events:
        tracker.update(event)
    tracker.applied_events(), tracker.copy()  # cached
    tracker.events = deque(list(tracker.events)[:20])  # a shorter, new deque
    assert _event_ids(tracker.applied_events()) == _event_ids(original_applied(tracker))
    assert_same_copy(tracker.copy(), original_copy(tracker), tracker)
    while len(tracker.events) > 12:  # the same deque, shortened
        tracker.events.pop()
        assert _event_ids(tracker.applied_events()) == _event_ids(original_applied(tracker))
        assert_same_copy(tracker.copy(), original_copy(tracker), tracker)
    tracker.events.pop()
    tracker.events.append(user("greet"))  # same length, another last event
    assert _event_ids(tracker.applied_events()) == _event_ids(original_applied(tracker))
    assert_same_copy(tracker.copy(), original_copy(tracker), tracker)
    assert tracker_replay.stats["errors"] == 0  # detected, not by an exception
    other = DialogueStateTracker("recreated", domain.slots)
    other.recreate_from_dialogue(tracker.as_dialogue())
    check_every_prefix(other, CONVERSATIONS["rewind and undo"])


def test_state_changed_without_events_is_not_copied(domain: Domain) -> None:
    """Rasa's processor clears the follow-up action on the tracker itself; Rasa's
    copy replays events and does not see it; neither does ours."""
    tracker = DialogueStateTracker("followup", domain.slots)
    for event in CONVERSATIONS["follow-up and interruptions"][:12]:
        tracker.update(event)
    tracker.copy()
    tracker.clear_followup_action()
    tracker.slots["severity"].value = "set without an event"
    assert_same_copy(tracker.copy(), original_copy(tracker), tracker)


def test_slot_definitions_and_sender_changes_start_over(domain: Domain) -> None:
    tracker = DialogueStateTracker("renamed", domain.slots)
    for event in CONVERSATIONS["slot resets"][:10]:
        tracker.update(event)
    tracker.copy()
    tracker.sender_id = "another"
    assert_same_copy(tracker.copy(), original_copy(tracker), tracker)
    tracker.slots["severity"] = copy.copy(tracker.slots["severity"])
    tracker.slots["severity"].initial_value = "new default"
    assert_same_copy(tracker.copy(), original_copy(tracker), tracker)


def test_late_timestamps_go_to_rasa(domain: Domain) -> None:
    """Rasa's copy stops at an event not at or before +infinity (NaN)."""
    tracker = DialogueStateTracker("nan", domain.slots)
    for event in CONVERSATIONS["chit-chat"][:8]:
        tracker.update(event)
    tracker.copy()
    late = user("greet")
    late.timestamp = float("nan")
    tracker.update(late)
    tracker.update(listen())
    assert_same_copy(tracker.copy(), original_copy(tracker), tracker)
    assert len(tracker.copy().events) < len(tracker.events)


def test_training_trackers_bypass(domain: Domain) -> None:
    from rasa.shared.core.generator import TrackerWithCachedStates

    tracker = TrackerWithCachedStates("training", domain.slots, domain=domain)
    for event in CONVERSATIONS["form"]:
        tracker.update(event)
    before = tracker_replay.stats["bypassed"]
    assert _event_ids(tracker.applied_events()) == _event_ids(original_applied(tracker))
    assert tracker_replay.stats["bypassed"] == before + 1


def test_entries_die_with_their_tracker(domain: Domain) -> None:
    import gc

    tracker = DialogueStateTracker("gone", domain.slots)
    for event in CONVERSATIONS["chit-chat"]:
        tracker.update(event)
    tracker.applied_events(), tracker.copy().copy()
    assert tracker_replay._entries
    del tracker
    gc.collect()
    assert not tracker_replay._entries


def test_turned_off(domain: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_REPLAY_CACHE", "0")
    tracker = DialogueStateTracker("off", domain.slots)
    for event in CONVERSATIONS["chit-chat"]:
        tracker.update(event)
    before = tracker_replay.stats["bypassed"]
    tracker.applied_events(), tracker.copy()
    assert tracker_replay.stats["bypassed"] == before + 2
    assert not tracker_replay._entries
