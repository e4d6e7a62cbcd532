"""The safety decision for one user turn: a pure function, tested without Rasa.

Three signals look at every message, and they can disagree:

* the **rules** (``clinical.red_flags``): regex targets + ConText, read sentence by
  sentence: which signs, negated or not, now or earlier, and the combinations of the
  brief (missed doses + fever, pump problem + any withdrawal sign, ...);
* the **urgency model** (``clinical.urgency_model``): a classifier of its own, trained
  on a labelled corpus, that recognises urgency in words the lexicon has none for;
* the **intent classifier** of the NLU (``report_urgent_symptom`` and its confidence).

``decide(TurnInput) -> TurnDecision`` combines them so that the assistant errs
towards the safer answer: a question rather than silence, an escalation rather than
reassurance. The table, first matching row wins ("timing" is ``clinical.timing``'s
reading of the latest sentences; "model urgent" means the model's probability is at
or above its threshold):

| # | situation | decision |
|---|---|---|
| 1 | we asked "right now?" last turn and the answer is yes | ESCALATE |
| 2 | the rules find a current sign or a dangerous combination | ESCALATE |
| 2b | an earlier turn of this session escalated, and the message is still about that emergency: it puts care off, plays the signs down or turns help down ("can it wait till the morning?", "he seems fine though", "I'll sleep it off", "can I drive myself?"), or names a sign or something the model finds urgent, or adds a short detail ("maybe 3. he's 2"); not a question without a sign (its FAQ answer carries a reminder), not a courtesy, not when it says help is coming ("the ambulance is on its way") or a message since took the emergency back ("no, that was two weeks ago") | ESCALATE again with the earlier flags (recorded as row 15) |
| 2c | an earlier turn of this session escalated, nothing since took it back, and the message says help is on its way or being called ("we're calling 999 now", "the ambulance is coming") | HELP_COMING: the emergency advice again, as an acknowledgement (recorded as row 16) |
| 3 | we asked "right now?" last turn and the answer is no | NOT_NOW (the only reassurance) |
| 3c | as 3b with a current pump problem (critical alarm, stopped or empty pump, late refill, catheter; not the hourly low-reservoir beep), in the present, and the urgency model sure (>= 0.85): brief 8 makes any withdrawal sign with a pump problem an emergency, and the sign is likely in words the lexicon lacks | ESCALATE (recorded as row 14) |
| 3b | the rules say doctor today and name no red-flag sign (early withdrawal after missed oral doses, pump alarm, pump wound without fever), outside the form | DOCTOR_TODAY (row 10) |
| 4-6 | (the model speaks only on messages of 4+ words; inside the form on 6+ words and only when sure; neither it nor the intent classifier escalates alone a message that says help is on its way, "the ambulance is coming", with no rule sign) | |
| 4 | model urgent, the signs it may mean are all negated / asked about / someone else's, or, after an escalation, the message takes the alarm back and names no rule sign ("both bottles say 5mg/5ml"); or the model or intent hears urgency, no rule sign, and the person says they are safe ("I'm safe", "not going to do anything stupid"), or speaks of a low mood ("withdrawn", "low in herself") with the model not sure | CLARIFY (for the latter two: "are you having thoughts of harming yourself right now?") |
| 5 | model urgent, timing earlier, resolved or only a question, or the rules read the sign's own timing as unclear | CLARIFY |
| 6 | model urgent, present tense or no time given, and a rule sign, the model sure (>= 0.85) or the intent classifier agreeing | ESCALATE; the model alone and unsure: CLARIFY (a confident "side effect" intent: the triage form, which asks how bad it is) |
| 7 | the rules find a sign whose timing is unclear ("earlier", "sometimes", "had") | CLARIFY |
| 8 | intent urgent and confident, rules find nothing current, present tense or no time, model not clearly against, not a form answer, a message of 1-2 sentences (on a longer story the intent classifier, trained on short messages, escalates only with the model: row 6) | ESCALATE |
| 9 | intent urgent (any confidence), rules find nothing current | CLARIFY, unless every sign mentioned is negated / asked about / over: WATCH |
| 10 | the rules say doctor today (early withdrawal after missed oral doses, pump alarm, pump wound without fever), outside the form | DOCTOR_TODAY (spoken unless the person asked a question) |
| 11 | the message was too long for the NLU | TOO_LONG ("please send a shorter message") |
| 12 | a "right now?" question is pending and the answer is neither yes nor no | CLEAR_PENDING (the other policies answer) |
| 13 | otherwise | NONE |

Never silence, never reassurance on a first mention: WATCH is safety-netting ("if
this happens, seek care now"), and NOT_NOW only follows our own question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence, Tuple

from clinical import red_flags, timing

# Decisions
ESCALATE = "escalate"
CLARIFY = "clarify"
NOT_NOW = "not_now"
WATCH = "watch"
DOCTOR_TODAY = "doctor_today"
HELP_COMING = "help_coming"
TOO_LONG = "too_long"
CLEAR_PENDING = "clear_pending"
NONE = "none"

URGENT_INTENT = "report_urgent_symptom"
SIDE_EFFECT_INTENT = "report_side_effect"
AFFIRM, DENY, FAQ = "affirm", "deny", "faq"
CONFIDENT_INTENT = 0.8  # "the intent classifier is confident" (row 8)
YES_NO_INTENT = 0.7  # affirm/deny counts as an answer to "right now?" from here
QUESTION_INTENT = 0.5  # a FAQ question gets the FAQ answer, not doctor_today advice
# The model is "clearly against" urgency below this fraction of its threshold (row 8).
CLEARLY_NOT_URGENT = 0.35
# The model alone escalates from this probability; between its threshold and this, it
# needs a rule sign or the intent classifier to agree, else the person is asked (row 6).
MODEL_SURE = 0.85
AGREEING_INTENT = 0.5
# The intent classifier learned from short messages: on a long story (this many
# sentences or more) it does not escalate alone (row 8), only with the model (row 6).
LONG_MESSAGE = 3
MODEL_MIN_WORDS = 4  # shorter messages are fragments the model was not trained on
FORM_MODEL_MIN_WORDS = 6  # inside the form, answers are short: the model needs more
# Context words that say nothing about a sign's timing.
_NEUTRAL_FACTS = frozenset(
    {
        "pump_mention",
        "ongoing",
        "asks_to_wait",
        "asks_for_help",
        "delays_care",
        "care_arranged",
        "normal_checks",
        "alcohol",
        "opioid",
        "benzodiazepine",
        "sleeping_pill",
        "antihistamine",
        "antidepressant",
        "cannabis",
        "gabapentinoid",
    }
)

# Causes of withdrawal (missed doses, stopping): denying one is not denying a sign.
_CAUSES = frozenset({"missed_doses", "stopped"})
# Facts that speak against a sign ("my temperature is normal", "it took my breath away"):
# with no sign-like word left in the message, it is all "over" (rows 4, 8, 9).
_REASSURING_FACTS = frozenset(
    {
        "normal_temp",
        "figure_of_speech",
        "all_accounted",
        "retracts",
        "pill_swallowing",
        "says_well",  # "he's well and there are no alarms" (set Y)
    }
)

# Flags recorded when no rule names the sign.
MODEL_FLAG = "urgent_model"  # the urgency model recognised an emergency
INTENT_FLAG = "reported_urgent"  # the intent classifier heard one
EARLIER_FLAG = "earlier_emergency"  # an escalation earlier in the session, flags unknown


@dataclass(frozen=True)
class MessageAnalysis:
    """Everything the decision needs to know about one user message (pure, cacheable)."""

    mentions: Tuple[red_flags.Mention, ...] = ()
    timing: str = timing.PRESENT
    urgency: Optional[float] = None  # the model's P(urgent now); None: model unavailable
    threshold: float = 0.5
    sentences: int = 1
    words: int = 10
    # a what-if or a dose-limit question ("what should I do if she ever swallowed one?"):
    # the model alone does not escalate it (row 5 asks)
    what_if: bool = False

    @property
    def model_urgent(self) -> bool:
        return self.urgency is not None and self.urgency >= self.threshold

    @property
    def model_sure(self) -> bool:
        return self.urgency is not None and self.urgency >= max(MODEL_SURE, self.threshold)

    @property
    def model_clearly_not(self) -> bool:
        return self.urgency is not None and self.urgency < self.threshold * CLEARLY_NOT_URGENT

    @property
    def sign_mentions(self) -> Tuple[red_flags.Mention, ...]:
        return tuple(m for m in self.mentions if m.code in red_flags.lexicon.RED_FLAGS)


@dataclass(frozen=True)
class TurnInput:
    """One user turn: the session's messages (oldest first, the last is now) and state."""

    messages: Sequence[MessageAnalysis]
    latest_text: str = ""
    intent: Optional[str] = None
    confidence: float = 0.0
    pending: Optional[str] = None  # the flag of our "right now?" question, if just asked
    in_form: bool = False
    oversize: bool = False
    # the red flags of an escalation earlier in this session (empty: none yet), and the
    # index in ``messages`` of the message it answered (the latest such escalation)
    emergency_before: Tuple[str, ...] = ()
    emergency_at: int = 0


@dataclass(frozen=True)
class TurnDecision:
    """What to do this turn, and why (``row`` of the table in the module docstring)."""

    action: str
    row: int
    red_flags: Tuple[str, ...] = ()
    kind: str = "general"
    clarify_flag: Optional[str] = None
    record_doctor_today: bool = False  # DOCTOR_TODAY: set the disposition
    speak: bool = True  # DOCTOR_TODAY: say the advice (False: the FAQ answer says it)
    clear_pending: bool = False
    extra: dict = field(default_factory=dict, compare=False)


def read_answer(text: str, intent: Optional[str], confidence: float) -> Optional[bool]:
    """The answer to "is it happening right now?": True, False or None (not an answer)."""
    answer = red_flags.yes_no(text)
    if answer is None and intent in (AFFIRM, DENY) and confidence >= YES_NO_INTENT:
        answer = intent == AFFIRM
    return answer


def _kind(flags: Sequence[str]) -> str:
    if "suicidal" in flags:
        return "suicide"
    if "overdose" in flags:
        return "overdose"
    return "general"


def _escalate(row: int, flags: Sequence[str]) -> TurnDecision:
    unique = tuple(sorted(set(flags)))
    return TurnDecision(ESCALATE, row, red_flags=unique, kind=_kind(unique), clear_pending=True)


def _clarify(row: int, flag: str) -> TurnDecision:
    return TurnDecision(CLARIFY, row, clarify_flag=flag)


def _model_may_speak(latest: MessageAnalysis, in_form: bool) -> bool:
    """The model judges descriptions, not fragments: "on my pump" or "an hour ago" alone
    (a form answer) say nothing it was trained on. Inside the form it must be sure."""
    if latest.words < MODEL_MIN_WORDS:
        return False
    return not in_form or (latest.words >= FORM_MODEL_MIN_WORDS and latest.model_sure)


def _pump_trouble_and_model_sure(latest: MessageAnalysis, all_over: bool) -> bool:
    """A current pump problem (not the hourly low-reservoir beep), said in the present,
    and the urgency model sure of an emergency in the same message (row 3c; outside
    the form)."""
    current = {m.code for m in latest.mentions if m.current}
    return (
        bool(current & red_flags.PUMP_TROUBLE)
        and "pump_low" not in current
        and latest.model_sure
        and _model_may_speak(latest, in_form=False)
        and latest.timing == timing.PRESENT
        and not all_over
    )


# Replies that close a turn politely ("ok", "thanks"): no need to say it all again
# Not "affirm": a bare "yes" or "ok" after "seek care now" confirms the signs or the advice
# (set U: "I got really confused after my baclofen" ... "yes"); it gets "seek care now"
# again, not a reminder with nothing after it.
_COURTESY_INTENTS = frozenset({"thank", "goodbye", "greet", "bot_challenge"})
SHORT_DETAIL = 12  # words: "maybe 3. he's 2", "its stopped now, he's snoring"


def _takes_it_back(message: MessageAnalysis) -> bool:
    """ "No, that was two weeks ago", "nobody is unwell", or the signs told again as over,
    negated or asked about ("she got muddled last month, she's back to normal now", "I
    meant it as a question: can baclofen cause chest pain?")."""
    codes = {m.code for m in message.mentions}
    if "retracts" in codes:
        return True
    signs = message.sign_mentions
    return (
        bool(signs)
        and not codes & {"delays_care", "asks_to_wait"}
        and all(not m.current and not m.unclear for m in signs)
    )


def _help_is_coming(message: MessageAnalysis) -> bool:
    """It says help is coming or being called ("we're calling 999 now"); not when it
    says the opposite ("not calling an ambulance") or asks ("should we call 999?")."""
    return any(
        m.code == "care_arranged" and not m.negated and not m.hypothetical for m in message.mentions
    )


def _turns_help_down(message: MessageAnalysis) -> bool:
    """ "Not calling an ambulance, he'd hate that": help named and refused."""
    return any(m.code == "care_arranged" and m.negated for m in message.mentions)


# An escalation for a pump that beeps (the rules' pump problem, maybe with the classifiers)
_BEEPING_PUMP = frozenset({"pump_problem", MODEL_FLAG, INTENT_FLAG})


def _only_the_hourly_beep(message: MessageAnalysis) -> bool:
    """The hourly low-reservoir beep, and no sign or other pump problem now."""
    current = {m.code for m in message.mentions if m.current}
    return (
        "pump_low" in current
        and not any(m.current for m in message.sign_mentions)
        and not current & red_flags.PUMP_TROUBLE
    )


def _still_in_the_emergency(turn: TurnInput, since: Sequence[MessageAnalysis]) -> bool:
    """After an escalation earlier in this session, the latest message (the last of
    ``since``, the messages after the escalation) is still about that emergency, and
    nothing since says help is coming or takes it back ("no, that was two weeks ago").

    Still about it: the person puts care off, plays the signs down or turns help down; or
    names a sign or something the model finds urgent; or adds a short detail ("maybe 3.
    he's 2"). Not: a question with no sign in it (the FAQ answer comes with a reminder of
    the emergency) or a courtesy ("ok thanks")."""
    if not since:
        return False
    latest = since[-1]
    codes = {m.code for m in latest.mentions}
    if "suicidal" in turn.emergency_before and "retracts" in codes:
        # "sorry, forget I said that" after suicidal words (set X): not taken back
        return True
    if _turns_help_down(latest):
        return True
    if _help_is_coming(latest) or any(_takes_it_back(message) for message in since):
        return False
    if set(turn.emergency_before) <= _BEEPING_PUMP and any(
        _only_the_hourly_beep(message) for message in since
    ):
        # "my pump is beeping" escalated; then "a single slow beep once an hour, no
        # symptoms" (set W): the low-reservoir reminder, doctor today (brief 8), not the
        # emergency any more
        return False
    if (
        "normal_checks" in codes
        and not latest.sign_mentions
        and not codes & {"delays_care", "asks_to_wait"}
        and set(turn.emergency_before) <= {MODEL_FLAG, INTENT_FLAG}
    ):
        # The classifiers alone escalated ("my wife is really sleepy"); the answer is the
        # red-flag checks said normal ("she wakes up easily and chats normally", set T).
        # After a rule sign ("he won't wake up") the same words stay an emergency.
        return False
    if codes & {"delays_care", "asks_to_wait", "asks_for_help"}:
        return True
    text = turn.latest_text.strip()
    if text.endswith("?") and not latest.sign_mentions:
        return False
    if turn.intent in _COURTESY_INTENTS and turn.confidence >= QUESTION_INTENT:
        return False
    if latest.sign_mentions or latest.model_urgent:
        return True
    return latest.words <= SHORT_DETAIL and not turn.in_form


def _help_on_its_way(since: Sequence[MessageAnalysis]) -> bool:
    """The latest message says help is coming or being called, and no message since the
    escalation took the emergency back."""
    return bool(since) and _help_is_coming(since[-1]) and not any(_takes_it_back(m) for m in since)


def _doctor_today(turn: TurnInput, rules: red_flags.Assessment) -> TurnDecision:
    asked = turn.intent == FAQ and turn.confidence >= QUESTION_INTENT
    return TurnDecision(
        DOCTOR_TODAY,
        10,
        kind=rules.kind,
        record_doctor_today=True,
        speak=not asked,
        clear_pending=bool(turn.pending),
    )


def decide(turn: TurnInput) -> TurnDecision:
    """The decision for the latest message (see the table in the module docstring)."""
    if not turn.messages:
        return TurnDecision(NONE, 13)
    latest = turn.messages[-1]
    rules = red_flags.assess([m.mentions for m in turn.messages])
    signs = latest.sign_mentions
    answer = read_answer(turn.latest_text, turn.intent, turn.confidence) if turn.pending else None

    if turn.pending and answer is True and not rules.is_emergency:
        return _escalate(1, [turn.pending])
    if rules.is_emergency:
        return _escalate(2, rules.red_flags)
    if turn.emergency_before and _still_in_the_emergency(
        turn, turn.messages[turn.emergency_at + 1 :]
    ):
        # After "seek care now" earlier in this session, the person asks to wait, plays
        # the signs down or turns help down ("he seems fine though", "can it wait till
        # the GP comes?", "I'll sleep it off"): the answer is still "seek care now".
        return _escalate(15, turn.emergency_before)
    if turn.emergency_before and _help_on_its_way(turn.messages[turn.emergency_at + 1 :]):
        # "shukriya, we're calling 999 now" (set W): acknowledged with the emergency
        # advice (don't drive yourself, take the medicine), never "I didn't understand"
        return TurnDecision(HELP_COMING, 16, red_flags=tuple(turn.emergency_before))
    if turn.pending and answer is False:
        return TurnDecision(NOT_NOW, 3, clear_pending=True)

    def not_now(mentions: Sequence[red_flags.Mention]) -> bool:
        return bool(mentions) and all(
            m.negated or m.hypothetical or m.other_person or m.historical for m in mentions
        )

    explicitly_not_now = not_now(signs)
    # every sign-like word in the message (fever, itching, a pump problem...) is over,
    # or the message only reports a reassuring fact ("my temperature is normal")
    sign_like = [m for m in latest.mentions if m.code not in _NEUTRAL_FACTS | _REASSURING_FACTS]
    # "I haven't missed any doses" says nothing about the signs (set I): causes that are
    # denied do not make the message "over"
    sign_like = [m for m in sign_like if not (m.negated and m.code in _CAUSES)]
    reassured = any(m.code in _REASSURING_FACTS for m in latest.mentions)
    all_over = not_now(sign_like) or (reassured and not sign_like)
    # "both bottles say 5mg/5ml ... I gave her the usual amount" (set AE): after an
    # escalation, a message that takes the alarm back and names no red-flag sign; the
    # model's urgency is about the same words (the liquid, the amount): ask, do not
    # escalate. (Not on a first message: there "that was Sunday" dates a story.)
    all_over = all_over or (
        bool(turn.emergency_before)
        and not signs
        and any(m.code == "retracts" and m.current for m in latest.mentions)
    )
    # "drowsy but he wakes up easily and his breathing is normal": the red flags checked and
    # said to be normal, no red-flag sign named, the model not sure: ask, do not escalate
    checks_normal = (
        not signs
        and not latest.model_sure
        and any(m.code == "normal_checks" for m in latest.mentions)
    )
    all_over = all_over or checks_normal
    urgent_intent = turn.intent == URGENT_INTENT
    says_safe = any(m.code == "denies_harm" for m in latest.mentions)
    low_mood = any(m.code == "mood_change" and m.current for m in latest.mentions)
    if (
        not signs
        and (latest.model_urgent or urgent_intent)
        and (says_safe or (low_mood and not latest.model_sure))
    ):
        # The classifiers hear urgency and no rule names a sign, in a message where the
        # person says they are safe ("no, I'm not going to do anything stupid") or
        # speaks of a low mood (brief 3: contact the doctor; "mum's withdrawn and low in
        # herself"), the model not sure. The danger to rule out is self-harm: ask it
        # directly, never escalate or reassure on their words alone.
        return _clarify(4, "suicidal")
    if rules.level == "doctor_today" and not signs and not turn.in_form:
        if _pump_trouble_and_model_sure(latest, all_over):
            # Brief 8: a pump problem with ANY withdrawal sign is an emergency. The rules
            # found the pump problem but no sign; the model is sure this is urgent. The
            # likely gap is a sign in words the lexicon lacks: the safer answer wins.
            return _escalate(14, ["pump_problem", MODEL_FLAG])
        # The rules know this situation precisely (early withdrawal after missed oral
        # doses, a pump alarm or wound without fever): their advice already says when
        # to seek care now. The model's urgency here is about the same words.
        return _doctor_today(turn, rules)
    # "the ambulance is on its way, what should I bring?": help is coming and no rule
    # names a sign; the classifiers hear the emergency words, there is nothing to add
    help_coming = not signs and _help_is_coming(latest)
    if latest.model_urgent and _model_may_speak(latest, turn.in_form) and not help_coming:
        first_sign = signs[0].code if signs else MODEL_FLAG
        if explicitly_not_now or all_over:
            return _clarify(4, first_sign)
        what_if = latest.what_if and not signs
        if latest.timing != timing.PRESENT or (rules.level == "clarify" and signs) or what_if:
            return _clarify(5, rules.clarify_flag or first_sign)
        if signs or latest.model_sure or (urgent_intent and turn.confidence >= AGREEING_INTENT):
            return _escalate(6, [m.code for m in signs] or [MODEL_FLAG])
        if turn.intent == SIDE_EFFECT_INTENT and turn.confidence >= CONFIDENT_INTENT:
            pass  # a side effect, the model unsure: the triage questions (which ask how
            # bad it is and escalate when severe) come next, not a "right now?" question
        else:
            return _clarify(6, MODEL_FLAG)  # the model alone, not sure: ask, never silence
    if rules.level == "clarify" and rules.clarify_flag:
        return _clarify(7, rules.clarify_flag)

    if (
        urgent_intent
        and turn.confidence >= CONFIDENT_INTENT
        and not help_coming
        and not explicitly_not_now
        and not all_over
        and latest.timing == timing.PRESENT
        and not latest.model_clearly_not
        and not turn.in_form
        and latest.sentences < LONG_MESSAGE
    ):
        return _escalate(8, [m.code for m in signs] or [INTENT_FLAG])
    if urgent_intent and not turn.in_form:
        if explicitly_not_now or all_over or latest.timing == timing.RESOLVED:
            return TurnDecision(WATCH, 9, clear_pending=bool(turn.pending))
        return _clarify(9, signs[0].code if signs else INTENT_FLAG)
    if urgent_intent:  # inside the form: ask rather than let the form carry on
        if not explicitly_not_now and latest.timing != timing.RESOLVED:
            return _clarify(9, signs[0].code if signs else INTENT_FLAG)

    if rules.level == "doctor_today" and not turn.in_form:
        return _doctor_today(turn, rules)
    if turn.oversize:
        return TurnDecision(TOO_LONG, 11, clear_pending=bool(turn.pending))
    if turn.pending:
        return TurnDecision(CLEAR_PENDING, 12, clear_pending=True)
    return TurnDecision(NONE, 13)
