"""Free-text answers to the triage questions."""

import datetime as dt

import pytest

from clinical import parsing


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mild", "mild"),
        ("just a bit", "mild"),
        ("not too bad", "mild"),
        ("2/10", "mild"),
        ("moderate", "moderate"),
        ("pretty bad", "moderate"),
        ("5 out of 10", "moderate"),
        ("severe", "severe"),
        ("really bad", "severe"),
        ("8", "severe"),
        ("unbearable", "severe"),
        ("Terrible!!", "severe"),
        ("purple", None),
    ],
)
def test_severity(text, expected):
    assert parsing.parse_severity(text) == expected


TUESDAY = dt.date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    "text, days",
    [
        ("today", 0),
        ("this morning", 0),
        ("yesterday", 1),
        ("3 days ago", 3),
        ("about a week", 7),
        ("a couple of weeks", 14),
        ("more than 2 weeks ago", 15),
        ("since tuesday", 2),
        ("since Thursday", 7),
        ("2 months", 60),
        ("ages", 60),
        ("a few days ago", 3),
    ],
)
def test_onset(text, days):
    label, parsed_days = parsing.parse_onset(text, today=TUESDAY)
    assert parsed_days == days and label


def test_onset_without_a_time_is_none():
    assert parsing.parse_onset("it's bad") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("no missed doses", "none"),
        ("taking it as usual", "none"),
        ("missed one dose", "one"),
        ("missed several doses", "several"),
        ("I forgot 3 doses", "several"),
        ("I stopped taking it", "stopped"),
        ("ran out on monday", "stopped"),
        ("not sure", parsing.SKIPPED),
        ("no", "none"),
    ],
)
def test_missed_doses(text, expected):
    assert parsing.parse_missed_doses(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("no", "none"),
        ("a couple of beers", "alcohol"),
        ("wine last night", "alcohol"),
        ("tramadol and a glass of wine", "alcohol,opioid"),
        ("diazepam", "benzodiazepine"),
        ("other sedating medicines", "other"),
        ("skip", parsing.SKIPPED),
        ("no alcohol", "none"),
    ],
)
def test_sedatives(text, expected):
    assert parsing.parse_sedatives(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("by mouth", "oral"),
        ("tablets", "oral"),
        ("the liquid", "oral"),
        ("pump", "pump"),
        ("I have an intrathecal pump", "pump"),
        ("banana", None),
    ],
)
def test_route(text, expected):
    assert parsing.parse_route(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("yes", "yes"),
        ("I'm on dialysis", "yes"),
        ("no", "no"),
        ("not sure", parsing.SKIPPED),
        ("my kidneys are fine", "no"),
    ],
)
def test_kidney(text, expected):
    assert parsing.parse_kidney(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("drowsiness", ["drowsiness"]),
        ("I'm dizzy and feel sick", ["dizziness", "nausea"]),
        ("not dizzy, just tired", ["tiredness"]),
        ("something else", ["other"]),
        ("skip", None),
    ],
)
def test_symptoms(text, expected):
    assert parsing.parse_symptoms(text) == expected
