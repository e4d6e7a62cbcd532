"""Deployment settings that patient-facing text depends on: one place for the defaults.

Every part that shows or dials a number (the Rasa server's NLG, the action server, the
widget page server, the process supervisor) reads these functions, so a deployment in
the UK sets ``EMERGENCY_NUMBER=999`` once and nothing else says 911.
"""

from __future__ import annotations

import os
from typing import Dict, Mapping, Optional

DEFAULT_EMERGENCY_NUMBER = "911"
DEFAULT_CRISIS_LINE = "988"
DEFAULT_HUMAN_CONTACT = "your prescriber's office or your pharmacist"

_DEFAULTS = {
    "EMERGENCY_NUMBER": DEFAULT_EMERGENCY_NUMBER,
    "CRISIS_LINE": DEFAULT_CRISIS_LINE,
    "HUMAN_CONTACT": DEFAULT_HUMAN_CONTACT,
}


def _get(name: str, env: Optional[Mapping[str, str]] = None) -> str:
    value = (os.environ if env is None else env).get(name)
    return value.strip() if value and value.strip() else _DEFAULTS[name]


def emergency_number(env: Optional[Mapping[str, str]] = None) -> str:
    """The number every "Seek care now" reply tells people to call."""
    return _get("EMERGENCY_NUMBER", env)


def crisis_line(env: Optional[Mapping[str, str]] = None) -> str:
    """The crisis line for thoughts of suicide or self-harm."""
    return _get("CRISIS_LINE", env)


def human_contact(env: Optional[Mapping[str, str]] = None) -> str:
    """How to reach a person."""
    return _get("HUMAN_CONTACT", env)


def response_values(env: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """The placeholders domain responses may use ({emergency_number}, ...)."""
    return {
        "emergency_number": emergency_number(env),
        "crisis_line": crisis_line(env),
        "human_contact": human_contact(env),
    }


def defaults() -> Dict[str, str]:
    """Environment variable -> default, for process supervisors."""
    return dict(_DEFAULTS)


DEFAULT_MAX_MESSAGE_CHARS = 4000
# Metadata key the transport layer sets on a message it shortened for the NLU:
# {"oversize": {"chars": <original length>}}. The SafetyPolicy then asks for a shorter
# message (after the urgent-sign check, which reads the kept sentences).
OVERSIZE_METADATA_KEY = "oversize"


def max_message_chars(env: Optional[Mapping[str, str]] = None) -> int:
    """Longest message text passed to the NLU (``MAX_MESSAGE_CHARS``, default 4000)."""
    raw = (os.environ if env is None else env).get("MAX_MESSAGE_CHARS", "")
    try:
        return max(200, int(raw)) if raw.strip() else DEFAULT_MAX_MESSAGE_CHARS
    except ValueError:
        return DEFAULT_MAX_MESSAGE_CHARS
