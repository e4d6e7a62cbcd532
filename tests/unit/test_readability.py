"""Every patient-facing response is plain: Flesch-Kincaid grade <= 9 (aim 6-8) and the
first message of an answer at most 70 words (eval/readability.py prints the table)."""

from __future__ import annotations

import pytest

from clinical.settings import DEFAULT_CRISIS_LINE, DEFAULT_EMERGENCY_NUMBER
from eval import readability as r

ROWS = r.rows()


def test_every_response_is_measured():
    names = {row.name.split("[")[0] for row in ROWS}
    assert len(ROWS) >= 90
    assert {"utter_seek_care_now", "utter_faq/stopping", r.MORE_RESPONSE} <= names


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_grade_at_most_9(row):
    assert row.grade <= r.MAX_GRADE, f"{row.name}: grade {row.grade:.1f}: {row.text}"


@pytest.mark.parametrize("row", [x for x in ROWS if not x.more_part], ids=lambda row: row.name)
def test_first_message_at_most_70_words(row):
    assert row.words <= r.MAX_FIRST_MESSAGE_WORDS, f"{row.name}: {row.words} words"


def test_texts_are_measured_as_patients_read_them():
    text = r.render("Call {emergency_number} or {crisis_line}; ask {human_contact}. {reasons}")
    assert "{" not in text
    assert DEFAULT_EMERGENCY_NUMBER in text and DEFAULT_CRISIS_LINE in text


def test_the_check_can_fail():
    hard = (
        "Concomitant administration of centrally acting depressants potentiates "
        "respiratory depression, necessitating pharmacological consultation."
    )
    row = r.Row("x", hard, r.grade(hard), r.words(hard), more_part=False)
    assert row.problems and row.grade > r.MAX_GRADE
    long = r.Row("y", "word " * 71, 1.0, 71, more_part=False)
    assert long.problems == ["71 words > 70"]
    assert not r.Row("z", "word " * 71, 1.0, 71, more_part=True).problems


def test_command_line_summary(capsys):
    assert r.main(["--quiet"]) == 0
    out = capsys.readouterr().out
    assert "readability:" in out and "0 above 9" in out
