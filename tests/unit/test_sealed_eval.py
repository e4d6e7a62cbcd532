"""The sealed-set runner's judging and the sets' integrity (no bot needed)."""

import hashlib
from pathlib import Path

import pytest

from eval import sealed_eval as se

ROOT = Path(__file__).resolve().parents[2]


def turn(replies=(), actions=(), slots=None):
    return se.Turn(replies=list(replies), actions=list(actions), slots=dict(slots or {}))


@pytest.mark.parametrize(
    "t, expected",
    [
        (turn([{"text": "Seek care now.", "custom": {"disposition": "emergency"}}]), "escalated"),
        (turn([{"text": "Seek care now."}]), "other"),  # text alone is not the contract
        (turn(slots={"pending_red_flag": "breathing"}), "clarify"),
        (turn(actions=["utter_red_flag_watch"]), "reassured"),
        (turn(actions=["action_start_triage", "side_effect_form"]), "triage_form"),
        (turn([{"custom": {"disposition": "doctor_today"}}]), "doctor_today"),
        (turn(actions=["utter_faq"]), "faq"),
        (turn(), "other"),
        (se.Turn(error="Timeout"), "other"),
    ],
)
def test_outcomes(t, expected):
    assert se.classify(t) == expected


def test_figures_count_each_outcome():
    result = {
        "set": "x",
        "seconds": 1,
        "turns": [],
        "singles": [
            {
                "id": "1",
                "category": "c",
                "length": "short",
                "expect": "emergency",
                "outcome": "escalated",
            },
            {
                "id": "2",
                "category": "c",
                "length": "narrative",
                "expect": "emergency",
                "outcome": "clarify",
            },
            {
                "id": "3",
                "category": "c",
                "length": "short",
                "expect": "not_emergency",
                "outcome": "escalated",
            },
            {
                "id": "4",
                "category": "c",
                "length": "short",
                "expect": "not_emergency",
                "outcome": "clarify",
            },
        ],
    }
    fig = se.figures(result)
    assert (fig["escalated_at_once"], fig["at_least_clarify"], fig["no_false_alarm"]) == (1, 2, 1)
    assert fig["by_length"]["narrative/emergency"] == {"n": 1, "ok": 0}
    assert "escalated at once" in se.format_figures(fig)


def test_sealed_sets_are_unchanged_since_they_were_committed():
    for name, info in se.registry().items():
        path = ROOT / "eval" / "sealed" / name
        assert info["status"] in ("sealed", "opened", "gate")
        if info["status"] in ("sealed", "opened"):
            assert hashlib.sha256(path.read_bytes()).hexdigest() == info["sha256"], name
        se.load(path)  # valid ids and labels


@pytest.mark.parametrize("name", list(se.gate_sets()))
def test_gate_sets_pass_the_pure_decision(name):
    """The same gates on the pure decision alone (rules + urgency model + timing, no NLU):
    a fast check that catches a detector regression before the bot runs."""
    from clinical import turn
    from clinical.analysis import analyse_message

    data = se.load(ROOT / "eval" / "sealed" / name)
    urgent = escalated = benign = alarms = 0
    for item in data["vignettes"]:
        decision = turn.decide(
            turn.TurnInput(messages=[analyse_message(item["text"])], latest_text=item["text"])
        )
        hit = decision.action == turn.ESCALATE
        if item["expect"] == se.EMERGENCY:
            urgent, escalated = urgent + 1, escalated + hit
        else:
            benign, alarms = benign + 1, alarms + hit
    assert se.meets_gate(se.gate_sets()[name], escalated / urgent, 1 - alarms / benign), (
        escalated,
        urgent,
        alarms,
        benign,
    )


def test_a_gate_set_must_reach_its_recorded_minimums():
    info = {"status": "gate", "gate": {"escalated_at_once": 0.99, "specificity": 0.95}}
    assert se.meets_gate(info, 0.99, 0.95)
    assert not se.meets_gate(info, 0.98, 1.0)
    assert not se.meets_gate(info, 1.0, 0.94)
    assert not se.meets_gate({"status": "gate"}, 0.94, 1.0)  # 95% / 95% by default
    assert not se.meets_gate(info, None, None)
    assert list(
        se.gate_sets({"a": info, "b": {"status": "sealed"}, "c": {"status": "opened"}})
    ) == ["a"]
