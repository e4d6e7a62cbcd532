"""Fast check of the red-flag detector alone against the safety suite (no bot).

A development aid for tuning clinical/lexicon.py and clinical/red_flags.py: it runs
``analyse`` + ``assess`` over the vignettes and scenarios in a few seconds and lists
disagreements. It ignores the NLU (the real gate is ``make eval`` / the test suite,
which talks to the running bot), so a few cases that the classifier catches may show
here as misses.

    python -m eval.detector_offline [--all]
"""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional, Sequence

import yaml

from clinical import red_flags as rf
from eval.safety_eval import SCENARIOS_PATH, VIGNETTES_PATH


def outcome(history: List[List[rf.Mention]]) -> tuple:
    assessment = rf.assess(history)
    return assessment.level, assessment


def agrees(expect: str, level: Optional[str]) -> bool:
    if expect == "any":
        return True
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
    args = parser.parse_args(argv)
    vignettes = yaml.safe_load(open(VIGNETTES_PATH))["vignettes"]
    scenarios = yaml.safe_load(open(SCENARIOS_PATH))["scenarios"]
    misses = 0
    for v in vignettes:
        level, a = outcome([rf.analyse(v["text"])])
        ok = agrees(v["expect"], level)
        misses += not ok
        if not ok or args.all:
            print(f"{'ok ' if ok else 'BAD'} {v['id']:7} expect {v['expect']:22} got "
                  f"{level!s:12} {a.red_flags or a.clarify_flag or ''} | {v['text']}")
    for s in scenarios:
        history: List[List[rf.Mention]] = []
        pending = None
        for index, turn in enumerate(s["turns"], 1):
            history.append(rf.analyse(turn["user"]))
            level, a = outcome(history)
            if pending and level != "emergency" and rf.yes_no(turn["user"]) is True:
                level = "emergency"
            pending = a.clarify_flag if level == "clarify" else None
            ok = agrees(turn.get("expect", "any"), level)
            misses += not ok
            if not ok or args.all:
                print(f"{'ok ' if ok else 'BAD'} {s['id']}#{index:<3} expect "
                      f"{turn.get('expect'):22} got {level!s:12} | {turn['user']}")
    print(f"{misses} disagreements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
