"""The turn decision table (clinical/turn.py), row by row, without Rasa.

Model probabilities are given directly (MessageAnalysis.urgency), so each row is
tested whatever the trained model says; the rule mentions come from the real
detector.
"""

import pytest

from clinical import red_flags, timing, turn
from clinical.analysis import analyse_message

URGENT_INTENT = "report_urgent_symptom"


def message(text, urgency=None, threshold=0.5, when=None):
    """The real rule analysis of ``text``, with a chosen model probability."""
    base = analyse_message(text)
    return turn.MessageAnalysis(
        mentions=base.mentions,
        timing=when or timing.message_timing(text),
        urgency=urgency,
        threshold=threshold,
    )


def decide(
    *texts,
    urgency=None,
    intent="inform",
    confidence=0.9,
    pending=None,
    in_form=False,
    oversize=False,
    when=None,
):
    messages = [message(t) for t in texts[:-1]] + [message(texts[-1], urgency, when=when)]
    return turn.decide(
        turn.TurnInput(
            messages=messages,
            latest_text=texts[-1],
            intent=intent,
            confidence=confidence,
            pending=pending,
            in_form=in_form,
            oversize=oversize,
        )
    )


def test_row1_yes_to_our_question_escalates_with_the_asked_flag():
    decision = decide("I had trouble breathing earlier", "yes", pending="breathing")
    assert (decision.action, decision.row) == (turn.ESCALATE, 1)
    assert decision.red_flags == ("breathing",)


def test_row2_a_current_sign_escalates_whatever_the_classifiers_say():
    decision = decide("she is not breathing", urgency=0.0, intent="greet", confidence=1.0)
    assert (decision.action, decision.row) == (turn.ESCALATE, 2)
    assert decision.red_flags == ("breathing",)


def test_row2_kind_follows_the_sign():
    assert decide("I want to end my life").kind == "suicide"
    assert decide("my toddler swallowed some of my tablets").kind == "overdose"


def test_row3_reassurance_only_after_our_own_question():
    decision = decide("I had trouble breathing earlier", "no it stopped", pending="breathing")
    assert (decision.action, decision.row) == (turn.NOT_NOW, 3)
    assert decision.clear_pending


@pytest.mark.parametrize(
    "text",
    [
        "no trouble breathing, just dizzy",
        "what if I can't breathe?",
        "my grandma had seizures",
    ],
)
def test_row4_model_urgent_but_rules_say_not_now_asks(text):
    decision = decide(text, urgency=0.9)
    assert decision.action == turn.CLARIFY
    assert decision.row in (4, 5)


@pytest.mark.parametrize("when", [timing.EARLIER, timing.RESOLVED, timing.QUESTION])
def test_row5_model_urgent_with_an_explicit_other_timing_asks(when):
    decision = decide("something felt badly wrong with him", urgency=0.9, when=when)
    assert (decision.action, decision.row) == (turn.CLARIFY, 5)
    assert decision.clarify_flag == turn.MODEL_FLAG


def test_row6_model_urgent_in_the_present_escalates_without_any_rule():
    decision = decide("everything feels badly wrong with him", urgency=0.9)
    assert (decision.action, decision.row) == (turn.ESCALATE, 6)
    assert decision.red_flags == (turn.MODEL_FLAG,)


def test_row7_rules_unclear_timing_asks():
    decision = decide("sometimes I get confused")
    assert (decision.action, decision.row) == (turn.CLARIFY, 7)
    assert decision.clarify_flag == "confusion"


def test_row8_confident_urgent_intent_in_the_present_escalates():
    decision = decide("something is badly wrong with her", intent=URGENT_INTENT, confidence=0.95)
    assert (decision.action, decision.row) == (turn.ESCALATE, 8)
    assert decision.red_flags == (turn.INTENT_FLAG,)


def test_row8_needs_the_model_not_to_be_clearly_against():
    decision = decide(
        "something is badly wrong with her", urgency=0.01, intent=URGENT_INTENT, confidence=0.95
    )
    assert decision.action == turn.CLARIFY  # two signals say no, one says yes: ask


def test_row8_a_form_answer_alone_does_not_escalate_on_the_intent():
    decision = decide("it is really severe", intent=URGENT_INTENT, confidence=0.95, in_form=True)
    assert decision.action == turn.CLARIFY


@pytest.mark.parametrize("confidence", [0.3, 0.6])
def test_row9_unsure_urgent_intent_asks_never_silent(confidence):
    decision = decide(
        "something is badly wrong with her", intent=URGENT_INTENT, confidence=confidence
    )
    assert (decision.action, decision.row) == (turn.CLARIFY, 9)


def test_row9_negated_signs_get_safety_netting_not_reassurance():
    decision = decide("no trouble breathing at all", intent=URGENT_INTENT, confidence=0.95)
    assert (decision.action, decision.row) == (turn.WATCH, 9)


def test_row9_urgent_intent_in_the_past_asks():
    decision = decide(
        "something was badly wrong with her last night", intent=URGENT_INTENT, confidence=0.95
    )
    assert decision.action == turn.CLARIFY


def test_row10_doctor_today_outside_the_form_speaks_unless_asked():
    said = decide("I missed two days of tablets and now I'm itchy and tingling")
    assert (said.action, said.row, said.kind) == (turn.DOCTOR_TODAY, 10, "early_withdrawal")
    assert said.speak and said.record_doctor_today
    asked = decide("my pump beeps once an hour, what does that mean?", intent="faq")
    assert asked.action == turn.DOCTOR_TODAY and not asked.speak


def test_row11_too_long_asks_for_a_shorter_message():
    assert decide("a very long story about my week", oversize=True).action == turn.TOO_LONG


def test_row11_an_urgent_sign_beats_the_size_reply():
    assert decide("a long story. now he is not breathing", oversize=True).action == turn.ESCALATE


def test_row12_a_pending_question_answered_otherwise_is_cleared():
    decision = decide(
        "I had trouble breathing earlier", "what is baclofen?", pending="breathing", intent="faq"
    )
    assert (decision.action, decision.row) == (turn.CLEAR_PENDING, 12)


def test_row13_nothing_to_do():
    assert decide("hello", intent="greet").action == turn.NONE


def test_an_old_sign_does_not_re_escalate_a_later_turn():
    assert decide("I can't breathe", "ok, thanks", intent="thank").action == turn.NONE


@pytest.mark.parametrize(
    "text",
    [
        "my grandma had seizures",
        "I had trouble breathing earlier",
        "I'm not confused",
        "what happens if you take too much baclofen?",
        "I had a seizure years ago but I'm fine now",
    ],
)
@pytest.mark.parametrize(
    "intent, confidence", [(URGENT_INTENT, 1.0), (URGENT_INTENT, 0.5), ("inform", 0.9)]
)
@pytest.mark.parametrize("urgency", [None, 0.0, 0.99])
def test_never_reassurance_on_a_first_mention(text, intent, confidence, urgency):
    """Whatever the three signals say, a first mention is never answered 'not now'."""
    decision = decide(text, urgency=urgency, intent=intent, confidence=confidence)
    assert decision.action != turn.NOT_NOW


@pytest.mark.parametrize("text", ["I can't breathe", "he won't wake up", "I took 20 tablets"])
@pytest.mark.parametrize("intent, confidence", [("greet", 1.0), ("faq", 0.99), ("deny", 1.0)])
@pytest.mark.parametrize("urgency", [None, 0.0])
def test_a_present_sign_escalates_whatever_the_classifiers_say(text, intent, confidence, urgency):
    decision = decide(text, urgency=urgency, intent=intent, confidence=confidence)
    assert decision.action == turn.ESCALATE


def test_yes_no_reading_uses_the_intent_only_when_the_words_say_nothing():
    assert turn.read_answer("mm", "affirm", 0.9) is True
    assert turn.read_answer("mm", "affirm", 0.5) is None
    assert turn.read_answer("no", "affirm", 0.99) is False


def test_decision_without_messages_is_none():
    assert turn.decide(turn.TurnInput(messages=[])).action == turn.NONE


def test_mentions_keep_their_sentence():
    mentions = red_flags.analyse("I'm fine. But now I can't breathe.")
    assert [m.sentence for m in mentions if m.code == "breathing"] == [1]


def test_row6_the_model_alone_and_unsure_asks():
    decision = decide("everything feels badly wrong with him", urgency=0.6)
    assert (decision.action, decision.row) == (turn.CLARIFY, 6)


def test_row6_unsure_model_and_urgent_intent_agree_and_escalate():
    decision = decide(
        "everything feels badly wrong with him", urgency=0.6, intent=URGENT_INTENT, confidence=0.6
    )
    assert (decision.action, decision.row) == (turn.ESCALATE, 6)


def test_row5_a_sign_dated_earlier_is_asked_about_even_if_the_model_is_sure():
    decision = decide("I was struggling to breathe earlier this afternoon", urgency=0.99)
    assert decision.action == turn.CLARIFY
    assert decision.clarify_flag == "breathing"


def test_doctor_today_rules_win_over_the_model_when_no_sign_is_named():
    decision = decide(
        "I ran out of baclofen yesterday, I'm itchy and my spasms are coming back, no fever",
        urgency=0.95,
    )
    assert (decision.action, decision.kind) == (turn.DOCTOR_TODAY, "early_withdrawal")


def test_row8_on_a_long_story_the_intent_alone_needs_the_model_to_lean_its_way():
    story = (
        "He has had his pump for years. Last spring it stopped and he was unwell. It was "
        "fixed the same day. What should we check at the next refill?"
    )
    decision = decide(story, urgency=0.1, intent=URGENT_INTENT, confidence=0.99)
    assert decision.action != turn.ESCALATE
    assert decide(story, urgency=0.4, intent=URGENT_INTENT, confidence=0.99).action in (
        turn.ESCALATE,
        turn.WATCH,
        turn.CLARIFY,
    )


def test_row9_a_story_whose_signs_are_all_over_gets_safety_netting():
    decision = decide(
        "In the spring his catheter kinked and he got a fever, and he recovered completely",
        intent=URGENT_INTENT,
        confidence=0.95,
    )
    assert decision.action in (turn.WATCH, turn.CLARIFY)
    assert decision.action != turn.ESCALATE


@pytest.mark.parametrize("answer", ["about 3 days ago", "on my pump", "an hour ago"])
def test_the_model_does_not_judge_short_form_answers(answer):
    base = message(answer, urgency=0.95)
    short = turn.MessageAnalysis(
        mentions=base.mentions,
        timing=base.timing,
        urgency=0.95,
        threshold=0.5,
        words=len(answer.split()),
    )
    decision = turn.decide(
        turn.TurnInput(
            messages=[short], latest_text=answer, intent="inform", confidence=0.9, in_form=True
        )
    )
    assert decision.action == turn.NONE  # the form reads the answer


def test_the_model_alone_ignores_two_word_fragments_outside_the_form():
    frag = turn.MessageAnalysis(urgency=0.99, threshold=0.5, words=2)
    decision = turn.decide(turn.TurnInput(messages=[frag], latest_text="right now"))
    assert decision.action == turn.NONE


def test_row6_an_unsure_model_leaves_a_reported_side_effect_to_the_triage_form():
    decision = decide(
        "baclofen is making me really sleepy",
        urgency=0.7,
        intent="report_side_effect",
        confidence=0.95,
    )
    assert decision.action == turn.NONE
    assert (
        decide(
            "baclofen is making me really sleepy",
            urgency=0.9,
            intent="report_side_effect",
            confidence=0.95,
        ).action
        == turn.ESCALATE
    )
