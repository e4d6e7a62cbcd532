"""Where a turn's time goes, inside the Rasa server (the profile in docs/performance.md).

Loads the trained model in-process exactly as `rasa run` does (endpoints.yml: SQL
tracker store on a fresh SQLite file, the NLG, the lock store, the real action server
started on a free port), sends the benchmark conversations and times every part of
each turn with low-overhead wrappers (exclusive time: a part's nested parts are
subtracted from it, so the rows add up to the turn):

    python -m eval.bench.profile [--conversations 20] [--long 100] [--model PATH]
    python -m eval.bench.profile --cprofile results/profile.pstats   # plus cProfile

Prints a Markdown table (ms per turn and share) for the short conversations and for
the turns of one long conversation; writes results/profile.json.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, List

from eval.bench.common import CONVERSATION, LONG_CYCLE, ROOT

_STACK: List[List[Any]] = []  # [label, start, child_time]
TOTALS: Dict[str, float] = defaultdict(float)
CALLS: Dict[str, int] = defaultdict(int)


def _enter(label: str) -> None:
    _STACK.append([label, time.perf_counter(), 0.0])


def _exit() -> None:
    label, start, child = _STACK.pop()
    elapsed = time.perf_counter() - start
    TOTALS[label] += elapsed - child
    CALLS[label] += 1
    if _STACK:
        _STACK[-1][2] += elapsed


def wrap_sync(owner: Any, name: str, label: Any) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        _enter(label(*args) if callable(label) else label)
        try:
            return original(*args, **kwargs)
        finally:
            _exit()

    setattr(owner, name, timed)


def wrap_async(owner: Any, name: str, label: Any) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    async def timed(*args: Any, **kwargs: Any) -> Any:
        _enter(label(*args) if callable(label) else label)
        try:
            return await original(*args, **kwargs)
        finally:
            _exit()

    setattr(owner, name, timed)


GROUPS = {
    # graph component class -> row of the table
    "WhitespaceTokenizer": "NLU: tokenise + featurise",
    "RegexFeaturizer": "NLU: tokenise + featurise",
    "LexicalSyntacticFeaturizer": "NLU: tokenise + featurise",
    "CountVectorsFeaturizer": "NLU: tokenise + featurise",
    "DIETClassifier": "NLU: DIETClassifier",
    "ResponseSelector": "NLU: ResponseSelector",
    "TEDPolicy": "policy: TEDPolicy",
    "UnexpecTEDIntentPolicy": "policy: UnexpecTEDIntentPolicy",
    "RulePolicy": "policy: RulePolicy",
    "MemoizationPolicy": "policy: MemoizationPolicy",
    "SafetyPolicy": "policy: SafetyPolicy (rest)",
}


def _node_label(node: Any, *_: Any) -> str:
    name = node._component_class.__name__
    return GROUPS.get(name, "graph: other nodes (providers, converters, ensemble)")


def install_timers() -> None:
    from rasa.core import processor as rasa_processor
    from rasa.core.actions import action as rasa_action
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.engine.graph import GraphNode
    from rasa.shared.core.trackers import DialogueStateTracker

    wrap_sync(GraphNode, "__call__", _node_label)
    wrap_async(SQLTrackerStore, "_retrieve", "tracker store: load (SQL + replay events)")
    wrap_async(SQLTrackerStore, "save", "tracker store: save")
    wrap_sync(SQLTrackerStore, "_additional_events", "tracker store: count stored events")
    wrap_sync(DialogueStateTracker, "from_dict", "tracker: rebuild from events")
    wrap_sync(DialogueStateTracker, "copy", "tracker: copy (replays all events)")
    wrap_sync(DialogueStateTracker, "past_states", "tracker: past_states (featurisation input)")
    wrap_async(
        rasa_action.RemoteAction,
        "run",
        lambda action, *_: f"action server round trip: {action.name()}",
    )
    wrap_async(rasa_processor.MessageProcessor, "handle_message", "turn total (other)")
    try:
        from clinical import red_flags

        wrap_sync(red_flags, "analyse", "policy: SafetyPolicy red_flags.analyse")
        wrap_sync(red_flags, "assess", "policy: SafetyPolicy red_flags.assess")
    except (ImportError, AttributeError):
        pass
    try:
        from rasa_ext import tracker_store as ours

        wrap_async(ours.ManagedSQLTrackerStore, "save", "tracker store: save")
    except ImportError:
        pass
    try:
        from rasa_ext import tracker_cache

        wrap_sync(
            tracker_cache.CachingTrackerStore,
            "_stored",
            "tracker store: cache check (first and last id; count on PostgreSQL)",
        )
        wrap_async(tracker_cache.CachingTrackerStore, "save", "tracker store: save")
        wrap_async(
            tracker_cache.CachingTrackerStore,
            "retrieve",
            "tracker store: load (SQL + replay events)",
        )
    except ImportError:
        pass


def _reset() -> None:
    TOTALS.clear()
    CALLS.clear()


def _table(turns: int, title: str) -> List[Dict[str, Any]]:
    total = sum(TOTALS.values())
    rows = sorted(TOTALS.items(), key=lambda item: -item[1])
    out = []
    print(f"\n{title} ({turns} turns, {total / turns * 1000:.1f} ms per turn in the server)")
    print("| part of the turn | ms per turn | share | calls per turn |")
    print("|---|---:|---:|---:|")
    for label, seconds in rows:
        per_turn = seconds / turns * 1000
        share = seconds / total * 100 if total else 0
        calls = CALLS[label] / turns
        print(f"| {label} | {per_turn:.2f} | {share:.0f}% | {calls:.1f} |")
        out.append(
            {
                "part": label,
                "ms_per_turn": round(per_turn, 3),
                "share": round(share, 1),
                "calls_per_turn": round(calls, 2),
            }
        )
    return out


async def _run(args: argparse.Namespace) -> Dict[str, Any]:
    import logging

    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    # the log level `rasa run` uses by default (INFO), so logging costs what it costs there
    configure_logging_and_warnings(logging.INFO)
    configure_structlog(logging.INFO)
    endpoints = AvailableEndpoints.read_endpoints(str(args.endpoints))
    agent = await load_agent(model_path=str(args.model), endpoints=endpoints)
    install_timers()

    async def turn(sender: str, text: str) -> float:
        start = time.perf_counter()
        await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender))
        return time.perf_counter() - start

    for text in CONVERSATION:  # warm-up (first TF calls compile graphs)
        await turn("warmup", text)
    _reset()
    count = 0
    for _ in range(args.conversations):
        sender = uuid.uuid4().hex
        for text in CONVERSATION:
            await turn(sender, text)
            count += 1
    short = _table(count, "Short conversations (the benchmark's six messages)")

    long_rows: Dict[str, Any] = {}
    if args.long:
        sender = uuid.uuid4().hex
        timings = []
        for index in range(args.long):
            if index == args.long - 10:
                _reset()
            timings.append(await turn(sender, LONG_CYCLE[index % len(LONG_CYCLE)]))
        long_rows = {
            "turns": args.long,
            "first_10_ms": round(sum(timings[:10]) / 10 * 1000, 2),
            "last_10_ms": round(sum(timings[-10:]) / 10 * 1000, 2),
            "parts_last_10": _table(10, f"Turns {args.long - 9}-{args.long} of one conversation"),
        }
        print(
            f"\nlong conversation: turns 1-10 {long_rows['first_10_ms']} ms, turns "
            f"{args.long - 9}-{args.long} {long_rows['last_10_ms']} ms"
        )
    return {"short": short, "short_turns": count, "long": long_rows}


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--long", type=int, default=100, help="turns of the long conversation")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "current.tar.gz")
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    parser.add_argument("--cprofile", type=Path, help="also write cProfile stats here")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "profile.json")
    args = parser.parse_args(argv)

    from scripts.stack import Stack, free_port

    tmp = Path(tempfile.mkdtemp(prefix="profile-"))
    os.environ["TRACKER_DB_URL"] = f"sqlite:///{tmp / 'tracker.db'}"
    stack = Stack(
        action_port=free_port(),
        rasa_port=free_port(),
        log_dir=tmp / "logs",
        tracker_db_url=os.environ["TRACKER_DB_URL"],
        with_widget=False,
        with_console=False,
    )
    stack._define()
    stack.start(only=["actions"])
    os.environ["ACTION_ENDPOINT_URL"] = f"{stack.action_url}/webhook"
    try:
        if args.cprofile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
            result = asyncio.run(_run(args))
            profiler.disable()
            args.cprofile.parent.mkdir(parents=True, exist_ok=True)
            profiler.dump_stats(str(args.cprofile))
            import pstats

            print(f"\ncProfile (cumulative, top 30) -> {args.cprofile}")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        else:
            result = asyncio.run(_run(args))
    finally:
        stack.stop()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    result["model"] = str(args.model)
    args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
