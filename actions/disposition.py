"""Tell the person what to do once the triage form is complete."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from clinical.disposition import Answers, Decision, decide


def answers_from_slots(slots: Dict[str, Any]) -> Answers:
    """Build the pure-logic input from tracker slots."""
    return Answers(
        symptoms=list(slots.get("symptoms") or []),
        severity=slots.get("severity"),
        onset_days=slots.get("onset_days"),
        recent_change=slots.get("recent_change"),
        missed_doses=slots.get("missed_doses"),
        sedatives=slots.get("sedatives"),
        route=slots.get("route"),
        kidney_disease=slots.get("kidney_disease"),
    )


def final_decision(slots: Dict[str, Any]) -> Decision:
    """The form's decision, never below an escalation made earlier this session."""
    decision = decide(answers_from_slots(slots))
    if slots.get("disposition") == "emergency":
        decision.raise_to("emergency", "earlier you described signs that need urgent care")
    return decision


class ActionGiveDisposition(Action):
    """Send the disposition with its reasons, safety-netting and a custom payload."""

    def name(self) -> Text:
        return "action_give_disposition"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        decision = final_decision(tracker.current_slot_values())
        reasons = "; ".join(dict.fromkeys(decision.reasons))
        dispatcher.utter_message(
            response=f"utter_disposition_{decision.level}",
            reasons=reasons,
            json_message={
                "disposition": decision.level,
                "symptoms": list(tracker.get_slot("symptoms") or []),
                "reasons": list(dict.fromkeys(decision.reasons)),
            },
        )
        return [SlotSet("disposition", decision.level)]
