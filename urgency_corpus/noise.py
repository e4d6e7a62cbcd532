"""Deterministic surface noise for generated messages: how people really type.

Every function takes a ``random.Random`` so the corpus is the same on every build.
Noise never removes or reorders words, and short function words ("no", "not", "if")
are never misspelled, so a noisy message keeps the meaning (and the label) it had.
"""

from __future__ import annotations

import random
import re
from typing import Dict

# Neighbouring keys on a QWERTY keyboard, for fat-finger substitutions.
_NEIGHBOURS = {
    "a": "qws",
    "b": "vgn",
    "c": "xdv",
    "d": "sfe",
    "e": "wrd",
    "f": "dgr",
    "g": "fht",
    "h": "gjy",
    "i": "uok",
    "j": "hku",
    "k": "jli",
    "l": "ko",
    "m": "nj",
    "n": "bmh",
    "o": "ipl",
    "p": "o",
    "q": "wa",
    "r": "eft",
    "s": "adw",
    "t": "rgy",
    "u": "yij",
    "v": "cbf",
    "w": "qes",
    "x": "zsc",
    "y": "tuh",
    "z": "xs",
}

# Texting abbreviations, applied word by word (lower-case match, whole words only).
TEXTING: Dict[str, str] = {
    "you": "u",
    "your": "ur",
    "you're": "ur",
    "are": "r",
    "please": "pls",
    "right now": "rn",
    "because": "bc",
    "to be honest": "tbh",
    "i don't know": "idk",
    "tonight": "2nite",
    "for": "4",
    "what": "wat",
    "okay": "ok",
    "people": "ppl",
    "really": "rly",
    "don't": "dont",
    "can't": "cant",
    "won't": "wont",
    "i'm": "im",
    "he's": "hes",
    "she's": "shes",
    "it's": "its",
    "isn't": "isnt",
    "doesn't": "doesnt",
    "and": "n",
    "with": "w",
    "about": "abt",
    "think": "thnk",
    "tomorrow": "tmrw",
    "something": "smth",
    "someone": "some1",
    "before": "b4",
    "message": "msg",
    "thanks": "thx",
    "as soon as possible": "asap",
    "oh my god": "omg",
    "though": "tho",
}
_TEXTING_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in TEXTING), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)

_PUNCT_RE = re.compile(r"[.,!?;:'\"()]")
_PROTECTED = re.compile(
    r"^(?:no|not|nor|if|my|me|i|is|it|he|she|am|an|a|on|in|of|or|to)$", re.IGNORECASE
)


def _typo_word(word: str, rng: random.Random) -> str:
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    if len(letters) < 4:
        return word
    i = rng.choice(letters[1:-1])
    kind = rng.random()
    if kind < 0.3 and i + 1 < len(word) and word[i + 1].isalpha():  # swap two letters
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.55:  # drop a letter
        return word[:i] + word[i + 1 :]
    if kind < 0.75:  # double a letter
        return word[:i] + word[i] + word[i:]
    near = _NEIGHBOURS.get(word[i].lower())
    if not near:
        return word
    return word[:i] + rng.choice(near) + word[i + 1 :]  # neighbouring key


def typos(text: str, rng: random.Random, rate: float = 0.15) -> str:
    """Misspell about ``rate`` of the longer words (at least one word when rate > 0)."""
    words = text.split(" ")
    candidates = [
        i for i, w in enumerate(words) if len(w) >= 4 and not _PROTECTED.match(w.strip(".,!?"))
    ]
    if not candidates or rate <= 0:
        return text
    count = max(1, round(rate * len(candidates)))
    for i in rng.sample(candidates, min(count, len(candidates))):
        words[i] = _typo_word(words[i], rng)
    return " ".join(words)


def texting(text: str, rng: random.Random, rate: float = 0.8) -> str:
    """Replace words by their texting abbreviations (each with probability ``rate``)."""

    def swap(match: re.Match) -> str:
        if rng.random() >= rate:
            return match.group(0)
        return TEXTING[match.group(0).lower()]

    return _TEXTING_RE.sub(swap, text)


def drop_punctuation(text: str) -> str:
    """No punctuation at all (apostrophes included), as people type on a phone."""
    return re.sub(r"\s+", " ", _PUNCT_RE.sub("", text)).strip()


def lower(text: str) -> str:
    return text.lower()


def caps(text: str) -> str:
    return text.upper()


def apply(text: str, rng: random.Random, spec: Dict[str, float]) -> str:
    """Apply the noise kinds in ``spec`` ({kind: probability}) in a fixed order."""
    if rng.random() < spec.get("texting", 0.0):
        text = texting(text, rng)
    if rng.random() < spec.get("typo", 0.0):
        text = typos(text, rng, rate=spec.get("typo_rate", 0.15))
    if rng.random() < spec.get("nopunct", 0.0):
        text = drop_punctuation(text)
    if rng.random() < spec.get("caps", 0.0):
        text = caps(text)
    elif rng.random() < spec.get("lower", 0.0):
        text = lower(text)
    return text
