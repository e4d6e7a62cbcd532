"""Issue 8's failure classes 2 and 5 through the real running bot (REST, new
conversations), in the team's own words: the reply must be "Seek care now" with
custom.disposition == "emergency", on the first message, never reassurance."""

import pytest
from chat_client import Chat, customs, texts


def escalated(replies) -> bool:
    return any(c.get("disposition") == "emergency" for c in customs(replies))


@pytest.mark.parametrize(
    "message",
    [
        # class 2: a missed/stopped dose or a drug mix first, the current sign later
        "we ran out of his tablets on saturday and now he's talking to people who aren't here",
        "had a few whiskies with my baclofen and my breathing's gone all odd",
        "she stopped her baclofen last week, tonight she's burning up and can't think straight",
    ],
)
def test_class2_cause_first_then_sign_escalates_at_once(stack, message):
    replies = Chat(stack).say(message)
    assert escalated(replies), replies
    assert texts(replies)[0].startswith("Seek care now")


@pytest.mark.parametrize(
    "message",
    [
        # class 5: several sentences, mostly past tense, the last ones about now
        "My wife has had MS for ten years and takes baclofen. On Thursday the chemist couldn't "
        "fill her prescription. She went without over the weekend. Since last night she has "
        "been drifting in and out and her words are slurred.",
        "Dad is 82 and lives with us. His doctor put his baclofen up last month. He was a bit "
        "sleepy at first. This afternoon we can barely rouse him and he's breathing very slowly.",
    ],
)
def test_class5_long_narratives_escalate_at_once(stack, message):
    replies = Chat(stack).say(message)
    assert escalated(replies), replies


def test_class2_across_turns_and_the_escalation_is_recorded(stack):
    chat = Chat(stack)
    chat.say("I forgot to pick up my baclofen repeat, none since friday")
    replies = chat.say("now there are ants crawling all over the walls")
    assert escalated(replies), replies
    assert chat.slot("disposition") == "emergency"


def test_a_long_story_that_ends_well_is_not_an_alarm(stack):
    replies = Chat(stack).say(
        "Two years ago I ran out of baclofen and had a seizure. I was treated and have been "
        "fine ever since. Now I always order early. How many days before should I order?"
    )
    assert not escalated(replies), replies
    assert texts(replies)  # never silence
