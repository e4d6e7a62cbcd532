"""The labelled corpus behind the learned urgency classifier (urgency_corpus/)."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

import urgency_corpus
from urgency_corpus import noise
from urgency_corpus.generate import dedup_key, expand

ROOT = Path(__file__).resolve().parents[2]
SIGNS = {
    "breathing",
    "severe_drowsiness",
    "confusion",
    "hallucinations",
    "seizure",
    "fainting",
    "severe_spasms",
    "allergic_reaction",
    "chest_pain",
    "overdose",
    "suicidal",
    "withdrawal",
    "pump_withdrawal",
    "pump_infection",
    "sedatives_mix",
    "none",
}


@pytest.fixture(scope="module")
def corpus():
    return urgency_corpus.load()


def test_size_and_both_labels(corpus):
    labels = Counter(ex.label for ex in corpus)
    assert len(corpus) >= 3000
    assert set(labels) == {"urgent", "not_urgent"}
    assert min(labels.values()) >= 1000, labels


def test_every_required_family_is_present_with_both_labels_where_it_makes_sense(corpus):
    table = urgency_corpus.counts(corpus)
    missing = [f for f in urgency_corpus.REQUIRED_FAMILIES if f not in table]
    assert not missing
    for family in urgency_corpus.REQUIRED_FAMILIES:
        counts = table[family]
        assert counts["not_urgent"] >= 20, family
        if family in urgency_corpus.NOT_URGENT_ONLY:
            assert counts["urgent"] == 0, family
        else:
            assert counts["urgent"] >= 20, family
    assert set(table) <= set(urgency_corpus.REQUIRED_FAMILIES), "undeclared family"


def test_hand_written_narratives_both_labels(corpus):
    hand = [ex for ex in corpus if ex.source == "handwritten"]
    assert len(hand) >= 400
    assert Counter(ex.label for ex in hand)["not_urgent"] >= 150
    assert Counter(ex.label for ex in hand)["urgent"] >= 150
    long = [ex for ex in hand if ex.family == "narrative"]
    assert len(long) >= 200
    # narratives are several sentences long
    assert sum(len(re.findall(r"[.!?](\s|$)", ex.text)) >= 3 for ex in long) >= 0.8 * len(long)


def test_no_duplicates_and_no_conflicting_labels(corpus):
    by_key = defaultdict(set)
    for ex in corpus:
        by_key[dedup_key(ex.text)].add(ex.label)
    assert len(by_key) == len(corpus), "a text occurs twice"
    assert all(len(labels) == 1 for labels in by_key.values())


def test_generation_is_deterministic():
    first = urgency_corpus.build()
    again = urgency_corpus.build()
    assert first == again
    other = urgency_corpus.build(seed=urgency_corpus.SEED + 1)
    assert [e.text for e in other] != [e.text for e in first]  # the seed is what decides


def test_signs_and_sources_are_known(corpus):
    assert {ex.sign for ex in corpus} <= SIGNS
    assert all(ex.sign != "none" for ex in corpus if ex.label == "urgent")
    assert {ex.source for ex in corpus} == {"template", "handwritten"}


def test_every_template_contributes(corpus):
    """A template whose expansions all collide (or that never expands) is dead text."""
    used = {ex.group for ex in corpus if ex.source == "template"}
    for path in sorted((urgency_corpus.DATA / "templates").glob("*.yml")):
        spec = yaml.safe_load(path.read_text())
        for label, by_sign in spec["templates"].items():
            for sign, texts in by_sign.items():
                for i, _ in enumerate(texts):
                    assert f"{spec['family']}/{label}/{sign}/{i}" in used, (path.name, i)


def _strings(obj):
    if isinstance(obj, dict):
        for value in obj.values():
            yield from _strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _strings(value)
    elif isinstance(obj, str):
        yield obj


def test_no_sentence_shared_with_the_safety_sets_or_tests(corpus):
    """The corpus is written fresh: nothing in it may equal a message of the safety
    suites or the test files (sealed sets are never read)."""
    keys = {dedup_key(ex.text) for ex in corpus}
    files = [
        *sorted((ROOT / "eval" / "safety").glob("*.yml")),
        *sorted((ROOT / "eval" / "safety_holdout").glob("*.yml")),
        *sorted((ROOT / "tests").rglob("*.yml")),
    ]
    files = [f for f in files if "sealed" not in f.as_posix().lower()]
    assert files
    shared = []
    for path in files:
        for text in _strings(yaml.safe_load(path.read_text())):
            for line in text.splitlines():
                key = dedup_key(re.sub(r"^\s*-\s*", "", line))
                if len(key) > 15 and key in keys:
                    shared.append(path.name)
    assert not shared


def test_issue_examples_are_not_in_the_corpus(corpus):
    """Issue 8 names failure classes with example phrases from a held-out set; the
    corpus covers the families in other words."""
    phrases = [
        "can hardly get any air in",
        "about to black out",
        "legs have locked up",
        "everything is going grey",
        "in and out of it",
        "his words are slurred",
        "spiders on the ceiling",
        "a couple of sleeping pills and a beer",
        "it all came back at once",
        "far worse than before i ever started",
        "itching all over spasms are back",
    ]
    text = "\n".join(dedup_key(ex.text) for ex in corpus)
    assert [p for p in phrases if dedup_key(p) in text] == []


def test_noise_keeps_negations_and_meaning():
    rng = random.Random(3)
    for _ in range(300):
        out = noise.typos("I am not confused and there is no swelling at all", rng, rate=1.0)
        words = out.split()
        assert "not" in words and "no" in words
        assert len(words) == 11
    assert noise.drop_punctuation("No, I'm fine!") == "No Im fine"
    assert noise.texting("please help me right now", random.Random(0), rate=1.0) == "pls help me rn"


def test_expand_sign_and_pronouns():
    fillers = {"who": ["my wife@f"], "now": {"breathing": ["<he> can't breathe"]}}
    text, sign = expand("{who} says {now:*}", fillers, "*", random.Random(0))
    assert (text, sign) == ("My wife says she can't breathe", "breathing")
