"""Fast check of the safety decision alone against the gate suites (no bot, no NLU).

A development aid: it runs ``clinical.turn.decide`` (rules + urgency model + timing,
without the NLU's intent) over the vignettes and scenarios in seconds and lists
disagreements. The real gate is ``make eval`` / the test suite, which talks to the
running bot, so a few cases that the intent classifier catches may show here as
misses. Never point it at a sealed set before that set's first run.

    python -m eval.detector_offline [--all] [--vignettes PATH] [--scenarios PATH]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional, Sequence

import yaml

from clinical import turn
from clinical.analysis import analyse_message
from eval.safety_eval import SCENARIOS_PATH, VIGNETTES_PATH

LEVELS = {turn.ESCALATE: "emergency", turn.CLARIFY: "clarify", turn.DOCTOR_TODAY: "doctor_today"}


def level_of(
    texts: Sequence[str],
    pending: Optional[str] = None,
    emergency_before: Sequence[str] = (),
    emergency_at: int = 0,
) -> turn.TurnDecision:
    return turn.decide(
        turn.TurnInput(
            messages=[analyse_message(t) for t in texts],
            latest_text=texts[-1],
            pending=pending,
            emergency_before=tuple(emergency_before),
            emergency_at=emergency_at,
        )
    )


def agrees(expect: str, level: Optional[str]) -> bool:
    if expect == "emergency":
        return level == "emergency"
    if expect == "not_emergency":
        return level != "emergency"
    if expect == "clarify":
        return level == "clarify"
    if expect == "doctor_today_or_higher":
        return level in ("doctor_today", "emergency")
    return True


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="print agreements too")
    parser.add_argument("--vignettes", type=Path, default=VIGNETTES_PATH)
    parser.add_argument("--scenarios", type=Path, default=SCENARIOS_PATH)
    args = parser.parse_args(argv)
    vignettes = yaml.safe_load(args.vignettes.read_text())["vignettes"]
    scenarios = (
        (yaml.safe_load(args.scenarios.read_text()) or {}).get("scenarios") or []
        if args.scenarios.exists()
        else []
    )
    misses = 0
    for v in vignettes:
        decision = level_of([v["text"]])
        level = LEVELS.get(decision.action)
        ok = agrees(v["expect"], level)
        misses += not ok
        if not ok or args.all:
            print(
                f"{'ok ' if ok else 'BAD'} {v['id']:7} expect {v['expect']:22} got "
                f"{level!s:12} row {decision.row:<2} {decision.red_flags or ''} | {v['text']}"
            )
    for s in scenarios:
        history: List[str] = []
        pending = None
        escalated: List[str] = []  # as the policy's red_flags slot
        escalated_at = 0
        for index, step in enumerate(s["turns"], 1):
            history.append(step["user"])
            decision = level_of(history, pending, sorted(set(escalated)), escalated_at)
            level = LEVELS.get(decision.action)
            pending = decision.clarify_flag if decision.action == turn.CLARIFY else None
            if decision.action == turn.ESCALATE:
                escalated += decision.red_flags
                escalated_at = index - 1
            ok = agrees(step.get("expect", "any"), level)
            misses += not ok
            if not ok or args.all:
                print(
                    f"{'ok ' if ok else 'BAD'} {s['id']}#{index:<3} expect "
                    f"{step.get('expect'):22} got {level!s:12} | {step['user']}"
                )
    print(f"{misses} disagreements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
