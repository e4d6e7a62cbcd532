"""Labelled corpus for the learned urgency classifier (clinical/urgency_model.py).

Each example is one patient or caregiver message with

- ``label``: ``urgent`` (an emergency of clinical brief section 10 happening NOW to the
  writer or the person they care for) or ``not_urgent`` (everything else: negated,
  hypothetical, over, someone else's history, mild side effects, doctor_today cases,
  questions, chit-chat);
- ``family``: the phrasing family (used for leave-one-family-out evaluation);
- ``sign``: the sign the message is about (``breathing``, ``overdose``, ...; ``none``
  for messages about no sign at all). For a not_urgent message it is the sign that is
  mentioned but not current ("no trouble breathing" -> ``breathing``);
- ``source``: ``template`` (generated from ``data/templates/``) or ``handwritten``
  (``data/narratives/``);
- ``group``: the template (or hand-written item) the example came from, so that
  cross-validation never puts variants of one template on both sides.

Nothing generated is stored in the repository: ``load()`` builds the corpus from the
YAML sources at import/training time, deterministically (``SEED``). ``fingerprint()``
hashes the sources so a saved model can tell whether it is stale.

    python -m urgency_corpus            # counts per family and label
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from urgency_corpus.generate import dedup_key, generate_family

SEED = 20261201
HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
LABELS = ("urgent", "not_urgent")

# Families the issue asks for (issue 8, requirement 3). Mirror families are mostly
# not urgent; most of them also hold a few urgent look-alikes (a negation of one sign
# next to a current other sign, a question about a sign that is happening now).
URGENT_FAMILIES = (
    "slang",
    "misspellings",
    "texting",
    "no_punctuation",
    "all_caps",
    "british",
    "american",
    "caregiver_partner",
    "caregiver_parent",
    "caregiver_adult_child",
    "caregiver_staff",
    "pump",
    "withdrawal",
    "sedative_mix",
    "overdose",
    "allergic_reaction",
    "chest_pain",
    "suicidal",
    "everyday_signs",
    "spasticity_worsening",
    "narrative",
)
MIRROR_FAMILIES = (
    "negation",
    "question",
    "hypothetical",
    "idiom",
    "old_history",
    "other_people",
    "news_forum",
    "mild_side_effects",
    "dosing_storage_travel",
    "chitchat",
)
REQUIRED_FAMILIES = URGENT_FAMILIES + MIRROR_FAMILIES
# Families that have no urgent member by nature.
NOT_URGENT_ONLY = (
    "mild_side_effects",
    "dosing_storage_travel",
    "chitchat",
    "news_forum",
    "other_people",
)


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    family: str
    sign: str
    source: str
    group: str


def source_files() -> List[Path]:
    """Every file the corpus is built from (data and code), in a stable order."""
    files = sorted(DATA.rglob("*.yml")) + sorted(HERE.glob("*.py"))
    return [f for f in files if f.is_file()]


def fingerprint() -> str:
    digest = hashlib.sha256(f"seed={SEED}\n".encode())
    for path in source_files():
        digest.update(path.relative_to(HERE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a mapping")
    return data


def _handwritten() -> List[Example]:
    out: List[Example] = []
    for path in sorted((DATA / "narratives").glob("*.yml")):
        for family, by_label in _read(path).items():
            for label, by_sign in (by_label or {}).items():
                if label not in LABELS:
                    raise ValueError(f"{path.name}: unknown label {label!r}")
                for sign, texts in (by_sign or {}).items():
                    for i, text in enumerate(texts or []):
                        text = " ".join(str(text).split())
                        out.append(
                            Example(
                                text,
                                label,
                                family,
                                sign,
                                "handwritten",
                                f"hw/{path.stem}/{family}/{label}/{sign}/{i}",
                            )
                        )
    return out


def _generated(seed: int) -> List[Example]:
    shared = _read(DATA / "fillers.yml")
    out: List[Example] = []
    for path in sorted((DATA / "templates").glob("*.yml")):
        spec = _read(path)
        family = spec["family"]
        for draft in generate_family(family, spec, shared, seed):
            out.append(
                Example(draft.text, draft.label, family, draft.sign, "template", draft.group)
            )
    return out


def build(seed: int = SEED) -> List[Example]:
    """The whole corpus: hand-written items first, then generated ones.

    Exact duplicates (ignoring case, spacing and punctuation) are kept once; texts that
    occur with both labels are dropped entirely (a label we cannot be sure of is worse
    than no example).
    """
    examples = _handwritten() + _generated(seed)
    labels: Dict[str, set] = defaultdict(set)
    for ex in examples:
        labels[dedup_key(ex.text)].add(ex.label)
    seen = set()
    out = []
    for ex in examples:
        key = dedup_key(ex.text)
        if len(labels[key]) > 1 or key in seen or not key:
            continue
        seen.add(key)
        out.append(ex)
    return out


@functools.lru_cache(maxsize=1)
def load() -> Tuple[Example, ...]:
    """The corpus for the default seed (built once per process)."""
    return tuple(build())


def counts(examples=None) -> Dict[str, Counter]:
    """family -> Counter(label -> n)."""
    table: Dict[str, Counter] = defaultdict(Counter)
    for ex in examples if examples is not None else load():
        table[ex.family][ex.label] += 1
    return dict(table)


def main() -> int:
    examples = load()
    table = counts(examples)
    print(f"{'family':24} {'urgent':>7} {'not_urg':>7} {'handwr':>7}")
    hand = Counter(ex.family for ex in examples if ex.source == "handwritten")
    for family in sorted(table):
        c = table[family]
        print(f"{family:24} {c['urgent']:7d} {c['not_urgent']:7d} {hand[family]:7d}")
    total = Counter(ex.label for ex in examples)
    print(
        f"{'total':24} {total['urgent']:7d} {total['not_urgent']:7d} "
        f"{sum(hand.values()):7d}   ({len(examples)} messages, fingerprint "
        f"{fingerprint()[:12]})"
    )
    return 0
