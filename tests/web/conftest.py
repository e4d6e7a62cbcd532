"""Browser-test fixtures: the widget demo server and headless Debian Chromium.

The widget server is started here (on a free port) against the Rasa server of
the session ``stack`` fixture (tests/conftest.py). Screenshots go to
test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest
import requests
from browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, TEST_NUMBER  # noqa: E402

from clinical import settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "console"))
from console_helpers import STAFF, ConsoleServer  # noqa: E402  (a console to look at)

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 360, "height": 740}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {proc.returncode}")
        try:
            if requests.get(url, timeout=1).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {timeout}s")


class Process:
    """A child process (server) with its log file, stopped by pid."""

    def __init__(self, args: List[str], env: Dict[str, str], log_name: str, ready_url: str) -> None:
        log_dir = ROOT / "test-artifacts" / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log = open(log_dir / log_name, "w")
        self.proc = subprocess.Popen(
            args, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        wait_http(ready_url, self.proc)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


def start_widget_server(
    socket_url: str,
    emergency_number: str,
    reply_timeout_ms: Optional[int] = None,
    extra_env: Optional[Dict[str, str]] = None,
) -> tuple:
    port = free_port()
    env = dict(
        os.environ,
        RASA_TELEMETRY_ENABLED="false",
        WIDGET_HOST="127.0.0.1",
        WIDGET_PORT=str(port),
        RASA_SOCKET_URL=socket_url,
        EMERGENCY_NUMBER=emergency_number,
        PYTHONPATH=f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    )
    if reply_timeout_ms:
        env["WIDGET_REPLY_TIMEOUT_MS"] = str(reply_timeout_ms)
    env.update(extra_env or {})
    url = f"http://127.0.0.1:{port}/"
    proc = Process(
        [sys.executable, "-m", "widget.server"], env, f"widget-{port}.log", url + "health"
    )
    return url, proc


@pytest.fixture(scope="session")
def emergency_number(stack) -> str:
    return (stack.env or {}).get("EMERGENCY_NUMBER") or settings.emergency_number()


@pytest.fixture(scope="session")
def widget_url(stack, emergency_number) -> Iterator[str]:
    """Demo page served against the real Rasa server of the stack."""
    rasa = stack.rasa_url.rstrip("/")
    origin_check = requests.get(
        f"{rasa}/socket.io/?EIO=4&transport=polling",
        headers={"Origin": "http://127.0.0.1:1"},
        timeout=10,
    )
    if "Access-Control-Allow-Origin" not in origin_check.headers:
        pytest.fail(
            "The Rasa server sends no CORS headers, so a widget on another origin "
            "cannot reach it: start `rasa run` with --cors '*' (or the site origins)."
        )
    url, proc = start_widget_server(
        rasa, emergency_number, extra_env={"TRACKER_DB_URL": stack.tracker_db_url}
    )
    yield url
    proc.stop()


@pytest.fixture(scope="session")
def offline_widget_url() -> Iterator[str]:
    """Demo page whose Rasa server is down (nothing listens on its port)."""
    url, proc = start_widget_server(f"http://127.0.0.1:{free_port()}", TEST_NUMBER)
    yield url
    proc.stop()


def _fake_bot(*flags: str) -> tuple:
    port = free_port()
    env = dict(
        os.environ,
        RASA_TELEMETRY_ENABLED="false",
        PYTHONPATH=f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    )
    bot = Process(
        [sys.executable, str(Path(__file__).parent / "fake_bot.py"), str(port), *flags],
        env,
        f"fake-bot-{port}.log",
        f"http://127.0.0.1:{port}/webhooks/socketio/",
    )
    return f"http://127.0.0.1:{port}", bot


@pytest.fixture(scope="session")
def silent_widget_url() -> Iterator[str]:
    """Demo page whose server accepts messages but never answers."""
    bot_url, bot = _fake_bot("--silent")
    url, proc = start_widget_server(bot_url, TEST_NUMBER, reply_timeout_ms=3000)
    yield url
    proc.stop()
    bot.stop()


@pytest.fixture(scope="session")
def scripted_db(tmp_path_factory) -> str:
    """The tracker database the scripted bot writes to (SQLite)."""
    return f"sqlite:///{tmp_path_factory.mktemp('scripted') / 'tracker.db'}"


@pytest.fixture(scope="session")
def scripted_widget_url(scripted_db) -> Iterator[str]:
    """Demo page against the scripted bot (tests/web/fake_bot.py), no trained model needed.

    The bot stores its turns in ``scripted_db`` and the widget server stores feedback there.
    """
    bot_url, bot = _fake_bot("--db", scripted_db)
    url, proc = start_widget_server(bot_url, TEST_NUMBER, extra_env={"TRACKER_DB_URL": scripted_db})
    yield url
    proc.stop()
    bot.stop()


@pytest.fixture(scope="session")
def limited_widget_url(scripted_db) -> Iterator[str]:
    """A second widget server with a low feedback rate limit and one allowed foreign origin."""
    bot_url, bot = _fake_bot("--db", scripted_db)
    url, proc = start_widget_server(
        bot_url,
        TEST_NUMBER,
        extra_env={
            "TRACKER_DB_URL": scripted_db,
            "WIDGET_FEEDBACK_PER_MINUTE": "5",
            "WIDGET_FEEDBACK_ORIGINS": "https://clinic.example.org",
        },
    )
    yield url
    proc.stop()
    bot.stop()


@pytest.fixture(scope="session")
def scripted_console(scripted_db):
    """The staff console on the scripted bot's database, with a staff account."""
    server = ConsoleServer(scripted_db)
    result = server.cli(
        "create-user",
        "--role",
        "staff",
        "--username",
        STAFF[0],
        "--password-stdin",
        stdin=STAFF[1] + "\n",
    )
    assert result.returncode == 0, result.stderr
    server.start()
    server.staff = server.login(*STAFF)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian chromium is required: apt-get install -y chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh phone-sized tab; records every request and saves a final screenshot."""
    context = browser.new_context(viewport=PHONE, has_touch=True)
    tab = context.new_page()
    tab.set_default_timeout(30000)
    tab.requests = []  # type: ignore[attr-defined]
    tab.page_errors = []  # type: ignore[attr-defined]
    tab.on("request", lambda r: tab.requests.append(r.url))
    tab.on("pageerror", lambda e: tab.page_errors.append(str(e)))
    yield tab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        tab.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-final.png"), full_page=True)
    finally:
        context.close()
