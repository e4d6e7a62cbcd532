"""Reading the triage form's free-text answers: pure functions, no Rasa types.

``interpret_answer`` reads what the person typed for the question being asked (and any
clear correction of an earlier answer, e.g. "actually it's mild"), and says which slots
to set. It returns ``None`` when the message is not an answer at all (a question,
"stop", a greeting), so that Rasa rejects the form turn and a rule answers it before
the form asks again. ``prefill_from_report`` keeps the answers the first report already
gave. ``actions/triage_form.py`` is the thin rasa-sdk adapter around them.
"""

from __future__ import annotations

import math
import re
from typing import Any, Dict, Optional

from clinical import parsing, vocabulary
from clinical.lexicon import normalise

# Intents that mean "this is not an answer to the form's question" when the text does
# not parse as an answer either: the form then lets a rule answer them.
NON_ANSWER_INTENTS = frozenset(
    {
        "faq",
        "greet",
        "goodbye",
        "thank",
        "bot_challenge",
        "request_human",
        "out_of_scope",
        "stop",
        "request_data_deletion",
        "ask_more",
    }
)
NON_ANSWER_CONFIDENCE = 0.6

FORM_SLOTS = (
    "symptoms",
    "severity",
    "onset",
    "recent_change",
    "missed_doses",
    "sedatives",
    "route",
    "kidney_disease",
)

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
    "onset": re.compile(
        r"\b(?:since|ago|yesterday|today|last (?:night|week)|started on|"
        r"for (?:a|\d+|two|three|a few) (?:days?|weeks?|months?))\b"
    ),
    "missed_doses": re.compile(r"\b(?:missed|forgot|stopped|skipped|ran out|cold turkey)\b"),
    "sedatives": re.compile(vocabulary.ANY_SEDATIVE),
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
        intent in NON_ANSWER_INTENTS and confidence >= NON_ANSWER_CONFIDENCE
    )
    if asking:
        # "can I drink alcohol with it?" is a question, not an answer about alcohol:
        # take it as an answer only if it answers the question being asked.
        if requested is None:
            return None
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
        extra = (
            parsing.parse_symptoms(clean)
            if re.search(r"\b(?:also|and|too|as well|now|another)\b", clean)
            else None
        )
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
        elif intent in NON_ANSWER_INTENTS and confidence >= NON_ANSWER_CONFIDENCE and not updates:
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
