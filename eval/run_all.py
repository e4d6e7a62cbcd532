"""`make eval`: every accuracy and speed figure the README quotes, in one run.

1. NLU: intent precision / recall / F1 on the held-out set (gate: F1 >= 0.90).
2. Safety: vignettes + multi-turn scenarios through the real bot over REST
   (gates: emergency sensitivity 100%, non-urgent specificity >= 95%), and the
   second safety set (eval/safety_holdout, same gates; see its module docstring).
3. Cost: red-flag check per turn (gate: p95 <= 10 ms).
4. Readability: Flesch-Kincaid grade and words of every response (eval/readability.py;
   gates: grade <= 9, first message of an answer <= 70 words).
5. Reviewer-labelled cases, when var/labelled/vignettes.yml exists (written by
   `python -m console export-labelled`): reported on their own line; every case must
   pass (they are regressions found by staff). Case ids only, never their text.
6. Learned urgency classifier: leave-one-family-out table and cross-validation on its
   corpus (eval/urgency_lofo.py; printed, no gate).

Uses the bot at RASA_URL if one answers there (with RASA_API_TOKEN); otherwise starts
its own (trained model, throwaway tracker store, free ports) and stops it afterwards.
Reports go to results/.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import requests

from eval import (
    bench_red_flags,
    labelled,
    nlu_eval,
    readability,
    safety_eval,
    safety_holdout,
    sealed_eval,
    urgency_lofo,
)
from scripts.stack import ROOT, Stack, free_port

RESULTS = ROOT / "results"


def _running_bot() -> tuple[str, str] | None:
    url, token = os.environ.get("RASA_URL"), os.environ.get("RASA_API_TOKEN")
    if not url or not token:
        return None
    try:
        requests.get(f"{url}/status", params={"token": token}, timeout=5).raise_for_status()
        return url, token
    except requests.RequestException:
        return None


def evaluate(rasa_url: str, token: str) -> int:
    RESULTS.mkdir(exist_ok=True)
    failures = []
    print("\n=== NLU: held-out intent classification ===", flush=True)
    nlu = nlu_eval.run(rasa_url, token)
    print(nlu["report"])
    f1 = nlu["weighted"]["f1"]
    (RESULTS / "nlu_report.json").write_text(
        json.dumps({k: v for k, v in nlu.items() if k != "report"}, indent=2)
    )
    print(f"nlu: overall weighted F1 {f1:.3f} on {nlu['n']} held-out examples (gate 0.90)")
    if f1 < 0.90:
        failures.append("NLU F1 below 0.90")

    print("\n=== Safety: vignettes and scenarios over REST ===", flush=True)
    safety = safety_eval.run(rasa_url, token, report_path=RESULTS / "safety_report.json", log=print)
    if not safety["passed"]:
        failures.append("safety gates: " + "; ".join(safety["failed_gates"]))

    holdout_summary = ""
    if safety_holdout.HOLDOUT.exists():
        print("\n=== Safety: second set (150 messages, gated like the first) ===", flush=True)
        holdout = safety_holdout.run(rasa_url, token)
        if not holdout["passed"]:
            failures.append("second safety set below 100% sensitivity / 95% specificity")
        holdout_summary = " | " + holdout["summary"]
        (RESULTS / "safety_holdout_report.json").write_text(
            json.dumps({"metrics": holdout["metrics"], "misses": holdout["misses"]}, indent=2)
        )

    print("\n=== Sealed sets (written from the brief only; see eval/sealed/) ===", flush=True)
    sets = sealed_eval.registry()
    print("First runs, before anyone looked at the set (a measure of unseen phrasing):")
    print(sealed_eval.format_first_runs(sets))
    for name, info in sealed_eval.gate_sets(sets).items():
        print(f"\n{name} as a regression gate (tuned on after its first run):", flush=True)
        gate = sealed_eval.figures(
            sealed_eval.run(ROOT / "eval" / "sealed" / name, rasa_url, token)
        )
        print(sealed_eval.format_figures(gate))
        if not sealed_eval.meets_gate(info, gate["sensitivity_at_once"], gate["specificity"]):
            failures.append(f"{name} below its gate")
    labelled_summary = ""
    if labelled.default_path().exists():
        print("\n=== Safety: cases labelled by reviewers (console export-labelled) ===", flush=True)
        reviewed = labelled.run(rasa_url, token)
        labelled_summary = " | " + reviewed["summary"]
        (RESULTS / "labelled_report.json").write_text(
            json.dumps({"metrics": reviewed["metrics"], "failing": reviewed["failing"]}, indent=2)
        )
        if not reviewed["passed"]:
            failures.append(f"{len(reviewed['failing'])} reviewer-labelled case(s) fail")

    print("\n=== Cost: red-flag check per turn ===", flush=True)
    bench = bench_red_flags.measure()
    print(
        f"red-flag check per turn: p50 {bench['p50_ms']:.2f} ms, p95 {bench['p95_ms']:.2f} "
        f"ms, max {bench['max_ms']:.2f} ms over {bench['n']} turns (gate p95 <= 10 ms)"
    )
    (RESULTS / "bench_red_flags.json").write_text(json.dumps(bench, indent=2))
    if bench["p95_ms"] > 10:
        failures.append("red-flag check p95 above 10 ms")

    print("\n=== Readability: every patient-facing response ===", flush=True)
    measured = readability.rows()
    print(readability.table(measured))
    reading = readability.summary(measured)
    print(readability.summary_line(reading))
    (RESULTS / "readability.json").write_text(
        json.dumps(
            {
                "summary": reading,
                "responses": [
                    {"name": r.name, "grade": r.grade, "words": r.words, "more_part": r.more_part}
                    for r in measured
                ],
            },
            indent=2,
        )
    )
    if any(r.problems for r in measured):
        failures.append(
            "readability: "
            + "; ".join(f"{r.name} ({', '.join(r.problems)})" for r in measured if r.problems)
        )

    # urgency classifier (helper "urgency"): leave-one-family-out on its own corpus
    print("\n=== Urgency classifier: leave-one-family-out (corpus, no gate) ===", flush=True)
    lofo = urgency_lofo.run()
    (RESULTS / "urgency_lofo.json").write_text(json.dumps(lofo, indent=2))
    lofo_summary = " | " + lofo["summary"]

    print("\n=== Summary ===")
    print(
        f"NLU weighted F1 {f1:.3f} | {safety['summary']} | red-flag p95 "
        f"{bench['p95_ms']:.2f} ms{holdout_summary}{labelled_summary} | FK grade median "
        f"{reading['median_grade']:.1f}, max {reading['max_grade']:.1f}{lofo_summary}"
    )
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


def main() -> int:
    running = _running_bot()
    if running:
        return evaluate(*running)
    print("No running bot at RASA_URL: starting one for the evaluation...", flush=True)
    db = Path(tempfile.mkdtemp()) / "eval-tracker.db"
    stack = Stack(
        rasa_port=free_port(),
        action_port=free_port(),
        tracker_db_url=f"sqlite:///{db}",
        with_widget=False,
        with_console=False,
        log_dir=ROOT / "var" / "logs" / "eval",
    )
    with stack:
        return evaluate(stack.rasa_url, stack.token)


if __name__ == "__main__":
    sys.exit(main())
