"""The stock Rasa starter bot (`rasa init --no-prompt`), built with this project's
virtualenv in a cache folder and reused by later runs.

Cache: $BENCH_CACHE or ~/.cache/baclofen-bench/stock-rasa-<version>. The folder is
complete when it holds `.bench-complete`; anything else is rebuilt from scratch.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv" / "bin" / "rasa"
MARKER = ".bench-complete"


def rasa_version() -> str:
    from importlib.metadata import version

    return version("rasa")


def cache_root() -> Path:
    base = os.environ.get("BENCH_CACHE") or os.path.expanduser("~/.cache/baclofen-bench")
    return Path(base)


def stock_dir() -> Path:
    return cache_root() / f"stock-rasa-{rasa_version()}"


def quiet_env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "PYTHONWARNINGS": "ignore",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "TF_CPP_MIN_LOG_LEVEL": "2",
        }
    )
    env.update(extra or {})
    return env


def ensure_stock(log=print) -> Path:
    """The starter project folder (with its trained model in models/)."""
    target = stock_dir()
    if (target / MARKER).exists():
        return target
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".building")
    if tmp.exists():
        shutil.rmtree(tmp)
    log(
        f"building the stock starter bot in {target} (rasa init --no-prompt, "
        "about 1-2 minutes, once)"
    )
    start = time.monotonic()
    tmp.mkdir()
    log_path = target.parent / "stock-init.log"
    with open(log_path, "wb") as out:
        result = subprocess.run(
            [str(RASA), "init", "--no-prompt", "--init-dir", str(tmp)],
            cwd=target.parent,
            env=quiet_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if result.returncode != 0 or not list((tmp / "models").glob("*.tar.gz")):
        raise RuntimeError(f"rasa init failed (exit {result.returncode}); see {log_path}")
    tmp.rename(target)
    (target / MARKER).write_text(f"built in {time.monotonic() - start:.0f}s\n")
    return target


def stock_model(folder: Path) -> Path:
    models = sorted((folder / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1]


if __name__ == "__main__":
    print(ensure_stock())
