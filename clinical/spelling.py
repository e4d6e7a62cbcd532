"""Misspelt sign words read as the word meant: "fevr" -> "fever", "stif" -> "stiff",
"confusin" -> "confusing", "pian" -> "pain", "evrythin" -> "everything" (sets S, U, V:
typos on every word).

A word of the message that is neither English (pyspellchecker's English word list, shipped
inside the package: nothing is downloaded) nor a word the lexicon's patterns spell out
("respirar", "clonic", "mins") is replaced by the sign word (``_SIGN_WORDS``) it is one
typo away from: a letter left out, added or changed, or two letters swapped; or two
letters left out of a long word. The first letter must match (people rarely mistype it);
a word written with a capital inside a sentence is a name and stays ("Fitz"). Of two
sign words as near, letters left out win ("fevr": "fever", not "fear"), then swapped
letters, then the commoner word. English words never change ("ever", "pan"), so the
correction can only add signs to a message whose words are not English.

The correction runs inside ``lexicon.normalise``; each word is looked up once (cached).
"""

from __future__ import annotations

import functools
import gzip
import importlib.resources
import logging
import re
from array import array
from typing import Dict, FrozenSet, Iterable, List, Optional, Set, Tuple

logger = logging.getLogger(__name__)

MIN_LENGTH = 4  # shorter words have too many neighbours ("mak", "cnt": the normaliser)
LONG_WORD = 7  # from this length a word may be two typos away
_WORD = re.compile(r"(?<![\w'])[a-z]+(?![\w'])")
# a capitalised word that does not start a sentence: a name, left as written
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+\b")
# words of the domain that no English list has
_DOMAIN = frozenset({"baclofen", "lioresal", "lyflex", "ozobax", "intrathecal"})
_REGEX_ESCAPES = re.compile(r"\\[bBwWdDsS]")
# The words a misspelling is corrected to: the words signs are told with. (Not every
# word of the lexicon: "mins" must not become "minds", nor "clonic" "clinic".)
_SIGN_WORDS = frozenset(
    {
        "alarm",
        "asleep",
        "beeping",
        "blurred",
        "breath",
        "breathe",
        "breathing",
        "breathless",
        "chest",
        "choking",
        "clammy",
        "collapsed",
        "confused",
        "confusing",
        "confusion",
        "convulsing",
        "convulsion",
        "convulsions",
        "cramps",
        "delirious",
        "disorientated",
        "disoriented",
        "dizzy",
        "drowsy",
        "dying",
        "empty",
        "everything",
        "extra",
        "face",
        "fainted",
        "fainting",
        "fever",
        "feverish",
        "fitting",
        "floppy",
        "gasping",
        "hallucinated",
        "hallucinating",
        "hallucination",
        "hallucinations",
        "headache",
        "heart",
        "hives",
        "insects",
        "itching",
        "itchy",
        "jerking",
        "kill",
        "leaking",
        "lips",
        "missed",
        "muddled",
        "myself",
        "numb",
        "numbness",
        "oozing",
        "overdose",
        "pain",
        "painful",
        "palpitations",
        "pills",
        "pounding",
        "pressure",
        "racing",
        "rash",
        "redness",
        "refill",
        "rigid",
        "rouse",
        "scratching",
        "seeing",
        "seizing",
        "seizure",
        "seizures",
        "shaking",
        "shivering",
        "shivers",
        "sick",
        "sleepy",
        "slurred",
        "slurring",
        "spasm",
        "spasms",
        "speech",
        "spiders",
        "stiff",
        "stiffness",
        "stopped",
        "suffocating",
        "suicidal",
        "suicide",
        "swallowed",
        "sweating",
        "sweaty",
        "swelling",
        "swollen",
        "tablets",
        "talking",
        "temperature",
        "things",
        "throat",
        "tight",
        "tightness",
        "tingling",
        "tongue",
        "twitching",
        "unconscious",
        "unresponsive",
        "vision",
        "voices",
        "vomited",
        "vomiting",
        "waking",
        "weak",
        "weakness",
        "wheezing",
        "wheezy",
        "woken",
        "wound",
    }
)


def _english_words(counted: Iterable[str]) -> Tuple[List[str], Dict[str, int]]:
    """pyspellchecker's English list (words of MIN_LENGTH letters or more), and the counts
    of the ``counted`` words. Read with two regular expressions over the file's JSON
    rather than ``json.loads``, and kept in a ``WordList``: the speller added 38 MB to a
    process with ``json.loads`` and a frozenset, 16 MB this way (RSS, measured)."""
    try:
        data = (importlib.resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
        raw = gzip.decompress(data)
    except Exception:  # pragma: no cover - the package is in the lock; never fail a turn
        logger.warning("English word list unavailable; misspelt sign words stay as written")
        return [], {}
    words = [w.decode() for w in re.findall(rb'"([a-z\'-]{%d,})": ' % MIN_LENGTH, raw)]
    wanted = sorted(set(counted), key=len, reverse=True)
    if not wanted:
        return words, {}
    pattern = rb'"(' + b"|".join(re.escape(w.encode()) for w in wanted) + rb')": (\d+)'
    counts = {w.decode(): int(n) for w, n in re.findall(pattern, raw)}
    return words, counts


class WordList:
    """A large set of words in about 2 MB: one sorted, newline-separated byte string and
    the offset of each word, searched by bisection (about 9 microseconds a lookup)."""

    def __init__(self, words: Iterable[str]):
        ordered = sorted({w.encode("utf-8") for w in words})
        self._blob = b"\n".join(ordered) + b"\n"
        self._starts = array("I")
        position = 0
        for word in ordered:
            self._starts.append(position)
            position += len(word) + 1
        self._size = len(ordered)

    def __len__(self) -> int:
        return self._size

    def _word(self, index: int) -> bytes:
        start = self._starts[index]
        return self._blob[start : self._blob.index(b"\n", start)]

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        key = word.encode("utf-8")
        low, high = 0, self._size
        while low < high:
            middle = (low + high) // 2
            if self._word(middle) < key:
                low = middle + 1
            else:
                high = middle
        return low < self._size and self._word(low) == key


def _deletes(word: str, depth: int) -> Set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _dropped_from(word: str, target: str) -> bool:
    """``word`` is ``target`` with some letters left out (a subsequence of it)."""
    letters = iter(target)
    return len(word) < len(target) and all(c in letters for c in word)


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two neighbours costs one)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


class Speller:
    """Corrects non-English words to the nearest sign word (see the module doc)."""

    def __init__(
        self,
        targets: Iterable[str],
        english: Iterable[str],
        keep: Iterable[str] = (),
        counts: Optional[Dict[str, int]] = None,
    ):
        # never corrected: English words, and the lexicon's own words in any language and
        # spelling ("respirar", "clonic", "mins")
        self.english = WordList(list(english) + list(keep))
        counts = counts or {}
        self.targets = frozenset(
            t for t in targets if len(t) >= MIN_LENGTH and (t in self.english or t in _DOMAIN)
        )
        # how common each target is: of two targets as near, the commoner ("bleu": "blue")
        self._frequency = {t: counts.get(t, 0) for t in self.targets}
        index: Dict[str, Set[str]] = {}
        for target in self.targets:
            for variant in _deletes(target, 2 if len(target) >= LONG_WORD else 1):
                index.setdefault(variant, set()).add(target)
        self._index = index
        self.correct = functools.lru_cache(maxsize=8192)(self._correct)

    def _correct(self, word: str) -> Optional[str]:
        if len(word) < MIN_LENGTH or word in self.english or word in self.targets:
            return None
        limit = 2 if len(word) >= LONG_WORD else 1
        candidates: Set[str] = set()
        for variant in _deletes(word, limit):
            candidates |= self._index.get(variant, set())
        best: Tuple[int, int, int, str] = (limit + 1, 0, 0, "")
        for target in candidates:
            if target[0] != word[0]:
                continue
            # two typos only when both are letters left out ("evrythin": "everything");
            # two changed letters make another word ("checing" is not "choking")
            allowed = 2 if len(word) >= LONG_WORD - 1 and _dropped_from(word, target) else 1
            dist = _distance(word, target, allowed)
            if dist <= allowed:
                # nearest first; then letters left out ("fevr": "fever", not "fear"),
                # then two letters swapped ("bleu": "blue", not "blew"); then the commoner
                kind = (
                    0
                    if len(target) - len(word) == dist
                    else 1
                    if sorted(target) == sorted(word)
                    else 2
                )
                best = min(best, (dist, kind, -self._frequency[target], target))
        return best[3] or None

    def fix(self, text: str, names: FrozenSet[str] = frozenset()) -> str:
        """``text`` (lower case) with misspelt sign words corrected."""

        def repl(match: "re.Match[str]") -> str:
            word = match.group(0)
            if word in names:
                return word
            return self.correct(word) or word

        return _WORD.sub(repl, text)


def names_in(raw: str) -> FrozenSet[str]:
    """Capitalised words inside a sentence of the raw text (lower-cased): names."""
    if raw.isupper():
        return frozenset()  # all caps: no word is a name by its capital
    return frozenset(m.group(0).lower() for m in _NAME.finditer(raw))


def lexicon_words(patterns: Iterable[str]) -> Set[str]:
    """The plain words written in regular expressions (their escapes removed)."""
    words: Set[str] = set()
    for pattern in patterns:
        words |= set(re.findall(r"[a-z]{%d,}" % MIN_LENGTH, _REGEX_ESCAPES.sub(" ", pattern)))
    return words


@functools.lru_cache(maxsize=1)
def get_speller() -> Speller:
    from clinical import lexicon  # the lexicon imports this module for normalise

    patterns = [
        p
        for table in (lexicon.RED_FLAG_PATTERNS, lexicon.CONTEXT_PATTERNS)
        for group in table.values()
        for p in group
    ]
    words, counts = _english_words(_SIGN_WORDS)
    return Speller(_SIGN_WORDS, words, keep=lexicon_words(patterns), counts=counts)
