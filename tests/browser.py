"""Headless Chromium settings shared by the browser tests (widget and console).

Debian's chromium, driven by Playwright; the flags keep it from calling home on this
machine's closed network. No browser is downloaded.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Widget servers that run without the real bot are given this emergency number, so a
# test can tell the configured number from any default.
TEST_NUMBER = "112"
