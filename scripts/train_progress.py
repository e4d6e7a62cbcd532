"""Show what `rasa train` is doing while its full output goes to a log file.

    rasa train ... 2>&1 | python scripts/train_progress.py --log var/logs/train.log \
        --expected models/.train-seconds

Prints one line per component (trained, or restored from Rasa's training cache), the
epoch progress of the component being trained, the time so far and the time the last
training took on this machine. Dependency warnings and the rest of Rasa's output stay
in the log. Whether training worked is rasa's exit status (the caller checks it).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

START = re.compile(r"Starting to train component '([^']+)'")
DONE = re.compile(r"Finished training component '([^']+)'")
CACHED = re.compile(r"Restored component '([^']+)' from cache")
EPOCHS = re.compile(r"Epochs:\s+(\d+)%\|.*?\|\s*(\d+)/(\d+)")


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument(
        "--expected", type=Path, help="file with the last training's seconds (read, then updated)"
    )
    args = parser.parse_args()
    args.log.parent.mkdir(parents=True, exist_ok=True)
    expected = None
    if args.expected and args.expected.exists():
        try:
            fields = args.expected.read_text().split()
            expected = (float(fields[0]), int(fields[1]), int(fields[2]))
        except (ValueError, IndexError):
            expected = None
    if expected:
        hint = (
            f"the last training here took {_clock(expected[0])}, with {expected[1]} "
            f"components trained and {expected[2]} from the cache"
        )
    else:
        hint = (
            "a full training takes about 2-4 minutes on 2 cores, a small change less: "
            "unchanged components come from the training cache"
        )
    print(f"  training the model ({hint}); full output: {args.log}", flush=True)
    tty = sys.stdout.isatty()
    started = time.monotonic()
    current, last_line_at, trained, cached = None, 0.0, 0, 0

    def status(text: str, force: bool = False) -> None:
        nonlocal last_line_at
        now = time.monotonic()
        line = f"  [{_clock(now - started):>6}] {text}"
        if tty:
            sys.stdout.write("\r\033[K" + line)
            sys.stdout.flush()
        elif force or now - last_line_at >= 15:
            print(line, flush=True)
            last_line_at = now

    def newline() -> None:
        if tty:
            sys.stdout.write("\n")

    with open(args.log, "ab") as log:
        buffer = b""
        while True:
            chunk = os.read(sys.stdin.fileno(), 65536)
            if not chunk:
                break
            log.write(chunk)
            log.flush()
            buffer += chunk
            *segments, buffer = re.split(rb"[\r\n]", buffer)
            for raw in segments:
                line = raw.decode("utf-8", "replace").strip()
                if not line:
                    continue
                if match := START.search(line):
                    current = match.group(1)
                    status(f"training {current}...", force=True)
                elif match := DONE.search(line):
                    trained += 1
                    status(f"trained {match.group(1)}", force=True)
                    newline()
                    current = None
                elif match := CACHED.search(line):
                    cached += 1
                    status(
                        f"unchanged, taken from the training cache: {match.group(1)}", force=True
                    )
                    newline()
                elif (match := EPOCHS.search(line)) and current:
                    status(f"training {current}: epoch {match.group(2)}/{match.group(3)}")
    if tty and current:
        newline()
    total = time.monotonic() - started
    print(
        f"  {trained} components trained, {cached} restored from the cache, {_clock(total)} in all",
        flush=True,
    )
    if args.expected and trained + cached:
        args.expected.write_text(f"{total:.0f} {trained} {cached}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
