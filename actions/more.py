""" "Tell me more": which answer the person wants the rest of.

A long answer (most FAQ answers, the self-care advice) leads with the one thing to do
and offers a "Tell me more" button (payload ``/ask_more``); typing "tell me more" gives
the same intent. The rest of each answer is a variation of ``utter_tell_more``
conditioned on the slot ``more_topic`` = the answer's response name
(``data/responses/faq.yml``). This action looks at what the bot said in its last turn,
sets ``more_topic`` to the answer there that has a "tell me more" part (or to None),
and the rule (``data/rules/faq.yml``) then sends ``utter_tell_more``: the rest of that
answer, or, with no such answer, a "what would you like to know more about?" prompt
with topic buttons.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Set, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

MORE_RESPONSE = "utter_tell_more"
MORE_SLOT = "more_topic"
# Used only when the Rasa server sends no domain (selective domain): answers that may
# have a "tell me more" part; the response's variation without a condition covers a miss.
_FALLBACK_PREFIXES = ("utter_faq/", "utter_disposition_")
# Bot turns that only prompt for more ("More tips"): "tell me more" is about the turn before.
_LOOK_THROUGH = {"utter_anything_else"}


def answers_with_more(domain: Dict[str, Any]) -> Set[str]:
    """Response names that have a "tell me more" part in the domain."""
    names = set()
    for variation in (domain.get("responses") or {}).get(MORE_RESPONSE) or []:
        for condition in variation.get("condition") or []:
            if condition.get("name") == MORE_SLOT and condition.get("value"):
                names.add(str(condition["value"]))
    return names


def _bot_turns(events: Iterable[Dict[str, Any]]) -> List[List[str]]:
    """Response names of the bot's turns before the current message, latest first."""
    turns: List[List[str]] = []
    current: Optional[List[str]] = None  # None until the current user message is passed
    for event in reversed(list(events)):
        kind = event.get("event")
        if kind in ("session_started", "restart"):
            break
        if kind == "user":
            if current:
                turns.append(current)
            current = []
        elif kind == "bot" and current is not None:
            name = (event.get("metadata") or {}).get("utter_action")
            if name:
                current.append(name)
    if current:
        turns.append(current)
    return turns


def last_answer_with_more(events: Iterable[Dict[str, Any]], answers: Set[str]) -> Optional[str]:
    """The answer with a "tell me more" part in the bot's previous turn, if any.

    Only the bot's previous turn counts ("tell me more" after an answer without a
    second part does not bring back an older answer's), except that a turn holding
    only "anything else?" is looked through. A turn may hold several messages (an
    FAQ answer, then the form's question again; the advice, then "anything else?").
    """

    def has_more(name: str) -> bool:
        return name in answers if answers else name.startswith(_FALLBACK_PREFIXES)

    for turn in _bot_turns(events):
        found = [name for name in turn if has_more(name)]
        if found:
            return found[0]  # turns are listed latest message first
        if not set(turn) <= _LOOK_THROUGH:
            return None
    return None


class ActionSetMoreTopic(Action):
    """Set ``more_topic`` to the answer that "tell me more" is about (None if none)."""

    def name(self) -> Text:
        return "action_set_more_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        topic = last_answer_with_more(tracker.events, answers_with_more(domain or {}))
        return [SlotSet(MORE_SLOT, topic)]
