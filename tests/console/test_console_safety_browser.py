"""The safety loop in headless Chromium: labelling, the review queue, the dashboard
(screenshots under test-artifacts/screenshots/) and what a read-only account sees."""

from __future__ import annotations

import time

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS
from console_helpers import ADMIN, STAFF, VIEWER, save_conversation, seed_month
from playwright.sync_api import expect, sync_playwright

MISSED = "I took my baclofen and now I can't breathe properly, my lips are going blue"


@pytest.fixture(scope="module")
def chromium():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def month(console):
    """A month of conversations, one missed emergency, and some patient feedback."""
    now = time.time()
    seed_month(console.store, "month", now - 3600)
    missed = f"missed-{time.time_ns()}"
    save_conversation(
        console.store,
        missed,
        [
            {
                "text": MISSED,
                "slots": {"disposition": "self_care"},
                "replies": [
                    {"text": "Rest and drink water.", "custom": {"disposition": "self_care"}}
                ],
            }
        ],
        start_ts=now - 1800,
    )
    return missed


def _kind(console) -> str:
    return "postgresql" if console.env["TRACKER_DB_URL"].startswith("postgresql") else "sqlite"


def _login(chromium, console, account):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(console.base + "/login")
    page.fill("input[name=username]", account[0])
    page.fill("input[name=password]", account[1])
    page.click("button[type=submit]")
    page.wait_for_url(console.base + "/escalations")
    return context, page


def test_reviewer_labels_a_missed_emergency(console, chromium, month):
    context, page = _login(chromium, console, STAFF)
    page.goto(console.base + "/conversation?id=" + month)
    expect(page.locator("#label-state")).to_have_text("not labelled")
    form = page.locator("#label-form")
    # the label needs the message where it went wrong: saving without it is refused
    form.get_by_label("emergency", exact=True).check()
    page.click("#save-label")
    expect(page.locator("p.error")).to_contain_text("Choose the patient message")
    page.click("#back")
    page.locator("#label-form").get_by_label("emergency", exact=True).check()
    option = page.locator("#label-message option", has_text="turn 0: I took my baclofen")
    page.select_option("#label-message", value=option.get_attribute("value"))
    page.click("#save-label")
    expect(page.locator("#label-gap")).to_have_text("under-triage")
    expect(page.locator("#label-state")).to_contain_text(f"emergency by {STAFF[0]}")
    expect(page.locator("li.turn.went-wrong")).to_have_count(1)
    expect(page.locator("li.turn.went-wrong")).to_contain_text("it went wrong here")
    page.screenshot(path=str(SCREENSHOTS / f"console-label-{_kind(console)}.png"), full_page=True)

    page.goto(console.base + "/escalations")
    first = page.locator("table.conversations tbody tr.conv").first
    expect(first).to_have_attribute("data-sender", month)
    expect(first.locator(".badge.gap-under")).to_have_text("under-triage")
    page.screenshot(path=str(SCREENSHOTS / f"console-queue-{_kind(console)}.png"), full_page=True)
    page.goto(console.base + "/?triage=under")
    expect(page.locator("tr.conv")).to_have_count(1)
    context.close()


def test_dashboard_charts_and_date_range(console, chromium, month):
    context, page = _login(chromium, console, ADMIN)
    page.goto(console.base + "/dashboard")
    images = page.locator("figure.chart img")
    expect(images).to_have_count(9)
    loaded = page.evaluate(
        "() => [...document.querySelectorAll('figure.chart img')]"
        ".map(i => i.complete && i.naturalWidth > 0)"
    )
    assert loaded == [True] * 9, loaded
    assert int(page.inner_text("#fig-conversations")) >= 40
    expect(page.locator("#fig-escalation")).to_contain_text("%")
    page.locator("#chart-dispositions summary").click()
    expect(page.locator("#chart-dispositions table.numbers")).to_be_visible()
    rows = page.locator("#chart-dispositions table.numbers tbody tr")
    expect(rows).to_have_count(28)
    page.screenshot(
        path=str(SCREENSHOTS / f"console-dashboard-{_kind(console)}.png"), full_page=True
    )
    page.get_by_role("link", name="a year").click()
    expect(page.locator("p.hint").first).to_contain_text("per week")
    page.screenshot(
        path=str(SCREENSHOTS / f"console-dashboard-year-{_kind(console)}.png"), full_page=True
    )
    page.fill("input[name=from]", "2026-03-01")
    page.fill("input[name=to]", "2026-03-07")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#fig-conversations")).to_have_text("0")
    context.close()


def test_viewer_reads_but_cannot_label_or_review(console, chromium, month):
    context, page = _login(chromium, console, VIEWER)
    page.goto(console.base + "/conversation?id=" + month)
    expect(page.locator("#sender")).to_have_text(month)
    expect(page.locator("#label-form")).to_have_count(0)
    expect(page.locator("#mark-reviewed")).to_have_count(0)
    expect(page.locator("#export-csv")).to_have_count(0)
    expect(page.locator("#read-only")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / f"console-viewer-{_kind(console)}.png"), full_page=True)
    page.goto(console.base + "/dashboard")
    expect(page.locator("figure.chart img")).to_have_count(9)
    page.goto(console.base + "/")
    expect(page.locator("p.export")).to_have_count(0)
    context.close()
