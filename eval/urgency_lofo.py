"""How the learned urgency classifier generalises: leave-one-family-out and CV.

For every phrasing family of ``urgency_corpus`` (slang, pump, narrative, negation, ...)
a model is trained on all the OTHER families and tested on the one left out, at the
threshold of the full model (``clinical.urgency_model.get_model().threshold``, chosen
by grouped cross-validation). The table shows n, sensitivity and specificity per
family, scoring the whole message and, as ``clinical.analysis`` does in the running
bot, the maximum over the message and each of its sentences; then the pooled figures,
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


def _row(name: str, row: Dict[str, Any]) -> str:
    other = row["with_sentences"]
    return (f"{name:24} {row['n']:5d} {row['urgent']:5d} {row['not_urgent']:5d} "
            f"{_pct(row['sensitivity']):>6} {_pct(row['specificity']):>6}   "
            f"{_pct(other['sensitivity']):>6} {_pct(other['specificity']):>6}")


def _with_sentences(model: UrgencyModel, texts: Sequence[str]) -> List[float]:
    """The score clinical.analysis uses: the max over the whole message and each of its
    sentences (the last MAX_SENTENCES)."""
    out = []
    for text in texts:
        parts = sentences(text)
        scored = parts[-MAX_SENTENCES:] if len(parts) > 1 else []
        out.append(max(model.probabilities([text] + scored)))
    return out


def _fit_and_score(train_x, train_y, test_x, threshold: float):
    model = UrgencyModel.train(train_x, train_y, threshold=threshold)
    return model.probabilities(test_x), _with_sentences(model, test_x)


def run(families: Optional[Sequence[str]] = None, log: Callable[[str], None] = print
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

    log(f"Urgency classifier, leave-one-family-out on {len(examples)} messages "
        f"({int(y.sum())} urgent), threshold {threshold:.3f} (the full model's)")
    log(f"{'':42}{'whole message':>14}  {'max(message, sentences)':>24}")
    log(f"{'family left out':24} {'n':>5} {'urg':>5} {'not':>5} {'sens %':>6} {'spec %':>6}"
        f"   {'sens %':>6} {'spec %':>6}")
    rows = []
    pooled_scores = np.zeros(len(examples))
    pooled_sentences = np.zeros(len(examples))
    pooled_mask = np.zeros(len(examples), dtype=bool)
    for family in wanted:
        test = fam == family
        if not test.any():
            raise ValueError(f"no family {family!r}")
        scores, with_sentences = _fit_and_score(texts[~test].tolist(), y[~test],
                                                texts[test].tolist(), threshold)
        pooled_scores[test] = scores
        pooled_sentences[test] = with_sentences
        pooled_mask[test] = True
        row = {"family": family, **rates(y[test], scores, threshold),
               "with_sentences": rates(y[test], with_sentences, threshold)}
        rows.append(row)
        log(_row(family, row))
    pooled = {**rates(y[pooled_mask], pooled_scores[pooled_mask], threshold),
              "with_sentences": rates(y[pooled_mask], pooled_sentences[pooled_mask],
                                      threshold)}
    log(_row("pooled (all left-out)", pooled))
    result: Dict[str, Any] = {"threshold": threshold, "families": rows, "pooled": pooled}

    if not families:
        params = {**urgency_model.DEFAULT_PARAMS}
        plain = rates(y, out_of_fold(texts.tolist(), y, None, params), threshold)
        grouped = rates(y, out_of_fold(texts.tolist(), y, [e.group for e in examples],
                                       params), threshold)
        hand = np.array([e.source == "handwritten" for e in examples])
        hw_scores, _ = _fit_and_score(texts[~hand].tolist(), y[~hand], texts[hand].tolist(),
                                      threshold)
        handwritten = rates(y[hand], hw_scores, threshold)
        for name, figures in (("5-fold CV (stratified)", plain),
                              ("5-fold CV grouped by template", grouped),
                              ("templates -> hand-written", handwritten)):
            log(f"{name:30} n {figures['n']:5d}: sensitivity {_pct(figures['sensitivity'])}%"
                f", specificity {_pct(figures['specificity'])}%")
        result.update(cv_plain=plain, cv_grouped=grouped, templates_to_handwritten=handwritten)
    worst = min((r for r in rows if r["sensitivity"] is not None),
                key=lambda r: r["sensitivity"], default=None)
    result["summary"] = (
        f"urgency LOFO pooled: sensitivity {_pct(pooled['sensitivity']).strip()}%, "
        f"specificity {_pct(pooled['specificity']).strip()}%; with sentences "
        f"{_pct(pooled['with_sentences']['sensitivity']).strip()}% / "
        f"{_pct(pooled['with_sentences']['specificity']).strip()}%"
        + (f" (lowest: {worst['family']} {_pct(worst['sensitivity']).strip()}%)"
           if worst else ""))
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
