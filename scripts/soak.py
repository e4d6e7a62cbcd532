"""``make soak``: steady load on one instance for 10 minutes; memory growth <= 10%.

Starts the assistant as ``make run`` does (one action server, one Rasa server, SQLite,
free loopback ports), warms it up, then keeps ``--users`` simulated patients talking
(REST and socket.io, the conversations of ``scripts/loadgen.py``; each patient starts a
new conversation when one ends) for ``--minutes``. The Rasa server's RSS is sampled
every 15 s. Prints the samples and the figures; exits 1 if memory grew by more than
``--max-growth`` (default 10%) from the end of the warm-up to the end, or any turn went
unanswered.

    make soak                                   # 10 minutes, 10 patients at once
    .venv/bin/python -m scripts.soak --minutes 2 --users 5
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import List

from scripts import loadgen
from scripts.stack import ROOT, Stack, free_port


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as handle:
        kb = int(next(line for line in handle if line.startswith("VmRSS")).split()[1])
    return kb / 1024


async def steady(
    url: str,
    users: int,
    seconds: float,
    pid: int,
    samples: List[tuple],
    patients: List[loadgen.Patient],
) -> float:
    stop_at = time.monotonic() + seconds
    started = time.monotonic()
    settings = loadgen.Settings()
    count = 0

    async def patient_loop(slot: int) -> None:
        nonlocal count
        while time.monotonic() < stop_at:
            count += 1
            [patient] = loadgen.make_patients(
                1,
                f"soak{slot}",
                seed=count,
                start=count,
                channels=("rest", "socketio")[slot % 2 :][:1],
            )
            patients.append(patient)
            runner = (
                loadgen.run_rest_patient
                if patient.channel == "rest"
                else loadgen.run_socketio_patient
            )
            await runner(url, patient, settings)

    async def sampler() -> None:
        while time.monotonic() < stop_at:
            samples.append((time.monotonic() - started, rss_mb(pid)))
            await asyncio.sleep(15)

    await asyncio.gather(sampler(), *(patient_loop(i) for i in range(users)))
    return time.monotonic() - started


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--warmup-minutes", type=float, default=1.0)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--max-growth", type=float, default=0.10)
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="soak-"))
    stack = Stack(
        rasa_port=free_port(),
        action_port=free_port(),
        widget_port=free_port(),
        console_port=free_port(),
        tracker_db_url=f"sqlite:///{tmp}/tracker.db",
        log_dir=ROOT / "test-artifacts" / "soak",
        with_widget=False,
        with_console=False,
    )
    print(f"Starting one instance (logs: {stack.log_dir})...", flush=True)
    stack.start()
    try:
        process = stack.services["rasa"].process
        if process is None:  # start() returned: the Rasa server process runs
            raise RuntimeError("the Rasa server has no process")
        pid = process.pid
        print(
            f"Rasa server up, RSS {rss_mb(pid):.0f} MB. Warm-up {args.warmup_minutes} min "
            f"with {args.users} patients...",
            flush=True,
        )
        warm: List[tuple] = []
        asyncio.run(steady(stack.rasa_url, args.users, args.warmup_minutes * 60, pid, warm, []))
        samples: List[tuple] = []
        patients: List[loadgen.Patient] = []
        print(f"Steady load for {args.minutes} min...", flush=True)
        duration = asyncio.run(
            steady(stack.rasa_url, args.users, args.minutes * 60, pid, samples, patients)
        )
        samples.append((duration, rss_mb(pid)))
    finally:
        stack.stop()

    start, end = samples[0][1], samples[-1][1]
    peak = max(mb for _, mb in samples)
    growth = (end - start) / start
    summary = loadgen.summarize(patients, duration)
    print("\n  t (s)   RSS (MB)")
    for t, mb in samples:
        print(f"  {t:6.0f}   {mb:8.0f}")
    print()
    print(
        loadgen.format_summary(
            f"soak ({args.minutes:g} min, {args.users} patients at once)", summary
        )
    )
    print(
        f"memory: RSS after warm-up {start:.0f} MB, at the end {end:.0f} MB, peak {peak:.0f} "
        f"MB: growth {100 * growth:+.1f}% (limit {100 * args.max_growth:.0f}%)"
    )
    ok = growth <= args.max_growth and summary["unanswered"] == 0 and summary["silent_answers"] == 0
    print("SOAK PASSED" if ok else "SOAK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
