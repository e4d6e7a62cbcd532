"""Rewording keeps every fact: the table in tests/data/response_facts.yml, extracted from
the wording before the plain-language rewrite, must still hold for every response.

For an FAQ answer the text checked is its first message plus its "tell me more" part
(the ``utter_tell_more`` variation for that answer), so a fact may move to the second
message but not disappear.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from eval.readability import MORE_RESPONSE, MORE_SLOT, condition_label, load_responses

TABLE = Path(__file__).resolve().parents[1] / "data" / "response_facts.yml"
FACTS = yaml.safe_load(TABLE.read_text(encoding="utf-8"))

_CONTRACTIONS = [
    (r"\bcan't\b", "cannot"),
    (r"\bwon't\b", "will not"),
    (r"n't\b", " not"),
    (r"\bit's\b", "it is"),
    (r"\bthat's\b", "that is"),
    (r"\bwhat's\b", "what is"),
    (r"\byou're\b", "you are"),
    (r"\bthey're\b", "they are"),
    (r"\bwe're\b", "we are"),
    (r"\bi'm\b", "i am"),
    (r"\bi've\b", "i have"),
    (r"\bi'll\b", "i will"),
    (r"\byou'll\b", "you will"),
    (r"\bhere's\b", "here is"),
    (r"\bthere's\b", "there is"),
]


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, contractions written out."""
    text = text.replace("\u2019", "'").lower()
    for pattern, replacement in _CONTRACTIONS:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\s+", " ", text)


def variations_by_key() -> Dict[str, dict]:
    """'name' or 'name[slot=value]' -> the response variation (as in eval.readability)."""
    found = {}
    for name, variations in load_responses().items():
        for variation in variations:
            label = condition_label(variation)
            found[f"{name}[{label}]" if label else name] = variation
    return found


VARIATIONS = variations_by_key()


def more_part(key: str) -> str:
    """The "tell me more" text of an answer ('' when it has none)."""
    variation = VARIATIONS.get(f"{MORE_RESPONSE}[{MORE_SLOT}={key}]")
    return variation.get("text", "") if variation else ""


def payloads(variation: dict) -> List[str]:
    return [b.get("payload") for b in variation.get("buttons") or []]


def test_the_table_lists_every_response():
    listed = set(FACTS)
    have = {k for k in VARIATIONS if not k.startswith(f"{MORE_RESPONSE}[")}
    have.discard(MORE_RESPONSE)  # the "what would you like to know more about?" variation
    assert sorted(have - listed) == [], "add these responses to tests/data/response_facts.yml"
    assert sorted(listed - have) == [], "responses in the table that no longer exist"


@pytest.mark.parametrize("key", sorted(FACTS))
def test_every_fact_is_still_said(key):
    entry = FACTS[key] or {}
    variation = VARIATIONS.get(key)
    assert variation is not None, f"{key} no longer exists"
    text = normalise(f"{variation.get('text', '')} {more_part(key)}")
    missing = [
        label
        for label, pattern in (entry.get("facts") or {}).items()
        if not re.search(pattern, text, re.IGNORECASE)
    ]
    assert not missing, f"{key} lost: {missing}"


@pytest.mark.parametrize("key", sorted(k for k in FACTS if "starts" in (FACTS[k] or {})))
def test_start_is_kept(key):
    assert VARIATIONS[key]["text"].startswith(FACTS[key]["starts"]), key


@pytest.mark.parametrize("key", sorted(FACTS))
def test_buttons_and_custom_payloads_are_kept(key):
    entry, variation = FACTS[key] or {}, VARIATIONS[key]
    if "payloads" in entry:
        assert payloads(variation) == entry["payloads"], key
    else:
        # only a "tell me more" button may be added where the table lists none
        assert set(payloads(variation)) <= {"/ask_more"}, key
    assert variation.get("custom") == entry.get("custom"), key


def test_the_check_can_fail():
    text = normalise("Take it when you remember. Don't take a double dose.")
    assert re.search("do not take a double dose", text)
    assert not re.search(
        FACTS["utter_faq/missed_dose"]["facts"]["never take a double dose"], text, re.IGNORECASE
    )
