"""What the assistant says: every response, checked against the clinical brief."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def all_responses():
    texts = []
    for path in [ROOT / "domain.yml", *sorted((ROOT / "data" / "responses").glob("*.yml"))]:
        data = yaml.safe_load(path.read_text()) or {}
        for name, variants in (data.get("responses") or {}).items():
            for variant in variants:
                if variant.get("text"):
                    texts.append((name, variant["text"]))
    return texts


RESPONSES = all_responses()

# Brief section 9: claims that circulate on the web and must never be repeated.
BANNED = [
    r"no risk of (?:addiction|dependence)",
    r"(?:not|isn't|is not|never) (?:addictive|habit[- ]forming)",
    r"clinically proven",
    r"proven to (?:relieve|treat|reduce) pain",
    r"(?<!not )(?<!never )safe to stop (?:it )?suddenly",
    r"(?:low|small) doses? (?:are|is) safe to stop",
    r"can stop (?:it )?(?:suddenly|abruptly|any time)",
]


def test_there_are_answers_for_every_faq_topic():
    names = {name for name, _ in RESPONSES}
    assert len([n for n in names if n.startswith("utter_faq/")]) >= 40


@pytest.mark.parametrize("name, text", RESPONSES)
def test_no_wrong_claims(name, text):
    for pattern in BANNED:
        assert not re.search(pattern, text, re.IGNORECASE), (name, pattern)


@pytest.mark.parametrize("name, text", RESPONSES)
def test_no_dose_above_the_brief(name, text):
    # The brief's numbers: 5 mg start, 30-80 mg a day, 80 mg US maximum, 5 and
    # 25 mg/5 mL solutions. Anything above 80 mg would be invented advice.
    for amount in re.findall(r"(\d+)\s*mg", text):
        assert int(amount) <= 80, (name, amount)


def test_emergency_responses_start_with_seek_care_now():
    for name, text in RESPONSES:
        if name.startswith("utter_seek_care_now") or name == "utter_disposition_emergency":
            assert text.startswith("Seek care now"), name
            assert "{emergency_number}" in text, name


def test_stopping_answer_warns_against_stopping_suddenly():
    stopping = " ".join(
        t for n, t in RESPONSES if n in ("utter_faq/stopping", "utter_faq/dependence")
    )
    assert re.search(r"(?:don't|do not|never) stop", stopping, re.IGNORECASE)


# Brief section 10: never reassure ("glad that isn't happening") unless the person has
# just answered "no" to "is it happening right now?" (utter_red_flag_not_now).
REASSURANCE = re.compile(
    r"\bglad\b|good news|nothing to worry|no need to worry|"
    r"don't worry|you(?:'re| are) (?:fine|ok|safe)|relieved",
    re.IGNORECASE,
)
REASSURANCE_ALLOWED = {"utter_red_flag_not_now"}


@pytest.mark.parametrize("name, text", RESPONSES)
def test_no_reassurance_except_after_a_no(name, text):
    if name not in REASSURANCE_ALLOWED:
        assert not REASSURANCE.search(text), name


def test_watch_advice_is_safety_netting_not_reassurance():
    watch = " ".join(t for n, t in RESPONSES if n == "utter_red_flag_watch")
    assert not REASSURANCE.search(watch)
    assert "seek care now" in watch.lower() and "{emergency_number}" in watch
    assert not watch.startswith("Seek care now")  # not an emergency reply
