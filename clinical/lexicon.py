"""What the red-flag detector looks for: regular expressions per concept.

Two kinds of concept (clinical brief sections 3, 4, 5, 6, 8 and 10):

* RED FLAGS: any one of them, happening now to the patient, means "Seek care now".
* CONTEXT FACTS: not urgent alone, but urgent in combination (missed doses + fever,
  pump problem + confusion, ...). They may come from different turns.

Patterns run on normalised lower-case text (see ``normalise``). They are deliberately
broad: a false alarm costs a sentence, a missed emergency can cost a life. The ConText
layer in ``red_flags.py`` then removes negated, hypothetical, historical and
other-person mentions.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Dict, List, Pattern

from clinical import spelling, vocabulary

# --- text normalisation -------------------------------------------------------------

_CONTRACTIONS = {
    r"\b(?:cant|cnt|cannt|carnt|can t)\b": "can't",
    r"\bcan not\b": "cannot",
    r"\bwont\b": "won't",
    r"\bdont\b": "don't",
    r"\bdoesnt\b": "doesn't",
    r"\bdidnt\b": "didn't",
    r"\bisnt\b": "isn't",
    r"\barent\b": "aren't",
    r"\bwasnt\b": "wasn't",
    r"\bhavent\b": "haven't",
    r"\bhasnt\b": "hasn't",
    r"\bcouldnt\b": "couldn't",
    r"\bim\b": "i'm",
    r"\br\b": "are",
    r"\bn\b(?!')": "and",
    r"\bu\b": "you",
    r"\bstopd\b": "stopped",
    r"\bstoped\b": "stopped",
    r"\bpassd\b": "passed",
    r"\bpast out\b": "passed out",
    r"\bswolen\b": "swollen",
    r"\btite\b": "tight",
    r"\bches+t\b": "chest",
    r"\bseein\b": "seeing",
    r"\bfit+ing\b": "fitting",
    r"\b2 many\b": "too many",
    r"\b2 much\b": "too much",
    r"\bac+ident\b": "accident",
    r"\bbac?l+o+f+[aei]?n+\b": "baclofen",
    # texting and phonetic spelling (set P): "3 yrs ago", "wen i", "its never happend",
    # "husbnd", "shud i"
    r"\byrs\b": "years",
    r"\bwen\b": "when",
    r"\bhappend\b": "happened",
    r"\bhusbnd\b|\bhusbend\b|\bhusban\b": "husband",
    r"\bshud\b": "should",
    r"\btuk\b|\btooked\b": "took",
    # dyslexic and phonetic spelling (set S): "dosnt no who I am", "talking nonsens"
    r"\bdo(?:s|se|es)n'?t\b|\bdosent\b|\bdoesent\b": "doesn't",
    r"\b(doesn't|don't|didn't|dont|didnt) no\b": r"\1 know",
    r"\bnonsens\b|\bnonsence\b": "nonsense",
    r"\bre+ly\b|\brealy\b|\brly\b": "really",
    r"\btablits\b|\btablats\b|\btabluts\b": "tablets",
    r"\bfe+v+[ae]r\b|\bfev+o+r\b|\bfeaver\b": "fever",
    r"\bthink strait\b": "think straight",
    # regional Englishes (set U): Scots "cannae get ma breath", Jamaican "she cyaan wake up,
    # she nuh ansa mi", "tek ... wid"; a keyboard that splits a word: "back lofen"
    r"\bcannae\b|\bcanna\b|\bcan nae\b|\bcyaan\b|\bkyaan\b|\bcaan\b": "can't",
    r"\bma (?=breath|chest|legs?|arms?|heid|head|back|tablets|baclofen|pills|throat)": "my ",
    r"\bheid\b": "head",
    r"\bwi (?=a |ma |my |the |some |his |her )": "with ",
    r"\bnuh\b": "not",
    r"\bansa\b|\bansuh\b": "answer",
    r"\btek\b": "take",
    r"\btink\b": "think",
    r"\bwid\b": "with",
    r"\ball a mi\b": "all my",
    # autocorrect (set U): "seeing thinks that aren't their"
    r"\bseeing thinks\b": "seeing things",
    r"\b(aren't|isn't|not|wasn't|weren't) their\b": r"\1 there",
    # a child's age said in passing: "my son, who's 16, took extra" reads as one clause
    r", (?:who's|who is|whos|aged|age) (\d{1,2}),": r" aged \1",
    # "and tbh i don't know what day it is": the clause starts at "i" (set Q)
    r"\band (?:tbh|tbf|ngl|honestly|to be honest),? ": "and ",
    r"\bshivry\b|\bshivvery\b": "shivery",
    r"\bdiffrent\b|\bdiffernt\b": "different",
    r"\bflor\b": "floor",
    r"\brite now\b": "right now",
    # "can't climb the stairs I did yesterday": the day of what someone could still do,
    # not of the sign (set X); the day goes
    r"\b(i|he|she|we|they) (did|could|could do|managed|was able to|were able to) yesterday\b": (
        r"\1 \2"
    ),
    # "since 9pm last night (Weds 14th)" is "since last night" (set X)
    r"\bsince (?:about |around |approx\w* )?\d{1,2}(?:[:.]\d{2})? ?(?:am|pm)? "
    r"(last night|yesterday|this morning|this afternoon|this evening|tonight)\b": r"since \1",
    # texting on every word (set V): "cnt mak it stop", "2 dys ago", "dont wanna b here"
    r"\bcnt\b": "can't",
    r"\bmak\b": "make",
    r"\bdys\b": "days",
    r"\bwanna b\b": "wanna be",
    # and split by a bad keyboard (set U): "back lofen", "baclo fen"
    r"\bb(?:ac|ca)l(?:o|a)f(?:e|i)n\b|\bbacolfen\b|\bbaclophen\b|\bback ?lofen\b|"
    r"\bbac lofen\b|\bbaclo fen\b|\bbac lo fen\b": "baclofen",
    r"\bive\b": "i've",
    r"\bhes\b": "he's",
    r"\bshes\b": "she's",
    # texting (set D): "hard 2 breathe rn", "started baclo", "an hr ago"
    r"\b(hard|easy|able|trying|try|want|wants|need|needs|going|got|has|have|had|started|"
    r"starting|struggling|unable|normal|ok|okay|safe|is it) 2\b": r"\1 to",
    r"\brn\b": "right now",
    r"\bbaclo\b": "baclofen",
    r"\bhrs\b": "hours",
    r"\bhr\b": "hour",
    r"\bppl\b": "people",
    # a dropped g in texting and dialect (set M): "beepin", "roastin hot", "shakin"
    r"\b(roast|boil|burn|beep|shak|jerk|twitch|breath|fitt|sweat|shiver|itch|slurr|wheez|"
    r"gasp|chok|faint|collaps|vomit|puk|swell|tingl|hallucinat|seiz|convuls|scream|"
    r"screech|wail|alarm|mak|tak|wak|burst|bleed|leak|ooz|throw|chew|suck|drool|mumbl|"
    r"snor|gurgl|rattl|wander|slump|stagger|drift|nodd|sleep|think|look|talk|see|weep|"
    r"scratch|kick|jump|judder|slid|slipp)in\b": r"\1ing",
}
_CONTRACTION_RES = [(re.compile(p), r) for p, r in _CONTRACTIONS.items()]


# "breathing's odd", "heart's pounding": 's after these nouns is "is", not a possessive.
_IS_AFTER = re.compile(
    r"\b(breathing|breath|heart|chest|throat|tongue|face|lips?|head|vision|eyesight|"
    r"speech|temperature|temp|neck|wound|everything|nobody|no one|something)'s\b"
    r"(?! (?:been|got|gone|had))"
)
# "ok now it's making a two-tone noise" (set M): a discourse "ok", not "I'm ok now"; the
# "ok" goes when "now" starts a statement of at least two more words
_DISCOURSE_OK = re.compile(r"(^|[.!?] )(?:ok|okay|alright|right|so)[,]? (?:so )?(?=now \S+ \S+)")
# Voice dictation spells punctuation out (set R): "she is talking to her sister full stop"
# (the spaces before it go too; "(?<![ \t])" starts each try at the first space of a run,
# so a long run of spaces is read once, not once per space)
_DICTATION = [
    (re.compile(r"(?<![ \t])[ \t]*\b" + p), r)
    for p, r in (
        (r"full stop\b", "."),
        (r"question mark\b", "?"),
        (r"exclamation (?:mark|point)\b", "!"),
        (r"new (?:line|paragraph)\b", "."),
    )
]
# A quoted question, usually ours ("> Are they hard to wake up?" then "No, he woke straight
# away"), is not the person's report (set T); quoted statements stay
_QUOTED_QUESTION = re.compile(r"(?m)^[ \t]*>[^\n]*\?[ \t]*$\n?")
# A chat export's line prefix, "[19:40] Tom: " (set U): the time and the sender's name
_CHAT_EXPORT = re.compile(
    r"(?m)^[ \t]*\[\d{1,2}[:.]\d{2}(?::\d{2})?\][ \t]*(?:[\w.' -]{1,25}:)?[ \t]*"
)
# Zero-width and other invisible characters people paste or phones insert.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")


def normalise(text: str) -> str:
    """Lower-case, unify apostrophes and spacing, and repair common contractions.

    A line break ends a sentence (people type one thought per line in a chat).
    """
    # NFKC: full-width and other compatibility forms ("ｃａｎ'ｔ ｂｒｅａｔｈｅ") read as ASCII
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))
    names = spelling.names_in(text)  # "Fitz" keeps its spelling
    text = text.lower()
    text = _QUOTED_QUESTION.sub("", text)
    text = _CHAT_EXPORT.sub("", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    for pattern, replacement in _DICTATION:
        text = pattern.sub(replacement, text)
    text = re.sub(r"(?<![.!?\s])[ \t]*(?:\r?\n)+", ". ", text)
    for pattern, replacement in _CONTRACTION_RES:
        text = pattern.sub(replacement, text)
    text = spelling.get_speller().fix(text, names)
    text = _IS_AFTER.sub(lambda m: f"{m.group(1)} is", text)
    text = _DISCOURSE_OK.sub(r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


# --- building blocks ------------------------------------------------------------------

_BREATH = r"(?:breath(?:e|ing|s)?|brea?the?|breth\w*|breeth\w*|brething|breating|breathin)"
_NEG_ABILITY = (
    r"(?:can't|cannot|couldn't|unable to|struggling to|struggle to|hard to|"
    r"difficult to|trouble|problems?|difficulty|difficulties|hard time|fighting to|"
    r"having a hard time)"
)
_PERSON = r"(?:him|her|them|me|my ?self|himself|herself)"
_POSS = r"(?:my|his|her|their|the)"
_PILLS = (
    r"(?:tablets?|pills?|doses?|baclofen|baclofin|meds|medicines?|medications?|"
    r"lioresal|lyflex|ozobax|mg|ml|liquid|solution|syrup|suspension)"
)
_NUMBER_WORDS = (
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|a dozen|several|many|loads of|lots of|a lot of|a bunch of|"
    r"a handful of|a load of|a whole load of|a pile of|a fistful of|a few)"
)

# Who may already have said to call the emergency number (advised_emergency, set W), and
# the advice for "if" it happens that is not that ("the nurse said to call 999 if he
# ever fits")
_ADVISERS = (
    r"111|nhs ?24|the nurse|a nurse|nurse line|the (?:on[- ]call |out of hours |ooh )?"
    r"(?:doctor|gp)|my (?:doctor|gp)|the gp|the pharmacist|a pharmacist|(?:the )?dispatcher|"
    r"poison (?:control|centre|center)|the pump (?:team|nurse)|the helpline"
)
_NOT_IF_IT_HAPPENS = (
    r"(?![^.?!]{0,30}?\b(?:if|in case|whenever|should (?:he|she|i|it|this) (?:ever|happen)))"
)

# What collapses without being a person (set AC: "the home defence completely collapsed"):
# a team, a plan, a deal, a market, a building. Fixed-width look-behinds, one per word.
_COLLAPSING_THINGS = (
    "defence",
    "defense",
    "back line",
    "backline",
    "back four",
    "midfield",
    "attack",
    "team",
    "deal",
    "plan",
    "plans",
    "market",
    "markets",
    "economy",
    "shares",
    "prices",
    "tent",
    "talks",
    "negotiations",
    "government",
    "coalition",
    "bridge",
    "roof",
    "ceiling",
    "building",
    "wall",
    "shelf",
    "scaffolding",
    "cake",
    "souffle",
    "business",
    "company",
    "marriage",
    "scrum",
    "tower",
)
_NOT_A_PERSON_BEFORE = "".join(
    f"(?<!{thing}{adverb} )"
    for thing in _COLLAPSING_THINGS
    for adverb in ("", " completely", " totally", " just", " has", " had")
)
RED_FLAG_PATTERNS: Dict[str, List[str]] = {
    "breathing": [
        # "he's only breathing every so often" (set AA): long gaps between breaths
        r"\b(?:only|just|barely|hardly) (?:breathing|breathes|breathed|taking a breath|taking "
        r"breaths|takes a breath) (?:every so often|every now and then|every now and again|now "
        r"and then|every few seconds|once in a while)\b",
        # "I couldn't blow out the candles, I've got no puff at all" (set U)
        r"\b(?:i've got|i have|i've|got|have|there's|has|he's got|she's got) no puff\b|"
        r"\b(?:out of|no) puff (?:at all|left)\b",
        r"\bbreathing through a (?:straw|pillow|wet cloth|sponge|(?:wet |damp )?(?:towel|flannel|"
        r"cloth|blanket|sock))\b|"
        # set AE: "can't get to the bottom of a breath", "breathing feels like a chore",
        # "can't get through a sentence without stopping to breathe", "I have to stop every
        # few words to get air in"
        r"\b(?:can't|cannot|couldn't|never|not able to|unable to) (?:get|getting|reach) "
        r"(?:to )?the bottom of (?:a|my|his|her|their|each|every) breath\b|"
        rf"\b{_BREATH}\b(?:'s| is| feels| has)(?: become| becoming| getting)?(?: like)? (?:a |"
        r"such a |real |really |very )?(?:chore|effort|struggle|battle|workout|hard work)\b|"
        r"\bwithout (?:stopping|pausing|having to stop|needing to stop) (?:to|for) (?:breathe|"
        r"(?:a )?breath|air|catch (?:my|his|her|their) breath)\b|"
        r"\b(?:stop|stops|stopping|pause|pauses|pausing) (?:every|after) (?:few|couple of|"
        r"two|three|\d+|other|single) (?:words?|steps?) (?:to|for) (?:breathe|(?:a )?breath|"
        r"get air|air)\b|"
        # "like sucking air through a coffee stirrer" (set Q)
        r"\b(?:sucking|getting|dragging|pulling|breathing) (?:air |my breath )?(?:in )?through a "
        r"(?:straw|coffee stirrer|stirrer|pinhole|tiny tube|narrow tube|cocktail straw)\b|"
        r"\bevery breath (?:is|feels like|takes) (?:an effort|a struggle|hard work|work|so hard|"
        r"effort)\b",
        r"\b(?:have|has|had|having) to (?:think about|force|remember|concentrate on) (?:every|each)"
        r" (?:single )?breath\b|\bforc(?:e|ing) (?:my ?self|him ?self|her ?self) to breathe\b",
        r"\b(?:rr|resp(?:iratory)? rate|resps|respirations?)\b (?:of |is |was |=|: ?)?"
        r"(?:about |around |approx\w* |roughly |only |down to |~ ?)?[1-9]\b"
        r"(?![\d.])|\b(?:[1-9]) breaths (?:a|per|in a|in one|each) (?:minute|min)\b",
        r"\b(?:sats|saturations?|spo2|o2 sats?|oxygen)\b[^.?!\d]{0,12}(?:[4-8]\d|9[01]) ?%",
        # carers' and nurses' shorthand (set D): "RR 8/min, shallow", "sats dropping"
        r"\b(?:rr|resp(?:iratory)? rate|resps|respirations?|breaths?)\b"
        r"(?:(?!\b(?:not|no|normal|never)\b)[^.?!]){0,20}?\b(?:shallow|laboured|labored|"
        r"irregular|agonal|gasping)\b",
        # "resp rate about 8, very shallow, colour a bit grey" (set N): shallow said alone
        # after the breathing was named, and a grey or blue colour with it
        r"\b(?:breathing|breaths?|resp\w*|rr)\b[^.?!]{0,40}?\b(?:very|really|so|too) shallow\b",
        r"\b(?:breathing|breaths?|resp\w*|rr)\b[^.?!]{0,60}?\b(?:colou?r|lips|face|skin)\b"
        r"[^.?!]{0,15}?\b(?:grey|gray|blue|bluish|dusky|ashen)\b",
        r"\b(?:sats|saturations?|spo2|o2|oxygen(?: levels?)?)\b"
        r"(?:(?!\b(?:not|no|normal|never)\b)[^.?!]){0,15}?\b(?:low|dropping|falling|dropped|"
        r"down)\b",
        # everyday words (issue 8, class 1): "can hardly get any air in", "breathing's odd"
        r"\b(?:hardly|barely|can hardly|can barely|can't really|cannot really|not really) "
        r"(?:get|getting|draw|drawing|take|taking|pull|pulling) (?:in )?(?:enough |any |a |much )?"
        r"(?:air|breath|oxygen)\b",
        r"\b(?:can't|cannot|couldn't|unable to|struggling to|not able to|hard to) (?:get|take|"
        r"draw|catch|pull in) (?:a |one )?(?:full|proper|deep|decent|good|real) breath\b",
        rf"\b{_BREATH}\b(?:'s| is| are| sounds| seems| feels| looks| has gone| went| gone)* ?"
        r"(?:all |really |very |so |a bit |kind of |kinda )?(?:odd|off|wrong|weird|not right|"
        r"ragged|gurgl\w*|rasp\w*|wheezy|raspy|all over the place|really slow|very slow)\b",
        r"\b(?:lungs?|chest) (?:won't|wont|will not|can't|doesn't|don't) (?:fill|expand|open|"
        r"move)\b|\b(?:feels? like|it's like) (?:i'm|he's|she's|i am) (?:drowning|suffocating|"
        r"being strangled)\b",
        rf"\b{_NEG_ABILITY} (?:to )?(?:catch |get |find )?(?:my |his |her |their |your )?{_BREATH}",
        # "can't catch a breath since my lunchtime dose" (set Y); not "a breath of fresh air"
        rf"\b{_NEG_ABILITY} (?:to )?catch a {_BREATH}\b(?! of)",
        rf"\b(?:not|isn't|aren't|stopped|stop|barely|hardly|struggling|slow|slowly|"
        rf"shallow|shallowly|gasping|labou?red|weird|strange|noisy|irregular) "
        rf"(?:really |properly |very )?{_BREATH}\b(?! (?:slowly|too slowly|fast|quickly|heavily))",
        rf"\b{_BREATH} (?:is |are |has |seems |looks |sounds |got |gotten |become |"
        r"became )?(?:(?:much |very |really |so |too |super |quite |getting )?(?:quieter|"
        r"shallower|weaker) and )?(?:much |very |really |so |too |super |quite |getting )?"
        r"(?:slow|slower|"
        r"shallow|weak|laboured|labored|difficult|hard|funny|strange|noisy|rattly|"
        r"irregular|stopping|stopped)",
        rf"\b{_BREATH}\b[^.?!]{{0,20}}?\b(?:slow|slower|shallow|weak|laboured|labored|"
        r"difficult|funny|strange|noisy|rattly|irregular|stopping|stopped)\b",
        r"\b(?:can't|cannot|couldn't|not|struggling to|hard to) (?:get|getting) (?:enough |any )?"
        r"(?:air|breath|oxygen)\b",
        r"\b(?:gasping|struggling|fighting) for (?:air|breath)\b|\bair hunger\b",
        r"\bshort(?:ness)? of breath\b",
        # "SOB since 2am" (set W), not "I sob every night" (crying)
        r"(?<!\bi )(?<!\bto )(?<!\bwe )(?<!\bstop )(?<!\bcan't )(?<!\bquiet )\bsob\b"
        r"(?= (?:since|for|at rest|all|getting|worse|now|today|tonight|this|and|\+|on)|[,.;]|$)",
        # "breathless since this afternoon", "can't talk in full sentences" (set E)
        # not "breathless just opening my gas bill", "breathless laughing at the telly" (set X)
        r"\bbreathless(?:ness)?\b(?! (?:just |from |with )?(?:opening|reading|looking at|seeing|"
        r"laughing|from laughing|with laughter))|"
        r"\bwinded\b(?! (?:after|by|from|when|climbing|walking))",
        r"\b(?:can't|cannot|couldn't|hard to|harder to|difficult to|struggling to|unable to|"
        r"not able to|can barely|can hardly) (?:talk|speak|get (?:my|his|her|the) words out)\b"
        r"[^.?!]{0,12}?\b(?:in )?(?:full|whole|complete|proper) sentences\b|"
        r"\b(?:can't|cannot|couldn't) finish (?:a|my|his|her) sentences?\b",
        r"\bout of breath\b",
        r"\b(?:gasping|wheezing badly)\b",
        r"\bchoking\b(?! (?:me|him|her|us|them|you) with\b| on (?:the |all the |this |that )?"
        r"(?:info\w*|paperwork|jargon|details|words|admin|leaflets?|laughter|pride)\b)",
        # "I'm suffocating", not "this heatwave is suffocating"
        r"(?<!heat )(?<!heatwave )(?<!weather )(?<!humidity )(?<!room )(?<!office )"
        r"(?<!house )(?<!it's )(?<!it is )(?<!heatwave is )(?<!heat is )(?<!weather is )"
        r"(?<!humidity is )(?<!air is )\bsuffocating\b(?! (?:heat|weather|hot))",
        r"\b(?:turning|gone|going|looks?|look|lips are|lips look|lips have gone) "
        r"(?:a bit |a little |slightly |kind of |quite |really )?blue\b",
        r"\b(?:lips|mouth|face)\b (?:are |is |look |looks |have gone |has gone |went |turned )?"
        r"(?:a bit |a little |quite |very |really |all |slightly |kind of |sort of )?"
        r"(?:grey|gray|dusky|purple|purplish|bluish|blue|blueish)\b",
        # a gurgling or rattling breath (set L): "making this gurgly snoring noise"
        r"\b(?:gurgl\w*|rattl\w*|death rattle)\b[^.?!]{0,20}?\b(?:noise|sound|breath\w*|"
        r"snor\w*)\b|\b(?:breath\w*|snor\w*)\b[^.?!]{0,15}?\b(?:gurgl\w*|rattl\w*)\b",
        rf"\b{_BREATH}\b[^.?!]{{0,25}}?\b(?:not|isn't|never) (?:getting|going) "
        r"(?:all the way |right |properly |fully |deep enough )?(?:in|down)\b",
        r"\bblue lips\b|\bblue (?:around|round) (?:the|his|her|my|their) (?:lips|mouth)\b",
        r"\bno puedo respirar\b|\bno respira\b|\bne (?:peux|peut) pas respirer\b|"
        r"\bne respire (?:plus|pas)\b|\bkann nicht atmen\b|\batmet nicht\b|"
        r"\bn[aã]o consigo respirar\b|\bn'arrive (?:pas|plus) [aà] respirer\b",
    ],
    "severe_drowsiness": [
        # asleep in the middle of doing something (set Y, set G): "fell asleep mid-bite at
        # dinner", "nodded off again just now while typing this", "fell asleep standing at
        # the kitchen counter": can't stay awake, not a nap
        r"\b(?:fell|fall|falls|falling|nodded|nodding|nods|nod|dozed|dozing|dozes|doze|dropped|"
        r"dropping|drops) (?:asleep|off)\b[^.?!]{0,30}?\b(?:standing(?! (?:order|joke))|"
        r"mid[- ]?(?:sentence|bite|meal|mouthful|conversation|word|chew|drink|call)|while "
        r"(?:eating|talking|typing|writing|texting|standing|walking|speaking|chewing|on the phone)|"
        r"in the middle of (?:eating|talking|a sentence|a conversation|a meal|dinner|lunch|"
        r"breakfast|his meal|her meal|my meal|typing|a call)|"
        r"with (?:food|his food|her food|my food) in)\b",
        # "we try to wake him for eat but he only open eye and close again" (set R): trying
        # to wake someone who does not come round, in any grammar
        r"\b(?:try|tried|trying|tries)(?: to| and)? (?:wake|rouse|get) (?:him|her|them|my \w+|"
        r"\w+)(?: up)?\b"
        r"[^.?!]{0,40}?\bbut (?:he |she |they |it )?(?:only|just|not|no|won't|doesn't|didn't|"
        r"barely|hardly|keeps?|goes|went|closes?|can't|couldn't|still)\b",
        r"\b(?:only |just |barely )?opens? (?:his |her |their |the |an? )?eyes? (?:and|then|but) "
        r"(?:close|closes|closed|shut|shuts|goes back|go back|drifts|drift|falls|fall)\b",
        # "much harder to wake than normal", "I feel really drowsy and floppy" (set U)
        # "I can only rouse her for a second when I shake her shoulder" (set V)
        r"\b(?:can|could) only (?:just )?(?:rouse|wake|waken|stir) (?:him|her|them|my \w+)\b|"
        r"\b(?:only|barely|hardly|just) (?:rouses|wakes|wakes up|comes round|woke|"
        r"opens (?:his|her) eyes|opened (?:his|her|their) eyes) for "
        r"(?:a second|a moment|a few seconds|seconds)\b",
        r"\b(?:harder|more difficult) to (?:wake|rouse)\b|\b(?:i feel|i'm|i am|feeling) (?:really |"
        r"very |so |all )?floppy\b|\b(?:drowsy|sleepy|weak) and floppy\b",
        # "now he's snoring and I can't get much out of him" (set R)
        r"\b(?:can't|cannot|couldn't|can't really|not able to) get (?:much|anything|any sense|"
        r"a word|a response|any response|a reaction|any reaction|sense) out of (?:him|her|them)\b",
        # "told me to keep him awake but he keeps sliding off no matter what I do" (set Q)
        r"\b(?:keeps?|kept) (?:sliding|drifting|dropping|nodding|slipping) off\b[^.?!]{0,25}?"
        r"\bno matter what\b|\b(?:can't|cannot|can hardly|struggling to) keep (?:him|her|them) "
        r"awake\b",
        # "basically a corpse on the sofa, shaking him does nothing" (set P)
        r"\b(?:shaking|shouting at|pinching|nudging|prodding|calling) (?:him|her|them)\b"
        r"[^.?!]{0,10}?"
        r"\b(?:does nothing|did nothing|doesn't work|gets nothing|no response|nothing happens)\b|"
        r"\b(?:basically|practically|like) a (?:corpse|dead body|dead weight|rag doll)\b",
        # "my coworker had to shake me to wake me" (set O); falling asleep mid-task again
        rf"\bhad to (?:shake|shout at|pinch|slap|nudge|poke) {_PERSON} (?:awake|to wake|"
        rf"(?:hard |several times |really hard )?to (?:get|make) {_PERSON} (?:to )?(?:wake|respond|"
        rf"come round|answer|react|open (?:his|her|their|my) eyes))|"
        r"\b(?:fell|falling|keeps? falling|kept falling|nodded|nodding|dropping) (?:off|asleep) "
        r"(?:sitting up|standing up|mid[- ]sentence|while (?:talking|eating|standing)|at (?:my|his|"
        r"her) desk|at the table|in (?:my|his|her) (?:food|dinner|plate))\b[^.?!]{0,25}?\b(?:three|"
        r"four|five|several|[3-9]) times\b",
        # "slumped in her chair", "all I can get out of her is a mumble" (set D)
        r"\bslumped (?:in|over|on|against|at)\b|\b(?:only|just) (?:mumbles|grunts|groans)\b|"
        r"\b(?:only|just) (?:mumbled|grunted|groaned)\b(?=[^.?!]{0,30}?\b(?:back (?:under|to "
        r"sleep|off)|asleep|again|eyes)\b)|"
        # "tried to get him up for tea he just mumbled and went back under" (set T)
        r"\b(?:went|goes|going|gone|drifted|drifts|slipped|slips) (?:straight |right )?back "
        r"under\b|"
        r"\ball (?:i|we) can get (?:out of (?:him|her|them) )?is (?:a )?(?:mumble|grunt|groan)s?\b",
        rf"\b(?:can't|cannot|couldn't|hardly|barely|can hardly|can barely|struggling to|"
        rf"unable to) (?:get|getting) (?:{_PERSON}|my \w+) to (?:wake|stay awake|open|respond|"
        rf"answer|react|come round)",
        # non-native and everyday words (set M): "we cannot make her wake"
        rf"\b(?:can't|cannot|couldn't|not able to|unable to|no can) (?:make|making) "
        rf"(?:{_PERSON}|my \w+) (?:to )?(?:wake|awake|stay awake|open (?:his|her|their) eyes)\b",
        r"\b(?:in and out of (?:it|consciousness)|drifting in and out|slipping in and out|"
        r"zoning in and out|out cold|dead to the world|can't rouse|won't rouse|can't be roused|"
        r"cannot be roused|not rousable|unrousable|barely conscious|half conscious|"
        r"semi[- ]?conscious|keeps? zoning out|keeps? going limp|won't come round|"
        r"not coming round|not waking properly)\b",
        r"\b(?:he|she|they|baby|son|daughter|child|kid|toddler|he's|she's|he is|she is|"
        r"they are|they're)\b[^.?!]{0,15}?\b(?:gone |going |all |really |very |so )floppy\b",
        rf"\b(?:won't|will not|can't|cannot|couldn't|not|unable to|hard to|difficult to|"
        rf"trouble|struggling to|fighting to|battling to|barely|hardly|impossible to) "
        rf"(?:properly |fully |really )?"
        rf"(?:wake|waking|wakes|woken|wake {_PERSON} up|wake up|rouse|stay(?:ing)? awake|"
        rf"keep(?:ing)? {_POSS} eyes open)",
        r"\b(?:unresponsive|not responding|won't respond|isn't responding|"
        r"doesn't respond|unconscious|comatose|in a coma|can't be woken|cannot be woken|"
        r"can't be roused|limp and sleepy|floppy and sleepy|barely responsive|"
        r"hardly responsive|not very responsive|goes back to sleep|keeps? drifting off|"
        r"no despierta|no se despierta|no responde|inconsciente|ne se r[ée]veille pas)\b",
        r"\bcan't keep (?:my|his|her|their) (?:head up|eyes open)\b|"
        r"\b(?:can't|cannot|couldn't|can barely|can hardly) keep (?:him|her|them|me) awake\b|"
        r"\basleep (?:nearly |almost |pretty much )?all the time\b|"
        r"\b(?:gone|asleep|out|off) again within (?:seconds|a few seconds|a minute|moments)\b",
        r"\b(?:can't|cannot|couldn't|can barely|can hardly|barely|hardly|struggling to) "
        r"(?:get|getting) (?:his|her|their) eyes (?:to )?open\b",
        r"\b(?:arms?|legs?|head|body|hands?)\b (?:just )?(?:flops|flopped|flopping|drops|dropped|"
        r"falls|fell) (?:back |down )?(?:when|if|as soon as) (?:i|we|you) (?:lift|let go|raise|"
        r"pick)\w*\b",
        r"\b(?:could not|would not|will not|can't|cannot|couldn't|wouldn't) be "
        r"(?:fully |properly )?"
        r"(?:woken|roused|wakened)\b",
        r"\bgcs (?:of |is |was |=|: ?)?(?:[3-9]|1[0-2])\b(?![\d.])|"
        r"\b(?:pinch|pinched|pinching|rub|rubbed|shake|shook|shout|shouted)\b[^.?!]{0,30}?\bto "
        r"get (?:any |a )?(?:reaction|response)\b|"
        r"\b(?:he|she|they|baby|child)\b[^.?!]{0,20}?\b(?:went|goes|gone|going) (?:all )?floppy\b",
        r"\b(?:can|could|can't|cannot|couldn't|unable to|struggling to|struggles to) "
        r"(?:hardly |barely |only just )?open (?:his|her|their|my) eyes\b|"
        r"\b(?:sleeping|asleep|sleeps|slept) (?:nearly |almost |pretty much |practically )?"
        r"(?:all day|the whole day|all day and night)\b|"
        r"\bgcs\b[^.?!]{0,10}?\b(?:dropping|falling|dropped|fallen|down|going down|"
        r"decreasing|deteriorating|worsening)\b",
        r"\b(?:responds?|responding|responded|rousable|rouses|roused|rousing|"
        r"opens? (?:his |her |their )?"
        r"eyes|opened (?:his |her |"
        r"their )?eyes)\b[^.?!]{0,20}?\b(?:only )?to (?:a )?(?:firm |hard |loud )?(?:loud voice|"
        r"pain|shaking|a shake|being shaken|sternal rub|shoulder rub|pinch|shout\w*|her name "
        r"shouted|his name shouted)\b",
        r"\b(?:sleep\w*|asleep)\b[^.?!]{0,25}?\b(?:and )?(?:not|doesn't|won't|isn't|does not) "
        r"(?:answer|respond|wake)\w*\b",
        r"\bnot (?:answering|responding to) (?:us|me|anyone|anybody)\b|\bstaring into space\b",
        # "He's in his room and not really answering, just mumbling" (set AB)
        r"\bnot (?:really |properly )?(?:answering|responding|replying)\b,?[^.?!]{0,10}?\b(?:just|"
        r"only) (?:mumbl|grunt|groan|moan)\w*",
        r"\b(?:call|calling|called|shake|shaking|shook|wake|touch)\b (?:him|her|them)\b"
        r"[^.?!]{0,10}?\b(?:he|she|they) (?:no|not|don't|doesn't) "
        r"(?:answer|respond|wake|open)\w*\b",
        r"\b(?:extremely|severely|dangerously|incredibly|abnormally|excessively|"
        r"way too|super) (?:sleepy|drowsy|sedated)\b",
        r"\bsevere (?:sleepiness|drowsiness|sedation)\b",
        r"\b(?:keeps?|keep on|keeps on) (?:falling asleep|passing out|nodding off|dozing off)"
        r"(?: mid| in the middle| while| during)?",
        r"\bfalling asleep (?:mid|in the middle of|while (?:talking|eating|standing))",
        r"\b(?:he|she|they) (?:is|are|'s) only sleeping\b|\b(?:called|calling|call|shouted|"
        r"shouting) (?:him|her|them)\b[^.?!]{0,40}?\b(?:is|are|was|'s) not (?:getting up|waking|"
        r"coming|responding)\b|\beyes (?:are |is |only |stay |staying )*half (?:open|closed)\b",
        r"\b(?:slept|sleeping|asleep) (?:for )?(?:1[4-9]|2\d|3\d) (?:hours|hrs)\b|"
        r"\bhead (?:just )?(?:flops|flopped|flopping|lolls|lolled|drops|dropped) (?:forward|"
        r"forwards|back|down|to one side|onto (?:his|her) chest)\b",
        r"\b(?:asleep|sleeping|slept)\b (?:since|through|right through) (?:yesterday|last night|"
        r"the whole day|all of yesterday)\b",
        r"\b(?:can't|cannot|couldn't|can't even|won't|unable to) (?:hold|keep up|manage|follow) "
        r"a conversation\b",
        r"\beyes (?:keep |keeps )?(?:close|closing|shut|shutting|roll\w*)(?: again| mid| while| "
        r"in the middle| as soon as)\b",
    ],
    "confusion": [
        # set AE: "rly drowsy n mixed up since baclofen started": mixed up as a state, not
        # "mixed up the bottles" or "mixed up about the times"
        r"\b(?:he's|she's|i'm|is|seems|seem|been|gone|so|very|really|and|all) (?:really |very |"
        r"so |a bit |all |quite |completely |totally )?mixed up\b"
        r"(?! (?:the|his|her|my|their|our|your|which|about|over|between|with|two|both|on|by|in)\b)",
        # "couldn't remember how to spell my surname"; "tried to leave the house in his
        # pyjamas to go to work ... he retired in 1998" (set U)
        r"\b(?:couldn't|can't|cannot|could not|forgot|forgotten|don't know|not)\b[^.?!]{0,30}?"
        r"\b(?:remember |recall )?how to (?:spell|write|say) (?:my|his|her|their) (?:own )?"
        r"(?:name|surname|address)\b|\bin (?:his|her) (?:pyjamas|pajamas|nightie|nightdress|"
        r"dressing gown|underwear)\b[^.?!]{0,30}?\bto (?:go to )?(?:work|school|the office)\b",
        # "keeps asking the same question every couple of minutes", "thinks it's 1998" and
        # "picking at the sheets" (a carers' word for delirium) (set R)
        r"\b(?:keeps?|kept|keep on|keeps on) (?:asking|saying|repeating) (?:me |her |him |us )?"
        r"the same (?:question|thing|things|questions)\b|"
        r"\bthinks? (?:it'?s|it is) (?:still )?(?:19\d\d|20[01]\d|the (?:19|20)\d0s)\b|"
        r"\b(?:picking|plucking|pulling) at (?:the |his |her |their )?(?:sheets|bedding|"
        r"bedclothes|covers|blankets?|thin air|the air|air|nothing)\b",
        # "asked when his mother is coming, she died years ago" (set R)
        # "kept saying she was at the train station waiting for my uncle, who died ten years
        # ago" (set AC): any relative, the writer's too
        r"\b(?:asks?|asked|asking|waiting|looking|calling)\b (?:when|where|for|if|whether|"
        r"after)\b[^.?!]{0,30}?\b(?:his|her|their|my|our) (?:late )?(?:mother|mum|mom|father|dad|"
        r"wife|husband|sister|brother|parents|uncle|aunt|auntie|grandma|grandmother|grandad|"
        r"grandpa|grandfather|nan|nana|granny|son|daughter|friend|cousin)\b[^.?!]{0,40}?\b(?:she|"
        r"he|they|who)(?: has| have)? (?:died|passed|is dead|'s dead|are dead|passed away)\b",
        # "He asked me four times in five minutes if I'd fed the dog" (set AC): the same
        # thing again and again within minutes
        r"\b(?:asked|asks|asking|said|says|told me|repeated|repeating|repeats)\b[^.?!]{0,50}?"
        r"\b(?:three|four|five|six|seven|eight|nine|ten|several|a dozen|\d+) times (?:in|within|"
        r"over|during) (?:the (?:last|past) )?(?:(?:\w+|\d+) )?(?:minutes|mins|seconds|secs|"
        r"hours?|an hour)\b",
        # "he's never muddled like this" (set AC): never like this is new, not a no
        r"\b(?:never|not ever) (?:been |seen (?:him|her|them|you) )?(?:this |so |that )?(?:muddled|"
        r"confused|disorientated|disoriented|vague|forgetful|out of it|mixed up|befuddled|"
        r"foggy) (?:like this|as this|before)\b",
        # "I'm not sure what day it is", "asked her the same question five times" (set P)
        r"\b(?:not sure|no idea|don't know|can't tell|cannot tell) (?:what|which) (?:day|year|"
        r"month) it is\b|\b(?:asked|asking|asks|repeating|repeated|repeats) (?:me |her |him |us )?"
        r"the same (?:question|thing) (?:three|four|five|six|seven|eight|ten|a dozen|several|many|"
        # "asked him the same question many times" (set AC)
        r"lots of|loads of|a lot of|so many|umpteen|countless|multiple|over and over|\d+|again "
        r"and again)\b",
        # "doesn't seem to know it's me", "can't follow what anyone is saying" (set O)
        r"\b(?:doesn't|does not|didn't|don't|can't|cannot|couldn't) (?:seem to |appear to )?"
        r"(?:know|recogni[sz]e|realise|realize) (?:it'?s me|it was me|who (?:i am|we are)|where "
        r"(?:he|she|i|they) (?:is|am|are|was)|what day it is)\b|"
        r"\b(?:can't|cannot|couldn't|can not) (?:follow|understand|keep up with) (?:what|a word) "
        r"(?:anyone|anybody|people|you|we|i|they)?(?: \w+)?(?: is| are| am)? ?(?:saying|said)?\b",
        r"\btalking like (?:she's|he's|i'm|she is|he is|i am|they're) (?:drunk|pissed|wasted)\b",
        # "has this evening become unable to recall my name or the year, and her speech is
        # indistinct" (set AB): a formal writer's words
        r"\b(?:unable to|cannot|can't|could not|couldn't|no longer able to) (?:recall|remember|"
        r"say|tell (?:me|us)) (?:my|his|her|our|their|the) (?:name|names|year|date|address|own "
        r"name)\b|"
        r"\bspeech (?:is|was|has become|has gone|sounds|seems|became) (?:very |rather |quite |a "
        r"little |somewhat )?(?:indistinct|slurred|garbled|unclear|thick|muddled|jumbled)\b",
        # "when I try to talk it comes out mushy" (set AA): speech told by how it sounds
        r"\b(?:talk|speak|say (?:anything|something|a word)|get (?:my|his|her|the) words out)\b"
        r"[^.?!]{0,20}?\b(?:it|they|everything|the words|words) (?:comes?|came|coming) out "
        r"(?:all )?(?:mushy|mush|mushed|garbled|slurred|slurry|jumbled|muddled|wrong|funny|"
        r"weird|strange|like mush)\b",
        r"\bnot knowing (?:where|who|what day|what year)\b",
        r"\b(?:keeps?|keep|keeping|i keep) losing track of (?:what|where|who|time)\b",
        r"\bwords?\b[^.?!]{0,20}?\b(?:are mixed|come out mixed|mush|mushy|mushed|mashed|garbled|"
        r"slurring|"
        r"running together|"
        r"(?:coming|come|comes|came) out (?:all )?(?:wrong|jumbled|muddled|funny|slow|strange|"
        r"weird|backwards|in the wrong order|mushy|mushed|garbled|slurred|slurry)|"
        r"all (?:jumbled|muddled|mixed up)|jumbled|mixed up)\b",
        r"\b(?:doesn't|does not|didn't|don't|won't) (?:know|recogni[sz]e) (?:who (?:i am|we are|"
        r"he is|she is)|his own|her own|their own|me|us|anyone|anybody)\b",
        r"\bthinks? (?:i'm|i am|we're|we are|the \w+ is|his \w+ is|her \w+ is) "
        r"(?:a stranger|someone else|an intruder|an imposter|his mother|her mother)\b",
        r"\b(?:talking (?:rubbish|gibberish|nonsense|to himself|to herself)|not with it|"
        r"not all there|away with the fairies|can't string a sentence|can't get (?:his|her|my) "
        r"words out|making no sense)\b",
        r"(?<!has me )(?<!had me )(?<!has me so )(?<!had me so )(?<!got me so )(?<!got me )"
        r"\b(?:confused|confusion|confuzed|confussed)\b(?! i could)"
        r"(?! (?:about|by|as to|over|regarding|"
        r"with the|on how|on which|on what|whether|how (?:many|much|to|often|long|the|this|that|"
        r"it)|which|what (?:dose|amount|to)|thing\b))",
        # not "got completely disorientated just trying to navigate the hospital phone
        # menu" (set AA): lost in a system, not a sign
        r"\b(?:disorient\w*|delirious|delirium|muddled|incoherent)\b(?! (?:just )?(?:trying to|"
        r"by|with|over|navigating) (?:navigate |work out |follow |understand |use )?(?:the |all "
        r"the |this |that )?(?:\w+ )?(?:system|menus?|phone menu|website|forms?|paperwork|app|"
        r"options|instructions|rules|timetable|maze|corridors|car park|signs|one-way system)\b)",
        r"\b(?:can't remember|don't know|doesn't know|didn't know) (?:where|who) (?:i am|he is|"
        r"she is|they are|i was|we are|he was|she was)\b|\bhow i got here\b",
        r"\b(?:doesn't|does not|don't|didn't|do not|suddenly not|just not) know "
        r"(?:what (?:year|day|month|time) it is|"
        r"where (?:he|she|they|i) (?:is|are|am|was))\b",
        r"\bkeeps? asking where (?:he|she|they|i) (?:is|are|am)\b|"
        r"\b(?:keeps?|kept|keep on) asking (?:me |us )?what (?:year|day|month|time) it is\b",
        # not knowing the day, the address, the place, who we are (set H)
        r"\b(?:couldn't|could not|can't|cannot|cant|didn't|did not|doesn't|does not|unable to|"
        r"not able to) (?:tell (?:me|us|anyone|(?:the|his|her|my) \w+)|say|remember|rember|"
        r"remeber|recall|know) "
        r"(?:what day|what year|what month|(?:my|his|her|their|our) (?:address|adress|"
        r"own address|postcode|phone number|birthday|date of birth)|"
        r"where (?:he|she|they|i) (?:lives?|was|is|am|were))\b",
        r"\b(?:not|no|don't|doesn't) know where (?:is|are|am|was) (?:he|she|they|i)\b|"
        r"\b(?:asks?|asked|asking) (?:me |us )?who (?:i am|we are|i was)\b",
        r"\bgot lost (?:driving|walking|going|coming|on (?:the|his|her|my) way)\b|"
        r"\bforgot what (?:a|an|the) \w+ (?:is|was) (?:even )?(?:for|called)\b",
        r"\b(?:letters|words|numbers|the screen)\b[^.?!]{0,15}?\b(?:don't|doesn't|do not|"
        r"won't|aren't|stopped) mak(?:e|ing) (?:any )?sense\b|\blost the thread of everything\b",
        # repeating himself, wrong names, not knowing the place (set G)
        r"\b(?:keeps?|kept|keeping|keep on) (?:asking|saying|telling) (?:me |us |you )?the same "
        r"(?:question|thing|story)s? (?:over and over|again and again|repeatedly|every few minutes|"
        r"on a loop)\b",
        r"\b(?:calls?|called|calling) (?:me|us|him|her|them) (?:by )?(?:the wrong name|"
        r"someone else's name|(?:our|his|her|my|their) (?:dad's|mum's|mom's|father's|mother's|"
        r"brother's|sister's|late \w+'s) name)\b",
        r"\b(?:wasn't|isn't|is not|was not|not|no longer) sure (?:whose|which|what) (?:house|"
        r"home|room|place|town|city) (?:he|she|they|i) (?:was|is|were|are|am) in\b",
        r"\b(?:couldn't|can't|could not|cannot) (?:work out|figure out|find|remember) "
        r"(?:how to get |my way |the way |his way |her way )?home\b|\blost (?:my|his|her) way\b",
        r"\b(?:head|brain|mind)\b[^.?!]{0,15}?\b(?:scrambled|jumbled|all over the place)\b",
        r"\bkeeps? forgetting (?:what|where|who)\b",
        r"\b(?:mumbling|can't get a (?:sensible |straight )?word out of|not talking sense)\b",
        r"\b(?:can't|cannot|couldn't) (?:think|talk|speak) (?:straight|properly|clearly)\b",
        r"\b(?:tongue|mouth|lips)\b[^.?!]{0,20}?\btoo (?:clumsy|thick|heavy|numb|slow|big) to "
        r"(?:talk|speak)\b",
        r"\bdoesn't (?:know|recogni[sz]e) (?:where|who|what day|me|us|his|her)\b",
        r"\bdon't know where i am\b",
        r"\b(?:not making (?:any )?sense|talking nonsense|talking gibberish|gibberish)\b",
        # "Nan isn't making sense on the phone" (set T); not "the leaflet isn't making sense
        # to me"
        r"\b(?:he|she|they|he's|she's|nan|gran|mum|mom|dad|grandad|grandpa|grandma|husband|wife|"
        r"son|daughter|resident|patient)\b (?:is |are |was )?(?:isn't|is not|wasn't|aren't|not) "
        r"making (?:any )?sense\b(?! (?:to|of|for)\b)",
        r"\bnot (?:really |quite |fully |properly )?with (?:us|it)\b",
        r"\b(?:talk|speak)(?:s|ing)? (?:very |so |really |all )?(?:strange(?:ly)?|nonsense|"
        r"gibberish|funny|weird|wrong|odd(?:ly)?)\b",
        r"\b(?:not|doesn't|does not|don't|can't|cannot) understand (?:what|anything|a word)"
        r"(?: (?:i|we|you|anyone) (?:say|said|tell))?\b",
        r"\bslurr\w*\b",
        r"\b(?:got|getting|gets|get) lost in (?:his|her|my|their) own (?:flat|house|home|street|"
        r"road|garden|room)\b|"
        r"\bput (?:the|his|her|my) (?:kettle|keys|milk|phone|remote|shoes|iron) in the (?:fridge|"
        r"freezer|oven|microwave|bin|washing machine)\b|\b(?:is|are|am|very|so) confuse\b",
        r"\b(?:says?|said|thinks?|thought) (?:he|she|they) (?:is|are|was|were|'s) at (?:the )?"
        r"(?:work|office|school|shop|shops|station)\b[^.?!]{0,25}?\bbut (?:he|she|they) "
        r"(?:is|are|was|were|'s) (?:in|at) (?:the |his |her )?(?:bed|home|house)\b",
        r"\b(?:saying|says|said|talking about) (?:odd|strange|weird|bizarre|random|funny) things\b",
        r"\b(?:not|isn't) (?:acting like )?(?:him|her|them)sel(?:f|ves)\b",
        r"\b(?:mental state|behaviou?r) (?:has )?(?:changed|is different)\b",
        r"\bconfus[oa]\b|\bconfundid[oa]\b",
    ],
    "hallucinations": [
        # "the curtains are full of faces", "my late husband is sitting next to me" (set Z)
        r"\b(?:curtains?|walls?|ceiling|room|wallpaper|carpet|floor|trees?|window)\b[^.?!]{0,15}?"
        r"\b(?:full of|covered in|covered with) (?:faces|people|eyes|spiders|bugs|insects|snakes|"
        r"worms|ants|beetles|mice|rats)\b|"
        r"\b(?:my|her|his|their|our) (?:late|dead|deceased) (?:husband|wife|mother|father|mum|mom|"
        r"dad|son|daughter|brother|sister|partner|friend|gran|grandad|nan)\b[^.?!]{0,25}?\b(?:is|"
        r"'s|keeps|has been|was) (?:sitting|standing|here|in the room|next to|beside|talking to|"
        r"visiting|at the end of)\b",
        # aphasia fragments (set X): "see things. not real. scared."
        r"\b(?:see|seeing|sees|hear|hearing|hears) (?:things|people|voices|faces|shapes|bugs|"
        r"colours|colors|lights)\b[.,]? (?:they're |they are |but |its |it's )?"
        r"(?:not|aren't|isn't) (?:real|there)\b",
        # "she told me the nurses were hiding in her wardrobe" (set V): someone told of as
        # hiding in the furniture, in her own words
        r"\b(?:told me|tells me|tell me|says|said|keeps saying|kept saying|insists|insisted|is "
        r"convinced|was convinced|swears|swore)\b (?:that )?(?:there (?:are|were|is|was|'s) )?"
        r"(?:the |some |a |two |three )?"
        r"(?:people|men|women|nurses|doctors|strangers|soldiers|police|man|woman|someone|"
        r"somebody|burglars|intruders)\b (?:(?:are|were|is|was) )?(?:hiding|living|sitting|"
        r"standing|waiting|crouching) (?:in|under|behind|on top of) (?:her|his|my|the|their) "
        r"(?:wardrobe|cupboard|closet|bed|curtains|ceiling|walls?|loft|attic|drawers?)\b",
        # "hearing music that isn't playing" (set O); looking for a pet or a person who died
        r"\b(?:hearing|heard|hear|hears|seeing|saw|see|sees) (?:music|singing|voices|a radio|"
        r"bells|noises|sounds|people talking|things|someone|somebody|a phone|colours|colors|lights|"
        r"shapes|patterns)\b (?:that|which|"
        r"who)? ?(?:isn't|aren't|wasn't|weren't|is not|are not|was not|that's not|thats not) "
        r"(?:playing|there|real|on|happening|ringing)\b",
        r"\b(?:looking|searching|calling|asking) "
        r"(?:round the house |around the house |everywhere )?"
        r"for (?:his|her|their|my|our) (?:old |late )?(?:dog|cat|wife|husband|mum|mother|dad|"
        r"father|brother|sister|friend|pet)\b[^.?!]{0,20}?\b(?:who|that|which) (?:died|passed|"
        r"has died|is dead|has passed)\b",
        r"\b(?:bugs|insects|spiders|ants|snakes|rats|mice|worms|people|men|women|children|kids|"
        r"faces|figures|shadows|someone|strangers|animals|cats|dogs)\b[^.?!]{0,30}?\b(?:on|in|"
        r"crawling (?:on|over|up|across)|walking (?:on|across|around)|coming out of|under|all "
        r"over) (?:the |my |his |her |our )?(?:ceiling|walls?|floor|skin|bed|room|corner|"
        r"carpet|curtains|bedroom|kitchen|bedding|sheets|pillows?|duvet|covers|blankets?)\b",
        # "tried to pour tea for the people on the sofa but there was nobody there" (set U)
        r"\b(?:people|someone|somebody|a man|a woman|children|kids|visitors|guests|strangers)\b"
        r"[^.?!]{0,40}?\b(?:but|and|though) there (?:was|is|were|are) (?:nobody|no one|no-one)\b",
        # "someone keeps whispering her name and nobody is there"; a handover note's
        # "reporting insects on the bedding ... no insects seen" (set R)
        r"\b(?:someone|somebody|people|a voice|voices|a man|a woman|children|kids)\b (?:keeps? |"
        r"is |are |was |were )?(?:whispering|talking|calling|saying|shouting|singing|knocking)\b"
        r"[^.?!]{0,40}?\b(?:and|but|though|when) (?:there'?s |there is )?(?:nobody|no one|"
        r"no-one)(?:'s| is| was)?(?: there| here| in the room| around| home)?\b",
        r"\b(bugs|insects|spiders|ants|snakes|rats|mice|worms|people|men|children|animals)\b"
        r"[^?!]{0,80}?\bno \1 (?:seen|found|visible|there|present)\b",
        r"\b(?:people|someone|somebody|men|women|children|kids|faces|figures|animals|"
        r"relatives|his mum|her mum|his dad|her dad)\b[^.?!]{0,40}?\b(?:(?:who|that) (?:aren't|"
        r"isn't|are not|is not|weren't|wasn't) (?:actually |really )?(?:here|there|in the room|"
        r"in the house)|(?:aren't|isn't|are not|is not|not) (?:actually |really )?(?:in the room|"
        r"in the house))\b",
        r"\b(?:tv|telly|television|radio|walls?|phone|pictures?)\b[^.?!]{0,20}?\b(?:is |are )?"
        r"(?:talking|speaking|sending (?:him|her|me) messages|whispering) to (?:him|her|me|them)\b",
        r"\btalking to (?:people|someone|somebody|dead|his late|her late|my late|ghosts)\b",
        r"\b(?:seeing|sees|saw|talking to|talks to|speaking to) (?:his|her|my|their) "
        r"(?:dead|late|deceased) \w+\b",
        # not "my flatmate's been hallucinating about getting a pay rise" (set AB): a wish
        r"\bhall?ucinat\w*\b(?! if\b)(?! about (?:getting|winning|being|a pay|a raise|a rise|"
        r"money|payday|the weekend|holidays?|pizza))|\bhalucinat\w*\b",
        r"\b(?:seeing|hearing|see|hear|saw|heard) (?:things|voices|people|bugs|spiders|"
        r"animals|stuff)(?: that| who)? (?:aren't|are not|weren't|isn't|that aren't|"
        r"nobody else|no one else)",
        # not the tease "they say I'm seeing things when I say the house is tidy" (set H)
        r"\b(?:seeing|hearing) (?:or (?:seeing|hearing) )?(?:things|stuff)\b"
        r"(?! when (?:i|you|he|she|we) (?:say|said|tell|told|claim|claimed|think|reckon)\b)|"
        r"\b(?:hearing|heard|hear) voices\b|"
        r"\bthings that (?:aren't|are not|weren't) there\b",
        r"\b(?:bugs|insects|spiders|people|faces|shapes|animals|things|someone|somebody|"
        r"a man|a woman|children|kids)\b[^.?!]{0,40}?\b(?:aren't|are not|isn't|is not|weren't|"
        r"wasn't|not) (?:really |actually )?(?:there|real)\b",
        r"\b(?:says|said) there'?s nothing there\b",
        r"\b(?:kept|keeps|keep) (?:telling|saying to) (?:me|us)\b[^.?!]{0,10}?\bthere (?:were|are|"
        r"was|is) (?:men|people|someone|somebody|a man|children|kids|animals|strangers)\b",
        r"\b(?:talking|talks|talked|conversations?|chatting|speaking) (?:away )?(?:to|with) "
        r"(?:his|her|my|"
        r"their|our) (?:\w+ ){0,2}(?:brother|sister|mum|mother|dad|father|wife|husband|son|"
        r"daughter|friend|nan|gran|grandma|grandad|dog|cat)\b[^.?!]{0,15}?\bwho (?:died|passed|"
        r"has died|has passed|is dead)\b",
        r"\b(?:seeing|see|saw|seen|sees) (?:little |tiny |small |lots of |loads of )?(?:people|men|"
        r"children|kids|animals|bugs|insects|spiders|creatures|faces|figures)\b (?:on|in|at|under|"
        r"climbing|crawling|running|walking|sitting|standing)\b",
        r"\b(?:stroking|patting|feeding|talking to|calling|playing with) (?:the|a|our|his|her) "
        r"(?:dog|cat|puppy|kitten|pet)\b[^.?!]{0,40}?\b(?:we|i|they) (?:haven't|havent|have not|"
        r"don't|dont|do not|hasn't) (?:had|have|got|owned) (?:a|any) (?:dog|cat|pets?)\b",
        r"\b(?:a|an|the|some|this|these)\b(?: \w+){0,3} (?:sat|sitting|standing|lying|crawling|"
        r"walking|running|hiding)? ?(?:on|in|at|under|behind|by|near) (?:my|the|his|her)"
        r"(?: \w+){1,2} (?:that|which|who) (?:isn't|is not|aren't|are not|wasn't|weren't) "
        r"(?:really |actually )?"
        r"(?:real|there)\b",
        r"\b(?:keep|keeps|kept) seeing (?:spiders|bugs|insects|snakes|people|faces|animals|cats|"
        r"dogs|mice|rats|children|kids|a man|a woman|shadows|figures)\b|"
        r"\bwhen (?:i|he|she|we) look (?:properly|again|closer|closely|back|at them)\b[^.?!]{0,20}?"
        r"\b(?:they're|they are|it's|it is|he's|she's) (?:gone|not there)\b",
        # "I saw a child run into the road who wasn't there", "he can hear music from the
        # empty flat next door", "the second time today I've seen things" (set AB)
        # (the span starts at what was seen, so a "saw" / "heard" before it still dates it)
        r"\b(?:child|kid|man|woman|person|people|someone|somebody|dog|cat|animals?|faces?|"
        r"figures?|shapes?|spiders?|insects?|bugs?|snakes?|men|women|children|things?|lights?|car|"
        r"cars|boy|girl|baby)\b[^.?!]{0,30}?\b(?:who|that|which) (?:wasn't|weren't|isn't|aren't|"
        r"was not|were not|is not|are not) (?:there|real|really there)\b|"
        r"(?:(?<=\bhear )|(?<=\bhears )|(?<=\bheard )|(?<=\bhearing ))(?:music|voices|singing|"
        r"talking|people|a radio|a band|a party)\b[^.?!]{0,30}?\b(?:empty|nobody|no one|no-one|"
        r"isn't there|aren't there|not there)\b|"
        r"\b(?:i've|i have|he's|she's|he has|she has) (?:been )?(?:seen|seeing|heard|hearing) "
        r"things\b",
        r"\b(?:swears|insists|convinced|keeps saying)\b[^.?!]{0,15}?\bthere (?:are|is)\b",
        r"\bthere (?:are|is)\b[^.?!]{0,60}?\bthere (?:aren't|isn't|are not|is not)\b",
        # "keeps saying there's a dog in the room. there's no dog" (set F), across sentences
        r"\bthere(?:'s| is| are|s) (?:a |an |some |two |little )?(\w+)\b[^?!]{0,50}?"
        r"\b(?:there(?:'s| is| are|s) no|(?:we|i) (?:don't|haven't) (?:have|got) (?:a|an|any)) "
        r"\1s?\b",
        r"\bhearing (?:music|voices|people|things|noises)\b[^.?!]{0,40}?\b(?:empty|no one|"
        r"nobody|isn't there|aren't there)\b",
        # "our late cat had been walking across her bed", "the nurses are spies" (set AC):
        # the dead seen, and the people around thought to plot
        r"\b(?:late|dead|deceased) (?:cat|dog|pet|husband|wife|mother|mum|mom|father|dad|son|"
        r"daughter|brother|sister|friend|grandma|grandad|nan|granny|uncle|aunt|auntie)\b"
        r"(?:(?! (?:photo|picture|video|dream)\b)[^.?!]){0,30}?\b(?:had been |was |has been |"
        r"is |kept |keeps |were )?(?:walking|sitting|standing|lying|visiting|talking to (?:her|"
        r"him|me|them))\b",
        r"\b(?:nurses|staff|carers|doctors|neighbours|neighbors|police|family|everyone|they) "
        r"(?:are|were|'re) (?:all )?(?:spies|spying on|poisoning|trying to "
        r"(?:poison|kill|hurt|harm)|plotting against|out to get)\b",
        # "it's made me paranoid" is worry, not the sign
        r"(?<!made me )(?<!makes me )(?<!making me )(?<!made me a bit )(?<!i'm just )"
        r"(?<!now i'm )(?<!now i am )(?<!it made me )(?<!it's made me )(?<!i'm a bit )"
        r"(?<!now i'm a bit )(?<!i am a bit )"
        # "ever since I've been paranoid about allergies" (set AC): worry about a thing
        r"\b(?:paranoid|psychotic|psychosis)\b(?! than (?:most|others|usual|anyone|average|"
        r"the average|normal|other people))(?! about (?:my |the |her |his |any |getting |"
        r"having |another )?(?:allerg\w*|germs|hygiene|safety|security|side effects|it|this|that|"
        r"doses?|missing|forgetting|locking|money|weight|health|heart|pills|tablets|medicines?|"
        r"reactions?|the house|the door|the pump)\b)",
        # hearing people when nobody is there (set H)
        r"\b(?:hear|hearing|heard|hears)\b (?:people|voices|someone|somebody|kids|children|a man|"
        r"a woman|talking|music)\b[^.?!]{0,40}?\b(?:but|and|though|even though) (?:i live alone|"
        r"(?:he|she) lives alone|no ?one(?:'s| is)? (?:there|here|home|in)|nobody(?:'s| is)? "
        r"(?:there|here|home|in)|the house is empty|there's no ?one)\b",
        # the room itself moving (set E): "the curtains look like they're crawling"
        r"\b(?:curtains|walls?|ceiling|floor|carpet|wallpaper|pattern|patterns)\b[^.?!]{0,25}?"
        r"\b(?:crawling|moving|breathing|melting|wriggling|squirming|rippling|alive)\b",
        # "I know he's not there": the person knows what they see is not real
        r"\b(?:i know|i knew|knows?) (?:(?:he|she|it|they)(?:'s| is| are|'re| was| were) not "
        r"(?:really |actually )?(?:there|real)|(?:he|she|it|they) (?:isn't|aren't|wasn't|weren't) "
        r"(?:really |actually )?(?:there|real)|there(?:'s| is) (?:nothing|no one|nobody) there)\b",
        r"\b(?:see|seeing|sees|saw|watching)\b[^.?!]{0,10}?\b(?:shadows|shapes|figures|bugs|"
        r"spiders|insects|people|faces|things)\b (?:moving|crawling|running|darting|walking|"
        r"flying|creeping|everywhere)\b",
    ],
    "seizure": [
        # a fit seen, not named (set Z): "he's on the floor jerking, his eyes have rolled
        # back"; "fit just now, first one ever"
        r"\b(?:on the floor|on the ground|on the carpet)\b[^.?!]{0,15}?\b(?:jerking|shaking|"
        r"twitching|convulsing|thrashing|fitting|stiff and shaking)\b|"
        r"\b(?:eyes|eye) (?:have |has |had |are |were |'ve |is )?(?:rolled|rolling|gone|went) "
        r"(?:back|up)(?: in (?:his|her|my|their) head)?\b|"
        r"(?:^|(?<=[.!?] ))\W*(?:a |another )?fits? (?:just now|this (?:morning|afternoon|evening)|"
        r"today|tonight|"
        r"earlier today|an hour ago|\d+ (?:mins?|minutes) ago)\b",
        # "he is shaking and foaming at the mouth right now" (set AB)
        r"\bfoam\w* at the mouth\b(?! (?:about|over|with rage|with anger))",
        # "told me to roll him on his side, he's still jerking" (set W)
        r"\b(?:still|keeps?|keep on|won't stop|not stopped) jerking\b|\bjerking (?:all over|"
        r"uncontrollably|violently|and (?:not|won't|can't|isn't))\b",
        # not "the forms are giving me a seizure" (a figure of speech, like a heart attack)
        r"(?<!giving me a )(?<!give me a )(?<!gave me a )(?<!giving him a )(?<!giving her a )"
        r"(?<!give you a )(?<!gives me a )(?<!nearly had a )(?<!almost had a )"
        r"\b(?:seizures?|seizing|siezures?|sezures?|seizers?|seziures?|convuls\w*|"
        r"convulsion\w*|convulsiones|epileptic (?:fit|attack)|grand mal|fitting)\b"
        r"(?![- ]free)(?! (?:threshold|history|meds|medicines?|medications?|tablets|plan|"
        r"action plan|diary|with the paperwork|with the forms?|over the paperwork|over the forms?|"
        # "there was a 'seizure' of my parcel at customs" (set AB)
        r"of (?:my|the|a|his|her|our|their) (?:parcel|package|goods|order|assets|property|"
        r"shipment|delivery|post|car|drugs|medicines?)|at customs|by customs|"
        r"nurse|clinic|team|risk))"
        r"(?!'? (?:of (?:my|the|a|his|her|our|their) (?:parcel|package|goods|order|shipment|"
        r"delivery|post)|at customs|by customs))",
        # not the idiom: "my boss is having a fit because I'm yawning" (set R)
        # not "he hasn't had a fit, he isn't confused" (set AB)
        r"(?<!\bhasn't )(?<!\bhadn't )(?<!\bhas not )(?<!\bhad not )(?<!\bhaven't )(?<!\bnever )"
        r"\b(?:having|had|has|having a|took|throwing) (?:a |another )?fits?\b"
        r"(?! (?:because|(?:about|over) (?:the|my|his|her|it|this|that|me|us|nothing|everything|"
        r"how|what|why|being)\b|when i|if i|that i|at (?:me|us|him|her|them)|with (?:me|us)|"
        r"of (?:rage|giggles|laughter|jealousy|pique|temper|the giggles)))",
        r"(?<!\bcan )(?<!\bcould )(?<!\bmay )(?<!\bmight )(?<!\bwill )(?<!\bwould )(?<!\bto )"
        # the target is "fits" alone, so that the "cause" of "does baclofen cause fits?" is
        # read as the question it is (set AC)
        r"(?:(?<=\bcause )|(?<=\bcauses )|(?<=\bcausing )|(?<=\btrigger )|(?<=\btriggers )|"
        r"(?<=\bgive you )|(?<=\bgives you )|(?<=\bbring on ))fits\b",
        r"\b(?:shaking|jerking|twitching) (?:and jerking )?(?:all over )?uncontrollabl[ey]\b",
        r"\bbit (?:my|his|her|their) tongue\b|\bwoke up on the floor\b",
        r"\b(?:he|she|they|i|son|daughter|baby)\b[^.?!]{0,15}?\b(?:shook|shaking|shakes|jerked|"
        r"jerking) all over\b(?! (?:with|from) (?:cold|laughter|fear|nerves))",
        r"\beyes? (?:rolled|rolling|rolls) back\b",
        # "her whole body shook for about two minutes" (set M)
        r"\b(?:whole|entire) body (?:was |is |started |began )?(?:shook|shaking|shakes|jerked|"
        r"jerking|jerks|convulsed|convulsing|twitched|twitching|thrashed|thrashing)\b"
        r"(?! (?:with|from) (?:cold|laughter|fear|nerves|sobs|crying))",
        r"\b(?:shook|shaking|jerked|jerking|twitched|twitching|thrashed|thrashing)\b"
        r"[^.?!]{0,20}?\bfor (?:about |around |maybe |nearly |almost |over |a good )?"
        r"(?:\d+|a|one|two|three|four|five|ten|a few|a couple of|several) (?:minutes?|mins?|"
        r"seconds?|secs?)\b",
        r"\b(?:went|gone|goes|going) (?:all )?stiff and (?:jerk|shak|twitch)\w*\b",
        # "gran is jerking and not answering" (set S)
        r"\b(?:jerking|shaking|twitching|fitting|convulsing)\b(?=[^.?!]{0,20}?\b(?:not|isn't|"
        r"won't|doesn't|can't|cannot) (?:answer|answering|respond|responding|hear|hearing|talk|"
        r"talking|aware)\w*)",
        # "went stiff, then his arms and legs started jerking" (set R)
        r"\b(?:went|gone|goes|go|going) (?:all |really |completely |rigid and |very )?"
        r"(?:stiff|rigid)\b[^.?!]{0,40}?\b(?:jerk|shak|twitch|convuls|thrash)\w*",
        r"\b(?:arms and legs|legs and arms|all four limbs|whole body|limbs)\b (?:started |began |"
        r"were |are |kept |keep |went |all )?(?:jerking|shaking|twitching|thrashing|flailing)\b",
        r"\b(?:twitching|jerking|shaking) and (?:twitching|jerking|shaking)\b",
        r"\bjerk(?:ed|ing)\b[^.?!]{0,25}?\b(?:minutes?|all over|uncontrollabl\w*)\b",
        # nurses' and carers' clinical words (set G): "tonic-clonic activity", "post-ictal"
        r"\b(?:tonic[- ]?clonic|post[- ]?ictal|postictal|clonic (?:activity|movements?|jerks?)|"
        r"status epilepticus)\b",
    ],
    "fainting": [
        # "she just went down, she was out for maybe 30 seconds" (set Z)
        r"\b(?:was|were|is|'s) out (?:cold|for (?:maybe |about |around |roughly |a good )?"
        r"(?:\d+|a few|several|a couple of|one|two|ten|thirty)? ?(?:seconds|secs|minutes|mins|"
        r"a minute|a second|a while))\b",
        # clinicians' abbreviations (set W): "brief LOC at work", "episode of LOC"
        r"\b(?:brief|short|a|had|an episode of|episode of|with|witnessed|transient|momentary) "
        r"loc\b",
        r"\bnext thing (?:i|he|she|they) (?:knew|know|remember\w*)\b[^.?!]{0,40}?\b(?:on the "
        r"(?:floor|ground|carpet|rug|pavement|bathroom floor|kitchen floor)|lying on|"
        r"looking (?:up )?at the ceiling|standing over|looking down at|around (?:me|him|her)|"
        r"(?:my|his|her) name)\b|\bwent down like a (?:sack|ton|stone|tree|log)\b",
        r"\b(?:was|were|went|been|is|he was|she was|i was) (?:out|down|out cold|spark out) for "
        r"(?:a few|a couple of|some|several|\d+|a|one|two|ten|twenty|thirty) (?:seconds|secs|"
        r"second|minutes?|mins?|moments?)\b|\bout for (?:a few|a couple of|some|several|\d+) "
        r"(?:seconds|secs|minutes|mins)\b",
        r"\b(?:about to|going to|gonna|might|may|could|feel like i'?m going to|feel like i'?m "
        r"about to|feel like i might|feels like i'?ll|nearly|almost) (?:black out|pass out|"
        r"faint|collapse|keel over|go down)\b",
        r"\b(?:everything|vision|eyesight|world|it all|room)\b (?:is |keeps |has |'s )?(?:going|"
        r"gone|went|turning|turned|fading|going all) (?:grey|gray|black|dark|white|fuzzy|"
        r"blurry|dim|to black|to grey)\b",
        r"\b(?:found (?:him|her|them|my \w+) (?:on the floor|collapsed|slumped|unconscious)|"
        r"came (?:round|to) on the (?:\w+ )?floor|(?:dropped|crumpled|slumped) (?:to|on|onto) the "
        r"(?:floor|ground)|(?<!jaw )(?<!jaws )(?<!heart )(?<!stomach )hit the (?:floor|deck))\b",
        # "then I lost time. Next thing I'm on the sofa" (set Q)
        r"\b(?:and then |then )?i lost time\b|\bnext thing (?:i'm|i am|i was|he's|she's|he was|"
        r"she was) (?:on|lying on|in) the\b",
        # clinicians' words (set O): "syncopal episode x1 this am"
        r"\b(?:syncop\w*|vasovagal (?:episode|attack|faint))\b",
        r"\b(?:not|wasn't|was not|wouldn't|didn't) (?:awake|conscious|wake up|responding)\b"
        r"[^.?!]{0,15}?\b(?:for )?(?:(?:some|a few|several|a couple of|\d+) (?:seconds|minutes|"
        r"secs|mins)|(?:a )?(?:little|short|small) (?:time|while|moment)|a moment)\b",
        r"\b(?:not|didn't|did not|doesn't) (?:know|remember|feel) anything for (?:a|one|1|two|2|a "
        r"few|few|some) (?:minutes?|mins?|moments?|seconds?|secs?)\b",
        r"\b(?:fell|fall|falls|dropped) (?:down|over)\b[^.?!]{0,30}?\b(?:not awake|unconscious|"
        r"didn't respond|wasn't responding|out cold|didn't wake)\b",
        r"\b(?:fainted|fainting|faints|passed out|passing out|passes out|blacked out|"
        r"blacking out|" + _NOT_A_PERSON_BEFORE + r"(?:collapsed|collapsing|collapses)|"
        r"lost consciousness|keeled over|"
        r"(?:lost|lose|losing) (?:my |his |her |their )?(?:conscious|consciousness|"
        r"consciences?|conscience)|"
        r"se desmay\w*|s'est évanoui\w*)\b"
        # not sleep after a long day (set AB: "I passed out on the sofa at 9pm watching telly
        # because I was shattered"), nor a thing that fell down ("the chest of drawers
        # collapsed on my foot")
        r"(?! (?:on|in front of) the (?:sofa|couch|settee|telly|tv)\b[^.?!]{0,40}?\b(?:watching|"
        r"shattered|knackered|exhausted|tired|after)\b)"
        r"(?! on (?:my|his|her) (?:foot|feet|leg|hand|head))",
    ],
    "severe_spasms": [
        # "legs kicking out on their own every minute, back arching, can't stay in the chair"
        r"\b(?:legs?|arms?|body)\b (?:are |is |keep |keeps )?(?:kicking|jerking|flinging|"
        r"shooting|jumping) out (?:on (?:their|its) own|by themselves)\b|\bback (?:is )?arching\b"
        r"[^.?!]{0,40}?\b(?:can't|cannot|won't) (?:stay|sit|keep)\b",
        # sudden severe worsening in the person's own words (issue 8, class 3)
        r"\b(?:legs?|arms?|muscles?|body|back|jaw|neck|hands?|feet|everything)\b (?:have |has |"
        r"are |is |keep |keeps |just |all |completely )*(?:locked|locking|seized|seizing|"
        r"frozen|clamped|clamping)(?: (?:up|solid|rigid))?\b",
        r"\b(?:legs?|arms?|muscles?|body|back|jaw)\b[^.?!]{0,30}?\b(?:rock hard|rock solid|"
        r"solid as a rock|like (?:a board|boards|planks?|concrete|steel|iron|wood)|won't bend|"
        r"can't bend|won't straighten|can't straighten|won't move|can't move|cannot move|"
        r"cannot bend|(?:very|so) (?:very )?hard)\b",
        r"\b(?:it all|everything|it|spasms?|spasticity|stiffness|tightness|tone|cramps?)\b"
        r"[^.?!]{0,20}?\b(?:came|come|coming|has come|is coming|have come) (?:flooding |"
        r"roaring |rushing )?back\b[^.?!]{0,40}?\b(?:at once|all at once|with a vengeance|"
        r"overnight|suddenly|(?<!a bit )(?<!a little )(?<!slightly )(?<!bit )worse|badly|"
        r"really bad|so bad|ten times)\b",
        r"\b(?:spasms?|spasticity|stiffness|tightness|tone|cramps?|legs?|muscles?|it|they)\b"
        r"[^.?!]{0,40}?\bworse than (?:ever|before (?:i|he|she|they) (?:ever )?(?:started|began|"
        r"went on)|(?:it'?s|it has|they'?ve|they have) ever been)\b",
        r"\b(?:spasms?|spasticity|stiffness|cramps?|muscles?|tightness)\b[^.?!]{0,25}?"
        r"\b(?:suddenly |much |way |really |so |a lot |very |far |massively |terribly )"
        r"(?:worse|bad|severe)\b",
        r"\b(?:spasms?|spasticity|stiffness|cramps?)\b[^.?!]{0,30}?\b(?:severe|terrible|"
        r"unbearable|extreme|out of control|uncontrollable|violent\w*|excruciating|"
        r"won't stop|out of nowhere)\b",
        r"\b(?:can't|cant|cannot|couldn't) (?:bend|move|straighten|unbend) anything\b",
        r"\b(?:legs|arms|muscles|body|jaw) (?:are|is|have|has|went|got) (?:gone |become )?"
        r"(?:completely |totally )?(?:locked|rigid|solid|frozen)\b",
        r"\b(?:sudden(?:ly)?|severe|extreme|violent|uncontrollable|unbearable|excruciating) "
        r"(?:muscle )?(?:spasms?|stiffness|rigidity|cramps?)\b",
        # "sudden severe spasticity" (set M): sudden, not "severe spasticity from CP"
        r"\b(?:sudden|suddenly|abrupt|abruptly)(?: (?:and )?(?:very |really )?(?:severe|extreme|"
        r"massive|terrible|awful|bad|intense|violent|much worse|worse))? (?:increase in )?"
        r"(?:muscle )?(?:spasticity|tightness|tone)\b",
        r"\b(?:acute|sudden|severe|marked|significant|dramatic|massive)\b[^.?!]{0,20}?\b"
        r"(?:increase|rise|worsening|deterioration)\b (?:in )?(?:muscle )?(?:tone|spasticity|"
        r"spasms|stiffness|rigidity)\b",
        # "stiff ... more than ever before", "tighter than ever" (set G)
        r"\b(?:stiff\w*|tight\w*|rigid\w*|spasm\w*|spastic\w*|tone|cramp\w*)\b[^.?!]{0,40}?"
        r"\b(?:more than ever|than ever before|"
        r"than (?:it'?s|they'?ve|he'?s|she'?s|i'?ve) ever been|"
        r"worst (?:it'?s|they'?ve|he'?s|she'?s|i'?ve) ever (?:been|had))\b",
        # "my legs have just gone into the worst spasms of my life" (set AD)
        r"\b(?:the )?(?:worst|most (?:painful|severe|violent)) (?:muscle )?(?:spasms?|cramps?|"
        r"stiffness|spasticity|tightness)(?: (?:of (?:my|his|her|their) (?:life|lives)|ever|"
        r"(?:i|he|she|they)(?:'ve| have| has|'s)? ever (?:had|felt|known)))\b",
        r"\b(?:tone|spasticity)\b[^.?!]{0,15}?\b(?:suddenly|acutely|markedly|severely|massively)"
        r" (?:increased|worse|worsened|up)\b",
        r"\b(?:spasms?|spasticity|stiffness|cramps?|tightness)\b[^.?!]{0,15}?\b(?:come|came|comes|"
        r"coming|got|get|gets|getting|went|go|going|become|became|is|are)\b (?:very |so |really |"
        r"much |too |very very )?(?:strong|stronger|bad|worse|severe|hard)\b[^.?!]{0,15}?"
        r"\b(?:sudden|suddenly|all of a sudden|overnight|out of nowhere)\b",
        # not "stiff as a board after gardening all day": sore from a day's work
        r"\b(?:rigid|rigidity|stiff as a board|muscles? (?:have |has )?(?:gone |are |is |went )"
        r"(?:completely |totally )?(?:rigid|solid|locked))\b(?! (?:after|from) (?:gardening|"
        r"digging|the gym|a workout|working out|exercise|exercising|training|a run|running|"
        r"football|the match|a long walk|walking|hiking|moving house|decorating|work|sitting|"
        r"the drive|the flight|a day|all day))",
    ],
    "allergic_reaction": [
        r"\btongue\b[^.?!]{0,20}?\b(?:massive|huge|thick|too big|fat|swollen|getting (?:larger|"
        r"bigger|fatter|thicker)|larger|bigger)\b",
        # "I am finding swallowing difficult" (set P)
        r"\b(?:finding|found|find) swallowing (?:really |very |so |quite |more )?(?:difficult|hard|"
        r"tricky|a struggle|painful)\b|"
        r"\bswallowing (?:is|has become|has got|feels) (?:difficult|hard|a struggle)\b",
        r"\b(?:lips?|face|eyes?|tongue)\b[^.?!]{0,15}?\b(?:puffy|puffing|fat|huge|massive|"
        r"ballooning)\b",
        r"\b(?:face|lips?|tongue|throat|mouth|eyes?|eyelids?)\b[^.?!]{0,20}?\b(?:swell\w*|"
        r"swollen|puff\w*|closing(?: up)?|closes|close up|closed up|shutting|shut(?:ting)? "
        r"(?:up|down)|tight(?:ening)?|blown up|blew up|ballooned)\b",
        # "my throat started feeling thick" (set G)
        r"\bthroat\b[^.?!]{0,25}?\b(?:thick|thickening|thicker|narrow\w*|lump in it)\b",
        # non-native word order (set G): "face of my daughter is big swollen, lips also"
        r"\b(?:face|lips?|tongue|eyes?|throat)\b of (?:my|his|her|the|our) (?:\w+ ){1,2}"
        r"(?:is |are |was |were |become |became |got |very |so |big |all )*(?:swell\w*|swollen|"
        r"puff\w*)\b",
        # swallowing in everyday words: "finding it hard to get water down" (not "can't keep
        # food down", which is sickness, nor tablets, a common question about swallowing pills)
        r"\b(?:can't|cannot|couldn't|can hardly|can barely|hard to|difficult to|struggling to|"
        r"trouble|finding it hard to|unable to|not able to) (?:get|getting) (?:any )?(?:water|"
        r"food|drinks?|fluids?|liquids?|anything|my (?:spit|saliva)|his (?:spit|saliva)|"
        r"her (?:spit|saliva)) down\b",
        r"\bswollen (?:face|lips?|tongue|throat|mouth)\b",
        r"\bswell\w* (?:of |in |on |up )?(?:my |his |her |their |the )?(?:face|lips?|tongue|"
        r"throat|mouth)\b",
        r"\b(?:anaphyla\w*|allergic reaction|anaphylactic|angio-?o?edema)\b",
        # not "I find them difficult to swallow owing to their size" (set AB): the tablets
        r"(?<!\bfind them )(?<!\bfound them )(?<!\bfinds them )(?<!\bfind these )"
        r"\b(?:can't|cannot|couldn't|trouble|difficulty|hard to|struggling to|unable to|"
        r"difficult to|problems?|hard time|struggle to|not able to|harder to|more difficult to|"
        r"(?:harder|hard|difficult|"
        r"more difficult|tough|tougher) for (?:him|her|me|them|my \w+) to) swallow\w*\b"
        r"(?! (?:them|the tablets?|tablets?|pills?|the pills?|it whole|capsules?|(?:his|her|my|"
        r"their) (?:tablets?|pills?|medicine|meds)|large tablets|big tablets))",
        r"\bhives all over\b",
    ],
    "chest_pain": [
        r"\bchest (?:feels |is |feeling |has gone |went )?(?:really |very |so )?heavy\b",
        # "like a weight sat on it ... goes up into my jaw" (set Q): the pain told over turns
        r"\blike a (?:weight|brick|ton of bricks|rock) (?:sat|sitting|pressing|is sat|on)\b|"
        r"\b(?:goes|going|spreads?|spreading|radiat\w*|shoot\w*) (?:up |down )?(?:into|to|down) "
        r"(?:my|his|her) (?:jaw|left arm)\b",
        # "chest is killing me, like someone's standing on it" (set O)
        r"\bchest(?:'s| is| was)? (?:\w+ )?killing (?:me|him|her)\b|\blike (?:someone|somebody|"
        r"something|an elephant|a \w+)(?:'s| is) (?:standing|sitting|kneeling|pressing) on "
        r"(?:it|my chest|his chest|her chest|me)\b",
        r"\b(?:elephant|weight|pressure|band|vice|vise)\b[^.?!]{0,20}?\b(?:on|round|around|"
        r"across|in) (?:my |his |her )?chest\b",
        r"\bchest\b(?:(?!\b(?:no|not|fine|ok|okay|never)\b)[^.?!,;]){0,15}?\b(?:pain|pains|"
        r"painful|hurts?|hurting|tight\w*|pressure|sore|heavy|"
        r"squeez\w*|crushing|aches?|aching)\b",
        r"\b(?:pain|tightness|pressure|ache|aching)\b[^.?!]{0,35}?\bchest\b",
        r"\bchest\b[^.?!]{0,40}?\b(?:spreading|radiating|going|moving|shooting)\b (?:up |down )?"
        r"(?:into|to|down|up) (?:my |his |her |the )?(?:jaw|left arm|arm|neck|shoulder)\b",
        r"\b(?:tight|squeez\w*|crushing|heavy|pressing|gripping|burning)\b (?:\w+ )?"
        r"(?:feeling|sensation|pain|ache)\b[^.?!]{0,35}?\bchest\b",
        r"(?<!give me a )(?<!gave me a )(?<!giving me a )(?<!give you a )(?<!gave him a )"
        r"(?<!gave her a )(?<!nearly had a )(?<!almost had a )\bheart attack\b"
        # not "my boss is going to have a heart attack when I tell him" (set V): a reaction
        # foretold
        r"(?! (?:when|once|as soon as|if) (?:i|we|he|she|they|you) (?:tell|show|see|find|hear|"
        r"say|give|get)\w*\b)",
        r"\b(?:gone|going|turned|looks?) (?:grey|gray|ashen)\b|\bgrey and sweaty\b|\bclammy\b",
    ],
    "overdose": [
        # not "overdosed on christmas chocolate lol" (set X)
        r"\b(?:overdos\w*|over dos\w*|overdoes\w*|o\.d\.|od'd|od'ed|sobredosis|surdose)\b"
        r"(?! on (?:\w+ )?(?:chocolate|cake|sweets|sugar|coffee|caffeine|tv|telly|netflix|box sets|"
        r"mince pies|cheese|carbs|food|pizza|crisps|sunshine|work|christmas))",
        # not "should I take an extra one?" or "say I took a double dose" (asking)
        rf"(?<!should i )(?<!can i )(?<!shall i )(?<!do i )(?<!ok to )(?<!okay to )(?<!safe to )"
        rf"(?<!say i )(?<!say he )(?<!say she )(?<!if i )(?<!what if i )"
        rf"(?<!says )(?<!said )(?<!says to )(?<!said to )(?<!told me to )(?<!supposed to )"
        rf"(?<!meant to )"
        rf"\b(?:took|taken|take|swallowed|ate|eaten|taking|gave|given|give|giving|"
        rf"accidentally took|accidentally gave|double dosed)(?: \w+){{0,2}}? (?:way )?"
        rf"(?:too many|too much|extra|an extra|a double|double|twice|"
        rf"{_NUMBER_WORDS}(?! ?(?:mg|ml|mls|milligrams?)\b)|"
        rf"a (?:whole )?(?:handful|bottle|box|pack|packet|strip)|the (?:whole|entire|rest)|"
        rf"all (?:of )?(?:my|his|her|the))(?: (?:of|my|his|her|the|your|extra|more|"
        rf"baclofen|\d+ ?mg|\d+|doses?|of them))*? {_PILLS}\b"
        # a schedule, not an overdose: "I take 2 tablets three times a day"
        r"(?! (?:three times|3 times|twice|two times|once|a day|daily|each (?:day|morning|night)|"
        r"every (?:day|morning|night|\d+ hours)|at night|in the morning|per day|x ?\d|tds|bd))",
        # a mistake that means MORE medicine (not "took it late by mistake")
        r"\b(?:took|taken|gave|given|swallowed)\b(?=[^.?!]*\b(?:twice|again|extra|double|"
        r"another|too many|too much|second dose|wrong|two doses|three times)\b)[^.?!]{0,40}?"
        r"\b(?:by mistake|by accident|accidentally)\b",
        # the mistake named as a thing, not asked about: "Reason for message: accidental double
        # dose", "an accidental extra dose this morning" (set Y)
        r"\b(?:accidental|accidentally|mistaken|mistakenly|unintentional)(?: \w+)? (?:double|"
        r"extra|second|2nd|repeat|repeated) (?:dose|doses|tablet|tablets|amount|dosing)\b|"
        r"\b(?:double|extra|second|2nd) (?:dose|doses|tablet) (?:taken |given )?(?:by mistake|"
        r"by accident|accidentally)\b",
        r"\b(?:more than|over) (?:was |is )?(?:prescribed|my dose|the dose|i should|"
        r"i'm supposed to|he should|she should|recommended|the maximum)\b|"
        rf"\b(?:took|taken|had|given|gave|swallowed)\b[^.?!]{{0,15}}?\bway more\b|"
        rf"\bway more (?:of (?:the |my |his |her )?)?{_PILLS}\b",
        r"\b(?:whole|entire) (?:week'?s|month'?s|day'?s|bottle|box|pack|packet|supply|strip)\b"
        r"(?! of (?:wine|vodka|beer|whisky|whiskey|gin|rum|cider|prosecco|champagne|booze|water|"
        r"juice|pop|coke|squash))",
        r"\b(?:tablets|pills|some) (?:are |were )?missing\b|"
        # a child and a dose gone (set Z): "the Tuesday baclofen is missing", "we think he
        # swallowed one", "found with a tablet in his mouth"; "granny doubled her baclofen"
        r"\b(?:baclofen|tablet|pill|dose|capsule)s? (?:is|are|was|were|has gone|have gone|has "
        r"disappeared) missing\b|"
        r"\b(?:think|thinks|reckon|reckons|might have|may have|could have|probably|must have) "
        r"(?:he |she |they |it )?(?:has |have )?swallowed (?:one|a tablet|a pill|some|it|them|"
        r"a couple)\b|"
        # "my 5yo might have drunk some of my baclofen liquid", "no idea if she ate any",
        # "found her with Grandad's baclofen bottle open" (set AA)
        r"\b(?:might have|may have|could have|must have|think (?:he|she|they) (?:has|have)|"
        r"probably) (?:drunk|drank|swallowed|eaten|ate|had|taken|took) (?:some|a bit|a sip|a "
        r"mouthful|a few|one|two) (?:of )?(?:my|his|her|their|the|\w+'s) (?:\w+ )?(?:baclofen|"
        r"liquid|medicine|tablets|pills|bottle)\b|"
        r"\b(?:no idea|not sure|don't know|do not know|can't tell|cannot tell|unsure) (?:if|"
        r"whether) (?:she|he|they|the baby|the kids?|my \w+) (?:ate|swallowed|had|took|drank|"
        r"has eaten|has swallowed|has had|got) (?:any|some|one|it|them)\b|"
        r"\bfound (?:her|him|them|my \w+|the baby|the kids?)\b[^.?!]{0,12}?\bwith (?:\w+'s |my |"
        r"his |her |the |a )?(?:\w+ )?(?:baclofen|tablets?|pills?|medicine|meds) ?(?:bottle|"
        r"packet|box|pot|tub)? (?:open|opened)\b|"
        r"\b(?:found|caught)\b[^.?!]{0,25}?\bwith (?:a |some |the |two |my |his |her )?(?:\w+ )?"
        r"(?:tablets?|pills?|baclofen)\b[^.?!]{0,15}?\b(?:in (?:his|her|their) mouth|chewing|"
        r"eating|sucking)\b|"
        # doubled by mistake, not by the doctor ("her neuro doubled her baclofen")
        r"\bdoubled (?:up )?(?:on )?(?:her|his|my|their|the) (?:baclofen|dose|doses|tablets|meds)\b"
        r"(?=[^.?!]{0,40}?\b(?:forgot|forgotten|forgetting|by mistake|by accident|accidentally|"
        r"didn't realise|did not realise|didn't realize|thought (?:she|he|i|they) hadn't|mixed up|"
        r"muddled)\b)|"
        # "Tonight there are 30 fewer than there should be" (set AB): a count short
        r"\b(?:\d+|a lot|lots|loads|far|way|many|several|a few) (?:(?:tablets? |pills? )?(?:fewer|"
        r"less|missing)|(?:fewer|less) (?:tablets|pills)) than (?:there )?(?:should be|"
        r"there should be|expected|it should be|i counted|last time)\b|"
        # "I've just counted my baclofen and I'm 8 tablets short" (set U)
        r"\b(?:\d+|a few|some|several|two|three|four|five|six|seven|eight|nine|ten) (?:tablets?|"
        r"pills?|doses?) short\b|"
        # "Pharmacy gave me 25mg tablets instead of 10mg" (set U)
        r"\b(?:gave|given|dispensed|sent|supplied)\b[^.?!]{0,30}?\b\d+ ?mg\b[^.?!]{0,15}?"
        r"\binstead of (?:the |my |his |her )?\d+ ?(?:mg|mgs)\b",
        r"\b(?:took|taken|swallowed|ate|gave|given)\b[^.?!]{0,40}?\ball at once\b",
        r"\b(?:took|taken|swallowed|ate|eaten|had|downed) (?:them|the lot|it|those|these) all\b"
        r"(?! (?:my life|my adult life|the time|along|before|year|day|week|of|through|over|since))|"
        r"\b(?:took|taken|swallowed|ate|downed) the (?:lot|whole lot)\b",
        r"\b(?:three|four|five|3|4|5|several|multiple) times\b[^.?!]{0,30}?\b(?:by mistake|"
        r"accident\w*|today|this morning|in a row)\b",
        # not "when my daughter was two she swallowed some" (the story's date, set U)
        r"(?<!when my )(?<!when our )"
        r"\b(?:child|kid|kids|children|son|daughter|toddler|baby|boy|girl|twins|"
        r"grand(?:son|daughter|child|kid)s?|nephew|niece|little one|dog|puppy|"
        # a few words of another language (set S): "mi hijo took baclofen de su abuela"
        r"hijo|hija|niño|niña|nino|nina|bebé|bebe|enfant|fils|fille|little (?:sister|brother)|"
        r"aged [1-9]|"
        r"\d+ ?(?:year|yr)[- ]old|\d+ ?(?:yo|y/o|yrs? old))\b"
        r"[^.?!]{0,60}?\b(?:swallowed|ate|eaten|eat|got into|got hold of|chewed|chewing|"
        r"sucking on|sucking|eating|took(?! (?:me|him|her|us)\b)(?! them (?:to|out|home|in|round|"
        r"back)\b)|has taken|might have taken|may have taken|"
        r"drank|found my|opened my|had some|had a few|had (?:\d+|one|two|three|four) of|"
        r"(?:had|has|got|put) (?:a |one of )?(?:my|his|her|the|your) (?:tablets?|pills?|"
        r"baclofen) in (?:his|her|their) mouth|"
        r"(?:had a go at|been at|been into|got at) (?:my|his|her|the|your|mum's|dad's|nan's|"
        r"grandma's|grandad's) (?:tablets|pills|meds|medicine|baclofen|bottle|strip|liquid)|"
        r"(?:got|pulled|twisted|prised|pried) the (?:lid|cap|top) off|opened the (?:bottle|tub|"
        r"pot|packet|box|blister)|"
        # "found the sachets and I found two empty ones next to her" (set S)
        r"found (?:the|my|his|her|some|a) (?:\w+ )?(?:sachets?|granules|tablets?|pills?|medicine|"
        r"bottle|packets?|box|blister\w*|pill ?(?:box|organi[sz]er))|"
        # "he had my tablet packet, two blisters empty" (set R)
        r"(?:had|has|got|found|was holding|was playing with|is holding|is playing with) "
        r"(?:my|his|her|the|your|mum's|dad's|nan's|grandma's|grandad's) (?:tablet|pill|medicine|"
        r"baclofen) (?:packet|pack|box|bottle|strip|blister\w*))\b"
        # his own dose as prescribed is not an ingestion ("my son took his baclofen at 8")
        r"(?! (?:his|her|their) (?:own |usual |normal |regular |prescribed |evening |morning |"
        r"night |nighttime |bedtime |\d+ ?(?:mg|ml) )?(?:baclofen|doses?|medicine|meds|"
        r"medication|tablets?|pills?|liquid|syrup)\b(?![^.?!]{0,20}?\b(?:twice|again|extra|"
        r"too|double|all|whole)\b))",
        r"\b(?:got into|into) (?:my|his|her|the) (?:tablets|pills|baclofen|medicine|meds|"
        r"pill ?(?:box|organi[sz]er)|dosette(?: box)?|medicine (?:cabinet|cupboard|box)|"
        r"blister packs?|sachets)\b",
        # a liquid mix-up that happened (not "is the 25 mg/5 mL a stronger one?")
        r"\b(?:gave|given|took|taken|used|measured|drew up|give|giving|had)\b[^.?!]{0,45}?"
        r"\b(?:wrong|stronger) (?:baclofen )?(?:strength|bottle|liquid|solution|suspension|syrup|"
        r"one|dose)\b",
        # the mix-up found after the dose: "turned out it was the wrong strength"
        r"\b(?:turned out|turns out|realised|realized|noticed|found out|then saw)\b (?:that )?"
        r"(?:it was |it's |it is |they were |i'd used |i had used |we'd used )?(?:the )?(?:wrong|"
        r"stronger|higher) (?:strength|bottle|liquid|solution|one|tablets?|dose)\b",
        # "given 25 mg x2", "20mg x 3 by mistake": a dose multiplied (not "10 mg x3 a day")
        r"\b(?:given|gave|administered|received|took|taken|had)\b[^.?!]{0,30}?"
        r"\b\d+ ?mg ?(?:x|times) ?[2-9]\b"
        r"(?! ?(?:a day|daily|per day|/day|a week|weekly|each day|every day|doses? a day))",
        r"\b25 ?mg ?(?:/|per|in) ?5 ?ml\b[^.?!]{0,60}?\b(?:instead|mix|wrong|by mistake|"
        r"accident|in error|erroneously)\w*",
        # a med incident: "oral baclofen 25mg/5ml given in error" (set R)
        rf"\b{_PILLS}\b[^.?!]{{0,40}}?\b(?:given|administered|taken|dispensed|gave|took) "
        r"(?:in error|erroneously)\b",
        # the strength seen after the dose: "gave him his baclofen from the new bottle and only
        # now saw it says 25mg in 5ml" (set R)
        r"\b(?:gave|given|took|taken|had|measured|drew up|administered)\b[^.?!]{0,80}?"
        r"\b(?:saw|see|seen|noticed|notice|realised|realized|realise|realize|spotted|read)\b"
        r"[^.?!]{0,30}?\b\d+ ?mg ?(?:/|per|in) ?\d+ ?ml\b",
        # not "mixed up my doses during Ramadan and missed a couple" (set W): doses missed
        r"\bmix(?:ed)?[- ]?up\b[^.?!]{0,40}?\b(?:bottles?|liquids?|solutions?|strengths?|"
        r"syrups?|doses?|mls?|tablets?)\b(?![^.?!]{0,40}?\b(?:missed|forgot|skipped|late|"
        r"timings?|times)\b)",
        r"\b(?:five|5|ten|10) ?(?:times|x) (?:the |too )?(?:dose|much|stronger|the amount)\b",
        r"\b(?:doubled up|took a double|had a double|taken a double|double[- ]?dosed)\b",
        r"\baccidentally (?:took|taken|gave|given|had|swallowed)\b[^.?!]{0,40}?\b(?:twice|again|"
        r"extra|double|another|too many|too much)\b",
        r"\b\d+ (?:tablets?|pills?|doses?) instead of \d+\b",
        r"\b(?:took|taken|had|gave|given) (?:my |his |her )?(?:\w+ )?(?:baclofen|dose|tablets?|"
        r"pills?) twice\b",
        # medication errors (carers' reports): "received evening baclofen 20 mg twice"
        rf"\b(?:received|administered|was given|were given|given|gave)\b[^.?!]{{0,30}}?\b{_PILLS}\b"
        r"[^.?!]{0,20}?\b(?:twice|two times|double|a second time)\b(?! (?:a day|daily|per day))",
        r"\b(?:medication|drug|dosing) error\b",
        # "I've had about 150mg today" (set S): more than the brief's 80 mg a day maximum
        # taken today; not a prescribed dose ("I take 90mg a day as prescribed")
        r"\b(?:had|taken|took|swallowed|used)\b[^.?!]{0,20}?\b(?:about |around |maybe |like "
        r"|nearly |almost |over |at least )?(?:8[1-9]|9\d|[1-9]\d\d|[1-9]\d\d\d) ?(?:mg|"
        r"milligrams?)\b(?![^.?!]*\bprescribed\b)[^.?!]{0,30}?\b(?:today|so far|in the last 24|"
        r"since this morning|tonight|this evening|in one go)\b",
        # "think I overdid the baclofen, took a handful" (set Q)
        r"\boverdid (?:it|the|my|his|her) ?(?:baclofen|tablets|pills|dose|meds)?\b|"
        r"\b(?:took|taken|swallowed|had|necked|downed) a (?:whole )?(?:handful|fistful)\b"
        r"(?! of (?:sweets|nuts|crisps|grapes|chips|popcorn|raisins))|"
        # "I don't know how many were in there" (set P): a count nobody can check
        r"\b(?:don't|do not|didn't|did not) know how many (?:were|was|are|had been) (?:in there|"
        r"in it|left|in the (?:bottle|pot|tub|pack|packet|box))\b|"
        # "measured my dose from the strong bottle by mistake" (set P)
        r"\b(?:from|out of|with) the (?:strong|stronger|concentrated|higher strength|wrong) "
        r"(?:bottle|one|liquid|solution)\b[^.?!]{0,30}?\b(?:by mistake|by accident|instead|"
        r"accidentally)\b|"
        r"\bfound (?:bits|pieces|crumbs|residue|fragments|powder) "
        r"(?:of (?:a |the )?(?:tablets?|pills?) )?"
        r"(?:in|round|around) (?:his|her|their) (?:mouth|lips|teeth)\b",
        r"\bfound with (?:an |the |a )?(?:empty|open|half empty) (?:blister|pack|packet|bottle|box|"
        r"strip|tub)\b|\b(?:unsure|not sure|don't know|no idea) how many (?:taken|were taken|"
        r"(?:he|she|they) (?:took|had|has taken|swallowed))\b",
        # someone else's medicine swallowed; part of a bottle gone; tablets popped out
        r"\b(?:swallowed|drank|took|had|ate)\b (?:some|most|all|half|a lot|loads) of "
        r"(?:his|her|their|my|the) (?:\w+'s )?(?:baclofen|tablets|pills|medicine|liquid|bottle)\b|"
        r"\b(?:half|most of|the rest of|half of) the (?:bottle|pack|packet|box|strip|liquid)\b",
        r"\b(?:\d+|one|two|three|four|some|a few|several) (?:tablets?|pills?) (?:popped|pushed|"
        r"pressed) out\b|\b(?:can't|cannot|couldn't) find (?:them|the tablets|the pills|the "
        r"missing ones) anywhere\b",
        r"\b(?:took|taken|had|gave|given|take)\b (?:\d+|a couple|a few|two|three|four|five|six|"
        r"several) extra\b(?! (?:days?|weeks?|hours?|minutes?|mins?|time))",
        r"\b(?:took|taken|had|swallowed|given|gave)\b an extra (?:couple|few|one|two|three|"
        r"\d+|handful|lot|load|bunch)\b(?! (?:of )?(?:days?|weeks?|hours?|minutes?|mins?|time))",
        r"\b(?:staff|carer|carers|nurse|someone|somebody|he|she|they|my \w+|the \w+ shift)\b "
        r"(?:had|has|'d) already (?:given|had|taken) (?:it|him|her|them|the dose|his dose|her dose|"
        r"the tablets?)\b(?! so (?:i|we) (?:didn't|did not|haven't))",
        r"\b(?:thought|thinks|think|thinking) (?:my|his|her|the|our|your|mum's|dad's|nana's|"
        r"nan's|gran's|grandma's|grandad's|grandpa's|granny's) (?:tablets|"
        r"pills|medicine|baclofen)\b (?:were|was|are|is) (?:sweets|smarties|candy|candies|mints|"
        r"skittles|tic tacs|chocolate)\b",
        r"\bread the (?:syringe|label|dose|measurement|markings?) wrong\b|"
        r"\b\d+(?:\.\d+)? ?ml (?:instead of|not|rather than) (?:0?\.\d+|\d+\.\d+) ?ml\b|"
        r"\b(?:tablespoon|table spoon|dessert ?spoon|teaspoon|spoon|cup|medicine cup) instead of "
        r"the (?:syringe|oral syringe|measuring \w+)\b|"
        # a bigger spoon or cup for the liquid (set H): "a tablespoon instead of a teaspoon"
        r"\b(?:tablespoon|table spoon|dessert ?spoon|soup ?spoon|cup|capful|mugful|glass|"
        r"medicine cup|whole syringe)(?:ful)?s? (?:of (?:\w+ ){0,3})?instead of (?:a |the |one )?"
        r"(?:tea ?spoon|5 ?ml spoon|syringe|oral syringe|measuring \w+|\d+(?:\.\d+)? ?ml)\b",
        r"\b5 ?mg ?/ ?5 ?ml\b[^.?!]{0,20}?\bprescribed\b[^.?!]{0,10}?\b25 ?mg ?/ ?5 ?ml\b"
        r"[^.?!]{0,10}?\b(?:dispensed|supplied|given|issued|picked)\b",
        # taken again because forgotten (set H): "then took it again because he forgot"
        r"\b(?:took|taken|had|given|gave)\b (?:it|them|his dose|her dose|my dose|(?:his|her|my) "
        r"tablets?) again\b[^.?!]{0,20}?\b(?:because|as|cos|since) (?:he|she|i|they) "
        r"(?:forgot|didn't remember|couldn't remember)\b|\b(?:maybe|possibly|perhaps|even) a "
        r"(?:third|fourth) time\b",
        # "forgot, took it again" (set M): a forgotten dose taken twice, in either order
        r"\b(?:forgot|forgotten|forgetting|didn't remember|couldn't remember)\b[^.?!]{0,30}?"
        r"\b(?:took|taken|take|had|gave|given)\b (?:it|them|another|one|my dose|his dose|"
        r"her dose|(?:my|his|her) (?:tablets?|baclofen|dose))? ?again\b|"
        r"\b(?:then|and) (?:another|one more|a third|a fourth) (?:one )?(?:an hour|a few hours|"
        r"\d+ (?:hours?|mins?|minutes?)|half an hour|minutes) later\b",
        # set AE: "he's taken his whole week of baclofen in one go", "a full box at once"
        r"\b(?:whole|entire|full)\b (?:week|fortnight|month|box|packet|pack|strip|bottle|"
        r"blister|supply|prescription)(?:'s)? (?:worth )?(?:of )?(?:[\w']+ ){0,3}?(?:in one go|"
        r"at once|all at once|together|in one sitting)\b|"
        r"\b(?:took|taken|swallowed|had|necked|downed|ate)\b (?:a |the |his |her |my |their )?"
        r"(?:whole|entire|full) (?:week|fortnight|month|box|packet|pack|strip|bottle|supply)\b",
        # several doses at once (set M): "the morning, lunch and evening ones all together"
        r"\b(?:took|taken|swallowed|had|gave|given|ate)\b[^.?!]{0,60}?\b(?:morning|lunch\w*|"
        r"evening|night\w*|bedtime|tea ?time|day's|days'|doses|week's|ones)\b[^.?!]{0,30}?"
        r"\b(?:all together|altogether|all at once|at the same time|in one go|at once)\b",
        # a 10x syringe error (set M): "the 10 mL line instead of the 1 mL line", and the other
        # way round (set J): "instead of 2 mils it was 20 mils"
        r"\b(\d+)0 ?(ml|mls|mils|mg|cc)s? (?:line |mark |dose )?(?:instead of|not|rather than) "
        r"(?:the )?\1 ?\2|"
        r"\binstead of (?:the )?(\d+) ?(ml|mls|mils|mg|cc)s?,? (?:it was|he got|she got|they got|"
        r"(?:i|we|he|she) gave (?:him|her|them)?|(?:he|she) had|was given) ?\3\d ?\4",
        # "so he's had five times what he should" (set E)
        r"\b(?:twice|double|three times|four times|five times|ten times|\d+ times|\d+x)\b "
        r"(?:what|the amount|the dose|as much as) (?:he|she|i|they|you|we) (?:should|was supposed|"
        r"is supposed|is meant|was meant|normally|usually|ought)\b",
        # a child found with the medicine (set M): "found my toddler with the bottle open"
        r"\bfound (?:my|our|the|his|her) (?:\d+ ?(?:yo|y/o|yrs? old|years? old|year-old|"
        r"month old) |little |baby |foster |step ?|youngest |eldest )*(?:child|kid|son|"
        r"daughter|toddler|baby|boy|girl|little one|grand\w+|\d+ ?(?:year|yr)[- ]old|"
        r"\d+ ?(?:yo|y/o))\b[^.?!]{0,40}?\b(?:bottle|tablets?|"
        r"pills?|medicine|baclofen|packet|box|blister|syringe|liquid)\b|"
        r"\b(?:some|part|a bit|half|most|a lot) of (?:it|the bottle|the liquid|the medicine)"
        r"(?:'s| is| has| was) (?:gone|missing)\b",
        # an open bottle found on the floor (set H)
        r"\b(?:bottle|pot|tub|packet|box|container|lid|cap)\b (?:was |is |were )?(?:open|opened|"
        r"off|lying open)\b[^.?!]{0,10}?\b(?:on the floor|next to (?:him|her|them)|beside "
        r"(?:him|her|them)|in (?:his|her|their) (?:hand|cot|bed))\b",
        r"\b(?:took|taken|had|take|taking|gave|given)\b[^.?!]{0,40}?\b(?:because|as|cos|since|"
        r"thinking|hoping)\b (?:i |he |she )?(?:thought |figured |hoped )?(?:that )?(?:more|extra|"
        r"a bigger dose|a higher dose|double|doubling) (?:would|might|will|could) "
        r"(?:help|work|do)\b",
        r"\b(?:ingested|ingestion of)\b[^.?!]{0,25}?\b(?:\d{2,}|[3-9]) ?"
        r"(?:x|tablets?|tabs?|pills?)\b|"
        r"\b(?:\d{2,}|[3-9]) ?x ?\d+ ?mg\b[^.?!]{0,20}?\b(?:ingested|taken|swallowed|ago)\b",
        r"\b(?:squirted|emptied|poured|tipped|drank|downed|gulped)\b[^.?!]{0,30}?\binto "
        r"(?:his|her|their|my) (?:own )?mouth\b",
        r"\b(?:took|taken|had|swallowed)\b[^.?!]{0,40}?\bto knock (?:my ?self|him ?self|"
        r"her ?self) out\b",
        # "having forgotten that I had already taken my 20 mg, I took a second dose, and then a
        # third" (set V): the dose taken again
        r"\b(?:forgot|forgotten|forgetting|not remembering|didn't remember)\b[^.?!]{0,30}?"
        r"\balready (?:taken|had|took)\b[^.?!]{0,60}?\b(?:took|taken|had|swallowed)\b|"
        r"\b(?:a|my) (?:second|2nd) (?:dose|one|lot)\b[^.?!]{0,20}?\b(?:and )?then a (?:third|"
        r"3rd)\b",
        # a dose given when someone had already given it (set F): two carers, one dose twice
        rf"\b(?:gave|given|took|taken|had)\b[^.?!]{{0,30}}?\b{_PILLS}\b[^.?!]{{0,40}}?"
        r"\b(?:had )?already (?:given|had|taken|gave|took|been given)\b|"
        r"\balready (?:had|given|taken|been given) (?:his|her|their|my) (?:\w+ )?(?:dose|"
        r"baclofen|tablets?|medicine|liquid)\b[^.?!]{0,40}?\b(?:gave|given|took|taken) "
        r"(?:him|her|them|it)? ?(?:another|again|a second|more)\b",
        r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|some|a few|several) "
        r"(?:baclofen |of (?:my|his|her|the) )?(?:tablets? |pills? )?(?:are |were |is |was )?"
        r"missing\b|"
        r"\b(?:bottle|pack|packet|box|strip|tub|pot|blister)\b[^.?!]{0,25}?\b(?:empty|half "
        r"empty|gone)\b[^.?!]{0,40}?\b(?:was|were|it was|it's been) (?:nearly |almost |half |"
        r"quite |practically )?(?:full|new|unopened)\b|"
        r"\b(?:he|she|they|he's|she's|baby|child|toddler|son|daughter|little one)\b[^.?!]{0,20}?"
        r"\b(?:white|chalky|tablet|pill) ?(?:bits|residue|powder|crumbs|pieces|stuff)\b"
        r"[^.?!]{0,10}?\b(?:in|round|around|on) (?:his|her|their|the) "
        r"(?:mouth|lips|teeth|tongue)\b|"
        r"\bblister (?:pack )?(?:is |was )?open\b",
        # "his friend ate some tablets from his bag" (set W): someone ate tablets
        r"\b(?:ate|eaten|swallowed|scoffed) (?:some|a few|several|a couple of|a handful of|a load "
        r"of|loads of|\d+|two|three|four|five) (?:of )?(?:his |her |my |the |their |your )?"
        r"(?:tablets|pills|baclofen)\b(?! (?:as|like) (?:prescribed|normal|usual))",
        # "the Friday compartment was open and my baclofen and another tablet were gone"
        r"\b(?:compartment|section|slot|box|pot|tub|packet|blister|bottle)\b[^.?!]{0,15}?\b"
        r"(?:was |were |is |had been |been )?(?:open|opened|empty|emptied)\b[^.?!]{0,40}?\b"
        r"(?:tablets?|pills?|baclofen|meds|medicine)\b[^.?!]{0,25}?\b(?:were |was |are |is |"
        r"had )?(?:gone|missing)\b",
        # slang for a lot swallowed (set O): "necked a heap of his baclofen", "downed a load
        # of my tablets", "popped a fistful of pills"
        r"\b(?:necked|necking|downed|downing|knocked back|chugged|popped|popping|scoffed|"
        r"swallowed|took|taken|had|ate)\b (?:a |an |like )?(?:heap|load|loads|bunch|pile|stack|"
        r"fistful|handful|shedload|ton|mouthful|whack|lot|lots|bucketload) (?:of )?(?:\w+ )?"
        r"(?:baclofen|tablets|pills|meds|muscle relaxants)\b(?! (?:over|for|in) (?:the )?(?:years|"
        r"months|my life))",
        # a dispensing error in the box being taken (set O): "four baclofen in each
        # compartment instead of one"
        r"\b(?:two|three|four|five|six|eight|ten|double|\d+) (?:baclofen|tablets?|pills?|doses?|"
        r"of them)\b[^.?!]{0,25}?\binstead of (?:one|two|three|a single|\d+|the usual)\b",
    ],
    # A health line, a clinician or a dispatcher already told them to call the emergency
    # number or go to the emergency department (set W: "111 said to call 999 because of
    # my breathing but I don't want to waste their time"): never a softer answer than that.
    # Not advice for "if" it happens ("the nurse said to call 999 if he ever fits").
    "advised_emergency": [
        rf"\b(?:{_ADVISERS}|nhs direct|the chemist|the operator|the hotline|the call handler)\b"
        r"[^.?!]{0,20}?\b(?:said|says|told (?:me|us|him|her)|told|advised|want(?:s|ed)? (?:me|us|"
        r"him|her)) (?:that )?(?:(?:i|we|he|she) (?:should|need to|needed to|must|have to|had to) "
        r"|to )?(?:call|ring|phone|dial|get) (?:999|911|112|an ambulance|emergency services)\b"
        + _NOT_IF_IT_HAPPENS
        + r"|"
        rf"\b(?:{_ADVISERS})\b[^.?!]{{0,20}}?"
        r"\b(?:said|says|told (?:me|us|him|her)|told|advised) (?:that )?(?:(?:i|we|he|she) "
        r"(?:should|need to|must|have to) |to )?(?:go|get|head|come) (?:straight |right |"
        r"directly )?(?:to|down to|into) (?:a&e|a and e|the er|er|the ed|emergency|the emergency "
        r"department|hospital|the hospital)\b" + _NOT_IF_IT_HAPPENS,
    ],
    "suicidal": [
        # "I don't think I'll be here next week", "thinking to take all my baclofen tonight
        # and done with it" (set U)
        r"\b(?:don't think i'll|do not think i will|won't|will not|i'm not going to|not going to) "
        r"be (?:here|around|alive) (?:next|by|for much longer|much longer|tomorrow|after|this time)"
        r"\b|\b(?:wrote|written|writing|left) (?:goodbye|farewell) (?:letters?|notes?)\b|"
        r"\b(?:think|thinking|thought|plan|planning|going) (?:to|of|about) (?:take|taking) all "
        r"(?:of )?my (?:baclofen|tablets|pills|meds)\b[^.?!]{0,25}?\b(?:done with|end|finish|"
        r"tonight)\b",
        # "I've started planning how I'd do it. I keep counting the tablets." (set Q)
        r"\bplanning how (?:i'?d|i would|i'?ll|i will|to) (?:do it|end it|go about it)\b|"
        r"\b(?:keep|keeps|been|started|kept) counting (?:the|my|out the|out my) "
        r"(?:tablets|pills)\b",
        # "tonight I have the tablets counted out on the table" (set P)
        r"\b(?:tablets|pills|meds|baclofen)\b[^.?!]{0,20}?\b(?:counted out|lined up|laid out|"
        r"all out ready|set out ready)\b",
        # "can't see the point going on" (set O)
        r"\b(?:can't|cannot|can not|don't|do not|no longer) see (?:the |any )?point (?:in |of )?"
        r"(?:going on|carrying on|living|being here|being alive|staying alive|existing|"
        r"anything any ?more|life)\b",
        r"\b(?:sorted (?:out )?my affairs|put my affairs in order|getting my affairs in order|"
        r"made sure the (?:cat|dog|kids|children|pets?) (?:will be|are|is|gets?) (?:looked after|"
        r"taken care of))\b|\b(?:looking up|looked up|googling|googled|searched|searching|"
        r"researching|reading up on) how many (?:tablets|pills|of them) (?:it would take|it takes|"
        r"to take|would kill|it'd take|is lethal|are lethal)\b",
        r"\b(?:been |started |am |i'm |keep |is |he's |she's )?cutting (?:again|my ?self|"
        r"him ?self|her ?self|my (?:arms|wrists|legs))\b|\bself[- ]?harm(?:ing|ed)?\b"
        r"(?! (?:thoughts )?(?:in the past|years ago|when i was))|\bthinking (?:about|of) going "
        r"further\b",
        r"\b(?:want|wanna|wanting|going|planning|thinking about|tempted) to end it(?: all)?\b"
        r"(?! with)|\b(?:letters?|notes?) (?:to|for) (?:my|the) (?:kids|children|family|wife|"
        r"husband|partner|mum|dad)\b[^.?!]{0,25}?\bin case (?:i'm|i am|i) (?:not around|gone|"
        r"don't|not here)\b|\b(?:tablets|pills|meds|baclofen) (?:saved|stashed|stockpiled|"
        r"hidden) (?:up|away)\b|\b(?:saving|stockpiling|stashing|hoarding) (?:up )?(?:my |the )?"
        r"(?:tablets|pills|meds|baclofen)\b",
        r"\b(?:driv\w*|roll\w*|wheel\w*|walk\w*|step\w*|throw\w*|jump\w*) (?:my (?:chair|"
        r"wheelchair|car) |my ?self )?(?:into|in front of|under) (?:the )?(?:traffic|a bus|a train|"
        r"a lorry|a truck|a car|the road)\b|\bjust let(?:ting)? it happen\b",
        r"\b(?:go to sleep|fall asleep|sleep) and (?:never|not) wake up\b|"
        # "better off if I wasn't here"; "it would be easier not to wake up at all", "better
        # off never waking up" (set R), but not a time of day or a reason ("easier not to
        # wake up at 5 for my dose")
        r"\b(?:better off|easier|simpler|kinder|best|a relief)(?: for (?:everyone|everybody|"
        r"them|all of us|my family))? (?:(?:to )?(?:just )?(?:not|never)(?: to)? (?:wake up|"
        r"waking up|be here|being here|be around|be alive|exist|existing)\b"
        r"(?!\s+(?:so|too|for|to|in|during|early|every|each|before|when|until|till|on|"
        r"at (?!all\b)))|"
        r"if (?:i|i'd) (?:just )?(?:wasn't|weren't|was not|were not|"
        r"wasnt|didn't exist|was gone|were gone|died|didn't wake up|did not wake up|never woke up|"
        r"disappeared|vanished|went away for good|"
        r"wasn't here|wasn't around|wasn't alive)\b)",
        r"\b(?:want|wants|wanted|need) (?:it|this|everything|it all|my life|things) (?:all )?to be"
        r" over\b|\b(?:lethal|fatal|deadly|killing) dose\b[^.?!]{0,60}?\b(?:because|cos|coz|as|"
        r"since|so) (?:i|that i)\b",
        r"\b(?:better off without me|can't go on (?:like this|anymore|any more)|"
        r"want (?:it all|everything) to (?:stop|end)|no point (?:in )?(?:going on|carrying on|"
        r"living|being here)|wish i (?:was|were) dead|wish i could (?:just )?disappear|"
        r"going to end it|thinking of ending it|give up on life|want to disappear forever|"
        r"saying goodbye to everyone)\b",
        r"\bsuicid\w*\b",
        # a farewell message (set V): "if I don't wake up tomorrow, please let my daughter know
        # it wasn't her fault"
        r"\b(?:tell|let|make sure) (?:my|our|the) (?:\w+ ){1,2}(?:knows? )?(?:that )?(?:it wasn't|"
        r"it was not|it isn't|it is not|it's not|none of this (?:is|was)) (?:his|her|their|your|"
        r"anyone's|anybody's) fault\b|\bif i (?:don't|do not|never) wake up (?:tomorrow|in the "
        r"morning|again)\b[^.?!]{0,40}?\b(?:tell|let|love|sorry|fault|goodbye)\b",
        r"\bkill(?:ing)? (?:my ?self|myself|himself|herself|themselves|themself)\b",
        r"\bhurt(?:ing)? (?:himself|herself|themselves)\b",
        r"\bend(?:ing)? (?:my life|it all|things|my own life)\b",
        # not "I want to die of embarrassment" (set AB)
        r"\b(?:wants?|wanted|wanna|going|wish\w*|plan\w*) (?:to )?(?:die|be dead|not wake up)\b"
        r"(?! (?:of|from) (?:embarrassment|shame|boredom|laughter|laughing|cringe|the cringe)\b)",
        r"\bend(?:ing)? (?:my|his|her|their) (?:own )?li(?:fe|ves)\b",
        r"\b(?:thinking|thought|thoughts) (?:about|of) (?:ending|killing|taking) (?:my|it|him|"
        r"her)\b",
        r"\bno point (?:in )?living\b|\bplanning how to do it\b|\bstockpil\w*\b",
        # "maybe I'll just take the lot and save the NHS some money" (set Y): an intention to
        # take everything, not a schedule ("I'll take them all with breakfast")
        r"\b(?:i'll|i will|i'm going to|i am going to|i'm gonna|gonna|i might|i may|i could) "
        r"(?:just )?(?:take|swallow|neck|down) (?:the lot|the whole lot|them all|all of them|"
        r"the whole (?:box|bottle|pack|packet|lot|supply)|all (?:of )?my (?:tablets|pills|meds|"
        r"baclofen))\b(?! (?:at once )?(?:in the morning|at night|at bedtime|with|together|at the "
        r"same time|before|after|at \d|each|every|first thing|tomorrow|today))",
        # "if the spasms don't kill me I'll do it myself" (set Y)
        r"\bkill (?:me|him|her)\b[^.?!]{0,30}?\b(?:i'll|i will|i'm gonna|i'm going to|he'll|she'll)"
        r" (?:just )?do it (?:my|him|her)(?: ?self)\b",
        # "honestly been planning how" (set Y): the plan, with nothing after it
        r"\b(?:been|started|am|i'm|already) planning how\b(?=\s*(?:[.?!,;]|$|and\b|but\b|tbh\b|"
        r"to do it\b|i'd\b|i would\b))",
        r"\b(?:saving|saved|hoarding|hoarded|collecting|storing|keeping) up (?:all )?"
        r"(?:his |her |my |their )?(?:tablets|pills|meds|medication|baclofen)\b",
        r"\b(?:thinking|thought|talking|talked|talks) (?:about|of) (?:taking|swallowing) (?:them|"
        r"it|all (?:of )?(?:them|his|her|my))(?: all)?\b",
        r"\bdon't (?:want to|wanna) (?:live|be alive|be here|wake up)\b",
        r"\bbetter off dead\b|\bno reason to live\b|\bnot worth living\b",
        r"\btake my (?:own )?life\b",
        r"\bself[- ]?harm\w*\b|\bhurt(?:ing)? my ?self\b|\bcut(?:ting)? my ?self\b",
        r"\bquiero morir\b|\bme quiero matar\b|\bje veux mourir\b",
        r"\b(?:everyone|everybody|they|people|the world|my family|my kids|family)\b[^.?!]{0,30}?"
        r"\bbetter off\b[^.?!]{0,25}?\b(?:dead|gone|without me|if i (?:was|were|wasn't|weren't) "
        r"(?:dead|gone|here|around))\b",
        r"\b(?:finish|stop) (?:my|his|her) (?:own )?li(?:fe|ves)\b",
        r"\b(?:think|thinking|thought|thoughts|keep thinking|urges?)\b (?:about|of) (?:die|dying|"
        r"death|being dead|not being here|not waking up|driving (?:off|into)|jumping (?:off|from|"
        r"in front)|crashing (?:the|my) car|walking into traffic|stepping in front)\b",
        r"\bhow many\b[^.?!]{0,30}?\b(?:would it take|does it take|would i need|to take|it takes)"
        r" to (?:just )?(?:not wake up|die|kill|end it|never wake|sleep forever|not be here)\b",
        # "got a month of baclofen and a bottle of vodka and tonight's the night, just tell me
        # if it'll be painless" (set AB)
        r"\b(?:if|whether) it(?:'ll| will| would|'d) be painless\b|"
        r"\btonight'?s the night\b(?! (?:of|for)\b)(?=[^.?!]{0,60}?\b(?:baclofen|tablets|pills|"
        r"vodka|whisky|gin|painless|goodbye|end it)\b)|"
        r"\b(?:a|one|two|\d+) (?:month|months|week|weeks)'?s? (?:worth )?of (?:baclofen|tablets|"
        r"pills)\b[^.?!]{0,30}?\b(?:and|with) (?:a|the|some) (?:bottle|litre|liter) of\b",
        # "earlier he said he 'won't be a problem for much longer'" (set AB)
        r"\b(?:won't|will not|wont) be (?:a problem|a burden|around|here|your problem) (?:for )?"
        r"(?:much longer|for long|anymore|any more|soon)\b",
        r"\bhow many\b[^.?!]{0,30}?\b(?:would|will|to|could) kill (?:me|you|a person|someone|"
        r"myself)\b",
        # asking how it would feel to take a lot (set M): "if it's painful if you take a lot"
        r"\b(?:painful|painless|hurt|hurts|suffer|peaceful)\b[^.?!]{0,20}?\b(?:if|when) "
        r"(?:you|i|someone|a person|one) (?:take|took|takes|swallow|swallowed|swallows)\b"
        r"[^.?!]{0,15}?\b(?:a lot|lots|loads|too many|them all|all of them|the lot|the whole|"
        r"a whole|a bunch|enough|the rest|every one|all)\b",
        # goodbye letters (set M): "wrote letters to my family last night"
        r"\b(?:wrote|written|writing|write|left|leaving|leave)\b (?:a |some |my )?(?:goodbye|"
        r"farewell|suicide|last|final) (?:notes?|letters?|messages?)\b|"
        r"\b(?:wrote|written|writing|write)\b (?:some )?(?:letters|notes|goodbyes?|a letter|"
        r"a note) (?:to|for) (?:my|the|each of my|all my|everyone in my) (?:kids|children|family|"
        r"wife|husband|partner|mum|mom|dad|parents|loved ones|boys|girls|sons?|daughters?)\b"
        r"(?![^.?!]{0,30}?\b(?:christmas|birthday|thank|holiday|card|pen ?pal|school))",
    ],
}

CONTEXT_PATTERNS: Dict[str, List[str]] = {
    # a normal temperature reported (set G: "it's warm too, but my temperature is normal,
    # 36.7"): not a sign, and it says the sign-like words of the message are not a fever
    # a figure of speech with a danger word in it (set I: "took my breath away how fast
    # the pump sorted my spasms"): no sign, whatever the classifiers hear
    "figure_of_speech": [
        # set AE: a sign word in a name ("a band called Seizure Salad")
        r"\b(?:band|group|song|album|track|film|movie|book|novel|show|series|game|podcast|pub|"
        r"bar|shop|cafe|horse|boat|play|poem|brand|drink|cocktail|meme|team|quiz team|choir|"
        r"channel|account|blog) (?:is |was |'s )?(?:called|named|titled) "
        r"[\"'\u201c]?[\w'-]+(?: [\w'-]+){0,2}",
        # a sign word naming a topic, a scene or a seizure of goods, not a person's sign
        # (set AE: "a baclofen overdose scene", "overdose awareness day", "customs seizure
        # notice", "is baclofen dangerous in overdose")
        r"\b(?:overdoses?|seizures?|epilepsy|suicide|fainting|anaphylaxis|allergy)\b (?:awareness|"
        r"prevention|scenes?|notices?|training|course|posters?|leaflets?|campaign|statistics|"
        r"stats|charity|fundraiser|first aid)\b|"
        r"\b(?:customs|border|police|drugs?|parcel|package|import) seizures?\b|"
        r"\bin overdose\b",
        # "left me breathless, in the best way!" (set AE): awe, not a sign
        r"\b(?:left|leaves|leaving|made|makes|took) (?:me|us|him|her) (?:a bit |quite |completely |"
        r"totally )?breathless\b(?=[^.?!]{0,25}?\b(?:in the best way|in a good way|in a nice way|"
        r"wow|beautiful|stunning|gorgeous|amazing|lovely)\b)|"
        r"\b(?:view|views|scenery|sunset|sight)\b[^.?!]{0,30}?\b(?:left|leaves|made|makes) "
        r"(?:me|us) breathless\b",
        # "I must be hallucinating: the pharmacy had it ready on time for once!" (set AE)
        r"\b(?:i|i'm|we) must be (?:hallucinating|dreaming|seeing things)\b(?=[^.?!]{0,70}?"
        r"\b(?:for once|actually|finally|on time|for a change|miracle)\b)",
        # "I keep everything locked up" (set AE): tablets stored, not a body locking up
        r"\b(?:keep|keeps|kept|keeping|store|stores|stored|lock|locks)\b (?:everything|it all|"
        r"them|all of it|all medicines?|the (?:tablets|pills|meds|medicines?|bottles?)|(?:my|his|"
        r"her|our|all (?:my|the|our)) (?:tablets|pills|meds|medicines?))(?: \w+)? locked (?:up|"
        r"away)\b",
        # "crying with laughter ... I honestly couldn't breathe for a minute" (set AE)
        r"\b(?:crying with laughter|cried with laughter|in stitches|creased up|laughing so hard|"
        r"laughed so hard|laughing so much|laughed so much|howling with laughter)\b[^?!]{0,80}?"
        r"\b(?:couldn't|could not|can't|cannot) (?:breathe|catch (?:my|his|her) breath)\b",
        # "this paperwork makes me want to scream and pass out" (set Q)
        r"\b(?:makes?|made|making) me want to (?:scream|cry|pass out|faint|explode|throw up|"
        r"tear my hair out)\b",
        r"\bnot literally\b|\bfiguratively\b|\bmetaphorically\b",
        # a machine "had a seizure" (set AD: "my printer just had a seizure and ate my form")
        r"\b(?:printer|computer|laptop|pc|phone|mobile|car|engine|van|boiler|washing machine|"
        r"dishwasher|tv|telly|router|wi-?fi|internet|app|website|system|scanner|kettle|"
        r"microwave|fridge|freezer|hoover|hard drive|server|sat ?nav|till|card machine)\b"
        r"(?: (?:at|in|on|of) (?:the|my|our|work|home)(?: \w+)?)? (?:just |has |has just |had |is |"
        r"'s |keeps |kept )*(?:had|having|has|thrown|throwing|"
        r"threw|have) (?:a |another |some sort of |a bit of a |a full )?(?:seizure|fit|meltdown|"
        r"heart attack|stroke|breakdown|wobbly)\b",
        # spluttering a drink at something read or heard (set AD: "Choking on my coffee
        # reading the leaflet, it's so long!"): surprise, not a blocked airway
        r"\b(?:choked|choking|chokes|nearly choked|almost choked|spluttered|spluttering) on "
        r"(?:my|his|her|the|our) (?:coffee|tea|cuppa|drink|water|wine|beer|juice|cornflakes|"
        r"cereal|toast|breakfast)\b(?= (?:reading|when i (?:read|saw|heard)|at (?:the|that|this|"
        r"your)|laughing|while reading|because of|over (?:the|that|this)))",
        # "the wait is enough to give anyone a seizure lol" (set V)
        r"\benough to give (?:anyone|anybody|you|me|us|a saint|someone|somebody|a person|"
        r"the best of us) (?:a |an )?(?:seizure|fit|heart attack|stroke|breakdown|nervous "
        r"breakdown|panic attack|coronary)\b",
        r"\b(?:took|takes|taking) (?:my|his|her|your|our) breath away\b|\bbreath ?taking\b|"
        r"\bbreath of fresh air\b|\b(?:nearly|almost|practically) (?:had|have) a heart attack "
        r"(?:when|at|after|over)\b",
        # "my toddler is so loud I'm losing my mind haha" (set N)
        r"\b(?:driving|drives|drove) (?:me|us) (?:mad|crazy|insane|nuts|up the wall|round the "
        r"bend)\b|\blosing (?:my|our) (?:mind|marbles)\b(?=[^.?!]{0,15}?(?:haha|lol|lmao|"
        r"\U0001f602|\U0001f923))",
    ],
    # the tablets counted and all there (set J): "all 28 are still in the pack"
    "all_accounted": [
        r"\ball (?:\d+ |of (?:them|the tablets|the pills) )?(?:tablets |pills )?(?:are |were )?"
        r"(?:still )?(?:there|"
        r"in the (?:pack|packet|box|bottle|blister|strip)|accounted for)\b|\bnone (?:are |were )?"
        r"missing\b|\bfoil (?:isn't|is not|wasn't|was not) (?:even )?(?:broken|torn|opened)\b",
        # "chewing on the empty box ... there were no tablets in it" (set V)
        r"\bthere (?:were|was) no (?:tablets|pills|medicine|baclofen) (?:left )?in (?:it|the "
        r"box|the packet|the bottle)\b",
    ],
    "normal_temp": [
        r"\b(?:temp|temperature)\b (?:is |was |'s |of |reads? |came back |checked |normal at )?"
        r"(?:still |completely |totally |perfectly |fine and )?(?:normal|fine|ok|okay|"
        r"36(?:\.\d)?|37(?:\.[0-4])?)\b(?! ?(?:\.[5-9]|[5-9]))",
        r"\b(?:normal|no raised) (?:temp|temperature)\b|\b(?:afebrile|apyrexial)\b",
    ],
    "missed_doses": [
        rf"\b(?:missed|forgot|forgotten|skipped|skipping|missing|didn't take|haven't taken|"
        rf"hasn't taken|not taken|haven't had|hasn't had|ran out of|run out of|running out of|"
        rf"out of)\b[^.?!,;]{{0,40}}?\b{_PILLS}\b",
        r"\b(?:no|without) (?:baclofen|tablets|meds|medication)\b[^.?!]{0,15}\b(?:for|since)\b",
        r"\b(?:went|gone|been|going|go|goes|was|is) without\b(?! (?:food|sleep|eating|a drink))",
        r"\b(?:i've|i have|he's|she's|we've|been) (?:been )?out (?:of it )?for "
        r"(?:\d+|a few|a couple of|two|three|four|five|several) (?:days|day)\b",
        r"\b(?:couldn't|could not|can't|cannot|didn't|did not|wasn't able to|unable to|forgot to) "
        r"(?:get|fill|collect|pick up|order|renew)\b[^.?!]{0,20}?\b(?:prescription|repeat|"
        r"tablets|meds|medication|medicine|baclofen|script|refill)\b",
        r"\b(?:prescription|repeat|script)\b[^.?!]{0,20}?\b(?:wasn't|not|isn't|never|hasn't been) "
        r"(?:ready|filled|sent|done|in stock|arrived|come)\b|\b(?:out of stock|none since)\b",
        # "ran out on Monday": in this assistant, running out means the medicine
        r"\b(?:ran|run|running|have run|has run) out\b(?! of (?:time|money|petrol|gas|steam|"
        r"patience|road|ideas|options|space|milk|food|bread))",
    ],
    "stopped": [
        r"\bstop (?:his|her|my|their) (?:baclofen|tablets|meds|medicine|medication)\b",
        r"\b(?:stopped|quit|came off|come off|coming off|stopping|gave up|ceased)\b"
        r"[^.?!]{0,20}?\b(?:baclofen|baclofin|taking|it|them|my (?:meds|tablets|medication|"
        r"medicine)|lioresal|his|her)\b",
        r"\bcold turkey\b",
    ],
    "pump_problem": [
        # "My son has a baclofen pump. His alarm has been going off since this morning." (set X)
        r"\bpump\b[^?!]{0,60}?\b(?:his|her|my|the|its|their) (?:alarm|beeper)\b (?:has been |have "
        r"been |is |keeps |kept |was |started |has started )?(?:going off|beeping|sounding|"
        r"alarming)\b",
        # "nobody checked my pump afterwards, I think it may have stopped" (set P)
        r"\bpump\b[^.?!]{0,40}?\b(?:i think|i reckon|i'm worried|i suspect|seems like|looks like)"
        r" (?:it|the pump)(?:'s| has| may have| might have| must have| could have)? (?:stopped|"
        r"died|failed|packed up|run out|ran out|broken)\b",
        # not "pump and there's no alarm" (set O)
        r"\bpump\b[^.?!]{0,40}?(?<!\bno )(?<!\bnot )(?<!n't )(?<!\bwithout )(?<!\bnever )"
        r"\b(?:ran out|run out|running (?:low|out)|empty|low|beep\w*|"
        r"alarm\w*|stopped|broken|broke|fail\w*|not working|malfunction\w*|overdue|"
        r"late|dead|battery|stalled|stall\w*|not pumping|blocked|flipped|isn't delivering|"
        r"not delivering|(?:run|runs|ran|running|go|goes|going|gone|went|get|gets|got) dry|"
        r"dried up)\b",
        # "I had an MRI yesterday and nobody checked my pump afterwards" (set T)
        r"\bmri\b[^.?!]{0,60}?\b(?:nobody|no one|no-one|not|never|wasn't|hasn't|haven't|didn't)"
        r"\b[^.?!]{0,25}?\bcheck\w*|\b(?:nobody|no one|no-one|not|never)\b[^.?!]{0,15}?"
        r"\bcheck\w* (?:my|the|his|her) pump\b[^.?!]{0,30}?\bmri\b|"
        r"\b(?:couldn't|could not|can't|cannot|wasn't able to|unable to) (?:be )?refill\w*\b|"
        r"\bproblem with (?:the |my |his |her )?(?:port|catheter|pump)\b|"
        # "I couldn't get to my pump refill on Monday", "the pump has a fault", "nobody
        # checked my pump afterwards" (set Z)
        r"\b(?:couldn't|could not|can't|cannot|didn't|did not|wasn't able to|unable to|never) "
        r"(?:get|make it|go|come) (?:to|in for) (?:my|his|her|the|our) (?:pump )?(?:refill|"
        r"top[- ]?up)\b|"
        r"\bpump (?:has|had|'s got|has got|with) (?:a |some )?(?:fault|faults|error)\b|"
        r"\bfaulty pump\b|\bpump (?:is|was) faulty\b|"
        r"\b(?:nobody|no one|no-one|not|never)\b[^.?!]{0,15}?\bcheck\w* (?:my|the|his|her) pump\b"
        r"[^.?!]{0,15}?\b(?:afterwards|after that|after it|since)\b",
        r"\b(?:refill|top[- ]?up)\b[^.?!]{0,60}?\b(?:late|overdue|missed|delayed|"
        r"cancel+ed|postponed|pushed back|pushed (?:to|out|until|past)|put back|moved|"
        r"reschedul\w*|not (?:un)?till|not for|didn't happen|fell through|forgotten|"
        r"supposed to be|meant to be|was due|should have been|on backorder|back ?ordered|"
        r"out of stock|bumped|got bumped|shifted)\b",
        r"\b(?:past|after|beyond) (?:the|my|his|her) (?:pump'?s? )?alarm date\b",
        # "the magnet might have stopped my pump", "my pump refill date was two days ago"
        # (set AC)
        r"\b(?:stopped|switched off|turned off|reset|damaged|knocked out|messed up|interfered "
        r"with|wiped) (?:my|his|her|their|the) pump\b",
        r"\b(?:refill|top[- ]?up) (?:date|due date|day)\b[^.?!]{0,15}?\b(?:was|passed|has passed|"
        r"came and went|went by|has gone by)\b(?:[^.?!]{0,20}?\b(?:ago|yesterday|last "
        r"(?:week|night|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b|"
        r"(?= and| but|[.,;!?]|$))",
        # "was supposed to be refilled on Monday but the appointment got lost" (set V)
        r"\b(?:supposed to be|meant to be|should have been|due to be|was due to be) "
        r"(?:re-?filled|topped up)\b[^.?!]{0,50}?\b(?:but|and|only)\b|"
        r"\b(?:refill|pump|top[- ]?up) appointment (?:got |was |has been |had been )?(?:lost|"
        r"cancel+ed|missed|forgotten|mixed up|never booked|never made)\b",
        r"\b(?:missed|late|overdue|delayed|cancel+ed|postponed|skipped|forgot) (?:\w+ ){0,2}"
        r"(?:refill|pump appointment|top[- ]?up)\b",
        # "more left in the reservoir than the pump said there should be" (set AB): the pump
        # has not been delivering
        r"\b(?:more|less) (?:was |is )?(?:left )?in the (?:reservoir|pump)\b[^.?!]{0,40}?\b(?:than|"
        r"should)\b|"
        # "the refill appointment ... we had to move it to next Friday"; "forgot to tell them
        # about the pump" at an MRI (set AB)
        r"\b(?:refill|top[- ]?up)\b[^.?!]{0,60}?\b(?:move|moved|push|pushed|put|postpone|"
        r"postponed|change|changed) it (?:back |off |to |until |till )|"
        r"\bmri\b[^.?!]{0,60}?\b(?:forgot|didn't|did not|never) (?:to )?tell\w* (?:them|anyone|"
        r"the radiographer|the staff|the hospital) about (?:the|my|his|her) pump\b",
        r"\b(?:catheter|tube|tubing)\b[^.?!]{0,30}?\b(?:kink\w*|problem|moved|disconnected|"
        r"blocked|broken|twisted|snapped|pulled out|came out|shifted|slipped|dislodged|displaced|"
        r"come apart|came apart|coming apart|split|separated|disconnect\w*|fractured|cracked|"
        r"out of place|damaged|leak\w*|revised|revision|replaced|repositioned|re-?sited|redone|"
        r"re-?done)\b",
    ],
    "critical_alarm": [
        r"\b(?:two[- ]tone|2[- ]tone|critical|high[- ]pitched|loud|continuous|constant|"
        r"urgent)\b[^.?!]{0,20}?\b(?:alarm|beep\w*|tones?|noise|sound|buzz\w*|chime|whine)\b",
        r"\bpump\b[^.?!]{0,30}?\b(?:two[- ]tone|2[- ]tone|screaming|shrieking|wailing)\b",
        r"\b(?:long|different|unusual|strange|new|weird)\b[^.?!]{0,15}?\b"
        r"(?:alarm|beep\w*|tones?)\b",
        # "the pump's making a different noise from the hourly beep, a two-tone sort of
        # warble" (set AA)
        r"\bpump\b[^.?!]{0,25}?\b(?:making|makes|made|doing|giving out|gives out) (?:a |an |this |"
        r"that )?(?:different|new|strange|weird|funny|odd|unusual|horrible|awful) (?:\w+ )?"
        r"(?:noise|sound|beep|tone|alarm|chirp)\b|\bwarbl\w*\b",
        r"\b(?:alarm|beep\w*)\b[^.?!]{0,20}?\b(?:sounded|sounds|sound|sounding) (?:different|"
        r"unusual|strange|weird)\b|\b(?:beeping|alarming|bleeping) (?:different|differently|"
        r"funny|weird|strange|oddly)\b",
        # non-native and everyday words (set F): "it make alarm sound different, two sounds"
        r"\b(?:alarm|beep\w*)\b[^.?!]{0,30}?\b(?:two|double|2) "
        r"(?:sounds|noises|notes|tones|beeps)\b|"
        r"\b(?:alarm|beep\w*)\b[^.?!]{0,15}?\b(?:different|not the same) (?:from|than|to) "
        r"(?:normal|usual|before|the usual)\b",
        # "the alarm has been doing the double tone since about 6pm" (set Y)
        r"\b(?:double|dual)[- ](?:tones?|beeps?|alarm)\b",
        # set AE: "beeping in a two-note way since about 1am"
        r"\b(?:alarm\w*|beep\w*|bleep\w*|ping\w*)\b[^.?!]{0,25}?\b(?:two|2|double)[- ]"
        r"(?:notes?|tones?|pitch\w*)\b",
    ],
    "pump_mention": [
        r"\b(?:pump|intrathecal|itb|synchromed|prometra)\b",
        # the pump's catheter operated on (set H: "I had my catheter revised")
        r"\b(?:catheter (?:revis\w*|replace\w*|surgery|operation|op|change)|spinal catheter|"
        r"(?:revised|replaced|new) catheter)\b",
    ],
    "pump_wound": [
        r"\b(?:pump|incision|wound|site|scar|stitches|catheter)\b[^.?!]{0,30}?\b(?:red|"
        r"redder|reddish|pinker|inflamed|redness|warm|hot|swollen|swelling|oozing|draining|leaking|pus|weeping|infected|"
        r"discharge|sore)\b",
        r"\b(?:red|warm|hot|swollen|oozing|draining|infected|weeping|erythema\w*|inflamed)\b"
        r"[^.?!]{0,30}?\b(?:pump|incision|wound|scar)\b",
        r"\b(?:dehiscen\w*|wound (?:has )?(?:opened|gaping|split|come apart|coming apart)|"
        r"(?:incision|scar|stitches) (?:has |have )?(?:opened|split|come apart|coming apart|"
        r"gaping))\b",
    ],
    "wound_drainage": [
        # "the cut for the pump is wet, water comes out and it is yellow" (set Z)
        r"\b(?:cut|wound|scar|incision|stitches|dressing)\b(?: for (?:the|my|his|her) pump)? "
        r"(?:is|are|has gone|'s|keeps getting|keeps) (?:all |very |really )?(?:wet|damp|soggy|"
        r"weeping)\b|\b(?:water|liquid|fluid|stuff|juice) (?:comes|coming|came|is coming|keeps "
        r"coming) out\b(?=[^.?!]{0,40}?\b(?:yellow|green|cloudy|smell\w*|pus)\b)",
        r"\b(?:pump|incision|wound|site|scar|stitches|catheter)\b[^.?!]{0,30}?"
        # "no temp, nothing leaking" (set S)
        r"(?<!nothing )(?<!\bno )(?<!\bnot )(?<!isn't )(?<!without )(?<!\bnor )\b(?:oozing|"
        r"draining|drains?|leaking|pus|weeping|discharge|fluid coming out|gunk|yellow stuff|"
        # the adjectives: "the scar over my pump has been a little weepy" (set AC)
        r"weepy|oozy|leaky|gooey|seepy)\b",
        # a colour left on the dressing of the pump's scar: "The scar over my pump ... There's a
        # bit of yellow on the plaster." (set AC); a cut finger's plaster is not this
        r"\b(?:pump|scar|incision|stitches|catheter)\b[^?!]{0,120}?"
        r"(?<!\bno )(?<!\bnot )(?<!without )\b(?:yellow\w*|green\w*|cream\w*) (?:stuff |gunk |"
        r"stains? |marks? |patch(?:es)? |bits? )?(?:on|staining|soaking into|through) (?:the|my|"
        r"his|her|their|your) (?:plaster|dressing|bandage|gauze|pad)\b",
        r"\b(?:oozing|draining|leaking|weeping|pus)\b[^.?!]{0,20}?\b(?:pump|incision|wound|scar|"
        r"stitches|site)\b",
        r"\b(?:fluid|pus|gunk|liquid|discharge|goo)\b[^.?!]{0,30}?\b(?:seeping|oozing|leaking|"
        r"coming out|draining|dripping)\b",
        r"\b(?:seeping|oozing|leaking|dripping)\b[^.?!]{0,30}?\b(?:dressing|bandage|plaster)\b|"
        r"\bdressing (?:is |was |has )?(?:been )?(?:soaked|wet|stained|soaking)\b|"
        r"\b(?:soaked|soaking|wet) through\b[^.?!]{0,30}?\b(?:discharge|fluid|pus|stuff|gunk)\b|"
        r"\b(?:discharge|fluid|pus|gunk|goo)\b[^.?!]{0,30}?\b(?:dressing|bandage|plaster)\b",
        r"\b(?:wet|damp|soggy|soaked|sticky) (?:patch|spot|bit|area)\b[^.?!]{0,30}?\b(?:dressing|"
        r"bandage|plaster|wound|scar|incision)\b",
        r"\b(?:leaking|oozing|seeping|draining|weeping|dripping) "
        r"(?:some |a bit of |a little |out )?"
        r"(?:cloudy |yellow\w* |green\w* |smelly |clear )?"
        r"(?:fluid|pus|liquid|stuff|gunk|discharge)\b",
        r"\b(?:purulent|pustular|seropurulent|suppurat\w*)\b",
        # "My pump dressing came off in the shower. There was some pus-looking stuff on it."
        # (set AC): the dressing in one sentence, the pus in the next
        r"\b(?:dressing|plaster|bandage|wound|incision|scar|stitches)\b[^?!]{0,60}?"
        r"(?<!\bno )(?<!\bnot )(?<!without )\bpus\b(?!-free)",
        r"\b(?:yellow\w*|green\w*|cloudy|smelly|creamy) (?:stuff|fluid|gunk|discharge|liquid|goo)"
        r" (?:is )?(?:oozing|leaking|seeping|coming|draining|weeping|dripping)\b",
        r"\b(?:pump|scar|wound|incision|site|stitches)\b"
        r"(?:(?!\b(?:no|not|nothing|never|without)\b)[^.?!]){0,40}?\b(?:stuff|fluid|pus|gunk|"
        r"discharge|goo|liquid) (?:is )?(?:coming|leaking|seeping|oozing) out\b",
        r"\b(?:yellow\w*|green\w*|cloudy|smelly|bloody) (?:fluid|stuff|discharge|liquid|gunk)\b"
        r"[^.?!]{0,40}?\b(?:wound|site|scar|shirt|top|dressing|pump|incision)\b",
    ],
    # brief 1 and 6: the 25 mg/5 mL liquid given in the 5 mg/5 mL amount is a 5x overdose
    "strong_liquid": [
        r"\b25 ?mg ?(?:/|per|in|to) ?5 ?ml\b|\b25mg/5ml\b",
        r"\b25 ?(?:mg ?)?(?:over|in) ?5\b(?! ?(?:mins?|minutes|hours|days|years))",
        r"\b(?:strong(?:er)?|higher[- ]strength|wrong[- ]strength|five times)\b[^.?!]{0,20}?\b"
        r"(?:baclofen )?(?:liquid|solution|suspension|bottle|syrup|one)\b",
    ],
    "usual_amount": [
        # set AE: "used the 25mg/5ml bottle for nanas 5mg doses": the usual doses measured
        # from another bottle
        r"\b(?:used|using|use|been using|measured|measuring|gave|given|giving)\b[^.?!]{0,40}?"
        r"\bfor (?:[\w']+ ){1,3}doses?\b",
        r"\b(?:like|same as|as with) the old (?:one|bottle|strength|liquid)\b|"
        r"\bmeasuring it (?:the same|like (?:before|the old|always|usual))\b",
        r"\b(?:same|usual|normal) (?:\d+ ?)?(?:mls?|dose|amount|volume|measure|syringe)\b|"
        r"\bas (?:before|always|usual|normal)\b|\blike (?:always|usual|normal|before)\b|"
        r"\bas (?:if|though) it (?:was|were) the (?:5 ?mg|weaker|normal|usual|old|other)\b|"
        # "measuring it as if it were his old 5 mg/5 mL bottle" (set Y): whose bottle it was
        r"\bas (?:if|though) it (?:was|were|is) (?:his|her|my|their|your|our) (?:old|usual|normal|"
        r"weaker|other|previous|first) (?:\d+ ?mg|bottle|one|liquid|solution|strength)\b|"
        r"\b(?:been giving|been taking|gave|given|giving|give|gives|took|taking|take|takes)\b"
        r"[^.?!]{0,20}?\b\d+ ?mls?\b",
    ],
    "stiff_neck": [
        r"\bneck stiffness\b|\bstiff neck\b|"
        r"\bneck (?:is |feels |has gone |'s )?(?:very |really |so |super |"
        r"quite |extremely |too |all )?stiff\b",
        r"\b(?:can't|cannot|couldn't|unable to|hurts to) (?:bend|move|turn) (?:my |his |her )?"
        r"neck\b|"
        r"\b(?:can't|cannot|couldn't|unable to|hurts to) (?:bend|tilt|move|drop|put) (?:my|his|"
        r"her) head (?:forward|forwards|down)\b|"
        r"\bhurts to (?:look down|bend (?:my |his |her )?(?:head|neck))\b",
        r"\b(?:can't|cannot|couldn't|unable to|hurts to) (?:put|touch|bend|get|bring) (?:my |his |"
        r"her )?(?:chin|head) (?:on|to|down to|onto) (?:my |his |her )?chest\b",
    ],
    "fever": [
        # "took my temperature because I felt shivery and it's high" (set X)
        r"\b(?:temperature|temp)\b[^.?!]{0,50}?\b(?:and it's|it's|it is|it was|which is|and it is) "
        r"(?:really |very |quite |a bit |pretty )?(?:high|up|raised|sky high)\b",
        # "shivering under two blankets" (set Q): shaking with cold while the body burns
        r"\bshivering (?:under|in|beneath) (?:\w+ )?(?:blankets|duvets?|covers|quilts?)\b",
        # "now he very hot": the person, never a wound or the weather ("the site feels hot")
        r"\b(?:he|she|they|i|i'm|he's|she's|he is|she is|his body|her body|my body)\b "
        r"(?:is |are |feels |feel |felt |'s )?(?:very|so|really|burning|boiling) hot\b",
        # "the refill site is hot and red ... I feel hot and achy too" (set AD): the person
        # feels feverish (a wound that is hot stays the wound)
        r"\b(?:i|he|she|they|i'm|he's|she's|i am|he is|she is|they are|they're)\b (?:feel |feels |"
        r"felt |feeling |am |is |are )?(?:really |very |so |all |a bit |quite )?(?:hot and (?:achy|"
        r"shivery|shaky|cold|sweaty|clammy|flu-?ish|fluey|unwell|ill|rough|feverish|weak)|"
        r"(?:achy|shivery|shaky|fluey|flu-?ish) and hot|hot and cold)\b",
        # a person (not a wound) hot to the touch
        r"\b(?:he|she|they|he's|she's|he is|she is|his (?:skin|forehead|head)|her (?:skin|"
        r"forehead|head))\b (?:is |feels |'s |felt )?(?:very |really |so )?hot to (?:the )?touch\b",
        # "she is hot and her body is going stiff" (set G): hot with another sign
        r"\b(?:he|she|they|i|i'm|he's|she's|he is|she is|they are|i am)\b (?:is |are |feels |"
        r"feel |'s )?(?:hot|boiling|burning) (?:and|with)\b[^.?!]{0,30}?\b(?:stiff\w*|rigid\w*|"
        r"sweat\w*|shiver\w*|shak\w*|confused|floppy|clammy|jerk\w*|twitch\w*|spasm\w*)\b",
        # "a temperature", not "my temperature is normal"
        r"\b(?:(?:really |so |super |very )?hot and sweaty|boiling hot|roasting hot|"
        r"fever|feverish|febrile|high temp\w*|temp of|burning up|chills|shivering and hot|"
        r"(?:stiff|sweaty|shaky|shivery|clammy|flushed|floppy|rigid) and (?:very |really |so )?hot|"
        r"fiebre|fi[eè]vre)\b",
        # the words around it are not part of the sign, so "don't have a temperature" is negated
        r"(?:(?<=running )|(?<=got )|(?<=has )|(?<=have )|(?<=had )|(?<=with ))a (?:temperature|"
        r"temp)\b",
        r"\b(?:10[0-5]|3[89])(?:\.\d)? ?(?:°|degrees|deg)? ?(?:f|c)?\b[^.?!]{0,10}"
        r"(?:temp|fever)",
        r"\b(?:temp|temperature|thermometer)\b[^.?!]{0,15}?\b(?:3[89](?:\.\d)?|4[01](?:\.\d)?|"
        r"10[0-5](?:\.\d)?)\b",
        r"\b(?:3[89]\.\d|4[01]\.\d)\b(?: ?(?:°|degrees|deg|c)\b)?",
        r"\b(?:temp|temperature)\b (?:is |'s |was |of |now |reads |read )*37\.[5-9]\b|"
        r"\b(?:temp|temperature)\b (?:is |'s |was |has gone |went )?(?:very |really |quite |so )?"
        r"(?:high|up|raised|through the roof|sky high)\b|\bsweating buckets\b",
    ],
    "spasms_worse": [
        r"\b(?:spasms?|spasticity|stiffness|tightness|cramps?|tone)\b[^.?!]{0,25}?\b"
        r"(?:worse|worsening|increasing|increased|getting bad)\b",
        r"\b(?:legs?|arms?|muscles?|body|back|everything)\b"
        r"(?:(?!\b(?:a bit|a little|slightly|bit|little)\b)[^.?!]){0,30}?\b(?:stiffer|tighter|"
        r"more rigid|locked tight|much tighter|way tighter)\b",
        r"\b(?:legs?|arms?|muscles?|body|back)\b (?:are |is |feel |feels |gone |got |become |"
        r"becomes |became |becoming |getting |going )?(?:(?:very|really|so|super|extremely|"
        r"terribly) )+(?:stiff|tight|rigid)\b",
        # "her body is going stiff", "his legs have gone rigid" (set G)
        r"\b(?:legs?|arms?|muscles?|body|back|whole body)\b (?:is |are |has |have |'s )?"
        r"(?:going|gone|getting|becoming|became|become|went|turning) (?:all )?(?:stiff|rigid)\b",
        r"\b(?:he|she|i|they|he's|she's|i'm|they're|is|am|are) (?:very|really|so|extremely|super|"
        r"terribly) (?:stiff|rigid|tight)\b",
        r"\b(?:more clonus|clonus (?:is )?(?:worse|more|increasing)|legs? (?:are |is )?(?:jumping|"
        r"scissoring|kicking) more|scissoring|(?:jumping|twitching|jerking) more than usual)\b",
        # "my legs are more jumpy than usual" (set Y)
        r"(?<!a bit )(?<!a little )(?<!slightly )(?<!a touch )(?<!a tad )(?<!little bit )"
        r"\b(?:more|much more|a lot more|extra) (?:jumpy|twitchy|jerky|spasmy|kicky)\b|"
        r"\b(?:jumpier|twitchier|jerkier|spasmier) than (?:usual|normal|before|they were)\b",
        # "my legs hurt a lot and they go tight" (set T)
        r"\b(?:legs?|arms?|muscles?|they)\b (?:go|goes|going|get|gets|getting|keep going) "
        r"(?:very |really |so |all )?(?:tight|stiff|rigid|hard)\b",
        # "his legs are going into spasm more than usual" (set S)
        r"\b(?:spasms?|spasming|spastic\w*|stiff\w*|tight\w*|cramp\w*)\b[^.?!]{0,20}?\bmore "
        r"(?:than (?:usual|normal|before|ever)|often)\b",
    ],
    "spasms_bit_worse": [
        r"\b(?:he's|she's|i'm|he is|she is|i am|they're|they are)\b (?:a (?:bit|little|touch)|"
        r"slightly) (?:stiffer|tighter|more stiff|more tight|spasmy)\b",
        r"\b(?:spasms?|spasticity|stiffness|tightness|cramps?)\b[^.?!]{0,15}?\b(?:a (?:bit|little|"
        r"touch)|slightly|bit|little) (?:worse|more|stiffer)\b",
        r"\b(?:legs?|arms?|muscles?|body|back|feet|hands?)\b[^.?!]{0,20}?\b(?:a (?:bit|little|"
        r"touch)|slightly|bit|little) (?:stiffer|tighter|tight|stiff|more tight)\b",
    ],
    "spasms_return": [
        # "my calves are twitching again", "my legs are kicking like they used to before
        # the pump" (set Z)
        r"\b(?:calves|calf|legs?|arms?|muscles?|thighs?|feet|hamstrings?|spasms?)\b (?:are |is |"
        r"keep |have been |has been |'re |'s )?(?:twitching|jerking|jumping|kicking|spasming|"
        r"cramping|tightening|clamping) (?:again|like (?:they|it) used to|like before)\b",
        r"\b(?:spasms?|spasticity|stiffness|tightness|tone)\b[^.?!]{0,25}?\b(?:back|coming back|"
        r"came back|returning|returned|again|creeping (?:back|up))\b",
        r"\b(?:legs?|arms?|muscles?)\b (?:are |is |keep |keeps |have been |has been )?(?:twitching|"
        r"jumping|jerking|spasming)\b",
        r"\b(?:legs?|arms?|muscles?)\b (?:are |is |getting |keep |keeps |have been |has been |"
        r"feel |feels )?(?:really |very |a bit |so )?(?:twitchy|jumpy|jerky)\b",
        r"\b(?:legs?|arms?|muscles?|body)\b (?:are |is |have |has )?(?:starting|started|beginning|"
        r"begun|begin|start) (?:to )?(?:twitch|jump|jerk|spasm|tighten|stiffen)\w*\b",
        r"\b(?:legs?|arms?|muscles?|body|back)\b (?:are |is |keep |keeps |have been |has been )?"
        r"(?:tightening|tensing|stiffening)(?: up)?\b",
        r"\b(?:i'm|i am|he's|he is|she's|she is|they're|keep|keeps)\b (?:all |really |slowly )?"
        r"(?:stiffening|tightening) up\b",
        # "my legs are going into spasm like they used to before the pump" (set AB)
        r"\b(?:going|gone|went|go|goes) into spasms?\b[^.?!]{0,20}?\blike (?:they|it|i|he|she) "
        r"(?:used to|did)\b",
    ],
    "itching": [
        r"\b(?:itch\w*|pruritus|prickly skin)\b",
        r"\b(?:can't|cannot|won't) stop scratching\b|\bscratching non ?stop\b|"
        r"\b(?:keeps?|keep on|been|is|he's|she's|i'm|scratching) scratching\b|\bscratching "
        r"(?:himself|herself|myself|his|her|my) (?:arms|legs|skin|all over)\b",
        r"\bscratching (?:at |away at )?(?:his|her|my|their) (?:arms|legs|skin|tummy|belly|"
        r"stomach|back|chest|body|face|neck)\b|\bscratching (?:all over|everywhere)\b",
    ],
    "tingling": [
        r"\b(?:tingl\w*|pins and needles|prickl(?:y|ing)|prickles)\b",
        # "my legs feel fizzy and tight", "full of angry bees" (set Z)
        r"\b(?:legs?|feet|foot|arms?|hands?|skin|calves|thighs?|body)\b[^.?!]{0,20}?\b(?:fizzy|"
        r"fizzing|buzzy|buzzing|electric|crawling)\b|"
        r"\b(?:full of|like) (?:angry )?(?:bees|wasps|ants)\b",
    ],
    "lightheaded": [r"\blight[- ]?head\w*\b|\b(?:dizzy|dizziness|woozy|faint-?ish)\b"],
    "drowsiness": [r"\b(?:sleepy|drowsy|drowsiness|sleepiness|groggy|dozy|lethargic|sedated)\b"],
    "very_drowsy": [
        r"\b(?:very|really|so|extremely|incredibly|super|too|awfully) (?:drowsy|sleepy|sedated|"
        r"groggy|out of it)\b",
    ],
    "ongoing": [
        r"\b(?:still|getting worse|worse now|right now|happening now|not stopping|"
        r"won't stop|(?<!\bhe )(?<!\bshe )hasn't stopped|keeps happening)\b|"
        # "it's happening again", not "can I start driving again?"
        r"(?<!stop it )(?<!stop this )(?<!prevent it )(?<!from )(?<!avoid it )(?<!stop that )"
        r"\b(?:happening|started|starting|doing it|at it|back|going|it's|he's|she's) again\b",
    ],
    # "should I wait till the GP rings back?", "shall I just wait and see?" (set N): after
    # an emergency earlier in the conversation, the answer is still "seek care now"
    "asks_to_wait": [
        r"\b(?:should|shall|can|could|do) (?:i|we) (?:just )?(?:wait|hold off|leave it|"
        r"sleep it off|see how|hang on|hang fire|give it)\b|\bwait and see\b|"
        # "can I just lie down and see if it passes?" (set V)
        r"\bsee if (?:it|this|that|they|he|she) (?:passes|pass|goes|goes away|settles?|calms? "
        r"down|wears off|eases|improves|gets better|stops)\b|"
        r"\b(?:ok|okay|fine|alright|safe) to wait\b|"
        r"\b(?:ok|okay|fine|alright|safe|all right) if (?:i|we) (?:just )?wait\b|"
        r"\bwait\b[^.?!]{0,12}?\b(?:ok|okay|alright|fine)\s*\?|"
        r"\bwait (?:till|until|for) (?:the |my |his |her )?(?:morning|tomorrow|monday|gp|doctor|"
        r"callback|call back|appointment|clinic)\b",
    ],
    # After an emergency earlier in the conversation (set O), the person puts care off,
    # plays the signs down or turns help down: the answer is still "seek care now".
    # (Read by clinical.turn only when this session has already been escalated.)
    "delays_care": [
        # putting it off: "can it wait till then?", "we'll ring them in the morning"
        r"\b(?:can|could|will|would|should) (?:it|this|that) (?:\w+ )?(?:wait|keep|hold)\b|"
        r"\b(?:i'?ll|we'?ll|i will|we will|i'?m going to|gonna|going to|i can|we can|"
        r"i could|we could|let me|let's|just) (?:just )?(?:wait|hold off|hang on|leave it|"
        r"see how|sleep it off|sleep on it|give it|keep an eye|monitor|watch (?:him|her|it))\b|"
        r"\b(?:ring|call|phone|see|contact|try) (?:them|the \w+(?: \w+)?|my \w+|his \w+|"
        r"her \w+|someone|somebody) (?:then|tomorrow|in the morning|on monday|later|first thing|"
        r"when (?:they|it|the \w+) opens?)\b|"
        r"\b(?:booked|coming|due|arranged|scheduled) (?:for |in )?(?:tomorrow|the morning|"
        r"monday|later|this afternoon|tonight)\b|"
        r"\b(?:till|until|til) (?:the morning|tomorrow|monday|they open|it opens|then)\b|"
        r"\b(?:when|once) (?:i|we) (?:get|pick up|collect) (?:them|my|his|her|the)\b|"
        r"\bsleep (?:it|this) off\b|"
        # "sorry, forget I said that", "I didn't mean it" (set X): waved away, not taken
        # back; after an emergency the answer is still "seek care now"
        r"\b(?:forget|ignore|disregard) (?:i said|what i said|that|my last message|everything i "
        r"said)\b|\bi didn't mean (?:it|that|any of (?:it|that))\b|\b(?:just|only) (?:kidding|"
        r"joking)\b|"
        # "family asked us to hold off calling anyone until they arrive"; "shall I just put
        # him on his side and leave him?" (set R)
        r"\bhold (?:off|back)(?: on)? (?:calling|ringing|phoning|contacting|getting)\b|"
        r"\b(?:asked|told|want|wants|wanted) (?:us|me) (?:not to|to not|to wait)\b|"
        r"\b(?:until|till|til) (?:they|he|she|the family|family|his \w+|her \w+|my \w+) "
        r"(?:arrive|arrives|get here|gets here|come|comes|get back|gets back|is here|are here)\b|"
        r"\b(?:leave|let) (?:him|her|them) (?:be|to sleep|sleep|there|alone|lie)\b|"
        r"\b(?:and|just) leave (?:him|her|them)\b|\bsleep on it\b|"
        # "the pump team can fit me in on Thursday, is that alright?" (set U)
        r"\bfit (?:me|him|her|us|them) in\b|\bsoon enough\b|"
        # "my husband says it's just dry skin" (set T)
        r"\b(?:says|said|thinks|reckons) (?:it'?s|it is|she'?s|he'?s|she is|he is) (?:just|only|"
        r"probably|nothing)\b|"
        # "should I just take an antihistamine and see?", "restart my tablets and wait" (S)
        r"\b(?:take|give|try|use|have|restart|start)\b[^.?!]{0,30}?\band (?:see|wait)\b",
        # playing it down: "he seems totally fine though", "only a bit sleepy", "it's
        # probably just indigestion", "an ambulance feels like overkill"
        r"\b(?:seems?|looks?|feels?|is|he'?s|she'?s|i'?m|they'?re|it'?s) (?:\w+ )?(?:fine|ok|okay|"
        r"alright|all right|normal|better) (?:though|now|really|anyway|tbh|honestly|"
        r"at the moment)\b|"
        r"\b(?:only|just) (?:a (?:bit|little|touch)|slightly|mildly|a little bit) \w+|"
        r"\b(?:that'?s|it'?s|this is) (?:normal|usual) for\b|"
        r"\bprobably (?:just |only |nothing|fine|ok)|\b(?:it'?s|it is) (?:probably |likely )?"
        r"(?:just|only) (?:indigestion|heartburn|wind|a virus|tiredness|stress|anxiety|a cold)\b|"
        r"\b(?:overkill|overreacting|over ?reacting|making a fuss|a fuss over|not that bad|"
        r"not (?:that|so) serious|no big deal|nothing serious)\b|"
        r"\b(?:running|playing|chatting|walking) (?:about|around)\b|"
        # "he does this sometimes when he drinks", "she does get a bit muddled at night"
        r"\b(?:he|she|they|i) (?:does|do|did|gets?|got) (?:this|like this|that) (?:sometimes|"
        r"all the time|a lot|often|when)\b|\b(?:does|do) get (?:a bit |a little |quite |a tad )?"
        r"(?:muddled|confused|mixed up|sleepy|drowsy|like this|like that|funny)\b",
        # turning help down: "I don't want to call anyone", "can you just talk to me",
        # "can I drive myself there"
        r"\b(?:don'?t|do not|doesn'?t|does not|won'?t|will not|wouldn'?t|would rather not|"
        r"rather not|refuses? to|not going to|not gonna) (?:want to |wanna |let me )?(?:call|ring|"
        r"phone|go|bother|wake|trouble|make a fuss|see a doctor|go in|go to)\b|"
        r"\b(?:can|could) you (?:just )?(?:talk to|stay with|chat with|help) me\b|"
        r"\bdrive (?:myself|him|her|them|us)\b|"
        r"\b(?:don't|do not) want to (?:waste|take up) (?:anyone's|your|their|the doctor's|"
        r"people's) time\b|\bgive it (?:an|a|half an|another|a few|an extra) (?:hour|bit|while|"
        r"few hours|day|night|minutes)\b",
    ],
    # The person takes back what we escalated: "no, that was two weeks ago", "no sorry,
    # it happened last week" (after an emergency, a correction, not playing it down)
    "retracts": [
        # "nobody is unwell at the moment", "we're just planning" (set P, set O's scenario)
        r"\b(?:nobody|no one|no-one|none of (?:us|them))(?:'s| is| are)? (?:unwell|ill|sick|poorly|"
        r"in danger|in trouble)\b|\bnothing(?:'s| is) (?:happening|wrong) (?:yet|now|at the "
        r"moment|right now)\b|\b(?:we're|i'm|we are|i am) (?:just|only) (?:planning|asking|"
        r"wondering|curious|checking|preparing|thinking ahead)\b|\bfor future reference\b|"
        r"\b(?:just|only) (?:curious|wondering|asking)\b|\b(?:i )?meant it as a question\b|"
        # "I'm asking because my dad starts it next week and I want to know what to watch
        # for" (set AC): asking ahead of a start
        r"\bi'?m asking because\b[^.?!]{0,40}?\b(?:starts?|starting|will start|is going to start|"
        r"begins?|beginning|is due to start|is about to start)\b|"
        r"\b(?:want|wanted|need|needed|would like|'d like) to know what to (?:watch|look) (?:out )?"
        r"for\b(?=\W*$|[.!?]| before| when| once| if)|"
        r"\bit was (?:just |only )?a question\b|"
        # "sorry wrong chat!! that was meant for my brother" (set AB)
        r"\bwrong (?:chat|person|number|conversation|thread|window)\b|\b(?:that|it) was meant for "
        r"(?:my|someone|somebody)\b|"
        # "EDIT: sorry, I exaggerated, he was just grumpy" (set AA)
        r"\b(?:i|we) (?:exaggerated|was exaggerating|were exaggerating|overreacted|over-reacted|"
        r"got it wrong|misread (?:it|that|him|her|the (?:[\w']+ ){0,2}(?:box|label|bottle|pack|"
        r"packet|chart|dosette|blister|syringe|strip|organiser|organizer|slot)))\b|"
        # set AE: "I took the right one, the spare tablet is still sitting in tomorrow's
        # slot"; "both bottles say 5 mg/5 mL, the pharmacy just changed the label design"
        r"\b(?:i|we|he|she) (?:took|gave|had|used|measured) the right (?:one|dose|tablet|amount|"
        r"bottle|strength|liquid)\b|"
        r"\b(?:they|both|they both|both bottles|both labels|the bottles|the labels)(?: both)? "
        r"(?:say|read|show|are) (?:5 ?mg ?/ ?5 ?ml|5 ?mg in 5 ?ml|5 ?mg per 5 ?ml)\b|"
        r"\bchanged the (?:label|labels|packaging|box|bottle) (?:design|colou?r|look)\b",
        r"^\W*(?:no|nope|nah|sorry|oh no)\b[ ,.!-]*(?:(?:sorry|no|i meant|i mean)[ ,.!-]+)?"
        r"(?:that|it|this)(?:'s| is| was| happened| were)? (?:(?:all |long )?over|not (?:now|today|"
        r"happening)|(?:\w+ ){0,3}(?:ago|last \w+|yesterday|years|before|in 20\d\d))\b|"
        r"\b(?:that|it) (?:was|happened) (?:\w+ ){0,3}(?:ago|last (?:week|month|year|night|time)|"
        r"years back|in 20\d\d)\b|"
        # "it was on tuesday, GP checked me and I've been fine since" (set Y): a weekday
        r"\b(?:that|it) (?:was|happened) (?:on |last |this past |back on )?(?:monday|tuesday|"
        r"wednesday|thursday|friday|saturday|sunday|the weekend|at the weekend|over the "
        r"weekend)\b",
    ],
    # The checks that rule the red flags out, said as normal (set Q): "he's drowsy but he
    # wakes up easily, knows where he is and his breathing is normal"
    "normal_checks": [
        r"\b(?:wakes?|woke|waking) (?:up )?(?:easily|straight away|fine|no problem|when (?:i|we) "
        r"(?:call|say) (?:his|her) name|as soon as (?:i|we) (?:called|call|spoke|said|touched) "
        r"(?:him|her|them|his name|her name))\b|\beasy to (?:wake|rouse)\b|"
        r"\b(?:breathing|breaths?)(?: is| are|'s| seems?| looks?| sounds?)? (?:completely |"
        r"totally |perfectly )?(?:normal|fine|ok|okay|good|steady|regular)\b|"
        r"\bknows? (?:exactly )?(?:where (?:he|she|i|they) (?:is|am|are)|who (?:i am|we are|"
        r"everyone is))\b|\b(?:alert|chatting away|talking normally|making sense|eating and "
        r"drinking)\b|"
        # "She's awake, chatting, ate all her lunch" (set Z)
        r"\b(?:she's|he's|i'm|she is|he is) (?:wide )?awake,? (?:and )?(?:chatting|talking|"
        r"eating|alert)\b|\bate all (?:of )?(?:her|his|my) (?:lunch|dinner|tea|breakfast|food|"
        r"meal)\b|"
        # "she's chatting completely normally", "he's up now, completely normal and making
        # breakfast" (set AA)
        r"\b(?:chatting|talking|speaking|walking|acting|behaving) (?:completely |totally |"
        r"perfectly |quite )?normally\b|"
        r"\b(?:completely|totally|perfectly) normal and (?:making|eating|having|chatting|talking|"
        r"up|walking|watching)\b",
    ],
    # The person said to be well (set Y: "Is that urgent? He's well and there are no
    # alarms"): with no rule sign, the model's urgency alone is asked about, not escalated
    "says_well": [
        r"\b(?:he's|she's|i'm|im|he is|she is|i am|they're|they are|i feel|he feels|she feels)"
        r"(?: otherwise| generally| perfectly| completely| absolutely| totally| really| very)? "
        r"(?:well|fine|ok|okay|alright|all right|grand|his usual self|her usual self|my usual "
        r"self|himself|herself)\b(?!,? (?:until|till|before|up to|then|but|except|apart|other "
        r"than|now|again|at the moment|mostly|ish|sort of|kind of|i think|i guess|just|though))"
        r"(?=[^.?!]{0,40}?\b(?:and )?(?:there (?:are|is|have been|has been) )?no (?:alarms?|"
        r"symptoms|other symptoms|problems|issues|signs)\b)|"
        # "... the side effects they warned me about. Nothing else going on." (set Z)
        r"\bnothing else (?:is )?(?:going on|wrong|happening|to report)\b(?=\s*(?:[.!]|$))",
    ],
    # Tablets that are hard to swallow (set O, set P): a question about taking them, not a
    # swelling throat; the urgency model hears "can't swallow", the rules know the object
    "pill_swallowing": [
        r"\b(?:can't|cannot|couldn't|trouble|hard to|struggles? to|struggled to|struggling to|"
        r"never been able to|difficult to|unable to|not able to|hates?) (?:swallow(?:ing)?|get "
        r"down|getting down) (?:pills|tablets|capsules|(?:big|large|huge|the big|the large) "
        r"(?:tablets|pills|capsules|ones)|the tablets|"
        r"(?:his|her|my|their) (?:tablets|pills))\b",
        # "I find them difficult to swallow owing to their size" (set AB)
        r"\b(?:find|found|finds|finding) (?:them|the tablets|the pills|these|those|it) (?:very |"
        r"rather |quite |a bit )?(?:difficult|hard|tricky|awkward) to swallow\b",
        # "the liquid instead of tablets because they're hard to swallow" (set AD): the
        # tablets, not a throat ("it's hard to swallow" stays the sign)
        r"\b(?:they're|they are|theyre|the tablets are|tablets are|the pills are|pills are|"
        r"these are|those are|the capsules are) (?:so |very |really |quite |a bit |too |rather )?"
        r"(?:hard|difficult|tricky|awkward|big|large) (?:to swallow|to get down)\b",
    ],
    # Asking how to get help (set X: "thanks, what number do I call?"): after an emergency,
    # the answer is "seek care now" again, which says whom to call
    "asks_for_help": [
        r"\b(?:what|which) (?:number|phone number) (?:do|should|shall|can|will) (?:i|we) (?:call|"
        r"ring|dial|phone|use)\b|\bwho (?:do|should|shall|can) (?:i|we) (?:call|ring|phone|"
        r"contact)\b|\bwhere (?:do|should|shall|can) (?:i|we) go\b|\bwhat(?:'s| is) the "
        r"(?:emergency )?number\b",
    ],
    # Help is on its way: "ambulance is coming", "calling 999 now", "we're at A&E"
    "care_arranged": [
        r"\b(?:ambulance|paramedics?|emts?|911|999|112) (?:is |are |has |have )?(?:on (?:its|the|"
        r"their) way|coming|here|arrived|been called|called)\b|"
        r"\b(?:called|calling|rung|rang|ringing|phoned|phoning|dialled|dialed|dialling|dialing)"
        r" (?:999|911|112|an ambulance|the ambulance|emergency services|for an ambulance)\b|"
        r"\b(?:calling|ringing|phoning) (?:them |it |now)|\b(?:ok|okay|right),? (?:calling|"
        r"ringing|going)\b|"
        r"\b(?:we'?re|we are|i'?m|i am|he'?s|she'?s|they'?re) (?:now )?(?:at|in) (?:a&e|a and e|"
        r"the er|er|the ed|hospital|the hospital|emergency|resus)\b|"
        r"\b(?:on (?:our|my) way|heading|going) (?:to|in to) (?:a&e|a and e|the er|er|hospital|"
        r"the hospital|emergency)\b|"
        # "what's the address of the nearest hospital? my partner will drive me" (set V)
        r"\b(?:address|directions|postcode|quickest way|way) (?:of|to|for) (?:the )?(?:nearest |"
        r"closest )?(?:hospital|a&e|a and e|er|emergency department|emergency room)\b|"
        r"\b(?:will|'ll|can|is going to|is gonna|is) (?:drive|driving|take|taking) (?:me|him|her|"
        r"us|them)(?: in| there| to (?:hospital|a&e|the er|the hospital))?\s*(?:[.!?]|$)",
    ],
    "pump_low": [
        r"\b(?:beeps?|beeping|alarm\w*)\b[^.?!]{0,25}?\b(?:once an hour|every hour|hourly)\b",
        r"\b(?:reservoir|battery)\b[^.?!]{0,15}?\b(?:low|running out|nearly empty|empty)\b",
        r"\blow (?:reservoir|battery)\b",
    ],
    # sedative groups (brief section 5): the words live in clinical/vocabulary.py
    **{group: [vocabulary.words_pattern(words)] for group, words in vocabulary.SEDATIVES.items()},
    # "I'm safe", "not going to do anything stupid": the person says they will not harm
    # themselves (a mood message, not an emergency, unless a rule finds a sign)
    "denies_harm": [
        r"\bi'?m (?:safe|not in danger)\b|"
        r"\bnot (?:going to|gonna) do anything (?:stupid|silly|daft)\b|"
        r"\bno (?:thoughts|plans|intention) (?:of|to|about) (?:harming|hurting|killing|ending)\b|"
        r"\bnot suicidal\b|\b(?:would never|wouldn't ever|would not ever|will never|won't ever|"
        r"i'd never|never would) (?:\w+ )?(?:hurt|harm|kill) my ?self\b",
    ],
    "mood_change": [
        r"\b(?:depressed|depression|low mood|very low|hopeless|agitated|agitation|"
        r"mood swings?|anxious all the time|crying all the time)\b",
        # a low mood in everyday words (set G): "withdrawn", "low in herself", "stopped
        # seeing my friends"; self-harm words are the suicidal sign, not this
        r"\b(?:(?<!pressure )(?<!bp )(?<!sugar )(?<!pump )(?<!battery )(?<!reservoir )"
        r"(?<!level )(?<!levels )(?:really|so|very|feeling|feel|feels|felt) (?:low|down|flat)"
        r"(?! (?:blood|bp|on|battery|reservoir))|"
        r"withdrawn|low in (?:him|her|my|them)sel(?:f|ves)|tearful|teary|lost interest in|"
        r"stopped (?:seeing|going out with|talking to) (?:my|his|her|their|any) (?:friends|mates|"
        r"family)|not (?:him|her|my|them)sel(?:f|ves) in (?:mood|spirits)|down in (?:mood|"
        r"spirits|the dumps))\b",
    ],
}

RED_FLAGS = tuple(RED_FLAG_PATTERNS)
CONTEXT_FACTS = tuple(CONTEXT_PATTERNS)


def compile_patterns(table: Dict[str, List[str]]) -> Dict[str, List[Pattern[str]]]:
    """Compile every pattern once (module import time)."""
    return {code: [re.compile(p) for p in patterns] for code, patterns in table.items()}


COMPILED: Dict[str, List[Pattern[str]]] = {
    **compile_patterns(RED_FLAG_PATTERNS),
    **compile_patterns(CONTEXT_PATTERNS),
}
