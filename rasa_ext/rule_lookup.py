"""RulePolicy's rule lookup without walking the whole conversation.

Two per-prediction costs of Rasa 3.6's ``RulePolicy`` grow with the conversation's
length although their result does not depend on it (docs/performance.md, section 10):

* ``_get_possible_keys`` checks every remaining rule against every state of the
  conversation, from the newest back to the first. ``_is_rule_applicable(key, i,
  state)`` returns True without looking at the state once ``i`` is at least the
  rule's length, so after the longest remaining rule nothing can change; ours stops
  there and returns the same set. Used only when ``_is_rule_applicable`` and
  ``_rule_key_to_state`` are Rasa's own (a subclass overriding them gets Rasa's loop).
* ``_find_action_from_rules`` formats every state into a text
  (``format_tracker_states``) for one DEBUG log line, also when DEBUG is off. Ours
  returns an empty text when structlog drops DEBUG events (its filtering logger's
  ``debug`` is a no-op), and Rasa's text otherwise. Only RulePolicy's method is
  replaced; the value is used for nothing but that log line (checked in Rasa 3.6: the
  one caller), whose ``current_states`` the log-privacy layer redacts anyway.

* ``_prediction_states`` hands RulePolicy every state of the conversation (four calls
  a turn: text and intent, before and after the action), which it copies, formats into
  a key and walks, although only the last ``L`` states can decide anything, ``L``
  being the longest learned rule: ``_get_possible_keys`` stops there (above), and the
  one other use of the states, the key ``_create_feature_key(states)`` returned as the
  prediction source when no rule applies, is only looked up in
  ``RULES_NOT_IN_STORIES`` (for ``hide_rule_turn``). A JSON list of more than ``L``
  states equals no rule key, so a key of the last ``L + 1`` states is in that list
  exactly when the key of all states is (neither is). Ours asks
  :mod:`rasa_ext.past_states` for the last ``L + 1`` states only. Used only for a live
  tracker (not in training, where RulePolicy checks its rules against whole stories),
  with Rasa's featurizer, and when the lookup methods are Rasa's own.

``RULE_LOOKUP_SHORTCUT=0`` turns all three off.
"""

from __future__ import annotations

import inspect
import json
import os
from typing import Any, Callable, Dict, List, Optional, Set, Text

from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.core.policies import rule_policy
from rasa.core.policies.rule_policy import (
    RULES,
    RULES_FOR_LOOP_UNHAPPY_PATH,
    RULES_NOT_IN_STORIES,
    RulePolicy,
)
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext import past_states

_original_keys: Optional[Callable[..., Set[Text]]] = None
_original_format: Optional[Callable[[List[Dict]], Text]] = None
_original_applicable: Any = None
_original_key_to_state: Any = None
_original_prediction_states: Any = None
_key_length: Dict[Any, int] = {}  # rule key -> number of states in it
stats = {"shortcut": 0, "rasa": 0, "format_skipped": 0, "states_tail": 0}


def enabled() -> bool:
    return os.environ.get("RULE_LOOKUP_SHORTCUT", "1") != "0"


def _rasas_lookup(policy: RulePolicy) -> bool:
    kind = type(policy)
    return (
        inspect.getattr_static(kind, "_is_rule_applicable") is _original_applicable
        and inspect.getattr_static(kind, "_rule_key_to_state") is _original_key_to_state
    )


def _states_in(key: Any) -> int:
    length = _key_length.get(key)
    if length is None:
        try:
            states = json.loads(key)
        except (TypeError, ValueError):
            states = None
        length = len(states) if isinstance(states, list) else 0
        if len(_key_length) > 100_000:
            _key_length.clear()
        _key_length[key] = length
    return length


def longest_rule(policy: RulePolicy) -> int:
    """States in the longest rule key of the policy's lookup now (rules, loop unhappy
    paths and the rules not in stories; an entry that is not a JSON list of states
    counts as none). Each key is parsed once; the maximum is taken on every call, so
    a lookup changed in place (training does that) is always read as it is."""
    lookup = policy.lookup
    return max(
        (
            _states_in(key)
            for part in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RULES_NOT_IN_STORIES)
            for key in lookup.get(part, ())
        ),
        default=0,
    )


def prediction_states(
    self: RulePolicy,
    tracker: DialogueStateTracker,
    domain: Any,
    use_text_for_last_user_input: bool = False,
    rule_only_data: Optional[Dict[Text, Any]] = None,
) -> List[Dict[Text, Any]]:
    """Patched ``RulePolicy._prediction_states``: the last ``L + 1`` states only."""
    assert _original_prediction_states is not None
    args = (tracker, domain, use_text_for_last_user_input, rule_only_data)
    if (
        not enabled()
        or type(tracker) is not DialogueStateTracker
        or tracker.is_rule_tracker
        or type(self.featurizer) is not MaxHistoryTrackerFeaturizer
        or not _rasas_lookup(self)
    ):
        return _original_prediction_states(self, *args)
    stats["states_tail"] += 1
    keep = longest_rule(self) + 1
    with past_states.only_last(keep):
        states = _original_prediction_states(self, *args)
    return states[-keep:]


def get_possible_keys(
    self: RulePolicy, lookup: Dict[Text, Text], states: List[Dict[Text, Any]]
) -> Set[Text]:
    """Patched ``RulePolicy._get_possible_keys``: Rasa's loop, stopped where every
    remaining rule is shorter than the turn index (they all stay applicable)."""
    assert _original_keys is not None
    if not enabled() or not _rasas_lookup(self):
        stats["rasa"] += 1
        return _original_keys(self, lookup, states)
    stats["shortcut"] += 1
    possible_keys = set(lookup.keys())
    longest = max((len(self._rule_key_to_state(key)) for key in possible_keys), default=0)
    for i, state in enumerate(reversed(states)):
        if i >= longest:
            break
        possible_keys = {key for key in possible_keys if self._is_rule_applicable(key, i, state)}
        longest = max((len(self._rule_key_to_state(key)) for key in possible_keys), default=0)
    return possible_keys


def _debug_dropped() -> bool:
    """True if structlog drops DEBUG events (Rasa's ``configure_structlog`` at INFO
    or above makes the bound logger's ``debug`` a no-op)."""
    try:
        debug = rule_policy.structlogger.bind().debug
    except Exception:  # noqa: BLE001 - unknown configuration: format as Rasa does
        return False
    return getattr(debug, "__name__", None) == "_nop"


def format_tracker_states(states: List[Dict]) -> Text:
    """Patched ``RulePolicy.format_tracker_states`` (a static method)."""
    assert _original_format is not None
    if enabled() and _debug_dropped():
        stats["format_skipped"] += 1
        return ""
    return _original_format(states)


def install() -> None:
    global _original_keys, _original_format, _original_applicable, _original_key_to_state
    global _original_prediction_states
    if _original_keys is None:
        _original_keys = RulePolicy._get_possible_keys
        _original_format = RulePolicy.format_tracker_states
        _original_applicable = RulePolicy._is_rule_applicable
        _original_key_to_state = RulePolicy.__dict__["_rule_key_to_state"]
        _original_prediction_states = RulePolicy._prediction_states
    RulePolicy._get_possible_keys = get_possible_keys  # type: ignore[method-assign]
    RulePolicy.format_tracker_states = staticmethod(format_tracker_states)  # type: ignore
    RulePolicy._prediction_states = prediction_states  # type: ignore[method-assign]


def uninstall() -> None:
    if _original_keys is not None:
        RulePolicy._get_possible_keys = _original_keys  # type: ignore[method-assign]
        if "format_tracker_states" in RulePolicy.__dict__:
            del RulePolicy.format_tracker_states
        if "_prediction_states" in RulePolicy.__dict__:
            del RulePolicy._prediction_states
