"""One user message, analysed once: rule mentions, timing, and the urgency model.

``analyse_message(text)`` is what ``clinical.turn.decide`` reads for every message of
a session. It is a pure function of the text, so it is cached: each turn analyses its
new message once, and the earlier messages of the session come from the cache (the
turn's cost stays flat as a conversation grows).

The urgency model scores the whole message and each of its sentences (an urgent
sentence in a long story is not diluted by the rest); when it finds urgency, the
timing is read from the urgent sentence and the sentences after it. Without a model
(not built, failed to load) the rules decide alone.
"""

from __future__ import annotations

import functools
import logging
from typing import List, Optional, Sequence

from clinical import red_flags, timing
from clinical.text import sentences
from clinical.turn import MessageAnalysis

logger = logging.getLogger(__name__)

MAX_SCORED_SENTENCES = 60  # bounds the model's cost on a very long message


def _model():  # noqa: ANN202 - optional dependency, typed where it is defined
    try:
        from clinical import urgency_model  # scikit-learn: imported only when used
    except ImportError:  # pragma: no cover - the module ships with the project
        return None
    try:
        return urgency_model.get_model()
    except Exception:  # noqa: BLE001 - the rules still decide without it
        logger.exception("urgency model unavailable; the rules decide alone")
        return None


def urgency_timing(tags: Sequence[timing.SentenceTiming], scores: Sequence[float],
                   threshold: float, whole_text: str) -> str:
    """The timing of what the model found urgent (see the module docstring)."""
    urgent = [i for i, score in enumerate(scores) if score >= threshold and i < len(tags)]
    if not urgent:
        return timing.latest_timing(tags) if tags else timing.message_timing(whole_text)
    readings = {timing.story_timing(tags, i) for i in urgent}
    for answer in (timing.PRESENT, timing.EARLIER, timing.RESOLVED, timing.QUESTION):
        if answer in readings:
            return answer
    return timing.PRESENT


@functools.lru_cache(maxsize=4096)
def analyse_message(text: str) -> MessageAnalysis:
    """The analysis of one message (cached; never raises)."""
    text = text or ""
    mentions = tuple(red_flags.analyse(text))
    parts = sentences(text)
    tags = [timing.sentence_timing(part) for part in parts]
    model = _model()
    if model is None:
        return MessageAnalysis(mentions=mentions, timing=timing.latest_timing(tags))
    scored: List[str] = parts[-MAX_SCORED_SENTENCES:] if len(parts) > 1 else []
    offset = len(parts) - len(scored)
    try:
        scores = list(model.probabilities([text] + scored))
    except Exception:  # noqa: BLE001
        logger.exception("urgency model failed on a message; the rules decide alone")
        return MessageAnalysis(mentions=mentions, timing=timing.latest_timing(tags))
    whole, per_sentence = scores[0], scores[1:]
    threshold = float(model.threshold)
    sentence_scores = [0.0] * offset + per_sentence
    urgency = max([whole] + per_sentence)
    if per_sentence and max(per_sentence) >= threshold:
        when = urgency_timing(tags, sentence_scores, threshold, text)
    else:
        when = timing.latest_timing(tags)
    return MessageAnalysis(mentions=mentions, timing=when, urgency=urgency,
                           threshold=threshold)


def model_threshold() -> Optional[float]:
    """The urgency model's threshold, or None without a model (for reports)."""
    model = _model()
    return float(model.threshold) if model is not None else None
