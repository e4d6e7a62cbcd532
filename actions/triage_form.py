"""The side-effect triage form's actions: thin rasa-sdk adapters.

The logic (reading free-text answers, pre-filling from the first report) is pure Python
in ``clinical/form_answers.py``; these classes only move values between the tracker and
those functions.
"""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from clinical.form_answers import FORM_SLOTS, interpret_answer, prefill_from_report


class ActionStartTriage(Action):
    """Clear answers from an earlier triage and keep what the report already says."""

    def name(self) -> Text:
        return "action_start_triage"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        prefilled = prefill_from_report(tracker.latest_message.get("text") or "")
        events: List[EventType] = [SlotSet(slot, None) for slot in FORM_SLOTS]
        events.append(SlotSet("onset_days", None))
        events += [SlotSet(slot, value) for slot, value in prefilled.items()]
        return events


class ValidateSideEffectForm(FormValidationAction):
    """Reads free-text answers (see ``interpret_answer``)."""

    def name(self) -> Text:
        return "validate_side_effect_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        message = tracker.latest_message or {}
        intent = message.get("intent") or {}
        current = {slot: tracker.get_slot(slot) for slot in FORM_SLOTS}
        if requested is None:
            # Form just activated: nothing was asked yet, only pre-filled answers.
            return []
        updates = interpret_answer(
            message.get("text") or "",
            requested,
            intent.get("name"),
            float(intent.get("confidence") or 0.0),
            current,
        )
        if updates is None:
            return []
        if requested in updates and updates[requested] is None:
            dispatcher.utter_message(response="utter_invalid_answer")
        return [SlotSet(slot, value) for slot, value in updates.items()]
