"""Disposition rules (clinical brief section 10), case by case."""

import pytest

from clinical.disposition import Answers, decide, most_urgent
from clinical.parsing import SKIPPED

BASE = dict(
    symptoms=["dizziness"],
    severity="mild",
    onset_days=3,
    recent_change="yes",
    missed_doses="none",
    sedatives="none",
    route="oral",
    kidney_disease="no",
)


def level(**changes) -> str:
    return decide(Answers(**{**BASE, **changes})).level


CASES = [
    # self care: mild common side effects, no warning signs
    ({}, "self_care"),
    ({"symptoms": ["drowsiness"]}, "self_care"),
    ({"symptoms": ["nausea", "headache"], "missed_doses": "one"}, "self_care"),
    # doctor soon
    ({"severity": "moderate"}, "doctor_soon"),
    ({"onset_days": 20}, "doctor_soon"),
    ({"kidney_disease": "yes"}, "doctor_soon"),
    ({"sedatives": "alcohol"}, "doctor_soon"),
    ({"symptoms": ["other"]}, "doctor_soon"),
    ({"symptoms": ["rash"]}, "doctor_soon"),
    ({"severity": SKIPPED}, "doctor_soon"),
    ({"symptoms": []}, "doctor_soon"),
    # doctor today
    ({"missed_doses": "several"}, "doctor_today"),
    ({"missed_doses": "stopped"}, "doctor_today"),
    ({"symptoms": ["mood_change"]}, "doctor_today"),
    ({"severity": "severe"}, "doctor_today"),
    ({"symptoms": ["itching", "spasms"], "route": "pump"}, "doctor_today"),
    ({"symptoms": ["drowsiness"], "severity": "moderate", "sedatives": "alcohol"}, "doctor_today"),
    ({"symptoms": ["drowsiness"], "severity": "moderate", "kidney_disease": "yes"}, "doctor_today"),
    # emergency
    ({"red_flags": ["breathing"]}, "emergency"),
    ({"symptoms": ["drowsiness"], "severity": "severe"}, "emergency"),
    ({"symptoms": ["confusion"]}, "emergency"),
    ({"symptoms": ["fever"], "missed_doses": "stopped"}, "emergency"),
    ({"symptoms": ["fever"], "route": "pump"}, "emergency"),
    ({"symptoms": ["drowsiness"], "severity": "severe", "sedatives": "opioid"}, "emergency"),
]


@pytest.mark.parametrize("changes, expected", CASES)
def test_disposition(changes, expected):
    assert level(**changes) == expected


def test_every_decision_has_reasons():
    for changes, _ in CASES:
        assert decide(Answers(**{**BASE, **changes})).reasons


BENIGN = {
    "severity": "mild",
    "missed_doses": "none",
    "sedatives": "none",
    "route": "oral",
    "kidney_disease": "no",
}
ORDER = ["self_care", "doctor_soon", "doctor_today", "emergency"]


@pytest.mark.parametrize("slot", sorted(BENIGN))
@pytest.mark.parametrize("changes, _expected", CASES)
def test_a_skipped_answer_is_never_less_cautious_than_the_benign_answer(slot, changes, _expected):
    answers = {**BASE, **changes}
    benign = decide(Answers(**{**answers, slot: BENIGN[slot]})).level
    skipped = decide(Answers(**{**answers, slot: SKIPPED})).level
    assert ORDER.index(skipped) >= ORDER.index(benign)


def test_most_urgent():
    assert most_urgent(["self_care", None, "doctor_today"]) == "doctor_today"
    assert most_urgent([None]) is None
