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

``RULE_LOOKUP_SHORTCUT=0`` turns both off.
"""

from __future__ import annotations

import inspect
import os
from typing import Any, Callable, Dict, List, Optional, Set, Text

from rasa.core.policies import rule_policy
from rasa.core.policies.rule_policy import RulePolicy

_original_keys: Optional[Callable[..., Set[Text]]] = None
_original_format: Optional[Callable[[List[Dict]], Text]] = None
_original_applicable: Any = None
_original_key_to_state: Any = None
stats = {"shortcut": 0, "rasa": 0, "format_skipped": 0}


def enabled() -> bool:
    return os.environ.get("RULE_LOOKUP_SHORTCUT", "1") != "0"


def get_possible_keys(
    self: RulePolicy, lookup: Dict[Text, Text], states: List[Dict[Text, Any]]
) -> Set[Text]:
    """Patched ``RulePolicy._get_possible_keys``: Rasa's loop, stopped where every
    remaining rule is shorter than the turn index (they all stay applicable)."""
    assert _original_keys is not None
    if (
        not enabled()
        or inspect.getattr_static(type(self), "_is_rule_applicable") is not _original_applicable
        or inspect.getattr_static(type(self), "_rule_key_to_state") is not _original_key_to_state
    ):
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
    if _original_keys is None:
        _original_keys = RulePolicy._get_possible_keys
        _original_format = RulePolicy.format_tracker_states
        _original_applicable = RulePolicy._is_rule_applicable
        _original_key_to_state = RulePolicy.__dict__["_rule_key_to_state"]
    RulePolicy._get_possible_keys = get_possible_keys  # type: ignore[method-assign]
    RulePolicy.format_tracker_states = staticmethod(format_tracker_states)  # type: ignore


def uninstall() -> None:
    if _original_keys is not None:
        RulePolicy._get_possible_keys = _original_keys  # type: ignore[method-assign]
        if "format_tracker_states" in RulePolicy.__dict__:
            del RulePolicy.format_tracker_states
