"""Regression cases from reviewers' disposition labels (the staff console's safety loop).

``python -m console export-labelled`` writes every labelled patient message to
``var/labelled/vignettes.yml`` (default), in the same shape as
``eval/safety_holdout/vignettes.yml``::

    vignettes:
      - {id: lab-3f2a..., category: under_triage, expect: emergency, text: "..."}

``expect`` is ``emergency`` when the reviewer's label is emergency and
``not_emergency`` for every other label (the suite judges emergencies only: a
doctor_today label checks that the message is not escalated to an emergency).
``make eval`` runs the file when it exists and reports it on its own line; a case
fails until the assistant handles the message as the reviewer said.

The file holds patient text (redacted with ``--redact``: phone numbers, e-mail
addresses and dates only). It lives under ``var/`` (not in git) on purpose; review a
redacted export by hand before copying cases into a committed suite.

    python -m eval.labelled [--path FILE] [--offline]   # --offline: detector only, no bot
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

import yaml

from clinical import red_flags as rf
from clinical import timing, turn
from clinical.analysis import analyse_message
from eval import detector_offline, safety_eval, safety_holdout
from scripts.stack import ROOT

DEFAULT_DIR = ROOT / "var" / "labelled"
FILE_NAME = "vignettes.yml"
EMERGENCY, NOT_EMERGENCY = "emergency", "not_emergency"
CATEGORY = {"under": "under_triage", "over": "over_triage", "match": "confirmed"}


def default_path() -> Path:
    return DEFAULT_DIR / FILE_NAME


def case_id(sender_id: str, message_event_id: int) -> str:
    """Stable and pseudonymous: the same label gives the same id, the sender id is not shown."""
    digest = hashlib.sha256(f"{sender_id}\x00{message_event_id}".encode("utf-8")).hexdigest()
    return "lab-" + digest[:12]


def to_vignettes(cases: Sequence[Dict[str, Any]]) -> List[Dict[str, str]]:
    """Console label records -> vignettes (records without a message are left out)."""
    out = []
    for case in cases:
        if case.get("message_event_id") is None or not case.get("text"):
            continue
        out.append(
            {
                "id": case_id(case["sender_id"], case["message_event_id"]),
                "category": CATEGORY.get(case.get("gap") or "", "labelled"),
                "expect": EMERGENCY if case["expected"] == EMERGENCY else NOT_EMERGENCY,
                "text": case["text"],
            }
        )
    return out


def write_suite(out_dir: Path, cases: Sequence[Dict[str, Any]], redacted: bool) -> Path:
    """Write ``out_dir/vignettes.yml``; returns its path. Readable by safety_holdout.load."""
    vignettes = to_vignettes(cases)
    out_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(out_dir, 0o700)  # patient text
    path = out_dir / FILE_NAME
    stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    redaction = "redacted (phone numbers, e-mail, dates only)" if redacted else "NOT redacted"
    header = (
        f"# Written by `python -m console export-labelled` at {stamp}: {len(vignettes)} "
        f"cases from reviewers' labels.\n"
        f"# Patient text, {redaction}: keep it out of git. Run by `make eval` "
        f"(eval/labelled.py).\n"
    )
    body = yaml.safe_dump({"vignettes": vignettes}, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(header + body, encoding="utf-8")
    os.chmod(path, 0o600)
    return path


def load(path: Optional[Path] = None) -> List[Dict[str, Any]]:
    return safety_holdout.load(path or default_path())


def _summary(metrics: Dict[str, Any], n: int) -> str:
    sens, spec = metrics["sensitivity"], metrics["specificity"]

    def part(name: str, m: Dict[str, Any]) -> str:
        return f"{name} {m['passed']}/{m['n']}" if m["n"] else f"{name} -"

    return f"reviewer-labelled cases ({n}): {part('emergencies caught', sens)}, " + part(
        "non-emergencies not escalated", spec
    )


def run(
    rasa_url: str,
    token: Optional[str],
    path: Optional[Path] = None,
    log: Callable[[str], None] = print,
    workers: int = 4,
) -> Dict[str, Any]:
    """Through the running bot, judged like the safety sets (eval/safety_eval.py).

    Prints case ids and outcomes only: the messages are patient text.
    """
    items = load(path)
    client = safety_eval.RasaClient(rasa_url, token, 60.0)
    client.ping()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = [
            r
            for batch in pool.map(lambda v: safety_eval.run_vignette(client, v), items)
            for r in batch
        ]
    metrics = safety_eval.compute_metrics(results)
    failing = [
        (r.id, r.expect, r.to_dict()["observed"]) for r in results if r.judged and not r.passed
    ]
    for case, expect, observed in failing:
        log(f"  labelled case {case}: expected {expect}, got {observed}")
    summary = _summary(metrics, len(items))
    log(summary)
    return {"summary": summary, "failing": failing, "passed": not failing, "metrics": metrics}


def run_offline(
    path: Optional[Path] = None,
    analyse: Optional[Callable[[str], List[rf.Mention]]] = None,
) -> List[Dict[str, Any]]:
    """The safety decision alone, no bot: one result per case.

    By default the whole decision (rules + urgency model + timing); with ``analyse``
    the rule mentions come from that function and no model is used (to show that a
    case fails for a detector that misses it).
    """
    results = []
    for case in load(path):
        text = case["text"]
        if analyse is None:
            message = analyse_message(text)
        else:
            message = turn.MessageAnalysis(
                mentions=tuple(analyse(text)), timing=timing.message_timing(text)
            )
        decision = turn.decide(turn.TurnInput(messages=[message], latest_text=text))
        level = detector_offline.LEVELS.get(decision.action)
        results.append(
            {
                "id": case["id"],
                "expect": case["expect"],
                "got": level,
                "passed": detector_offline.agrees(case["expect"], level),
            }
        )
    return results


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", type=Path, default=default_path())
    parser.add_argument("--offline", action="store_true", help="the detector alone, no bot")
    port = os.environ.get("RASA_PORT", "5005")
    parser.add_argument("--rasa-url", default=f"http://127.0.0.1:{port}")
    parser.add_argument("--token", default=os.environ.get("RASA_API_TOKEN"))
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"No labelled cases at {args.path}: run `python -m console export-labelled`.")
        return 0
    if args.offline:
        results = run_offline(args.path)
        for r in results:
            print(
                f"{'ok ' if r['passed'] else 'BAD'} {r['id']} expect {r['expect']} got {r['got']}"
            )
        failing = sum(not r["passed"] for r in results)
        print(f"{len(results) - failing}/{len(results)} labelled cases pass (detector only)")
        return 1 if failing else 0
    return 0 if run(args.rasa_url, args.token, args.path)["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
