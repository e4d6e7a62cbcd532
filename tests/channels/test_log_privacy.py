"""No patient text in any log file, failures included (issue 12).

One unique marker word is sent through every channel of the running server, in turns
that work and in turns that fail: malformed requests, a refused signature, a broken
webhook body, an over-long message, a typed slash command, a custom action that fails
because the action server is down. Then every log file of the stack is searched for the
marker. (The scaled stack has the same check across its nginx, PostgreSQL and Redis logs
too: tests/scale.)
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any, List

import requests
import socketio
from test_channel_webhooks import (
    _fb_body,
    _fb_headers,
    _fb_sends_to,
    _post_twilio,
    _slack_event,
    _slack_headers,
    _slack_posts_to,
    _sms_to,
    _tg_sends_to,
    _tg_update,
    _twilio_params,
    _url,
)
from test_env import TELEGRAM_SECRET_TOKEN


def rest(stack: Any, body: Any, raw: bytes = b"") -> requests.Response:
    return requests.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        data=raw or json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        timeout=120,
    )


def log_files(stack: Any) -> List[Path]:
    return sorted(p for p in Path(stack.log_dir).glob("*") if p.is_file())


def test_a_marker_sent_through_every_channel_never_reaches_a_log(channel_stack, providers):
    stack = channel_stack
    marker = f"zqpriv{uuid.uuid4().hex[:12]}"
    phrase = f"my neighbour {marker} says I take too much baclofen"

    # REST: normal, long, slash command, refused, broken
    sender = f"priv-{uuid.uuid4().hex[:8]}"
    assert rest(stack, {"sender": sender, "message": phrase}).status_code == 200
    assert rest(stack, {"sender": sender, "message": f'/{marker}{{"a": 1}}'}).json()
    long_text = ("I have had a long week with my legs. " * 300) + phrase
    assert rest(stack, {"sender": sender, "message": long_text}).status_code == 200
    assert rest(stack, {"message": phrase}).status_code == 400
    assert rest(stack, {"sender": sender, "message": phrase, "metadata": marker}).status_code == 400
    assert (
        rest(stack, None, raw=f'{{"sender": "x", "message": "{phrase}'.encode()).status_code == 400
    )
    assert rest(stack, {"sender": marker * 20, "message": phrase}).status_code == 400

    # a turn that fails: the custom action cannot reach the action server
    stack.stop_service("actions")
    try:
        failing = f"priv-{uuid.uuid4().hex[:8]}"
        replies = rest(
            stack, {"sender": failing, "message": f"baclofen is making me dizzy {marker}"}
        ).json()
        assert replies and replies[0].get("text")
    finally:
        stack.start_service("actions")

    # socket.io: a normal message and events of the wrong shape
    sio = socketio.Client(reconnection=False)
    got: List[Any] = []
    sio.on("bot_uttered", got.append)
    sio.connect(stack.rasa_url, transports=["polling"], socketio_path="/socket.io")
    session_id = uuid.uuid4().hex
    sio.emit("session_request", {"session_id": session_id})
    sio.emit(
        "user_uttered", {"message": phrase, "session_id": session_id, "metadata": {"note": marker}}
    )
    sio.emit("user_uttered", {"message": phrase})  # no session id
    sio.emit("user_uttered", marker)
    deadline = time.monotonic() + 40
    while len(got) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    sio.disconnect()
    assert len(got) >= 3

    # messaging channels: a normal message each, and broken or forged bodies
    slack_user, slack_channel = "U" + uuid.uuid4().hex[:8].upper(), "D" + uuid.uuid4().hex[:8]
    body = _slack_event(slack_user, slack_channel, phrase)
    assert (
        requests.post(
            _url(stack, "slack"), data=body, headers=_slack_headers(body), timeout=60
        ).status_code
        == 200
    )
    broken = f'{{"event": {{"text": "{phrase}"'.encode()
    assert (
        requests.post(
            _url(stack, "slack"), data=broken, headers=_slack_headers(broken), timeout=60
        ).status_code
        == 400
    )

    chat_id = int(str(uuid.uuid4().int)[:9])
    tg_headers = {
        "Content-Type": "application/json",
        "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET_TOKEN,
    }
    assert (
        requests.post(
            _url(stack, "telegram"),
            data=json.dumps(_tg_update(chat_id, phrase)),
            headers=tg_headers,
            timeout=60,
        ).status_code
        == 200
    )
    assert (
        requests.post(
            _url(stack, "telegram"), data=f"{{{phrase}", headers=tg_headers, timeout=60
        ).status_code
        == 400
    )
    assert (
        requests.post(
            _url(stack, "telegram"),
            data=json.dumps(_tg_update(chat_id, phrase)),
            headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"},
            timeout=60,
        ).status_code
        == 403
    )

    sms_sender = "+1555" + str(uuid.uuid4().int)[:7]
    assert _post_twilio(stack, _twilio_params(sms_sender, phrase)).status_code == 200
    assert (
        _post_twilio(stack, _twilio_params(sms_sender, phrase), signature="forged").status_code
        == 403
    )

    psid = str(uuid.uuid4().int)[:15]
    fb = _fb_body(psid, phrase)
    assert (
        requests.post(
            _url(stack, "facebook"), data=fb, headers=_fb_headers(fb), timeout=60
        ).status_code
        == 200
    )
    fb_broken = fb[:-5]
    assert (
        requests.post(
            _url(stack, "facebook"), data=fb_broken, headers=_fb_headers(fb_broken), timeout=60
        ).status_code
        == 400
    )

    # every delivered message was answered (the turns really ran)
    assert providers.wait_for(_slack_posts_to(slack_channel))
    assert providers.wait_for(_tg_sends_to(chat_id))
    assert providers.wait_for(_sms_to(sms_sender))
    assert providers.wait_for(_fb_sends_to(psid))
    time.sleep(2)  # let the servers flush their logs

    files = log_files(stack)
    assert any(p.name.startswith("rasa") for p in files) and len(files) >= 2, files
    leaks = {p.name: p.read_text(errors="replace").count(marker) for p in files}
    leaks = {name: count for name, count in leaks.items() if count}
    print(
        f"\nlog privacy: marker searched in {len(files)} log files "
        f"({', '.join(p.name for p in files)}): {sum(leaks.values())} occurrences"
    )
    assert not leaks, f"patient text found in logs: {leaks}"
