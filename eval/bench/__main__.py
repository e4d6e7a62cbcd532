"""`make bench`: this project's bot and the stock Rasa starter, measured in ONE run.

    python -m eval.bench                 # everything (about 15-20 minutes on 2 cores)
    python -m eval.bench --no-training   # servers only (about 5 minutes)
    python -m eval.bench --smoke         # a short run that checks the table (make test)

Both bots run at the same time on free loopback ports, with the project's virtualenv:
this project exactly as `make run` starts it (scripts/stack.py: action server + Rasa
server, SQL tracker store on a fresh SQLite file, endpoints.yml, credentials.yml) and
the starter from `rasa init --no-prompt` (cached, see eval/bench/stock.py). Every
measurement alternates between the two bots so that other load on the machine hits
both alike; the table reports ratios from this one run. Writes results/bench.json and
results/bench_latency.png. The red-flag check alone: python -m eval.bench_red_flags.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional

from eval.bench import stock
from eval.bench.common import (
    CONVERSATION,
    LONG_CYCLE,
    ROOT,
    RestClient,
    first_reply,
    load_average,
    percentile,
    rss_bytes,
    summary,
)

if TYPE_CHECKING:  # imported where used at run time
    from scripts.stack import Stack

OURS, STOCK = "ours", "stock"
NAMES = {OURS: "this project", STOCK: "stock starter"}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --------------------------------------------------------------------------- servers
class Bot:
    """One running Rasa server (plus, for this project, its action server)."""

    def __init__(self, kind: str, workdir: Path) -> None:
        self.kind = kind
        self.workdir = workdir
        self.stack: Optional[Stack] = None
        self.process: Optional[subprocess.Popen] = None
        self.url = ""

    def start(self) -> float:
        """Start the processes; seconds from process start to the first reply."""
        from scripts.stack import Stack, free_port

        t0 = time.monotonic()
        if self.kind == OURS:
            db = self.workdir / f"tracker-{uuid.uuid4().hex[:6]}.db"
            stack = self.stack = Stack(
                rasa_port=free_port(),
                action_port=free_port(),
                widget_port=free_port(),
                console_port=free_port(),
                tracker_db_url=f"sqlite:///{db}",
                log_dir=self.workdir / "logs-ours",
                with_widget=False,
                with_console=False,
            )
            stack._define()
            stack.log_dir.mkdir(parents=True, exist_ok=True)
            t0 = time.monotonic()
            stack.start_service("actions", wait=False)
            stack.start_service("rasa", wait=False)
            self.process = stack.services["rasa"].process
            self.url = stack.rasa_url
            log_path = stack.services["rasa"].log_path
        else:
            folder = stock.ensure_stock(log)
            port = free_port()
            self.url = f"http://127.0.0.1:{port}"
            log_path = self.workdir / "stock-rasa.log"
            t0 = time.monotonic()
            self.process = subprocess.Popen(
                [
                    str(stock.RASA),
                    "run",
                    "--model",
                    str(stock.stock_model(folder)),
                    "--interface",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--credentials",
                    "credentials.yml",
                    "--endpoints",
                    "endpoints.yml",
                ],
                cwd=folder,
                env=stock.quiet_env(),
                stdout=open(log_path, "ab"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        answered = asyncio.run(first_reply(self.url, time.monotonic() + 600, self.process))
        if answered is None:
            self.stop()
            raise RuntimeError(f"{NAMES[self.kind]} did not answer; see {log_path}")
        return answered - t0

    def rss(self) -> int:
        return rss_bytes(self.process.pid) if self.process else 0

    def stop(self) -> None:
        if self.stack is not None:
            self.stack.stop()
            self.stack = None
        elif self.process is not None and self.process.poll() is None:
            import signal

            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None


# --------------------------------------------------------------------------- load
async def _conversations(url: str, users: int, per_user: int, tag: str) -> Dict[str, Any]:
    latencies: List[float] = []
    errors = 0

    async with RestClient(url) as client:

        async def user(index: int) -> None:
            nonlocal errors
            for round_ in range(per_user):
                sender = f"bench-{tag}-{index}-{round_}-{uuid.uuid4().hex[:6]}"
                for text in CONVERSATION:
                    try:
                        seconds, _ = await client.send(sender, text)
                        latencies.append(seconds)
                    except Exception:  # noqa: BLE001 - counted, reported
                        errors += 1

        start = time.perf_counter()
        await asyncio.gather(*(user(i) for i in range(users)))
        wall = time.perf_counter() - start
    result: Dict[str, Any] = summary(latencies)
    result.update(
        {
            "raw": latencies,
            "users": users,
            "messages": len(latencies),
            "errors": errors,
            "seconds": wall,
            "throughput_msg_s": len(latencies) / wall if wall else 0,
        }
    )
    return result


async def _long(url: str, turns: int, tag: str) -> List[float]:
    out = []
    async with RestClient(url) as client:
        sender = f"bench-long-{tag}-{uuid.uuid4().hex[:6]}"
        for index in range(turns):
            seconds, _ = await client.send(sender, LONG_CYCLE[index % len(LONG_CYCLE)])
            out.append(seconds)
    return out


def _window(k: int, turns: int) -> range:
    """Turns (1-based) whose median is reported as 'turn k'."""
    low = max(1, min(k - 2, turns - 4))
    return range(low, min(turns, low + 4) + 1)


# --------------------------------------------------------------------------- training
def _project_copy(kind: str, into: Path) -> Path:
    into.mkdir(parents=True)
    source = ROOT if kind == OURS else stock.ensure_stock(log)
    for name in ("config.yml", "domain.yml"):
        shutil.copy2(source / name, into / name)
    shutil.copytree(source / "data", into / "data")
    if kind == OURS:  # scripts/train.sh fingerprints the package versions too
        (into / "requirements").mkdir()
        shutil.copy2(source / "requirements" / "lock.txt", into / "requirements" / "lock.txt")
    return into


def _train_ours(folder: Path, log_path: Path) -> tuple[float, str]:
    """This project's shipped training, `scripts/train.sh`, on the copy in ``folder``.

    The same script as `make train` / `make run` (its incremental paths included:
    finetune after NLU examples, responses written into the model after a changed
    response text), with the shipped settings; the copy's models/, .rasa/cache and urgency
    model live in the folder. Returns (seconds, the path train.sh took). Rasa's own
    log (var/logs/train.log of the copy) is appended to ``log_path`` for
    :func:`component_times`.
    """
    env = stock.quiet_env(
        {
            "TRAIN_PROJECT_DIR": str(folder),
            "RASA_CACHE_DIRECTORY": str(folder / ".rasa" / "cache"),
            "URGENCY_MODEL_PATH": str(folder / "models" / "urgency.joblib"),
        }
    )
    for name in ("FORCE_TRAIN", "INCREMENTAL_TRAIN", "FINETUNE_EPOCH_FRACTION", "FINETUNE_LIMIT"):
        env.pop(name, None)  # the shipped defaults
    start = time.monotonic()
    with open(log_path, "ab") as out:
        result = subprocess.run(
            ["bash", str(ROOT / "scripts" / "train.sh")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    seconds = time.monotonic() - start
    rasa_log = folder / "var" / "logs" / "train.log"
    with open(log_path, "a") as out:
        out.write(rasa_log.read_text(errors="replace") if rasa_log.exists() else "")
    if result.returncode != 0:
        raise RuntimeError(f"scripts/train.sh failed for {folder}; see {log_path}")
    match = re.search(r"trained in \d+s \((\w+)\)", log_path.read_text(errors="replace"))
    return seconds, match.group(1) if match else "?"


def _train(folder: Path, log_path: Path) -> float:
    """The stock starter's training: `rasa train` (training cache in the folder)."""
    env = stock.quiet_env(
        {"PYTHONPATH": str(ROOT), "RASA_CACHE_DIRECTORY": str(folder / ".rasa" / "cache")}
    )
    start = time.monotonic()
    with open(log_path, "ab") as out:
        result = subprocess.run(
            [
                str(stock.RASA),
                "train",
                "--config",
                "config.yml",
                "--domain",
                "domain.yml",
                "--data",
                "data",
                "--out",
                "models",
                "--fixed-model-name",
                "bench",
            ],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if result.returncode != 0:
        raise RuntimeError(f"training failed in {folder}; see {log_path}")
    return time.monotonic() - start


_STAMP = r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) INFO\s+rasa\.engine\.training\.hooks\s+- "


def component_times(log_path: Path) -> Dict[str, Any]:
    """Seconds per trained component (from Rasa's log), and which came from the cache."""
    import datetime as dt

    started: Dict[str, float] = {}
    trained: List[List[Any]] = []
    cached: List[str] = []
    for line in log_path.read_text(errors="replace").splitlines():
        match = re.match(
            _STAMP + r"(Starting to train|Finished training) component '([^']+)'", line
        )
        if match:
            when = dt.datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S").timestamp()
            if match.group(2).startswith("Starting"):
                started[match.group(3)] = when
            elif match.group(3) in started:
                trained.append([match.group(3), when - started.pop(match.group(3))])
            continue
        match = re.match(_STAMP + r"Restored component '([^']+)' from cache", line)
        if match:
            cached.append(match.group(2))
    return {"trained_s": trained, "from_cache": cached}


def add_nlu_example(folder: Path) -> str:
    """Add one example line to the `greet` intent (the first NLU file that has it)."""
    for path in sorted((folder / "data").rglob("*.yml")):
        lines = path.read_text().splitlines(keepends=True)
        for index, line in enumerate(lines):
            if re.match(r"\s*- intent: greet\s*$", line):
                for j in range(index + 1, len(lines)):
                    if re.match(r"\s*examples: \|", lines[j]):
                        following = lines[j + 1]
                        indent = following[: len(following) - len(following.lstrip())]
                        lines.insert(j + 1, f"{indent}- hey there, good morning to you\n")
                        path.write_text("".join(lines))
                        return str(path.relative_to(folder))
    raise RuntimeError(f"no greet intent in {folder}")


def change_response(folder: Path) -> str:
    """Change the wording of one response (`utter_greet`) in domain.yml."""
    path = folder / "domain.yml"
    lines = path.read_text().splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.strip() == "utter_greet:":
            for j in range(index + 1, len(lines)):
                match = re.match(r'(\s*- text: )(["\']?)(.*?)(\2)\s*$', lines[j])
                if match:
                    head, quote, text, _ = match.groups()
                    lines[j] = f"{head}{quote}{text} Nice to meet you.{quote}\n"
                    path.write_text("".join(lines))
                    return "domain.yml utter_greet"
    raise RuntimeError("no utter_greet response")


def change_faq_answer(folder: Path) -> str:
    """Reword one FAQ answer (a retrieval response: part of the NLU training data)."""
    path = folder / "data" / "responses" / "faq.yml"
    text = path.read_text()
    changed = re.sub(r'(utter_faq/what_is:\n\s*- text: ")', r"\1In short: ", text, count=1)
    if changed == text:
        raise RuntimeError("no utter_faq/what_is answer")
    path.write_text(changed)
    return "data/responses/faq.yml utter_faq/what_is"


def measure_training(workdir: Path, folders: Dict[str, Path]) -> Dict[str, Dict[str, Any]]:
    """Per bot: seconds per training step (``*_s``) and its component times (``*_components``)."""
    out: Dict[str, Dict[str, Any]] = {OURS: {}, STOCK: {}}
    steps: List[tuple[str, Optional[Callable[[Path], str]]]] = [
        ("full_training_s", None),
        ("retrain_nlu_example_s", add_nlu_example),
        ("retrain_response_s", change_response),
        ("retrain_faq_answer_s", change_faq_answer),
    ]
    for key, change in steps:
        for kind in (STOCK, OURS):
            if key == "retrain_faq_answer_s" and kind == STOCK:
                continue  # the starter has no FAQ (retrieval) answers
            what = "full training" if change is None else f"retrain after {change(folders[kind])}"
            log(f"{NAMES[kind]}: {what}...")
            log_path = workdir / f"train-{kind}-{key}.log"
            how = "rasa train"
            if kind == OURS:
                out[kind][key], path = _train_ours(folders[kind], log_path)
                how = f"scripts/train.sh, {path}"
                out[kind][key.replace("_s", "_path")] = path
            else:
                out[kind][key] = _train(folders[kind], log_path)
            parts = component_times(log_path)
            out[kind][key.replace("_s", "_components")] = parts
            log(
                f"{NAMES[kind]}: {what} ({how}): {out[kind][key]:.0f} s ("
                + (
                    ", ".join(f"{name} {seconds:.0f} s" for name, seconds in parts["trained_s"])
                    or "nothing trained"
                )
                + f"; {len(parts['from_cache'])} from the cache)"
            )
    return out


# --------------------------------------------------------------------------- report
def _fmt(value: Optional[float], unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if unit == "ms":
        return f"{value:.0f} ms"
    if unit == "s":
        return f"{value:.1f} s"
    if unit == "msg/s":
        return f"{value:.1f} msg/s"
    if unit == "GB":
        return f"{value / 1e9:.2f} GB"
    return f"{value:.2f}"


def _at(*path: str) -> Callable[[Dict[str, Any]], Optional[float]]:
    """The value at ``path`` in one bot's results (KeyError or TypeError when it is absent)."""

    def get(r: Dict[str, Any]) -> Optional[float]:
        value: Any = r
        for key in path:
            value = value[key]
        return value

    return get


def rows(result: Dict[str, Any]) -> List[List[str]]:
    table: List[List[str]] = []

    def add(label: str, key: Callable[[Dict[str, Any]], Optional[float]], unit: str) -> None:
        try:
            ours = key(result[OURS])
        except (KeyError, TypeError):
            ours = None
        try:
            base = key(result[STOCK])
        except (KeyError, TypeError):
            base = None
        ratio = f"{ours / base:.2f}x" if ours is not None and base else "-"
        table.append([label, _fmt(ours, unit), _fmt(base, unit), ratio])

    add("cold start, process start to first reply", lambda r: r["cold_start_s"], "s")
    add("one user at a time, p50 per message", lambda r: r["sequential"]["p50_ms"], "ms")
    add("one user at a time, p95 per message", lambda r: r["sequential"]["p95_ms"], "ms")
    for users in result["config"]["users"]:
        add(
            f"{users} users at once, throughput",
            _at("concurrency", str(users), "throughput_msg_s"),
            "msg/s",
        )
        add(
            f"{users} users at once, p95 per message",
            _at("concurrency", str(users), "p95_ms"),
            "ms",
        )
    for turn in result["config"]["turns"]:
        add(f"one conversation, turn {turn} (median)", _at("turns", str(turn)), "ms")
    add("Rasa server memory (RSS, after the load)", lambda r: r["rss_bytes"], "GB")
    add("full training (empty cache)", lambda r: r["training"]["full_training_s"], "s")
    add(
        "retrain after adding one NLU example",
        lambda r: r["training"]["retrain_nlu_example_s"],
        "s",
    )
    add(
        "retrain after changing one response (domain.yml)",
        lambda r: r["training"]["retrain_response_s"],
        "s",
    )
    add(
        "retrain after changing one FAQ answer (data/responses)",
        lambda r: r["training"]["retrain_faq_answer_s"],
        "s",
    )
    return table


def markdown(result: Dict[str, Any]) -> str:
    head = ["", NAMES[OURS], NAMES[STOCK], "ratio"]
    lines = ["| " + " | ".join(head) + " |", "|---|---:|---:|---:|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows(result)]
    paths = (result.get(OURS) or {}).get("training") or {}
    taken = [
        f"{key[: -len('_path')]}: {value}" for key, value in paths.items() if key.endswith("_path")
    ]
    if taken:
        lines.append("")
        lines.append(
            "Training rows: this project through scripts/train.sh, as `make train` runs it "
            "(path taken: " + ", ".join(taken) + "); the stock starter through `rasa train`."
        )
    return "\n".join(lines)


def plot(result: Dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    users = result["config"]["users"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for kind, style in ((OURS, "o-"), (STOCK, "s--")):
        levels = [result[kind]["concurrency"][str(u)] for u in users]
        left.plot(users, [lv["p50_ms"] for lv in levels], style, label=f"{NAMES[kind]} p50")
        left.plot(
            users, [lv["p95_ms"] for lv in levels], style, alpha=0.5, label=f"{NAMES[kind]} p95"
        )
        right.plot(users, [lv["throughput_msg_s"] for lv in levels], style, label=NAMES[kind])
    left.set(
        xlabel="concurrent users",
        ylabel="latency per message (ms)",
        title="Latency against concurrent users",
    )
    right.set(xlabel="concurrent users", ylabel="messages per second", title="Throughput")
    for axis in (left, right):
        axis.set_xscale("log")
        axis.set_xticks(users)
        axis.set_xticklabels([str(u) for u in users])
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize=8)
    fig.suptitle(
        f"{result['started']} - {result['machine']['cpus']} cores, load before "
        f"{result['machine']['load_before']}",
        fontsize=9,
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


# --------------------------------------------------------------------------- main
def run(args: argparse.Namespace) -> Dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    result: Dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "config": {
            "users": args.users,
            "turns": args.turns,
            "long_turns": max(args.turns),
            "sequential_conversations": args.conversations,
            "conversation": CONVERSATION,
            "smoke": args.smoke,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "load_before": load_average(),
            "python": platform.python_version(),
            "rasa": stock.rasa_version(),
        },
        OURS: {},
        STOCK: {},
    }
    stock.ensure_stock(log)
    # training inputs copied now: what is measured is the tree as it was at the start
    folders = (
        {kind: _project_copy(kind, workdir / f"train-{kind}") for kind in (STOCK, OURS)}
        if args.training
        else {}
    )
    bots = {kind: Bot(kind, workdir) for kind in (OURS, STOCK)}
    try:
        cold: Dict[str, List[float]] = {OURS: [], STOCK: []}
        for attempt in range(args.cold_starts):
            for kind in (OURS, STOCK):
                log(f"{NAMES[kind]}: cold start {attempt + 1}/{args.cold_starts}...")
                cold[kind].append(bots[kind].start())
                log(f"{NAMES[kind]}: first reply after {cold[kind][-1]:.1f} s")
                if attempt < args.cold_starts - 1:
                    bots[kind].stop()
        for kind in (OURS, STOCK):
            result[kind]["cold_start_s"] = percentile(cold[kind], 50)
            result[kind]["cold_starts_s"] = cold[kind]

        log(
            f"one user at a time: {args.conversations} conversations of "
            f"{len(CONVERSATION)} messages each, alternating bots..."
        )
        levels: Dict[str, List[Dict[str, Any]]] = {OURS: [], STOCK: []}
        for index in range(args.conversations):
            for kind in (OURS, STOCK) if index % 2 == 0 else (STOCK, OURS):
                levels[kind].append(
                    asyncio.run(_conversations(bots[kind].url, 1, 1, f"seq{index}"))
                )
        for kind in (OURS, STOCK):
            result[kind]["sequential"] = seq = _merge(levels[kind])
            log(f"{NAMES[kind]}: p50 {seq['p50_ms']:.0f} ms, p95 {seq['p95_ms']:.0f} ms")

        for kind in (OURS, STOCK):
            result[kind]["concurrency"] = {}
        for users in args.users:
            per_user = max(
                1, math.ceil(max(args.min_messages, users * 12) / (users * len(CONVERSATION)))
            )
            for kind in (OURS, STOCK) if users % 2 else (STOCK, OURS):
                level = asyncio.run(_conversations(bots[kind].url, users, per_user, f"c{users}"))
                level.pop("raw", None)
                result[kind]["concurrency"][str(users)] = level
                log(
                    f"{NAMES[kind]}: {users} users: {level['throughput_msg_s']:.1f} msg/s, "
                    f"p95 {level['p95_ms']:.0f} ms ({level['messages']} messages, "
                    f"{level['errors']} errors)"
                )

        turns_total = max(args.turns)
        log(f"one conversation of {turns_total} turns, {args.long_conversations} times per bot...")
        long_runs: Dict[str, List[List[float]]] = {OURS: [], STOCK: []}
        for index in range(args.long_conversations):
            for kind in (OURS, STOCK) if index % 2 == 0 else (STOCK, OURS):
                long_runs[kind].append(asyncio.run(_long(bots[kind].url, turns_total, f"{index}")))
        for kind in (OURS, STOCK):
            result[kind]["turns"] = {}
            for turn in args.turns:
                samples = [
                    run_[t - 1] * 1000
                    for run_ in long_runs[kind]
                    for t in _window(turn, turns_total)
                ]
                result[kind]["turns"][str(turn)] = percentile(samples, 50)
            result[kind]["rss_bytes"] = bots[kind].rss()
            log(
                f"{NAMES[kind]}: turns "
                + ", ".join(f"{t}: {v:.0f} ms" for t, v in result[kind]["turns"].items())
                + f"; Rasa server RSS {result[kind]['rss_bytes'] / 1e9:.2f} GB"
            )
    finally:
        for bot in bots.values():
            bot.stop()

    if args.training:
        training = measure_training(workdir, folders)
        for kind in (OURS, STOCK):
            result[kind]["training"] = training[kind]
    result["machine"]["load_after"] = load_average()
    result["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def _merge(levels: List[Dict[str, Any]]) -> Dict[str, Any]:
    raw = [x for level in levels for x in level["raw"]]
    merged = summary(raw)
    merged["errors"] = sum(level["errors"] for level in levels)
    return merged


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="short run without training (checks that the table is made)",
    )
    parser.add_argument("--no-training", dest="training", action="store_false")
    parser.add_argument("--users", default="1,5,20,50")
    parser.add_argument("--turns", default="1,50,100,200")
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--long-conversations", type=int, default=3)
    parser.add_argument("--cold-starts", type=int, default=2)
    parser.add_argument("--min-messages", type=int, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "bench.json")
    parser.add_argument("--plot", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.smoke:
        args.training = False
        args.users, args.turns = "1,5", "1,10"
        args.conversations, args.long_conversations, args.cold_starts = 2, 1, 1
        args.min_messages = 12
    args.users = [int(x) for x in args.users.split(",")]
    args.turns = [int(x) for x in args.turns.split(",")]
    plot_path = args.plot or args.out.with_name(args.out.stem + "_latency.png")

    result = run(args)
    table = markdown(result)
    result["table_markdown"] = table
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    plot(result, plot_path)
    load = result["machine"]
    print(
        f"\nBenchmark {result['started']} -> {result['finished']}, {load['cpus']} cores, "
        f"load average before {load['load_before']}, after {load['load_after']}"
    )
    print(table)
    print(f"\nwrote {args.out} and {plot_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
