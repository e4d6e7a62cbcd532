"""How fast are the console's lists and dashboard on many conversations?

Generates N conversations (default 100,000) as Rasa stores them (Rasa's own ``events``
table and row format: user messages with intents and FAQ topics, slots, replies with
``custom.disposition`` payloads, fallbacks, several channels, a year of dates), plus
reviews, labels and patient feedback, then prints:

* the one-off build of the summaries from all events (what a first start after the
  upgrade does in the background), and an incremental refresh after new turns;
* the store's list and dashboard calls, and the same pages over HTTP from a running
  console (median of several requests);
* for comparison, the list as it was computed before the summaries (per request from
  ``events``, the code of commit 722cb60), unless ``--no-baseline``.

    python -m console.bench                      # 100,000 conversations, SQLite in /tmp
    python -m console.bench --conversations 2000 --db-url postgresql://...

Timings depend on the machine's load; compare the figures of one run with each other.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from functools import partial
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import requests
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore

from console import charts, transcripts
from console.config import Settings
from console.store import Store
from storage import engines, tables

ROOT = Path(__file__).resolve().parents[1]
BASELINE_COMMIT = "722cb60"
DAY = 86400.0
CHANNELS = (
    ("socketio", 60),
    ("rest", 20),
    ("twilio", 8),
    ("telegram", 6),
    ("slack", 3),
    ("facebook", 3),
)
TOPICS = (
    "what_is_baclofen",
    "dose",
    "missed_dose",
    "alcohol",
    "driving",
    "stopping",
    "side_effects_common",
    "pregnancy",
    "pump_refill",
    "kidney",
    "overdose",
    "interaction_opioids",
    "older_adults",
    "buying_online",
)
SCENARIOS = (
    ("faq", 45),
    ("self_care", 20),
    ("doctor_soon", 10),
    ("doctor_today", 8),
    ("emergency", 7),
    ("fallback", 5),
    ("greet", 5),
)
FLAGS = ("breathing", "severe_drowsiness", "confusion", "seizure", "overdose", "allergy")
SYMPTOM_TEXT = (
    "baclofen makes me really sleepy",
    "I feel dizzy since the dose went up",
    "my legs feel weak today",
    "I have a headache since starting it",
)


def _pick(rng: random.Random, weighted) -> str:
    names, weights = zip(*weighted, strict=True)
    return rng.choices(names, weights)[0]


class Generator:
    """Rows in the shape Rasa's SQLTrackerStore writes (type_name, intent/action name, JSON)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def _row(self, sender, kind, ts, data, intent=None, action=None):
        data = {"event": kind, "timestamp": ts, "metadata": {}, **data}
        return {
            "sender_id": sender,
            "type_name": kind,
            "timestamp": ts,
            "intent_name": intent,
            "action_name": action,
            "data": json.dumps(data),
        }

    def _user(self, sender, ts, text, intent, channel, topic=None):
        parse = {
            "text": text,
            "intent": {"name": intent, "confidence": 0.91},
            "entities": [],
            "intent_ranking": [{"name": intent, "confidence": 0.91}],
        }
        if topic:
            parse["response_selector"] = {
                "faq": {
                    "response": {
                        "intent_response_key": f"faq/{topic}",
                        "confidence": 0.88,
                        "responses": [{"text": "..."}],
                        "utter_action": f"utter_faq/{topic}",
                    }
                }
            }
        return self._row(
            sender,
            "user",
            ts,
            {
                "text": text,
                "parse_data": parse,
                "input_channel": channel,
                "message_id": uuid.uuid4().hex,
            },
            intent=intent,
        )

    def _action(self, sender, ts, name):
        return self._row(
            sender,
            "action",
            ts,
            {"name": name, "policy": "policy_1_RulePolicy", "confidence": 1.0},
            action=name,
        )

    def _bot(self, sender, ts, text, custom=None, utter=None):
        data = {
            "text": text,
            "data": {
                "elements": None,
                "quick_replies": None,
                "buttons": None,
                "attachment": None,
                "image": None,
                "custom": custom,
            },
        }
        row = self._row(sender, "bot", ts, data)
        if utter:
            payload = json.loads(row["data"])
            payload["metadata"] = {"utter_action": utter}
            row["data"] = json.dumps(payload)
        return row

    def _slot(self, sender, ts, name, value):
        return self._row(sender, "slot", ts, {"name": name, "value": value}, action=name)

    def conversation(self, sender: str, start: float) -> List[Dict[str, Any]]:
        rng = self.rng
        channel = _pick(rng, CHANNELS)
        scenario = _pick(rng, SCENARIOS)
        ts = start
        rows = [
            self._action(sender, ts, "action_session_start"),
            self._row(sender, "session_started", ts, {}),
            self._action(sender, ts, "action_listen"),
        ]

        def turn(text, intent, replies, slots=(), topic=None, action=None):
            nonlocal ts
            ts += rng.uniform(10, 90)
            rows.append(self._user(sender, ts, text, intent, channel, topic))
            if action:
                rows.append(self._action(sender, ts + 0.1, action))
            for name, value in slots:
                rows.append(self._slot(sender, ts + 0.1, name, value))
            for reply in replies:
                rows.append(self._bot(sender, ts + 0.2, *reply))
            rows.append(self._action(sender, ts + 0.3, "action_listen"))

        turn("hi", "greet", [("Hello! I can help with baclofen questions.",)], action="utter_greet")
        if scenario == "faq":
            for _ in range(rng.randint(1, 3)):
                topic = rng.choice(TOPICS)
                turn(
                    f"question about {topic.replace('_', ' ')}",
                    "faq",
                    [(f"An answer about {topic}.", None, f"utter_faq/{topic}")],
                    topic=topic,
                    action="utter_faq",
                )
        elif scenario in ("self_care", "doctor_soon", "doctor_today"):
            turn(
                rng.choice(SYMPTOM_TEXT),
                "report_side_effect",
                [("How bad is it?",)],
                action="side_effect_form",
            )
            for answer in ("mild", "since tuesday")[: rng.randint(1, 2)]:
                turn(answer, "inform", [("Thanks. Next question ...",)])
            turn(
                "no",
                "deny",
                [(f"Advice for {scenario}.", {"disposition": scenario})],
                slots=[("disposition", scenario)],
                action="action_give_disposition",
            )
        elif scenario == "emergency":
            flag = rng.choice(FLAGS)
            turn(
                "my husband took too many tablets and won't wake up",
                "report_side_effect",
                [
                    (
                        "Seek care now. Call the emergency number.",
                        {
                            "disposition": "emergency",
                            "red_flags": [flag],
                            "emergency_number": "999",
                        },
                    )
                ],
                slots=[("red_flags", [flag]), ("disposition", "emergency")],
                action="utter_seek_care_now",
            )
        elif scenario == "fallback":
            for _ in range(rng.randint(1, 2)):
                turn(
                    "asdf qwerty",
                    "nlu_fallback",
                    [("Sorry, I didn't understand.",)],
                    action="utter_please_rephrase",
                )
        return rows


def build(db_url: str, n: int, days: int, seed: int, log: Callable[[str], None]) -> Dict[str, Any]:
    """Create Rasa's events table (Rasa's own model) and fill it; returns counts."""
    # Rasa's own table description: the same columns and sender_id index as production.
    engine = engines.make_engine(db_url)
    SQLTrackerStore.Base.metadata.create_all(engine)
    tables.create_console_tables(engine)
    gen = Generator(seed)
    now = time.time()
    started = time.perf_counter()
    batch: List[Dict[str, Any]] = []
    events_written = 0
    senders: List[Tuple[str, float]] = []
    insert = tables.events.insert()
    for i in range(n):
        sender = f"bench-{i:06d}-{uuid.UUID(int=gen.rng.getrandbits(128)).hex[:8]}"
        start = now - gen.rng.random() * days * DAY
        batch.extend(gen.conversation(sender, start))
        senders.append((sender, start))
        if len(batch) >= 20_000:
            with engine.begin() as conn:
                conn.execute(insert, batch)
            events_written += len(batch)
            batch = []
            if (i + 1) % 20_000 == 0:
                log(f"  {i + 1} conversations, {events_written} events ...")
    if batch:
        with engine.begin() as conn:
            conn.execute(insert, batch)
        events_written += len(batch)
    return {"events": events_written, "seconds": time.perf_counter() - started, "senders": senders}


def review_data(store: Store, senders: List[Tuple[str, float]], seed: int) -> Dict[str, int]:
    """Reviews on escalated conversations, labels (some under-triage) and feedback rows."""
    rng = random.Random(seed + 1)
    engine = store.console_engine
    now = time.time()
    with store.console_engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                tables.conversations.c.sender_id,
                tables.conversations.c.severity,
                tables.conversations.c.first_ts,
            )
        ).fetchall()
    reviews, firsts, labels, feedback = [], [], [], []
    for sender, severity, first_ts in rows:
        if severity >= 3 and rng.random() < 0.6:
            at = min(now, first_ts + rng.uniform(0.2, 72) * 3600)
            reviews.append(
                {
                    "sender_id": sender,
                    "reviewed": True,
                    "reviewed_by": "bench",
                    "reviewed_at": at,
                    "follow_up": False,
                    "updated_at": at,
                }
            )
            firsts.append({"sender_id": sender, "reviewed_at": at, "reviewed_by": "bench"})
        if rng.random() < 0.02:
            expected = rng.choice(transcripts.LABELS)
            labels.append(
                {
                    "sender_id": sender,
                    "expected": expected,
                    "expected_rank": transcripts.LABEL_RANK[expected],
                    "message_event_id": None,
                    "labelled_by": "bench",
                    "labelled_at": first_ts + 3600,
                }
            )
        if rng.random() < 0.05:
            feedback.append(
                {
                    "sender_id": sender,
                    "message_ref": uuid.uuid4().hex,
                    "event_id": None,
                    "helpful": rng.random() < 0.75,
                    "comment": None,
                    "created_at": first_ts + 60,
                    "updated_at": first_ts + 60,
                }
            )
    with engine.begin() as conn:
        for table, values in (
            (tables.reviews, reviews),
            (tables.first_reviews, firsts),
            (tables.labels, labels),
            (tables.feedback, feedback),
        ):
            for start in range(0, len(values), 10_000):
                conn.execute(table.insert(), values[start : start + 10_000])
    return {"reviews": len(reviews), "labels": len(labels), "feedback": len(feedback)}


def add_turns(db_url: str, senders: List[Tuple[str, float]], count: int, seed: int) -> int:
    """``count`` new conversations of today (what arrives between two page loads)."""
    gen = Generator(seed + 2)
    rows: List[Dict[str, Any]] = []
    for i in range(count):
        rows.extend(gen.conversation(f"bench-new-{seed}-{i}", time.time() - 60))
    with engines.make_engine(db_url).begin() as conn:
        conn.execute(tables.events.insert(), rows)
    return len(rows)


def timed(fn: Callable[[], Any], repeat: int = 5) -> Tuple[float, Any]:
    """Median milliseconds of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def baseline_module():
    """console/transcripts.py as it was before the summaries (per-request listing)."""
    source = subprocess.run(
        ["git", "show", f"{BASELINE_COMMIT}:console/transcripts.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "transcripts_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("transcripts_before", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class HttpConsole:
    def __init__(self, db_url: str) -> None:
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.env = dict(
            os.environ,
            TRACKER_DB_URL=db_url,
            CONSOLE_DB_URL=db_url,
            CONSOLE_PORT=str(port),
            PYTHONPATH=str(ROOT),
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "console",
                "create-admin",
                "--username",
                "bench.admin",
                "--password-stdin",
            ],
            input="bench password 12345\n",
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        self.log = open(Path(tempfile.gettempdir()) / f"console-bench-{port}.log", "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "console", "serve"],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if requests.get(self.base + "/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        self.session = requests.Session()
        page = self.session.get(self.base + "/login", timeout=30).text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        self.session.post(
            self.base + "/login",
            data={
                "username": "bench.admin",
                "password": "bench password 12345",
                "csrf_token": token,
            },
            timeout=60,
        )

    def get(self, path: str) -> int:
        return self.session.get(self.base + path, timeout=300).status_code

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--db-url", default=None, help="default: SQLite in a temporary folder")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="console-bench-"))
    db_url = args.db_url or f"sqlite:///{workdir / 'tracker.db'}"
    out: List[Tuple[str, str]] = []

    def report(what: str, value: str) -> None:
        out.append((what, value))
        print(f"{what:<58} {value}", flush=True)

    print(
        f"Generating {args.conversations} conversations over {args.days} days in "
        f"{db_url.split('@')[-1]} ...",
        flush=True,
    )
    built = build(db_url, args.conversations, args.days, args.seed, print)
    report("generated events", f"{built['events']} in {built['seconds']:.0f} s")

    settings = Settings(
        **{**Settings.from_env().__dict__, "tracker_db_url": db_url, "console_db_url": db_url}
    )
    store = Store(settings)
    store.init()
    started = time.perf_counter()
    progress = store.refresh_summaries(50_000)
    while progress is not None and not progress.caught_up:
        progress = store.refresh_summaries(50_000)
    build_s = time.perf_counter() - started
    report(
        "summaries: first build from all events (once)",
        f"{build_s:.1f} s ({built['events'] / build_s:,.0f} events/s)",
    )
    extra = review_data(store, built["senders"], args.seed)
    report(
        "review data",
        f"{extra['reviews']} reviews, {extra['labels']} labels, {extra['feedback']} feedback",
    )

    new_rows = add_turns(db_url, built["senders"], 50, args.seed)
    ms, _ = timed(lambda: store.refresh_summaries(), repeat=1)
    report(f"summaries: incremental refresh after {new_rows} new events", f"{ms:.0f} ms")
    ms, _ = timed(lambda: store.refresh_summaries(), repeat=args.repeat)
    report("summaries: refresh with nothing new (every request)", f"{ms:.1f} ms")

    f = transcripts.Filters
    today = dt.datetime.now(dt.timezone.utc).date()
    calls = [
        ("list: all conversations, page 1", lambda: store.listing(f(), 1, 25, False)),
        ("list: review queue, page 1", lambda: store.listing(f(), 1, 25, True)),
        (
            "list: emergency + socketio, page 1",
            lambda: store.listing(f(disposition="emergency", channel="socketio"), 1, 25, False),
        ),
        (
            "list: last 7 days, page 20",
            lambda: store.listing(f(date_from=today - dt.timedelta(days=6)), 20, 25, False),
        ),
        ("list: under-triage labels", lambda: store.listing(f(triage="under"), 1, 25, False)),
        ("dashboard data: 28 days", lambda: store.dashboard(today - dt.timedelta(days=27), today)),
        (
            "dashboard data: 365 days",
            lambda: store.dashboard(today - dt.timedelta(days=364), today),
        ),
    ]
    total = None
    for name, call in calls:
        ms, result = timed(call, args.repeat)
        total = getattr(result, "total", total)
        report(f"store {name}", f"{ms:.1f} ms")
    for days in (28, 365):
        metrics = store.dashboard(today - dt.timedelta(days=days - 1), today)
        charts._cache.clear()
        cold, _ = timed(partial(charts.charts, metrics), repeat=1)
        warm, _ = timed(partial(charts.charts, metrics), repeat=args.repeat)
        report(f"charts ({days} days, 9 SVGs): first draw / cached", f"{cold:.0f} / {warm:.1f} ms")

    if not args.no_http:
        console = HttpConsole(db_url)
        try:
            pages = (
                ("/", "all conversations, page 1"),
                ("/escalations", "review queue, page 1"),
                ("/?disposition=emergency", "emergencies, page 1"),
                (f"/dashboard?from={today - dt.timedelta(days=27)}&to={today}", "dashboard 28 d"),
                (f"/dashboard?from={today - dt.timedelta(days=364)}&to={today}", "dashboard 365 d"),
            )
            for path, name in pages:
                first, status = timed(partial(console.get, path), repeat=1)
                ms, status = timed(partial(console.get, path), args.repeat)
                report(f"HTTP GET {name}: first / median", f"{first:.0f} / {ms:.0f} ms ({status})")
        finally:
            console.stop()

    if not args.no_baseline:
        before = baseline_module()
        with store.tracker_engine.connect() as conn, store.console_engine.connect() as cconn:
            ms, _ = timed(lambda: before.list_conversations(conn, f(), 1, 25, False, cconn), 1)
        report("BEFORE (per request from events): list page 1", f"{ms:.0f} ms")
    print(f"\n{total} conversations listed; database {db_url.split('@')[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
