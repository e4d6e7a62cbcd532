"""Shared fixtures.

``stack``: ONE running assistant for the whole test session (action server + Rasa
server with the trained model, on free loopback ports, with a fresh SQLite tracker
store). Tests that use it are marked ``stack`` automatically, so
``pytest -m "not stack"`` runs only the fast tests.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import uuid
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import requests

from scripts.stack import ROOT, Stack, free_port

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def pytest_collection_modifyitems(items: List[pytest.Item]) -> None:
    for item in items:
        if "stack" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.stack)


def _channel_env() -> Dict[str, str]:
    """Test secrets that switch the messaging channels on (tests/channels)."""
    try:
        module = importlib.import_module("tests.channels.test_env")
    except ImportError:
        return {}
    return dict(getattr(module, "CHANNEL_TEST_ENV", {}))


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real assistant, started once per test session."""
    subprocess.run(["bash", str(ROOT / "scripts" / "train.sh")], check=True)
    db = tmp_path_factory.mktemp("tracker") / "tracker.db"
    running = Stack(
        rasa_port=free_port(), action_port=free_port(), widget_port=free_port(),
        console_port=free_port(), tracker_db_url=f"sqlite:///{db}",
        log_dir=ROOT / "test-artifacts" / "logs",
        extra_env={"ACTION_TIMEOUT_SECONDS": "4", **_channel_env()},
        with_widget=False, with_console=False,
    )
    running.start()
    try:
        yield running
    finally:
        running.stop()


class Chat:
    """A conversation with the running bot over its REST channel."""

    def __init__(self, stack: Stack, sender: str | None = None) -> None:
        self.stack = stack
        self.sender = sender or f"test-{uuid.uuid4().hex[:12]}"

    def say(self, text: str, timeout: float = 60) -> List[dict]:
        response = requests.post(
            f"{self.stack.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text}, timeout=timeout,
        )
        response.raise_for_status()
        return response.json()

    def tracker(self) -> dict:
        response = requests.get(
            f"{self.stack.rasa_url}/conversations/{self.sender}/tracker",
            params={"token": self.stack.token}, timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def slot(self, name: str):
        return self.tracker()["slots"].get(name)


@pytest.fixture
def chat(stack: Stack) -> Chat:
    return Chat(stack)


def texts(messages: List[dict]) -> List[str]:
    return [m.get("text", "") for m in messages if m.get("text")]


def customs(messages: List[dict]) -> List[dict]:
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
