"""Optional redaction of phone numbers, e-mail addresses and dates in exports.

Uses Microsoft Presidio fully offline: the NLP engine is a *blank* spaCy English
pipeline (tokenizer only, no model download), and only pattern/validation based
recognizers are registered (phone numbers via the ``phonenumbers`` library,
e-mail addresses, dates, plus month-name dates added here).

Limits (shown in the console next to the redaction option): names, addresses and
other free-text identifiers are NOT detected — a blank pipeline has no named
entity recogniser. Redacted exports are pseudonymised, not anonymous.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, List, Optional

LIMITATION_NOTE = (
    "Redaction removes phone numbers, e-mail addresses and dates only. It does not "
    "catch names, street addresses or other identifying details: review before sharing."
)

PLACEHOLDERS = {
    "PHONE_NUMBER": "[PHONE]",
    "EMAIL_ADDRESS": "[EMAIL]",
    "DATE_TIME": "[DATE]",
}

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)

_lock = threading.Lock()
_engines: Optional[Dict[str, Any]] = None


def _offline_tldextract() -> None:
    """Presidio's e-mail validator calls tldextract, which would try to download the
    public-suffix list; use the snapshot bundled with tldextract instead."""
    import tldextract.tldextract as tld

    tld.TLD_EXTRACTOR = tld.TLDExtract(
        suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True
    )


def _build() -> Dict[str, Any]:
    import spacy
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        DateRecognizer,
        EmailRecognizer,
        PhoneRecognizer,
    )
    from presidio_anonymizer import AnonymizerEngine

    _offline_tldextract()

    class BlankSpacyNlpEngine(SpacyNlpEngine):
        """spaCy NLP engine over ``spacy.blank('en')`` (no model download)."""

        def __init__(self) -> None:
            super().__init__(models=[{"lang_code": "en", "model_name": "blank"}])
            # presidio infers SpacyNlpEngine.nlp as None (its __init__ sets nlp = None)
            self.nlp = {"en": spacy.blank("en")}  # type: ignore[assignment]

        def load(self) -> None:  # nothing to load
            return None

        def is_loaded(self) -> bool:
            return True

    month_dates = PatternRecognizer(
        supported_entity="DATE_TIME",
        name="MonthNameDateRecognizer",
        patterns=[
            Pattern(
                "day month year",
                rf"(?i)\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{2,4}}\b",
                0.6,
            ),
            Pattern(
                "month day year",
                rf"(?i)\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b",
                0.6,
            ),
            Pattern("day month", rf"(?i)\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b", 0.5),
            Pattern("month day", rf"(?i)\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b", 0.5),
        ],
    )
    # Validated numbers (libphonenumber) miss well-formed but unassigned numbers
    # such as 555-123-4567; for redaction, over-matching is the safe side.
    phone_shapes = PatternRecognizer(
        supported_entity="PHONE_NUMBER",
        name="PhoneShapeRecognizer",
        patterns=[
            Pattern(
                "nanp", r"(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?!\d)", 0.5
            ),
            Pattern(
                "international", r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,5}(?!\d)", 0.5
            ),
            Pattern("trunk", r"(?<!\d)0\d{2,4}[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?!\d)", 0.4),
        ],
    )
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in (
        PhoneRecognizer(
            supported_regions=("US", "GB", "CA", "AU", "IE", "NZ", "IN", "DE", "FR", "BR", "IL")
        ),
        phone_shapes,
        EmailRecognizer(),
        DateRecognizer(),
        month_dates,
    ):
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(
        nlp_engine=BlankSpacyNlpEngine(), registry=registry, supported_languages=["en"]
    )
    return {"analyzer": analyzer, "anonymizer": AnonymizerEngine()}


def _get() -> Dict[str, Any]:
    global _engines
    with _lock:
        if _engines is None:
            _engines = _build()
        return _engines


def redact(text: Optional[str]) -> Optional[str]:
    if not text:
        return text
    from presidio_anonymizer.entities import OperatorConfig

    engines = _get()
    results = engines["analyzer"].analyze(
        text=text, language="en", entities=list(PLACEHOLDERS), score_threshold=0.3
    )
    if not results:
        return text
    operators = {
        name: OperatorConfig("replace", {"new_value": value})
        for name, value in PLACEHOLDERS.items()
    }
    return (
        engines["anonymizer"]
        .anonymize(text=text, analyzer_results=results, operators=operators)
        .text
    )


def redact_many(texts: List[Optional[str]]) -> List[Optional[str]]:
    return [redact(t) for t in texts]
