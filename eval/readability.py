"""Reading level of every patient-facing response: ``python -m eval.readability``.

Each response text in ``domain.yml`` and ``data/responses/*.yml`` is rendered the way a
patient sees it (``{emergency_number}``, ``{crisis_line}`` and ``{human_contact}`` filled
with the deployment defaults of ``clinical/settings.py``, ``{reasons}`` with a typical
reason), then measured with textstat: Flesch-Kincaid grade and word count.

Limits (checked by tests/unit/test_readability.py and printed by ``make eval``):

* every text: Flesch-Kincaid grade <= 9 (health-literacy guidance asks for 6-8; the
  formula is noisy on one- or two-sentence texts, hence one grade of slack);
* the first message of an answer (every response except the "tell me more" parts,
  ``utter_tell_more``): at most 70 words, so it fits a phone screen.

``--ref GIT_REF`` measures the files as they were at that commit (before/after tables).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import textstat
import yaml

from actions.more import MORE_RESPONSE, MORE_SLOT  # noqa: F401  ("tell me more" parts)
from clinical.settings import response_values

ROOT = Path(__file__).resolve().parents[1]
MAX_GRADE = 9.0
TARGET_GRADE = 8.0
MAX_FIRST_MESSAGE_WORDS = 70
# A typical value for placeholders that are not deployment settings.
SAMPLE_VALUES = {"reasons": "the side effect is severe"}


@dataclass
class Row:
    """One response text (one variation) and its measurements."""

    name: str  # response name, with the variation's condition in [] when it has one
    text: str  # rendered text
    grade: float
    words: int
    more_part: bool  # a "tell me more" part (no word limit)

    @property
    def problems(self) -> List[str]:
        found = []
        if self.grade > MAX_GRADE:
            found.append(f"grade {self.grade:.1f} > {MAX_GRADE:g}")
        if not self.more_part and self.words > MAX_FIRST_MESSAGE_WORDS:
            found.append(f"{self.words} words > {MAX_FIRST_MESSAGE_WORDS}")
        return found


def _response_files(root: Path) -> List[Path]:
    return [root / "domain.yml", *sorted((root / "data" / "responses").glob("*.yml"))]


def load_responses(root: Path = ROOT) -> Dict[str, List[dict]]:
    """Response name -> variations, from the domain and data/responses/."""
    responses: Dict[str, List[dict]] = {}
    for path in _response_files(root):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variations in (data.get("responses") or {}).items():
            responses.setdefault(name, []).extend(variations or [])
    return responses


def render(text: str) -> str:
    """The text as a patient reads it with the default deployment settings."""
    values = {**SAMPLE_VALUES, **response_values(env={})}
    return text.format(**values)


def condition_label(variation: dict) -> str:
    conditions = variation.get("condition") or []
    return ",".join(f"{c.get('name')}={c.get('value')}" for c in conditions)


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def words(text: str) -> int:
    return int(textstat.lexicon_count(text, removepunct=True))


def rows(responses: Optional[Dict[str, List[dict]]] = None) -> List[Row]:
    """Measurements of every response variation that has text."""
    responses = load_responses() if responses is None else responses
    result = []
    for name, variations in sorted(responses.items()):
        for variation in variations:
            if not variation.get("text"):
                continue
            label = condition_label(variation)
            text = render(variation["text"])
            result.append(
                Row(
                    name=f"{name}[{label}]" if label else name,
                    text=text,
                    grade=grade(text),
                    words=words(text),
                    more_part=name == MORE_RESPONSE,
                )
            )
    return result


def summary(measured: Iterable[Row]) -> Dict[str, float]:
    measured = list(measured)
    grades = [r.grade for r in measured]
    return {
        "count": len(measured),
        "median_grade": statistics.median(grades) if grades else 0.0,
        "max_grade": max(grades) if grades else 0.0,
        "over_grade_8": sum(g > TARGET_GRADE for g in grades),
        "over_grade_9": sum(g > MAX_GRADE for g in grades),
        "first_messages_over_70_words": sum(
            r.words > MAX_FIRST_MESSAGE_WORDS for r in measured if not r.more_part
        ),
        "max_words_first_message": max((r.words for r in measured if not r.more_part), default=0),
    }


def summary_line(stats: Dict[str, float]) -> str:
    return (
        f"readability: {stats['count']} texts, FK grade median {stats['median_grade']:.1f}, "
        f"max {stats['max_grade']:.1f}, {stats['over_grade_8']} above 8, "
        f"{stats['over_grade_9']} above 9 (limit); first messages: "
        f"{stats['first_messages_over_70_words']} above 70 words "
        f"(longest {stats['max_words_first_message']})"
    )


def table(measured: Iterable[Row]) -> str:
    lines = [f"{'response':<58} {'grade':>5} {'words':>5}  note"]
    for row in measured:
        note = "; ".join(row.problems) or ("tell-me-more part" if row.more_part else "")
        lines.append(f"{row.name[:58]:<58} {row.grade:>5.1f} {row.words:>5}  {note}")
    return "\n".join(lines)


def responses_at(ref: str) -> Dict[str, List[dict]]:
    """The responses as committed at ``ref`` (for before/after comparisons)."""
    listed = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", ref, "--", "domain.yml", "data/responses"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    responses: Dict[str, List[dict]] = {}
    for path in listed:
        if not path.endswith(".yml"):
            continue
        content = subprocess.run(
            ["git", "show", f"{ref}:{path}"], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout
        for name, variations in ((yaml.safe_load(content) or {}).get("responses") or {}).items():
            responses.setdefault(name, []).extend(variations or [])
    return responses


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", help="measure the responses committed at this git ref")
    parser.add_argument("--quiet", action="store_true", help="summary line only")
    args = parser.parse_args(argv)
    measured = rows(responses_at(args.ref) if args.ref else None)
    if not args.quiet:
        print(table(measured))
    print(summary_line(summary(measured)))
    over = [r for r in measured if r.problems]
    for row in over:
        print(f"OVER LIMIT: {row.name}: {'; '.join(row.problems)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
