"""One vocabulary: every word list that more than one part of the assistant reads.

The red-flag lexicon (``lexicon``), the form's answer parsers (``parsing``), the form's
"extra details volunteered" check (``form_answers``) and the disposition rules
(``disposition``) all read the sedative groups from here, and both yes/no readers
build on the same yes and no words, so a word added here is known everywhere
(before, "melatonin" was a sedative in one copy and "heroin" in another).
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, Pattern, Tuple

# Days of the week: the form's onset parser ("since Tuesday") and the detector's
# earlier-timing triggers ("on Monday", "last Friday") read the same list.
WEEKDAYS: Tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

# --- sedatives (clinical brief section 5) --------------------------------------------
# Group -> words (regex fragments). Every group adds to baclofen's drowsiness and can
# slow breathing (brief 5), so every group counts for "sedatives + very drowsy".
MONTHS: Tuple[str, ...] = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

# "now I am good", "now she's fine" (set F): the story is over, like "fine now"
FINE_NOW_SUBJECTS: Tuple[str, ...] = (
    "i'm",
    "i am",
    "he's",
    "he is",
    "she's",
    "she is",
    "they're",
    "they are",
    "we're",
    "it's",
    "it is",
)
FINE_NOW_STATES: Tuple[str, ...] = (
    "good",
    "fine",
    "ok",
    "okay",
    "well",
    "better",
    "all right",
    "much better",
    "so much better",
    "a lot better",
    "stable",
    "settled",
)

# "she's back to her normal self", "back to himself" (set G): the person has recovered,
# the story is over (clinical.timing reads it as resolved, the detector as history)
BACK_TO_SELF: Tuple[str, ...] = tuple(
    [f"back to {who}" for who in ("himself", "herself", "myself", "themselves")]
    + [
        f"back to {poss} {kind} {self_}"
        for poss, self_ in (("his", "self"), ("her", "self"), ("my", "self"), ("their", "selves"))
        for kind in ("normal", "usual", "old")
    ]
    + [f"{poss} normal self again" for poss in ("his", "her", "my")]
    # "Today he's his usual self, doing the crossword" (set AE); never "he's not his usual
    # self", which the words in between keep out
    + [
        f"{who} {poss} {kind} self"
        for who, poss in (
            ("he's", "his"),
            ("she's", "her"),
            ("i'm", "my"),
            ("he is", "his"),
            ("she is", "her"),
            ("i am", "my"),
        )
        for kind in ("usual", "normal", "old")
    ]
    + [
        f"{who} {self_} again"
        for who, self_ in (("he's", "himself"), ("she's", "herself"), ("i'm", "myself"))
    ]
)

# A sign that has not stopped ("it hasn't gone away", "won't shift"): the words of
# going away, negated, say that it goes on now (clinical.timing and the detector's
# ConText modifiers both read them; never as "it went away").
STILL_GOING: Tuple[str, ...] = (
    "hasn't gone away",
    "has not gone away",
    "hasn't gone",
    "not gone away",
    "hasn't gone off",
    "won't go away",
    "will not go away",
    "won't go",
    "isn't going away",
    "is not going away",
    "not going away",
    "didn't go away",
    "never went away",
    "won't shift",
    "will not shift",
    "won't ease",
    "won't ease off",
    "hasn't eased",
    "not easing",
    "isn't easing",
    "won't settle",
    "hasn't settled",
    "won't let up",
    "hasn't let up",
    "won't wear off",
    "hasn't worn off",
    "hasn't passed",
    "still there",
    # "my breathing is slower ... and it has not gone back to normal" (set AD): not over
    "hasn't gone back to normal",
    "has not gone back to normal",
    "hasn't come back to normal",
    "has not come back to normal",
    "hasn't returned to normal",
    "has not returned to normal",
    "isn't back to normal",
    "is not back to normal",
    "still not back to normal",
    "still not normal",
)


SEDATIVES: Dict[str, Tuple[str, ...]] = {
    "alcohol": (
        "alcohol",
        "drinks?",
        "drinking",
        "drank",
        "beers?",
        "wine",
        "vodka",
        "whiske?y",
        "gin",
        "rum",
        "pints?",
        "booze",
        "drunk",
        "cocktails?",
        "lager",
        "cider",
        "spirits",
        "shots",
        "glass of",
        "bevvies",
        "tinnies",
        "cans of",
    ),
    "opioid": (
        "opioids?",
        "opiates?",
        "oxycodone",
        "oxycontin",
        "oxy",
        "morphine",
        "codeine",
        "co-codamol",
        "cocodamol",
        "tramadol",
        "fentanyl",
        "hydrocodone",
        "vicodin",
        "percocet",
        "methadone",
        "heroin",
        "buprenorphine",
        "painkillers?",
        "pain killers?",
        "dihydrocodeine",
    ),
    "gabapentinoid": ("pregabalin", "lyrica", "gabapentin", "neurontin"),
    "benzodiazepine": (
        "benzo\\w*",
        "diazepam",
        "valium",
        "lorazepam",
        "ativan",
        "alprazolam",
        "xanax",
        "clonazepam",
        "klonopin",
        "temazepam",
        "chlordiazepoxide",
        "anxiety (?:pills|meds|medicine|tablets)",
        "nerve pills",
    ),
    "sleeping_pill": (
        "sleeping (?:pills?|tablets?)",
        "sleepers",
        "zolpidem",
        "ambien",
        "zopiclone",
        "sleep aids?",
        "melatonin",
        "nytol",
        "zzzquil",
    ),
    "antihistamine": (
        "antihistamines?",
        "benadryl",
        "diphenhydramine",
        "promethazine",
        "phenergan",
        "chlorphenamine",
        "piriton",
        "hay ?fever (?:pills|tablets)",
    ),
    "antidepressant": (
        "antidepressants?",
        "amitriptyline",
        "nortriptyline",
        "tricyclics?",
        "maois?",
        "mirtazapine",
    ),
    "cannabis": ("cannabis", "weed", "marijuana", "edibles?", "spliffs?"),
}
# Groups named in the brief's list of things that add to drowsiness (all of them).
SEDATIVE_GROUPS = frozenset(SEDATIVES) | {"other"}
OTHER_SEDATIVE_WORDS = (
    "other (?:sedating |sleepy )?(?:medicines|meds|tablets|pills)",
    "sedatives?",
    "something else",
    "other sedating medicines",
)


def words_pattern(words: Iterable[str]) -> str:
    """A regex that matches any of ``words`` as whole words."""
    return r"\b(?:" + "|".join(words) + r")\b"


def sedative_patterns() -> Dict[str, Pattern[str]]:
    """Group -> compiled pattern, for every sedative group."""
    return {group: re.compile(words_pattern(words)) for group, words in SEDATIVES.items()}


ANY_SEDATIVE = words_pattern(w for words in SEDATIVES.values() for w in words)

# --- yes / no -------------------------------------------------------------------------
YES_WORDS = (
    "y",
    "ya",
    "yes+",
    "yeah",
    "yep",
    "yup",
    "yea",
    "sure",
    "correct",
    "right",
    "definitely",
    "absolutely",
    "affirmative",
    "true",
    "ok yes",
    "si",
    "sí",
    "oui",
    "ja",
)
NO_WORDS = ("n", "no+", "nope", "nah", "negative", "false", "not at all", "non", "nein")


def starts_with(words: Iterable[str]) -> Pattern[str]:
    """A regex matching text that starts with one of ``words`` (whole word)."""
    return re.compile(r"^\s*(?:" + "|".join(words) + r")\b")
