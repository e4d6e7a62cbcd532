"""When is it happening? Timing read sentence by sentence (clinical brief section 10).

The brief: a sign described in the present, or with no time given, is escalated at
once; the clarifying question ("is this happening right now?") is asked only when the
timing is really unclear, that is when the words say *earlier* ("last night", "had",
"yesterday") or *not always* ("sometimes"). In a long message the latest sentences
decide: "He ran out of tablets on Friday. Since then he's been in and out of it." is
about now.

``sentence_timing(sentence)`` tags one sentence; ``message_timing(text)`` reads the
latest sentences and answers one of:

* ``PRESENT``  - happening now, or no time given (the default for a statement);
* ``EARLIER``  - explicitly in the past or of unclear timing, not said to go on now;
* ``RESOLVED`` - explicitly over ("fine now", "it settled");
* ``QUESTION`` - only questions, no report of anything happening.

Pure regular expressions on normalised text: no Rasa, no model, microseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Sequence

from clinical import lexicon, vocabulary
from clinical.text import sentences

PRESENT, EARLIER, RESOLVED, QUESTION = "present", "earlier", "resolved", "question"

# a recent point in a day that a sign can date from ("since my afternoon nap")
_RECENT_EVENT = (
    r"(?:nap|lunch|breakfast|dinner|tea|supper|dose|tablets?|walk|shower|bath|refill|"
    r"injection|visit|session|physio|operation|op|surgery|fall)\b"
)
# "still", but not of a habit ("I still keep them locked away", set AC)
_STILL = (
    r"still(?! (?:keep|keeps|lock|locks|store|stores|hide|hides|count|counts|remember|"
    r"remembers|think about|worry|worries|feel guilty|feel bad|blame)\b)"
)
# Words that put a sentence in the present (or say that something goes on now).
_NOW = re.compile(
    r"\b(?:now|right now|just now|at the moment|atm|currently|" + _STILL + r"|today|tonight|"
    r"this (?:morning|afternoon|evening)|as we speak|as i type|as i write|keeps?|keep on|"
    r"keeps on|again|getting worse|worse and worse|won't stop|hasn't stopped|not stopping|"
    r"ongoing|all day|all night|all evening|all afternoon|all morning|since (?:then|this|that|"
    r"lunch|breakfast|dinner|tea|the|last|yesterday|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|i|he|she|they|we|it|about|around|\d)|ever since|"
    # "a pain across my chest since my afternoon nap" (set AC); not "since my dose went up",
    # the start of a side effect over days (sw-212)
    r"since (?:my|his|her|their|our) (?:\w+ )?" + _RECENT_EVENT + r"(?! (?:went|was|were|got|"
    r"has|had|increased|changed|started|began|doubled|put))|"
    r"for the (?:last|past) (?:few |couple of |\d+ |two |three )?(?:minutes?|mins?|hours?|"
    r"hrs?|days?)|minutes? ago|mins? ago|an hour ago|hours? ago|just|help|"
    r"in the (?:last|past) (?:few |couple of |\d+ |two |three )?(?:minutes?|mins?|hours?|hrs?)|"
    r"why (?:is|am|are|does|do|can't|won't|has|have|isn't|doesn't))\b"
)
# Present-tense statements about a person ("I'm", "he's going", "she can't", "won't").
_PRESENT_VERB = re.compile(
    r"\b(?:i'm|i am|he's|she's|they're|we're|you're|it's|he is|she is|they are|we are|"
    r"is|are|am)\b(?! (?:fine|ok|okay|better|good|well|normal) now)"
    r"|\b(?:can't|cannot|won't|isn't|aren't|doesn't|don't|can|feels?|looks?|seems?|"
    r"sounds?|has|have|hasn't|haven't|getting|going)\b"
    r"|\b\w+ing\b"
)
_FINE_NOW_SUBJECT = "(?:" + "|".join(vocabulary.FINE_NOW_SUBJECTS) + ")"
_FINE_NOW_STATE = "(?:" + "|".join(vocabulary.FINE_NOW_STATES) + ")"
_BACK_TO_SELF = "(?:" + "|".join(vocabulary.BACK_TO_SELF) + ")"
_RESOLVED = re.compile(
    # not a manner ("she cannot swallow good since the first tablet", set Y/Z)
    r"\b(?:(?<!says he's )(?<!says she's )(?<!says i'm )(?<!says they're )(?<!swallow )"
    r"(?<!breathe )(?<!walk )(?<!talk )(?<!speak )(?<!see )(?<!move )(?<!eat )(?<!stand )"
    r"(?<!think )(?<!hear )(?:fine|ok|okay|"
    r"better|good|well|alright|all right|normal|back to normal|grand) (?:now|since|again|"
    r"these days|ever since)|all good now|it settled|settled "
    r"(?:down|completely|now)|(?:went|gone|has gone|passed|wore) (?:away|off)|it passed|"
    r"recovered|resolved|sorted now|(?:been |got |all )?sorted out(?: now)?|"
    # "Today I'm fine, just sore calves", "got my breath back after a sit" (set AA)
    r"^\W*(?:today|this morning|these days|since then),? (?:i'm|i am|he's|she's|he is|she is|"
    r"we're|we are) (?:absolutely |totally |completely |perfectly )?(?:fine|ok|okay|well|good|"
    r"normal|back to normal|grand)\b(?![^.?!]*\b(?:but|except|apart from|although|though)\b)|"
    r"\b(?:got|get|gets|getting) (?:my|his|her|their) breath back\b|"
    r"(?:it's|it is|that's|that is|it was) (?:all )?over(?: now)?"
    r"(?=[.,;!?]|$| and\b| but\b| now\b)|"
    r"(?:was|were|is|are) (?:fine|normal|ok|okay|better) (?:once|when|as soon as)|"
    r"was fine after|(?<!says he's )(?<!says she's )(?<!says he has )(?<!says she has )"
    r"been fine|fine since|better since|(?<!pump )(?<!pump has )stopped after|"
    r"came round and is fine|"
    r"no problems since|(?:nothing|none) since(?=[.,;!?]|$| then\b)|never happened again|"
    # a log or diary that ends well (set R): "since then fine for 5 days", "itching gone by
    # friday", "sun/mon/tue - fine"
    r"since (?:then|that|discharge|we got home|coming home|leaving hospital),? (?:\w+ )?"
    r"(?:fine|ok|okay|well|good|normal|back to normal|alright|no problems)\b|"
    r"(?:fine|ok|okay|well|no problems|normal) for (?:\d+|a few|several|two|three|four|five|six|"
    r"seven) (?:days|weeks)\b|gone by (?:" + "|".join(vocabulary.WEEKDAYS) + r"|the next day|"
    r"the morning|the evening|then)\b|"
    # (each day a whole word, "\w*\b": one way to read "monmonmon", no runaway backtracking)
    r"^\W*(?:(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)\w*\b[/ ,&-]*)+[-:]\s*(?:all )?"
    r"(?:fine|ok|okay|good|well|normal|no problems)(?=\W*$)|"
    r"hasn't happened since|(?<!be )(?:completely |totally |fully |now |all )?back to normal"
    r"(?=[.,;!]|$| now\b| again\b)|"
    rf"(?:^|\. |, )now {_FINE_NOW_SUBJECT} {_FINE_NOW_STATE}|"
    rf"{_BACK_TO_SELF}|(?<!says he's )(?<!says she's )(?<!says he has )(?<!says she has )"
    r"been (?:well|great|good|fine|ok|okay)|(?:has|have|'s|is) (?:mostly |"
    r"completely |all |now |totally |fully |entirely ){0,2}gone(?: away| now| completely)?"
    r"(?=[.,;!?]|$| and\b| but\b)|"
    # treated and let go (set AE: "They kept him in A&E overnight and discharged him this
    # morning. He's alert, talking normally")
    r"(?:discharged|released|let) (?:him|her|me|them|us)(?: home)?(?: (?:this morning|today|"
    r"this afternoon|after|once|when))?(?=[.,;!?]|$| and\b| after\b| once\b| this\b| today\b|"
    r" on\b| yesterday\b| last\b)|"
    r"(?:he|she|i|they|we) (?:was|were|got) (?:discharged|sent home|allowed home|let home)\b|"
    r"much better|a lot better|loads better|heal(?:ed|ing) (?:up )?"
    r"(?:well|fine|nicely)|slept it off|felt (?:normal|fine|ok|okay) (?:the next|after)|"
    r"no issues|in a good place|"
    r"doing (?:well|fine|great)(?: now)?(?=[.,;!?]|$| and\b| at home\b)|"
    r"(?:it's|it has|it is|they've|it was|pump's|pump has|catheter's|catheter has) "
    r"(?:been |all )?(?:fixed|repaired|replaced|sorted)(?: now)?(?=[.,;!?]|$| and\b)|"
    r"(?:hasn't|haven't|has not|"
    r"have not|never) (?:had (?:a|any|another|one|more) \w+|\w+ed|happened|been back) "
    r"(?:again )?since|no (?:further|more) (?:falls|episodes|problems|fits|seizures|issues)|"
    r"steady on (?:her|his|my|their) feet|"
    # "When my son was two he swallowed one ... He's twelve now." (set AC): years have gone
    r"(?:he's|she's|he is|she is|they're|they are|i'm|i am) (?:nearly |almost |now )?(?:\d+|two|"
    r"three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a "
    r"teenager|an adult|grown up|all grown up)(?: years old)? now(?=[.,;!?]|$))\b"
)
# the words that say a sign is over (red_flags reads where they are in a sentence)
RESOLVED_WORDS = _RESOLVED
# Explicit times in the past (or vague timing): they outweigh a present verb.
_PAST_DATE = re.compile(
    r"\b(?:yesterday|last (?:night|week|month|year|time|summer|winter|spring|autumn|fall|"
    r"christmas|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|earlier|"
    r"the other day|(?:days|weeks|months|years|a week|a month|a year|a few days|a couple of "
    r"days) ago|ago|in (?:19|20)\d\d|when (?:i|he|she|they|we|(?:my|our|his|her|their) \w+) "
    r"(?:was|were)|used to|once|"
    r"as a (?:child|kid|baby|teenager)|back in|years back|a while back|previously|before "
    r"(?:i|he|she|they) (?:started|began)|sometimes|occasionally|on and off|now and then|"
    r"from time to time|every so often|at times|once or twice|a few times)\b"
)
# The date of a dose change is the cause's time, not the sign's (set O: "feel really
# muddled, can't follow what anyone is saying, baclofen went up yesterday")
_DOSE_WORDS = r"(?:baclofen|dose|doses|tablets?|meds|medication|medicine|prescription|liquid)"
DOSE_CHANGE_DATE = re.compile(
    r"\b(?:(?:(?:my|his|her|their|the) )?" + _DOSE_WORDS + r"(?: dose)? (?:was |were |got |"
    r"has been |had been |have been |'s been )?(?:went up|gone up|go up|increased|upped|"
    r"raised|doubled|changed|put up|bumped up|lowered|reduced|adjusted|started|switched|"
    r"began)|(?:started|began|restarted|increased|upped|changed|doubled|raised|switched|"
    # set AE: "hearing music no one else can hear since i quit baclofen on monday": the date
    # of stopping is the cause's, the sign goes on since
    r"quit|stopped|stopped taking|came off|come off|ran out of|run out of|missed)"
    r"(?: on| to)? (?:(?:my|his|her|their|the|a|new) )?(?:higher |new |bigger )?"
    + _DOSE_WORDS
    + r")(?: (?:on|from|to|at) [\w.]+(?: ?mg)?)? (?:on |just )?(?:yesterday|last (?:night|week|"
    r"month|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)|(?:on )?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:\d+|a|one|two|three|"
    r"four|five|six|a few|a couple of) (?:days?|weeks?) ago|the other day)\b"
)
# "she was perfectly clear yesterday", "was fine at breakfast" (set AC): the date is the
# person's usual self before the change, not the time of the sign
BASELINE_DATE = re.compile(
    r"\b((?:was|were) (?:absolutely |perfectly |completely |totally |quite |fully )?(?:fine|"
    r"clear|normal|ok|okay|well|lucid|sharp|chatty|bright|herself|himself|with it|"
    r"(?:her|his|their|my) (?:usual|normal|old) self))(?: when (?:i|we) (?:saw|visited|spoke to|"
    r"left|rang|phoned) (?:her|him|them)| (?:yesterday|this morning|at (?:breakfast|lunch|"
    r"dinner|tea|teatime)|last night|earlier(?: today)?|an hour ago|this afternoon))\b"
)
# "I've been fine until today" (set Q): not a recovery, the start of what is happening
_FINE_UNTIL = re.compile(
    r"\b(?:been |was |were )?(?:fine|ok|okay|well|good|normal|alright|all right) (?:until|till|"
    r"up until|up to) (?:today|this morning|tonight|now|this afternoon|this evening|lunch\w*)\b"
)
# Past-tense verbs: a present verb in the same sentence outweighs them ("she's talking
# like she's drunk but hasn't had a drop").
_PAST_VERB = re.compile(r"\b(?:had|was|were|did|felt|went|got|seemed|looked)\b")
# A present-tense statement about someone: subject + present, or a present negation.
_PRESENT_STATEMENT = re.compile(
    r"\b(?:i'm|i am|he's|she's|it's|they're|we're|you're|he is|she is|it is|they are|we are|"
    r"there's|there is|there are)\b(?! (?:fine|ok|okay|better|good|well|normal) now)"
    r"|\b(?:can't|cannot|won't|isn't|aren't|doesn't|keeps?|looks|seems|feels|sounds)\b"
)
# "She's done this before and been fine" (set M): earlier episodes ended well, which
# says nothing about this one
_EARLIER_EPISODES = re.compile(
    r"\b(?:done|had|happened|been like|gone through|did) (?:this|that|it|the same)"
    r"(?: \w+)? (?:before|in the past|lots of times|loads of times|many times|plenty of times|"
    r"a few times|last time)\b|\b(?:last time|other times|every time|the other times)\b"
    r"[^.?!]{0,30}?\b(?:been|was|were|ended up) (?:fine|ok|okay|alright|all right)\b"
)
_EARLIER_TODAY = re.compile(
    r"\b(?:earlier|before) (?:today|this (?:morning|afternoon|evening)|tonight)\b"
)
_QUESTION_START = re.compile(
    r"^(?:can|could|should|would|will|is|are|do|does|did|what|how|why|when|where|which|"
    r"who|whats|what's|hows|any|anyone|anybody|may|might|shall|am i|is it|is there|"
    r"(?:i'm |i am |i was |we're |we are |we were |just )*wonder(?:ing|ed)|i'd like to know|"
    r"please (?:advise|tell me|let me know)|can you tell me|any (?:advice|tips|ideas))\b"
)
# Words that say something goes on now in a story otherwise told as over.
_GOES_ON = re.compile(
    r"\b(?:" + _STILL + r"|again|keeps?|keep on|getting worse|worse and worse|won't stop|hasn't "
    r"stopped|not stopping|ongoing|since then|ever since|right now|at the moment)\b"
)
# "it hasn't gone away", "won't shift": read as "still" (it goes on), never as "gone away"
_STILL_GOING = re.compile(
    # longest first: "hasn't gone back to normal" before "hasn't gone"
    vocabulary.words_pattern(
        re.escape(phrase) for phrase in sorted(vocabulary.STILL_GOING, key=len, reverse=True)
    )
)


# "the alarm went off" means it sounded, not that something went off (was over)
_SOUNDED = re.compile(
    r"\b(alarms?|beepers?|buzzers?|pump|pump's|pumps?) (?:has |have |just )?"
    r"(?:went|gone|goes|going|go) off\b"
)


# "I have had a pain across my chest since my afternoon nap" (set AC): "have had" up to a
# recent point in time is what the person has now, not a history ("have had seizures")
_HAD_SINCE_RECENT = re.compile(
    r"\b(have|has|'ve|'s) had (?=[^.?!]{0,50}?\bsince (?:(?:my|his|her|their|our|the) (?:\w+ )?"
    + _RECENT_EVENT
    + r"|this (?:morning|afternoon|evening)|lunch\w*|"
    r"breakfast|dinner|tea|last night|yesterday|tonight|\d+(?:[:.]\d+)? ?(?:am|pm|o'?clock)|an? "
    r"(?:hour|while)|(?:i|he|she|they|we) (?:woke|got up|came home|got home|got back))\b)"
)


def read_ongoing(clean: str) -> str:
    """Normalised text with "hasn't gone away", "won't shift", ... read as "still", "the
    alarm went off" as "the alarm sounded" (never as something that is over), and "have
    had ... since my nap" as "have got ... since my nap"."""
    clean = _HAD_SINCE_RECENT.sub(r"\1 got ", clean)
    return _SOUNDED.sub(r"\1 sounded", _STILL_GOING.sub("still", clean))


_COURTESY = re.compile(
    r"^(?:hi|hello|hey|thanks?|thank you|cheers|please|pls|plz|help|help me|please help|"
    r"what do i do|what should i do|what do we do|what now|sorry|ok|okay|urgent|"
    r"sos|x+|lol)\W*$"
)


# A short statement right after a question that says the asked-about sign is
# happening: "You know when you can't get your breath? That's me right now", "Is it bad
# if your tongue feels too big? Mine does", "does it make people see faces? Because I
# am, right now", "how slow is too slow for breathing? He's doing about 6 a minute".
_LEAD = r"^(?:and |but |because |cos |coz |well |yeah |yes |so )*"
_AFFIRMS = re.compile(
    _LEAD + r"(?:(?:that's|thats|that is|this is|that's exactly|that is exactly) (?:me|him|her|"
    r"us|my \w+|what's happening|what is happening|what i've got|what i have|how i feel)\b|"
    r"(?:mine|his|hers|theirs) (?:does|is|has|do|are|feels?|looks?)\b(?! (?:not|fine|ok|okay|"
    r"normal|alright|all right|good|great|perfect|better|totally fine|completely fine)\b)(?!n't)|"
    r"(?:i am|i do|i have|he is|she is|he does|she does|he has|she has|they are|"
    r"they do)(?=\W*(?:$|right now|now|rn|at the moment|,|\.|!))|"
    r"(?:i'm|i am|he's|he is|she's|she is|(?:my|our) \w+(?:'s| is)) (?:doing|at|on) "
    r"(?:about |around |roughly |approx\w* |only |like )?\d+\b|"
    # "... if my whole body's gone rigid? Started an hour ago, worst it's ever been"
    r"(?:it |this |that )?(?:started|began|came on|kicked in) (?:about |around |maybe |only )?"
    r"(?:an? |\d+ |half an? |a few |few |a couple of )(?:hours?|minutes?|mins?|hrs?) ago\b|"
    r"(?:it's |its |it is )?(?:the )?worst (?:it's|it has|i've|he's|she's) ever\b)"
)


@dataclass(frozen=True)
class SentenceTiming:
    """Timing words found in one sentence."""

    now: bool
    goes_on: bool
    present_verb: bool
    resolved: bool
    past: bool
    question: bool
    courtesy: bool
    affirms: bool = False  # "that's me right now", "mine does" (see _AFFIRMS)

    @property
    def continues_now(self) -> bool:
        """Says explicitly that something goes on now ("still", "since then", "now")."""
        return self.now and not self.resolved

    @property
    def present(self) -> bool:
        """A statement in the present, or a question that reports something now."""
        if self.resolved and not self.now:
            return False
        if self.question:
            return self.now
        return self.now or (self.present_verb and not self.past) or not self.past


def sentence_timing(sentence: str) -> SentenceTiming:
    clean = DOSE_CHANGE_DATE.sub(" ", read_ongoing(lexicon.normalise(sentence))).strip()
    clean = BASELINE_DATE.sub(r"\1", clean)
    clean = _FINE_UNTIL.sub(" today ", clean)
    # the "now" of "fine now" and the "this afternoon" of "earlier this afternoon" say
    # nothing is happening now
    unresolved = _EARLIER_TODAY.sub(" ", _RESOLVED.sub(" ", clean))
    return SentenceTiming(
        now=bool(_NOW.search(unresolved)),
        goes_on=bool(_GOES_ON.search(unresolved)),
        present_verb=bool(_PRESENT_VERB.search(clean)),
        resolved=bool(_RESOLVED.search(clean)) and not _EARLIER_EPISODES.search(clean),
        past=bool(_PAST_DATE.search(clean))
        or (bool(_PAST_VERB.search(clean)) and not _PRESENT_STATEMENT.search(clean)),
        question=clean.endswith("?") or bool(_QUESTION_START.match(clean)),
        courtesy=bool(_COURTESY.match(clean)),
        affirms=bool(_AFFIRMS.match(clean)),
    )


@dataclass(frozen=True)
class StoryAfter:
    """What the sentence of a mention and the sentences after it say about now."""

    now_here: bool = False  # its own sentence says now ("... and I'm struggling now")
    present_later: bool = False  # a later statement is in the present
    continues_later: bool = False  # a later sentence says it goes on ("since then", "still")
    resolved_later: bool = False  # the latest statement (maybe its own) says it is over
    resolved_here: bool = False  # its own sentence says it is over
    present_here: bool = False  # its own sentence is a statement in the present
    # its own sentence is a question and the next one says "that's me" / "mine does"
    affirmed_next: bool = False
    # an earlier sentence dates the story long ago ("Dad was admitted last year ... He was
    # very confused"): a later present sentence does not make its plain past current
    dated_before: bool = False


def later_statements(tags: Sequence[SentenceTiming], index: int) -> List[SentenceTiming]:
    """The statements after sentence ``index``: questions ("should I keep taking it?")
    and courtesies tell nothing about when a sign happens."""
    return [tag for tag in tags[index + 1 :] if not tag.courtesy and not tag.question]


def story_after(tags: Sequence[SentenceTiming], index: int) -> StoryAfter:
    """What sentence ``index`` and the sentences after it say about now."""
    statements = later_statements(tags, index)
    own = tags[index]
    last = statements[-1] if statements else own
    return StoryAfter(
        now_here=own.continues_now,
        present_later=any(tag.present for tag in statements),
        continues_later=any(tag.continues_now for tag in statements),
        # a later statement says it is over ("she's fine now"), and none after it says it
        # goes on again ("... but since then she's confused again")
        resolved_later=_resolved_after(statements or [last]),
        resolved_here=own.resolved,
        present_here=own.present and not own.question,
        affirmed_next=own.question and index + 1 < len(tags) and tags[index + 1].affirms,
    )


def _resolved_after(statements: Sequence[SentenceTiming]) -> bool:
    for position, tag in enumerate(statements):
        if tag.resolved and not tag.goes_on:
            return not any(t.goes_on for t in statements[position + 1 :])
    return False


def story_timing(tags: Sequence[SentenceTiming], index: int) -> str:
    """The timing of what sentence ``index`` tells, read with the sentences after it."""
    tag = tags[index]
    story = story_after(tags, index)
    if story.resolved_later and not story.continues_later:
        return RESOLVED
    if story.continues_later or (tag.present and not tag.question):
        return PRESENT
    if tag.question and not tag.now:
        return PRESENT if story.present_later else QUESTION
    if tag.resolved:
        return RESOLVED
    if story.present_later and not tag.past:
        return PRESENT
    return EARLIER


def timings(text: str) -> List[SentenceTiming]:
    """The timing of every sentence of ``text``, in order."""
    return [sentence_timing(part) for part in sentences(text)]


def latest_timing(tags: Sequence[SentenceTiming]) -> str:
    """PRESENT | EARLIER | RESOLVED | QUESTION for the latest sentences of a message."""
    for tag in reversed(tags):
        if tag.courtesy:
            continue
        if tag.question and not tag.now:
            continue
        if tag.resolved and not tag.now:
            return RESOLVED
        if tag.now or not tag.past:
            return PRESENT
        return EARLIER
    if any(tag.question for tag in tags):
        return QUESTION
    return PRESENT  # "help!", "please": nothing says it is over


def message_timing(text: str) -> str:
    """The timing of a whole message (see the module docstring)."""
    return latest_timing(timings(text))
