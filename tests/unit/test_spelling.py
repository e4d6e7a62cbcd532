"""Misspelt sign words are read as the word meant (clinical/spelling.py), and only those."""

import pytest

from clinical import spelling
from clinical.lexicon import normalise


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("fevr", "fever"),  # a letter left out
        ("stif", "stiff"),
        ("confusd", "confused"),
        ("pian", "pain"),  # two letters swapped
        ("siezing", "seizing"),
        ("hallusinating", "hallucinating"),  # a letter changed
        ("vommiting", "vomiting"),  # a letter added
        ("evrythin", "everything"),  # two letters left out of a long word
        ("unresponsve", "unresponsive"),
    ],
)
def test_a_misspelt_sign_word_is_read_as_the_word_meant(typed, meant):
    assert normalise(f"she is {typed} now") == f"she is {meant} now"


@pytest.mark.parametrize(
    "word",
    [
        "ever",  # an English word one letter from "fever" stays
        "pan",
        "fear",
        "respirar",  # the lexicon's own words in another language
        "clonic",  # ... and its clinical words ("tonic clonic")
        "mins",  # ... and its abbreviations
        "checing",  # two letters changed: another word, not "choking"
        "conuted",  # "counted", not "confused"
        "gardenning",  # not near any sign word
    ],
)
def test_english_lexicon_and_far_words_are_left_as_written(word):
    assert normalise(f"i was {word} today") == f"i was {word} today"


def test_a_capitalised_word_inside_a_sentence_is_a_name_and_stays():
    assert normalise("my grandson Fevr is here") == "my grandson fevr is here"
    # all capitals say nothing about names
    assert normalise("I HAVE A FEVR") == "i have a fever"


def test_letters_left_out_win_over_a_changed_letter():
    # "fevr" is one letter from "fever" (left out) and from "fear" (changed)
    speller = spelling.get_speller()
    assert speller.correct("fevr") == "fever"


def test_the_targets_are_sign_words_only():
    speller = spelling.get_speller()
    assert "fever" in speller.targets
    assert "clinic" not in speller.targets  # a lexicon word, but no sign
    assert speller.correct("clinc") is None


def test_without_the_word_list_nothing_changes():
    # no English list (the package missing): no word can be told from a typo, so none
    # is corrected, and the lexicon reads the message as before
    speller = spelling.Speller(["fever"], english=[])
    assert speller.correct("fevr") is None
    assert speller.fix("a fevr since monday") == "a fevr since monday"


def test_the_word_list_answers_membership_like_a_set():
    words = ["fever", "ever", "pan", "zebra", "apple", "stiff"]
    listed = spelling.WordList(words)
    assert len(listed) == len(set(words))
    for word in words:
        assert word in listed
    for word in ["fevr", "", "zzz", "aaaa", "stif", "zebras", 3]:
        assert word not in listed
    assert "anything" not in spelling.WordList([])


def test_the_shipped_english_list_is_read():
    speller = spelling.get_speller()
    assert len(speller.english) > 100_000  # pyspellchecker's list, in the lock
    assert "ever" in speller.english and "fevr" not in speller.english
