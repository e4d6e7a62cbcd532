"""Conversations survive a restart of the Rasa server (SQL tracker store)."""

from chat_client import Chat, texts


def test_conversation_survives_a_server_restart(stack):
    chat = Chat(stack)
    chat.say("baclofen makes me dizzy")  # triage form starts
    chat.say("mild")
    before = chat.tracker()
    stack.stop_service("rasa")
    stack.start_service("rasa")
    after = chat.tracker()
    assert len(after["events"]) >= len(before["events"])
    assert after["slots"]["severity"] == "mild"
    assert after["active_loop"].get("name") == "side_effect_form"
    # and the conversation carries on where it was (next question: onset)
    replies = chat.say("3 days ago")
    assert any("start baclofen or have your dose increased" in t for t in texts(replies))
