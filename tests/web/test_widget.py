"""The chat widget in real headless Chromium against the running bot.

Covers issue #4: notice acknowledgement, a triage conversation with buttons,
the emergency alert with tap-to-call, persistence across reloads
(sessionStorage only), the offline / no-answer messages, HTML safety,
keyboard-only use, screen-reader live region and a 360 px phone screen.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from browser import TEST_NUMBER
from playwright.sync_api import Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

DISPOSITION = re.compile(
    r"common side effect|book a talk|contact your prescriber|Seek care now", re.IGNORECASE
)
# Answers that walk a mild, non-urgent triage (first match wins on each question).
MILD_ANSWERS = [
    "I have a side effect",
    "Drowsiness",
    "Mild",
    "A few days ago",
    "No",
    "No, taking it as usual",
    "By mouth",
    "Not sure",
]


def shot(page: Page, name: str) -> None:
    """Save a named screenshot as a test artifact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def open_chat(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=re.compile("baclofen", re.I)).click()


def acknowledge(page: Page) -> None:
    page.get_by_role("button", name=re.compile("I understand", re.I)).click()
    expect(page.locator(".bcw-input")).to_be_visible()


def send(page: Page, text: str) -> None:
    page.locator(".bcw-input").fill(text)
    page.locator(".bcw-input").press("Enter")


def bot_count(page: Page) -> int:
    return page.locator(".bcw-from-bot").count()


def wait_for_new_bot_message(page: Page, before: int) -> None:
    expect(page.locator(".bcw-from-bot")).not_to_have_count(before)
    # let follow-up messages of the same turn arrive
    page.wait_for_timeout(800)


def assert_only_loopback(page: Page) -> None:
    hosts = {urlsplit(u).hostname for u in page.requests if not u.startswith(("data:", "blob:"))}
    assert hosts <= {"127.0.0.1"}, f"unexpected hosts contacted: {hosts}"


def test_notice_must_be_acknowledged_before_chatting(page, widget_url, emergency_number):
    open_chat(page, widget_url)
    notice = page.locator(".bcw-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("not a doctor")
    expect(notice.locator(f'a[href="tel:{emergency_number}"]')).to_be_visible()
    expect(page.locator(".bcw-input")).to_be_hidden()
    shot(page, "01-notice")
    acknowledge(page)
    expect(notice).to_be_hidden()
    # Accessibility basics of the conversation area.
    log = page.locator(".bcw-log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(log).to_have_attribute("role", "log")
    assert_only_loopback(page)


def test_triage_conversation_with_quick_reply_buttons(page, widget_url):
    open_chat(page, widget_url)
    acknowledge(page)
    send(page, "hi")
    wait_for_new_bot_message(page, 0)
    clicked = []
    for _ in range(14):
        # the disposition may be followed by "anything else?" in the same turn
        if DISPOSITION.search(" ".join(page.locator(".bcw-from-bot").all_inner_texts())):
            break
        buttons = page.locator(".bcw-quick-reply")
        titles = [buttons.nth(i).inner_text() for i in range(buttons.count())]
        assert titles, (
            "the bot asked a question without buttons: " + page.locator(".bcw-log").inner_text()
        )
        choice = next((t for t in MILD_ANSWERS if t in titles), titles[0])
        before = bot_count(page)
        buttons.filter(has_text=re.compile(f"^{re.escape(choice)}$")).first.click()
        clicked.append(choice)
        # the chosen title is shown as the patient's message, old buttons are gone
        expect(page.locator(".bcw-from-user").last).to_contain_text(choice)
        wait_for_new_bot_message(page, before)
        shot(page, f"02-triage-step-{len(clicked)}")
    final = " ".join(page.locator(".bcw-from-bot").all_inner_texts())
    assert DISPOSITION.search(final), f"no disposition after {clicked}: {final}"
    assert "common side effect" in final  # mild answers -> self care
    assert len(clicked) >= 4, clicked
    expect(page.locator(".bcw-emergency")).to_have_count(0)
    shot(page, "02-triage-disposition")
    assert not page.page_errors


def test_emergency_message_shows_alert_with_tap_to_call(page, widget_url, emergency_number):
    open_chat(page, widget_url)
    acknowledge(page)
    send(page, "My husband took too many of his baclofen tablets and now he is hard to wake up")
    alert = page.locator(".bcw-emergency")
    yes_now = page.locator(".bcw-quick-reply", has_text=re.compile("^Yes", re.I))
    expect(alert.or_(yes_now).first).to_be_visible()
    if alert.count() == 0:  # the bot asked "is this happening right now?"
        yes_now.first.click()
    expect(alert.first).to_be_visible()
    expect(alert.first).to_have_attribute("role", "alert")
    expect(alert.first).to_contain_text("Seek care now")
    call = alert.first.locator(f'a[href="tel:{emergency_number}"]')
    expect(call).to_be_visible()
    expect(call).to_contain_text(emergency_number)
    box = call.bounding_box()
    assert box and box["height"] >= 44, "the call link must be a large tap target"
    shot(page, "03-emergency-alert")


def test_conversation_survives_reload_in_session_storage_only(page, widget_url):
    open_chat(page, widget_url)
    acknowledge(page)
    send(page, "hello")
    wait_for_new_bot_message(page, 0)
    before = page.locator(".bcw-log").inner_text()
    session_id = page.evaluate(
        "() => JSON.parse(sessionStorage.getItem('baclofenChat:v1:default')).sessionId"
    )
    assert re.fullmatch(r"[0-9a-f]{32}", session_id)
    assert page.evaluate("() => localStorage.length") == 0

    page.reload()
    expect(page.locator(".bcw-log")).to_be_visible()  # panel re-opened, notice not shown again
    expect(page.locator(".bcw-notice")).to_be_hidden()
    assert page.locator(".bcw-log").inner_text() == before
    shot(page, "04-after-reload")
    # The same conversation continues on the server after the reload.
    count = bot_count(page)
    send(page, "What is baclofen?")
    wait_for_new_bot_message(page, count)
    assert (
        page.evaluate(
            "() => JSON.parse(sessionStorage.getItem('baclofenChat:v1:default')).sessionId"
        )
        == session_id
    )
    assert page.evaluate("() => localStorage.length") == 0

    # "Clear chat" forgets everything in this browser.
    page.get_by_role("button", name=re.compile("Clear this conversation", re.I)).click()
    expect(page.locator(".bcw-notice")).to_be_visible()
    assert page.locator(".bcw-from-bot").count() == 0


def test_offline_message_when_server_is_down(page, offline_widget_url):
    open_chat(page, offline_widget_url)
    acknowledge(page)
    status = page.locator(".bcw-status")
    expect(status).to_be_visible()
    expect(status).to_have_attribute("role", "alert")
    expect(status).to_contain_text("can\u2019t reach the assistant")
    expect(status.locator(f'a[href="tel:{TEST_NUMBER}"]')).to_be_visible()
    send(page, "hello")
    expect(page.locator(".bcw-input")).to_have_value("hello")  # kept for a retry
    shot(page, "05-offline")


def test_offline_message_when_server_goes_down_mid_conversation(page, widget_url, emergency_number):
    open_chat(page, widget_url)
    acknowledge(page)
    send(page, "hello")
    wait_for_new_bot_message(page, 0)
    page.route(re.compile(r".*/socket\.io/.*"), lambda route: route.abort())
    send(page, "are you there?")
    status = page.locator(".bcw-status")
    expect(status).to_be_visible(timeout=60000)
    expect(status.locator(f'a[href="tel:{emergency_number}"]')).to_be_visible()
    shot(page, "06-offline-mid-conversation")


def test_no_answer_message_when_server_returns_nothing(page, silent_widget_url):
    open_chat(page, silent_widget_url)
    acknowledge(page)
    send(page, "hello")
    expect(page.locator(".bcw-typing")).to_be_visible()
    warning = page.locator(".bcw-warning")
    expect(warning).to_be_visible(timeout=15000)
    expect(warning).to_contain_text("did not answer")
    expect(warning).to_contain_text(TEST_NUMBER)
    expect(page.locator(".bcw-typing")).to_be_hidden()
    shot(page, "07-no-answer")


def test_script_in_messages_is_shown_as_text(page, widget_url):
    open_chat(page, widget_url)
    acknowledge(page)
    payload = (
        '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>bold</b>'
    )
    send(page, payload)
    wait_for_new_bot_message(page, 0)
    expect(page.locator(".bcw-from-user .bcw-text").last).to_have_text(payload)
    assert page.locator(".bcw-log script, .bcw-log img, .bcw-log b").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    shot(page, "08-script-as-text")


def test_keyboard_only_use(page, widget_url):
    page.goto(widget_url)
    launcher = page.locator(".bcw-launcher")
    for _ in range(10):  # Tab through the page to the launcher
        page.keyboard.press("Tab")
        if launcher.evaluate("el => el === document.activeElement"):
            break
    assert launcher.evaluate("el => el === document.activeElement"), (
        "launcher is not reachable by Tab"
    )
    page.keyboard.press("Enter")
    ack = page.get_by_role("button", name=re.compile("I understand", re.I))
    expect(ack).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".bcw-input")).to_be_focused()
    page.keyboard.type("hi")
    page.keyboard.press("Enter")
    expect(page.locator(".bcw-quick-reply").first).to_be_visible()
    before = bot_count(page)
    page.locator(".bcw-quick-reply").first.focus()
    page.keyboard.press("Enter")
    wait_for_new_bot_message(page, before)
    page.keyboard.press("Escape")
    expect(page.locator(".bcw-panel")).to_be_hidden()
    expect(launcher).to_be_focused()


def test_fits_a_360px_phone_screen(page, widget_url):
    open_chat(page, widget_url)
    acknowledge(page)
    send(page, "I feel very dizzy and sleepy since my dose went up last week, is that normal?")
    wait_for_new_bot_message(page, 0)
    panel = page.locator(".bcw-panel").bounding_box()
    assert panel and panel["x"] >= 0 and panel["x"] + panel["width"] <= 360
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    for locator in (page.locator(".bcw-input"), page.locator(".bcw-send")):
        box = locator.bounding_box()
        assert box and box["x"] + box["width"] <= 360 and box["height"] >= 44
    shot(page, "09-phone-360px")
    assert_only_loopback(page)


def test_emergency_is_recognised_by_payload_not_wording(page, scripted_widget_url):
    open_chat(page, scripted_widget_url)
    acknowledge(page)
    send(page, "what does seek care now mean?")
    wait_for_new_bot_message(page, 0)
    expect(page.locator(".bcw-from-bot").last).to_contain_text("Seek care now means")
    expect(page.locator(".bcw-emergency")).to_have_count(0)  # the words alone: no alarm

    before = bot_count(page)
    send(page, "this is urgent")
    expect(page.locator(".bcw-emergency")).to_have_count(1)
    page.wait_for_timeout(500)
    # the text bubble that came with the payload became the alert (no second bubble)
    assert bot_count(page) == before + 1
    alert = page.locator(".bcw-emergency")
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text("Seek care now: call 112.")
    expect(alert.locator(f'a[href="tel:{TEST_NUMBER}"]')).to_be_visible()

    send(page, "payload only")  # a payload without text still raises the alert
    expect(page.locator(".bcw-emergency")).to_have_count(2)
    expect(page.locator(".bcw-emergency").last).to_contain_text(f"Call {TEST_NUMBER}")
    page.reload()  # the alert survives a reload (kept in sessionStorage)
    expect(page.locator(".bcw-emergency")).to_have_count(2)
    shot(page, "10-emergency-by-payload")
    assert not page.page_errors
