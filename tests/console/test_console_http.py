"""The running console over HTTP: access control, sessions, CSRF, escaping, review,
export and audit. Runs against SQLite and a real PostgreSQL server."""

from __future__ import annotations

import csv
import io
import time
from urllib.parse import urlencode

import pytest
import requests
from console_helpers import EMERGENCY_TURNS, SELF_CARE_TURNS, STAFF, csrf_from, save_conversation

XSS = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'
NASTY_ID = "x'; DROP TABLE events; -- <b>id</b>"


@pytest.fixture(scope="module", autouse=True)
def conversations(console):
    save_conversation(console.store, "emergency-conv", EMERGENCY_TURNS)
    save_conversation(console.store, "mild-conv", SELF_CARE_TURNS)
    save_conversation(
        console.store,
        "xss-conv",
        [
            {
                "text": XSS + " call me on 555-123-4567 or kim@example.org, born 03/14/1970",
                "replies": ["Thanks."],
                "slots": {"disposition": "doctor_soon"},
            }
        ],
    )
    save_conversation(
        console.store, NASTY_ID, [{"text": '=HYPERLINK("http://evil")', "replies": ["ok"]}]
    )


ALL_GET = [
    "/",
    "/escalations",
    "/conversation?id=emergency-conv",
    "/api/conversations",
    "/api/conversation?id=emergency-conv",
    "/conversation/export?id=emergency-conv&format=csv",
    "/export?format=json",
    "/admin/users",
    "/admin/audit",
]
ALL_POST = [
    "/logout",
    "/conversation/review",
    "/conversation/tag",
    "/conversation/tag/remove",
    "/conversation/note",
    "/admin/users",
    "/admin/users/update",
    "/admin/users/password",
]


@pytest.mark.parametrize("path", ALL_GET)
def test_anonymous_get_is_refused(console, path):
    resp = requests.get(console.base + path, allow_redirects=False, timeout=10)
    if path.startswith("/api/"):
        assert resp.status_code == 401
    else:
        assert resp.status_code in (302, 401)
        if resp.status_code == 302:
            assert resp.headers["Location"] == "/login"
    assert "emergency-conv" not in resp.text and "breathe" not in resp.text


@pytest.mark.parametrize("path", ALL_POST)
def test_anonymous_post_is_refused(console, path):
    resp = requests.post(
        console.base + path,
        data={"id": "mild-conv", "reviewed": "1"},
        allow_redirects=False,
        timeout=10,
    )
    assert resp.status_code == 401


def test_forged_session_cookie_is_refused(console):
    resp = requests.get(
        console.base + "/api/conversations", cookies={"console_session": "forged" * 5}, timeout=10
    )
    assert resp.status_code == 401


def test_login_sets_strict_httponly_cookie_and_logout_ends_session(console):
    session = console.login(*STAFF)
    resp = session.last_login_response
    assert resp.status_code == 303 and resp.headers["Location"] == "/escalations"
    cookie_header = [
        h for h in resp.raw.headers.getlist("Set-Cookie") if h.startswith("console_session=")
    ][0]
    assert (
        "HttpOnly" in cookie_header
        and "SameSite=Strict" in cookie_header
        and "Path=/" in cookie_header
    )
    stolen = session.cookies.get("console_session")
    page = session.get(console.base + "/escalations", timeout=10)
    assert page.status_code == 200
    assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert page.headers["X-Frame-Options"] == "DENY" and page.headers["Cache-Control"] == "no-store"
    out = session.post(
        console.base + "/logout", data={"csrf_token": csrf_from(page.text)}, allow_redirects=False
    )
    assert out.status_code == 303
    # the old cookie is dead on the server side, not just deleted in the browser
    replay = requests.get(
        console.base + "/api/conversations", cookies={"console_session": stolen}, timeout=10
    )
    assert replay.status_code == 401


def test_wrong_password_and_missing_login_csrf(console):
    assert console.login(STAFF[0], "wrong password!!").last_login_response.status_code == 401
    assert console.login("nobody-here", "wrong password!!").last_login_response.status_code == 401
    resp = requests.post(
        console.base + "/login",
        data={"username": STAFF[0], "password": STAFF[1]},
        allow_redirects=False,
        timeout=10,
    )
    assert resp.status_code == 403 and "console_session" not in resp.cookies


def test_failed_login_limit(console, admin):
    page = admin.get(console.base + "/admin/users")
    username, password = "locked.user", "a very long password 1"
    resp = admin.post(
        console.base + "/admin/users",
        allow_redirects=False,
        data={
            "csrf_token": csrf_from(page.text),
            "username": username,
            "password": password,
            "role": "staff",
        },
    )
    assert resp.status_code == 303
    for _ in range(5):
        assert console.login(username, "not the password").last_login_response.status_code == 401
    blocked = console.login(username, password).last_login_response
    assert blocked.status_code == 429 and "console_session" not in blocked.cookies
    audit = admin.get(console.base + "/admin/audit?action=login_blocked").text
    assert username in audit


def test_csrf_required_on_every_form(console, staff):
    page = staff.get(console.base + "/conversation?id=mild-conv")
    token = csrf_from(page.text)
    base = {"id": "mild-conv", "reviewed": "1"}
    assert (
        staff.post(
            console.base + "/conversation/review", data=base, allow_redirects=False
        ).status_code
        == 403
    )
    bad = dict(base, csrf_token=token[:-2] + "xx")
    assert (
        staff.post(
            console.base + "/conversation/review", data=bad, allow_redirects=False
        ).status_code
        == 403
    )
    for path, data in (
        ("/conversation/tag", {"id": "mild-conv", "tag": "t"}),
        ("/conversation/note", {"id": "mild-conv", "body": "n"}),
        ("/logout", {}),
    ):
        assert staff.post(console.base + path, data=data, allow_redirects=False).status_code == 403
    state = staff.get(console.base + "/api/conversation?id=mild-conv").json()["review"]
    assert state["reviewed"] is False and state["tags"] == [] and state["notes"] == []
    ok = staff.post(
        console.base + "/conversation/review",
        data=dict(base, csrf_token=token),
        allow_redirects=False,
    )
    assert ok.status_code == 303
    assert (
        staff.get(console.base + "/api/conversation?id=mild-conv").json()["review"]["reviewed"]
        is True
    )


def test_staff_cannot_manage_accounts_or_read_audit(console, staff):
    assert staff.get(console.base + "/admin/users").status_code == 403
    assert staff.get(console.base + "/admin/audit").status_code == 403
    page = staff.get(console.base + "/escalations")
    resp = staff.post(
        console.base + "/admin/users",
        allow_redirects=False,
        data={
            "csrf_token": csrf_from(page.text),
            "username": "evil.admin",
            "password": "a very long password 2",
            "role": "admin",
        },
    )
    assert resp.status_code == 403
    assert (
        console.login("evil.admin", "a very long password 2").last_login_response.status_code == 401
    )


def test_admin_manages_accounts(console, admin):
    page = admin.get(console.base + "/admin/users")
    token = csrf_from(page.text)
    weak = admin.post(
        console.base + "/admin/users",
        data={"csrf_token": token, "username": "weak.user", "password": "short", "role": "staff"},
    )
    assert weak.status_code == 400 and "at least 12" in weak.text
    admin.post(
        console.base + "/admin/users",
        data={
            "csrf_token": token,
            "username": "temp.user",
            "password": "temporary password 9",
            "role": "staff",
        },
    )
    temp = console.login("temp.user", "temporary password 9")
    assert temp.get(console.base + "/escalations").status_code == 200
    users_html = admin.get(console.base + "/admin/users").text
    import re

    row = users_html.split("<td>temp.user</td>")[1]
    user_id = re.search(r'name="user_id" value="(\d+)"', row).group(1)
    resp = admin.post(
        console.base + "/admin/users/update",
        allow_redirects=False,
        data={"csrf_token": token, "user_id": user_id, "role": "staff"},
    )  # active unchecked
    assert resp.status_code == 303
    assert (
        temp.get(console.base + "/api/conversations").status_code == 401
    )  # deactivated: session gone
    assert console.login("temp.user", "temporary password 9").last_login_response.status_code == 401


def test_patient_text_is_escaped_everywhere(console, staff):
    page = staff.get(console.base + "/conversation?id=xss-conv")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in page.text
    token = csrf_from(page.text)
    staff.post(
        console.base + "/conversation/note",
        data={"csrf_token": token, "id": "xss-conv", "body": XSS},
    )
    staff.post(
        console.base + "/conversation/tag",
        data={"csrf_token": token, "id": "xss-conv", "tag": "<b>x</b>"},
    )
    page = staff.get(console.base + "/conversation?id=xss-conv").text
    assert "<script>" not in page and "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    listing = staff.get(console.base + "/?" + urlencode({"q": "pwned"})).text
    assert "xss-conv" in listing and "<script>" not in listing
    nasty = staff.get(console.base + "/?" + urlencode({"q": "DROP TABLE"})).text
    assert "<b>id</b>" not in nasty and "&lt;b&gt;id&lt;/b&gt;" in nasty


def test_injection_strings_are_data(console, staff):
    resp = staff.get(console.base + "/api/conversation?" + urlencode({"id": NASTY_ID}))
    assert resp.status_code == 200 and resp.json()["sender_id"] == NASTY_ID
    for q in ("' OR '1'='1", "%", "'; DELETE FROM events; --"):
        data = staff.get(console.base + "/api/conversations?" + urlencode({"q": q})).json()
        assert data["total"] == 0, q
    assert staff.get(console.base + "/api/conversations").json()["total"] >= 4
    assert staff.get(console.base + "/api/conversations?disposition=x' OR 1=1").status_code == 400


def test_lists_filters_and_counts(console, staff):
    data = staff.get(console.base + "/api/conversations?escalations=1").json()
    assert data["conversations"][0]["sender_id"] == "emergency-conv"
    assert data["conversations"][0]["disposition"] == "emergency"
    assert all(c["disposition"] in ("emergency", "doctor_today") for c in data["conversations"])
    assert data["counts"]["emergency"] >= 1 and data["counts"]["self_care"] >= 1
    html = staff.get(console.base + "/escalations").text
    first_row = html.split('<tr class="conv')[1]
    assert "emergency-conv" in first_row and "escalated" in first_row
    filtered = staff.get(console.base + "/api/conversations?disposition=self_care").json()
    assert [c["sender_id"] for c in filtered["conversations"]] == ["mild-conv"]
    flag = staff.get(console.base + "/api/conversations?red_flag=breathing").json()
    assert [c["sender_id"] for c in flag["conversations"]] == ["emergency-conv"]


def test_transcript_page_shows_turn_details(console, staff):
    html = staff.get(console.base + "/conversation?id=emergency-conv").text
    assert "I took baclofen and now I can&#39;t breathe properly" in html
    assert "intent report_side_effect (87%)" in html
    assert "Red flags found: breathing" in html
    assert "none → <strong>emergency</strong>" in html
    assert html.count('class="turn escalated"') == 1
    assert "Seek care now" in html and " UTC" in html


def test_exports_and_redaction(console, staff):
    resp = staff.get(console.base + "/conversation/export?id=xss-conv&format=csv")
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in resp.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert rows[0]["conversation_id"] == "xss-conv" and "555-123-4567" in rows[0]["user_text"]
    red = staff.get(console.base + "/conversation/export?id=xss-conv&format=json&redact=1").json()
    text = red["conversations"][0]["turns"][0]["user_text"]
    assert "555-123-4567" not in text and "kim@example.org" not in text and "03/14/1970" not in text
    assert "[PHONE]" in text and "[EMAIL]" in text and "[DATE]" in text
    assert red["redacted"] is True and "names" in red["redaction_note"]
    # spreadsheet formulas typed by a patient are neutralised
    nasty = staff.get(
        console.base + "/conversation/export?" + urlencode({"id": NASTY_ID, "format": "csv"})
    )
    row = list(csv.DictReader(io.StringIO(nasty.text)))[0]
    assert row["user_text"].startswith("'=HYPERLINK")
    many = staff.get(console.base + "/export?format=json&disposition=emergency").json()
    assert [c["sender_id"] for c in many["conversations"]] == ["emergency-conv"]
    assert many["filters"] == {"disposition": "emergency"}
    assert staff.get(console.base + "/export?format=xml").status_code == 400


def test_views_and_exports_are_audited(console, staff, admin):
    marker = f"audit-{time.time_ns()}"
    staff.get(console.base + "/conversation?id=mild-conv")
    staff.get(console.base + "/conversation/export?id=mild-conv&format=json&redact=1")
    staff.get(console.base + "/?" + urlencode({"q": marker}))
    html = admin.get(console.base + "/admin/audit").text
    assert marker in html  # list view with its filters
    recent = html.split("<tbody>")[1]
    assert "view_conversation" in recent and "export" in recent and STAFF[0] in recent
    assert "&#34;redacted&#34;: true" in recent
