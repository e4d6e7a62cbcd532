"""Helpers for console tests: realistic tracker rows and a running console server.

Conversations are written with Rasa's own ``SQLTrackerStore`` (via our subclass)
and ``rasa.shared.core.events`` classes, i.e. exactly the rows Rasa writes.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

ADMIN = ("admin", "correct horse battery staple")
STAFF = ("nurse.kim", "another long passphrase")
VIEWER = ("read.only", "just looking passphrase")

# the turn shapes used across the tests
Turn = Dict[str, Any]


def rasa_domain():
    from rasa.shared.core.domain import Domain

    return Domain.from_dict(
        {
            "intents": ["greet", "report_side_effect", "request_data_deletion", "affirm"],
            "slots": {
                "disposition": {
                    "type": "any",
                    "influence_conversation": False,
                    "mappings": [{"type": "custom"}],
                },
                "red_flags": {
                    "type": "list",
                    "influence_conversation": False,
                    "mappings": [{"type": "custom"}],
                },
                "conversation_deleted": {
                    "type": "bool",
                    "influence_conversation": False,
                    "mappings": [{"type": "custom"}],
                },
            },
            "actions": ["action_triage", "action_delete_conversation"],
        }
    )


def make_store(url: str):
    from rasa_ext.tracker_store import ManagedSQLTrackerStore

    return ManagedSQLTrackerStore(domain=rasa_domain(), host=url)


def conversation_events(turns: Sequence[Turn], start_ts: float, channel: str = "rest") -> List[Any]:
    """Build Rasa events. Each turn: text, intent, confidence, replies, slots (dict).

    A reply is a text or ``{"text": ..., "custom": {...}, "utter_action": ...}`` (what
    the NLG sends, and the response it came from).
    """
    from rasa.shared.core.events import (
        ActionExecuted,
        BotUttered,
        SessionStarted,
        SlotSet,
        UserUttered,
    )

    ts = start_ts
    events: List[Any] = [
        ActionExecuted("action_session_start", timestamp=ts),
        SessionStarted(timestamp=ts),
        ActionExecuted("action_listen", timestamp=ts),
    ]
    for turn in turns:
        ts += 30
        events.append(
            UserUttered(
                turn["text"],
                intent={
                    "name": turn.get("intent", "report_side_effect"),
                    "confidence": turn.get("confidence", 0.9),
                },
                parse_data={
                    "text": turn["text"],
                    "intent": {
                        "name": turn.get("intent", "report_side_effect"),
                        "confidence": turn.get("confidence", 0.9),
                    },
                    "entities": [],
                },
                input_channel=turn.get("channel", channel),
                timestamp=ts,
            )
        )
        if turn.get("slots"):
            events.append(ActionExecuted("action_triage", timestamp=ts + 1))
            for name, value in turn["slots"].items():
                events.append(SlotSet(name, value, timestamp=ts + 1))
        for reply in turn.get("replies", []):
            if isinstance(reply, dict):
                metadata = (
                    {"utter_action": reply["utter_action"]} if "utter_action" in reply else {}
                )
                events.append(
                    BotUttered(
                        reply["text"],
                        {"custom": reply.get("custom")},
                        metadata=metadata,
                        timestamp=ts + 2,
                    )
                )
            else:
                events.append(BotUttered(reply, timestamp=ts + 2))
        events.append(ActionExecuted("action_listen", timestamp=ts + 3))
    return events


def save_conversation(
    store,
    sender_id: str,
    turns: Sequence[Turn],
    start_ts: Optional[float] = None,
    channel: str = "rest",
) -> None:
    from rasa.shared.core.trackers import DialogueStateTracker

    start_ts = time.time() - 600 if start_ts is None else start_ts
    tracker = DialogueStateTracker.from_events(
        sender_id, conversation_events(turns, start_ts, channel), store.domain.slots
    )
    run_async(store.save(tracker))


def run_async(coro):
    """asyncio.run in a worker thread (Playwright's sync API owns this thread's loop)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def seek_care(text: str, flags: Sequence[str] = ("breathing",)) -> Dict[str, Any]:
    """An emergency reply as the NLG sends it: text plus the custom payload."""
    return {
        "text": text,
        "custom": {"disposition": "emergency", "red_flags": list(flags), "emergency_number": "911"},
    }


EMERGENCY_TURNS = [
    {"text": "hi", "intent": "greet", "confidence": 0.99, "replies": ["Hello! How can I help?"]},
    {
        "text": "I took baclofen and now I can't breathe properly",
        "intent": "report_side_effect",
        "confidence": 0.87,
        "slots": {"red_flags": ["breathing"], "disposition": "emergency"},
        "replies": [
            seek_care("Seek care now: call 911 or go to the nearest emergency department.")
        ],
    },
]
SELF_CARE_TURNS = [
    {
        "text": "I feel a bit sleepy since starting baclofen",
        "intent": "report_side_effect",
        "confidence": 0.93,
        "slots": {"red_flags": [], "disposition": "self_care"},
        "replies": ["Feeling sleepy is common at first. Stand up slowly and avoid driving."],
    }
]
DOCTOR_TODAY_TURNS = [
    {
        "text": "my pump beeps once an hour",
        "intent": "report_side_effect",
        "confidence": 0.81,
        "slots": {"red_flags": [], "disposition": "doctor_today"},
        "replies": ["Please call your pump team today to book a refill."],
    }
]


# ---------------------------------------------------------------- console server


class ConsoleServer:
    def __init__(
        self, tracker_url: str, console_url: Optional[str] = None, **extra_env: str
    ) -> None:
        from pg import free_port

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ)
        self.env.update(
            {
                "RASA_TELEMETRY_ENABLED": "false",
                "TRACKER_DB_URL": tracker_url,
                "CONSOLE_DB_URL": console_url or tracker_url,
                "CONSOLE_PORT": str(self.port),
                "CONSOLE_HOST": "127.0.0.1",
                "PYTHONPATH": str(ROOT),
            }
        )
        self.env.update(extra_env)
        self.proc: Optional[subprocess.Popen] = None

    def cli(self, *args: str, stdin: Optional[str] = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PYTHON, "-m", "console", *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def start(self) -> "ConsoleServer":
        self.log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"console-{self.port}.log", "w")
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "console", "serve"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"console exited: see {self.log.name}")
            try:
                if requests.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError("console did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if getattr(self, "log", None):
            self.log.close()

    def login(self, username: str, password: str) -> requests.Session:
        session = requests.Session()
        page = session.get(self.base + "/login", timeout=10)
        token = csrf_from(page.text)
        resp = session.post(
            self.base + "/login",
            data={"username": username, "password": password, "csrf_token": token},
            allow_redirects=False,
            timeout=30,
        )
        session.last_login_response = resp  # type: ignore[attr-defined]
        return session


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in page"
    return match.group(1)


# ---------------------------------------------------------------- browser + stack


def stack_value(stack: Any, name: str) -> Any:
    """Read a field of the lead's ``stack`` fixture (object attribute or mapping key)."""
    if isinstance(stack, dict):
        return stack[name]
    return getattr(stack, name)


def bot_say(rasa_url: str, sender: str, text: str) -> List[Dict[str, Any]]:
    resp = requests.post(
        rasa_url.rstrip("/") + "/webhooks/rest/webhook",
        json={"sender": sender, "message": text},
        timeout=60,
    )
    resp.raise_for_status()
    return resp.json()


def domain_response_text(name: str) -> str:
    import yaml

    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    return domain["responses"][name][0]["text"]


# ---------------------------------------------------------------- a month of data

FAQ_REPLY = {"text": "Alcohol adds to the sleepiness.", "utter_action": "utter_faq/alcohol"}
DOSE_REPLY = {"text": "Doses go up slowly.", "utter_action": "utter_faq/dosing"}


def seed_month(store, prefix: str, now: float, days: int = 20) -> List[str]:
    """A few conversations on each of ``days`` days: every disposition, FAQ questions,
    fallbacks and two channels, so that the dashboard has something to draw."""
    shapes = [
        (EMERGENCY_TURNS, "socketio"),
        (DOCTOR_TODAY_TURNS, "rest"),
        (SELF_CARE_TURNS, "socketio"),
        (
            [
                {"text": "can I drink wine", "intent": "faq", "replies": [FAQ_REPLY]},
                {"text": "how do doses go up", "intent": "faq", "replies": [DOSE_REPLY]},
                {"text": "qwzx", "intent": "nlu_fallback", "replies": ["Sorry, say again?"]},
            ],
            "socketio",
        ),
    ]
    senders = []
    for day in range(days):
        for n, (turns, channel) in enumerate(shapes[: 1 + (day * 7 + 3) % 4]):
            sender = f"{prefix}-{day}-{n}"
            save_conversation(store, sender, turns, now - day * 86400 - n * 600, channel)
            senders.append(sender)
    return senders
