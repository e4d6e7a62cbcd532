"""Reading free-text answers to the triage questions.

Every parser takes what a person typed ("pretty bad", "since tuesday", "a couple of
beers") and returns a normalised value, or ``None`` when the text does not answer the
question. ``SKIPPED`` marks an explicit "skip" / "don't know".
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import List, Optional, Tuple

from clinical import vocabulary
from clinical.lexicon import normalise

SKIPPED = "skipped"

_SKIP = re.compile(
    r"^(?:skip\w*|pass|next|don't know|dont know|do not know|no idea|not sure|unsure|"
    r"i'm not sure|i don't know|idk|dunno|can't remember|cannot remember|"
    r"prefer not to say|rather not say|n/a|na|\?+)\W*$"
)


def is_skip(text: str) -> bool:
    """True for "skip", "not sure", "don't know" and the like."""
    return bool(_SKIP.match(normalise(text)))


# ------------------------------------------------------------------ severity
_SEVERITY_WORDS: List[Tuple[str, str]] = [
    (r"\bnot (?:too |that |very |so )?(?:bad|severe|serious)\b", "mild"),
    (
        r"\b(?:severe|severely|very bad|really bad|so bad|terrible|awful|unbearable|worst|"
        r"extreme|extremely|horrible|horrendous|agony|excruciating|can't cope|cannot cope|"
        r"debilitating|intense)\b",
        "severe",
    ),
    (
        r"\b(?:moderate|moderately|medium|pretty bad|quite bad|fairly bad|bad|annoying|"
        r"bothersome|middling|in between|so-so|noticeable|uncomfortable)\b",
        "moderate",
    ),
    (
        r"\b(?:mild|mildly|slight|slightly|a bit|a little|bit|little|minor|manageable|"
        r"not much|barely|ok|okay|fine|tolerable|light)\b",
        "mild",
    ),
]
_SCORE = re.compile(r"\b(10|[0-9])(?:\s*(?:/|out of|of)\s*10)?\b")


def parse_severity(text: str) -> Optional[str]:
    """mild | moderate | severe from words or a 0-10 score."""
    clean = normalise(text)
    score = _SCORE.search(clean)
    if score and (len(clean) <= 12 or "10" in clean[score.end() - 2 :] or "/" in clean):
        value = int(score.group(1))
        return "mild" if value <= 3 else "moderate" if value <= 6 else "severe"
    for pattern, level in _SEVERITY_WORDS:
        if re.search(pattern, clean):
            return level
    return None


# ------------------------------------------------------------------ onset
_NUM = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "couple of": 2,
    "a couple of": 2,
    "couple": 2,
    "few": 3,
    "a few": 3,
    "several": 4,
}
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}


def parse_onset(text: str, today: Optional[_dt.date] = None) -> Optional[Tuple[str, float]]:
    """(label, days ago) for when it started; None when the text gives no time."""
    clean = normalise(text)
    today = today or _dt.date.today()
    if re.search(
        r"\b(?:just now|today|this (?:morning|afternoon|evening)|tonight|"
        r"an hour ago|hours? ago|minutes? ago|few hours)\b",
        clean,
    ):
        return ("today", 0.0)
    if re.search(r"\b(?:yesterday|last night)\b", clean):
        return ("yesterday", 1.0)
    if re.search(r"\b(?:more than|over|longer than|at least) (?:2|two) weeks\b", clean):
        return ("more than 2 weeks", 15.0)
    match = re.search(
        r"\b(\d+|a couple of|couple of|a few|few|several|an?|one|two|three|four|five|six|"
        r"seven|eight|nine|ten)\s*(day|week|fortnight|month|year)s?\b",
        clean,
    )
    if match:
        number = match.group(1)
        count = float(number) if number.isdigit() else float(_NUM.get(number, 1))
        days = count * _UNIT_DAYS[match.group(2)]
        return (
            f"{match.group(1)} {match.group(2)}s ago".replace("an ", "1 ")
            if count != 1
            else f"1 {match.group(2)} ago",
            days,
        )
    match = re.search(r"\blast (week|month|year)\b", clean)
    if match:
        return (f"last {match.group(1)}", float(_UNIT_DAYS[match.group(1)]))
    for index, day in enumerate(vocabulary.WEEKDAYS):
        if re.search(rf"\b{day[:3]}(?:{day[3:]})?\b", clean):
            delta = (today.weekday() - index) % 7 or 7
            return (f"since {day.title()}", float(delta))
    if re.search(r"\b(?:ages|a long time|long time|for ever|forever|always|months|years)\b", clean):
        return ("a long time", 60.0)
    if re.search(r"\b(?:recently|the other day|few days|couple of days|days)\b", clean):
        return ("a few days ago", 3.0)
    if re.search(r"\b(?:weeks)\b", clean):
        return ("a few weeks ago", 21.0)
    if re.search(r"\bsince (?:i |he |she |they )?(?:started|starting|began|beginning)\b", clean):
        return ("since starting baclofen", float("nan"))
    return None


# ------------------------------------------------------------------ yes / no
# Shared yes/no words (clinical/vocabulary.py) + answers about having or doing something.
_YES = vocabulary.starts_with(
    vocabulary.YES_WORDS
    + (
        "i do",
        "i have",
        "i did",
        "he does",
        "she does",
        "he has",
        "she has",
        "they do",
        "it was",
        "it did",
    )
)
_NO = vocabulary.starts_with(
    vocabulary.NO_WORDS
    + (
        "not really",
        "never",
        "none",
        "i don't",
        "i haven't",
        "i didn't",
        "he doesn't",
        "she doesn't",
        "he hasn't",
        "she hasn't",
    )
)


def parse_yes_no(text: str) -> Optional[str]:
    """ "yes" | "no" | SKIPPED | None."""
    clean = normalise(text)
    if is_skip(clean):
        return SKIPPED
    if _NO.match(clean):
        return "no"
    if _YES.match(clean):
        return "yes"
    return None


def parse_recent_change(text: str) -> Optional[str]:
    """Did they start baclofen or have a dose increase recently? yes | no | SKIPPED."""
    clean = normalise(text)
    answer = parse_yes_no(clean)
    if answer:
        return answer
    if re.search(
        r"\b(?:just started|started|new|increased|upped|went up|higher dose|"
        r"dose (?:was )?(?:raised|increased|changed)|recently)\b",
        clean,
    ):
        return "yes"
    if re.search(
        r"\b(?:same dose|for years|for months|ages|long time|no change|"
        r"hasn't changed|not changed)\b",
        clean,
    ):
        return "no"
    return None


# ------------------------------------------------------------------ missed doses
def parse_missed_doses(text: str) -> Optional[str]:
    """none | one | several | stopped | SKIPPED."""
    clean = normalise(text)
    if is_skip(clean):
        return SKIPPED
    if re.search(
        r"\b(?:stopped|quit|came off|come off|cold turkey|ran out|run out|"
        r"no more|gave up)\b",
        clean,
    ):
        return "stopped"
    if re.search(
        r"\b(?:no missed|none missed|not missed|haven't missed|never miss|"
        r"taking it as usual|as prescribed|as normal|as usual|every dose|"
        r"all my doses|on time)\b",
        clean,
    ):
        return "none"
    if re.search(
        r"\b(?:several|a few|few|many|lots|couple|two|three|four|2|3|4|5|"
        r"some doses|a day|days|multiple)\b",
        clean,
    ):
        return "several"
    if re.search(
        r"\b(?:one|1|a dose|a single|once|missed one|one dose|forgot one|"
        r"missed a|forgot a|forgot my)\b",
        clean,
    ):
        return "one"
    answer = parse_yes_no(clean)
    if answer == "no":
        return "none"
    if answer == "yes":
        return "one"
    return None


# ------------------------------------------------------------------ sedatives
_SEDATIVE_WORDS = {
    **{group: vocabulary.words_pattern(words) for group, words in vocabulary.SEDATIVES.items()},
    "other": vocabulary.words_pattern(vocabulary.OTHER_SEDATIVE_WORDS),
}


def parse_sedatives(text: str) -> Optional[str]:
    """Comma-separated sedative groups ("alcohol,opioid"), "none", SKIPPED or None."""
    clean = normalise(text)
    if is_skip(clean):
        return SKIPPED
    found = [group for group, pattern in _SEDATIVE_WORDS.items() if re.search(pattern, clean)]
    if found and not re.match(r"^(?:no|none|nothing|not)\b(?! (?:much|many))", clean):
        return ",".join(found)
    if re.match(
        r"^(?:no|nope|nah|none|nothing|neither|not really|never|i don't drink|"
        r"no alcohol|haven't|i haven't)\b",
        clean,
    ):
        return "none"
    answer = parse_yes_no(clean)
    if answer == "yes":
        return "other"
    return None


# ------------------------------------------------------------------ route
def parse_route(text: str) -> Optional[str]:
    """oral | pump | SKIPPED | None."""
    clean = normalise(text)
    if is_skip(clean):
        return SKIPPED
    if re.search(r"\b(?:pump|intrathecal|itb|spinal|implant\w*)\b", clean):
        return "pump"
    if re.search(
        r"\b(?:mouth|oral|orally|tablets?|pills?|liquid|solution|syrup|"
        r"suspension|granules|swallow)\b",
        clean,
    ):
        return "oral"
    return None


# ------------------------------------------------------------------ kidneys
def parse_kidney(text: str) -> Optional[str]:
    """yes | no | SKIPPED (not sure) | None."""
    clean = normalise(text)
    if re.search(
        r"\b(?:dialysis|ckd|kidney (?:disease|failure|problems?|issues?)|"
        r"renal)\b",
        clean,
    ) and not re.match(r"^(?:no|not|never|none)\b", clean):
        return "yes"
    if re.search(r"\b(?:kidneys? (?:are )?(?:fine|ok|okay|normal|healthy))\b", clean):
        return "no"
    return parse_yes_no(clean)


# ------------------------------------------------------------------ symptoms
SYMPTOM_PATTERNS = {
    "drowsiness": r"\b(?:sleepy|drowsy|drowsiness|sleepiness|groggy|dozy|sedated|"
    r"can't stay awake|nodding off)\b",
    "tiredness": r"\b(?:tired|tiredness|exhausted|fatigue\w*|no energy|worn out|lethargic)\b",
    "dizziness": r"\b(?:dizzy|dizziness|light[- ]?headed\w*|vertigo|spinning|wobbly|"
    r"unsteady|off balance)\b",
    "weakness": r"\b(?:weak|weakness|floppy|legs give way|no strength|jelly legs)\b",
    "nausea": r"\b(?:nause\w*|sick|queasy|"
    r"throwing up|vomit\w*|upset stomach|stomach upset)\b",
    "headache": r"\b(?:headaches?|head hurts|migraine)\b",
    "constipation": r"\b(?:constipat\w*|can't poo|can't go to the toilet|bunged up)\b",
    "urination": r"\b(?:pee\w*|wee\w*|urinat\w*|toilet a lot|bathroom a lot|bladder)\b",
    "sleep_problems": r"\b(?:can't sleep|trouble sleeping|insomnia|not sleeping|"
    r"sleeping badly|awake all night)\b",
    "low_blood_pressure": r"\b(?:low blood pressure|low bp|blood pressure (?:is )?low|"
    r"faint when i stand|dizzy when i stand)\b",
    "mood_change": r"\b(?:depress\w*|low mood|down|sad|hopeless|agitat\w*|anxious|"
    r"irritable|mood swings?|mood)\b",
    "itching": r"\b(?:itch\w*)\b",
    "tingling": r"\b(?:tingl\w*|pins and needles|numb\w*)\b",
    "spasms": r"\b(?:spasms?|spasticity|stiff\w*|cramps?|tight muscles)\b",
    "confusion": r"\b(?:confus\w*|disorient\w*|muddled)\b",
    "blurred_vision": r"\b(?:blurr\w*|double vision|vision)\b",
    "dry_mouth": r"\bdry mouth\b",
    "rash": r"\b(?:rash|hives|spots)\b",
    "fever": r"\b(?:fever\w*|high temperature|temperature)\b",
}
COMMON_SIDE_EFFECTS = frozenset(
    {
        "drowsiness",
        "tiredness",
        "dizziness",
        "weakness",
        "nausea",
        "headache",
        "constipation",
        "urination",
        "sleep_problems",
        "low_blood_pressure",
        "dry_mouth",
        "blurred_vision",
    }
)


# "not dizzy, just tired": drop the negated part before looking for symptoms.
_NEGATED_SEGMENT = re.compile(
    r"\b(?:no|not|never|without|isn't|aren't|don't have|doesn't have)\b[^,.;!?]*?"
    r"(?=,|\.|;|!|\?|\bbut\b|\bjust\b|\bonly\b|$)"
)


def parse_symptoms(text: str) -> Optional[List[str]]:
    """Symptom codes named in the text; ["other"] for an undescribed "something else"."""
    clean = _NEGATED_SEGMENT.sub(" ", normalise(text))
    if is_skip(clean):
        return None
    found = [code for code, pattern in SYMPTOM_PATTERNS.items() if re.search(pattern, clean)]
    if found:
        return found
    if re.search(r"\b(?:something else|other|another)\b", clean):
        return ["other"]
    return None
