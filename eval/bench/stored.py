"""Turn cost against the number of stored conversations (SQLite and PostgreSQL).

    python -m eval.bench.stored [--conversations 1000000] [--backends sqlite,postgresql]

For each backend: this project's servers (scripts/stack.py, as `make run` starts them)
on an EMPTY tracker store, then on one holding N generated conversations whose
``events`` table was created the way the staff console used to create it (no index,
so the start-up migration in rasa_ext/tracker_migrations.py has to add it). Reports
p50/p95 per message of the benchmark conversation on both, their ratio, how long the
first start took (migration included), and what one conversation lookup costs on the
big table without the index (what every turn paid before the migration).

The SQLite database is generated once and cached (~/.cache/baclofen-bench, about
2 GB for 1,000,000 conversations; a copy is used, so the cached one keeps no index).
PostgreSQL runs as a throwaway server (scripts.infra.ThrowawayPostgres) and is filled with COPY.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List

from eval.bench import stock
from eval.bench.common import CONVERSATION, ROOT, RestClient, load_average, summary
from scripts.infra import ThrowawayPostgres

EVENTS_DDL = (  # as console/schema.py described Rasa's table: no index, no NOT NULL
    "CREATE TABLE events (id INTEGER NOT NULL, sender_id VARCHAR(255), type_name "
    "VARCHAR(255), timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), "
    "data TEXT, PRIMARY KEY (id))"
)
PG_EVENTS_DDL = EVENTS_DDL.replace("id INTEGER NOT NULL", "id SERIAL NOT NULL")


def log(message: str) -> None:
    print(f"[bench-stored {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _rows(conversations: int, start_id: int = 1) -> Iterator[tuple]:
    """Four events per conversation: session start, a question, the answer, listen."""
    row_id = start_id
    base = time.time() - 86400 * 365
    for index in range(conversations):
        sender = uuid.UUID(int=index + 1).hex
        ts = base + index * 30.0
        parse = {
            "intent": {"name": "faq", "confidence": 0.97},
            "text": "what is baclofen?",
            "entities": [],
        }
        events = [
            ("session_started", None, None, {"event": "session_started", "timestamp": ts}),
            (
                "action",
                None,
                "action_listen",
                {"event": "action", "name": "action_listen", "timestamp": ts + 0.01},
            ),
            (
                "user",
                "faq",
                None,
                {
                    "event": "user",
                    "timestamp": ts + 1,
                    "text": "what is baclofen?",
                    "parse_data": parse,
                },
            ),
            (
                "bot",
                None,
                None,
                {
                    "event": "bot",
                    "timestamp": ts + 1.1,
                    "text": "Baclofen is a muscle relaxant...",
                    "data": {},
                },
            ),
        ]
        for type_name, intent, action, data in events:
            yield (row_id, sender, type_name, data["timestamp"], intent, action, json.dumps(data))
            row_id += 1


def sqlite_database(conversations: int) -> Path:
    cache = stock.cache_root() / f"stored-{conversations}.db"
    if cache.exists():
        return cache
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    log(f"generating {conversations:,} conversations in SQLite ({cache}, once)...")
    start = time.monotonic()
    with sqlite3.connect(tmp) as conn:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute(EVENTS_DDL)
        batch: List[tuple] = []
        for row in _rows(conversations):
            batch.append(row)
            if len(batch) >= 50000:
                conn.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?)", batch)
                batch.clear()
        conn.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?)", batch)
    tmp.rename(cache)
    log(f"generated in {time.monotonic() - start:.0f} s")
    return cache


def fill_postgres(url: str, conversations: int) -> None:
    import psycopg2

    log(f"generating {conversations:,} conversations in PostgreSQL (COPY)...")
    start = time.monotonic()
    conn = psycopg2.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute(PG_EVENTS_DDL)
        buffer = io.StringIO()
        count = 0

        def flush() -> None:
            buffer.seek(0)
            cur.copy_expert(
                "COPY events (id, sender_id, type_name, timestamp, intent_name, "
                "action_name, data) FROM STDIN",
                buffer,
            )
            buffer.seek(0)
            buffer.truncate()

        for row in _rows(conversations):
            buffer.write(
                "\t".join(
                    "\\N" if v is None else str(v).replace("\\", "\\\\").replace("\t", " ")
                    for v in row
                )
                + "\n"
            )
            count += 1
            if count % 200000 == 0:
                flush()
        flush()
        cur.execute("SELECT setval('events_id_seq', (SELECT max(id) FROM events))")
    conn.close()
    log(f"generated in {time.monotonic() - start:.0f} s")


def lookup_without_index(url: str, sender: str, repeat: int = 3) -> float:
    """Milliseconds of Rasa's per-turn conversation query on the table as it is (with
    or without the index)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    query = sa.text(
        "SELECT * FROM events WHERE sender_id = :s AND (timestamp >= (SELECT "
        "max(timestamp) FROM events WHERE sender_id = :s AND type_name = "
        "'session_started') ) ORDER BY id"
    )
    with engine.connect() as conn:
        conn.execute(query, {"s": sender}).fetchall()
        start = time.perf_counter()
        for _ in range(repeat):
            conn.execute(query, {"s": sender}).fetchall()
    engine.dispose()
    return (time.perf_counter() - start) / repeat * 1000


def measure(url: str, workdir: Path, conversations: int) -> Dict[str, Any]:
    from scripts.stack import Stack, free_port

    stack = Stack(
        rasa_port=free_port(),
        action_port=free_port(),
        widget_port=free_port(),
        console_port=free_port(),
        tracker_db_url=url,
        log_dir=workdir / f"logs-{uuid.uuid4().hex[:6]}",
        with_widget=False,
        with_console=False,
    )
    start = time.monotonic()
    stack.start()
    started = time.monotonic() - start
    latencies: List[float] = []

    async def talk() -> None:
        async with RestClient(stack.rasa_url) as client:
            for _ in range(2):  # warm-up
                await client.send(f"warm-{uuid.uuid4().hex}", "hello")
            for index in range(conversations):
                sender = f"stored-{index}-{uuid.uuid4().hex[:8]}"
                for text in CONVERSATION:
                    seconds, _ = await client.send(sender, text)
                    latencies.append(seconds)

    try:
        asyncio.run(talk())
    finally:
        stack.stop()
    result: Dict[str, Any] = summary(latencies)
    result["start_s"] = started
    migration = [
        line
        for line in (stack.log_dir / "rasa.log").read_text(errors="replace").splitlines()
        if "ix_events_sender_id in" in line
    ]
    result["migration_log"] = migration[-1].split(" - ")[-1] if migration else None
    return result


def run_backend(backend: str, args: argparse.Namespace, workdir: Path) -> Dict[str, Any]:
    out: Dict[str, Any] = {"backend": backend, "stored_conversations": args.conversations}
    if backend == "sqlite":
        empty_url = f"sqlite:///{workdir / 'empty.db'}"
        cached = sqlite_database(args.conversations)
        big = workdir / "big.db"
        log("copying the generated database...")
        shutil.copy(cached, big)
        big_url = f"sqlite:///{big}"
        server = None
    else:
        server = ThrowawayPostgres().start()
        import sqlalchemy as sa

        admin = sa.create_engine(
            server.url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(sa.text('CREATE DATABASE "empty"'))
        admin.dispose()
        empty_url = server.url.rsplit("/", 1)[0] + "/empty"
        big_url = server.url
        fill_postgres(big_url, args.conversations)
    try:
        sender = uuid.UUID(int=args.conversations // 2).hex
        out["lookup_without_index_ms"] = lookup_without_index(big_url, sender)
        log(
            f"{backend}: one conversation lookup without the index: "
            f"{out['lookup_without_index_ms']:.1f} ms"
        )
        for label, url in (("empty", empty_url), ("stored", big_url), ("empty_again", empty_url)):
            log(f"{backend}: {label} store...")
            out[label] = measure(url, workdir, args.sample_conversations)
            log(
                f"{backend}: {label}: p50 {out[label]['p50_ms']:.0f} ms, p95 "
                f"{out[label]['p95_ms']:.0f} ms, start {out[label]['start_s']:.0f} s "
                f"{out[label]['migration_log'] or ''}"
            )
            if label == "stored":  # the start-up migration has built the index by now
                out["lookup_with_index_ms"] = lookup_without_index(big_url, sender)
                log(
                    f"{backend}: the same lookup with the index: "
                    f"{out['lookup_with_index_ms']:.2f} ms"
                )
        empty_p95 = (out["empty"]["p95_ms"] + out["empty_again"]["p95_ms"]) / 2
        out["p95_ratio_stored_vs_empty"] = out["stored"]["p95_ms"] / empty_p95
    finally:
        if server is not None:
            server.stop()
    return out


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--conversations", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sample-conversations", type=int, default=15)
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "bench_stored.json")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-stored-"))
    result: Dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "load_before": load_average(),
        "backends": {},
    }
    try:
        for backend in args.backends.split(","):
            result["backends"][backend] = run_backend(backend, args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result["load_after"] = load_average()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(
        f"\n{args.conversations:,} stored conversations "
        f"(load {result['load_before']} -> {result['load_after']})"
    )
    print(
        "| backend | empty store p50 / p95 | with the stored conversations p50 / p95 | "
        "p95 ratio | one lookup without / with the index | first start (migration) |"
    )
    print("|---|---:|---:|---:|---:|---|")
    for name, r in result["backends"].items():
        print(
            f"| {name} | {r['empty']['p50_ms']:.0f} / {r['empty']['p95_ms']:.0f} ms "
            f"(again: {r['empty_again']['p95_ms']:.0f}) | {r['stored']['p50_ms']:.0f} / "
            f"{r['stored']['p95_ms']:.0f} ms | {r['p95_ratio_stored_vs_empty']:.2f}x | "
            f"{r['lookup_without_index_ms']:.0f} ms / "
            f"{r.get('lookup_with_index_ms', float('nan')):.2f} ms | "
            f"{r['stored']['start_s']:.0f} s "
            f"({r['stored']['migration_log'] or 'no migration'}) |"
        )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
