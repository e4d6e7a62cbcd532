"""Fast checks of rasa_ext.channels that need no running server."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path

import pytest
import yaml
from rasa.shared.utils.common import class_from_module_path
from test_env import CHANNEL_TEST_ENV

from rasa_ext import channels, patches

ROOT = Path(__file__).resolve().parents[2]
ALL_VARS = sorted(set(CHANNEL_TEST_ENV) | {"SLACK_CHANNEL", "TWILIO_WEBHOOK_URL"})
CLASSES = [
    channels.SlackInput,
    channels.TelegramInput,
    channels.TwilioInput,
    channels.FacebookInput,
]


@pytest.fixture
def clean_env(monkeypatch):
    for name in ALL_VARS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_credentials_list_one_module_per_channel_with_unchanged_urls():
    creds = yaml.safe_load((ROOT / "credentials.yml").read_text())
    assert creds["rasa_ext.channels.rest.RestInput"] is None
    assert creds["rasa_ext.channels.socketio.SocketIOInput"] == {
        "user_message_evt": "user_uttered",
        "bot_message_evt": "bot_uttered",
        "session_persistence": True,
    }
    for cls in CLASSES:
        path = f"rasa_ext.channels.{cls.name()}.{cls.__name__}"
        assert path in creds
        # No secrets in the file: everything comes from the environment.
        assert creds[path] is None
        assert class_from_module_path(path) is cls
    # the webhook URLs stay /webhooks/<name>/webhook
    names = {class_from_module_path(path).name() for path in creds}
    assert names == {"rest", "socketio", "slack", "telegram", "twilio", "facebook"}


def test_importing_the_channels_changes_nothing_in_rasa():
    """Patches are applied by rasa_ext.patches at start-up, not on import."""
    code = (
        "import rasa_ext, rasa_ext.channels, rasa_ext.lock_store, rasa_ext.nlg\n"
        "from rasa.core.channels.socketio import SocketIOOutput\n"
        "from rasa.core.agent import Agent\n"
        "import rasa.core.actions.action as a\n"
        "print(SocketIOOutput.send_custom_json.__module__, Agent.handle_message.__module__,"
        " a.DEFAULT_REQUEST_TIMEOUT)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    ).stdout.split()
    assert out == ["rasa.core.channels.socketio", "rasa.core.agent", "300"]


@pytest.mark.parametrize("cls", CLASSES)
def test_channels_are_off_by_default(clean_env, cls):
    channel = cls.from_credentials(None)
    assert isinstance(channel, channels.DisabledChannel)
    assert channel.url_prefix() == cls.name()
    assert channel.get_output_channel() is None


@pytest.mark.parametrize("cls", CLASSES)
def test_channels_stay_off_when_partly_configured(clean_env, cls):
    clean_env.setenv(cls.REQUIRED[0], "only-one-value")
    assert isinstance(cls.from_credentials(None), channels.DisabledChannel)


@pytest.mark.parametrize("cls", CLASSES)
def test_channels_switch_on_with_their_variables(clean_env, cls):
    for name, value in CHANNEL_TEST_ENV.items():
        clean_env.setenv(name, value)
    channel = cls.from_credentials(None)
    assert isinstance(channel, cls)
    assert channel.name() == cls.name()


def test_telegram_secret_with_invalid_characters_keeps_channel_off(clean_env):
    clean_env.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    clean_env.setenv("TELEGRAM_SECRET_TOKEN", "has spaces!")
    assert isinstance(channels.TelegramInput.from_credentials(None), channels.DisabledChannel)


def test_hub_signature_sha256_and_legacy_sha1():
    body, secret = b'{"object":"page"}', "s3cret"
    sha256 = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    sha1 = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
    assert channels.verify_hub_signature(secret, body, {"x-hub-signature-256": f"sha256={sha256}"})
    assert channels.verify_hub_signature(secret, body, {"x-hub-signature": f"sha1={sha1}"})
    assert not channels.verify_hub_signature(
        secret, body + b" ", {"x-hub-signature-256": f"sha256={sha256}"}
    )
    assert not channels.verify_hub_signature(secret, body, {"x-hub-signature-256": f"sha1={sha1}"})
    assert not channels.verify_hub_signature(secret, body, {})


def test_sms_buttons_are_numbered_and_numbers_map_back():
    text = channels.buttons_as_text(
        "Is it getting worse?",
        [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
    )
    assert text.endswith("Reply with a number:\n1. Yes\n2. No")
    twilio = channels.TwilioInput("AC1", "token", "+1555")
    twilio.choices["+1999"] = ["/affirm", "/deny"]
    assert twilio.resolve_choice("+1999", " 2 ") == "/deny"
    assert twilio.resolve_choice("+1999", "2") == "2"  # choices are used once
    twilio.choices["+1999"] = ["/affirm"]
    assert twilio.resolve_choice("+1999", "7") == "7"


def test_socketio_custom_payload_is_emitted_as_the_message():
    """Rasa 3.6 would call emit(evt, disposition=...) -> TypeError; we emit the dict."""
    patches.PATCHES["socketio_custom_json"]()

    class FakeSio:
        def __init__(self):
            self.calls = []

        async def emit(self, event, data=None, to=None, room=None, **kwargs):
            self.calls.append((event, data, room))

    sio = FakeSio()
    out = channels.SocketIOOutput(sio, "bot_uttered")
    payload = {"disposition": "emergency", "red_flags": ["breathing"], "emergency_number": "911"}
    asyncio.run(out.send_response("session-1", {"custom": dict(payload)}))
    asyncio.run(out.send_custom_json("session-1", {"data": {"legacy": True}}))
    assert sio.calls == [
        ("bot_uttered", payload, "session-1"),
        ("bot_uttered", {"legacy": True}, "session-1"),
    ]


def test_text_channels_drop_metadata_only_custom_payloads():
    sent = []

    class Recorder(channels.TwilioOutput):
        async def send_text(self, recipient_id, body):
            sent.append(body)

    out = Recorder("AC1", "token", "+1555", "http://127.0.0.1:9", OrderedDict())
    asyncio.run(out.send_custom_json("+1999", {"disposition": "emergency"}))
    asyncio.run(out.send_custom_json("+1999", {"text": "Seek care now: call 911."}))
    assert sent == ["Seek care now: call 911."]
