"""Response generation with settings from the environment and escalation memory.

* ``{emergency_number}``, ``{crisis_line}`` and ``{human_contact}`` in any response are
  filled from EMERGENCY_NUMBER, CRISIS_LINE and HUMAN_CONTACT (a deployment in the UK
  sets 999, in the EU 112, without touching the domain).
* Emergency responses get ``red_flags`` and ``emergency_number`` added to their
  ``custom`` payload, so front-ends can show an alert with a tap-to-call link.
* After an escalation, the first reply of every later turn carries a one-line reminder,
  so the conversation never quietly drops the "Seek care now" advice.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinical.settings import response_values

ESCALATION_PREFIX = "utter_seek_care_now"
NO_REMINDER = (
    "utter_seek_care_now",
    "utter_goodbye",
    "utter_data_deleted",
    "utter_confirm_data_deletion",
)


def settings() -> Dict[str, str]:
    """Deployment settings that responses may use (read on every call: cheap)."""
    return response_values()


def reminder_text(number: str) -> str:
    return (
        f"Reminder: earlier you described signs that need urgent care. "
        f"If you haven't yet, call {number} now."
    )


def _first_reply_this_turn(tracker: DialogueStateTracker) -> bool:
    for event in reversed(tracker.events):
        if isinstance(event, BotUttered):
            return False
        if isinstance(event, UserUttered):
            return True
    return True


class SafetyAwareNLG(TemplatedNaturalLanguageGenerator):
    """Domain responses + environment settings + escalation payload and reminder."""

    def __init__(self, endpoint_config: Any = None, domain: Any = None, **_: Any) -> None:
        super().__init__(domain.responses if domain is not None else {})

    async def generate(
        self,
        utter_action: Text,
        tracker: DialogueStateTracker,
        output_channel: Text,
        **kwargs: Any,
    ) -> Optional[Dict[Text, Any]]:
        values = settings()
        values.update(kwargs)
        slots = tracker.current_slot_values()
        response = self.generate_from_slots(utter_action, slots, output_channel, **values)
        if response is None:
            return None
        if utter_action.startswith(ESCALATION_PREFIX):
            custom = dict(response.get("custom") or {})
            custom.setdefault("disposition", "emergency")
            custom["red_flags"] = list(slots.get("red_flags") or [])
            custom["emergency_number"] = values["emergency_number"]
            response["custom"] = custom
        elif (
            slots.get("disposition") == "emergency"
            and response.get("text")
            and not utter_action.startswith(NO_REMINDER)
            and _first_reply_this_turn(tracker)
        ):
            response["text"] = f"{reminder_text(values['emergency_number'])}\n\n{response['text']}"
        return response
