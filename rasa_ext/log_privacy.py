"""Keep patient text out of every log line of the Rasa server.

Three layers (installed by :mod:`rasa_ext.patches` at start-up):

1. Rasa's structlog events carry the message in keys such as ``text``, ``user_text``
   or ``parse_data_text`` (e.g. the REST channel's failure log, the warning for a
   typed ``/something`` it cannot parse). :func:`redact_event_dict` replaces every
   such value by ``[redacted N chars]``; it takes the place of Rasa's own
   ``_anonymizer`` step, so it runs for every structlog event at every level.
2. Python warnings (``rasa.shared.utils.io.raise_warning`` quotes message text in
   some of them) are routed into logging instead of straight to stderr.
3. A safety net for the stdlib logging path: while a message is being handled its
   text is registered here (:func:`remember`), and every formatted log record (any
   logger, any handler, tracebacks included) has those texts replaced. Short texts
   ("yes", "mild") are not worth hiding and would blank ordinary words, so only texts
   of ``MIN_CHARS`` characters or more are registered.

The project's own code logs ids, counts and exception type names only.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from typing import Any, Callable, Dict

MIN_CHARS = 6
REMEMBERED = 512  # recent texts kept for late log lines (e.g. after a failure)
PREFIX_CHARS = 40  # long texts are also hidden when only their start is quoted

# structlog keys whose value can hold patient text (Rasa 3.6's own anonymisable keys
# plus the ones its channels and processor use).
SENSITIVE_KEYS = frozenset(
    {
        "text",
        "response_text",
        "user_text",
        "slot_values",
        "parse_data_text",
        "parse_data_entities",
        "prediction_events",
        "tracker_latest_message",
        "prefilled_slots",
        "message",
        "response",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "tracker_states",
        "current_states",
        "old_states",
        "successes",
        "current_entity",
        "next_entity",
        "states",
        "entity",
        "token_text",
        "user_message",
        "json_message",
        "metadata",
        "body",
        "data",
    }
)

_lock = threading.Lock()
_texts: "OrderedDict[str, tuple]" = OrderedDict()  # text -> the forms it may be logged in


def _variants(text: str) -> tuple:
    """The text as it may appear in a log line: raw, repr-escaped, JSON-escaped."""
    forms = {text, repr(text)[1:-1], json.dumps(text)[1:-1]}
    if len(text) > PREFIX_CHARS:
        forms |= {text[:PREFIX_CHARS], json.dumps(text[:PREFIX_CHARS])[1:-1]}
    return tuple(sorted((f for f in forms if len(f) >= MIN_CHARS), key=len, reverse=True))


def remember(text: Any) -> None:
    """Register a patient message so the log safety net hides it (O(len(text)))."""
    if not isinstance(text, str) or len(text.strip()) < MIN_CHARS:
        return
    variants = _variants(text)
    with _lock:
        _texts[text] = variants
        _texts.move_to_end(text)
        while len(_texts) > REMEMBERED:
            _texts.popitem(last=False)


def scrub(line: str) -> str:
    """``line`` with every remembered patient text replaced."""
    if not line or not _texts:
        return line
    with _lock:
        known = list(_texts.values())
    for variants in known:
        for needle in variants:
            if needle in line:
                line = line.replace(needle, "[redacted]")
    return line


def redacted(value: Any) -> str:
    try:
        size = len(value)  # type: ignore[arg-type]
    except TypeError:
        size = 0
    return f"[redacted {size} chars]" if isinstance(value, str) else "[redacted]"


def redact_event_dict(_: Any, __: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    """structlog processor: hide the values of keys that can carry patient text."""
    for key in SENSITIVE_KEYS.intersection(event_dict):
        event_dict[key] = redacted(event_dict[key])
    return event_dict


_original_format: Callable[[logging.Formatter, logging.LogRecord], str] | None = None


def _format(self: logging.Formatter, record: logging.LogRecord) -> str:
    assert _original_format is not None
    return scrub(_original_format(self, record))


def install() -> None:
    """Install the three layers (idempotent)."""
    global _original_format
    import rasa.utils.log_utils as log_utils

    log_utils._anonymizer = redact_event_dict  # type: ignore[assignment]
    logging.captureWarnings(True)
    if _original_format is None:
        _original_format = logging.Formatter.format
        logging.Formatter.format = _format  # type: ignore[method-assign]
