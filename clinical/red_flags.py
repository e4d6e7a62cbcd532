"""Negation-aware red-flag detection (clinical brief sections 3-6, 8 and 10).

``analyse(text)`` finds every red flag and context fact in one message and, with
medspaCy's ConText algorithm on a blank English spaCy pipeline, works out for each
mention whether it is negated ("no trouble breathing"), a question or hypothetical
("can baclofen cause seizures?"), history ("last year, but fine now"), about another
person in the past ("my grandma had seizures"), or of unclear timing ("sometimes I
get confused"). A caregiver describing the patient now ("my husband won't wake up")
counts as the patient.

``assess(history)`` turns the mentions of the whole conversation into one decision:
emergency, clarify (ask "right now?"), doctor_today, or nothing. It is pure Python with
no Rasa types, used by the Rasa server's SafetyPolicy on every turn, and by the
triage form and the tests.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import logging
import re
from dataclasses import dataclass, field
from typing import Any, FrozenSet, Iterable, List, Optional, Sequence, Tuple, cast

from clinical import lexicon, spelling, timing, vocabulary
from clinical.text import sentences

logger = logging.getLogger(__name__)

# ConText categories (our own names; medspaCy allows any).
NEGATED = "NEGATED"
HYPOTHETICAL = "HYPOTHETICAL"
HISTORICAL = "HISTORICAL"
RECENT = "RECENT"  # happening now, or so recently that it counts as now
EARLIER = "EARLIER"  # earlier / last night / yesterday: ask whether it is still happening
PAST = "PAST"
UNCERTAIN = "UNCERTAIN"
HEDGE = "HEDGE"  # "maybe", "might be": unsure of the fact
CLAUSE = "CLAUSE"  # ", his ...": a new clause, where a negation's scope ends
OTHER_PERSON = "OTHER_PERSON"
REPORTED = "REPORTED"  # a news story or something heard about
RESOLVED = "RESOLVED"  # "no longer", "anymore": over, unless part of the sign itself
# "sometimes", "lately", "on and off": not always, so ask; but thoughts of suicide that
# come and go are there now (set E: "sometimes I do think about not being here")
FREQUENT = "FREQUENT"

# Words that put a sign today (recency; see also _EVENT_SIGNS)
_TODAY_WORDS = (
    "today",
    "tonight",
    "this morning",
    "this afternoon",
    "this evening",
    "just now",
    "an hour ago",
    "minutes ago",
    "mins ago",
    "just had",
    "just happened",
    "just",
    "a minute ago",
    "moments ago",
)

# Counts in dates ("died ten years ago")
_COUNT_WORDS = (
    "a few",
    "a couple of",
    "several",
    "many",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
)

# (phrase, category, direction, max_scope); max_scope None = the whole sentence.
_MODIFIERS: List[Tuple[str, str, str, Optional[int]]] = [
    # negation
    *[
        (p, NEGATED, "FORWARD", 6)
        for p in (
            "no",
            "not",
            "never",
            "denies",
            # "Negative on fever, head's clear" (set AA): a report's "negative"
            "negative on",
            "negative for",
            "deny",
            "none",
            "nor",
            "neither",
            "don't have",
            "do not have",
            "doesn't have",
            "does not have",
            "didn't have",
            "haven't had",
            "hasn't had",
            "have not had",
            "has not had",
            "haven't",
            "hasn't",
            "no sign of",
            "no signs of",
            "free of",
            "isn't",
            "aren't",
            "wasn't",
            "weren't",
            "not any",
            "no more",
            "don't",
            "doesn't",
            "didn't",
            "not feeling",
            "nothing like",
            "nobody",
            "no one",
            "noone",
            "ruled out",
            # "I wouldn't ever hurt myself" (set H); plain "wouldn't" is left out: "she
            # wouldn't respond and was breathing slowly" is two signs
            "wouldn't ever",
            "would not ever",
            "won't ever",
            "will never",
            "i'd never",
            "zero",
            "nada",
            "sin",
            "pas de",
        )
    ],
    ("without", NEGATED, "FORWARD", 3),  # "4 days without, now a fever": not the fever
    *[
        (p, NEGATED, "BACKWARD", 4)
        for p in (
            "is fine",
            "are fine",
            "is ok",
            "is okay",
            "is normal",
            "are normal",
            "is good",
            "not a problem",
            "no problem",
            "none at all",
            "gone away",
            "went away",
            "nope",  # "chest pain nope, breathing fine" (set I)
        )
    ],
    # "they might have to give us the 25mg/5ml one instead", "what a reaction would look
    # like", "anything about baclofen and seizures I should know" (set I)
    *[
        (p, HYPOTHETICAL, "FORWARD", 8)
        for p in ("might have to", "may have to", "anything about", "what an")
    ],
    ("would look like", HYPOTHETICAL, "BACKWARD", 8),
    # "enough to give anyone a seizure lol" (set V): a figure of speech
    ("enough to give", HYPOTHETICAL, "FORWARD", 5),
    # "the booking system had a total seizure" (set X): a machine's, not a person's
    *[
        (f"{thing} {verb}", HYPOTHETICAL, "FORWARD", 3)
        for thing in (
            "system",
            "computer",
            "website",
            "app",
            "laptop",
            "server",
            "printer",
            "wifi",
            "internet",
            # "stock market had a seizure today lol", "the engine had a seizure" (set AB)
            "market",
            "engine",
            "car",
            "van",
            "bus",
            "phone",
            "economy",
            "boiler",
            "price",
            "shares",
            "stocks",
        )
        for verb in ("had a", "has had a", "is having a", "was having a", "having a")
    ],
    # "I'm filling in a life insurance form and it asks if I've ever had an overdose" (set
    # AC): the form's question, not a report
    *[
        (p, HYPOTHETICAL, "FORWARD", 10)
        for p in (
            "it asks if",
            "it asks whether",
            "form asks",
            "questionnaire asks",
            "the question asks",
            "form wants to know",
            "they want to know if",
            "they want to know whether",
            "asks about any",
        )
    ],
    # "I dreamt last night that I stopped breathing in my sleep" (set Y): a dream's signs
    *[
        (p, HYPOTHETICAL, "FORWARD", 16)
        for p in (
            "dreamt",
            "dreamed",
            "dreamt that",
            "dreamed that",
            "had a dream",
            "a dream where",
            "a dream that",
            "in my dream",
            "in the dream",
            "a nightmare",
            "nightmare that",
            "nightmare where",
            "nightmare about",
        )
    ],
    # "I worry that one night I'll just stop breathing in my sleep" (set Y): a fear of
    # what might happen; "I'm scared that I can't breathe" (now) is not in this list
    *[
        (f"{fear} {what}", HYPOTHETICAL, "FORWARD", 10)
        for fear in ("worry", "worried", "scared", "afraid", "frightened", "terrified", "fear")
        for what in (
            "that i'll",
            "i'll",
            "that i will",
            "that one day",
            "that one night",
            "one day i'll",
            "one night i'll",
            "that someday",
            "that he'll",
            "he'll",
            "that she'll",
            "she'll",
            "that i might",
            "i might",
        )
    ],
    # "teaching my class about seizures next week" (set X): a lesson, not a report
    *[
        (p, HYPOTHETICAL, "FORWARD", 6)
        for p in ("teaching my class about", "teaching about", "a lesson on", "a lesson about")
    ],
    # the signs a leaflet or a list names, and the people a job is spent with (set AA: "she's
    # listed slow breathing, hallucinations, seizures and coma from my baclofen leaflet"; "I
    # spend all day with people who can't breathe, are fitting, confused")
    *[
        (p, HYPOTHETICAL, "FORWARD", 12)
        for p in (
            "has listed",
            "she's listed",
            "he's listed",
            "listed",
            "the leaflet says",
            "the leaflet lists",
            "leaflet mentions",
            "with people who",
            "with patients who",
            "see people who",
            "treat people who",
        )
    ],
    *[
        (p, HYPOTHETICAL, "BACKWARD", 12)
        for p in (
            "are possible",
            "is possible",
            "are listed",
            "is listed",
            "from my leaflet",
            "from the leaflet",
            "from my baclofen leaflet",
            "on the leaflet",
            "in the leaflet",
        )
    ],
    # questions and hypotheticals about the medicine, not a report
    *[
        (p, HYPOTHETICAL, "FORWARD", 6)
        for p in (
            "what if",
            "how common",
            "how likely",
            "is it common",
            "how often do",
            "can stopping",
            "does stopping",
            "will stopping",
            "would stopping",
            "could stopping",
            "let's say",
            "say someone",  # "say someone accidentally took double, is that dangerous?"
            "say somebody",
            "say a child",
            "suppose",
            "supposing",
            "imagine if",
            "hypothetically",
            "say i",  # "say I took a double dose, what then?" (never "to say he's...")
            # asking whether to take more, not saying that more was taken ("should I
            # take an extra tablet to catch up?"); never plain "should I" ("should I call
            # an ambulance, he's not breathing")
            "should i take",
            "should i give",
            "can i take",
            "can i give",
            "shall i take",
            "do i take",
            "is it ok to take",
            "is it okay to take",
            "is it safe to take",
            "would like to",
            "if",
            "in case",
            "cause",
            "causes",
            "causing",
            "can cause",
            "risk of",
            "risks of",
            "chance of",
            "chances of",
            "danger of",
            "dangers of",
            "signs of",
            "symptoms of",
            "need to list",
            "to list",
            "care plan for",
            "watch for",
            "watch out for",
            "look out for",
            "how do i know",
            "how would i know",
            "how will i know",
            "what should i do if",
            "what do i do if",
            "what to do if",
            "should i worry about",
            # "should I be worried about having more seizures?" (set W): a future risk
            "should i be worried about",
            "should we be worried about",
            "should i be concerned about",
            "do i need to worry about",
            "about having more",
            "is it possible to",
            "possible to",
            "can you get",
            "can you have",
            "do people get",
            "can people",
            "tell me about",
            "what are",
            "what about",
            "prevent",
            "avoid",
            "lead to",
            "result in",
            "might",
            "could i",
            "would i",
            "will i",
            "can i get",
            "am i at risk",
            "at risk of",
            "does it",
            "does baclofen",
            "can baclofen",
            "could baclofen",
            "will baclofen",
            "would baclofen",
            "can it",
            "could it",
            "would it",
            "will it",
            "is there a risk",
            "more likely",
            "afraid of getting",
            "scared of getting",
            "worried i might get",
            "list of",
            "information about",
            "info on",
            "what happens if",
            "what happens when",
            "could this",
            "would this",
            "if i",
            "if you",
            # "what do you do when you can't catch your breath?": you in general
            "when you",
            "when your",
            # "my training is spotting someone who can't breathe" (set W): anyone
            "someone who",
            "somebody who",
            "anyone who",
            "a person who",
            "if he",
            "if she",
            "if they",
            "if my",
            "is it true",
            "true that",
            "suppose",
            "supposing",
            "imagine",
            "in the event",
            "say she has",
            "say he has",
            "say i have",
            "what does",
            "what would",
            "is that something",
            "what should the",
            "what should a",
            "would that",
            "is this something",
        )
    ],
    ("warning signs", HYPOTHETICAL, "FORWARD", 15),  # "... like fever, rigidity or itching"
    # "could drinking with it make me stop breathing?": a question about the medicine
    *[
        (p, HYPOTHETICAL, "FORWARD", 4)
        for p in (
            "make me",
            "give you",
            "give me",
            "gives you",
            "give him",
            "give her",
            "make you",
            "make him",
            "make her",
            "make them",
            "make people",
        )
    ],
    # history, resolved
    *[
        (p, HISTORICAL, "BIDIRECTIONAL", None)
        for p in (
            "years ago",
            "year ago",
            "months ago",
            "month ago",
            "weeks ago",
            "last year",
            "last month",
            # "Last summer my son took extra baclofen ... he was fine" (set S)
            "last summer",
            "last winter",
            "last spring",
            "last autumn",
            "last fall",
            "last christmas",
            "last easter",
            # "When my daughter was two she swallowed some of my baclofen ... she's seven
            # now" (set U)
            *[
                f"when my {who} {was}"
                for who in (
                    "son",
                    "daughter",
                    "child",
                    "boy",
                    "girl",
                    "little one",
                    "kids",
                    "children",
                    "grandson",
                    "granddaughter",
                    "baby",
                )
                for was in ("was", "were")
            ],
            "as a child",
            "as a kid",
            "when i was",
            "when he was",
            "when she was",
            "in the past",
            "history of",
            "used to",
            "previously",
            "fine now",
            "better now",
            "ok now",
            "okay now",
            "all good now",
            "resolved",
            "long time ago",
            "a long time ago",
            "long ago",
            # "had a bad reaction to baclofen in the 90s" (set AB)
            "in the 70s",
            "in the 80s",
            "in the 90s",
            "in the seventies",
            "in the eighties",
            "in the nineties",
            "in the 2000s",
            "back in",
            "months back",
            "years back",
            "weeks back",
            "childhood",
            "before i started",
            "before he started",
            "well now",
            "good now",
            "fine since",
            "fine these days",
            "never since",
            "not since",
            "before she started",
            "decades ago",
            "ages ago",
            "once before",
            "years back",
            "a while back",
            "a while ago",
            "as a teenager",
            "as a teen",
            "as a baby",
            "fine ever since",
            "fine since then",
            "ok ever since",
            "okay ever since",
            "well ever since",
            "been fine since",
            "been fine ever since",
            "good ever since",
            "no problems since",
            "never happened again",
            "in a good place",
            "spent a week in",
            "spent the night in",
            "spent a night in",
            "spent two weeks in",
            "spent a few days in",
            "ended up in intensive care",
            "ended up in hospital",
            "ended up in a&e",
            "ended up in the er",
            "ended up in emergency",
            "kept me in overnight",
            "kept him in overnight",
            "kept her in overnight",
            "sent me home",
            "sent him home",
            "sent her home",
            "back then",
            "seizure free",
            "seizure-free",
            "fit free",
            "when i was a teenager",
            "when i was a kid",
            "when i was a child",
            "been sorted",
            "been sorted out",
            "sorted out now",
            "completely recovered",
            "fully recovered",
            "was admitted",
            "were admitted",
            "was discharged",
            "my late",
            "late husband",
            "late wife",
            # ("well controlled" is a negation of the sign before it, below: one rule only,
            # so which of two equal spans wins cannot depend on the order of the rules)
            "under control",
            "in his twenties",
            "in her twenties",
            "in my twenties",
            "in his teens",
            "in her teens",
            "in my teens",
            "it's all over",  # not "itchy all over now"
            "it's over now",
            "doing well now",
            "much better now",
            *vocabulary.BACK_TO_SELF,
            "back to normal",
            "been well",
            "healed",
            "healed up",
            "in the spring",
            "in the summer",
            "in the autumn",
            "in the fall",
            "in the winter",
            "over the summer",
            "at christmas",
            "at easter",
            "last christmas",
            "last summer",
            "last winter",
            "last spring",
            "last autumn",
            # ("in may" is too often the verb: "in may be")
            *[f"in {month}" for month in vocabulary.MONTHS if month != "may"],
            *[f"last {month}" for month in vocabulary.MONTHS],
            # "now I am good" (set F), like "good now"
            *[
                f"now {who} {state}"
                for who in vocabulary.FINE_NOW_SUBJECTS
                for state in vocabulary.FINE_NOW_STATES
            ],
            # "nothing since" / "none since" only at the end of a clause (below): "none
            # since friday, now feverish" is about the tablets (set H)
            "nothing since then",
            "none since then",
            "nothing like it since",
        )
    ],
    # "my seizures are well controlled at the moment" (set W): not a sign now
    *[(p, NEGATED, "BACKWARD", 4) for p in ("well controlled", "well-controlled")],
    # "... passed out once, but that was a long time ago": the clause is about the sign
    *[
        (p, HISTORICAL, "BACKWARD", None)
        for p in (
            "but that was",
            "but that was a long time ago",
            "but that was years ago",
            "but it was years ago",
            "but that's in the past",
            "but that was ages ago",
        )
    ],
    ("once", PAST, "BIDIRECTIONAL", 5),  # "passed out once"
    # hedges: unsure of the fact, not of the time. With a present statement in the same
    # sentence ("breathing really slowly, maybe 6 breaths a minute") the sign is now.
    *[
        (p, HEDGE, "BIDIRECTIONAL", 6)
        for p in (
            "i think i might",
            "might have",
            "maybe",
            "not sure if",
            "i wonder if",
            "could it be",
            "might be",
        )
    ],
    # "are puffy lips a sign of an allergy?": the question may come after the sign
    *[
        (p, HYPOTHETICAL, "BIDIRECTIONAL", 8)
        for p in (
            "a sign of",
            "sign of",
            "a symptom of",
            "symptom of",
            "a sign that",
            # "is confusion a real side effect or an old wives' tale?" (set E)
            "a real side effect",
            "a genuine side effect",
            "a known side effect",
            "a common side effect",
            "a rare side effect",
            "a recognised side effect",
            "a recognized side effect",
            "old wives",
            "a warning sign",
            "counts as",
            "count as",
        )
    ],
    *[
        (p, RESOLVED, "BIDIRECTIONAL", None)
        for p in (
            "no longer",
            "not anymore",
            "any more",
            "anymore",
            "not any more",
        )
    ],
    # explicit recency: overrides history and past tense
    *[
        (p, RECENT, "BIDIRECTIONAL", None)
        for p in (
            *_TODAY_WORDS,
            "right now",
            "now",
            "currently",
            "at the moment",
            "hours ago",
            "still",
            "again",
            "days ago",
            "day ago",
            "keeps",
            "keep",
            "all day",
            "is having",
            "am having",
            "are having",
            "happening",
            "ongoing",
            "getting worse",
            "right away",
            "is being",
            "help",
            # "since last night she has been ...": the time is when it started; it goes on
            "since last night",
            "since yesterday",
            "since earlier",
            "since this morning",
            "since this afternoon",
            "since lunch",
            "since then",
            "ever since",
            "since the weekend",
            "has been",
            "have been",
            "'s been",
            "'ve been",
            "for the last",
            "for the past",
            "in the last",
            "in the past hour",
            "in the past few hours",
            "over the last hour",
        )
    ],
    # "my sister keeps saying baclofen made her have a seizure in 2017" (set M): what
    # keeps happening is the saying, not the sign ("keeps saying she can't breathe" is
    # still current by its own present tense)
    *[
        (f"{keep} {verb}", "PSEUDO", "PSEUDO", None)
        for keep in ("keeps", "keep", "kept")
        for verb in ("saying", "telling", "asking", "insisting", "claiming", "going on")
    ],
    *[
        (p, EARLIER, "BIDIRECTIONAL", None)
        for p in (
            "earlier",
            "earlier today",
            "last night",
            "yesterday",
            "the other day",
            "this morning but",
            "earlier on",
            "earlier this afternoon",
            "earlier this morning",
            "earlier this evening",
            *[f"on {day}" for day in vocabulary.WEEKDAYS],
            "earlier tonight",
            "last week",
            "last weekend",
            *[f"last {day}" for day in vocabulary.WEEKDAYS],
        )
    ],
    # past tense or vague timing without a date: ask whether it is happening now
    # past-tense verbs reach forward only: in "why is my speech slurring, I only had my
    # normal tablets" the "had" is about the tablets
    *[
        (p, PAST, "FORWARD", 5)
        for p in (
            "had",
            "was",
            "were",
            "did",
            "felt",
            "went",
            "died",
            "said",
            "told me",
            "mentioned",
            "saw",
        )
    ],
    *[
        (p, FREQUENT, "BIDIRECTIONAL", 6)
        for p in (
            "sometimes",
            "lately",
            "recently",
            "these days",
            "for weeks",
            "for a few weeks",
            "occasionally",
            "on and off",
            "at times",
            "now and then",
            "now and again",
            "once or twice",
            "a few times",
            "from time to time",
            "every so often",
        )
    ],
    *[
        (p, UNCERTAIN, "BIDIRECTIONAL", 6)
        for p in (
            "worried about",
            "concerned about",
            "is it normal to",
            "is it normal for",
            "a side effect",
            "side effect?",
            "usually",
            "tends to",
            "tend to",
            "has had",
            "have had",
            "gets",
            "epilepsy",
            "epileptic",
        )
    ],
    # another person (family history) vs the person cared for
    *[
        (p, OTHER_PERSON, "BIDIRECTIONAL", None)
        for p in (
            "grandma",
            "grandmother",
            "grandpa",
            "grandfather",
            "granny",
            "nan",
            "nana",
            "aunt",
            "auntie",
            "uncle",
            "cousin",
            "friend",
            "friends",
            "neighbour",
            "neighbor",
            "colleague",
            "coworker",
            "co-worker",
            "family history",
            "runs in my family",
            "runs in the family",
            "in my family",
            "someone i know",
            "a friend",
            "somebody",
            "someone",
            "my brother",
            "brother-in-law",
            "sister-in-law",
            "father-in-law",
            "mother-in-law",
            "my sister",
            "my dog",
            "my cat",
            "a man",
            "a woman",
            "a guy",
            "a lady",
            "someone in",
            "a kid",
            "a child",
            "someone's",
        )
    ],
    # the people of a match: a report of the game, never the person cared for, whatever
    # the tense (set AC: "their keeper was out cold for a minute after a collision", "our
    # striker couldn't breathe out there"); "now" or "just" still makes it current, and
    # "he's a striker" (what the person is) is not a match report
    *[
        (f"{whose} {who}", REPORTED, "BIDIRECTIONAL", None)
        for whose in ("the", "our", "their")
        for who in (
            "keeper",
            "goalkeeper",
            "goalie",
            "striker",
            "defender",
            "midfielder",
            "winger",
            "footballer",
            "footballers",
            "referee",
            "boxer",
            "opponent",
            "batsman",
            "bowler",
            "jockey",
            "athlete",
            "commentator",
            "player",
            "players",
            "ref",
            "defence",
            "defense",
        )
    ],
    # something read or heard about, not happening to the patient
    *[
        (p, REPORTED, "BIDIRECTIONAL", None)
        for p in (
            "news",
            "news story",
            "a story",
            "an article",
            "read about",
            "heard about",
            "saw a story",
            "on tv",
            "on the telly",
            "documentary",
            "on the radio",
            # never the person being cared for: what others online or in a group say
            # (not bare "people": "I keep seeing shadow people")
            "people say",
            "people said",
            "people online",
            "people on",
            "people in my",
            "people who",
            "other people",
            "some people",
            "many people",
            "lots of people",
            "a lot of people",
            "most people",
            "tiktok",
            "youtube",
            "instagram",
            "facebook",
            "reddit",
            "twitter",
            "a video",
            "a post",
            "a reel",
            "a clip",
            "a podcast",
            "a patient",
            "patients",
            # "the lady in the next bed on the ward had a fit" (set AD): another patient
            "next bed",
            "bed opposite",
            "another patient",
            "other patient",
            "my group",
            "support group",
            "forum",
            "online",
            "i read",
            "i heard",
            "told us about",
            "was saying that",
            "were saying that",
            "was saying how",
            "were saying how",
            "told me about",
        )
    ],
    # "since yesterday he has been ...": started then, still going (set K)
    *[
        (p, RECENT, "BIDIRECTIONAL", None)
        for p in ("since yesterday", "since last night", "since this morning")
    ],
    # hearsay (set K): "my mate reckons baclofen gave him seizures"
    *[(p, REPORTED, "FORWARD", 10) for p in ("reckons", "reckoned", "claims", "swears that")],
    # what the leaflet lists (set H), within a few words: "why does the leaflet say
    # hallucinations?"; "side effects like seizures" lists examples
    *[
        (p, REPORTED, "FORWARD", 20)
        for p in ("leaflet", "the leaflet", "package insert", "patient information leaflet")
    ],
    *[
        (p, HYPOTHETICAL, "FORWARD", 10)
        for p in ("things like", "side effects like", "scary things like", "warnings like")
    ],
    # teaching and training (set T): "present on baclofen overdose: vomiting, seizures,
    # coma", "on my carer training course we covered overdose signs", "it lists seizures"
    *[
        (p, REPORTED, "BIDIRECTIONAL", 25)
        for p in (
            "presentation",
            "present on",
            "training course",
            # "on my care certificate course today they said ..." (set Y)
            "my course",
            "our course",
            "certificate course",
            "care certificate",
            "on the course",
            "the tutor said",
            "our tutor",
            "the trainer said",
            "training day",
            "training session",
            "writing a care plan",
            "need to include",
            "first aid course",
            "first aid training",
            "learned what to do",
            "learnt what to do",
            "write a care plan",
            "in my notes",
            "lecture",
            "revising",
            "revision",
            "assignment",
            "essay",
            "exam question",
            "it lists",
            "they covered",
            "we covered",
        )
    ],
    # when the dose was taken dates the dose, not the sign (set Z: "speech gone slurred
    # and one side of my face feels numb, took baclofen earlier")
    *[
        (f"{verb} {what} {when}", "PSEUDO", "PSEUDO", None)
        for verb in ("took", "taken", "had")
        for what in (
            "baclofen",
            "my baclofen",
            "the baclofen",
            "his baclofen",
            "her baclofen",
            "my dose",
            "my tablets",
            "my tablet",
            "my meds",
        )
        for when in ("earlier", "earlier today", "this morning", "last night", "at lunch")
    ],
    # a witness is not the patient (set AA: "I had a seizure, my neighbour saw it through
    # the window and came in"): the sign stays the writer's
    *[
        (f"{who} {saw}", "PSEUDO", "PSEUDO", None)
        for who in (
            "neighbour",
            "neighbor",
            "wife",
            "husband",
            "partner",
            "friend",
            "colleague",
            "flatmate",
            "son",
            "daughter",
            "mum",
            "dad",
            "carer",
        )
        for saw in ("saw it", "saw me", "found me", "saw the whole thing", "watched it")
    ],
    # what others say about the writer is a report, not "say I took ..." (set Z: "My mates
    # say I keep passing out")
    *[
        (f"{who} say i", "PSEUDO", "PSEUDO", None)
        for who in (
            "mates",
            "friends",
            "they",
            "people",
            "family",
            "kids",
            "carers",
            "nurses",
            "doctors",
            "colleagues",
            "flatmates",
            "housemates",
            "parents",
            "everyone",
        )
    ],
    # look like a trigger but are not one ("the worst I've ever had", "had to call")
    *[
        (p, "PSEUDO", "PSEUDO", None)
        for p in (
            # "when I was first on baclofen I got so drowsy I couldn't be woken" (set AA):
            # "so" as in "very" does not end the clause ("..., so I rang" still does)
            "got so",
            "was so",
            "were so",
            "felt so",
            "became so",
            # "is it ok to just sleep it off if I've got chest pain?" (set AA): "if I've got"
            # is what the person has, not a hypothetical ("if I get" still is)
            "if i've got",
            "if i have got",
            "if ive got",
            "if he's got",
            "if she's got",
            # "only breathing every so often" (set AA): how the breathing goes, not a sign
            # that comes and goes
            "breathing every so often",
            "breathing every now and then",
            "breathing every now and again",
            "breath every so often",
            "breath every now and then",
            # "a different noise from the hourly beep I'm used to" (set AA): accustomed to,
            # not a habit in the past
            "i'm used to",
            "i am used to",
            "we're used to",
            "he's used to",
            "she's used to",
            "they're used to",
            "get used to",
            "got used to",
            "getting used to",
            # "good news I'm not dead yet, bad news my chest hurts" (set P): not a story
            "good news",
            "bad news",
            "the good news",
            "the bad news",
            "ever had",
            "i've ever had",
            "have ever had",
            "had to",
            "had a look",
            "had a go",
            "what do i do",
            "what should i do",
            "what do we do",
            "what should we do",
            # "can I still take baclofen?": the question's "still", not the sign's (set R)
            *[
                f"{verb} {who} still"
                for verb in ("can", "could", "should", "do", "will", "may", "shall")
                for who in ("i", "he", "she", "we", "they", "you")
            ],
            "is it still",
            "is it still ok",
            "still allowed",
            # a state at the time, not history: "I think I took extra last night when I was
            # half asleep" (set U)
            *[
                f"when {who} was {state}"
                for who in ("i", "he", "she")
                for state in (
                    "half asleep",
                    "asleep",
                    "sleepy",
                    "tired",
                    "drowsy",
                    "groggy",
                    "confused",
                    "drunk",
                    "out of it",
                    "not thinking",
                    "in pain",
                )
            ],
            # the day the tablets were stopped, not of the sign: "I'm seeing things since I
            # stopped my baclofen cold turkey on tuesday" (set T)
            *[
                f"{what} on {day}"
                for what in (
                    "cold turkey",
                    "stopped it",
                    "stopped them",
                    "stopped",
                    "stopped baclofen",
                    "stopped my baclofen",
                    "stopped taking it",
                )
                for day in vocabulary.WEEKDAYS
            ],
            # "help" as a verb, not a call for help: "took extra thinking it would help" (S)
            "would help",
            "will help",
            "might help",
            "could help",
            "it would help",
            "to help",
            "help with",
            "helps with",
            # starting the medicine, not the sign: "his eyes are swelling, he started
            # baclofen yesterday"
            *[
                f"started {what} {when}"
                for what in (
                    "baclofen",
                    "it",
                    "them",
                    "the tablets",
                    "the liquid",
                    "taking it",
                    "the new tabs",
                    "the new tablets",
                    "new tablets",
                    "the tabs",
                    "my tabs",
                    "the new ones",
                    "the new medicine",
                )
                for when in ("yesterday", "last night", "last week", "this morning", "today")
            ],
            # the time of the dose, not of the sign: "my speech is slurry, took my
            # baclofen earlier" (set F)
            *[
                f"{verb} {whose} {what} {when}"
                for verb in ("took", "had", "taken")
                for whose in ("my", "his", "her")
                for what in ("baclofen", "dose", "tablet", "tablets", "meds", "medicine")
                for when in ("earlier", "yesterday", "last night", "this morning", "at lunch")
            ],
            # the date of someone's death or retirement, not of the sign (set J): "asking
            # for people who passed years ago", "talking to his brother who died in 2015"
            *[
                f"{verb} {when}"
                for verb in ("passed", "passed away", "died", "retired", "who died", "who passed")
                for when in (
                    "years ago",
                    "ages ago",
                    "long ago",
                    "a long time ago",
                    "in",
                    "a year ago",
                    "last year",
                    # "talking to her sister who died ten years ago" (set R)
                    *[
                        f"{count} {unit} ago"
                        for count in (*_COUNT_WORDS, *map(str, range(2, 61)))
                        for unit in ("years", "yrs")
                    ],
                )
            ],
            # the day the tablets were counted, not of the sign: "two blisters empty that
            # were full yesterday" (set R)
            *[
                f"{verb} {when}"
                for verb in ("full", "were full", "was full", "were there", "counted them")
                for when in ("yesterday", "last night", "this morning", "earlier")
            ],
            # an emphatic statement, not a question: "what does come out is slurred"
            "what does come out",
            "what did come out",
            "what comes out",
            # "no baclofen for 2 days, temp 39": the "no" is the missed doses' (set K)
            "no baclofen",
            "no tablets",
            "no meds",
            "no medication",
            # "itching with no rash and the spasms are back": the "no" is the rash's
            "no rash",
            "with no rash",
            "without a rash",
            "without rash",
            # "temperature is 37.9, not that high, and my legs are far stiffer" (set L): the
            # "not" is the temperature's
            "not that high",
            "not too high",
            "not very high",
            "not that bad",
            "not too bad",
            # "grandma says he's been fine" (set L): someone's word, not a recovery
            "says he's fine",
            "says she's fine",
            "says he's been fine",
            "says she's been fine",
            "says he is fine",
            "says she is fine",
            "insists he's fine",
            "insists she's fine",
            "says i'm fine",
            # "if I'm honest", "a long time ago now" (set K): not a question, not now
            "if i'm honest",
            "if im honest",
            "if i am honest",
            "if i'm being honest",
            "ago now",
            # "we were on a video call with grandpa" (set L): a call, not a video watched
            "video call",
            "a video call",
            "on a video call",
            # "just curious": not recency
            "just curious",
            "just wondering",
            "just asking",
            "just checking",
            "just want to know",
            "just wanted to know",
            "just to check",
        )
    ],
    # a comma and a new subject start a new clause: "he doesn't drink, his words are
    # garbled". Only negation stops there (lists such as "no fever, rash or cough" have
    # no new subject; "as a kid, my lips swelled" keeps its history).
    *[
        (f", {subject}", CLAUSE, "PSEUDO", None)
        for subject in ("his", "her", "my", "he", "she", "i", "they", "we", "their")
    ],
    # "... music that isn't playing and I keep seeing shapes": "and" + a new subject
    # with its own verb starts a new clause too
    *[
        (f"and {subject} {verb}", CLAUSE, "PSEUDO", None)
        for subject in ("i", "he", "she", "they")
        for verb in (
            "keep",
            "keeps",
            "can",
            "can't",
            "am",
            "is",
            "are",
            "feel",
            "feels",
            "have",
            "has",
        )
    ],
    *[
        (f"and {subject}", CLAUSE, "PSEUDO", None)
        for subject in ("i'm", "he's", "she's", "they're")
    ],
    # sentence-internal scope breakers
    *[
        (p, "TERMINATE", "TERMINATE", None)
        for p in (
            "but",
            "cos",
            "coz",
            "however",
            "though",
            "although",
            "except",
            "apart from",
            "aside from",
            "yet",
            "and now",
            "so",
            "because",
            "which",
            "who",
            ";",
            "and then",
            "then",
        )
    ],
    # A comparison with an earlier illness carries the comparison's date, not the
    # sign's: "my words are jumbled, like when I had my stroke in 2015" (set V)
    *[
        (f"{like} {rest}", "TERMINATE", "TERMINATE", None)
        for like in ("like", "same as", "just like", "the same as", "similar to")
        for rest in (
            "when",
            "the time",
            "last time",
            "i was",
            "i did",
            "he was",
            "he did",
            "she was",
            "she did",
            "it was",
            "it did",
            "they were",
            "they did",
            "in my",
            "in his",
            "in her",
            "with my",
            "with his",
            "with her",
        )
    ],
]

# Red flags for which past tense without a date still means "act now" (the event
# itself is the emergency, however it is phrased).
_ALWAYS_ACT = frozenset({"overdose", "suicidal"})
# Facts that make withdrawal likely when combined with a severe sign.
_WITHDRAWAL_CAUSES = frozenset({"missed_doses", "stopped", "pump_problem"})
# brief 4/10: withdrawal with fever, confusion, rigidity (severe spasms), hallucinations or
# seizures is an emergency; spasms that are worse but not severe are an early sign
_WITHDRAWAL_SEVERE = frozenset({"fever", "confusion", "severe_spasms", "hallucinations", "seizure"})
_WITHDRAWAL_EARLY = frozenset(
    {"itching", "spasms_return", "tingling", "lightheaded", "spasms_worse", "spasms_bit_worse"}
)
# A pump problem (brief 8): stopped, empty, low, alarming, late refill, catheter.
_PUMP_PROBLEMS = frozenset({"pump_problem", "critical_alarm", "pump_low"})
# The same without the hourly low-reservoir beep (pump_low): brief 8's "pump problem"
# list (critical alarm, stopped or empty pump, late refill, catheter), as the rules name it
PUMP_TROUBLE = _PUMP_PROBLEMS - {"pump_low"}
# Signs whose words are a description ("lips ... swollen"): a plain negation inside the
# matched words negates them. Signs such as "can't breathe" or "won't wake" are made of a
# negation, so they are not in this set, and "can't"/"won't" never negate here.
_DESCRIBED = frozenset(
    {
        "allergic_reaction",
        "chest_pain",
        "seizure",
        "fainting",
        "severe_spasms",
        "fever",
        "stiff_neck",
        "wound_drainage",
        "pump_wound",
        "spasms_worse",
        "spasms_return",
        "spasms_bit_worse",
    }
)


_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:and|but|so)\b")


def _clause_break(between: str) -> bool:
    """Text between a sign and a later trigger starts a new clause (", now I ...")."""
    return bool(_CLAUSE_BREAK.search(between))


# a sign made of a negation ("doesn't know who I am", "can't wake him"): its "any more"
# is the change that came, not a recovery
_NEGATIVE_STATE = re.compile(r"\b(?:not|no longer|never|cannot|\w+n't)\b")
_INNER_NEGATION = re.compile(r"\b(?:not|isn't|aren't|wasn't|weren't|no longer|never)\b")
# "not awake for some seconds": the negation is the sign (fainting)
_NOT_AWAKE = re.compile(
    r"\b(?:not|wasn't|was not|wouldn't|didn't) (?:awake|conscious|wake up|responding|wake)\b|"
    # "not know anything for one minute" (set J): the sign is made of the negation
    r"\b(?:not|didn't|did not|doesn't) (?:know|remember|feel) anything for\b"
)
# "pump wound: no redness, no leaking": the sign word itself is negated inside the match
_INNER_NO = re.compile(r"\b(?:no|without|nil)\s+(?:\w+\s+)?[\w-]+$")
# "I almost fainted when the pharmacist said...": a reaction, not a sign (not "when I
# stood up")
_IDIOM_REACTION = re.compile(
    r"\b(?:passed out|fainted|died|collapsed) (?:laughing|from laughing|with laughter|from "
    r"boredom|of boredom|with boredom)\b|"
    r"\b(?:almost|nearly|could have|could've|practically)\s+(?:fainted|passed out|died|"
    r"collapsed|had a heart attack)\s+(?:when|at|after)\s+(?:i\s+)?(?:the\s+|my\s+|he\s+|"
    r"she\s+|they\s+|we\s+)?(?:\w+\s+)?(?:said|says|told|saw|heard|read|found out|got|asked|"
    r"announced|showed|gave me)\b"
)


def _asks_whether_to_take(sentence: str) -> bool:
    """A question about taking more, with nothing said to be taken already."""
    clean = sentence.strip()
    return (clean.endswith("?") or bool(_QUESTION_WORD.match(clean))) and not _TAKEN.search(clean)


_QUESTION_WORD = re.compile(r"^(?:is|do|does|should|can|could|shall|would|will|may|must)\b")
_TAKEN = re.compile(r"\b(?:took|taken|swallowed|gave|given|ate|eaten|had)\b")
# "lol I can't breathe", "nearly passed out when he said, joking": ask, don't alarm.
_JOKING = re.compile(
    r"\b(?:lol+|lmf?ao+|rofl|haha\w*|hehe\w*|jk|joking|just kidding|"
    r"kidding)\b|[\U0001F602\U0001F923\U0001F606]"
)
# "My wife asked me who I was ... then burst out laughing because I'd shaved off my beard"
# (set AC): the other person laughed or teased; their own words were the joke
_THEY_JOKED = re.compile(
    r"\b(?:he|she|they|(?:my|our) \w+) (?:then |just |both )?(?:burst out laughing|cracked up|"
    r"started laughing|was (?:only )?(?:teasing|joking|pulling my leg|winding me up|"
    r"having me on))\b"
    r"|\bthen (?:burst out laughing|cracked up)\b"
)
# ... unless the person says it is serious ("lol but not joking, I'm seeing people")
_SERIOUS = re.compile(
    r"\b(?:not joking|no joke|not kidding|seriously|for real|i mean it|freaking out|"
    r"panicking|scared|terrified|worried|help)\b|"
    # asking whether it is the medicine is asking in earnest ("... side effect??")
    r"\bside[- ]effect\s*\?|\bis (?:this|that|it) (?:normal|the baclofen|the medicine)\b|"
    r"\bshould i (?:be worried|worry)\b|"
    # the joke half taken back (set Y): "Kidding. Mostly. I've actually been thinking about
    # it", "haha ... honestly been planning how"
    r"\b(?:kidding|joking)\W{0,3}(?:mostly|sort of|kind of|kinda|partly|not really|or am i|"
    r"maybe)\b|"
    r"\bhalf (?:joking|kidding|serious)\b|\b(?:actually|honestly|genuinely|really) been "
    r"(?:thinking|planning|considering)\b"
)
# "if the spasms don't kill me I'll do it myself" (set Y): the "if" is the condition, the
# intention is said outright
_DO_IT_MYSELF = re.compile(r"\bdo it (?:my|him|her) ?self\b")
# A laugh next to a sign tied to the medicine or the clock is gallows humour, not a figure
# of speech (set Y): "lol ... can't get a proper breath since my evening baclofen", "face
# nearly in the mash lmao ... new baclofen dose"; "lol I can't breathe" is still asked
_TIED_TO_DOSE = re.compile(
    r"\b(?:since|after|from) (?:i took |taking |having )?(?:my|his|her|the|this|that|tonight's|"
    r"today's|this morning's)(?: \w+)? (?:baclofen|dose|tablets?|pills?|meds|medication|"
    r"liquid)\b|\bnew (?:baclofen )?dose\b|\b(?:dose|baclofen)\b[^.?!]{0,15}?\b(?:went up|"
    r"was (?:increased|raised|upped|put up)|increase)\b|\b(?:upped|increased|raised) (?:my|his|"
    r"her|the) (?:baclofen|dose)\b"
)
# "I thought she'd got into my tablets, but they're all there": no overdose after all
_DISPROVEN = re.compile(
    r"\b(?:all (?:the |of the |my |his |her )?(?:tablets|pills|doses) (?:are|were) (?:there|"
    r"accounted for)|none (?:are|were) missing|nothing (?:is|was) missing|"
    # not a child's own denial (set AD: "She says she didn't eat anything but she's got
    # white powder on her lips")
    + "".join(
        f"(?<!{verb} {who} )"
        for verb in ("says", "said", "swears", "swore", "claims", "claimed", "insists", "insisted")
        for who in ("she", "he", "they")
    )
    + r"(?:hadn't|didn't|did not|had not) (?:swallow|take|eat)\w* (?:any|anything)|"
    r"counted (?:them|everything|"
    r"all of them)\b[^.?!]{0,30}?\ball there|"
    # "I haven't taken any of it yet" (set M): a new bottle, nothing swallowed
    r"(?:haven't|have not|hasn't|has not|not) (?:taken|given|had|used|opened|started) "
    r"(?:any|any of (?:it|them)|it|them)(?: yet)?(?=[.,;!?]| yet\b|$)|"
    # "no wait, I've just checked the blister pack and only one is gone" (set T)
    r"only one (?:is|was|has) (?:gone|missing|out|been taken)|(?:took|taken|had|given) the "
    r"right (?:dose|amount|number)|"
    # "I nearly took my evening dose twice but my pill organiser showed I'd already had it,
    # so I didn't"; "the packet was still sealed ... every tablet is there" (set AA)
    r"(?:nearly|almost|was about to|went to) (?:take|took|give|gave|double)\b[^.?!]{0,60}?"
    r"\b(?:but|so|then)\b[^.?!]{0,60}?\b(?:(?:i|he|she|we) (?:didn't|did not|stopped|realised|"
    r"realized|remembered)|caught (?:myself|himself|herself|it)|only (?:took|had|gave) (?:one|"
    r"the one))|"
    # "the child-lock cap was still on ... all 56 tablets are there" (set AB)
    r"all (?:\d+ )?(?:of (?:the|my|his|her) )?(?:tablets|pills) (?:are|were) (?:there|still "
    r"there|accounted for)|(?:child[- ]?lock|childproof|child-proof)? ?(?:cap|lid) (?:was|is) "
    r"still on|"
    r"every (?:single )?(?:tablet|pill|dose|one) (?:is|was|is still|was still) (?:there|"
    r"accounted for|in the (?:pack|packet|box|bottle))|(?:packet|pack|box|bottle|blister) (?:was|"
    r"is) still (?:sealed|unopened)|"
    # "so I haven't taken any from the new bottle" (set Q)
    r"(?:haven't|have not|hasn't|has not|didn't|did not) (?:taken|given|had|used|take|give) any "
    r"(?:from|of|out of) (?:the|that|this) (?:new |other |strong |stronger )?(?:bottle|one|"
    r"liquid|box|pack))\b"
)
# "I've taken all my doses" (set M): taking every dose is keeping to the schedule, not an
# overdose, unless they were taken together or twice
_ADHERENCE = re.compile(
    r"\b(?:taken|took|had|given|gave|take|taking|takes|having|giving)\b (?:all|every one) (?:of )?"
    r"(?:my|his|her|their) "
    r"(?:\w+ )?doses\b"
)
_ALL_TOGETHER = re.compile(
    r"\b(?:at once|together|altogether|in one go|at the same time|too many|extra|again|twice|"
    r"double)\b"
)
# "does it hurt if you take loads of them" (set M): asking how an overdose would feel is
# the warning sign itself, whatever its question form
_LETHALITY_QUESTION = re.compile(
    r"\b(?:painful|painless|hurt|hurts|suffer|peaceful)\b[^.?!]{0,20}?\b(?:if|when)\b"
)
# "she hasn't drunk anything, slurring everything" (set M): the negation has its object
# ("anything", "at all") and a comma closes it; the sign after the comma is not negated
_NEGATION_CLOSED = re.compile(r"\b(?:anything|any|at all|any of it|a drop|nothing)\s*[,;]")
_SEDATIVES = frozenset(vocabulary.SEDATIVES)
# "my neighbour's little boy has seizures" (set N): a condition someone has, not a fit now
_HABITUAL_BEFORE = re.compile(r"\b(?:has|have|gets|get|suffers from|suffer from|is prone to)\s+$")
_HABITUAL_SIGN = re.compile(r"^(?:seizures|fits|convulsions|epileptic fits)$")
# "I'm really anxious about seizures on baclofen" (set N): a worry about a sign named as
# a thing, not a description of one
_WORRY_BEFORE = re.compile(
    r"\b(?:(?:anxious|worried|scared|nervous|frightened|afraid|concerned|paranoid|terrified|"
    r"worry|worrying|fear|fears|fearful)"
    # "more paranoid than most about overdoses" (set AE)
    r"(?:\s+than\s+(?:most|most people|others|usual|anyone|average|the average person))?"
    r"\s+(?:about|of)|"
    # "I've read horror stories about fevers and seizures" (set O)
    r"(?:read|heard|seen|reading|hearing)\s+(?:(?:horror|scary|bad|awful)\s+)?(?:stories|"
    r"things|reports|warnings|posts)\s+(?:about|of)|"
    # "I've been reading everything about withdrawal and overdose" (set Z)
    r"(?:reading|read|researching|googling|googled|looking up|looked up|reading up)\s+"
    r"(?:(?:everything|a lot|loads|lots|all|stuff|things|up)\s+)?(?:about|on|into))\s+"
    r"(?:getting\s+|having\s+|"
    r"the\s+)?(?:a\s+|any\s+)?(?:\w+\s+and\s+)?$"
)
_GENERIC_SIGN = re.compile(
    r"^(?:seizures?|fits?|convulsions?|overdos\w*|hallucinations?|withdrawal|fainting|"
    r"allergic reactions?|side effects?|breathing problems?|fevers?|high fevers?)$"
)
# Signs people laugh off as a figure of speech ("lol I can't breathe", "I'm so confused
# lol"): with a laugh they are asked about. A laugh next to seeing or hearing things, a
# fit, a swelling throat, an overdose or locked muscles is nervous laughter (set F).
# A message typed like a search ("baclofen overdose symptoms", "baclofen hallucinations is
# that a thing", set Y): a few words, nobody in them, a word that asks about the sign.
# Typed by someone in the middle of it, too: the sign is asked about ("is this happening
# now?"), never left unanswered; thoughts of suicide are never downgraded by it.
_SEARCH_STYLE = re.compile(
    r"^(?=\W*(?:[\w'/.-]+\W*){1,8}$)"
    r"(?!.*\b(?:i|i'm|im|i've|ive|i'd|me|my|mine|we|we're|our|us|he|he's|she|she's|his|her|"
    r"him|they|they're|their|them|you|your|mum|mom|dad|son|daughter|husband|wife|partner|baby|"
    r"child|kid|patient|now|just|today|tonight|help|please|urgent|emergency|took|taken|having|"
    r"happening|can't|cannot|won't)\b)"
    r".*\b(?:symptoms?|signs?|side effects?|how long|timeline|duration|is (?:that|this|it) "
    r"(?:a thing|normal|common|possible|real|likely)|common|causes?|risks?|meaning|definition)\b"
)
_HYPERBOLE = frozenset(
    {"breathing", "fainting", "confusion", "severe_drowsiness", "suicidal", "chest_pain"}
)
# A faint or a fit today is an emergency even when the person feels fine again (brief 3):
# "blacked out twice today, ok now" (set F). Dates before today still count as history.
_EVENT_SIGNS = frozenset({"fainting", "seizure"})
# An overdose taken earlier the same day or last night is still an emergency (brief 6:
# no antidote, any suspected overdose -> poison centre now), and so is a faint or a fit
# (brief 3): these dates do not make it a question (set I: "took 8 of his baclofen last
# night", "my husband passed out earlier"); "yesterday" or "last week" still asks
_SAME_DAY = frozenset(
    {
        "earlier",
        "earlier today",
        "earlier on",
        "earlier this morning",
        "earlier this afternoon",
        "earlier this evening",
        "earlier tonight",
        "last night",
        "this morning but",
    }
)
_STOPPING_PLANNED = (
    "wants to",
    "want to",
    "wanting to",
    "would like to",
    "thinking of",
    "thinking about",
    "planning to",
    "plan to",
    "how to",
    "way to",
    "hoping to",
    "keen to",
)
_TODAY = frozenset(_TODAY_WORDS)
_DAYS_BEFORE = frozenset({"days ago", "day ago"})
# dates that keep a device problem in the past: long ago, or over ("fixed", "fine now");
# "last Tuesday", "yesterday", "weeks ago" do not (the refill date, when it was found)
_KEEPS_HISTORY = re.compile(
    r"year|month|child|kid|past|history|used to|previous|now|since|resolv|long|before|"
    r"when (?:i|he|she|they)|back in|fixed|sorted"
)
_NOT_LITERALLY = re.compile(r"\b(?:not literally|figuratively|metaphorically)\b")
_LITERAL_BUT = re.compile(r"\bnot literally\W{0,3}(?:but|though|however|although)\b")
# a request for information: "Could you list what would count as an emergency, like
# breathing problems?", "What sort of neck stiffness would be worth worrying about?"
_INFO_REQUEST = re.compile(
    r"^\W*(?:[^,?]{0,40},\s*)?(?:(?:could|can|would|will) you (?:please )?(?:list|explain|"
    r"tell (?:me|us)|describe|"
    r"give (?:me|us)|go through|run through|remind (?:me|us))|(?:what|which) (?:sort|kind|type|"
    r"level|amount|degree) of)\b[^?]*\?\s*$"
)
_WISH_BEFORE = re.compile(r"\b(?:would like to|'d like to|i'd love to|wish i could|i want to)\b")
_YEAR_DATE = re.compile(r"\b(?:back in|in|during) ((?:19|20)\d\d)\b")
# a sentence that dates what it tells long ago (set AA: "Dad was admitted last year with
# baclofen toxicity"), and says nothing of now
_LONG_AGO = re.compile(
    r"\b(?:last year|(?:a|one|two|three|four|five|\d+|many|several|a few) years? ago|years ago|"
    r"years back|in my (?:teens|twenties|thirties|forties|fifties|sixties)|as a (?:child|kid|"
    r"teenager)|when (?:i|he|she) was (?:younger|little|a (?:kid|child|teenager|baby)))\b"
)


# The words before a date that make it the date of an operation or a dose change ("the
# pump was replaced last month", "put in 2 weeks ago"), not of a sign
_OPERATED = [
    "in",
    "fitted",
    "implanted",
    "inserted",
    "replaced",
    "started",
    "prescribed",
    "changed",
    "done",
    "revised",
    "moved",
]
# "I'm fine now but my husband can't breathe": a contrast after the "fine" starts news
_CONTRAST = re.compile(r"\b(?:but|however|though|whereas|while|except)\b")


def _story_for(ent: Any, doc: Any, tags: List[Any], index: int, dated_before: bool) -> Any:
    """``timing.story_after`` for a target, with two readings of its own sentence: an
    earlier sentence that dates the story long ago (``dated_before``), and a "fine now"
    that comes before the sign and a "but" ("I'm fine now but my husband can't breathe"),
    which says nothing about the sign."""
    story = timing.story_after(tags, index)
    if story.resolved_later and not timing.later_statements(tags, index):
        before = doc[ent.sent.start : ent.start].text
        ends = [fine.end() for fine in timing.RESOLVED_WORDS.finditer(before)]
        if ends and _CONTRAST.search(before[ends[-1] :]):
            story = dataclasses.replace(story, resolved_later=False, resolved_here=False)
    return dataclasses.replace(story, dated_before=dated_before)


def _year_before_this(text: str) -> bool:
    """``text`` names a year before this one ("in 2019", "back in 1998")."""
    year = _YEAR_DATE.search(text)
    return bool(year and int(year.group(1)) < datetime.date.today().year)


def _dated_long_ago(sentence: str) -> bool:
    old = _year_before_this(sentence) or bool(_LONG_AGO.search(sentence))
    return old and not _NOW_WORDS.search(sentence)


# "He stopped breathing in my arms and turned grey. That was my grandad in 1998" (set AE):
# a sentence that dates the one before it long ago, or at an age long past ("That was on
# her 4th birthday, before she had any medicines"). Not "That was 5 minutes ago".
_THAT_WAS = re.compile(r"^\W*(?:that|this|it)(?: all)? (?:was|happened|were)\b")
_PAST_AGE = re.compile(
    r"\b(?:on (?:his|her|my|their|our) \d+(?:st|nd|rd|th) birthday|when (?:he|she|i|they|we) "
    r"(?:was|were) (?:\d+|a baby|a toddler|little|small|a child|a kid|at school)|as a (?:baby|"
    r"toddler|child|kid)|before (?:he|she|i|they) (?:had|took|was on|started) any)\b"
)
_SAME_DAY_WORDS = re.compile(
    r"\b(?:today|tonight|this (?:morning|afternoon|evening)|last night|yesterday|just now|"
    r"(?:minutes?|mins?|hours?|an hour) ago|now)\b"
)


def _dated_by_next(texts: Sequence[str]) -> set:
    """Indexes of the sentences that a "that was ..." sentence dates long ago: the
    "that was" sentence itself and the one before it."""
    found: set = set()
    for i, text in enumerate(texts):
        if i and _THAT_WAS.search(text) and not _SAME_DAY_WORDS.search(text):
            if _year_before_this(text) or _LONG_AGO.search(text) or _PAST_AGE.search(text):
                found.update((i - 1, i))
    return found


# "Years ago I stopped baclofen cold turkey and ended up having a seizure" (set Q)
_LONG_AGO_START = re.compile(
    r"^\W*(?:(?:many|several|a few|some|\d+|two|three|four|five|ten) )?(?:years|months) "
    r"(?:ago|back)\b"
)
# "If this itching gets any worse I'll ring the clinic" (set Q): the sign is there now
_WORSER = "worse|slower|faster|bigger|higher|tighter"
_IF_WORSE = re.compile(
    r"\bif (?:this|the|my|his|her|it|that|these)\b[^.?!,]{0,25}?\b(?:gets? (?:any |much |a bit )?"
    rf"(?:{_WORSER})|worsens|carries on|keeps? (?:up|going|on)|"
    r"doesn't stop|does not stop|doesn't ease|won't stop)\b"
)
# ("if it gets ANY worse" says it is there now, "if it gets much worse" does not)
_WORSE_WORDS = re.compile(rf"(?<!\bany )\b(?:{_WORSER}|worsens|worsening)\b")
# "Is chest pain a side effect of baclofen?": a question about the medicine, nobody in it
_GENERAL_QUESTION = re.compile(
    r"^\W*(?:is|are|can|could|does|do|would|will|might)\b[^?]{0,50}?\b(?:a (?:common |known |"
    r"possible |rare |usual )?side[- ]effects?|common|possible|likely|a risk|a known risk|linked "
    r"to|caused by|a sign of|"
    # "is the stiff neck thing after pump surgery something to look out for?" (set R)
    r"(?:something|anything|a thing|one) to (?:look out|watch out|watch|worry|be worried|be "
    r"concerned) (?:for|about))\b[^?]*\?\s*$"
)
# "What should I do if she ever swallowed one of my tablets? I want to be prepared" (set
# S): a what-if question. With no rule sign, the model's urgency is about the words: ask.
# Not an instruction told ("my GP told me that if I ever got a fever I should go in").
_WHAT_IF_QUESTION = re.compile(
    r"\bif (?:she|he|they|i|you|we|my \w+|the \w+|someone|anyone|a child|a kid) (?:ever|were "
    r"to|was to|happened to|should ever)\b[^?]*\?"
)
# "What's the most baclofen someone can take in a day? I'm on 60mg" (set U): a question
# about the dose limit, not a report
_LIMIT_QUESTION = re.compile(
    r"\b(?:what'?s|what is|whats) the (?:most|max\w*|highest|upper limit|top dose|biggest dose)"
    r"\b[^?]{0,60}\?"
)
_PREPARING = re.compile(
    r"\b(?:want|wanted|like|trying) to be prepared\b|\bin case (?:it|this|that) (?:ever )?"
    r"happens\b"
)


# Planning questions (set AE: "My wedding is in three weeks! ... Is it ok to have a glass
# of champagne for the toast?"; "Is taking two 5mg the same as one 10mg?"; set AD's "what
# should I watch for while I mind my grandson?"): a question about something to come or
# a dose sum, with no rule sign in the message, is asked about, not escalated on the
# model's word alone
_PERMISSION_QUESTION = re.compile(
    r"^\W*(?:so |and |but |also )?(?:is it (?:ok|okay|safe|alright|all right|fine|wise|a good "
    r"idea)|can (?:i|we|he|she)|could (?:i|we|he|she)|should (?:i|we|he|she)|shall (?:i|we)|"
    r"would it be|will it be|is there anything|what should (?:i|we)|do (?:i|we) need|any tips|"
    r"how (?:should|do|can) (?:i|we))\b[^?]*\?"
)
_TO_COME = re.compile(
    r"\b(?:in (?:a|one|two|three|four|five|six|\d+|a few|a couple of) (?:days|weeks|months)|"
    r"next (?:week|month|year|weekend|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|time)|(?:is|are) (?:coming up|booked|planned)|going (?:on|to) (?:a |an )?(?:cruise|"
    r"holiday|trip|flight|wedding|party)|(?:my|our|her|his) (?:wedding|holiday|cruise|trip) "
    r"is|before (?:i|we) (?:go|fly|travel|leave))\b"
)
_WATCH_FOR_QUESTION = re.compile(
    r"\bwhat (?:should|do|would|must) (?:i|we|they|he|she) (?:watch|look|keep an eye) (?:out )?"
    r"(?:for|on)\b[^?]*\?"
)
_DOSE_SUM_QUESTION = re.compile(
    r"\b(?:two|2|three|3|four|4|half|halves of|a half) (?:x )?\d+ ?mg\b[^?]{0,40}?\b(?:the same "
    r"as|equal to|equivalent to|instead of)\b[^?]*\?"
)


def asks_what_if(text: str) -> bool:
    """A what-if or dose-limit question, or preparing for one, or a planning question
    (the model alone does not escalate it: ``clinical.turn`` row 5)."""
    clean = lexicon.normalise(text)
    parts = sentences(clean)
    planning = (
        bool(_TO_COME.search(clean)) and any(_PERMISSION_QUESTION.search(part) for part in parts)
    ) or any(_WATCH_FOR_QUESTION.search(part) or _DOSE_SUM_QUESTION.search(part) for part in parts)
    return (
        planning
        or bool(_PREPARING.search(clean) or _LIMIT_QUESTION.search(clean))
        or any(_WHAT_IF_QUESTION.search(part) for part in parts)
    )


# "learned what to do if someone is having a seizure or can't breathe" (set U): first aid,
# not a report
_WHAT_TO_DO_IF = re.compile(
    r"\b(?:what to do|how to help|how to respond|how to react|what you should do|what we should "
    r"do) (?:if|when) (?:someone|somebody|a person|anyone|anybody|a patient|a resident|they|you)\b"
)
# "Is there any link between baclofen and hallucinations I should watch for?" (set U): a
# question about the medicine, whoever asks it
_LINK_QUESTION = re.compile(
    r"^\W*(?:is|are)\b[^?]{0,30}?\b(?:any|a|an) (?:link|connection|association) between\b"
    r"[^?]*\?\s*$"
)
# thinking about a method is never a figure of speech, laugh or not (set P: "haha don't
# worry ... I've just been thinking about how to kill myself a lot today")
_SUICIDE_METHOD = re.compile(r"\b(?:how to|ways? to|plan\w*|method)\b")
_TODAY_IN_SENTENCE = re.compile(
    r"\b(?:today|tonight|this (?:morning|afternoon|evening|am|pm)|earlier today|"
    r"(?:an|one|half an|a couple of|two) hours? ago|\d+ (?:mins?|minutes|hours?) ago|"
    r"minutes ago|just now)\b"
)
_FINE_AGAIN = re.compile(r"^(?:(?:ok|okay|fine|better|all good|well|good|much better) now|now .+)$")
# "Does baclofen cause seizures? Asking because my daughter just had one": the question is
# about what is happening (set F); "Is it dangerous to take 10 at once? I did it about an
# hour ago" (set U)
_ASKING_BECAUSE = re.compile(
    r"\b(?:asking|i ask|i'm asking|only asking|the reason i(?:'m)? ask(?:ing)?|i ask this) "
    r"(?:because|as|since|cos|coz)\b(?! (?:i'm|i am|we're|we are) (?:writing|doing|preparing|"
    r"studying|revising|making|planning)\b| i (?:want|wanted) to (?:know|be prepared|learn)\b"
    # a condition or a plan, not an event (set AD: "asking because I have epilepsy and my
    # neuro wants to start it")
    r"| (?:i|he|she|they|we|my \w+) (?:have|has|'ve got|has got|have got|was diagnosed with|"
    r"am diagnosed with) (?:epilepsy|ms|multiple sclerosis|cerebral palsy|cp|a seizure "
    r"disorder|asthma|copd|sleep apnoea|sleep apnea|kidney (?:disease|problems)|bipolar|"
    r"depression|a history of)\b| (?:my|his|her|the|our) (?:neuro\w*|doctor|gp|consultant|"
    r"nurse|specialist|physio|team|pump team) (?:wants|want|is going|suggested|has suggested|"
    r"mentioned|recommended|is starting|plans|is planning)\b)|"
    r"(?:^|[.!?] )(?:(?:i|he|she|we|they)(?: already| just)? (?:did|have done|has done|done)|"
    r"(?:i've|we've|he's|she's|they've|i'd)(?: already| just)? done) (?:it|that|this|so)\b"
    r"(?! (?:before|once|years|months|last year|as a))"
)
# "My cousin told me she had an allergic reaction, her face swelled up": another
# person's own past story in reported speech, with nothing in the sentence about now
_THEIR_STORY = re.compile(
    r"\b(?:cousin|aunt|auntie|uncle|friend|mate|neighbou?r|colleague|co-?worker|boss|"
    r"nan|nana|gran|granny|grandma|grandad|grandpa|grandfather|grandmother|in-law)\b"
    r"[^.?!]{0,30}?\b(?:told|tells|telling|said|says) (?:me|us)?(?: that)? ?(?:she|he|they) "
    r"(?:had|was|were|once|got|used to|ended up|nearly|went)\b|"
    # a relative's relative, in the past (set K): "my sister's husband had a reaction"
    r"\bmy \w+'s (?:husband|wife|partner|son|daughter|friend|mum|dad|mother|father|"
    r"boyfriend|girlfriend|brother|sister|uncle|aunt|auntie|cousin|nephew|niece|gran|granny|"
    r"grandma|grandad|grandpa|grandmother|grandfather|nan|nana|stepdad|stepmum|colleague|"
    r"neighbou?r|boss)\b[^.?!]{0,20}?\b(?:had|got|was|were|once|ended up|"
    r"\w+ed)\b"
)
# Concepts whose span swallows a sign word inside it (see ``_concepts``)
_COVERING_CODES = frozenset({"figure_of_speech", "pill_swallowing"})
_THIRD_PERSON = re.compile(
    r"\b(?:he|she|him|her|he's|she's|they|them|they're|my (?:bf|gf|boyfriend|girlfriend|husband|"
    r"wife|partner|son|daughter|mum|mom|dad|mother|father|brother|sister|friend|mate))\b"
)
# A sentence that tells what was watched, read or heard about someone else (set K):
# "Watched a documentary about a woman who ... after an overdose", "a nurse told us about
# a patient who hallucinated". With nothing in it about now, its signs are hearsay.
_HEARSAY_SENTENCE = re.compile(
    r"\b(?:watched|watching|saw|seen|read|reading|heard|listened to|listening to)\b[^.?!]{0,25}?"
    r"\b(?:documentary|documentaries|programmes?|programs?|shows?|film|films|movie|movies|"
    r"drama|dramas|series|soap|soaps|episode|article|story|news|podcast|video|post|thread)\b|"
    # "I read about a singer who had a seizure on stage" (set AC): a stranger's story
    r"\b(?:read|reading|heard|hearing|saw|seen|watched|watching) (?:an? (?:bit|piece|story|"
    r"article|post|item|report) )?about (?:a|an|some|this|that|the) (?:[\w'-]+ ){0,2}(?:who|"
    r"that|whose)\b|"
    # what a job has shown (set AE: "I'm a paramedic and I've been to a couple of baclofen
    # overdoses where people collapsed at home")
    r"\b(?:been to|attended|been called (?:out )?to|called out to|dealt with|seen) (?:a couple "
    r"of|a few|several|many|lots of|loads of|plenty of|dozens of|hundreds of|countless|so many) "
    r"(?:[\w']+ ){0,2}(?:overdoses|ods|call-?outs|jobs|cases|seizures|fits|collapses|arrests|"
    r"emergencies)\b|"
    # "Grey's Anatomy had a baclofen pump overdose storyline" (set Y)
    r"\b(?:had|has|did|there was|there's|there is|in) (?:a|an|this|that|the) (?:[\w']+ ){0,5}"
    r"(?:storyline|story line|plotline|plot line|plot|subplot)\b|"
    r"\b(?:told|telling|tell) (?:us|me) about (?:a|an|some|the|this|her|his) (?:patient|man|"
    r"woman|lady|guy|boy|girl|child|kid|person|friend|case|someone)\b|"
    # "in the soap last night a character had a seizure" (set N)
    r"\b(?:in|on) (?:the|a|that|this) (?:soap|soaps|film|movie|show|series|drama|episode|"
    r"programme|program|documentary|book|novel|news|podcast)\b[^.?!]{0,40}?\b(?:a|the|one) "
    r"(?:character|man|woman|guy|girl|boy|lady|patient|actor|actress)\b|"
    # "A TV drama last night had a character overdose" (set O): the story is the subject
    r"\b(?:soap|film|movie|show|series|drama|episode|programme|program|documentary|book|novel|"
    r"podcast|play)\b[^.?!]{0,25}?\b(?:had|has|showed|shows|featured|features|where|in which|"
    r"with|about) (?:a|an|the|one|this) (?:\w+ )?(?:character|man|woman|guy|girl|boy|lady|"
    r"patient|actor|actress|teenager|kid|mum|dad)\b|"
    # "I write horror novels ... my latest has a character who overdoses" (set AA): a
    # character written, not a person
    r"\b(?:has|had|have|with|there's|there is|about|writing|wrote|write) (?:a|an|the|one|this|my) "
    r"(?:\w+ )?character(?: in (?:my|the|a|his|her|this) (?:book|novel|story|script|film|play|"
    r"game|comic))? (?:who|that|whose|with)\b"
)
# The sentences after such a story that go on telling it (set N: "We watched a programme
# about a man whose catheter snapped. He got really ill with high fevers and seizures."):
# a past-tense sentence about him or her, with nothing about now and no "I" or "my"
_STORY_GOES_ON = re.compile(
    r"^\W*(?:he|she|they|the (?:man|woman|guy|girl|boy|lady|patient|character|child))\b"
    r"[^.?!]*\b(?:got|had|was|were|went|ended|became|nearly|almost|\w+ed)\b"
)
# "there's a TV drama on at the moment where...": the now is the broadcast's
_ON_AIR = re.compile(
    r"\b(?:on|showing|airing|running) (?:at the moment|right now|now|tonight|currently)\b"
)
# "Watched a hospital drama tonight where ..." (set Y): the now is when it was watched
_WATCHED_WHEN = re.compile(
    r"\b(?:watched|watching|saw|seen|read|reading|heard|listened to)\b[^.?!]{0,40}?\b(?:tonight|"
    r"today|this (?:morning|afternoon|evening)|just now|earlier)\b|"
    # "On a soap tonight a character with a pump ran out and started fitting" (set AA)
    r"\b(?:on|in) (?:a|the|that|this) (?:soap|film|movie|show|series|drama|episode|programme|"
    r"program|documentary) (?:tonight|today|this (?:morning|afternoon|evening)|earlier|just now)\b"
)
# "... about a footballer who collapsed on the pitch and now I'm anxious about my own
# heart" (set AC): the now is the writer's worry about the story
_REACTION_NOW = re.compile(
    r"\b(?:and |so )?now (?:i'm|i am|we're|we are|i feel|i've been|i keep) (?:a bit |really |so |"
    r"very |quite |getting |feeling )?(?:anxious|worried|scared|nervous|terrified|concerned|"
    r"paranoid|frightened|panicky|freaked out|wondering|curious|thinking)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|me|my|mine|we|our|us)\b")
# "If I got trouble breathing or got really confused, what should I do?": a question
_IF_QUESTION = re.compile(
    r"^\W*(?:and |but |so |what )?if\b[^?]*\?\s*$|"
    # "Is a seizure possible if I miss a dose?" (set O): a question about a condition
    r"^\W*(?:is|are|can|could|would|will|might|may|does|do)\b[^?]{0,60}?\bif (?:i|you|he|she|"
    r"we|they)\b(?! (?:is|am|are|'s|'m|'re)\b)"
    # not "is it ok to just sleep it off if I've got chest pain?" (set AA): what the person
    # has now, asked about
    r"(?!(?:'ve|'s| have| has|ve) (?:got|been having)\b)[^?]*\?\s*$|"
    r"\b(?:what|how) (?:would|should|do|could|can|will) (?:i|we|you|they) (?:do|spot|tell|know|"
    r"look for)\b[^?]*\bif\b[^?]*\?\s*$"
)
# "... and it's gone now", "he's been sorted out now", "she's fine now" (set J)
_RESOLVED_BEFORE = re.compile(
    r"\b(?:gone|fine|ok|okay|better|good|well|settled|over|normal|sorted|sorted out|passed|"
    r"recovered|cleared|cleared up|resolved)\s*$"
)
# "hypothetically if someone drank ... could they stop breathing": the whole sentence
_HYPOTHETICAL_SENTENCE = re.compile(
    r"^\W*(?:(?:purely |just |asking )?hypothetically|theoretically|in theory)\b"
)
_NOW_WORDS = re.compile(r"\b(?:now|today|tonight|right now|still|currently|at the moment)\b")
# "like chest pain, swelling etc?": examples in a question, not a report
_EXAMPLES_QUESTION = re.compile(r"^(?:like|e\.?g\.?|such as|for example)\b.*\?\s*$")


@dataclass(frozen=True)
class Mention:
    """One concept found in one message, with its ConText status."""

    code: str
    text: str
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    uncertain: bool = False
    other_person: bool = False
    sentence: int = 0  # which sentence of the message (0 = the first)

    @property
    def current(self) -> bool:
        """True when it describes the patient now (or recently enough to act)."""
        return not (
            self.negated
            or self.hypothetical
            or self.historical
            or self.uncertain
            or self.other_person
        )

    @property
    def unclear(self) -> bool:
        """Mentioned as possibly happening to the patient, timing not clear."""
        return not (self.negated or self.hypothetical or self.historical) and (
            self.uncertain or self.other_person
        )


@dataclass
class Assessment:
    """What the conversation so far means for safety."""

    level: Optional[str] = None  # "emergency" | "clarify" | "doctor_today" | None
    red_flags: List[str] = field(default_factory=list)
    kind: str = "general"  # general | overdose | suicide | early_withdrawal | pump_alarm
    clarify_flag: Optional[str] = None
    watch: List[str] = field(default_factory=list)  # non-current red-flag mentions

    @property
    def is_emergency(self) -> bool:
        return self.level == "emergency"


def _literals(ent: Any, *categories: str) -> set:
    """The ConText phrases of the given categories that modify ``ent`` ("days ago")."""
    return {mod.rule.literal for mod in ent._.modifiers if mod.category in categories}


def _spans_overlap(a: Tuple[int, int], b: Tuple[int, int]) -> bool:
    """Whether two (start, end) token spans share a token, containment included."""
    return a[0] < b[1] and b[0] < a[1]


def _fix_medspacy_overlap() -> None:
    """medspaCy 1.3.1's ``tuple_overlaps`` misses a span that lies wholly inside the
    other ((4, 10) vs (0, 13) is "no overlap"), so a terminator such as "but", whose
    scope is the whole sentence, never ended a negation: in "no rash, no itching, but
    my lips are swelling" the swelling was read as negated. Its two ConText modules
    get a correct test (applied once, when the detector is built)."""
    from medspacy.context import context_graph, context_modifier

    context_graph.tuple_overlaps = _spans_overlap
    context_modifier.tuple_overlaps = _spans_overlap


class Detector:
    """spaCy + medspaCy ConText pipeline over regex-found target spans."""

    def __init__(self) -> None:
        import spacy
        from medspacy.context import ConText, ConTextRule  # (registers the factory)

        _fix_medspacy_overlap()
        spelling.get_speller()  # its word list is read at start-up, not on the first message

        self._nlp = spacy.blank("en")
        self._nlp.add_pipe("sentencizer")
        # spaCy types add_pipe as returning a plain Doc -> Doc callable: it is the ConText
        self._context: ConText = cast(
            "ConText",
            self._nlp.add_pipe(
                "medspacy_context",
                config={
                    "rules": None,
                    "span_attrs": None,
                    "input_span_type": "group",
                    "span_group_name": "concepts",
                },
            ),
        )
        rules = []
        for phrase, category, direction, scope in _MODIFIERS:
            # "and i have" must not swallow the negation of "and i haven't fainted since"
            # (spaCy splits "haven't" into "have" + "n't"): the next word is not a "not"
            pattern = (
                [{"LOWER": word} for word in phrase.split()]
                + [{"LOWER": {"NOT_IN": ["n't", "not", "never"]}}]
                if category == CLAUSE and phrase.startswith("and ")
                else None
            )
            rules.append(
                ConTextRule(
                    phrase,
                    category,
                    direction=direction,
                    max_scope=scope,
                    pattern=pattern,
                    # a new clause ends a negation, and an "earlier" said in another
                    # clause ("he's seeing things, his pump alarmed yesterday")
                    terminated_by={CLAUSE} if category in (NEGATED, EARLIER) else None,
                )
            )
        # "He wants to come off it ... what's the safest way?" (set Y): stopping the
        # medicine talked of as a plan is a question about stopping, not a report that it
        # was stopped; only the "stopped" fact ("wants to kill himself" stays a sign)
        for phrase in _STOPPING_PLANNED:
            rules.append(
                ConTextRule(
                    phrase,
                    HYPOTHETICAL,
                    direction="FORWARD",
                    max_scope=3,
                    allowed_types={"stopped"},
                )
            )
        # "the wound where the pump was replaced last month has begun to weep" (set AA):
        # "last month" dates the operation too
        rules.append(
            ConTextRule(
                "<DEVICE DATE LAST>",
                "PSEUDO",
                direction="PSEUDO",
                pattern=[
                    {"LOWER": {"IN": _OPERATED}},
                    {"LOWER": "last"},
                    {"LOWER": {"IN": ["week", "month", "year", "spring", "summer", "autumn"]}},
                ],
            )
        )
        # "in 1998", "back in 2015": a year before this one marks history.
        # "the pump was put in 2 weeks ago": the date is the operation's, not the sign's
        rules.append(
            ConTextRule(
                "<DEVICE DATE>",
                "PSEUDO",
                direction="PSEUDO",
                pattern=[
                    {"LOWER": {"IN": _OPERATED}},
                    {"LIKE_NUM": True, "OP": "?"},
                    {"LOWER": {"IN": ["a", "an", "few", "couple", "of"]}, "OP": "*"},
                    {
                        "LOWER": {
                            "IN": [
                                "day",
                                "days",
                                "week",
                                "weeks",
                                "month",
                                "months",
                                "year",
                                "years",
                            ]
                        }
                    },
                    {"LOWER": "ago"},
                ],
            )
        )
        # "had one fit, nothing since." (history) but not "none since friday" (no tablets)
        rules.append(
            ConTextRule(
                "<NOTHING SINCE>",
                HISTORICAL,
                direction="BIDIRECTIONAL",
                pattern=[
                    {"LOWER": {"IN": ["nothing", "none"]}},
                    {"LOWER": "since"},
                    {"IS_PUNCT": True},
                ],
            )
        )
        # "stiff neck and headache, got a pump last month": the date is the pump's (set H)
        rules.append(
            ConTextRule(
                "<DEVICE LAST>",
                "PSEUDO",
                direction="PSEUDO",
                pattern=[
                    {"LOWER": {"IN": ["pump", "catheter", "operation", "surgery", "op"]}},
                    {
                        "LOWER": {"IN": ["put", "fitted", "implanted", "inserted", "in", "done"]},
                        "OP": "*",
                    },
                    {"LOWER": "last"},
                    {
                        "LOWER": {
                            "IN": [
                                "week",
                                "month",
                                "year",
                                "weekend",
                                *vocabulary.WEEKDAYS,
                                *vocabulary.MONTHS,
                            ]
                        }
                    },
                ],
            )
        )
        # "before 3 years I have seizure": non-native for "3 years ago" (set F)
        rules.append(
            ConTextRule(
                "<BEFORE N YEARS>",
                HISTORICAL,
                direction="BIDIRECTIONAL",
                pattern=[
                    {"LOWER": "before"},
                    {"LIKE_NUM": True},
                    {"LOWER": {"IN": ["year", "years", "month", "months"]}},
                ],
            )
        )
        past_years = [str(year) for year in range(1940, datetime.date.today().year)]
        rules.append(
            ConTextRule(
                "<PAST YEAR>",
                HISTORICAL,
                direction="BIDIRECTIONAL",
                pattern=[{"TEXT": {"IN": past_years}}],
            )
        )
        # "asking for dad who died in 2009": the year is the death's, not the sign's (set J)
        rules.append(
            ConTextRule(
                "<DIED IN YEAR>",
                "PSEUDO",
                direction="PSEUDO",
                pattern=[
                    {"LOWER": {"IN": ["died", "passed", "retired", "away"]}},
                    # "he passed away in 2010"
                    {"LOWER": "away", "OP": "?"},
                    {"LOWER": "in"},
                    {"TEXT": {"IN": past_years}},
                ],
            )
        )
        self._context.add(rules)
        self._spacy = spacy

    def analyse(self, text: str) -> List[Mention]:
        """All red flags and context facts in ``text`` with their ConText status."""
        clean = timing.read_ongoing(lexicon.normalise(text or ""))
        if not clean:
            return []
        doc = self._nlp.make_doc(clean)
        for name, proc in self._nlp.pipeline:
            if name == "medspacy_context":
                break
            doc = proc(doc)
        spans = []
        for code, patterns in lexicon.COMPILED.items():
            for pattern in patterns:
                for match in pattern.finditer(clean):
                    span = doc.char_span(
                        match.start(), match.end(), label=code, alignment_mode="expand"
                    )
                    if span is not None:
                        spans.append(span)
        if not spans:
            return []
        # Several concepts may overlap ("pump ... two-tone alarm" is both a pump
        # problem and a critical alarm): a span group keeps them all, one per code.
        seen = set()
        unique = []
        for span in spans:
            key = (span.label_, span.start, span.end)
            if key not in seen:
                seen.add(key)
                unique.append(span)
        # A sign word inside a figure of speech or a question about swallowing tablets is
        # part of it, not a sign ("my printer just had a seizure", "they're hard to swallow",
        # set AD)
        covering = [span for span in unique if span.label_ in _COVERING_CODES]
        unique = [
            span
            for span in unique
            if span.label_ not in lexicon.RED_FLAGS
            or not any(c.start <= span.start and span.end <= c.end for c in covering)
        ]
        doc.spans["concepts"] = _bounded(unique)
        doc = self._context(doc)
        joking = (
            bool(_JOKING.search(clean))
            and not _SERIOUS.search(clean)
            and not _TIED_TO_DOSE.search(clean)
        )
        they_joked = bool(_THEY_JOKED.search(clean)) and not _SERIOUS.search(clean)
        searching = bool(_SEARCH_STYLE.match(clean))
        asking_because = bool(_ASKING_BECAUSE.search(clean))
        disproven = bool(_DISPROVEN.search(clean))
        dose_dates = [m.span() for m in timing.DOSE_CHANGE_DATE.finditer(clean)]
        sents = list(doc.sents)
        texts = [sent.text for sent in sents]
        tags = [timing.sentence_timing(text) for text in texts]
        starts = [sent.start for sent in sents]
        story_sentences = _hearsay_sentences(texts)
        old_dated = [_dated_long_ago(text) for text in texts]
        dated_next = _dated_by_next(texts)
        mentions = []
        for ent in doc.spans["concepts"]:
            cats = set()
            later_now = set()
            for mod in ent._.modifiers:
                m_start, m_end = mod.modifier_span
                if m_start < ent.end and ent.start < m_end:
                    continue  # trigger inside the target ("can NOT breathe")
                if (
                    mod.category == NEGATED
                    and m_end <= ent.start
                    and _NEGATION_CLOSED.search(doc[m_end : ent.start].text)
                ):
                    continue  # "hasn't drunk anything, slurring": a closed negation
                if (
                    mod.category == NEGATED
                    and m_end <= ent.start
                    and ent.label_ in _PUMP_PROBLEMS
                    and ", " in ent.text
                ):
                    continue  # "nobody checked my pump, I think it has stopped" (set P)
                if (
                    mod.category == RESOLVED
                    and m_end <= ent.start
                    and _clause_break(doc[m_end : ent.start].text)
                ):
                    continue  # "ok not funny anymore, my chest is really tight" (set P)
                if (
                    mod.category == RESOLVED
                    and m_start >= ent.end
                    and mod.rule.literal in ("any more", "anymore")
                    and _NEGATIVE_STATE.search(ent.text)
                ):
                    continue  # "doesn't know it's me any more" (set O): a change, now
                if mod.category in (EARLIER, HISTORICAL, PAST) and any(
                    start <= doc[m_start].idx < end for start, end in dose_dates
                ):
                    continue  # "..., baclofen went up yesterday": the change's date
                if (
                    mod.category == RECENT
                    and m_start >= ent.end
                    and _RESOLVED_BEFORE.search(doc[max(m_start - 3, 0) : m_start].text)
                ):
                    continue  # "the chest pain ... it's gone now": the now is the recovery
                if (
                    mod.category == RECENT
                    and m_start >= ent.end
                    and _clause_break(doc[ent.end : m_start].text)
                ):
                    later_now.add(mod.category)  # "..., now I taper": a new clause's now
                    continue
                cats.add(mod.category)
            if later_now and HISTORICAL not in cats:
                cats |= later_now  # only an explicit date ("last year") loses the later now
            if (
                (ent.label_ == "overdose" or ent.label_ in _EVENT_SIGNS)
                and EARLIER in cats
                and not cats & {HISTORICAL, REPORTED, OTHER_PERSON, HYPOTHETICAL, NEGATED}
            ):
                dated = _literals(ent, EARLIER)
                if dated and dated <= _SAME_DAY:
                    cats = (cats - {EARLIER}) | {RECENT}
            if (
                (ent.label_ in _EVENT_SIGNS or ent.label_ == "overdose")
                and not cats & {HISTORICAL, REPORTED, OTHER_PERSON, HYPOTHETICAL, NEGATED}
                and _TODAY_IN_SENTENCE.search(ent.sent.text)
            ):
                # "This morning though I actually blacked out ... I feel okay now" (set O):
                # a faint, a fit or an overdose today stays an emergency when it is over
                cats.add(RECENT)
            if ent.label_ in _EVENT_SIGNS and RECENT in cats:
                # "Fainted three days ago ... fine since" (set Y): "days ago" is recent for
                # a sign that goes on (withdrawal, confusion), but a faint or a fit that
                # many days back is a date before today (brief 3: a faint today)
                recent = _literals(ent, RECENT)
                if (
                    recent
                    and recent <= _DAYS_BEFORE
                    and not _TODAY_IN_SENTENCE.search(ent.sent.text)
                ):
                    cats = (cats - {RECENT}) | {EARLIER}
            if ent.label_ in _EVENT_SIGNS and HISTORICAL in cats:
                literals = _literals(ent, RECENT, HISTORICAL, EARLIER)
                today = _TODAY | _SAME_DAY  # "passed out this morning but feel ok now" (set L)
                history = {lit for lit in literals if lit not in today}
                if literals & today and all(_FINE_AGAIN.match(lit) for lit in history):
                    cats = (cats - {HISTORICAL, EARLIER}) | {RECENT}  # "fainted today, fine now"
            if asking_because and ent.label_ in lexicon.RED_FLAGS:
                cats.discard(HYPOTHETICAL)
            if ent.label_ == "suicidal" and _LETHALITY_QUESTION.search(ent.text):
                cats.discard(HYPOTHETICAL)  # "would it hurt if I took the lot": the question
            if _EXAMPLES_QUESTION.match(ent.sent.text.strip()):
                cats.add(HYPOTHETICAL)
            if searching and ent.label_ != "suicidal":
                cats.add(UNCERTAIN)  # "baclofen overdose symptoms": asked whether it is now
            if (
                _HYPOTHETICAL_SENTENCE.match(ent.sent.text)
                or _IF_QUESTION.search(ent.sent.text.strip())
                or _WHAT_TO_DO_IF.search(ent.sent.text)
            ):
                cats.add(HYPOTHETICAL)
            if ent.label_ == "suicidal" and _DO_IT_MYSELF.search(ent.text):
                # "if the pain doesn't kill me I'll do it myself": the "if" and the "not"
                # are the condition's, the intention is said outright
                cats -= {HYPOTHETICAL, NEGATED}
            index = max(i for i, start in enumerate(starts) if start <= ent.start)
            before = doc[ent.sent.start : ent.start].text + " "
            if (
                ent.label_ == "seizure"
                and _HABITUAL_SIGN.match(ent.text)
                and (_HABITUAL_BEFORE.search(before))
            ):
                cats.add(FREQUENT)  # "he has seizures": a condition, asked about
            if _GENERIC_SIGN.match(ent.text) and _WORRY_BEFORE.search(before):
                cats.add(HYPOTHETICAL)  # "anxious about seizures"
            if index in story_sentences:  # a heard or watched story (_hearsay_sentences)
                cats = (cats - {RECENT}) | {
                    REPORTED
                }  # "I've just watched": the just is the watching
            if ent.label_ in _DESCRIBED and (
                (_INNER_NEGATION.search(ent.text) and not _NOT_AWAKE.search(ent.text))
                or _INNER_NO.search(ent.text)
            ):
                cats.add(NEGATED)  # "lips aren't swollen", "wound: no redness, no leaking"
            if ent.label_ == "fainting" and _IDIOM_REACTION.search(ent.sent.text):
                cats.add(NEGATED)  # "nearly fainted when I saw the bill"
            if ent.label_ in ("overdose", "strong_liquid", "usual_amount") and disproven:
                cats.add(NEGATED)  # "... but all the tablets are there"
            if (
                ent.label_ == "overdose"
                and _ADHERENCE.search(ent.text)
                and not _ALL_TOGETHER.search(ent.sent.text)
            ):
                cats.add(NEGATED)  # "I've taken all my doses and feel well"
            sentence = ent.sent.text
            if ent.label_ in _PUMP_PROBLEMS and HISTORICAL in cats and RESOLVED not in cats:
                dates = _literals(ent, HISTORICAL)
                if dates and not any(_KEEPS_HISTORY.search(date) for date in dates):
                    # "the nurse said three weeks ago the catheter might have moved": a
                    # device problem found weeks ago is still there until it is fixed
                    cats.discard(HISTORICAL)
            literal_after = _LITERAL_BUT.search(sentence)
            if (
                ent.label_ in lexicon.RED_FLAGS
                and _NOT_LITERALLY.search(sentence)
                # "Not literally, but I keep seeing people in the corner" (set Z): what
                # comes after the "but" is meant literally
                and not (
                    literal_after and ent.start_char - ent.sent.start_char >= literal_after.end()
                )
            ):
                cats.add(HYPOTHETICAL)  # "giving me chest pains, ha, not literally" (set P)
            if _INFO_REQUEST.search(sentence.strip()):
                cats.add(HYPOTHETICAL)  # "could you list what counts as an emergency?"
            if ent.label_ == "suicidal" and _WISH_BEFORE.search(
                doc[ent.sent.start : ent.start].text
            ):
                cats.discard(HYPOTHETICAL)  # "I would like to go to sleep and not wake up"
            if _IF_WORSE.search(sentence) and not _WORSE_WORDS.search(ent.text):
                # (not when the worsening is the sign itself: "what should I do if my
                # spasms suddenly get much worse?" asks about a sign not there yet)
                cats.discard(HYPOTHETICAL)
            if (
                _GENERAL_QUESTION.search(sentence.strip())
                and not _FIRST_PERSON.search(sentence)
                and not _THIRD_PERSON.search(sentence)
            ):
                cats.add(HYPOTHETICAL)
            if _LINK_QUESTION.search(sentence.strip()):
                cats.add(HYPOTHETICAL)  # "is there any link between baclofen and X?" (set U)
            before_sign = doc[ent.sent.start : ent.start].text
            long_ago = bool(_LONG_AGO_START.search(before_sign)) or _year_before_this(before_sign)
            if index in dated_next and RECENT not in cats:
                cats.add(HISTORICAL)  # "... That was my grandad in 1998" (_dated_by_next)
            if long_ago and not _NOW_WORDS.search(sentence) and RECENT not in cats:
                # "Back in 2019 I ... became very confused" (set P); not "she doesn't know
                # the year and asks for dad, who died in 2009", dated after the sign
                cats.add(HISTORICAL)
            if (
                ent.label_ == "overdose"
                and _asks_whether_to_take(ent.sent.text)
                and not asking_because
            ):
                cats.add(HYPOTHETICAL)  # "is need to take extra one for the one I forget?"
            mentions.append(
                _mention_from(
                    ent.label_,
                    ent.text,
                    cats,
                    _story_for(ent, doc, tags, index, any(old_dated[:index])),
                    index,
                    # "lol" downgrades the writer's own figures of speech, never what
                    # they see in someone else: "can't wake him up lol" (set L)
                    (
                        (joking and not _THIRD_PERSON.search(ent.sent.text))
                        or (they_joked and ent.label_ != "suicidal")
                    )
                    and not (
                        ent.label_ == "suicidal"
                        and _SUICIDE_METHOD.search(doc[max(ent.start - 3, 0) : ent.end].text)
                    ),
                )
            )
        return mentions


# A message that says one sign hundreds of times ("fever fever fever ...") costs the
# ConText graph time for every mention: each code keeps its first and its last few
# mentions (the first say what it is, the last say when: the latest sentences decide).
MENTIONS_PER_CODE = 8


def _bounded(spans: list) -> list:
    by_code: dict = {}
    for span in spans:
        by_code.setdefault(span.label_, []).append(span)
    if all(len(group) <= MENTIONS_PER_CODE for group in by_code.values()):
        return spans
    half = MENTIONS_PER_CODE // 2
    keep: set = set()
    for group in by_code.values():
        ordered = sorted(group, key=lambda span: (span.start, span.end))
        chosen = ordered if len(ordered) <= MENTIONS_PER_CODE else ordered[:half] + ordered[-half:]
        keep.update(id(span) for span in chosen)
    return [span for span in spans if id(span) in keep]


def _hearsay_sentences(texts: Sequence[str]) -> set:
    """Indexes of the sentences that tell someone else's story heard or watched: a
    hearsay sentence and the past-tense sentences about him or her right after it."""
    found = set()
    in_story = False
    for i, text in enumerate(texts):
        rest = _REACTION_NOW.sub(" ", _WATCHED_WHEN.sub(" ", _ON_AIR.sub(" ", text)))
        if _NOW_WORDS.search(rest):
            in_story = False
        elif _THEIR_STORY.search(text) or _HEARSAY_SENTENCE.search(text):
            in_story = True
            found.add(i)
        elif in_story and _STORY_GOES_ON.search(text) and not _FIRST_PERSON.search(text):
            found.add(i)
        else:
            in_story = False
    return found


def _mention_from(
    code: str,
    text: str,
    cats: set,
    story: timing.StoryAfter = timing.StoryAfter(),
    sentence: int = 0,
    joking: bool = False,
) -> Mention:
    """Resolve the ConText categories of one target into a Mention.

    A long message is read sentence by sentence, and the latest sentences decide the
    timing (clinical brief 10): a sign told in the past tense without a date ("he had
    a fit", "she was confused") is current when a later sentence, or its own, puts the
    story in the present ("... since then he's been in and out of it"); a sign dated
    earlier ("last night") is current only when a later sentence says it goes on
    ("still", "since then"); and the latest statement "I'm fine now" makes both past.
    Negated, hypothetical, historical and other people's signs never become current.
    """
    if FREQUENT in cats:
        cats = cats - {FREQUENT} if code == "suicidal" else (cats - {FREQUENT}) | {UNCERTAIN}
    if EARLIER in cats and RECENT not in cats:
        cats = (cats - {RECENT}) | {UNCERTAIN}
    if HEDGE in cats:
        # "maybe 3 of them": for an overdose or suicidal thoughts a hedge changes nothing
        keep_now = story.present_here or code in _ALWAYS_ACT
        cats = cats - {HEDGE} if keep_now else (cats - {HEDGE}) | {UNCERTAIN}
    if story.affirmed_next and HYPOTHETICAL in cats and not cats & {NEGATED, HISTORICAL}:
        # "does it make people see faces? Because I am, right now": asked, then told
        cats = (cats - {HYPOTHETICAL}) | {RECENT}
    if HISTORICAL in cats and RECENT in cats and story.resolved_here:
        cats = cats - {RECENT}  # "years ago ... I'm in a good place now": the now is good
    protected = cats & {HISTORICAL, HYPOTHETICAL, NEGATED, OTHER_PERSON, REPORTED}
    weak = cats & {UNCERTAIN, PAST}
    if (
        story.resolved_later  # and nothing after it says it goes on again
        and RECENT not in cats
        and code not in _ALWAYS_ACT
    ):
        cats = (cats - {UNCERTAIN, PAST}) | {HISTORICAL}  # the story ends "fine since"
    elif weak and not protected and RECENT not in cats:
        # only a plain past tense ("he had a fit") takes the time of the story around
        # it; "last night" or "sometimes" needs a later "still" / "since then"
        dated = bool(cats & {EARLIER, UNCERTAIN})
        # a story dated long ago by an earlier sentence keeps its plain past: asked about,
        # not escalated (set AA: "Dad was admitted last year ... He was very confused but
        # recovered fully ... Now a new registrar wants to try it again")
        if not story.dated_before and (
            story.continues_later or (not dated and (story.present_later or story.now_here))
        ):
            cats = (cats - {UNCERTAIN, PAST}) | {RECENT}
    if code == "pump_mention":
        cats = cats - {HISTORICAL, RESOLVED, UNCERTAIN, PAST, EARLIER}  # the pump is still in
    if code in lexicon.CONTEXT_FACTS:
        # "ran out yesterday, now itchy" is still a fact that matters now: timing words
        # don't weaken context facts, only negation, questions, history and other people
        # (and a story that ends "fine since") do.
        cats = cats - {UNCERTAIN, PAST, EARLIER}
    recent = RECENT in cats
    # "I don't want to be alive anymore": the word is part of the sign itself.
    resolved = RESOLVED in cats and code not in _ALWAYS_ACT
    historical = (HISTORICAL in cats or resolved or REPORTED in cats) and not recent
    past = PAST in cats and not recent
    other = OTHER_PERSON in cats and (past or historical or HYPOTHETICAL in cats)
    uncertain = (UNCERTAIN in cats and not recent) or (past and code not in _ALWAYS_ACT)
    uncertain = uncertain or (joking and code in _HYPERBOLE)
    return Mention(
        code=code,
        text=text,
        negated=NEGATED in cats,
        # "if I had beers tonight, would I stop breathing": a question, whatever its time
        hypothetical=HYPOTHETICAL in cats,
        historical=historical,
        uncertain=uncertain and not historical,
        other_person=other and not historical,
        sentence=sentence,
    )


@functools.lru_cache(maxsize=1)
def get_detector() -> Detector:
    """The process-wide detector (building it loads spaCy once)."""
    return Detector()


def analyse(text: str) -> List[Mention]:
    """Analyse one message; never raises (falls back to plain keyword matching)."""
    try:
        return _analyse_cached(text or "")
    except Exception:  # pragma: no cover - exercised by the fail-safe test
        logger.exception("ConText analysis failed; falling back to keyword matching")
        return keyword_fallback(text)


@functools.lru_cache(maxsize=4096)
def _analyse_cached(text: str) -> List[Mention]:
    return get_detector().analyse(text)


def keyword_fallback(text: str) -> List[Mention]:
    """Red flags by pattern only, every one treated as current (fail towards safety)."""
    clean = lexicon.normalise(text or "")
    found = []
    for code, patterns in lexicon.COMPILED.items():
        for pattern in patterns:
            match = pattern.search(clean)
            if match:
                found.append(Mention(code=code, text=match.group(0)))
                break
    return found


def _codes(mentions: Iterable[Mention], wanted: Optional[FrozenSet[str]] = None) -> set:
    return {m.code for m in mentions if m.current and (wanted is None or m.code in wanted)}


def assess(history: Sequence[Sequence[Mention]]) -> Assessment:
    """Decide from the mentions of every user turn so far (the last one is now).

    Earlier turns contribute context facts (missed doses, pump problems, sedatives);
    a red flag in an earlier turn was already handled when it was said, so only the
    latest turn's red flags trigger a new escalation, while combinations that
    complete in the latest turn escalate too.
    """
    if not history:
        return Assessment()
    latest = list(history[-1])
    earlier = [m for turn in history[:-1] for m in turn]
    now = _codes(latest)
    if "spasms_bit_worse" in now:
        now.discard("spasms_worse")  # "a bit worse" is an early sign, not a severe one
    known = now | _codes(earlier)
    result = Assessment()
    result.watch = sorted({m.code for m in latest if not m.current and m.code in lexicon.RED_FLAGS})

    flags = sorted(now & set(lexicon.RED_FLAGS))
    # Combinations that complete in this turn (clinical brief 4, 5, 8, 10).
    withdrawal_cause = known & _WITHDRAWAL_CAUSES
    pump_problem = known & _PUMP_PROBLEMS
    pump = bool(pump_problem) or "pump_mention" in known
    signs = _WITHDRAWAL_EARLY | _WITHDRAWAL_SEVERE
    if withdrawal_cause and now & _WITHDRAWAL_SEVERE:
        flags.append("withdrawal")
    if withdrawal_cause and (known & _WITHDRAWAL_SEVERE) and now & _WITHDRAWAL_CAUSES:
        flags.append("withdrawal")  # the cause arrived after the sign
    # Brief 8: ANY withdrawal sign, early ones included, with a pump problem (critical
    # alarm, stopped or empty pump, late refill, catheter problem) = suspected pump
    # withdrawal -> seek care now. Either may come first.
    if pump_problem and (now & signs or (now & _PUMP_PROBLEMS and known & signs)):
        flags.append("pump_withdrawal")
    # Brief 8: fever, a draining wound or a stiff neck with a pump or its wound.
    wound = "pump_wound" in known or "wound_drainage" in known
    if (pump or wound) and now & {"fever", "stiff_neck", "wound_drainage"}:
        flags.append("pump_infection")
    if (
        (pump or wound)
        and now & {"pump_wound", "pump_mention"}
        and known & {"fever", "stiff_neck", "wound_drainage"}
    ):
        flags.append("pump_infection")
    if "wound_drainage" in now:
        flags.append("pump_infection")  # a draining wound: seek care now (brief 8)
    if {"fever", "stiff_neck"} <= known and now & {"fever", "stiff_neck"}:
        flags.append("fever_stiff_neck")
    if "drowsiness" in known and known & _SEDATIVES and now & {"breathing", "severe_drowsiness"}:
        flags.append("sedation_with_sedatives")
    if known & _SEDATIVES and "very_drowsy" in now:
        flags.append("sedation_with_sedatives")  # brief 5: very drowsy after sedatives
    # (not when this turn takes it back: "they both say 5 mg/5 mL ... same dose as always",
    # "I misread the dosette box ... the spare tablet is still sitting there", set AE)
    taken_back = "retracts" in now
    if (
        {"strong_liquid", "usual_amount"} <= known
        and now & {"strong_liquid", "usual_amount"}
        and not taken_back
    ):
        flags.append("overdose")  # the stronger liquid in the usual amount (brief 1, 6)
    if (
        ("ongoing" in now and not taken_back) or ("asks_to_wait" in now and "retracts" not in known)
    ) and not flags:
        # "yes, I'm still seeing them": a sign escalated earlier is still happening;
        # "should I wait till the GP rings back?" after it: still "seek care now" (set N)
        flags.extend(_codes(earlier, frozenset(lexicon.RED_FLAGS)))

    if flags:
        result.level = "emergency"
        result.red_flags = sorted(set(flags))
        if "suicidal" in flags:
            result.kind = "suicide"
        elif "overdose" in flags:
            result.kind = "overdose"
        return result

    unclear = [m for m in latest if m.unclear and m.code in lexicon.RED_FLAGS]
    if unclear:
        result.level = "clarify"
        result.clarify_flag = unclear[0].code
        return result

    early = known & _WITHDRAWAL_EARLY
    if now & (_WITHDRAWAL_EARLY | _WITHDRAWAL_CAUSES | _PUMP_PROBLEMS):
        if ({"itching", "spasms_return"} <= known) or (early and withdrawal_cause):
            result.level = "doctor_today"  # oral doses missed, early signs only (brief 10)
            result.kind = "early_withdrawal"
            return result
        if "critical_alarm" in now:
            result.level = "doctor_today"  # call the pump team immediately (brief 8)
            result.kind = "pump_alarm"
            return result
    if "pump_wound" in now:
        result.level = "doctor_today"
        result.kind = "pump_wound"
    elif now & {"pump_low", "pump_problem"}:
        result.level = "doctor_today"
        result.kind = "pump_problem"
    return result


def red_flag_codes(mentions: Iterable[Mention]) -> List[str]:
    """Codes of the current red flags among ``mentions`` (for the triage form)."""
    return sorted(_codes(mentions, frozenset(lexicon.RED_FLAGS)))


# Shared yes/no words (clinical/vocabulary.py) + answers about "happening right now".
_YES = vocabulary.starts_with(
    vocabulary.YES_WORDS
    + (
        "i am",
        "he is",
        "she is",
        "they are",
        "it is",
        "it's happening",
        "happening now",
        "right now",
        "now",
        "still",
        "afraid so",
    )
)
_NO = vocabulary.starts_with(
    vocabulary.NO_WORDS
    + (
        "not now",
        "not right now",
        "not anymore",
        "no longer",
        "it stopped",
        "it's stopped",
        "it has stopped",
        "gone",
        "it passed",
    )
)


def yes_no(text: str) -> Optional[bool]:
    """Read a short yes/no answer (for the "is it happening right now?" question)."""
    clean = lexicon.normalise(text or "")
    if _NO.match(clean):
        return False
    if _YES.match(clean):
        return True
    return None
