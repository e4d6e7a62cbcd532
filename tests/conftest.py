"""Shared fixtures.

``stack``: ONE running assistant for the whole test session (action server + Rasa
server with the trained model, on free loopback ports, with a fresh SQLite tracker
store). Tests that use it are marked ``stack`` automatically, so
``pytest -m "not stack"`` runs only the fast tests.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
from chat_client import Chat

from scripts.stack import ROOT, Stack, free_port

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def pytest_collection_modifyitems(items: List[pytest.Item]) -> None:
    for item in items:
        if "stack" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.stack)


def _channel_env() -> Dict[str, str]:
    """Test secrets that switch the messaging channels on (tests/channels/test_env.py).

    Loaded by path: an unrelated package installs a top-level ``tests`` module.
    """
    path = ROOT / "tests" / "channels" / "test_env.py"
    spec = importlib.util.spec_from_file_location("channel_test_env", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.CHANNEL_TEST_ENV)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real assistant, started once per test session."""
    subprocess.run(["bash", str(ROOT / "scripts" / "train.sh")], check=True)
    db = tmp_path_factory.mktemp("tracker") / "tracker.db"
    running = Stack(
        rasa_port=free_port(),
        action_port=free_port(),
        widget_port=free_port(),
        console_port=free_port(),
        tracker_db_url=f"sqlite:///{db}",
        log_dir=ROOT / "test-artifacts" / "logs",
        extra_env={"ACTION_TIMEOUT_SECONDS": "4", **_channel_env()},
        with_widget=False,
        with_console=False,
    )
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def chat(stack: Stack) -> Chat:
    return Chat(stack)


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
