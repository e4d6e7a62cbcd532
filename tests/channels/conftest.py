"""Fixtures for the messaging-channel tests: a fake provider cloud on loopback.

Only the providers' outbound APIs are faked (Slack Web API, Twilio Messages API,
Messenger Send API, Telegram Bot API). Webhooks are posted to the real Rasa
server started by the ``stack`` fixture with ``CHANNEL_TEST_ENV``.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_env import CHANNEL_TEST_ENV, FAKE_PROVIDER_PORT  # noqa: E402


@dataclass
class ProviderCall:
    """One request the Rasa server made to a (fake) provider API."""

    provider: str
    path: str
    headers: Dict[str, str]
    body: bytes
    query: Dict[str, List[str]] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body or b"{}")

    def form(self) -> Dict[str, List[str]]:
        return parse_qs(self.body.decode("utf-8"), keep_blank_values=True)


class FakeProviders:
    """Records calls and answers like the real APIs do on success."""

    def __init__(self) -> None:
        self.calls: List[ProviderCall] = []
        self.lock = threading.Lock()

    def record(self, call: ProviderCall) -> None:
        with self.lock:
            self.calls.append(call)

    def wait_for(
        self, predicate: Callable[[ProviderCall], bool], count: int = 1, timeout: float = 30.0
    ) -> List[ProviderCall]:
        """Wait until ``count`` recorded calls match, then return the matches."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                found = [c for c in self.calls if predicate(c)]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.1)

    def settle(
        self, predicate: Callable[[ProviderCall], bool], quiet: float = 1.5, timeout: float = 30.0
    ) -> List[ProviderCall]:
        """Wait for the first match, then until no new match for ``quiet`` seconds."""
        found = self.wait_for(predicate, 1, timeout)
        while True:
            time.sleep(quiet)
            with self.lock:
                now = [c for c in self.calls if predicate(c)]
            if len(now) == len(found):
                return now
            found = now


def _make_handler(store: FakeProviders) -> type:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:  # noqa: N802 (http.server API)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            provider = parts.path.strip("/").split("/")[0]
            store.record(
                ProviderCall(
                    provider, parts.path, dict(self.headers.items()), body, parse_qs(parts.query)
                )
            )
            if provider == "twilio":
                status, answer = 201, {"sid": "SM" + "0" * 32, "status": "queued"}
            elif provider == "facebook":
                status, answer = 200, {"recipient_id": "1", "message_id": "m_1"}
            elif provider == "telegram":
                status, answer = 200, {"ok": True, "result": True}
            else:  # slack
                status, answer = 200, {"ok": True, "channel": "D1", "ts": "1.1"}
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST

    return Handler


@pytest.fixture(scope="session")
def providers() -> FakeProviders:
    """The fake provider cloud, listening where CHANNEL_TEST_ENV points the channels."""
    store = FakeProviders()
    server = ThreadingHTTPServer(("127.0.0.1", FAKE_PROVIDER_PORT), _make_handler(store))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield store
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def channel_stack(stack: Any, providers: FakeProviders) -> Any:
    """The running stack, checked to have the messaging channels switched on."""
    missing = [k for k, v in CHANNEL_TEST_ENV.items() if (stack.env or {}).get(k) != v]
    if missing:
        pytest.fail(
            "The stack fixture did not pass CHANNEL_TEST_ENV to the Rasa server "
            f"(missing: {', '.join(missing)}); see tests/channels/test_env.py."
        )
    return stack


class TrackerDB:
    """Read-only view of the Rasa SQL tracker store used by the stack."""

    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(url)

    def events(self, sender_id: str) -> List[Dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"),
                {"s": sender_id},
            ).fetchall()
        return [dict(json.loads(r[1]), type_name=r[0]) for r in rows]

    def wait_for_user_text(
        self, sender_id: str, text: str, timeout: float = 30.0
    ) -> Optional[Dict[str, Any]]:
        """The stored ``user`` event with this text, once the turn has been saved."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            events = self.events(sender_id)
            users = [e for e in events if e.get("event") == "user" and e.get("text") == text]
            # The turn is complete once a bot utterance follows the user message.
            if users and any(e.get("event") == "bot" for e in events[events.index(users[-1]) :]):
                return users[-1]
            time.sleep(0.25)
        return None


@pytest.fixture(scope="session")
def tracker_db(channel_stack: Any) -> TrackerDB:
    return TrackerDB(channel_stack.tracker_db_url)
