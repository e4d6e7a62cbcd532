"""socket.io as integrators use it (long-polling), against the running bot."""

from __future__ import annotations

import threading
import uuid
from typing import Any, List

import socketio

EMERGENCY_TEXT = "I can't breathe properly and my lips are swelling"


def is_emergency(message: Any) -> bool:
    return isinstance(message, dict) and message.get("disposition") == "emergency"


class Client:
    """socket.io client collecting bot_uttered messages for one session."""

    def __init__(self, url: str, session_id: str) -> None:
        self.session_id = session_id
        self.messages: List[Any] = []
        self.confirmed = threading.Event()
        self.received = threading.Condition()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("session_confirm", self._on_confirm)
        self.sio.on("bot_uttered", self._on_bot)
        self.sio.connect(url, transports=["polling"], socketio_path="/socket.io")
        self.sio.emit("session_request", {"session_id": session_id})
        assert self.confirmed.wait(20), "no session_confirm"

    def _on_confirm(self, data: Any) -> None:
        assert data == self.session_id
        self.confirmed.set()

    def _on_bot(self, data: Any) -> None:
        with self.received:
            self.messages.append(data)
            self.received.notify_all()

    def say(self, text: str) -> None:
        self.sio.emit(
            "user_uttered",
            {"message": text, "session_id": self.session_id, "metadata": {"source": "test"}},
        )

    def wait_until(self, predicate, timeout: float = 40.0) -> bool:
        with self.received:
            return self.received.wait_for(lambda: predicate(self.messages), timeout)

    def close(self) -> None:
        self.sio.disconnect()


def test_socketio_emergency_sends_text_and_custom_payload(stack):
    """The custom payload arrives as a dict and the turn completes (no TypeError)."""
    number = (stack.env or {}).get("EMERGENCY_NUMBER") or "911"
    client = Client(stack.rasa_url, uuid.uuid4().hex)
    try:
        client.say(EMERGENCY_TEXT)
        client.wait_until(
            lambda ms: any(
                isinstance(m, dict) and m.get("quick_replies") or is_emergency(m) for m in ms
            ),
            timeout=20,
        )
        if not any(is_emergency(m) for m in client.messages):
            client.say("yes")  # the bot asked whether it is happening right now
        assert client.wait_until(
            lambda ms: any(isinstance(m, dict) and m.get("disposition") == "emergency" for m in ms)
        ), client.messages
        texts = [m["text"] for m in client.messages if isinstance(m, dict) and m.get("text")]
        assert texts and texts[0].startswith("Seek care now") and number in texts[0]
        custom = next(m for m in client.messages if m.get("disposition") == "emergency")
        assert custom["emergency_number"] == number and custom["red_flags"]

        # The server is still answering the same session afterwards.
        seen = len(client.messages)
        client.say("hello")
        assert client.wait_until(lambda ms: len(ms) > seen)
    finally:
        client.close()


def test_socketio_session_persists_across_connections(stack):
    session_id = uuid.uuid4().hex
    first = Client(stack.rasa_url, session_id)
    first.say("hello")
    assert first.wait_until(lambda ms: len(ms) > 0)
    first.close()
    # A new connection (page reload) with the same session_id continues the tracker.
    second = Client(stack.rasa_url, session_id)
    try:
        second.say("hello")
        assert second.wait_until(lambda ms: len(ms) > 0)
    finally:
        second.close()
