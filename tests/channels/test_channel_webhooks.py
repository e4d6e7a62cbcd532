"""Provider-format webhooks posted to the running Rasa server on loopback.

Each test signs (or mis-signs) a request exactly as the provider does, posts it
to the real server and checks: the reply reached the provider's (fake) outbound
API, and the user turn is stored in the tracker store. Bad signatures must be
rejected before the bot sees anything.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any, Dict

import requests
from test_env import (
    FACEBOOK_APP_SECRET,
    FACEBOOK_VERIFY_TOKEN,
    SLACK_SIGNING_SECRET,
    TELEGRAM_BOT_TOKEN,
    TELEGRAM_SECRET_TOKEN,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_NUMBER,
)
from twilio.request_validator import RequestValidator

GREETING = "hello"
EMERGENCY_TEXT = "I can't breathe properly and my lips are swelling"
REJECT_WAIT = 2.0  # seconds to make sure nothing was sent after a rejected request


def _url(stack: Any, channel: str) -> str:
    return f"{stack.rasa_url}/webhooks/{channel}/webhook"


def _emergency_number(stack: Any) -> str:
    return (stack.env or {}).get("EMERGENCY_NUMBER") or "911"


# --- Twilio (SMS) ----------------------------------------------------------


def _twilio_params(sender: str, body: str) -> Dict[str, str]:
    return {
        "AccountSid": TWILIO_ACCOUNT_SID,
        "MessageSid": "SM" + uuid.uuid4().hex,
        "From": sender,
        "To": TWILIO_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "FromCity": "",
        "FromState": "",
    }  # Twilio sends blank fields too


def _post_twilio(stack: Any, params: Dict[str, str], signature: str = None) -> requests.Response:
    url = _url(stack, "twilio")
    if signature is None:
        signature = RequestValidator(TWILIO_AUTH_TOKEN).compute_signature(url, params)
    return requests.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=60)


def _sms_to(sender: str):
    return lambda c: c.provider == "twilio" and c.form().get("To") == [sender]


def test_twilio_signed_sms_gets_reply_and_is_stored(channel_stack, providers, tracker_db):
    sender = "+1555" + str(uuid.uuid4().int)[:7]
    resp = _post_twilio(channel_stack, _twilio_params(sender, GREETING))
    assert resp.status_code == 200, resp.text
    assert "<Response>" in resp.text

    sent = providers.wait_for(_sms_to(sender))
    assert sent, "no SMS reply was sent through the Twilio API"
    call = sent[0]
    assert call.path == f"/twilio/2010-04-01/Accounts/{TWILIO_ACCOUNT_SID}/Messages.json"
    assert call.headers.get("Authorization", "").startswith("Basic ")
    form = call.form()
    assert form["From"] == [TWILIO_NUMBER]
    assert form["Body"][0].strip()

    stored = tracker_db.wait_for_user_text(sender, GREETING)
    assert stored is not None, "the SMS turn was not stored in the tracker store"
    assert stored.get("input_channel") == "twilio"


def test_twilio_rejects_bad_or_missing_signature(channel_stack, providers, tracker_db):
    sender = "+1555" + str(uuid.uuid4().int)[:7]
    params = _twilio_params(sender, GREETING)
    forged = RequestValidator("not-the-token").compute_signature(
        _url(channel_stack, "twilio"), params
    )
    assert _post_twilio(channel_stack, params, signature=forged).status_code == 403
    assert _post_twilio(channel_stack, params, signature="").status_code == 403
    # A valid signature does not cover a changed body.
    good = RequestValidator(TWILIO_AUTH_TOKEN).compute_signature(
        _url(channel_stack, "twilio"), params
    )
    tampered = dict(params, Body="something else")
    assert _post_twilio(channel_stack, tampered, signature=good).status_code == 403

    time.sleep(REJECT_WAIT)
    assert not providers.wait_for(_sms_to(sender), timeout=0)
    assert tracker_db.events(sender) == []


def test_twilio_emergency_reply_reads_seek_care_now_with_number(channel_stack, providers):
    sender = "+1555" + str(uuid.uuid4().int)[:7]
    assert _post_twilio(channel_stack, _twilio_params(sender, EMERGENCY_TEXT)).status_code == 200
    bodies = [c.form()["Body"][0] for c in providers.settle(_sms_to(sender))]
    assert bodies, "no SMS reply"
    if not bodies[0].startswith("Seek care now") and "Reply with a number" in bodies[-1]:
        # The bot asked whether it is happening right now: answer "1" (Yes).
        seen = len(bodies)
        assert _post_twilio(channel_stack, _twilio_params(sender, "1")).status_code == 200
        bodies = [c.form()["Body"][0] for c in providers.settle(_sms_to(sender))][seen:]
    first = bodies[0]
    assert first.startswith("Seek care now"), bodies
    assert _emergency_number(channel_stack) in first, bodies
    # Machine-readable payloads never reach the patient's phone.
    assert not any("disposition" in b or b.strip().startswith("{") for b in bodies), bodies


# --- Slack -----------------------------------------------------------------


def _slack_headers(body: bytes, secret: str = SLACK_SIGNING_SECRET, age: int = 0) -> Dict[str, str]:
    ts = str(int(time.time()) - age)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
    }


def _slack_event(user: str, channel: str, text: str) -> bytes:
    return json.dumps(
        {
            "token": "unused",
            "team_id": "T000TEST",
            "api_app_id": "A000TEST",
            "type": "event_callback",
            "event_id": "Ev" + uuid.uuid4().hex[:10],
            "event_time": int(time.time()),
            "authed_users": ["UBOT0000"],
            "event": {
                "type": "message",
                "channel_type": "im",
                "user": user,
                "text": text,
                "ts": f"{time.time():.6f}",
                "channel": channel,
            },
        }
    ).encode()


def _slack_posts_to(channel: str):
    return lambda c: (
        c.provider == "slack"
        and c.path.endswith("chat.postMessage")
        and c.json().get("channel") == channel
    )


def test_slack_signed_event_gets_reply_and_is_stored(channel_stack, providers, tracker_db):
    user, channel = "U" + uuid.uuid4().hex[:8].upper(), "D" + uuid.uuid4().hex[:8].upper()
    body = _slack_event(user, channel, GREETING)
    resp = requests.post(
        _url(channel_stack, "slack"), data=body, headers=_slack_headers(body), timeout=60
    )
    assert resp.status_code == 200, resp.text

    sent = providers.wait_for(_slack_posts_to(channel))
    assert sent, "no reply was posted through the Slack Web API"
    assert sent[0].headers.get("Authorization") == "Bearer xoxb-test-token"
    assert sent[0].json().get("text") or sent[0].json().get("blocks")
    stored = tracker_db.wait_for_user_text(user, GREETING)
    assert stored is not None and stored.get("input_channel") == "slack"


def test_slack_rejects_bad_signature_and_replayed_request(channel_stack, providers, tracker_db):
    user, channel = "U" + uuid.uuid4().hex[:8].upper(), "D" + uuid.uuid4().hex[:8].upper()
    body = _slack_event(user, channel, GREETING)
    bad = requests.post(
        _url(channel_stack, "slack"),
        data=body,
        headers=_slack_headers(body, secret="wrong-secret"),
        timeout=30,
    )
    old = requests.post(
        _url(channel_stack, "slack"), data=body, headers=_slack_headers(body, age=600), timeout=30
    )
    assert bad.status_code in (400, 401, 403)
    assert old.status_code in (400, 401, 403)
    time.sleep(REJECT_WAIT)
    assert not providers.wait_for(_slack_posts_to(channel), timeout=0)
    assert tracker_db.events(user) == []


def test_slack_url_verification_answers_the_challenge(channel_stack):
    body = json.dumps({"token": "x", "challenge": "c-123", "type": "url_verification"}).encode()
    resp = requests.post(
        _url(channel_stack, "slack"), data=body, headers=_slack_headers(body), timeout=30
    )
    assert resp.status_code == 200
    assert resp.json() == {"challenge": "c-123"}
    unsigned = requests.post(
        _url(channel_stack, "slack"),
        data=body,
        headers=_slack_headers(body, secret="wrong"),
        timeout=30,
    )
    assert unsigned.status_code == 400


# --- Facebook Messenger ----------------------------------------------------


def _fb_body(psid: str, text: str) -> bytes:
    return json.dumps(
        {
            "object": "page",
            "entry": [
                {
                    "id": "PAGE1",
                    "time": int(time.time() * 1000),
                    "messaging": [
                        {
                            "sender": {"id": psid},
                            "recipient": {"id": "PAGE1"},
                            "timestamp": int(time.time() * 1000),
                            "message": {"mid": "m_" + uuid.uuid4().hex, "text": text},
                        }
                    ],
                }
            ],
        }
    ).encode()


def _fb_headers(body: bytes, secret: str = FACEBOOK_APP_SECRET) -> Dict[str, str]:
    sig = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={sig}"}


def _fb_sends_to(psid: str):
    return lambda c: (
        c.provider == "facebook"
        and c.path == "/facebook/me/messages"
        and c.json().get("recipient", {}).get("id") == psid
    )


def test_facebook_verify_token_handshake(channel_stack):
    ok = requests.get(
        _url(channel_stack, "facebook"),
        params={
            "hub.mode": "subscribe",
            "hub.verify_token": FACEBOOK_VERIFY_TOKEN,
            "hub.challenge": "1158201444",
        },
        timeout=30,
    )
    assert ok.status_code == 200 and ok.text == "1158201444"
    bad = requests.get(
        _url(channel_stack, "facebook"),
        params={"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "x"},
        timeout=30,
    )
    assert bad.status_code == 403


def test_facebook_signed_message_gets_reply_and_is_stored(channel_stack, providers, tracker_db):
    psid = str(uuid.uuid4().int)[:16]
    body = _fb_body(psid, GREETING)
    resp = requests.post(
        _url(channel_stack, "facebook"), data=body, headers=_fb_headers(body), timeout=60
    )
    assert resp.status_code == 200, resp.text

    sent = providers.wait_for(_fb_sends_to(psid))
    assert sent, "no reply was sent through the Messenger Send API"
    assert sent[0].query.get("access_token") == ["test-facebook-page-token"]
    assert sent[0].json()["message"].get("text")
    stored = tracker_db.wait_for_user_text(psid, GREETING)
    assert stored is not None and stored.get("input_channel") == "facebook"


def test_facebook_rejects_bad_signature(channel_stack, providers, tracker_db):
    psid = str(uuid.uuid4().int)[:16]
    body = _fb_body(psid, GREETING)
    bad = requests.post(
        _url(channel_stack, "facebook"),
        data=body,
        headers=_fb_headers(body, secret="wrong"),
        timeout=30,
    )
    unsigned = requests.post(
        _url(channel_stack, "facebook"),
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert bad.status_code == 403 and unsigned.status_code == 403
    time.sleep(REJECT_WAIT)
    assert not providers.wait_for(_fb_sends_to(psid), timeout=0)
    assert tracker_db.events(psid) == []


# --- Telegram --------------------------------------------------------------


def _tg_update(chat_id: int, text: str) -> Dict[str, Any]:
    return {
        "update_id": int(time.time()),
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "text": text,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
            "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
        },
    }


def _tg_sends_to(chat_id: int):
    return lambda c: (
        c.provider == "telegram"
        and c.path == f"/telegram/bot{TELEGRAM_BOT_TOKEN}/sendMessage"
        and str(c.json().get("chat_id")) == str(chat_id)
    )


def test_telegram_message_with_secret_gets_reply_and_is_stored(
    channel_stack, providers, tracker_db
):
    chat_id = int(str(uuid.uuid4().int)[:9])
    resp = requests.post(
        _url(channel_stack, "telegram"),
        json=_tg_update(chat_id, GREETING),
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET_TOKEN},
        timeout=60,
    )
    assert resp.status_code == 200, resp.text
    sent = providers.wait_for(_tg_sends_to(chat_id))
    assert sent and sent[0].json().get("text")
    stored = tracker_db.wait_for_user_text(str(chat_id), GREETING)
    assert stored is not None and stored.get("input_channel") == "telegram"


def test_telegram_emergency_reply_is_plain_text(channel_stack, providers):
    chat_id = int(str(uuid.uuid4().int)[:9])
    resp = requests.post(
        _url(channel_stack, "telegram"),
        json=_tg_update(chat_id, EMERGENCY_TEXT),
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET_TOKEN},
        timeout=60,
    )
    assert resp.status_code == 200
    calls = providers.settle(_tg_sends_to(chat_id))
    texts = [c.json()["text"] for c in calls]
    keyboard = (
        (calls[-1].json().get("reply_markup") or {}).get("inline_keyboard") if calls else None
    )
    if texts and not texts[0].startswith("Seek care now") and keyboard:
        # The bot asked whether it is happening right now: tap the first button (Yes).
        seen = len(texts)
        tap = {
            "update_id": int(time.time()) + 1,
            "callback_query": {
                "id": "cb1",
                "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
                "data": keyboard[0][0]["callback_data"],
                "message": {
                    "message_id": 2,
                    "date": int(time.time()),
                    "text": texts[-1],
                    "chat": {"id": chat_id, "type": "private"},
                },
            },
        }
        assert (
            requests.post(
                _url(channel_stack, "telegram"),
                json=tap,
                timeout=60,
                headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET_TOKEN},
            ).status_code
            == 200
        )
        texts = [c.json()["text"] for c in providers.settle(_tg_sends_to(chat_id))][seen:]
    assert texts and texts[0].startswith("Seek care now"), texts
    assert _emergency_number(channel_stack) in texts[0]


def test_telegram_rejects_wrong_secret(channel_stack, providers, tracker_db):
    chat_id = int(str(uuid.uuid4().int)[:9])
    for headers in ({"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {}):
        resp = requests.post(
            _url(channel_stack, "telegram"),
            json=_tg_update(chat_id, GREETING),
            headers=headers,
            timeout=30,
        )
        assert resp.status_code == 403
    time.sleep(REJECT_WAIT)
    assert not providers.wait_for(_tg_sends_to(chat_id), timeout=0)
    assert tracker_db.events(str(chat_id)) == []
