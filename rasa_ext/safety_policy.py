"""SafetyPolicy: checks every user message for urgent signs and escalates.

It runs inside the Rasa server (no action server needed), on every user turn, in
every state: inside the triage form, after a fallback, after an earlier escalation,
whatever intent the classifier picked, and for ``/intent{...}`` messages too (it reads
the raw text the person typed). Its predictions carry ``is_no_user_prediction`` and the
highest priority, so they win over the form's "happy path" loop prediction, which
otherwise overrules every other policy.

Decisions come from ``clinical.red_flags`` (regex targets + medspaCy ConText) over all
user messages of the session, combined with the NLU intent:

* emergency -> set ``disposition=emergency`` and ``red_flags``, end any active form,
  answer with a ``utter_seek_care_now*`` domain response, then listen;
* clarify -> ask "is it happening right now?" (``pending_red_flag``); "yes" escalates;
* early withdrawal / pump alarm outside the form -> ``doctor_today`` advice.

If anything in here fails, a plain keyword scan still escalates (fail towards safety).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME, REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

import rasa_ext  # noqa: F401  (applies the action-server timeout)
from clinical import red_flags as rf

logger = logging.getLogger(__name__)

ESCALATION_RESPONSES = {
    "general": "utter_seek_care_now",
    "overdose": "utter_seek_care_now_overdose",
    "suicide": "utter_seek_care_now_suicide",
}
DOCTOR_TODAY_RESPONSES = {
    "early_withdrawal": "utter_early_withdrawal",
    "pump_alarm": "utter_pump_critical_alarm",
    "pump_wound": "utter_pump_wound",
    "pump_problem": "utter_pump_problem",
}
CLARIFY_RESPONSE = "utter_ask_red_flag_now"
WATCH_RESPONSE = "utter_red_flag_watch"
NOT_NOW_RESPONSE = "utter_red_flag_not_now"
# Custom actions that always return events when they work: an ActionExecuted with
# nothing after it means the action server failed (Rasa logs and carries on).
# (Test stories must then list the events these actions return, as real runs do.)
ACTIONS_THAT_ALWAYS_ANSWER = {"action_start_triage", "action_give_disposition",
                              "action_delete_conversation"}
UNAVAILABLE_RESPONSE = "utter_service_unavailable"
# After one of these (predicted by this policy) the turn ends.
_END_OF_TURN = set(ESCALATION_RESPONSES.values()) | set(DOCTOR_TODAY_RESPONSES.values()) | {
    CLARIFY_RESPONSE, WATCH_RESPONSE, UNAVAILABLE_RESPONSE
}
URGENT_INTENT = "report_urgent_symptom"
NLU_ONLY_FLAG = "reported_urgent"  # pending flag when only the classifier heard urgency
AFFIRM, DENY = "affirm", "deny"
SAFETY_PRIORITY = 7  # above RulePolicy (6)


def session_user_texts(tracker: DialogueStateTracker) -> List[str]:
    """Texts of the user messages since the session started (oldest first)."""
    texts: List[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, (SessionStarted, Restarted)):
            break
        if isinstance(event, UserUttered):
            texts.append(event.text or "")
    return list(reversed(texts))


def _latest_action(tracker: DialogueStateTracker) -> Optional[str]:
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted):
            return event.action_name
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class SafetyPolicy(Policy):
    """Escalates urgent signs on every turn (see module docstring)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "priority": SAFETY_PRIORITY,
        }

    def train(self, training_trackers: List[Any], domain: Domain, **kwargs: Any) -> Resource:
        """Nothing to learn: the policy is rule-based."""
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        try:
            return self._predict(tracker, domain)
        except Exception:  # never let a bug here silence an emergency
            logger.exception("SafetyPolicy failed; using keyword fallback")
            return self._fallback(tracker, domain)

    # ------------------------------------------------------------------ decisions
    def _predict(self, tracker: DialogueStateTracker, domain: Domain) -> PolicyPrediction:
        latest_action = _latest_action(tracker)
        if latest_action in _END_OF_TURN:
            return self._action(ACTION_LISTEN_NAME, domain)
        if latest_action in ACTIONS_THAT_ALWAYS_ANSWER and isinstance(
                tracker.events[-1], ActionExecuted):
            # the action server is down or failed: say so instead of going quiet
            events: List[Event] = [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)] \
                if tracker.active_loop_name else []
            return self._action(UNAVAILABLE_RESPONSE, domain, events)
        if latest_action == NOT_NOW_RESPONSE:
            requested = tracker.get_slot(REQUESTED_SLOT)
            question = f"utter_ask_{requested}" if requested else None
            if tracker.active_loop_name and question in domain.action_names_or_texts:
                return self._action(question, domain)
            return self._action(ACTION_LISTEN_NAME, domain)
        if latest_action and latest_action.startswith("utter_ask_") \
                and latest_action != CLARIFY_RESPONSE and tracker.active_loop_name:
            # we re-asked the form's question ourselves (after "not now")
            return self._action(ACTION_LISTEN_NAME, domain)
        if latest_action != ACTION_LISTEN_NAME or not isinstance(
            tracker.latest_message, UserUttered
        ):
            return self._abstain(domain)

        texts = session_user_texts(tracker)
        history = [rf.analyse(text) for text in texts]
        assessment = rf.assess(history)
        intent = (tracker.latest_message.intent or {}).get("name")
        confidence = float((tracker.latest_message.intent or {}).get("confidence") or 0.0)

        pending = tracker.get_slot("pending_red_flag")
        if pending and not assessment.is_emergency:
            answer = rf.yes_no(texts[-1])
            if answer is None and intent in (AFFIRM, DENY) and confidence >= 0.7:
                answer = intent == AFFIRM
            if answer is True:
                assessment = rf.Assessment(level="emergency", red_flags=[pending])
            elif answer is False:
                return self._action(NOT_NOW_RESPONSE, domain,
                                    [SlotSet("pending_red_flag", None)])

        if not assessment.level and intent == URGENT_INTENT and not history[-1]:
            # The classifier heard something urgent (at any confidence: otherwise the
            # backup rule would escalate) that the clinical matcher has no words for:
            # ask "is this happening right now?" ("yes" escalates) rather than raise
            # an alarm on the classifier alone (brief section 10).
            assessment = rf.Assessment(level="clarify", clarify_flag=NLU_ONLY_FLAG)

        if assessment.is_emergency:
            return self._escalate(tracker, domain, assessment)
        if assessment.level == "clarify":
            return self._action(CLARIFY_RESPONSE, domain,
                                [SlotSet("pending_red_flag", assessment.clarify_flag)])
        events: List[Event] = [SlotSet("pending_red_flag", None)] if pending else []
        if assessment.level == "doctor_today" and not tracker.active_loop_name:
            if tracker.get_slot("disposition") != "emergency":
                events.append(SlotSet("disposition", "doctor_today"))
            response = DOCTOR_TODAY_RESPONSES.get(assessment.kind)
            asked_a_question = intent == "faq" and confidence >= 0.5
            if response in domain.action_names_or_texts and not asked_a_question:
                return self._action(response, domain, events)
            # a question ("my pump beeps, what does it mean?"): the FAQ answer carries
            # the same advice; the disposition is still recorded for staff
        if intent == URGENT_INTENT and history[-1] and not tracker.active_loop_name:
            # The classifier heard "urgent", but every sign mentioned is negated,
            # hypothetical or past: no alarm, but say what to watch for.
            return self._action(WATCH_RESPONSE, domain, events)
        if events:
            # clear a stale "right now?" question without taking the turn
            return self._prediction(self._default_predictions(domain), events=events)
        return self._abstain(domain)

    def _escalate(self, tracker: DialogueStateTracker, domain: Domain,
                  assessment: rf.Assessment) -> PolicyPrediction:
        previous = tracker.get_slot("red_flags") or []
        flags = sorted(set(previous) | set(assessment.red_flags))
        events: List[Event] = [
            SlotSet("disposition", "emergency"),
            SlotSet("red_flags", flags),
            SlotSet("pending_red_flag", None),
        ]
        if tracker.active_loop_name:
            events += [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
        response = ESCALATION_RESPONSES.get(assessment.kind, ESCALATION_RESPONSES["general"])
        logger.info("Escalating conversation %s: %s", tracker.sender_id, flags)
        return self._action(response, domain, events)

    def _fallback(self, tracker: DialogueStateTracker, domain: Domain) -> PolicyPrediction:
        """Keyword-only escalation used when the main path raised."""
        try:
            if _latest_action(tracker) in _END_OF_TURN:
                return self._action(ACTION_LISTEN_NAME, domain)
            message = tracker.latest_message
            if _latest_action(tracker) == ACTION_LISTEN_NAME and message is not None:
                flags = [m.code for m in rf.keyword_fallback(message.text or "")
                         if m.code in rf.lexicon.RED_FLAGS]
                if flags:
                    return self._escalate(tracker, domain,
                                          rf.Assessment(level="emergency", red_flags=flags))
        except Exception:
            logger.exception("SafetyPolicy keyword fallback failed too")
        return self._abstain(domain)

    # ------------------------------------------------------------------ helpers
    def _action(self, name: str, domain: Domain,
                events: Optional[List[Event]] = None) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(name)] = 1.0
        return self._prediction(probabilities, events=events or [],
                                is_no_user_prediction=True)

    def _abstain(self, domain: Domain) -> PolicyPrediction:
        return self._prediction(self._default_predictions(domain))
