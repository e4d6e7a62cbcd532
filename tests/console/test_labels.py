"""Disposition labels: under-/over-triage, the review queue, audit, export-labelled and
the round trip from a reviewer's label to a regression case (SQLite + PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from console_helpers import (
    DOCTOR_TODAY_TURNS,
    EMERGENCY_TURNS,
    ROOT,
    SELF_CARE_TURNS,
    VIEWER,
    csrf_from,
    save_conversation,
)

from clinical import red_flags as rf
from console.config import Settings
from console.store import Store
from console.transcripts import Filters
from eval import labelled, safety_holdout
from storage import tables

NOW = time.time()
MISSED = "I took my baclofen and now I can't breathe properly, my lips are going blue"


def _store(url: str) -> Store:
    base = Settings.from_env()
    store = Store(Settings(**{**base.__dict__, "tracker_db_url": url, "console_db_url": url}))
    store.init()
    return store


def _user_event_ids(console: Store, sender: str):
    _, turns, _ = console.conversation(sender)
    return [t.user_event_id for t in turns if t.user_text is not None]


def _missed_turns(text: str = MISSED):
    """The assistant gave self-care advice to a message that needed an emergency."""
    return [
        {
            "text": text,
            "slots": {"disposition": "self_care"},
            "replies": [{"text": "Rest and drink water.", "custom": {"disposition": "self_care"}}],
        }
    ]


@pytest.fixture
def seeded(store, db_url):
    save_conversation(store, "missed", _missed_turns(), start_ts=NOW - 900)
    save_conversation(store, "emergency", EMERGENCY_TURNS, start_ts=NOW - 600)
    save_conversation(store, "today", DOCTOR_TODAY_TURNS, start_ts=NOW - 300)
    save_conversation(store, "mild", SELF_CARE_TURNS, start_ts=NOW - 100)
    return _store(db_url)


def test_under_triage_goes_first_in_the_queue(seeded):
    queue = seeded.listing(Filters(), 1, 25, escalations=True)
    assert [s.sender_id for s in queue.items] == ["emergency", "today"]  # not "missed" yet
    with pytest.raises(ValueError, match="patient message"):
        seeded.set_label("missed", "kim", "emergency", None)  # wrong: which message?
    (message,) = _user_event_ids(seeded, "missed")
    assert seeded.set_label("missed", "kim", "emergency", message) == "under"
    queue = seeded.listing(Filters(), 1, 25, escalations=True)
    assert [s.sender_id for s in queue.items] == ["missed", "emergency", "today"]
    first = queue.items[0]
    assert (first.label, first.label_gap, first.disposition) == ("emergency", "under", "self_care")
    # reviewing it does not push it below the unlabelled emergencies: under-triage first
    seeded.set_review("missed", "kim", True, None)
    queue = seeded.listing(Filters(), 1, 25, escalations=True)
    assert queue.items[0].sender_id == "missed"


def test_over_triage_match_and_filters(seeded):
    (today_msg,) = _user_event_ids(seeded, "today")
    assert seeded.set_label("today", "kim", "self_care", today_msg) == "over"
    assert seeded.set_label("emergency", "kim", "emergency", None) == "match"  # no message needed
    assert seeded.set_label("mild", "kim", "not_triage", _user_event_ids(seeded, "mild")[0]) == (
        "over"
    )
    by = {
        gap: {s.sender_id for s in seeded.listing(Filters(triage=gap), 1, 25, False).items}
        for gap in ("under", "over", "match", "labelled", "unlabelled")
    }
    assert by == {
        "under": set(),
        "over": {"today", "mild"},
        "match": {"emergency"},
        "labelled": {"today", "mild", "emergency"},
        "unlabelled": {"missed"},
    }


def test_message_must_be_a_patient_message_of_that_conversation(seeded):
    (other,) = _user_event_ids(seeded, "mild")
    with pytest.raises(ValueError, match="not a patient message"):
        seeded.set_label("missed", "kim", "emergency", other)
    _, turns, _ = seeded.conversation("missed")
    bot_event = turns[0].bot_event_ids[0]
    with pytest.raises(ValueError, match="not a patient message"):
        seeded.set_label("missed", "kim", "emergency", bot_event)
    with pytest.raises(ValueError, match="Unknown"):
        seeded.set_label("missed", "kim", "panic", None)


def test_labels_are_audited_without_text_and_deleted_with_the_conversation(seeded, store):
    (message,) = _user_event_ids(seeded, "missed")
    seeded.set_label("missed", "kim", "emergency", message)
    seeded.remove_label("missed", "kim")
    seeded.set_label("missed", "kim", "doctor_today", message)
    items, _ = seeded.audit_page(1)
    label_rows = [i for i in items if i["action"].startswith("label_")]
    assert [i["action"] for i in label_rows] == ["label_set", "label_remove", "label_set"]
    assert label_rows[0]["detail"] == {
        "expected": "doctor_today",
        "assistant": "self_care",
        "gap": "under",
        "message_event_id": message,
    }
    assert "breathe" not in json.dumps(items)
    store.delete_conversation("missed", reason="patient_request")
    with seeded.console_engine.connect() as conn:
        assert conn.execute(sa.select(tables.labels)).fetchall() == []


def _export(db_url: str, out: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {
        "TRACKER_DB_URL": db_url,
        "CONSOLE_DB_URL": db_url,
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
    }
    return subprocess.run(
        [sys.executable, "-m", "console", "export-labelled", "--out", str(out), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_export_labelled_writes_the_safety_set_format(seeded, store, db_url, tmp_path):
    phone = "call me on 555-123-4567"
    save_conversation(store, "phone", _missed_turns(phone))
    seeded.set_label("missed", "kim", "emergency", _user_event_ids(seeded, "missed")[0])
    seeded.set_label("phone", "kim", "doctor_today", _user_event_ids(seeded, "phone")[0])
    seeded.set_label("emergency", "kim", "emergency", None)  # no message: left out
    result = _export(db_url, tmp_path / "plain")
    assert result.returncode == 0, result.stderr
    assert "Wrote 2 labelled case(s)" in result.stdout and "1 label(s) without" in result.stdout
    path = tmp_path / "plain" / "vignettes.yml"
    cases = safety_holdout.load(path)  # the format `make eval` reads
    assert {c["expect"] for c in cases} == {"emergency", "not_emergency"}
    by_text = {c["text"]: c for c in cases}
    assert by_text[MISSED]["expect"] == "emergency"
    assert by_text[MISSED]["category"] == "under_triage"
    assert set(by_text[MISSED]) == {"id", "category", "expect", "text"}
    raw = path.read_text()
    assert "missed" not in raw.replace("under_triage", "")  # conversation ids stay out
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    # the same export again gives the same ids
    again = safety_holdout.load(_export_path(db_url, tmp_path / "again"))
    assert [c["id"] for c in again] == [c["id"] for c in cases]
    redacted = safety_holdout.load(_export_path(db_url, tmp_path / "red", "--redact"))
    texts = [c["text"] for c in redacted]
    assert not any("555-123-4567" in t for t in texts) and any("[PHONE]" in t for t in texts)


def _export_path(db_url: str, out: Path, *extra: str) -> Path:
    result = _export(db_url, out, *extra)
    assert result.returncode == 0, result.stderr
    return out / "vignettes.yml"


def without(code: str):
    """A detector variant that cannot see one red flag (to show a case can fail)."""

    def analyse(text: str):
        return [m for m in rf.analyse(text) if m.code != code]

    return analyse


def test_round_trip_label_export_regression_case(console, staff, tmp_path):
    """A reviewer labels a missed emergency in the console; the export turns it into a
    case that fails with a detector that misses it, and passes with the real one."""
    sender = f"roundtrip-{time.time_ns()}"
    save_conversation(console.store, sender, _missed_turns())
    page = staff.get(console.base + "/conversation?id=" + sender)
    assert page.status_code == 200 and "Disposition label" in page.text
    message = staff.get(console.base + "/api/conversation?id=" + sender).json()["turns"][0][
        "user_event_id"
    ]
    assert f'value="{message}"' in page.text  # the message is offered in the label form
    resp = staff.post(
        console.base + "/conversation/label",
        data={
            "csrf_token": csrf_from(page.text),
            "id": sender,
            "expected": "emergency",
            "message_event_id": str(message),
        },
        allow_redirects=False,
    )
    assert resp.status_code == 303
    queue = staff.get(console.base + "/api/conversations?escalations=1").json()
    first = queue["conversations"][0]
    assert (first["sender_id"], first["label_gap"]) == (sender, "under")

    path = _export_path(console.env["TRACKER_DB_URL"], tmp_path / "labelled")
    case = next(c for c in labelled.load(path) if c["text"] == MISSED)
    assert case["expect"] == "emergency"
    flags = {m.code for m in rf.analyse(MISSED) if not m.negated}
    assert "breathing" in flags, flags
    blind = {r["id"]: r for r in labelled.run_offline(path, analyse=without("breathing"))}
    assert blind[case["id"]]["passed"] is False  # the regression case catches the miss
    fixed = {r["id"]: r for r in labelled.run_offline(path)}
    assert fixed[case["id"]] == {**fixed[case["id"]], "passed": True, "got": "emergency"}


def test_staff_and_admin_may_label_viewer_may_only_read(console, staff, admin):
    sender = f"roles-{time.time_ns()}"
    save_conversation(console.store, sender, SELF_CARE_TURNS)
    viewer = console.login(*VIEWER)
    assert viewer.last_login_response.status_code == 303
    page = viewer.get(console.base + "/conversation?id=" + sender)
    assert page.status_code == 200 and "Disposition label" not in page.text
    assert "read-only" in page.text or "can read conversations but not change" in page.text
    token = csrf_from(page.text)
    for path, data in (
        ("/conversation/label", {"expected": "emergency"}),
        ("/conversation/review", {"reviewed": "1"}),
        ("/conversation/tag", {"tag": "x"}),
        ("/conversation/note", {"body": "x"}),
    ):
        resp = viewer.post(
            console.base + path,
            data={"csrf_token": token, "id": sender, **data},
            allow_redirects=False,
        )
        assert resp.status_code == 403, path
    assert viewer.get(console.base + "/export?format=csv").status_code == 403
    assert viewer.get(
        console.base + f"/conversation/export?id={sender}&format=csv"
    ).status_code == (403)
    assert viewer.get(console.base + "/dashboard").status_code == 200
    assert viewer.get(console.base + "/api/conversations").status_code == 200
    state = viewer.get(console.base + "/api/conversation?id=" + sender).json()["review"]
    assert state["label"] is None and state["tags"] == [] and not state["reviewed"]
    for session in (staff, admin):
        page = session.get(console.base + "/conversation?id=" + sender)
        resp = session.post(
            console.base + "/conversation/label",
            data={"csrf_token": csrf_from(page.text), "id": sender, "expected": "self_care"},
            allow_redirects=False,
        )
        assert resp.status_code == 303
    state = staff.get(console.base + "/api/conversation?id=" + sender).json()["review"]
    assert state["label"]["expected"] == "self_care" and state["label"]["gap"] == "match"
