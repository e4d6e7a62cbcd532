"""An emergency still gets "Seek care now" when the action server is down or hangs."""

import socket
import threading
import time

import pytest
from chat_client import Chat, texts


class HangingServer:
    """Accepts connections on a port and never answers (a hung action server)."""

    def __init__(self, port: int) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(16)
        self.conns = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.conns:
            conn.close()


@pytest.fixture
def actions_down(stack):
    stack.stop_service("actions")
    yield
    stack.start_service("actions")


@pytest.fixture
def actions_hanging(stack):
    stack.stop_service("actions")
    server = HangingServer(stack.action_port)
    yield
    server.close()
    stack.start_service("actions")


def timed(chat: Chat, text: str):
    start = time.monotonic()
    replies = chat.say(text, timeout=60)
    return replies, time.monotonic() - start


def test_emergency_with_the_action_server_stopped(stack, actions_down):
    chat = Chat(stack)
    replies, seconds = timed(chat, "I took a whole bottle of baclofen")
    assert texts(replies)[0].startswith("Seek care now")
    assert seconds < 5
    assert chat.slot("disposition") == "emergency"


def test_emergency_inside_the_form_with_the_action_server_hanging(stack):
    chat = Chat(stack)
    chat.say("baclofen makes me dizzy")  # form active, action server still up
    stack.stop_service("actions")
    server = HangingServer(stack.action_port)
    try:
        replies, seconds = timed(chat, "she is having a seizure")
        assert texts(replies)[0].startswith("Seek care now")
        assert seconds < 5
    finally:
        server.close()
        stack.start_service("actions")


def test_ordinary_turn_with_hanging_actions_is_bounded(stack, actions_hanging):
    chat = Chat(stack)
    replies, seconds = timed(chat, "I feel sick on baclofen")  # needs the action server
    assert seconds < 30  # ACTION_TIMEOUT_SECONDS=4 in tests, not Rasa's 300 s
    assert isinstance(replies, list)


def test_ordinary_turn_with_actions_down_says_so_clearly(stack, actions_down):
    chat = Chat(stack)
    replies = texts(chat.say("I feel dizzy since starting baclofen"))
    assert any("something went wrong on my side" in t for t in replies), replies
    assert any(stack.env["EMERGENCY_NUMBER"] in t for t in replies)
