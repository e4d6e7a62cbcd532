"""The side-effect triage form: start it, and read each free-text answer.

``interpret_answer`` is the whole logic, as a pure function: it reads what the person
typed for the question being asked (and any clear correction of an earlier answer,
e.g. "actually it's mild"), and says which slots to set. It returns ``None`` when the
message is not an answer at all (a question, "stop", a greeting), so that Rasa
rejects the form turn and a rule answers it before the form asks again.
"""

from __future__ import annotations

import math
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.config import NON_ANSWER_CONFIDENCE, NON_ANSWER_INTENTS
from clinical import parsing
from clinical.lexicon import normalise

FORM_SLOTS = ("symptoms", "severity", "onset", "recent_change", "missed_doses",
              "sedatives", "route", "kidney_disease")

_PARSERS = {
    "severity": parsing.parse_severity,
    "recent_change": parsing.parse_recent_change,
    "missed_doses": parsing.parse_missed_doses,
    "sedatives": parsing.parse_sedatives,
    "route": parsing.parse_route,
    "kidney_disease": parsing.parse_kidney,
}
# Corrections and extra details volunteered out of turn need explicit words.
_EXPLICIT = {
    "severity": re.compile(r"\b(?:mild|moderate|severe|\d{1,2} ?(?:/|out of) ?10)\b"),
    "onset": re.compile(r"\b(?:since|ago|yesterday|today|last (?:night|week)|started on|"
                        r"for (?:a|\d+|two|three|a few) (?:days?|weeks?|months?))\b"),
    "missed_doses": re.compile(r"\b(?:missed|forgot|stopped|skipped|ran out|cold turkey)\b"),
    "sedatives": re.compile(r"\b(?:alcohol|beers?|wine|drinks?|drank|opioids?|codeine|"
                            r"tramadol|morphine|oxycodone|diazepam|valium|xanax|"
                            r"lorazepam|sleeping pills?|zolpidem|antihistamines?)\b"),
    "route": re.compile(r"\b(?:pump|intrathecal|tablets?|liquid|by mouth)\b"),
    "kidney_disease": re.compile(r"\b(?:kidney|dialysis|renal)\b"),
}
_STOP = re.compile(r"^(?:stop|cancel|quit|exit|end|enough|stop asking|no more questions)\b")


def _parse(slot: str, text: str) -> Any:
    if slot == "symptoms":
        return parsing.parse_symptoms(text)
    if slot == "onset":
        onset = parsing.parse_onset(text)
        return onset[0] if onset else None
    return _PARSERS[slot](text)


def _onset_days(clean: str) -> Optional[float]:
    """How many days ago it started, when the text says (None for "since starting")."""
    onset = parsing.parse_onset(clean)
    return onset[1] if onset and not math.isnan(onset[1]) else None


def interpret_answer(
    text: str,
    requested: Optional[str],
    intent: Optional[str] = None,
    confidence: float = 0.0,
    current: Optional[Dict[str, Any]] = None,
) -> Optional[Dict[str, Any]]:
    """Slots to set from one message in the form, or None for "not an answer".

    A value of None for the requested slot means "did not understand, ask again".
    """
    current = current or {}
    clean = normalise(text or "")
    if not clean or _STOP.match(clean):
        return None
    updates: Dict[str, Any] = {}
    asking = clean.endswith("?") or (
        intent in NON_ANSWER_INTENTS and confidence >= NON_ANSWER_CONFIDENCE)
    if asking:
        # "can I drink alcohol with it?" is a question, not an answer about alcohol:
        # take it as an answer only if it answers the question being asked.
        strict = _EXPLICIT.get(requested)
        value = _parse(requested, clean) if strict and strict.search(clean) else None
        if value in (None, ["other"]):
            return None
        return {requested: value}

    # Clear extra information or corrections for any slot.
    for slot, pattern in _EXPLICIT.items():
        if slot != requested and pattern.search(clean):
            value = _parse(slot, clean)
            if value not in (None, parsing.SKIPPED):
                updates[slot] = value
    if requested != "symptoms":
        extra = parsing.parse_symptoms(clean) if re.search(
            r"\b(?:also|and|too|as well|now|another)\b", clean) else None
        if extra and extra != ["other"]:
            merged = list(dict.fromkeys(list(current.get("symptoms") or []) + extra))
            updates["symptoms"] = merged

    if requested in FORM_SLOTS:
        value = parsing.SKIPPED if parsing.is_skip(clean) else _parse(requested, clean)
        if value is None:
            # "actually it's mild, and no": the answer may be one clause of several
            for clause in re.split(r",|;|\band\b|\bbut\b", clean):
                value = _parse(requested, clause.strip()) if clause.strip() else None
                if value is not None:
                    break
        if requested == "symptoms" and value is None and not parsing.is_skip(clean):
            # Any description counts: keep the person's words for the doctor.
            looks_like_question = clean.endswith("?") or intent in NON_ANSWER_INTENTS
            if not looks_like_question and len(clean.split()) >= 1:
                value = ["other"]
        if value is not None:
            updates[requested] = value
        elif intent in NON_ANSWER_INTENTS and confidence >= NON_ANSWER_CONFIDENCE \
                and not updates:
            return None  # a question or chit-chat: let the rules answer it
        elif not updates:
            updates[requested] = None  # understood nothing: say so and ask again
    if updates.get("onset") not in (None, parsing.SKIPPED):
        updates["onset_days"] = _onset_days(clean)
    return updates or None


def prefill_from_report(text: str) -> Dict[str, Any]:
    """Answers already given in the message that started triage."""
    clean = normalise(text or "")
    prefilled: Dict[str, Any] = {}
    symptoms = parsing.parse_symptoms(clean)
    if symptoms and symptoms != ["other"]:
        prefilled["symptoms"] = symptoms
    for slot, pattern in _EXPLICIT.items():
        if pattern.search(clean):
            value = _parse(slot, clean)
            if value not in (None, parsing.SKIPPED):
                prefilled[slot] = value
    if "onset" in prefilled and _onset_days(clean) is not None:
        prefilled["onset_days"] = _onset_days(clean)
    return prefilled


class ActionStartTriage(Action):
    """Clear answers from an earlier triage and keep what the report already says."""

    def name(self) -> Text:
        return "action_start_triage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        prefilled = prefill_from_report(tracker.latest_message.get("text") or "")
        events: List[EventType] = [SlotSet(slot, None) for slot in FORM_SLOTS]
        events.append(SlotSet("onset_days", None))
        events += [SlotSet(slot, value) for slot, value in prefilled.items()]
        return events


class ValidateSideEffectForm(FormValidationAction):
    """Reads free-text answers (see ``interpret_answer``)."""

    def name(self) -> Text:
        return "validate_side_effect_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {})
        current = {slot: tracker.get_slot(slot) for slot in FORM_SLOTS}
        if requested is None:
            # Form just activated: nothing was asked yet, only pre-filled answers.
            return []
        updates = interpret_answer(
            message.get("text") or "", requested, intent.get("name"),
            float(intent.get("confidence") or 0.0), current,
        )
        if updates is None:
            return []
        if requested in updates and updates[requested] is None:
            dispatcher.utter_message(response="utter_invalid_answer")
        return [SlotSet(slot, value) for slot, value in updates.items()]
