"""Shared pieces of the benchmark: messages, a REST client, process helpers."""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence

if TYPE_CHECKING:  # imported where used: only the benchmark run needs aiohttp
    import aiohttp

ROOT = Path(__file__).resolve().parents[2]

# One conversation as the issue measured it: greeting, FAQs, a side effect (starts the
# triage form in this project), an answer, thanks. Sent unchanged to both bots.
CONVERSATION = [
    "hello",
    "what is baclofen?",
    "can I drink alcohol with baclofen?",
    "baclofen makes me really dizzy",
    "mild",
    "thanks",
]
# A long conversation (turn cost against conversation length): questions and
# chit-chat only, so neither bot ends or escalates the conversation.
LONG_CYCLE = [
    "what is baclofen?",
    "thanks",
    "can I take baclofen with food?",
    "hello",
    "are you a bot?",
]


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(q / 100 * (len(ordered) - 1)))))
    return ordered[index]


def summary(values: Sequence[float]) -> Dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": percentile(values, 50) * 1000,
        "p95_ms": percentile(values, 95) * 1000,
        "mean_ms": (statistics.fmean(values) * 1000) if values else float("nan"),
    }


def rss_bytes(pid: int) -> int:
    """Resident memory of a process and its children (Linux /proc)."""
    total = 0
    pids = [pid]
    seen = set()
    while pids:
        current = pids.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            pids += [int(child) for child in children]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def load_average() -> List[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []


class RestClient:
    """POST to a bot's REST webhook; returns (seconds, replies)."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.url = url.rstrip("/") + "/webhooks/rest/webhook"
        self.timeout = timeout
        self._session: Optional[aiohttp.ClientSession] = None

    async def __aenter__(self) -> "RestClient":
        import aiohttp

        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.timeout),
            connector=aiohttp.TCPConnector(limit=0),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, sender: str, text: str) -> tuple[float, list]:
        if self._session is None:
            raise RuntimeError("RestClient.send outside `async with RestClient(...)`")
        start = time.perf_counter()
        async with self._session.post(self.url, json={"sender": sender, "message": text}) as r:
            r.raise_for_status()
            replies = await r.json()
        return time.perf_counter() - start, replies


async def first_reply(url: str, deadline: float, process=None) -> Optional[float]:
    """Poll until the bot answers a message; monotonic time of the answer or None."""
    import aiohttp

    async with RestClient(url, timeout=30) as client:
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                return None
            try:
                _, replies = await client.send(f"coldstart-{os.getpid()}", "hello")
                if replies:
                    return time.monotonic()
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
                pass
            await asyncio.sleep(0.1)
    return None
