"""Timing read sentence by sentence (clinical/timing.py)."""

import pytest

from clinical import timing


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I can't breathe", timing.PRESENT),
        ("he won't wake up", timing.PRESENT),
        ("she collapsed", timing.PRESENT),  # no time given: now
        ("help", timing.PRESENT),
        ("I had trouble breathing last night", timing.EARLIER),
        ("sometimes I get confused", timing.EARLIER),
        ("I fainted last week. What's the max dose?", timing.EARLIER),
        ("I had a seizure years ago but I'm fine now", timing.RESOLVED),
        ("He was confused yesterday. He is fine now.", timing.RESOLVED),
        ("I was very drowsy for two weeks but it settled completely", timing.RESOLVED),
        ("can baclofen cause seizures?", timing.QUESTION),
        ("He was confused yesterday. He is still not right.", timing.PRESENT),
        ("He ran out on Friday. Since then he's been in and out of it.", timing.PRESENT),
        ("Is it normal that I can't get any air in right now?", timing.PRESENT),
        ("She stopped her tablets.\nNow she's burning up", timing.PRESENT),
    ],
)
def test_message_timing(text, expected):
    assert timing.message_timing(text) == expected


def test_the_latest_statement_decides_not_a_trailing_question():
    tags = timing.timings(
        "My mum stopped her tablets on Monday. Since then she's been "
        "seeing things. What should I do?"
    )
    assert timing.latest_timing(tags) == timing.PRESENT
    assert timing.story_timing(tags, 0) == timing.PRESENT  # the story goes on


def test_story_timing_of_a_resolved_event():
    tags = timing.timings("I passed out on Saturday. I've been fine since. Can I drive?")
    assert timing.story_timing(tags, 0) == timing.RESOLVED
