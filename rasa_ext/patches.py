"""Every change this project makes to Rasa's own code, in one place.

Nothing here runs on import. The Rasa server's entry point (``python -m rasa_ext run
...``, see :mod:`rasa_ext.__main__`; ``scripts/stack.py``, the Dockerfile and the
Kubernetes manifests all use it) calls :func:`apply` before Rasa builds its app. If
the server was started with plain ``rasa run`` instead, the lock store (created at
start-up by every Rasa server) calls :func:`ensure_applied`, which applies them late
and logs a warning (the request-size limit then needs ``SANIC_REQUEST_MAX_SIZE``).

=======================  ==================================================================
patch                    why
=======================  ==================================================================
action_timeout           Rasa 3.6 waits 300 s for the action server; ours waits
                         ``ACTION_TIMEOUT_SECONDS`` (default 8) and the person is told.
action_keepalive         Rasa 3.6 opens a new HTTP session (a new connection) for every
                         action call; ours keeps one pooled keep-alive session per event
                         loop, same timeout and errors (:mod:`rasa_ext.action_http`).
action_result_schema     Rasa 3.6 re-checks the response JSON schema itself against the
                         metaschema on every action call (about 10 ms); ours builds the
                         validator once, same check and same error.
socketio_custom_json     Rasa 3.6's socket.io output passes a custom payload as keyword
                         arguments to ``emit`` -> ``TypeError``, turn lost. Emit the dict.
request_size_limit       Sanic accepts 100 MB request bodies; ours ``MAX_REQUEST_BYTES``
                         (default 256 kB) and answers 413 above it.
sql_engine               PostgreSQL connections are checked before use (``pool_pre_ping``),
                         so a database restart costs no extra failed turn; SQL errors
                         never quote parameters (``hide_parameters``: they hold messages).
tracker_store_errors     Rasa's FailSafeTrackerStore answers a database error by
                         returning an EMPTY tracker (the conversation silently starts
                         over) and saving into process memory (the turn is silently lost
                         at the next restart). Raise instead: the turn guard then asks
                         the person to send the message again.
past_states              Rasa 3.6 replays the whole conversation for every policy call to
                         get its past states (five times per turn); ours keeps a checkpoint
                         per conversation and replays only the new events, with Rasa's own
                         state code; from scratch after a rewind, undo, restart, new session
                         or changed message (:mod:`rasa_ext.past_states`).
tracker_replay           Rasa 3.6 recomputes ``applied_events()`` from every event on each
                         call (about eight per turn) and ``copy()`` replays every event
                         (twice per turn); ours keeps both per tracker object and
                         processes only the appended events; from scratch when the events
                         are not the cached ones plus new ones or a new loop name appears
                         (:mod:`rasa_ext.tracker_replay`; ``TRACKER_REPLAY_CACHE=0``: off).
rule_lookup              Rasa 3.6's RulePolicy takes, copies and checks every past state
                         although nothing can change after the longest rule, and formats
                         all states for a DEBUG line also when DEBUG is off; ours takes the
                         last states only (longest rule + 1; the same predictions), stops at
                         the longest rule (same keys) and skips the text when structlog
                         drops DEBUG (:mod:`rasa_ext.rule_lookup`; ``RULE_LOOKUP_SHORTCUT=0``).
log_privacy              no patient text in any log line (:mod:`rasa_ext.log_privacy`).
turn_guard               clean text, size cap, empty-message prompt, typed slash commands,
                         idempotent retries, replies only after the turn is stored, and
                         "please send that again" instead of silence
                         (:mod:`rasa_ext.turn_guard`).
=======================  ==================================================================
"""

from __future__ import annotations

import logging
import os
from typing import Callable, Dict, List

logger = logging.getLogger(__name__)

DEFAULT_ACTION_TIMEOUT = 8.0
DEFAULT_MAX_REQUEST_BYTES = 256 * 1024

_applied: List[str] = []


def action_timeout() -> float:
    try:
        return max(1.0, float(os.environ.get("ACTION_TIMEOUT_SECONDS", "8")))
    except ValueError:
        return DEFAULT_ACTION_TIMEOUT


def max_request_bytes() -> int:
    """Largest accepted request body (``MAX_REQUEST_BYTES``; at least 16 kB)."""
    try:
        return max(16 * 1024, int(os.environ.get("MAX_REQUEST_BYTES", "")))
    except ValueError:
        return DEFAULT_MAX_REQUEST_BYTES


def _action_timeout() -> None:
    import rasa.core.actions.action as rasa_action
    import rasa.utils.endpoints as rasa_endpoints

    rasa_action.DEFAULT_REQUEST_TIMEOUT = action_timeout()  # type: ignore[attr-defined]
    rasa_endpoints.DEFAULT_REQUEST_TIMEOUT = action_timeout()  # type: ignore[attr-defined]


def _action_keepalive() -> None:
    from rasa_ext import action_http

    action_http.install()


def _action_result_schema() -> None:
    from rasa_ext import action_http

    action_http.install_validation()


def _socketio_custom_json() -> None:
    from rasa.core.channels.socketio import SocketIOOutput

    from rasa_ext.channels.socketio import send_custom_json

    SocketIOOutput.send_custom_json = send_custom_json  # type: ignore[assignment]


def _request_size_limit() -> None:
    import sanic.config

    sanic.config.DEFAULT_CONFIG["REQUEST_MAX_SIZE"] = max_request_bytes()


def _sql_engine() -> None:
    import rasa.core.tracker_store as tracker_store

    original = getattr(
        tracker_store.create_engine_kwargs, "__wrapped__", tracker_store.create_engine_kwargs
    )

    def create_engine_kwargs(url):  # type: ignore[no-untyped-def]
        kwargs = dict(original(url))
        kwargs["hide_parameters"] = True
        if tracker_store.is_postgresql_url(url):
            kwargs["pool_pre_ping"] = True
        return kwargs

    create_engine_kwargs.__wrapped__ = original  # type: ignore[attr-defined]
    tracker_store.create_engine_kwargs = create_engine_kwargs  # type: ignore[assignment]


def _tracker_store_errors() -> None:
    from rasa.core.tracker_store import FailSafeTrackerStore

    async def retrieve(self, sender_id):  # type: ignore[no-untyped-def]
        try:
            return await self._tracker_store.retrieve(sender_id)
        except Exception as error:
            logger.error("Tracker store unreachable on read (%s).", type(error).__name__)
            raise

    async def retrieve_full_tracker(self, sender_id):  # type: ignore[no-untyped-def]
        try:
            return await self._tracker_store.retrieve_full_tracker(sender_id)
        except Exception as error:
            logger.error("Tracker store unreachable on read (%s).", type(error).__name__)
            raise

    async def save(self, tracker):  # type: ignore[no-untyped-def]
        try:
            await self._tracker_store.save(tracker)
        except Exception as error:
            logger.error("Tracker store unreachable on save (%s).", type(error).__name__)
            raise

    FailSafeTrackerStore.retrieve = retrieve  # type: ignore[method-assign]
    FailSafeTrackerStore.retrieve_full_tracker = retrieve_full_tracker  # type: ignore
    FailSafeTrackerStore.save = save  # type: ignore[method-assign]


def _past_states() -> None:
    from rasa_ext import past_states

    past_states.install()


def _tracker_replay() -> None:
    from rasa_ext import tracker_replay

    tracker_replay.install()


def _rule_lookup() -> None:
    from rasa_ext import rule_lookup

    rule_lookup.install()


def _log_privacy() -> None:
    from rasa_ext import log_privacy

    log_privacy.install()


def _turn_guard() -> None:
    from rasa.core.agent import Agent
    from rasa.core.processor import MessageProcessor

    from rasa_ext import turn_guard

    Agent.handle_message = turn_guard.agent_handle_message  # type: ignore[assignment]
    MessageProcessor.handle_message = turn_guard.processor_handle_message  # type: ignore


PATCHES: Dict[str, Callable[[], None]] = {
    "action_timeout": _action_timeout,
    "action_keepalive": _action_keepalive,
    "action_result_schema": _action_result_schema,
    "socketio_custom_json": _socketio_custom_json,
    "request_size_limit": _request_size_limit,
    "sql_engine": _sql_engine,
    "tracker_store_errors": _tracker_store_errors,
    "past_states": _past_states,
    "tracker_replay": _tracker_replay,
    "rule_lookup": _rule_lookup,
    "log_privacy": _log_privacy,
    "turn_guard": _turn_guard,
}


def apply() -> List[str]:
    """Apply every patch once (idempotent); returns the names applied so far."""
    for name, patch in PATCHES.items():
        if name not in _applied:
            patch()
            _applied.append(name)
    return list(_applied)


def applied() -> List[str]:
    return list(_applied)


def ensure_applied() -> None:
    """Called while the Rasa server starts: apply the patches if the entry point didn't."""
    if len(_applied) < len(PATCHES):
        apply()
        logger.warning(
            "Rasa was started without `python -m rasa_ext run`: the project's "
            "patches were applied late (set SANIC_REQUEST_MAX_SIZE yourself)."
        )
