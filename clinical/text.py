"""Plain text handling shared by the detector and the transport layer.

``sentences(text)`` splits a message into sentences, so a long story is read one
sentence at a time (the latest sentences decide the timing).

``shorten_for_nlu(text, limit)`` makes an over-long message fit the NLU's size cap
without hiding an urgent sign: the sentences that mention a red flag or a context fact
are kept first, then the latest sentences, in their original order. The transport
layer calls it before NLU; the urgent-sign check reads what it keeps.
"""

from __future__ import annotations

import re
from typing import List

from clinical import lexicon

# A sentence ends at . ! ? or a line break (people type one thought per line in chat).
_BOUNDARY = re.compile(r"(?<=[.!?])\s+|\s*\n+\s*|(?<=[.!?])(?=[A-Z])")


def sentences(text: str) -> List[str]:
    """The non-empty sentences of ``text``, in order."""
    return [part.strip() for part in _BOUNDARY.split(text or "") if part and part.strip()]


def _flagged(sentence: str) -> bool:
    clean = lexicon.normalise(sentence)
    return any(
        pattern.search(clean) for patterns in lexicon.COMPILED.values() for pattern in patterns
    )


def shorten_for_nlu(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, keeping every sentence that matters.

    Sentences with an urgent-sign or context word come first in priority, then the
    latest sentences; the result keeps the original order. A single sentence longer
    than ``limit`` is cut at the limit.
    """
    if len(text) <= limit:
        return text
    parts = sentences(text)
    keep = set()
    budget = limit
    # Sentences longer than the whole cap cannot be kept whole: they are cut below.
    order = [i for i, part in enumerate(parts) if _flagged(part[:limit])]
    order += [i for i in range(len(parts) - 1, -1, -1) if i not in set(order)]
    for index in order:
        cost = min(len(parts[index]), limit) + 1
        if cost <= budget:
            keep.add(index)
            budget -= cost
        if budget <= 1:
            break
    kept = " ".join(parts[i][:limit] for i in sorted(keep))
    return kept[:limit] if kept else text[:limit]
