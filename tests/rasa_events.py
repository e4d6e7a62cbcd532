"""Rasa 3.6 events for tests that grow a tracker by hand, event by event.

Shared by the tests of the Rasa patches that must match stock Rasa after every event
(tests/unit/test_past_states.py, test_tracker_replay.py, test_rule_lookup.py).
"""

from __future__ import annotations

from typing import Any, List

from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    SessionStarted,
    SlotSet,
    UserUttered,
)


def user(intent: str, text: str = "", entities: List[dict] | None = None) -> UserUttered:
    return UserUttered(
        text or intent,
        intent={"name": intent, "confidence": 1.0},
        entities=entities or [],
        parse_data={"intent": {"name": intent, "confidence": 1.0}, "entities": entities or []},
    )


def act(name: str, hide_rule_turn: bool = False) -> ActionExecuted:
    return ActionExecuted(name, hide_rule_turn=hide_rule_turn)


def listen() -> ActionExecuted:
    return ActionExecuted("action_listen")


def session() -> List[Any]:
    return [act("action_session_start"), SessionStarted(), listen()]


def turn(intent: str, action: str, *middle: Any) -> List[Any]:
    """One user message and the bot's answer (``middle``: events in between)."""
    return [
        user(intent),
        DefinePrevUserUtteredFeaturization(False),
        *middle,
        act(action),
        BotUttered(action),
        listen(),
    ]


def project_triage_opening() -> List[Any]:
    """A conversation in the project's own domain (domain.yml): a greeting, the triage
    form started and its first answer, then thanks."""
    return [
        *session(),
        *turn("greet", "utter_greet"),
        user("report_side_effect"),
        DefinePrevUserUtteredFeaturization(False),
        act("action_start_triage"),
        act("side_effect_form"),
        ActiveLoop("side_effect_form"),
        SlotSet("requested_slot", "symptoms"),
        listen(),
        user("inform", "since tuesday"),
        DefinePrevUserUtteredFeaturization(False),
        act("side_effect_form"),
        SlotSet("symptoms", ["dizzy"]),
        SlotSet("requested_slot", "severity"),
        listen(),
        *turn("thank", "utter_greet"),
    ]
