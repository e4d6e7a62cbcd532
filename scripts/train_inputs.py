"""Fingerprints of the training inputs, split for scripts/train.sh's incremental paths.

    python scripts/train_inputs.py [--root DIR]
        ->  "<fixed> <nlu> <answers>"    (the parts line, kept in models/.fingerprint-parts)
    python scripts/train_inputs.py [--root DIR] decide [--parts-file FILE] [--finetunes N]
                                   [--with-parts]
        ->  "full", "finetune" or "answers" (what train.sh does; the reason on stderr);
            with --with-parts followed by the parts line on the same line (one process
            instead of two: each loads Rasa's NLU reader, about 2 s)

``nlu``: every file under data/nlu (the NLU examples). ``answers``: the content of the
responses in data/responses (the FAQ answers and their "tell me more" variations) and
in domain.yml. ``fixed``: everything else the model is trained from (config.yml,
domain.yml without its responses' content, data/rules, data/stories,
requirements/lock.txt, and any data/responses file that holds more than ``version``
and ``responses``) plus the NLU *label set* (intents, FAQ response keys, entity
names, regex and lookup names and synonyms' targets) and the *names* of all responses.

What each change needs (docs/performance.md, section 9):

* only ``answers`` changed: the trained weights do not depend on a response's text
  (the ResponseSelector learns the response *keys*: ``use_text_as_label`` false; DIET
  and the ResponseSelector read only the user text's features), so the previous model
  is kept and only the texts it carries are replaced (scripts/update_answers.py);
* ``nlu`` changed (with or without ``answers``): finetune the previous model
  (``rasa train --finetune``), unless it has already been finetuned ``FINETUNE_LIMIT``
  times in a row since its last full training (drift): then a full training;
* any change to ``fixed``, no previous model or no recorded parts: a full (cached)
  training.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
NLU_DIR = ROOT / "data" / "nlu"
FIXED = ["config.yml", "data/rules", "data/stories"]
DOMAIN = "domain.yml"
RESPONSES_DIR = "data/responses"
LOCK = "requirements/lock.txt"
DEFAULT_FINETUNE_LIMIT = 5

FULL, FINETUNE, ANSWERS = "full", "finetune", "answers"


def _files(paths: List[str]) -> List[Path]:
    out: List[Path] = []
    for name in paths:
        path = ROOT / name
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file())
        elif path.exists():
            out.append(path)
    return out


def _digest(files: List[Path], extra: str = "") -> str:
    sha = hashlib.sha256()
    for path in files:
        sha.update(str(path.relative_to(ROOT)).encode())
        sha.update(path.read_bytes())
    sha.update(extra.encode())
    return sha.hexdigest()


def _load_yaml(path: Path) -> Optional[Dict[str, Any]]:
    """A data/responses file's content if it holds only ``version`` and ``responses``."""
    if path.suffix not in (".yml", ".yaml"):
        return None
    from ruamel.yaml import YAML

    try:
        content = YAML(typ="safe", pure=True).load(path.read_text())
    except Exception:  # noqa: BLE001 - unreadable: Rasa's full training reports it
        return None
    if not isinstance(content, dict) or not set(content) <= {"version", "responses"}:
        return None
    if not isinstance(content.get("responses") or {}, dict):
        return None
    return content


def responses_parts() -> Tuple[str, str]:
    """(what belongs to ``fixed``, the answers' content) of data/responses, as JSON."""
    fixed: Dict[str, Any] = {}
    answers: Dict[str, Any] = {}
    for path in _files([RESPONSES_DIR]):
        name = str(path.relative_to(ROOT))
        content = _load_yaml(path)
        if content is None:
            # not a plain responses file (rules, NLU data, anything else): all of it is fixed
            fixed[name] = hashlib.sha256(path.read_bytes()).hexdigest()
            continue
        responses = content.get("responses") or {}
        fixed[name] = {"keys": sorted(responses), "version": content.get("version")}
        answers[name] = responses
    domain = ROOT / DOMAIN
    if domain.exists():
        content = _load_raw(domain)
        responses = content.pop("responses", None) or {}
        if isinstance(responses, dict) and content:
            # the domain without its responses' content (their names stay fixed)
            fixed[DOMAIN] = {"rest": content, "keys": sorted(responses)}
            answers[DOMAIN] = responses
        else:
            fixed[DOMAIN] = hashlib.sha256(domain.read_bytes()).hexdigest()
    return (
        json.dumps(fixed, sort_keys=True, default=str),
        json.dumps(answers, sort_keys=True, default=str),
    )


def _load_raw(path: Path) -> Dict[str, Any]:
    from ruamel.yaml import YAML

    content = YAML(typ="safe", pure=True).load(path.read_text())
    return content if isinstance(content, dict) else {}


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


def fingerprints() -> Tuple[str, str, str]:
    responses_fixed, answers = responses_parts()
    fixed = _digest(_files(FIXED + [LOCK]), label_set() + responses_fixed)
    nlu = _digest(_files(["data/nlu"]))
    return fixed, nlu, hashlib.sha256(answers.encode()).hexdigest()


def decide(
    old: Optional[str], new: Tuple[str, str, str], finetunes: int = 0, limit: int = 5
) -> Tuple[str, str]:
    """(what to do, why) for the parts line ``old`` of the current model and ``new``.

    ``finetunes``: how many finetunes in a row produced the current model.
    """
    parts = (old or "").split()
    if len(parts) != 3 or "-" in parts or "-" in new:
        return FULL, "no recorded input parts for the current model"
    old_fixed, old_nlu, old_answers = parts
    fixed, nlu, answers = new
    if old_fixed != fixed:
        return FULL, "config, domain, rules, stories, packages or labels changed"
    if old_nlu != nlu:
        if finetunes >= limit:
            return FULL, f"the model was finetuned {finetunes} times in a row (limit {limit})"
        return FINETUNE, "only NLU examples (and maybe FAQ answers) changed"
    if old_answers != answers:
        return ANSWERS, "only the content of responses (FAQ answers, domain) changed"
    return FULL, "no change found in the parts (other inputs changed)"


def _read(path: Path) -> Optional[str]:
    try:
        return path.read_text().strip()
    except OSError:
        return None


def main(argv: Optional[List[str]] = None) -> int:
    global ROOT, NLU_DIR
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: repo)")
    sub = parser.add_subparsers(dest="command")
    pick = sub.add_parser("decide")
    pick.add_argument("--parts-file", type=Path, default=Path("models/.fingerprint-parts"))
    pick.add_argument("--finetunes", type=int, default=0)
    pick.add_argument("--with-parts", action="store_true")
    args = parser.parse_args(argv)
    if args.root is not None:
        ROOT = args.root.resolve()
        NLU_DIR = ROOT / "data" / "nlu"
    try:
        new = fingerprints()
    except Exception as error:  # noqa: BLE001 - unreadable data: the full training reports it
        print(f"train_inputs: {type(error).__name__}: {error}", file=sys.stderr)
        new = ("-", "-", "-")
    if args.command != "decide":
        sys.stdout.write(" ".join(new) + "\n")
        return 0
    parts_file = args.parts_file if args.parts_file.is_absolute() else ROOT / args.parts_file
    limit = int(os.environ.get("FINETUNE_LIMIT") or DEFAULT_FINETUNE_LIMIT)
    what, why = decide(_read(parts_file), new, args.finetunes, limit)
    print(why, file=sys.stderr)
    sys.stdout.write(" ".join([what, *new]) + "\n" if args.with_parts else what + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
