"""Intent precision / recall / F1 on the held-out NLU test set.

The held-out file (tests/nlu/holdout.yml) is never used in training. Each example is
sent to the running Rasa server's /model/parse endpoint (the same model users talk
to); for the retrieval intent ``faq`` the label is the full ``faq/<topic>`` chosen by
the ResponseSelector, so a right intent with the wrong FAQ answer counts as wrong.

    python -m eval.nlu_eval --rasa-url http://127.0.0.1:5005 --token TOKEN [--min-f1 0.9]
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import requests
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.metrics import precision_recall_fscore_support

ROOT = Path(__file__).resolve().parent.parent
HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"


def load_examples(path: Path = HOLDOUT) -> List[Tuple[str, str]]:
    """(text, full intent) pairs from a Rasa NLU YAML file."""
    data = load_data(str(path))
    examples = []
    for message in data.intent_examples:
        intent = message.get("intent")
        key = message.get("intent_response_key") or intent
        examples.append((message.get("text"), key))
    return examples


def predicted_label(parse: dict) -> str:
    intent = (parse.get("intent") or {}).get("name") or "none"
    if intent == "faq":
        selector = (parse.get("response_selector") or {}).get("faq") or {}
        key = (selector.get("response") or {}).get("intent_response_key")
        return key or "faq"
    return intent


def parse_all(
    rasa_url: str, token: Optional[str], texts: Sequence[str], workers: int = 4
) -> List[str]:
    session = requests.Session()

    def parse(text: str) -> str:
        response = session.post(
            f"{rasa_url}/model/parse", params={"token": token}, json={"text": text}, timeout=60
        )
        response.raise_for_status()
        return predicted_label(response.json())

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(parse, texts))


def metrics(gold: Sequence[str], predicted: Sequence[str]) -> Dict[str, Any]:
    labels = sorted(set(gold))
    p, r, f, support = precision_recall_fscore_support(
        gold, predicted, labels=labels, zero_division=0
    )
    per_intent = {
        label: {
            "precision": float(p[i]),
            "recall": float(r[i]),
            "f1": float(f[i]),
            "support": int(support[i]),
        }
        for i, label in enumerate(labels)
    }
    wp, wr, wf, _ = precision_recall_fscore_support(
        gold, predicted, labels=labels, average="weighted", zero_division=0
    )
    mp, mr, mf, _ = precision_recall_fscore_support(
        gold, predicted, labels=labels, average="macro", zero_division=0
    )
    accuracy = sum(g == q for g, q in zip(gold, predicted, strict=True)) / max(1, len(gold))
    return {
        "per_intent": per_intent,
        "weighted": {"precision": wp, "recall": wr, "f1": wf},
        "macro": {"precision": mp, "recall": mr, "f1": mf},
        "accuracy": accuracy,
        "n": len(gold),
    }


def report(result: Dict[str, Any], errors: List[Tuple[str, str, str]]) -> str:
    lines = [f"{'intent':42} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}"]
    for label, m in result["per_intent"].items():
        lines.append(
            f"{label:42} {m['precision']:6.2f} {m['recall']:6.2f} {m['f1']:6.2f} {m['support']:4d}"
        )
    w, m = result["weighted"], result["macro"]
    lines.append(
        f"{'overall (weighted)':42} {w['precision']:6.3f} {w['recall']:6.3f} "
        f"{w['f1']:6.3f} {result['n']:4d}"
    )
    lines.append(f"{'overall (macro)':42} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}")
    if errors:
        lines.append(f"\n{len(errors)} misclassified:")
        lines += [f"  {text!r}: expected {want}, got {got}" for text, want, got in errors]
    return "\n".join(lines)


def run(rasa_url: str, token: Optional[str], path: Path = HOLDOUT) -> Dict[str, Any]:
    examples = load_examples(path)
    texts = [text for text, _ in examples]
    gold = [label for _, label in examples]
    predicted = parse_all(rasa_url, token, texts)
    result = metrics(gold, predicted)
    errors = [(t, g, p) for t, g, p in zip(texts, gold, predicted, strict=True) if g != p]
    result["report"] = report(result, errors)
    result["errors"] = errors
    return result


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    port = os.environ.get("RASA_PORT", "5005")
    parser.add_argument("--rasa-url", default=f"http://127.0.0.1:{port}")
    parser.add_argument("--token", default=os.environ.get("RASA_API_TOKEN"))
    parser.add_argument("--min-f1", type=float, default=0.90)
    args = parser.parse_args(argv)
    result = run(args.rasa_url, args.token)
    print(result["report"])
    f1 = result["weighted"]["f1"]
    print(
        f"nlu: overall weighted F1 {f1:.3f} on {result['n']} held-out examples "
        f"(gate {args.min_f1:.2f})"
    )
    return 0 if f1 >= args.min_f1 else 1


if __name__ == "__main__":
    sys.exit(main())
