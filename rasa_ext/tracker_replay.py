"""Rasa's ``applied_events()`` and ``copy()`` without replaying the whole conversation.

Rasa 3.6 recomputes ``DialogueStateTracker.applied_events()`` from every event of the
conversation on each call (about eight calls per turn: the policies, the processor's
session check, ``get_last_event_for``), and ``DialogueStateTracker.copy()`` builds a
new tracker and replays every event on it (twice per turn: the processor copies the
tracker before each action it runs). Both grow with the conversation's length
(docs/performance.md, section 10).

This module keeps, per tracker object (a weak reference: nothing outlives the
tracker), what Rasa would compute, and on the next call processes only the events
appended since:

* ``applied_events``: the applied list and the loop names seen so far. New events
  go through the same loop as Rasa's (the same undo, revert and loop-execution
  helpers of the tracker). Rasa's loop depends on the names of ALL ``ActiveLoop``
  events of the conversation, so when a new event brings a loop name not seen before
  the list is computed from scratch. A copy of the list is returned (Rasa returns a
  new list; callers may change it).
* ``copy``: a private "shadow" tracker, ``init_copy()`` of the tracker with every
  event replayed on it, exactly what Rasa's ``copy`` builds. New events are replayed
  on the shadow (``update``, as Rasa does); the copy handed out is a clone of the
  shadow whose mutable parts (events, slots, active loop, latest action, an empty
  latest message) are its own. The shadow is never handed out. It is the REPLAYED
  state, not the tracker's own: Rasa's processor changes a tracker without events
  (``clear_followup_action``), and Rasa's copy does not see that either.

The cache is used only while it provably describes the same events: the tracker is a
plain ``DialogueStateTracker`` (training trackers bypass it), the same ``events``
deque object, at least as long as when cached, with the same first event and the
same event at the cached length (so a reassigned or shortened event list, and old
events dropped by ``max_event_history``, mean "from scratch"); for ``copy`` also the
same sender id, slot objects, ``max_event_history`` and ``is_rule_tracker``, and
every new event's timestamp is finite (Rasa's copy stops at a later-than-infinity
timestamp; those go to Rasa's code). What it relies on, checked in Rasa 3.6's code:
events are only ever appended to a tracker (``update``; ``recreate_from_dialogue``
extends), never replaced in the middle, and an event's type, ``action_name`` and
loop ``name`` do not change after it was created.

Any exception drops the tracker's entry and runs Rasa's original method.
``TRACKER_REPLAY_CACHE=0`` turns both off.
"""

from __future__ import annotations

import copy as copy_module
import math
import os
import threading
import weakref
from typing import Any, Callable, Dict, List, Optional, Set, Tuple

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

_original_applied: Optional[Callable[[DialogueStateTracker], List[Event]]] = None
_original_copy: Optional[Callable[[DialogueStateTracker], DialogueStateTracker]] = None
_lock = threading.RLock()
stats = {
    "applied_incremental": 0,
    "applied_from_scratch": 0,
    "copy_incremental": 0,
    "copy_from_scratch": 0,
    "bypassed": 0,
    "errors": 0,
}


def enabled() -> bool:
    return os.environ.get("TRACKER_REPLAY_CACHE", "1") != "0"


class _Seen:
    """Which events of a tracker a cached result covers."""

    __slots__ = ("events", "length", "first", "last")

    def __init__(self, tracker: DialogueStateTracker) -> None:
        events = tracker.events
        self.events = events
        self.length = len(events)
        self.first = events[0] if events else None
        self.last = events[-1] if events else None

    def new_events(self, tracker: DialogueStateTracker) -> Optional[List[Event]]:
        """The events appended since, or None if the tracker's events are not the
        cached ones plus appended ones."""
        events = tracker.events
        length = len(events)
        if events is not self.events or length < self.length:
            return None
        if self.length:
            if events[0] is not self.first or events[self.length - 1] is not self.last:
                return None
        # indexing a deque near its end is cheap; new events are at the end
        return [events[index] for index in range(self.length, length)]


class _Applied:
    __slots__ = ("seen", "loop_names", "applied")

    def __init__(self, seen: _Seen, loop_names: Set[str], applied: List[Event]) -> None:
        self.seen = seen
        self.loop_names = loop_names
        self.applied = applied


class _Shadow:
    __slots__ = ("seen", "signature", "tracker")

    def __init__(self, seen: _Seen, signature: Tuple[Any, ...], tracker: DialogueStateTracker):
        self.seen = seen
        self.signature = signature
        self.tracker = tracker


# id(tracker) -> (weak reference to the tracker, applied cache, shadow)
_entries: Dict[int, List[Any]] = {}


def _entry(tracker: DialogueStateTracker) -> List[Any]:
    key = id(tracker)
    entry = _entries.get(key)
    if entry is not None and entry[0]() is tracker:
        return entry

    def forget(_ref: Any, key: int = key) -> None:
        with _lock:
            current = _entries.get(key)
            if current is not None and current[0] is _ref:
                del _entries[key]

    entry = [weakref.ref(tracker, forget), None, None]
    _entries[key] = entry
    return entry


def _drop(tracker: DialogueStateTracker) -> None:
    entry = _entries.get(id(tracker))
    if entry is not None and entry[0]() is tracker:
        entry[1] = entry[2] = None


# ---------------------------------------------------------------- applied_events
def _fold(
    tracker: DialogueStateTracker,
    events: Any,
    loop_names: Set[str],
    applied: List[Event],
) -> None:
    """The loop of Rasa 3.6's ``DialogueStateTracker.applied_events``, in place."""
    for event in events:
        if isinstance(event, (Restarted, SessionStarted)):
            applied.clear()
        elif isinstance(event, ActionReverted):
            tracker._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            tracker._undo_till_previous(UserUttered, applied)
            tracker._undo_till_previous(ActionExecuted, applied)
        elif (
            isinstance(event, ActionExecuted)
            and event.action_name in loop_names
            and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)
        ):
            tracker._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)


def _loop_names(events: Any) -> Set[str]:
    return {event.name for event in events if isinstance(event, ActiveLoop) and event.name}


def _applied_events(tracker: DialogueStateTracker) -> List[Event]:
    entry = _entry(tracker)
    cached: Optional[_Applied] = entry[1]
    if cached is not None:
        new = cached.seen.new_events(tracker)
        if new is not None and _loop_names(new) <= cached.loop_names:
            _fold(tracker, new, cached.loop_names, cached.applied)
            cached.seen = _Seen(tracker)
            stats["applied_incremental"] += 1
            return list(cached.applied)
    entry[1] = None
    stats["applied_from_scratch"] += 1
    loop_names = _loop_names(tracker.events)
    applied: List[Event] = []
    _fold(tracker, tracker.events, loop_names, applied)
    entry[1] = _Applied(_Seen(tracker), loop_names, applied)
    return list(applied)


def applied_events(self: DialogueStateTracker) -> List[Event]:
    """Patched ``DialogueStateTracker.applied_events``."""
    assert _original_applied is not None
    if type(self) is not DialogueStateTracker or not enabled():
        stats["bypassed"] += 1
        return _original_applied(self)
    with _lock:
        try:
            return _applied_events(self)
        except Exception:  # noqa: BLE001 - fall back to Rasa's own computation
            stats["errors"] += 1
            _drop(self)
    return _original_applied(self)


# ---------------------------------------------------------------- copy
def _signature(tracker: DialogueStateTracker) -> Tuple[Any, ...]:
    """What ``init_copy`` takes from the tracker."""
    return (
        tracker.sender_id,
        tracker._max_event_history,
        tracker.is_rule_tracker,
        tuple(tracker.slots.values()),
    )


def _same_signature(a: Tuple[Any, ...], b: Tuple[Any, ...]) -> bool:
    return (
        a[0] == b[0]
        and a[1] == b[1]
        and a[2] == b[2]
        and len(a[3]) == len(b[3])
        and all(x is y for x, y in zip(a[3], b[3]))  # noqa: B905 - lengths checked
    )


def _own(event: Optional[Event], events: Any) -> Optional[Event]:
    """The latest message / bot utterance for the copy: the event itself (as Rasa's
    replay references it), or, for the empty placeholder ``_reset`` creates (not an
    event of the conversation), a fresh one as Rasa's replay would create."""
    if event is None or getattr(event, "text", None) is not None:
        return event
    for candidate in reversed(events):
        if candidate is event:
            return event
    if isinstance(event, UserUttered):
        return UserUttered.empty()
    if isinstance(event, BotUttered):
        return BotUttered.empty()
    return copy_module.deepcopy(event)


def _clone(shadow: DialogueStateTracker) -> DialogueStateTracker:
    clone = copy_module.copy(shadow)
    clone.events = copy_module.copy(shadow.events)
    clone.slots = {name: copy_module.copy(slot) for name, slot in shadow.slots.items()}
    clone.active_loop = copy_module.copy(shadow.active_loop)
    clone.latest_action = copy_module.copy(shadow.latest_action)
    clone.latest_message = _own(shadow.latest_message, shadow.events)  # type: ignore
    clone.latest_bot_utterance = _own(shadow.latest_bot_utterance, shadow.events)  # type: ignore
    return clone


def _finite(events: Any) -> bool:
    return all(event.timestamp <= math.inf for event in events)


def _copy(tracker: DialogueStateTracker) -> Optional[DialogueStateTracker]:
    entry = _entry(tracker)
    signature = _signature(tracker)
    cached: Optional[_Shadow] = entry[2]
    if cached is not None and _same_signature(cached.signature, signature):
        new = cached.seen.new_events(tracker)
        if new is not None:
            if not _finite(new):
                return None
            for event in new:
                cached.tracker.update(event)
            cached.seen = _Seen(tracker)
            stats["copy_incremental"] += 1
            return _clone(cached.tracker)
    entry[2] = None
    if not _finite(tracker.events):
        return None
    stats["copy_from_scratch"] += 1
    shadow = tracker.init_copy()
    for event in tracker.events:
        shadow.update(event)
    entry[2] = _Shadow(_Seen(tracker), signature, shadow)
    return _clone(shadow)


def copy(self: DialogueStateTracker) -> DialogueStateTracker:
    """Patched ``DialogueStateTracker.copy``."""
    assert _original_copy is not None
    if type(self) is not DialogueStateTracker or not enabled():
        stats["bypassed"] += 1
        return _original_copy(self)
    with _lock:
        try:
            result = _copy(self)
            if result is not None:
                return result
        except Exception:  # noqa: BLE001 - fall back to Rasa's own copy
            stats["errors"] += 1
        _drop(self)
    return _original_copy(self)


def clear() -> None:
    with _lock:
        _entries.clear()


def install() -> None:
    global _original_applied, _original_copy
    if _original_applied is None:
        _original_applied = DialogueStateTracker.applied_events
        _original_copy = DialogueStateTracker.copy
    DialogueStateTracker.applied_events = applied_events  # type: ignore[method-assign]
    DialogueStateTracker.copy = copy  # type: ignore[method-assign]


def uninstall() -> None:
    if _original_applied is not None and _original_copy is not None:
        DialogueStateTracker.applied_events = _original_applied  # type: ignore
        DialogueStateTracker.copy = _original_copy  # type: ignore[method-assign]
    clear()
