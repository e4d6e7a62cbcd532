"""The scaled stack for ``make test-scale``: PostgreSQL + Redis + 2 Rasa servers +
2 action servers behind nginx + widget + console, all on free loopback ports.

Marked ``scale``: not part of the plain ``pytest -m "not stack"`` run; scripts/test.sh
runs them as their own step (``pytest -m scale``), after the single-server stack has
stopped, so the machine never carries both.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from scripts.stack import ROOT, Stack, free_port

ARTIFACTS = ROOT / "test-artifacts" / "scale"


def warm_up(stack: Stack) -> None:
    """One conversation per Rasa server first: the first turn of a fresh server is slow."""
    import requests

    for url in stack.rasa_urls:
        for text in ("hello", "baclofen is making me dizzy", "mild"):
            requests.post(
                f"{url}/webhooks/rest/webhook",
                timeout=120,
                json={"sender": f"warm-up-{url[-5:]}", "message": text},
            )


@pytest.fixture(scope="session")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    subprocess.run(["bash", str(ROOT / "scripts" / "train.sh")], check=True)
    logs = ARTIFACTS / "logs"
    if logs.exists():
        for old in logs.iterdir():
            old.unlink()
    stack = Stack(
        scaled=True,
        rasa_count=2,
        action_count=2,
        public_port=free_port(),
        widget_port=free_port(),
        console_port=free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
        tracker_db_url="",
        redis_url=None,  # local PostgreSQL and Redis, started here
        # not under pytest's private tmp tree: PostgreSQL runs as the postgres user
        data_dir=Path(tempfile.mkdtemp(prefix="baclofen-scale-")),
        log_dir=logs,
        extra_env={"ACTION_TIMEOUT_SECONDS": "4", "LOCK_LEASE_SECONDS": "6"},
    )
    stack.start()
    try:
        warm_up(stack)
        yield stack
    finally:
        stack.stop()
        for name in ("postgres/postgres.log", "redis/redis.log"):  # keep them for reading
            if (stack.data_dir / name).exists():
                shutil.copy(stack.data_dir / name, logs / Path(name).name)
        shutil.rmtree(stack.data_dir, ignore_errors=True)
