"""Simulated patients for the scale tests and the soak (``make test-scale``, ``make soak``).

Each patient has a realistic 6-8 turn conversation: a greeting, one or two FAQ
questions, a side effect and the triage form's answers, thanks; one in five reports an
emergency in the middle of the form. Patients talk over REST or socket.io
(long-polling), like the web widget, and behave like people: they wait for each answer,
and when they are told "please send it again" (or the connection drops) they send the
same message again (same ``message_id``, so nothing is processed twice).

After a run, :func:`check_trackers` reads every conversation from the database and
checks it against what the patients saw: every turn stored exactly once and in order,
every emergency conversation ending with ``disposition = emergency``.

Message text is never printed; conversations are named by id.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

import aiohttp

RESEND_HINTS = ("send it again", "did not reach me", "couldn't read that message")
GREETINGS = ["hello", "hi there", "good morning"]
FAQS = [
    "what is baclofen used for",
    "can I drink alcohol with baclofen",
    "I missed a dose of baclofen, what should I do",
    "how should I take baclofen",
    "can I stop taking baclofen suddenly",
    "does baclofen interact with other medicines",
]
SIDE_EFFECTS = [
    "baclofen is making me really dizzy",
    "I feel very sleepy since starting baclofen",
    "baclofen gives me nausea",
    "I have been feeling weak since my dose went up",
]
FORM_ANSWERS = [
    ["mild", "3 days ago", "no", "no"],
    ["moderate", "since yesterday", "yes", "no"],
    ["a 3 out of 10", "a week ago", "no", "not sure"],
]
EMERGENCIES = [
    "my husband took too many tablets and won't wake up",
    "I took too many tablets and now I can't breathe",
    "I can't breathe properly",
]
THANKS = ["thanks", "thank you", "ok thanks"]


@dataclass
class Turn:
    text: str
    message_id: str
    started: float = 0.0
    answered: float = 0.0  # first normal reply
    replies: List[Dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    resend_replies: int = 0  # clear "please send it again" answers
    transport_errors: int = 0  # connection refused/dropped, timeouts
    silent: int = 0  # an answer with no message at all (must never happen)
    unclear: List[str] = field(default_factory=list)  # errors without a clear message
    error_types: List[str] = field(default_factory=list)  # what the transport errors were

    @property
    def ok(self) -> bool:
        return self.answered > 0


@dataclass
class Patient:
    sender: str
    channel: str  # "rest" | "socketio"
    texts: List[str]
    emergency: bool
    turns: List[Turn] = field(default_factory=list)
    done: bool = False


def make_patients(
    count: int,
    prefix: str,
    seed: int = 7,
    emergency_every: int = 5,
    channels: Sequence[str] = ("rest", "socketio"),
    start: int = 0,
) -> List[Patient]:
    rng = random.Random(seed)
    patients = []
    for index in range(start, start + count):
        texts = [rng.choice(GREETINGS), rng.choice(FAQS)]
        if rng.random() < 0.5:
            texts.append(rng.choice([f for f in FAQS if f != texts[1]]))
        texts.append(rng.choice(SIDE_EFFECTS))
        answers = list(rng.choice(FORM_ANSWERS))
        emergency = index % emergency_every == emergency_every - 1
        if emergency:
            texts += answers[:2] + [rng.choice(EMERGENCIES)]
        else:
            texts += answers[: max(2, 7 - len(texts))]
        marker = f"zq{uuid.uuid4().hex[:10]}"  # a unique word (log-privacy checks)
        texts.append(f"{rng.choice(THANKS)} {marker}")
        texts = texts[:8]
        if len(texts) < 6:
            texts.insert(1, rng.choice(GREETINGS))
        patients.append(
            Patient(
                f"{prefix}-{index:03d}-{uuid.uuid4().hex[:8]}",
                channels[index % len(channels)],
                texts,
                emergency,
            )
        )
    return patients


def _is_resend(messages: List[Dict[str, Any]]) -> bool:
    return any(
        any(h in (m.get("text") or "") for h in RESEND_HINTS) or m.get("error")
        for m in messages
        if isinstance(m, dict)
    )


def _is_emergency(messages: List[Dict[str, Any]]) -> bool:
    for m in messages:
        custom = m.get("custom") if isinstance(m.get("custom"), dict) else m
        if isinstance(custom, dict) and custom.get("disposition") == "emergency":
            return True
    return False


def _needs_yes(messages: List[Dict[str, Any]]) -> bool:
    """The bot asked whether an urgent sign is happening right now."""
    return any("right now" in (m.get("text") or "") for m in messages)


class Settings:
    turn_timeout = 30.0  # seconds without any answer before a patient retries
    retry_pause = 1.0
    give_up_after = 180.0  # per turn
    think_time = (0.2, 0.8)  # seconds between turns


# ---------------------------------------------------------------- REST


async def _rest_turn(
    session: aiohttp.ClientSession, url: str, patient: Patient, turn: Turn, settings: Settings
) -> None:
    turn.started = time.monotonic()
    while time.monotonic() - turn.started < settings.give_up_after:
        turn.attempts += 1
        try:
            async with session.post(
                url,
                json={
                    "sender": patient.sender,
                    "message": turn.text,
                    "message_id": turn.message_id,
                },
                timeout=aiohttp.ClientTimeout(total=settings.turn_timeout),
            ) as resp:
                body = await resp.text()
                try:
                    messages = json.loads(body)
                except ValueError:
                    messages = None
                if not isinstance(messages, list):
                    turn.unclear.append(f"HTTP {resp.status}, not a message list")
                elif resp.status == 200 and messages and not _is_resend(messages):
                    turn.replies = messages
                    turn.answered = time.monotonic()
                    return
                elif not messages:
                    turn.silent += 1
                elif _is_resend(messages):
                    turn.resend_replies += 1
                else:
                    turn.unclear.append(f"HTTP {resp.status}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            turn.transport_errors += 1
            turn.error_types.append(type(error).__name__)
        await asyncio.sleep(settings.retry_pause)


async def run_rest_patient(base_url: str, patient: Patient, settings: Settings) -> None:
    url = f"{base_url}/webhooks/rest/webhook"
    async with aiohttp.ClientSession() as session:
        await _converse(
            patient, settings, lambda turn: _rest_turn(session, url, patient, turn, settings)
        )


# ---------------------------------------------------------------- socket.io


class _SocketPatient:
    def __init__(self, base_url: str, patient: Patient, settings: Settings) -> None:
        self.base_url = base_url
        self.patient = patient
        self.settings = settings
        self.session_id = patient.sender  # the conversation id, as with REST
        self.sio: Any = None
        self.inbox: List[Dict[str, Any]] = []
        self.arrived = asyncio.Event()

    async def connect(self) -> None:
        import socketio

        await self.close()
        sio = socketio.AsyncClient(reconnection=False)
        confirmed = asyncio.Event()

        @sio.on("session_confirm")
        async def on_confirm(_: Any) -> None:
            confirmed.set()

        @sio.on("bot_uttered")
        async def on_bot(data: Any) -> None:
            self.inbox.append(data if isinstance(data, dict) else {"text": str(data)})
            self.arrived.set()

        await sio.connect(
            self.base_url, transports=["polling"], socketio_path="/socket.io", wait_timeout=10
        )
        await sio.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(confirmed.wait(), timeout=10)
        self.sio = sio

    async def close(self) -> None:
        if self.sio is not None:
            try:
                await asyncio.wait_for(self.sio.disconnect(), timeout=5)
            except Exception:  # noqa: BLE001 - already gone
                pass
            self.sio = None

    async def turn(self, turn: Turn) -> None:
        settings = self.settings
        turn.started = time.monotonic()
        while time.monotonic() - turn.started < settings.give_up_after:
            turn.attempts += 1
            try:
                if self.sio is None or not self.sio.connected:
                    if turn.attempts > 1:
                        turn.transport_errors += 1
                    await self.connect()
                self.inbox.clear()
                self.arrived.clear()
                await self.sio.emit(
                    "user_uttered",
                    {
                        "message": turn.text,
                        "session_id": self.session_id,
                        "message_id": turn.message_id,
                    },
                )
                messages = await self._collect(settings.turn_timeout)
            except Exception as error:  # noqa: BLE001 - connection trouble: reconnect, resend
                turn.transport_errors += 1
                turn.error_types.append(type(error).__name__)
                await self.close()
                await asyncio.sleep(settings.retry_pause)
                continue
            if messages and not _is_resend(messages):
                turn.replies = messages
                turn.answered = time.monotonic()
                return
            if messages:
                turn.resend_replies += 1
            else:  # no answer in time, or the server went away: reconnect and resend
                turn.transport_errors += 1
                turn.error_types.append(
                    "no answer" if self.sio and self.sio.connected else "disconnected"
                )
                await self.close()
            await asyncio.sleep(settings.retry_pause)

    async def _collect(self, timeout: float) -> List[Dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while not self.inbox:
            if self.sio is None or not self.sio.connected:
                return []
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            try:
                await asyncio.wait_for(self.arrived.wait(), timeout=min(remaining, 0.5))
            except asyncio.TimeoutError:
                continue
        # replies of one turn are sent together: wait for a short quiet period
        seen = -1
        while seen != len(self.inbox):
            seen = len(self.inbox)
            await asyncio.sleep(0.4)
        return list(self.inbox)


async def run_socketio_patient(base_url: str, patient: Patient, settings: Settings) -> None:
    client = _SocketPatient(base_url, patient, settings)
    try:
        await _converse(patient, settings, client.turn)
    finally:
        await client.close()


# ---------------------------------------------------------------- both


async def _converse(patient: Patient, settings: Settings, send: Any) -> None:
    queue = list(patient.texts)
    while queue:
        text = queue.pop(0)
        turn = Turn(text, uuid.uuid4().hex)
        patient.turns.append(turn)
        await send(turn)
        if not turn.ok:
            break
        if patient.emergency and _needs_yes(turn.replies) and not _is_emergency(turn.replies):
            queue.insert(0, "yes")
        await asyncio.sleep(random.uniform(*settings.think_time))
    patient.done = True


async def run_patients(
    base_url: str,
    patients: List[Patient],
    settings: Optional[Settings] = None,
    stagger: float = 0.02,
) -> float:
    """Run every patient at once; returns the wall-clock duration."""
    settings = settings or Settings()
    started = time.monotonic()

    async def one(index: int, patient: Patient) -> None:
        await asyncio.sleep(index * stagger)
        runner = run_rest_patient if patient.channel == "rest" else run_socketio_patient
        await runner(base_url, patient, settings)

    await asyncio.gather(*(one(i, p) for i, p in enumerate(patients)))
    return time.monotonic() - started


def summarize(patients: List[Patient], duration: float) -> Dict[str, Any]:
    turns = [t for p in patients for t in p.turns]
    latencies = sorted(t.answered - t.started for t in turns if t.ok)

    def pct(q: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(round(q * (len(latencies) - 1))))]

    return {
        "patients": len(patients),
        "turns": len(turns),
        "answered": sum(t.ok for t in turns),
        "unanswered": sum(not t.ok for t in turns),
        "duration_s": round(duration, 1),
        "throughput_msg_s": round(sum(t.ok for t in turns) / duration, 2) if duration else 0,
        "p50_s": round(pct(0.5), 3),
        "p95_s": round(pct(0.95), 3),
        "max_s": round(latencies[-1], 3) if latencies else float("nan"),
        "mean_s": round(statistics.fmean(latencies), 3) if latencies else float("nan"),
        "retries": sum(t.attempts - 1 for t in turns),
        "resend_replies": sum(t.resend_replies for t in turns),
        "transport_errors": sum(t.transport_errors for t in turns),
        "silent_answers": sum(t.silent for t in turns),
        "unclear_errors": sum(len(t.unclear) for t in turns),
        "emergency_patients": sum(p.emergency for p in patients),
        "error_types": sorted({e for t in turns for e in t.error_types}),
    }


def format_summary(title: str, summary: Dict[str, Any]) -> str:
    return (
        f"{title}: {summary['patients']} patients, {summary['answered']}/{summary['turns']}"
        f" turns answered in {summary['duration_s']} s = {summary['throughput_msg_s']} msg/s;"
        f" p50 {summary['p50_s']} s, p95 {summary['p95_s']} s, max {summary['max_s']} s;"
        f' retries {summary["retries"]} ("send it again" {summary["resend_replies"]},'
        f" connection {summary['transport_errors']}), silent {summary['silent_answers']},"
        f" unclear {summary['unclear_errors']}"
        + (f" ({', '.join(summary['error_types'])})" if summary["error_types"] else "")
    )


# ---------------------------------------------------------------- the stored trackers


def stored_events(db_url: str, senders: Sequence[str]) -> Dict[str, List[Dict[str, Any]]]:
    import sqlalchemy as sa

    engine = sa.create_engine(db_url, hide_parameters=True)
    out: Dict[str, List[Dict[str, Any]]] = {s: [] for s in senders}
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT sender_id, type_name, data FROM events "
                    "WHERE sender_id IN :senders ORDER BY id"
                ).bindparams(sa.bindparam("senders", expanding=True)),
                {"senders": list(senders)},
            )
            for sender, type_name, data in rows:
                event = json.loads(data)
                event["_type"] = type_name
                out[sender].append(event)
    finally:
        engine.dispose()
    return out


def check_trackers(db_url: str, patients: List[Patient]) -> Dict[str, Any]:
    """Compare what every patient saw with what the database holds."""
    stored = stored_events(db_url, [p.sender for p in patients])
    lost = duplicated = out_of_order = emergency_missing = 0
    problems: List[str] = []
    for patient in patients:
        events = stored[patient.sender]
        ids = [
            (e.get("metadata") or {}).get("client_message_id")
            for e in events
            if e["_type"] == "user"
        ]
        answered = [t.message_id for t in patient.turns if t.ok]
        for message_id in set(ids):
            if message_id is not None and ids.count(message_id) > 1:
                duplicated += ids.count(message_id) - 1
                problems.append(f"{patient.sender}: a turn stored {ids.count(message_id)} times")
        missing = [m for m in answered if m not in ids]
        if missing:
            lost += len(missing)
            problems.append(f"{patient.sender}: {len(missing)} answered turn(s) not stored")
        if [m for m in ids if m in answered] != [m for m in answered if m in ids]:
            out_of_order += 1
            problems.append(f"{patient.sender}: turns stored out of order")
        if patient.emergency:
            dispositions = [
                e.get("value")
                for e in events
                if e["_type"] == "slot" and e.get("name") == "disposition"
            ]
            if not dispositions or dispositions[-1] != "emergency":
                emergency_missing += 1
                problems.append(
                    f"{patient.sender}: emergency conversation without "
                    f"disposition=emergency ({dispositions[-1:]})"
                )
    return {
        "conversations": len(patients),
        "lost": lost,
        "duplicated": duplicated,
        "out_of_order": out_of_order,
        "emergency_missing": emergency_missing,
        "problems": problems,
    }
