"""What the red-flag check costs per turn (target: at most 10 ms at p95).

Times SafetyPolicy.predict_action_probabilities, the whole per-turn safety check as
the Rasa server runs it, on real trackers: every message of the safety vignette suite
arrives as a NEW message (not cached) at the end of a conversation that already has
HISTORY earlier turns. Prints p50 / p95 / max in milliseconds.

    python -m eval.bench_red_flags [--history 8] [--rounds 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> List[str]:
    data = yaml.safe_load((ROOT / "eval" / "safety" / "vignettes.yml").read_text())
    items = data["vignettes"] if isinstance(data, dict) else data
    return [item["text"] for item in items]


def measure(history: int = 8, rounds: int = 2) -> Dict[str, float]:
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from clinical import red_flags
    from rasa_ext.safety_policy import SafetyPolicy

    domain = Domain.load(str(ROOT / "domain.yml"))
    policy = SafetyPolicy(
        SafetyPolicy.get_default_config(),
        LocalModelStorage(Path(tempfile.mkdtemp())),
        Resource("bench"),
        ExecutionContext(GraphSchema({}), "bench"),
    )
    texts = _texts()
    earlier = [
        "I feel dizzy since starting baclofen",
        "mild",
        "about 3 days ago",
        "yes",
        "no missed doses",
        "a glass of wine",
        "by mouth",
        "no",
        "thanks",
    ]
    red_flags.get_detector()  # load spaCy once, as the server does at start-up
    samples: List[float] = []
    for round_number in range(rounds):
        for index, text in enumerate(texts):
            red_flags._analyse_cached.cache_clear() if round_number else None
            events = [ActionExecuted("action_listen")]
            for turn in earlier[:history]:
                events += [
                    UserUttered(turn, {"name": "inform", "confidence": 0.9}),
                    BotUttered("ok"),
                    ActionExecuted("action_listen"),
                ]
            events.append(
                UserUttered(
                    f"{text} ({round_number}-{index})", {"name": "inform", "confidence": 0.9}
                )
            )
            tracker = DialogueStateTracker.from_events("bench", events, slots=domain.slots)
            start = time.perf_counter()
            policy.predict_action_probabilities(tracker, domain)
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "n": len(samples),
        "p50_ms": statistics.median(samples),
        "p95_ms": samples[int(0.95 * (len(samples) - 1))],
        "max_ms": samples[-1],
        "history": history,
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--history", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--max-p95-ms", type=float, default=10.0)
    args = parser.parse_args(argv)
    result = measure(args.history, args.rounds)
    print(
        f"red-flag check per turn: p50 {result['p50_ms']:.2f} ms, p95 {result['p95_ms']:.2f} "
        f"ms, max {result['max_ms']:.2f} ms over {result['n']} turns "
        f"({result['history']} earlier turns each; target p95 <= {args.max_p95_ms} ms)"
    )
    return 0 if result["p95_ms"] <= args.max_p95_ms else 1


if __name__ == "__main__":
    sys.exit(main())
