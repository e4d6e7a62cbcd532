"""One user message, analysed once: rule mentions, timing, and the urgency model.

``analyse_message(text)`` is what ``clinical.turn.decide`` reads for every message of
a session. It is a pure function of the text, so it is cached: each turn analyses its
new message once, and the earlier messages of the session come from the cache (the
turn's cost stays flat as a conversation grows).

The urgency model scores the whole message and each ending of it ("sentence i to the
end"), as ``UrgencyModel.story_probability`` does and as its threshold was chosen:
the latest sentences say what is happening now, and an old story keeps its "she's
fine now". When it finds urgency, the timing is read from where the shortest urgent
ending starts and the sentences after it. Without a model (not built, failed to load)
the rules decide alone.
"""

from __future__ import annotations

import functools
import logging
from typing import Optional, Sequence

from clinical import red_flags, timing, urgency_model
from clinical.text import sentences
from clinical.turn import MessageAnalysis

logger = logging.getLogger(__name__)


def _model() -> Optional[urgency_model.UrgencyModel]:
    try:
        return urgency_model.get_model()
    except Exception:  # noqa: BLE001 - the rules still decide without it
        logger.exception("urgency model unavailable; the rules decide alone")
        return None


def urgency_timing(
    tags: Sequence[timing.SentenceTiming], scores: Sequence[float], threshold: float
) -> str:
    """The timing of what the model found urgent.

    ``scores[i]`` is the model's score of the message from sentence ``i`` to the end
    (``scores[0]``: the whole message). The urgency starts at the last ``i`` whose
    ending is still urgent; that sentence and the ones after it give the timing.
    """
    urgent = [i for i, score in enumerate(scores) if score >= threshold]
    if not urgent or not tags:
        return timing.latest_timing(tags)
    return timing.story_timing(tags, min(max(urgent), len(tags) - 1))


@functools.lru_cache(maxsize=4096)
def analyse_message(text: str) -> MessageAnalysis:
    """The analysis of one message (cached; never raises)."""
    text = text or ""
    mentions = tuple(red_flags.analyse(text))
    what_if = red_flags.asks_what_if(text)
    parts = sentences(text)
    tags = [timing.sentence_timing(part) for part in parts]
    model = _model()
    if model is None:
        return MessageAnalysis(
            mentions=mentions,
            timing=timing.latest_timing(tags),
            sentences=len(parts),
            words=len(text.split()),
            what_if=what_if,
        )
    first = max(1, len(parts) - urgency_model.MAX_SUFFIXES)
    endings = [" ".join(parts[i:]) for i in range(first, len(parts))]
    try:
        scores = list(model.probabilities([text] + endings))
    except Exception:  # noqa: BLE001
        logger.exception("urgency model failed on a message; the rules decide alone")
        return MessageAnalysis(
            mentions=mentions,
            timing=timing.latest_timing(tags),
            sentences=len(parts),
            words=len(text.split()),
            what_if=what_if,
        )
    threshold = float(model.threshold)
    by_start = [scores[0]] + [0.0] * (first - 1) + scores[1:] if len(parts) > 1 else [scores[0]]
    return MessageAnalysis(
        mentions=mentions,
        timing=urgency_timing(tags, by_start, threshold),
        urgency=max(scores),
        threshold=threshold,
        sentences=len(parts),
        words=len(text.split()),
        what_if=what_if,
    )


def model_threshold() -> Optional[float]:
    """The urgency model's threshold, or None without a model (for reports)."""
    model = _model()
    return float(model.threshold) if model is not None else None
