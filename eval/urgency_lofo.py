"""How the learned urgency classifier generalises: leave-one-family-out and CV.

For every phrasing family of ``urgency_corpus`` (slang, pump, narrative, negation, ...)
a model is trained on all the OTHER families and tested on the one left out, at the
threshold of the full model (``clinical.urgency_model.get_model().threshold``, chosen
by grouped cross-validation). The table shows n, sensitivity and specificity per
family for three ways of scoring a message: the whole message (``probability``), the
message and its endings (``story_probability``, what the threshold is chosen for), and
the maximum over the message and each sentence on its own (what ``clinical.analysis``
did when this was written); then the pooled figures,
a plain stratified 5-fold cross-validation, the same grouped by template, and "trained
on templates only, tested on the hand-written messages".

Read it as: a family with low sensitivity is a kind of phrasing the classifier does not
learn from the others. These figures are on the corpus; they are not a substitute for
a sealed set written by someone who never saw it.

    python -m eval.urgency_lofo [--families slang,pump] [--json results/urgency_lofo.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

import numpy as np

from clinical import urgency_model
from clinical.text import sentences
from clinical.urgency_model import UrgencyModel, out_of_fold, rates

MAX_SENTENCES = 60  # as clinical.analysis.MAX_SCORED_SENTENCES


def _pct(value: Optional[float]) -> str:
    return "    -" if value is None else f"{100 * value:5.1f}"


SCORINGS = ("whole", "story", "sentences")


def _row(name: str, row: Dict[str, Any]) -> str:
    cells = []
    for scoring in SCORINGS:
        figures = row[scoring]
        cells.append(f"{_pct(figures['sensitivity']):>6} {_pct(figures['specificity']):>6}")
    return f"{name:24} {row['n']:5d} {row['urgent']:5d} {row['not_urgent']:5d}   " + "   ".join(
        cells
    )


def _each_sentence(model: UrgencyModel, text: str) -> float:
    """Max over the whole message and each sentence (the last MAX_SENTENCES)."""
    parts = sentences(text)
    scored = parts[-MAX_SENTENCES:] if len(parts) > 1 else []
    return max(model.probabilities([text] + scored))


def _fit_and_score(train_x, train_y, test_x, threshold: float) -> Dict[str, List[float]]:
    model = UrgencyModel.train(train_x, train_y, threshold=threshold)
    return {
        "whole": model.probabilities(test_x),
        "story": [model.story_probability(t) for t in test_x],
        "sentences": [_each_sentence(model, t) for t in test_x],
    }


def run(
    families: Optional[Sequence[str]] = None, log: Callable[[str], None] = print
) -> Dict[str, Any]:
    import urgency_corpus

    started = time.perf_counter()
    examples = urgency_corpus.load()
    full = urgency_model.get_model()
    if full is None:
        raise RuntimeError("the urgency model could not be built")
    threshold = full.threshold
    texts = np.array([e.text for e in examples], dtype=object)
    y = np.array([e.label == "urgent" for e in examples], dtype=int)
    fam = np.array([e.family for e in examples])
    wanted = sorted(set(fam)) if not families else list(families)

    log(
        f"Urgency classifier, leave-one-family-out on {len(examples)} messages "
        f"({int(y.sum())} urgent), threshold {threshold:.3f} (the full model's)"
    )
    log(f"{'':42}{'whole':>13}   {'story':>13}   {'each sentence':>13}")
    log(
        f"{'family left out':24} {'n':>5} {'urg':>5} {'not':>5}   "
        + "   ".join(f"{'sens %':>6} {'spec %':>6}" for _ in SCORINGS)
    )
    rows = []
    pooled = {scoring: np.zeros(len(examples)) for scoring in SCORINGS}
    pooled_mask = np.zeros(len(examples), dtype=bool)
    for family in wanted:
        test = fam == family
        if not test.any():
            raise ValueError(f"no family {family!r}")
        scores = _fit_and_score(texts[~test].tolist(), y[~test], texts[test].tolist(), threshold)
        pooled_mask[test] = True
        row: Dict[str, Any] = {"family": family}
        for scoring in SCORINGS:
            pooled[scoring][test] = scores[scoring]
            row[scoring] = rates(y[test], scores[scoring], threshold)
        row.update({k: row["whole"][k] for k in ("n", "urgent", "not_urgent")})
        rows.append(row)
        log(_row(family, row))
    total: Dict[str, Any] = {
        scoring: rates(y[pooled_mask], pooled[scoring][pooled_mask], threshold)
        for scoring in SCORINGS
    }
    total.update({k: total["whole"][k] for k in ("n", "urgent", "not_urgent")})
    log(_row("pooled (all left-out)", total))
    result: Dict[str, Any] = {"threshold": threshold, "families": rows, "pooled": total}

    if not families:
        params = {**urgency_model.DEFAULT_PARAMS}
        plain = rates(y, out_of_fold(texts.tolist(), y, None, params, story=True), threshold)
        grouped = rates(
            y,
            out_of_fold(texts.tolist(), y, [e.group for e in examples], params, story=True),
            threshold,
        )
        hand = np.array([e.source == "handwritten" for e in examples])
        hw_scores = _fit_and_score(
            texts[~hand].tolist(), y[~hand], texts[hand].tolist(), threshold
        )["story"]
        handwritten = rates(y[hand], hw_scores, threshold)
        for name, figures in (
            ("5-fold CV (stratified), story", plain),
            ("5-fold CV grouped by template, story", grouped),
            ("templates -> hand-written, story", handwritten),
        ):
            log(
                f"{name:38} n {figures['n']:5d}: sensitivity {_pct(figures['sensitivity'])}%"
                f", specificity {_pct(figures['specificity'])}%"
            )
        result.update(cv_plain=plain, cv_grouped=grouped, templates_to_handwritten=handwritten)
    story = total["story"]
    worst = min(
        (r for r in rows if r["story"]["sensitivity"] is not None),
        key=lambda r: r["story"]["sensitivity"],
        default=None,
    )
    result["summary"] = (
        f"urgency LOFO pooled (story scoring): sensitivity "
        f"{_pct(story['sensitivity']).strip()}%, specificity "
        f"{_pct(story['specificity']).strip()}%"
        + (
            f" (lowest: {worst['family']} {_pct(worst['story']['sensitivity']).strip()}%)"
            if worst
            else ""
        )
    )
    result["seconds"] = round(time.perf_counter() - started, 1)
    log(f"({result['seconds']} s)")
    return result


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", help="comma-separated families (default: all)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    result = run(args.families.split(",") if args.families else None)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
