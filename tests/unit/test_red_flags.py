"""The red-flag detector: urgent signs, negation, questions, history, other people,
caregiver voice, context across turns (clinical brief sections 3-6, 8, 10)."""

import pytest

from clinical import red_flags as rf


def decide(*turns: str) -> rf.Assessment:
    return rf.assess([rf.analyse(turn) for turn in turns])


@pytest.mark.parametrize(
    "text, flag",
    [
        ("I can't breathe", "breathing"),
        ("cant breath properly", "breathing"),
        ("he is not breathing", "breathing"),
        ("her breathing is really slow and shallow", "breathing"),
        ("my lips are turning blue", "breathing"),
        ("my husband won't wake up", "severe_drowsiness"),
        ("I can barely stay awake", "severe_drowsiness"),
        ("she is unresponsive", "severe_drowsiness"),
        ("my mum is confused and doesn't know where she is", "confusion"),
        ("his speech is slurred", "confusion"),
        ("I'm seeing things that aren't there", "hallucinations"),
        ("he's hallucinating", "hallucinations"),
        ("she's having a seizure", "seizure"),
        ("my son is fitting", "seizure"),
        ("I just fainted", "fainting"),
        ("he collapsed in the kitchen", "fainting"),
        ("my spasms are suddenly much worse", "severe_spasms"),
        ("his muscles have gone rigid", "severe_spasms"),
        ("my lips and tongue are swelling", "allergic_reaction"),
        ("my throat is closing up", "allergic_reaction"),
        ("I have chest pain", "chest_pain"),
        ("I took 10 tablets by mistake", "overdose"),
        ("my toddler swallowed some of my tablets", "overdose"),
        ("I gave him the 25mg/5ml one instead of the 5mg/5ml by mistake", "overdose"),
        ("I accidentally took a double dose", "overdose"),
        ("I want to kill myself", "suicidal"),
        ("i dont want to be alive anymore", "suicidal"),
        ("no puedo respirar", "breathing"),
    ],
)
def test_urgent_signs_escalate(text, flag):
    result = decide(text)
    assert result.is_emergency, text
    assert flag in result.red_flags


@pytest.mark.parametrize(
    "text",
    [
        "no trouble breathing, just a bit dizzy",
        "I'm not confused, just tired",
        "can baclofen cause seizures?",
        "what if I get confused?",
        "what happens if you take too much baclofen?",
        "is it safe to drink a glass of wine?",
        "I had a seizure years ago but I'm fine now",
        "my dad had a seizure in 1998",
        "what are the warning signs of an overdose",
        "I feel dizzy since starting baclofen",
        "baclofen makes me sleepy",
        "my breathing is fine",
        "I don't have any swelling",
        "how do I know if I'm having an allergic reaction",
        "thanks, that's helpful",
    ],
)
def test_non_urgent_mentions_do_not_escalate(text):
    assert not decide(text).is_emergency, text


@pytest.mark.parametrize(
    "text, flag",
    [
        ("I had trouble breathing earlier", "breathing"),
        ("sometimes I get confused", "confusion"),
        ("my grandma had seizures", "seizure"),
    ],
)
def test_unclear_timing_asks_a_question(text, flag):
    result = decide(text)
    assert result.level == "clarify"
    assert result.clarify_flag == flag


@pytest.mark.parametrize(
    "turns",
    [
        ("I missed my last few doses", "now I have a fever"),
        ("I've stopped taking baclofen", "he is very stiff and rigid"),
        ("his pump ran out yesterday", "he's confused"),
        ("I had a few beers and I'm drowsy", "I can't stay awake"),
        ("my dad has a baclofen pump", "he has a high temperature"),
        ("the pump is making a two-tone alarm", "I'm itchy and tingling"),
    ],
)
def test_context_from_earlier_turns_escalates(turns):
    assert decide(*turns).is_emergency, turns


def test_any_withdrawal_sign_with_a_pump_problem_is_an_emergency():
    # clinical brief 4 and 8 (corrected): suspected pump withdrawal -> seek care now
    result = decide("my pump refill is overdue", "I'm itching and my spasms are coming back")
    assert result.is_emergency
    assert "pump_withdrawal" in result.red_flags


def test_early_withdrawal_after_missed_oral_doses_is_doctor_today():
    result = decide("I forgot my tablets for two days", "now I'm itchy and tingling")
    assert result.level == "doctor_today"
    assert result.kind == "early_withdrawal"


def test_fever_alone_without_missed_doses_or_pump_is_not_an_emergency():
    assert not decide("I have a bit of a fever").is_emergency


def test_old_red_flag_does_not_re_escalate_later_turns():
    assert decide("I can't breathe", "ok, thanks").level is None


def test_overdose_and_suicide_kinds():
    assert decide("I took too many tablets").kind == "overdose"
    assert decide("I want to end my life").kind == "suicide"


def test_intent_syntax_cannot_hide_an_emergency():
    assert decide('/greet{"x": "y"} she is not breathing').is_emergency
    assert decide("/affirm I can't breathe").is_emergency


def test_keyword_fallback_treats_every_match_as_current():
    codes = {m.code for m in rf.keyword_fallback("no trouble breathing")}
    assert "breathing" in codes  # fails towards safety when ConText is unavailable


def test_analyse_falls_back_when_the_pipeline_breaks(monkeypatch):
    def broken(_text):
        raise RuntimeError("spaCy pipeline unavailable")

    monkeypatch.setattr(rf, "_analyse_cached", broken)
    assert rf.assess([rf.analyse("I can't breathe")]).is_emergency


@pytest.mark.parametrize(
    "text, expected",
    [
        ("yes", True),
        ("yeah he is", True),
        ("Yes, right now", True),
        ("still", True),
        ("no", False),
        ("not now", False),
        ("no it stopped", False),
        ("what do you mean?", None),
    ],
)
def test_yes_no(text, expected):
    assert rf.yes_no(text) is expected


# Phrasings written by the team, not taken from the safety suite, to keep the
# lexicon from being tuned to the evaluation set only.
@pytest.mark.parametrize(
    "text",
    [
        "he's barely breathing",
        "she's blue around the lips",
        "I took twice my dose and I can't stay awake",
        "my husband is talking nonsense and seeing things",
        "my face is swelling up",
        "my chest feels really tight and painful",
        "the baby got into my baclofen",
        "I feel like ending it all",
        "he had a fit just now",
        "she collapsed and won't respond",
        "I stopped my baclofen last week, now I have a fever and I'm shaking",
        "help he's not breathing",
        "i think i overdosed",
    ],
)
def test_more_urgent_phrasings(text):
    assert decide(text).is_emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "I took my baclofen an hour late by mistake",
        "I'm still a bit dizzy",
        "I had a glass of wine last night, is that ok?",
        "is it normal to feel tired on baclofen?",
        "I read that baclofen can cause seizures",
        "I'm confused about which bottle is which",
        "I feel a bit faint when I stand up",
        "it's killing me that I can't sleep",
        "thanks, I'll call them now",
        "I want to stop baclofen",
        "I forgot my morning dose",
    ],
)
def test_more_benign_phrasings(text):
    assert not decide(text).is_emergency, text


# Pattern families added after the second safety set's first run, in the team's own
# words (not the set's), so the fixes are tested as families, not strings.
@pytest.mark.parametrize(
    "text",
    [
        "my little girl ate some of my pills",
        "my 4yr old got into the baclofen",
        "he's fiting on the floor",
        "her eyes rolled back and she's jerking and twitching",
        "his face has blown up",
        "she doesn't know what day it is",
        "he's gone grey and clammy",
        "my son said he wants to kill himself",
        "I took my baclofen twice this morning",
        "3 tablets instead of 1 by mistake",
        "mum is staring into space and not answering me",
        "my head is all jumbled and scrambled",
    ],
)
def test_second_set_pattern_families(text):
    assert decide(text).is_emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "is it true it can make you sleepy?",
        "could it make me dizzy when I stand?",
        "I read about an overdose on the news, how do I store it safely?",
        "missed a dose, spasms a little worse, otherwise fine",
        "should I double up after missing a dose?",
    ],
)
def test_second_set_benign_families(text):
    assert not decide(text).is_emergency, text


def test_a_sign_said_hundreds_of_times_keeps_a_bounded_number_of_mentions():
    # the first and the last mentions of each sign are kept: the sign is still found,
    # and the latest sentences still decide its timing
    text = "no fever. " * 300 + "now I have a fever and I'm shaking"
    mentions = rf.analyse(text)
    fevers = [m for m in mentions if m.code == "fever"]
    assert len(fevers) <= rf.MENTIONS_PER_CODE
    assert any(m.current for m in fevers)
    assert not any(m.current for m in rf.analyse("no fever. " * 300))


def test_no_context_phrase_is_a_rule_in_two_categories():
    """Two ConText rules with the same phrase in two categories match the same span, and
    which one wins then depends on the order of the rules: adding an unrelated rule once
    flipped "my seizures are well controlled" from negated to history (set AB). Each
    phrase belongs to one category."""
    categories = {}
    for rule in rf.get_detector()._context.rules:
        categories.setdefault(rule.literal.lower(), set()).add(rule.category)
    assert {phrase: cats for phrase, cats in categories.items() if len(cats) > 1} == {}
