"""Second safety set: 150 messages written after the detector was tuned on eval/safety/.

History (keep it honest): helper-5 wrote eval/safety_holdout/vignettes.yml from the
clinical brief only, and its FIRST, untouched run on 2026-11-23 gave sensitivity 82.9%
(63/76) and specificity 91.9% (68/74). Its misses were then used to fix the detector
(generalised patterns, not copied strings), so it is no longer held out: it is now a
second regression gate (100% sensitivity, >= 95% specificity in `make test`). The next
honest generalisation figure needs a NEW set that nobody tunes on.

    python -m eval.safety_holdout --rasa-url http://127.0.0.1:5005 --token TOKEN
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

import yaml

from eval.safety_eval import RasaClient, compute_metrics, run_vignette

HOLDOUT = Path(__file__).resolve().parent / "safety_holdout" / "vignettes.yml"
LABELS = {"emergency", "not_emergency"}


def load(path: Path = HOLDOUT) -> List[Dict[str, Any]]:
    """The held-out vignettes, checked for unique ids and known labels."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["vignettes"]
    ids = [item["id"] for item in items]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate ids in the held-out set")
    bad = [
        item["id"]
        for item in items
        if item.get("expect") not in LABELS or not str(item.get("text", "")).strip()
    ]
    if bad:
        raise ValueError(f"invalid held-out vignettes: {bad}")
    return items


def run(
    rasa_url: str,
    token: Optional[str],
    path: Path = HOLDOUT,
    workers: int = 4,
    log: Callable[[str], None] = print,
) -> Dict[str, Any]:
    items = load(path)
    client = RasaClient(rasa_url, token, 60.0)
    client.ping()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = [r for batch in pool.map(lambda v: run_vignette(client, v), items) for r in batch]
    metrics = compute_metrics(results)
    sens, spec = metrics["sensitivity"], metrics["specificity"]
    misses = [r.to_dict() for r in results if r.judged and not r.passed]
    for miss in misses:
        log(
            f"  second-set miss {miss.get('id')}: expected {miss.get('expect')}, got "
            f"{miss.get('observed')}: "
            f"{miss.get('text')}"
        )
    summary = (
        f"second safety set ({len(items)} messages): sensitivity "
        f"{sens['rate'] * 100:.1f}% ({sens['passed']}/{sens['n']}), specificity "
        f"{spec['rate'] * 100:.1f}% ({spec['passed']}/{spec['n']})"
    )
    log(summary)
    passed = sens["rate"] == 1.0 and (spec["rate"] or 0) >= 0.95
    return {"summary": summary, "metrics": metrics, "misses": misses, "passed": passed}


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    port = os.environ.get("RASA_PORT", "5005")
    parser.add_argument("--rasa-url", default=f"http://127.0.0.1:{port}")
    parser.add_argument("--token", default=os.environ.get("RASA_API_TOKEN"))
    args = parser.parse_args(argv)
    run(args.rasa_url, args.token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
