"""Incremental dialogue states: Rasa's ``states_for_tracker_history`` without the replay.

Rasa 3.6 computes a tracker's past states (the input of RulePolicy and
MemoizationPolicy) by replaying EVERY applied event of the conversation on a fresh
tracker and taking the state before each action, and it does so for every policy call
(about five per turn). Turn 200 of a conversation paid for 200 turns of replay, five
times (docs/performance.md, section 9).

This module keeps, per conversation and per call signature (domain, ``omit_unset_slots``,
``ignore_rule_only_turns``, ``rule_only_data``), a checkpoint: the applied events seen up
to the last action, the states computed for them, the replayed tracker at that point
and the loop variables of Rasa's function. The next call replays only the events after
the checkpoint, with Rasa's own code (``Domain.get_active_state`` and the same
rule-only clean-up, in the same order), and returns copies, so callers that edit the
states (Rasa's featurizers do) never touch the checkpoint.

The checkpoint is used only when it provably describes the same history:

* the tracker is a plain ``DialogueStateTracker`` (not a training tracker), the same
  domain object, the same arguments;
* the applied events start with exactly the checkpoint's events (the same objects, in
  order). A rewind, an undo, a restart, a new session or a form loop that drops
  earlier events changes the applied events, so the states are computed from scratch;
* every user message of the checkpoint still has the state-relevant values it had
  when it was replayed (intent, text, entities, ``use_text_for_featurization``, which
  Rasa's ``DefinePrevUserUtteredFeaturization`` event changes on the shared event).

A caller that needs only the newest states says so with ``only_last(n)`` (RulePolicy
does, :mod:`rasa_ext.rule_lookup`): the whole history is still computed and kept in the
checkpoint, but only the last ``n`` states are copied and returned.

Anything unexpected (an exception in the incremental path) drops the checkpoint and
runs Rasa's original function. ``PAST_STATES_CACHE=0`` turns the patch off.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import json
import operator
import os
import threading
from collections import OrderedDict
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from rasa.shared.core import constants as core_constants
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

MAX_ENTRIES = 1024

_original: Optional[Callable[..., List[Dict[str, Any]]]] = None
_entries: "OrderedDict[Tuple[Any, ...], _Checkpoint]" = OrderedDict()
_lock = threading.Lock()
_last: "contextvars.ContextVar[Optional[int]]" = contextvars.ContextVar("past_states_last")
stats = {"incremental": 0, "from_scratch": 0, "bypassed": 0, "errors": 0}


@contextlib.contextmanager
def only_last(count: int) -> Iterator[None]:
    """Within the block, calls that use the checkpoint return only the last ``count``
    states (Rasa's original function, when it runs, still returns all of them)."""
    token = _last.set(max(1, count))
    try:
        yield
    finally:
        _last.reset(token)


def enabled() -> bool:
    return os.environ.get("PAST_STATES_CACHE", "1") != "0"


def _user_signature(event: UserUttered) -> Tuple[Any, ...]:
    entities = tuple(
        (e.get("entity"), e.get("role"), e.get("group")) for e in (event.entities or [])
    )
    return (event.intent_name, event.text, entities, event.use_text_for_featurization)


def _clone(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A copy of a replay tracker, without replaying its events."""
    clone = copy.copy(tracker)
    clone.events = copy.copy(tracker.events)
    clone.slots = type(tracker.slots)()
    for name, slot in tracker.slots.items():
        clone.slots[name] = copy.copy(slot)
    clone.active_loop = copy.deepcopy(tracker.active_loop)
    return clone


class _Checkpoint:
    __slots__ = ("domain", "events", "users", "tracker", "states", "carry")

    def __init__(self, domain: Domain, tracker: DialogueStateTracker) -> None:
        self.domain = domain
        self.events: List[Any] = []
        self.users: List[Tuple[UserUttered, Tuple[Any, ...]]] = []
        self.tracker = tracker
        self.states: List[Dict[str, Any]] = []
        self.carry: Tuple[Any, bool] = (None, False)

    def matches(self, domain: Domain, applied: List[Any]) -> bool:
        if self.domain is not domain or len(applied) < len(self.events):
            return False
        if not all(map(operator.is_, self.events, applied)):  # the same objects, in order
            return False
        return all(_user_signature(event) == sig for event, sig in self.users)


def _step(
    domain: Domain,
    tracker: DialogueStateTracker,
    hide_rule_turn: bool,
    carry: Tuple[Any, bool],
    states: List[Dict[str, Any]],
    omit_unset_slots: bool,
    ignore_rule_only_turns: bool,
    rule_only_data: Optional[Dict[str, Any]],
) -> Tuple[Tuple[Any, bool], Optional[Dict[str, Any]]]:
    """One iteration of the loop in Rasa 3.6's ``Domain.states_for_tracker_history``."""
    last_ml_action_sub_state, turn_was_hidden = carry
    if ignore_rule_only_turns:
        if not turn_was_hidden:
            last_ml_action_sub_state = domain._get_prev_action_sub_state(tracker)
        if not tracker.followup_action and not (
            tracker.latest_action_name == tracker.active_loop_name
        ):
            turn_was_hidden = hide_rule_turn
        if turn_was_hidden:
            return (last_ml_action_sub_state, turn_was_hidden), None
    state = domain.get_active_state(tracker, omit_unset_slots=omit_unset_slots)
    if ignore_rule_only_turns:
        domain._remove_rule_only_features(state, rule_only_data)
        if states:
            domain._substitute_rule_only_user_input(state, states[-1])
        if last_ml_action_sub_state:
            state[core_constants.PREVIOUS_ACTION] = last_ml_action_sub_state
    return (last_ml_action_sub_state, turn_was_hidden), domain._clean_state(state)


def _copy_states(states: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Two-level copies (sub-state values are strings and tuples), keeping which
    sub-states are one shared object, as in Rasa's own result."""
    seen: Dict[int, Dict[str, Any]] = {}
    out = []
    for state in states:
        new = {}
        for key, sub in state.items():
            twin = seen.get(id(sub))
            if twin is None:
                twin = seen[id(sub)] = dict(sub)
            new[key] = twin
        out.append(new)
    return out


def states_for_tracker_history(
    self: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: Optional[Dict[str, Any]] = None,
) -> List[Dict[str, Any]]:
    assert _original is not None
    if type(tracker) is not DialogueStateTracker or tracker.is_rule_tracker or not enabled():
        stats["bypassed"] += 1
        return _original(self, tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    key = (
        tracker.sender_id,
        id(self),
        bool(omit_unset_slots),
        bool(ignore_rule_only_turns),
        json.dumps(rule_only_data, sort_keys=True, default=str) if rule_only_data else None,
    )
    with _lock:
        try:
            return _incremental(
                self, tracker, key, omit_unset_slots, ignore_rule_only_turns, rule_only_data
            )
        except Exception:  # noqa: BLE001 - fall back to Rasa's own computation
            stats["errors"] += 1
            _entries.pop(key, None)
    return _original(self, tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data)


def _incremental(
    domain: Domain,
    tracker: DialogueStateTracker,
    key: Tuple[Any, ...],
    omit_unset_slots: bool,
    ignore_rule_only_turns: bool,
    rule_only_data: Optional[Dict[str, Any]],
) -> List[Dict[str, Any]]:
    applied = tracker.applied_events()
    point = _entries.pop(key, None)
    if point is not None and point.matches(domain, applied):
        stats["incremental"] += 1
    else:
        stats["from_scratch"] += 1
        point = _Checkpoint(domain, tracker.init_copy())
    last_action = len(point.events) - 1
    for index in range(len(applied) - 1, len(point.events) - 1, -1):
        if isinstance(applied[index], ActionExecuted):
            last_action = index
            break
    args = (omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    # events up to and including the last action: they become the new checkpoint
    for index in range(len(point.events), last_action + 1):
        event = applied[index]
        if isinstance(event, ActionExecuted):
            point.carry, state = _step(
                domain, point.tracker, event.hide_rule_turn, point.carry, point.states, *args
            )
            if state is not None:
                point.states.append(state)
        point.tracker.update(event)
        point.events.append(event)
        if isinstance(event, UserUttered):
            point.users.append((event, _user_signature(event)))
    # the rest (the user's message of this turn, its slots, ...) and the final state
    # are computed on a clone and never stored: their events may still change
    tail = point.tracker
    carry = point.carry
    last = _last.get(None)
    states = point.states[-last:] if last else list(point.states)
    if last_action + 1 < len(applied):
        tail = _clone(point.tracker)
        for event in applied[last_action + 1 :]:
            tail.update(event)
    carry, final = _step(domain, tail, False, carry, states, *args)
    if final is not None:
        states.append(final)
    if last and len(states) > last:
        del states[:-last]
    _entries[key] = point
    while len(_entries) > MAX_ENTRIES:
        _entries.popitem(last=False)
    return _copy_states(states)


def clear() -> None:
    with _lock:
        _entries.clear()


def install() -> None:
    global _original
    if _original is None:
        _original = Domain.states_for_tracker_history
    Domain.states_for_tracker_history = states_for_tracker_history  # type: ignore[method-assign]
