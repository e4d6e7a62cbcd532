"""Fingerprints of the training inputs, split for scripts/train.sh's incremental path.

    python scripts/train_inputs.py   ->  "<fixed> <nlu>"

``nlu``: every file under data/nlu (the NLU examples). ``fixed``: everything else the
model is trained from (config.yml, domain.yml, data/responses, data/rules,
data/stories, requirements/lock.txt) plus the NLU *label set* (intents, FAQ response
keys, entity names, regex and lookup names and synonyms' targets). When only ``nlu``
changed since the last training, the previous model can be finetuned
(``rasa train --finetune``); any change to ``fixed`` needs a full (cached) training.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NLU_DIR = ROOT / "data" / "nlu"
FIXED = ["config.yml", "domain.yml", "data/responses", "data/rules", "data/stories"]
LOCK = "requirements/lock.txt"


def _files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for name in paths:
        path = ROOT / name
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file())
        elif path.exists():
            out.append(path)
    return out


def _digest(files: list[Path], extra: str = "") -> str:
    sha = hashlib.sha256()
    for path in files:
        sha.update(str(path.relative_to(ROOT)).encode())
        sha.update(path.read_bytes())
    sha.update(extra.encode())
    return sha.hexdigest()


def label_set() -> str:
    """The NLU labels a finetuned model must already know (JSON, sorted)."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(NLU_DIR))
    labels = {
        "intents": sorted(data.intents),
        "responses": sorted({m.get("intent_response_key") for m in data.intent_examples} - {None}),
        "entities": sorted(data.entities),
        "regex": sorted(r["name"] for r in data.regex_features),
        "lookup": sorted(t["name"] for t in data.lookup_tables),
        "synonyms": sorted(set(data.entity_synonyms.values())),
    }
    return json.dumps(labels, sort_keys=True)


def fingerprints() -> tuple[str, str]:
    fixed = _digest(_files(FIXED + [LOCK]), label_set())
    nlu = _digest(_files(["data/nlu"]))
    return fixed, nlu


if __name__ == "__main__":
    sys.stdout.write(" ".join(fingerprints()) + "\n")
