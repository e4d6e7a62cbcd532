"""`make bench` in short: both bots start, answer, and the side-by-side table is made.

No timing is asserted (timings are printed by the benchmark, never gated): this checks
that the benchmark works from a fresh clone (it builds the stock starter on first use).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from scripts.stack import ROOT

pytestmark = pytest.mark.stack


def test_bench_smoke_prints_both_bots_side_by_side(tmp_path):
    out = tmp_path / "bench.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "eval.bench", "--smoke", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "| | this project | stock starter | ratio |" in proc.stdout.replace("|  |", "| |")
    for row in (
        "cold start, process start to first reply",
        "one user at a time, p95",
        "5 users at once, throughput",
        "one conversation, turn 10",
        "Rasa server memory",
    ):
        assert row in proc.stdout, row
    data = json.loads(out.read_text())
    for kind in ("ours", "stock"):
        assert data[kind]["sequential"]["n"] == 12 and data[kind]["sequential"]["errors"] == 0
        assert data[kind]["concurrency"]["5"]["errors"] == 0
        assert data[kind]["rss_bytes"] > 100_000_000
    assert (tmp_path / "bench_latency.png").stat().st_size > 10_000
