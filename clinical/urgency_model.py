"""Learned urgency classifier: a second urgent-sign detector, independent of the rules.

``clinical/red_flags.py`` recognises urgent signs from a lexicon and works out timing
and negation. This module recognises "an emergency is happening now" from phrasing it
has learned, so everyday words the lexicon lacks ("my lungs won't fill") still count.
The turn decision (lead) escalates when EITHER recognises a current emergency; timing
("last year") and negation stay with the rules.

Model: TF-IDF on character n-grams (2-5, within word boundaries: robust to typos and
texting) and word n-grams (1-3), then a class-weighted logistic regression. Pure
scikit-learn, deterministic, trained on ``urgency_corpus`` (about 7,400 labelled
messages) in seconds. No Rasa imports, nothing downloaded.

Scoring: ``probability(text)`` scores the message as one text. ``story_probability``
also scores each ending of a long message ("sentence i to the end"), so a current sign
in the last sentences of a story is not diluted by the past-tense start, while an old
event in the first sentences keeps its context ("... she's fine now"). Scoring each
sentence on its own finds the same emergencies but reads every sentence of an old story
as current: see eval/urgency_lofo.py for the figures of all three.

Threshold: out-of-fold ``story_probability`` from a 5-fold cross-validation on the
corpus, stratified by label and grouped by template (variants of one template never
sit on both sides of a fold); the threshold is the lowest one whose out-of-fold
specificity is at least ``TARGET_SPECIFICITY`` (0.95), i.e. the highest sensitivity at
that specificity. Recorded in ``model.meta["cv"]``. ``probability`` is never higher
than ``story_probability``, so the same threshold is at least as specific for it.

    model = get_model()          # None if it cannot be loaded or trained: rules only
    if model and model.story_probability(text) >= model.threshold: ...

    python -m clinical.urgency_model train [--force]   # build models/urgency.joblib
    python -m clinical.urgency_model bench             # latency of probability()
    python -m clinical.urgency_model info              # threshold and CV figures

Patient text never goes into a log: only counts, figures and exception types.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import re
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "models" / "urgency.joblib"
PATH_ENV = "URGENCY_MODEL_PATH"
URGENT = "urgent"
TARGET_SPECIFICITY = 0.95
FORMAT = 1
# Longest text scored, in characters (the transport layer caps messages at
# max_message_chars(), 4000 by default); the END of a longer text is kept, because the
# latest sentences say what is happening now.
MAX_CHARS = 4000
# story_probability(): suffixes starting at the last MAX_SUFFIXES sentences are scored.
MAX_SUFFIXES = 12
_WORD_CACHE_SIZE = 50_000  # distinct words whose n-gram indices are kept (bounded)

DEFAULT_PARAMS: Dict[str, Any] = {
    "C": 8.0,
    "char_ngram": (2, 5),
    "word_ngram": (1, 3),
    "min_df": 2,
    "word_max_df": 1.0,  # drop words in more than this fraction of messages (1.0: none)
}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_REPEAT = re.compile(r"(\w)\1{2,}")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, one kind of apostrophe, 'helppp' -> 'helpp', single spaces."""
    text = (text or "")[-MAX_CHARS:].translate(_APOSTROPHES).lower()
    return _SPACE.sub(" ", _REPEAT.sub(r"\1\1", text)).strip()


def _char_wb_grams(text: str, low: int, high: int) -> List[str]:
    """The n-grams sklearn's ``char_wb`` analyser yields (same multiset, faster: list
    comprehensions instead of a while loop per n-gram)."""
    grams: List[str] = []
    extend = grams.extend
    for word in text.split():
        word = f" {word} "
        size = len(word)
        for n in range(low, high + 1):
            if size <= n:  # a short word counts once, whole
                grams.append(word)
                break
            extend([word[i : i + n] for i in range(size - n + 1)])
    return grams


def _pipeline(params: Dict[str, Any]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=tuple(params["char_ngram"]),
                    min_df=params["min_df"],
                    sublinear_tf=True,
                    lowercase=False,
                    dtype=np.float32,
                ),
            ),
            (
                "word",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=tuple(params["word_ngram"]),
                    min_df=params["min_df"],
                    max_df=params["word_max_df"],
                    sublinear_tf=True,
                    lowercase=False,
                    token_pattern=r"(?u)\b\w[\w']*\b",
                    dtype=np.float32,
                ),
            ),
        ]
    )
    classifier = LogisticRegression(
        C=params["C"], class_weight="balanced", solver="liblinear", max_iter=2000, random_state=0
    )
    return Pipeline([("features", features), ("classifier", classifier)])


def _as_binary(labels: Sequence[Any]) -> np.ndarray:
    out = []
    for label in labels:
        if isinstance(label, str):
            if label not in (URGENT, "not_urgent"):
                raise ValueError(f"unknown label {label!r}")
            out.append(label == URGENT)
        else:
            out.append(bool(label))
    return np.asarray(out, dtype=int)


def choose_threshold(
    y_true: npt.ArrayLike, scores: npt.ArrayLike, target_specificity: float = TARGET_SPECIFICITY
) -> float:
    """Lowest threshold (predict urgent when score >= threshold) whose specificity on
    (y_true, scores) is at least ``target_specificity``: the most sensitive one."""
    y = np.asarray(y_true, dtype=int)
    negatives = np.sort(np.asarray(scores, dtype=float)[y == 0])[::-1]
    if negatives.size == 0:
        return 0.5
    allowed = int(np.floor((1.0 - target_specificity) * negatives.size + 1e-9))
    if allowed >= negatives.size:
        return 0.0
    # Strictly above the (allowed+1)-th highest negative score: at most `allowed` of
    # the negatives reach the threshold.
    return float(np.nextafter(negatives[allowed], np.inf))


def rates(y_true: npt.ArrayLike, scores: npt.ArrayLike, threshold: float) -> Dict[str, Any]:
    """Sensitivity and specificity (None when a class is absent) and the counts."""
    y = np.asarray(y_true, dtype=int)
    predicted = np.asarray(scores, dtype=float) >= threshold
    pos, neg = int((y == 1).sum()), int((y == 0).sum())
    tp = int((predicted & (y == 1)).sum())
    tn = int((~predicted & (y == 0)).sum())
    return {
        "n": int(y.size),
        "urgent": pos,
        "not_urgent": neg,
        "tp": tp,
        "tn": tn,
        "sensitivity": tp / pos if pos else None,
        "specificity": tn / neg if neg else None,
    }


def out_of_fold(
    texts: Sequence[str],
    y: np.ndarray,
    groups: Optional[Sequence[str]],
    params: Dict[str, Any],
    folds: int = 5,
    seed: int = 0,
    story: bool = False,
) -> np.ndarray:
    """Out-of-fold P(urgent) for every text (grouped folds when groups are given);
    with ``story``, the out-of-fold ``story_probability`` instead."""
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    clean = [normalise(t) for t in texts]
    if groups is not None:
        splits = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed).split(
            clean, y, groups
        )
    else:
        splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(clean, y)
    scores = np.zeros(len(clean), dtype=float)
    for train_index, test_index in splits:
        pipe = _pipeline(params).fit([clean[i] for i in train_index], y[train_index])
        if story:
            fold_model = UrgencyModel(pipe, 0.5)
            scores[test_index] = [fold_model.story_probability(texts[i]) for i in test_index]
        else:
            scores[test_index] = pipe.predict_proba([clean[i] for i in test_index])[:, 1]
    return scores


class UrgencyModel:
    """P(an emergency is happening now to the writer or the person they care for)."""

    def __init__(self, pipeline, threshold: float, meta: Optional[Dict[str, Any]] = None):
        self.pipeline = pipeline
        self.threshold = float(threshold)
        self.meta: Dict[str, Any] = dict(meta or {})
        self._compile()

    # -- training ---------------------------------------------------------------------

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[Any],
        *,
        groups: Optional[Sequence[str]] = None,
        threshold: Optional[float] = None,
        target_specificity: float = TARGET_SPECIFICITY,
        folds: int = 5,
        **params: Any,
    ) -> "UrgencyModel":
        """Fit on ``texts``/``labels`` (``"urgent"``/``"not_urgent"`` or 1/0).

        Without ``threshold``, it is chosen by ``folds``-fold cross-validation (grouped
        by ``groups`` when given) for the highest sensitivity at ``target_specificity``.
        Other keyword arguments override ``DEFAULT_PARAMS`` (C, char_ngram, ...).
        """
        unknown = set(params) - set(DEFAULT_PARAMS)
        if unknown:
            raise TypeError(f"unknown parameters: {sorted(unknown)}")
        settings = {**DEFAULT_PARAMS, **params}
        y = _as_binary(labels)
        if len(texts) != len(y) or len(set(y.tolist())) < 2:
            raise ValueError("need texts and labels of the same length, both classes")
        started = time.perf_counter()
        meta: Dict[str, Any] = {
            "n": int(y.size),
            "n_urgent": int(y.sum()),
            "params": {k: list(v) if isinstance(v, tuple) else v for k, v in settings.items()},
        }
        if threshold is None:
            scores = out_of_fold(texts, y, groups, settings, folds=folds, story=True)
            threshold = choose_threshold(y, scores, target_specificity)
            meta["cv"] = {
                "folds": folds,
                "grouped": groups is not None,
                "target_specificity": target_specificity,
                "scoring": "story",
                **rates(y, scores, threshold),
            }
        pipe = _pipeline(settings).fit([normalise(t) for t in texts], y)
        meta["train_seconds"] = round(time.perf_counter() - started, 2)
        try:
            import sklearn

            meta["sklearn"] = sklearn.__version__
        except ImportError:  # pragma: no cover - sklearn is required to get here
            pass
        return cls(pipe, threshold, meta)

    # -- scoring ----------------------------------------------------------------------

    def _compile(self) -> None:
        """Precompute what one-message scoring needs. sklearn's per-call checks and its
        pure-Python n-gram loop cost more than the arithmetic for a single text, so
        ``_score_one`` redoes the same maths directly, with the character n-grams of
        each distinct word looked up once and cached (words repeat)."""
        features = self.pipeline.named_steps["features"]
        classifier = self.pipeline.named_steps["classifier"]
        coef = np.asarray(classifier.coef_, dtype=np.float64).ravel()
        self._parts = []
        offset = 0
        for _, vectorizer in features.transformer_list:
            size = len(vectorizer.vocabulary_)
            char_range = vectorizer.ngram_range if vectorizer.analyzer == "char_wb" else None
            self._parts.append(
                {
                    "char_range": char_range,
                    "analyse": None if char_range else vectorizer.build_analyzer(),
                    "vocabulary": vectorizer.vocabulary_,
                    "idf": np.asarray(vectorizer.idf_, dtype=np.float64),
                    "weights": coef[offset : offset + size],
                    "cache": {},
                }
            )
            offset += size
        self._intercept = float(np.asarray(classifier.intercept_).ravel()[0])

    @staticmethod
    def _char_counts(part: Dict[str, Any], text: str) -> Counter:
        vocabulary, cache = part["vocabulary"], part["cache"]
        low, high = part["char_range"]
        if len(cache) > _WORD_CACHE_SIZE:
            cache.clear()
        counts: Counter = Counter()
        for word, times in Counter(text.split()).items():
            indices = cache.get(word)
            if indices is None:
                get = vocabulary.get
                indices = Counter(
                    i for i in map(get, _char_wb_grams(word, low, high)) if i is not None
                )
                cache[word] = indices
            if times == 1:
                counts.update(indices)
            else:
                for index, n in indices.items():
                    counts[index] += n * times
        return counts

    def _score_one(self, text: str) -> float:
        """Decision function for one normalised text (same maths as the pipeline:
        sublinear tf x idf, L2-normalised per vectoriser, dot the coefficients)."""
        total = self._intercept
        for part in self._parts:
            if part["char_range"]:
                counts = self._char_counts(part, text)
            else:
                get = part["vocabulary"].get
                counts = Counter(i for i in map(get, part["analyse"](text)) if i is not None)
            if not counts:
                continue
            index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            value = (np.log(tf) + 1.0) * part["idf"][index]
            norm = float(np.sqrt(np.dot(value, value)))
            if norm:
                total += float(np.dot(value, part["weights"][index])) / norm
        return total

    def clear_cache(self) -> None:
        for part in self._parts:
            part["cache"].clear()

    def probability(self, text: str) -> float:
        """P(urgent now) for one message."""
        score = self._score_one(normalise(text))
        return float(1.0 / (1.0 + np.exp(-score)))

    def story_probability(self, text: str) -> float:
        """P(urgent now) for a message of several sentences: the highest of the whole
        message and of each ending of it ("sentence i to the end", for the last
        MAX_SUFFIXES sentences). The latest sentences say what is happening now, and an
        old story in the first sentences keeps its "she's fine now"; a single sentence
        is never scored out of its context. Equals ``probability`` for one sentence."""
        from clinical.text import sentences

        parts = sentences(text or "")
        if len(parts) < 2:
            return self.probability(text)
        start = max(1, len(parts) - MAX_SUFFIXES)
        endings = [" ".join(parts[i:]) for i in range(start, len(parts))]
        return max(self.probabilities([text] + endings))

    def probabilities(self, texts: Sequence[str]) -> List[float]:
        """P(urgent now) for each text (e.g. a message and its sentences); the same
        figures as ``probability``, one by one (faster than the pipeline for the few
        texts of one turn, and still fine for thousands)."""
        return [self.probability(text) for text in texts]

    def pipeline_probabilities(self, texts: Sequence[str]) -> List[float]:
        """The same through scikit-learn's pipeline (reference for the fast path)."""
        if not texts:
            return []
        clean = [normalise(t) for t in texts]
        return [float(p) for p in self.pipeline.predict_proba(clean)[:, 1]]

    def is_urgent(self, text: str) -> bool:
        return self.probability(text) >= self.threshold

    # -- persistence ------------------------------------------------------------------

    def save(self, path: os.PathLike | str) -> Path:
        import joblib

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".tmp{os.getpid()}")
        joblib.dump(
            {
                "format": FORMAT,
                "pipeline": self.pipeline,
                "threshold": self.threshold,
                "meta": self.meta,
            },
            tmp,
            compress=3,
        )
        os.replace(tmp, path)  # readers never see a half-written file
        return path

    @classmethod
    def load(cls, path: os.PathLike | str) -> "UrgencyModel":
        """Load a model saved by ``save`` (only ever load files this project wrote:
        joblib files are pickles)."""
        import joblib

        data = joblib.load(Path(path))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not an urgency model file of this version")
        return cls(data["pipeline"], data["threshold"], data.get("meta"))


# -- the process-wide model -----------------------------------------------------------


def fingerprint() -> str:
    """Hash of the corpus sources, this module and the scikit-learn version."""
    import sklearn

    import urgency_corpus

    digest = hashlib.sha256()
    digest.update(urgency_corpus.fingerprint().encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(sklearn.__version__.encode())
    return digest.hexdigest()


def train_from_corpus(**kwargs: Any) -> UrgencyModel:
    """A model trained on the whole corpus, threshold by grouped cross-validation."""
    import urgency_corpus

    examples = urgency_corpus.load()
    model = UrgencyModel.train(
        [e.text for e in examples],
        [e.label for e in examples],
        groups=[e.group for e in examples],
        **kwargs,
    )
    model.meta["fingerprint"] = fingerprint()
    model.meta["corpus_fingerprint"] = urgency_corpus.fingerprint()
    return model


def model_path() -> Path:
    return Path(os.environ.get(PATH_ENV) or DEFAULT_PATH)


def ensure_model(path: Optional[Path] = None, force: bool = False) -> tuple[UrgencyModel, bool]:
    """The saved model if it is up to date, else a freshly trained and saved one.

    Returns (model, trained). Raises if neither works. When the corpus sources are not
    available (a deployment that ships only the artefact), a readable saved model is
    used as it is.
    """
    path = Path(path or model_path())
    try:
        want: Optional[str] = fingerprint()
    except Exception as exc:  # corpus missing: use the artefact as shipped
        logger.warning("urgency model: cannot fingerprint the corpus (%s)", type(exc).__name__)
        want = None
    if not force and path.exists():
        try:
            model = UrgencyModel.load(path)
            if want is None or model.meta.get("fingerprint") == want:
                return model, False
            logger.info("urgency model: %s is stale, retraining", path.name)
        except Exception as exc:
            logger.warning(
                "urgency model: cannot read %s (%s), retraining", path.name, type(exc).__name__
            )
    model = train_from_corpus()
    try:
        model.save(path)
    except OSError as exc:
        logger.warning(
            "urgency model: trained but cannot save %s (%s)", path.name, type(exc).__name__
        )
    return model, True


_LOCK = threading.Lock()
_STATE: Dict[str, Any] = {"model": None, "tried": False}


def get_model() -> Optional[UrgencyModel]:
    """The process-wide model (loaded or trained once); None if that fails, so the
    caller falls back to the rules. A failure is logged once and not retried."""
    if _STATE["model"] is not None or _STATE["tried"]:
        return _STATE["model"]
    with _LOCK:
        if not _STATE["tried"]:
            try:
                model, trained = ensure_model()
                _STATE["model"] = model
                logger.info(
                    "urgency model ready (%s, threshold %.3f)",
                    "trained" if trained else "loaded",
                    model.threshold,
                )
            except Exception as exc:
                logger.warning("urgency model unavailable (%s): rules only", type(exc).__name__)
            _STATE["tried"] = True
    return _STATE["model"]


def reset() -> None:
    """Forget the process-wide model (tests)."""
    with _LOCK:
        _STATE.update(model=None, tried=False)


# -- command line ---------------------------------------------------------------------


def _summary(model: UrgencyModel) -> str:
    cv = model.meta.get("cv") or {}
    line = (
        f"urgency model: {model.meta.get('n')} messages "
        f"({model.meta.get('n_urgent')} urgent), threshold {model.threshold:.3f}"
    )
    if cv:
        line += (
            f"; {cv['folds']}-fold {'grouped ' if cv.get('grouped') else ''}CV "
            f"({cv.get('scoring', 'whole')} scoring) at that "
            f"threshold: sensitivity {cv['sensitivity']:.3f}, specificity "
            f"{cv['specificity']:.3f} (target specificity {cv['target_specificity']})"
        )
    return line


def _bench(model: UrgencyModel, rounds: int) -> Dict[str, Dict[str, float]]:
    """Milliseconds per call on the corpus messages (each made a new string) and on
    ~4000-character messages, for probability(), story_probability() and "the message
    and each of its sentences" (clinical.analysis when this was written)."""
    import urgency_corpus
    from clinical.text import sentences

    texts = [e.text for e in urgency_corpus.load()]
    stories = [t for t in texts if len(t) > 250]
    long_texts = []
    for offset in range(0, len(stories), 5):  # ~50 different ~4000-character messages
        joined = " ".join(stories[offset:] + stories[:offset])
        long_texts.append(joined[:MAX_CHARS])
    model.probability("warm up")

    def each_sentence(text: str) -> None:  # what clinical.analysis did when written
        parts = sentences(text)
        model.probabilities([text] + (parts[-60:] if len(parts) > 1 else []))

    out = {}
    for name, sample, call in (
        ("message", texts, model.probability),
        ("story", texts, model.story_probability),
        ("sentences", texts, each_sentence),
        ("long", long_texts, model.probability),
        ("long story", long_texts, model.story_probability),
        ("long sentences", long_texts, each_sentence),
    ):
        times = []
        for r in range(rounds):
            for i, text in enumerate(sample):
                text = f"{text} {r}{i}"  # a new string every time: nothing cached whole
                start = time.perf_counter()
                call(text)
                times.append((time.perf_counter() - start) * 1000)
        times.sort()
        out[name] = {
            "n": len(times),
            "p50_ms": statistics.median(times),
            "p95_ms": times[int(0.95 * (len(times) - 1))],
            "max_ms": times[-1],
        }
    return out


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m clinical.urgency_model", description=__doc__.split("\n\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    train = sub.add_parser("train", help="build the saved model if it is stale")
    train.add_argument("--force", action="store_true")
    sub.add_parser("info", help="threshold and cross-validation figures")
    bench = sub.add_parser("bench", help="latency of probability() for one message")
    bench.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    path = model_path()
    if args.command == "train":
        started = time.perf_counter()
        model, trained = ensure_model(path, force=args.force)
        if trained:
            print(
                f"Urgency model trained in {time.perf_counter() - started:.1f}s "
                f"-> {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
            )
            print(_summary(model))
        else:
            print(f"Urgency model is up to date ({path.name}).")
        return 0
    model, _ = ensure_model(path)
    if args.command == "info":
        print(_summary(model))
        return 0
    result = _bench(model, args.rounds)
    labels = {
        "message": "probability(), corpus messages",
        "story": "story_probability(), corpus messages",
        "sentences": "message + each sentence, corpus messages",
        "long": "probability(), 4000-character messages",
        "long story": "story_probability(), 4000-character messages",
        "long sentences": "message + each sentence, 4000-character messages",
    }
    for name, figures in result.items():
        label = labels[name]
        print(
            f"urgency {label}: p50 {figures['p50_ms']:.3f} ms, p95 "
            f"{figures['p95_ms']:.3f} ms, max {figures['max_ms']:.3f} ms over "
            f"{figures['n']} calls"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
