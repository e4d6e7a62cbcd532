"""Patient feedback: the widget's buttons in Chromium, the /feedback endpoint's limits,
and the feedback reaching the staff console (scripted bot: no trained model needed)."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from urllib.parse import urlencode

import requests
import sqlalchemy as sa
from browser import TEST_NUMBER
from playwright.sync_api import Page, expect

from storage import engines, tables

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LOGS = Path(__file__).resolve().parents[2] / "test-artifacts" / "logs"
ANSWER_START = "Baclofen relaxes tight muscles"
COMMENT = "The answer was too long for me, zebra-marker-7"


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=re.compile("baclofen", re.I)).click()
    page.get_by_role("button", name=re.compile("I understand", re.I)).click()
    expect(page.locator(".bcw-input")).to_be_visible()


def _send(page: Page, text: str) -> None:
    page.locator(".bcw-input").fill(text)
    page.locator(".bcw-input").press("Enter")


def _session(page: Page) -> str:
    return page.evaluate(
        "() => JSON.parse(sessionStorage.getItem('baclofenChat:v1:default')).sessionId"
    )


def _feedback_rows(db_url: str, sender: str):
    with engines.make_engine(db_url).connect() as conn:
        return conn.execute(
            sa.select(tables.feedback).where(tables.feedback.c.sender_id == sender)
        ).fetchall()


def test_feedback_buttons_by_keyboard_reach_the_console(
    page, scripted_widget_url, scripted_db, scripted_console
):
    _open(page, scripted_widget_url)
    _send(page, "hello")  # a question with suggested answers: no feedback buttons
    expect(page.locator(".bcw-quick-reply").first).to_be_visible()
    expect(page.locator(".bcw-feedback")).to_have_count(0)
    _send(page, "what is baclofen?")
    answer = page.locator(".bcw-from-bot").last
    expect(answer).to_contain_text(ANSWER_START)
    box = page.locator(".bcw-feedback")
    expect(box).to_have_count(1)
    expect(box.get_by_role("group")).to_have_accessible_name("Was this helpful?")
    helped = box.get_by_role("button", name="This helped")
    not_helped = box.get_by_role("button", name="This didn\u2019t help")
    expect(helped).to_have_attribute("aria-pressed", "false")

    # keyboard only: Tab from the first button to the second, Enter presses it
    helped.focus()
    page.keyboard.press("Tab")
    expect(not_helped).to_be_focused()
    page.keyboard.press("Enter")
    expect(not_helped).to_have_attribute("aria-pressed", "true")
    expect(helped).to_have_attribute("aria-pressed", "false")
    status = box.locator(".bcw-feedback-status")
    expect(status).to_contain_text("Thank you")
    expect(status).to_contain_text(TEST_NUMBER)  # "didn't help": says where to get help
    comment = box.get_by_label(re.compile("Anything to add"))
    expect(comment).to_be_visible()
    label = box.locator("label").inner_text()
    assert "optional" in label and "don\u2019t include your name" in label
    page.keyboard.press("Tab")
    expect(comment).to_be_focused()
    page.keyboard.type(COMMENT)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the Send button
    expect(status).to_contain_text("comment was sent")
    expect(comment).to_be_hidden()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    expect(page.locator(".bcw-typing")).to_be_hidden()  # the dots linger 600 ms by design
    page.screenshot(path=str(SCREENSHOTS / "11-feedback-given.png"))

    sender = _session(page)
    (row,) = _feedback_rows(scripted_db, sender)
    assert not row.helpful and row.comment == COMMENT and row.event_id is not None
    page.reload()  # remembered in this tab only
    expect(page.locator(".bcw-feedback-button[aria-pressed=true]")).to_have_text(
        "This didn\u2019t help"
    )
    # changing one's mind updates the same row
    page.locator(".bcw-feedback").get_by_role("button", name="This helped").click()
    expect(page.locator(".bcw-feedback-button[aria-pressed=true]")).to_have_text("This helped")
    (row,) = _feedback_rows(scripted_db, sender)
    assert row.helpful and row.comment == COMMENT
    assert not page.page_errors

    # the staff console shows it with the conversation, filters and counts it
    staff = scripted_console.staff
    transcript = staff.get(scripted_console.base + "/conversation?" + urlencode({"id": sender}))
    assert "this helped" in transcript.text and COMMENT in transcript.text
    listed = staff.get(scripted_console.base + "/api/conversations?feedback=helped").json()
    assert sender in [c["sender_id"] for c in listed["conversations"]]
    dash = staff.get(scripted_console.base + "/api/dashboard").json()
    assert dash["feedback"]["helped"] >= 1
    # the patient's comment is in no log
    for log in LOGS.glob("widget-*.log"):
        assert "zebra-marker-7" not in log.read_text(errors="replace")
    for log in Path(scripted_console.log.name).parent.glob("console-*.log"):
        assert "zebra-marker-7" not in log.read_text(errors="replace")


def test_no_feedback_buttons_on_emergency_alerts(page, scripted_widget_url):
    _open(page, scripted_widget_url)
    _send(page, "this is urgent")
    expect(page.locator(".bcw-emergency")).to_have_count(1)
    page.wait_for_timeout(500)
    expect(page.locator(".bcw-feedback")).to_have_count(0)


def _post(url: str, body, headers=None, raw: bytes = None):
    return requests.post(
        url.rstrip("/") + "/feedback",
        data=raw if raw is not None else json.dumps(body),
        headers={"Content-Type": "application/json", **(headers or {})},
        timeout=30,
    )


def test_feedback_endpoint_limits(limited_widget_url, scripted_db, browser):
    # one real conversation with an answer, through the widget
    context = browser.new_context()
    tab = context.new_page()
    _open(tab, limited_widget_url)
    _send(tab, "what is baclofen?")
    expect(tab.locator(".bcw-from-bot").last).to_contain_text(ANSWER_START)
    sender = _session(tab)
    answer = tab.locator(".bcw-from-bot .bcw-text").last.inner_text()
    context.close()
    own = limited_widget_url.rstrip("/")
    good = {"session_id": sender, "message": answer, "helpful": True}

    assert _post(own, good, {"Origin": own}).status_code == 204
    allowed = _post(own, good, {"Origin": "https://clinic.example.org"})
    assert allowed.status_code == 204
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://clinic.example.org"
    assert _post(own, good, {"Origin": "https://evil.example"}).status_code == 403
    assert _post(own, {**good, "message": "I never said this"}).status_code == 404
    assert _post(own, {**good, "session_id": uuid.uuid4().hex}).status_code == 404
    assert _post(own, {**good, "helpful": "yes"}).status_code == 400
    # the limit (5 a minute for this server; refused origins do not count) is reached
    assert _post(own, good).status_code == 429
    # (size and type limits are checked before anything else but the rate: a fresh IP
    # is not available here, so they are covered on the other server)
    assert len(_feedback_rows(scripted_db, sender)) == 1


def test_feedback_endpoint_refuses_forms_and_big_bodies(scripted_widget_url):
    own = scripted_widget_url.rstrip("/")
    form = requests.post(own + "/feedback", data={"session_id": "x"}, timeout=30)
    assert form.status_code == 415  # a cross-site <form> cannot send JSON
    big = _post(own, None, raw=json.dumps({"comment": "x" * 5000}).encode())
    assert big.status_code == 413
    assert _post(own, None, raw=b"not json").status_code == 400
    assert _post(own, ["a", "list"]).status_code == 400
    preflight = requests.options(
        own + "/feedback", headers={"Origin": "https://evil.example"}, timeout=30
    )
    assert preflight.status_code == 403
