"""SafetyPolicy: checks every user message for urgent signs and escalates.

It runs inside the Rasa server (no action server needed), on every user turn, in
every state: inside the triage form, after a fallback, after an earlier escalation,
whatever intent the classifier picked, and for ``/intent{...}`` messages too (it reads
the raw text the person typed). Its predictions carry ``is_no_user_prediction`` and the
highest priority, so they win over the form's "happy path" loop prediction, which
otherwise overrules every other policy.

The decision itself is the pure function ``clinical.turn.decide`` (its docstring has
the whole fail-safe table): the rules (``clinical.red_flags``: regex targets + medspaCy
ConText, read sentence by sentence), the learned urgency model and the NLU intent are
combined so that the safer answer wins. This module only reads the tracker into a
``TurnInput`` and turns the ``TurnDecision`` into Rasa events:

* escalate -> set ``disposition=emergency`` and ``red_flags``, end any active form,
  answer with a ``utter_seek_care_now*`` domain response, then listen;
* clarify -> ask "is it happening right now?" (``pending_red_flag``); "yes" escalates;
* doctor today (early withdrawal after missed oral doses, pump alarm, pump wound)
  outside the form -> ``doctor_today`` advice;
* too long -> "please send a shorter message" (after the urgent-sign check).

If anything in here fails, a plain keyword scan still escalates (fail towards safety).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

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

from clinical import red_flags as rf
from clinical import settings, turn, urgency_model
from clinical.analysis import analyse_message

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
ACTIONS_THAT_ALWAYS_ANSWER = {
    "action_start_triage",
    "action_give_disposition",
    "action_delete_conversation",
    "action_set_more_topic",
}
UNAVAILABLE_RESPONSE = "utter_service_unavailable"
# after "seek care now", the person says help is being called (clinical.turn row 2c)
HELP_COMING_RESPONSE = "utter_seek_care_now_help_coming"
TOO_LONG_RESPONSE = "utter_message_too_long"
# After one of these (predicted by this policy) the turn ends.
_END_OF_TURN = (
    set(ESCALATION_RESPONSES.values())
    | set(DOCTOR_TODAY_RESPONSES.values())
    | {CLARIFY_RESPONSE, WATCH_RESPONSE, UNAVAILABLE_RESPONSE, TOO_LONG_RESPONSE}
    | {HELP_COMING_RESPONSE}
)
SAFETY_PRIORITY = 7  # above RulePolicy (6)


def session_user_texts(tracker: DialogueStateTracker) -> Tuple[List[str], Optional[int]]:
    """Texts of the user messages since the session started (oldest first), and the index
    of the message after which the disposition was last set to "emergency" (None: not
    in this session)."""
    session: List[Event] = []
    for event in reversed(tracker.events):
        if isinstance(event, (SessionStarted, Restarted)):
            break
        session.append(event)
    texts: List[str] = []
    emergency_at: Optional[int] = None
    for event in reversed(session):
        if isinstance(event, UserUttered):
            texts.append(event.text or "")
        elif (
            isinstance(event, SlotSet)
            and event.key == "disposition"
            and event.value == "emergency"
            and texts
        ):
            emergency_at = len(texts) - 1
    return texts, emergency_at


def turn_input(tracker: DialogueStateTracker) -> turn.TurnInput:
    """The pure decision's input, read from the tracker."""
    texts, emergency_at = session_user_texts(tracker)
    message = tracker.latest_message
    intent = (message.intent or {}) if message else {}
    metadata = (message.metadata or {}) if message else {}
    escalated = emergency_at is not None and tracker.get_slot("disposition") == "emergency"
    return turn.TurnInput(
        messages=[analyse_message(text) for text in texts],
        latest_text=texts[-1] if texts else "",
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        pending=tracker.get_slot("pending_red_flag"),
        in_form=bool(tracker.active_loop_name),
        oversize=bool(metadata.get(settings.OVERSIZE_METADATA_KEY)),
        emergency_before=(
            tuple(tracker.get_slot("red_flags") or ()) or (turn.EARLIER_FLAG,) if escalated else ()
        ),
        emergency_at=emergency_at or 0,
    )


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Load spaCy and the urgency model when the server starts, not on the first
        # patient's turn (a stale model would otherwise be retrained then).
        rf.get_detector()
        urgency_model.get_model()

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
        flow = self._flow_control(tracker, domain)
        if flow is not None:
            return flow
        decision = turn.decide(turn_input(tracker))
        return self._apply(decision, tracker, domain)

    def _flow_control(
        self, tracker: DialogueStateTracker, domain: Domain
    ) -> Optional[PolicyPrediction]:
        """Rasa bookkeeping around our own replies (not a safety decision)."""
        latest_action = _latest_action(tracker)
        if latest_action in _END_OF_TURN:
            return self._action(ACTION_LISTEN_NAME, domain)
        if latest_action in ACTIONS_THAT_ALWAYS_ANSWER and isinstance(
            tracker.events[-1], ActionExecuted
        ):
            # the action server is down or failed: say so instead of going quiet
            events: List[Event] = (
                [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
                if tracker.active_loop_name
                else []
            )
            return self._action(UNAVAILABLE_RESPONSE, domain, events)
        if latest_action == NOT_NOW_RESPONSE:
            requested = tracker.get_slot(REQUESTED_SLOT)
            question = f"utter_ask_{requested}" if requested else None
            if (
                tracker.active_loop_name
                and question is not None
                and question in domain.action_names_or_texts
            ):
                return self._action(question, domain)
            return self._action(ACTION_LISTEN_NAME, domain)
        if (
            latest_action
            and latest_action.startswith("utter_ask_")
            and latest_action != CLARIFY_RESPONSE
            and tracker.active_loop_name
        ):
            # we re-asked the form's question ourselves (after "not now")
            return self._action(ACTION_LISTEN_NAME, domain)
        if latest_action != ACTION_LISTEN_NAME or not isinstance(
            tracker.latest_message, UserUttered
        ):
            return self._abstain(domain)
        return None

    def _apply(
        self, decision: turn.TurnDecision, tracker: DialogueStateTracker, domain: Domain
    ) -> PolicyPrediction:
        """Turn a decision into Rasa events and the response to say."""
        pending_cleared: List[Event] = (
            [SlotSet("pending_red_flag", None)]
            if decision.clear_pending and tracker.get_slot("pending_red_flag")
            else []
        )
        action = decision.action
        if action == turn.ESCALATE:
            return self._escalate(tracker, domain, decision.red_flags, decision.kind, decision.row)
        if action == turn.CLARIFY:
            return self._action(
                CLARIFY_RESPONSE, domain, [SlotSet("pending_red_flag", decision.clarify_flag)]
            )
        if action == turn.NOT_NOW:
            return self._action(NOT_NOW_RESPONSE, domain, pending_cleared)
        if action == turn.WATCH:
            return self._action(WATCH_RESPONSE, domain, pending_cleared)
        if action == turn.TOO_LONG:
            return self._action(TOO_LONG_RESPONSE, domain, pending_cleared)
        if action == turn.HELP_COMING and HELP_COMING_RESPONSE in domain.action_names_or_texts:
            return self._action(HELP_COMING_RESPONSE, domain, pending_cleared)
        if action == turn.DOCTOR_TODAY:
            events = list(pending_cleared)
            if tracker.get_slot("disposition") != "emergency":
                events.append(SlotSet("disposition", "doctor_today"))
            response = DOCTOR_TODAY_RESPONSES.get(decision.kind)
            if decision.speak and response is not None and response in domain.action_names_or_texts:
                return self._action(response, domain, events)
            # a question ("my pump beeps, what does it mean?"): the FAQ answer carries
            # the same advice; the disposition is still recorded for staff
            return self._prediction(self._default_predictions(domain), events=events)
        if pending_cleared:
            # clear a stale "right now?" question without taking the turn
            return self._prediction(self._default_predictions(domain), events=pending_cleared)
        return self._abstain(domain)

    def _escalate(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        red_flags: Sequence[str],
        kind: str = "general",
        row: int = 0,
    ) -> PolicyPrediction:
        previous = tracker.get_slot("red_flags") or []
        flags = sorted(set(previous) | set(red_flags))
        events: List[Event] = [
            SlotSet("disposition", "emergency"),
            SlotSet("red_flags", flags),
            SlotSet("pending_red_flag", None),
        ]
        if tracker.active_loop_name:
            events += [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
        response = ESCALATION_RESPONSES.get(kind, ESCALATION_RESPONSES["general"])
        # ids and codes only: patient text never goes into a log
        logger.info(
            "Escalating conversation %s: %s (decision row %s)", tracker.sender_id, flags, row
        )
        return self._action(response, domain, events)

    def _fallback(self, tracker: DialogueStateTracker, domain: Domain) -> PolicyPrediction:
        """Keyword-only escalation used when the main path raised."""
        try:
            if _latest_action(tracker) in _END_OF_TURN:
                return self._action(ACTION_LISTEN_NAME, domain)
            message = tracker.latest_message
            if _latest_action(tracker) == ACTION_LISTEN_NAME and message is not None:
                flags = [
                    m.code
                    for m in rf.keyword_fallback(message.text or "")
                    if m.code in rf.lexicon.RED_FLAGS
                ]
                if flags:
                    return self._escalate(tracker, domain, flags)
        except Exception:
            logger.exception("SafetyPolicy keyword fallback failed too")
        return self._abstain(domain)

    # ------------------------------------------------------------------ helpers
    def _action(
        self, name: str, domain: Domain, events: Optional[List[Event]] = None
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(name)] = 1.0
        return self._prediction(probabilities, events=events or [], is_no_user_prediction=True)

    def _abstain(self, domain: Domain) -> PolicyPrediction:
        return self._prediction(self._default_predictions(domain))
