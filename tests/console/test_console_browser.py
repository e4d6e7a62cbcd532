"""Real headless Chromium (Debian package) driving the console.

test_e2e_* need the lead's ``stack`` fixture (trained model, Rasa server and
action server running): the escalated conversation is created through the real bot.
"""

from __future__ import annotations

import csv
import io
import uuid

import pytest
import requests
from browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS
from console_helpers import (
    ADMIN,
    STAFF,
    ConsoleServer,
    bot_say,
    save_conversation,
    stack_value,
)
from playwright.sync_api import sync_playwright

XSS_TEXT = '<script>window.__pwned = 1; alert("x")</script> my legs are stiff'


@pytest.fixture(scope="module")
def chromium():
    import os

    assert os.path.exists(CHROMIUM), "Chromium missing: apt-get install -y chromium"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def login(page, base: str, user, password) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/escalations")


def test_anonymous_browser_is_sent_to_login(console, chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(console.base + "/conversation?id=anything")
    assert page.url == console.base + "/login"
    api = page.goto(console.base + "/api/conversations")
    assert api.status == 401
    context.close()


def test_patient_script_shows_as_text(console, chromium):
    save_conversation(
        console.store, "browser-xss", [{"text": XSS_TEXT, "replies": ["Stiffness can ease."]}]
    )
    context = chromium.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    login(page, console.base, *STAFF)
    page.goto(console.base + "/conversation?id=browser-xss")
    shown = page.inner_text("li.turn .user .text")
    assert shown == XSS_TEXT
    assert page.evaluate("window.__pwned === undefined")
    assert dialogs == []
    assert page.locator("li.turn script").count() == 0
    kind = "postgresql" if console.env["TRACKER_DB_URL"].startswith("postgresql") else "sqlite"
    page.screenshot(path=str(SCREENSHOTS / f"console-xss-as-text-{kind}.png"), full_page=True)
    context.close()


def test_e2e_escalation_review_export(stack, chromium, tmp_path):
    rasa_url = stack_value(stack, "rasa_url")
    db_url = stack_value(stack, "tracker_db_url")
    env = dict(stack_value(stack, "env") or {})
    env.pop("CONSOLE_PORT", None)

    sender = "e2e-" + uuid.uuid4().hex[:10]
    bot_say(rasa_url, sender, "hello")
    replies = bot_say(rasa_url, sender, "I took baclofen and now I can't breathe properly")
    payloads = [(r.get("custom") or {}).get("disposition") for r in replies]
    assert "emergency" in payloads, replies

    server = ConsoleServer(
        db_url, **{k: v for k, v in env.items() if k not in ("TRACKER_DB_URL", "CONSOLE_DB_URL")}
    )
    result = server.cli(
        "create-admin", "--username", ADMIN[0], "--password-stdin", stdin=ADMIN[1] + "\n"
    )
    assert result.returncode == 0 or "taken" in result.stderr, result.stderr
    server.start()
    try:
        assert requests.get(server.base + "/api/conversations", timeout=10).status_code == 401
        context = chromium.new_context(accept_downloads=True)
        page = context.new_page()
        login(page, server.base, *ADMIN)
        first = page.locator("table.conversations tbody tr.conv").first
        assert first.get_attribute("data-sender") == sender
        assert "emergency" in first.inner_text()
        page.screenshot(path=str(SCREENSHOTS / "console-escalations.png"), full_page=True)

        first.locator("a.open").click()
        page.wait_for_selector("#sender")
        assert page.inner_text("#sender") == sender
        assert page.locator("li.turn.escalated").count() >= 1
        assert "call" in page.inner_text("li.turn.escalated").lower()
        assert "can't breathe" in page.inner_text("ol.transcript")

        page.click("#mark-reviewed")
        page.wait_for_selector("#mark-unreviewed")
        assert page.inner_text("#review-state").startswith(f"reviewed by {ADMIN[0]}")
        page.screenshot(path=str(SCREENSHOTS / "console-reviewed.png"), full_page=True)

        with page.expect_download() as info:
            page.click("#export-csv")
        path = tmp_path / "export.csv"
        info.value.save_as(str(path))
        rows = list(csv.DictReader(io.StringIO(path.read_text())))
        assert {r["conversation_id"] for r in rows} == {sender}
        assert any("can't breathe" in r["user_text"] for r in rows)
        assert any(r["escalated"] == "yes" for r in rows) and rows[0]["reviewed"] == "yes"

        page.goto(server.base + "/admin/audit")
        audit = page.inner_text("table.audit")
        assert "export" in audit and "view_conversation" in audit and sender in audit
        context.close()

        anonymous = chromium.new_context()
        anon_page = anonymous.new_page()
        response = anon_page.goto(server.base + "/conversation/export?id=" + sender + "&format=csv")
        assert anon_page.url == server.base + "/login" and sender not in anon_page.content()
        assert response.status == 200  # the login page after the redirect
        anonymous.close()
    finally:
        server.stop()
