"""Triage disposition from the answers of the side-effect form (brief section 10).

``decide(answers)`` is a plain function: the same answers always give the same level,
and each level comes with the reasons that led to it (shown to the person and to
staff). Levels, most urgent first: emergency, doctor_today, doctor_soon, self_care.
Unknown or skipped answers never make the advice less cautious.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Sequence

from clinical import vocabulary
from clinical.parsing import COMMON_SIDE_EFFECTS, SKIPPED

LEVELS = ("self_care", "doctor_soon", "doctor_today", "emergency")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}
PERSISTENT_DAYS = 14  # "persist beyond a couple of weeks" (brief section 10)
_SEDATIVE_GROUPS = vocabulary.SEDATIVE_GROUPS
_EARLY_WITHDRAWAL = {"itching", "tingling", "spasms"}
_WITHDRAWAL_SEVERE = {"fever", "confusion"}


@dataclass
class Answers:
    """What the form collected (strings as produced by ``clinical.parsing``)."""

    symptoms: Sequence[str] = ()
    severity: Optional[str] = None  # mild | moderate | severe | skipped
    onset_days: Optional[float] = None
    recent_change: Optional[str] = None  # yes | no | skipped
    missed_doses: Optional[str] = None  # none | one | several | stopped | skipped
    sedatives: Optional[str] = None  # "none" | comma list | skipped
    route: Optional[str] = None  # oral | pump | skipped
    kidney_disease: Optional[str] = None  # yes | no | skipped
    red_flags: Sequence[str] = ()  # current red flags found in the conversation


@dataclass
class Decision:
    level: str
    reasons: List[str] = field(default_factory=list)

    def raise_to(self, level: str, reason: str) -> None:
        """Make the decision at least ``level``; keep every reason that applies."""
        if _RANK[level] > _RANK[self.level]:
            self.level = level
        self.reasons.append(reason)


def sedative_groups(value: Optional[str]) -> set:
    if not value or value in ("none", SKIPPED):
        return set()
    return {part for part in value.split(",") if part in _SEDATIVE_GROUPS}


def decide(answers: Answers) -> Decision:
    """The disposition for these answers, with reasons in plain words."""
    symptoms = set(answers.symptoms or ())
    severity = answers.severity
    sedatives = sedative_groups(answers.sedatives)
    stopped_or_missed = answers.missed_doses in ("several", "stopped")
    decision = Decision("self_care")

    # ---- emergency (section 3, 4, 5, 10)
    if answers.red_flags:
        decision.raise_to("emergency", "you described a warning sign that needs urgent care")
    if "drowsiness" in symptoms and severity == "severe":
        decision.raise_to("emergency", "severe sleepiness can be a sign of too much baclofen")
    if "confusion" in symptoms:
        decision.raise_to("emergency", "confusion on baclofen needs urgent care")
    if stopped_or_missed and symptoms & _WITHDRAWAL_SEVERE:
        decision.raise_to(
            "emergency",
            "fever or confusion after missed doses can be dangerous baclofen withdrawal",
        )
    if sedatives and "drowsiness" in symptoms and severity == "severe":  # brief 5
        decision.raise_to("emergency", "very sleepy after alcohol or other sedating medicines")
    if "fever" in symptoms and answers.route == "pump":
        decision.raise_to(
            "emergency", "a fever with a baclofen pump can mean infection or withdrawal"
        )

    # ---- contact the doctor today
    if stopped_or_missed:
        decision.raise_to(
            "doctor_today", "missing several doses or stopping suddenly can cause withdrawal"
        )
    if symptoms & _EARLY_WITHDRAWAL and (stopped_or_missed or answers.route == "pump"):
        decision.raise_to(
            "doctor_today", "itching, tingling or returning spasms can be early withdrawal signs"
        )
    if "mood_change" in symptoms:
        decision.raise_to("doctor_today", "a new change in mood should be checked by your doctor")
    if severity == "severe":
        decision.raise_to("doctor_today", "the side effect is severe")
    if sedatives and "drowsiness" in symptoms and severity in ("moderate", SKIPPED, None):
        decision.raise_to(
            "doctor_today", "sleepiness together with alcohol or other sedating medicines"
        )
    if (
        answers.kidney_disease == "yes"
        and symptoms & {"drowsiness", "tiredness", "weakness", "dizziness"}
        and severity in ("moderate", "severe", SKIPPED, None)
    ):
        decision.raise_to("doctor_today", "with kidney problems baclofen can build up")

    # ---- book a talk with the doctor or pharmacist
    if answers.kidney_disease == "yes":
        decision.raise_to("doctor_soon", "kidney problems can change the dose you need")
    days = answers.onset_days
    if days is not None and not math.isnan(days) and days > PERSISTENT_DAYS:
        decision.raise_to("doctor_soon", "it has lasted more than a couple of weeks")
    if severity in ("moderate", SKIPPED) or severity is None:
        decision.raise_to(
            "doctor_soon",
            "the side effect is bothering you"
            if severity == "moderate"
            else "we couldn't judge how bad it is",
        )
    if sedatives:
        decision.raise_to(
            "doctor_soon", "alcohol and other sedating medicines add to baclofen's effects"
        )
    unusual = symptoms - COMMON_SIDE_EFFECTS - {"other"}
    if "other" in symptoms or unusual:
        decision.raise_to("doctor_soon", "it isn't one of the common side effects")
    if not symptoms:
        decision.raise_to("doctor_soon", "we couldn't tell which side effect it is")
    if answers.kidney_disease == SKIPPED and symptoms & {"drowsiness", "confusion"}:
        decision.raise_to("doctor_soon", "kidney problems make drowsiness more likely")

    if decision.level == "self_care":
        decision.reasons.append("it sounds like a mild, common side effect")
    return decision


def most_urgent(levels: Iterable[Optional[str]]) -> Optional[str]:
    """The most urgent of several levels (None ignored)."""
    known = [level for level in levels if level in _RANK]
    return max(known, key=_RANK.__getitem__) if known else None
