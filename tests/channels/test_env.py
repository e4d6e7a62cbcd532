"""Environment the Rasa server needs so the messaging-channel tests can run.

The ``stack`` fixture (tests/conftest.py) adds ``CHANNEL_TEST_ENV`` to the
environment of the Rasa server it starts. It switches every messaging channel on
with test secrets and points each provider's *outbound* API at a fake provider
server on loopback (``FAKE_PROVIDER_PORT``, started by tests/channels/conftest.py).
Inbound webhooks still go to the real Rasa server.
"""

from __future__ import annotations

import os
import socket


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Chosen once per test process (kept in the environment so that importing this
# file under two module names still gives one port).
FAKE_PROVIDER_PORT = int(os.environ.setdefault("FAKE_PROVIDER_PORT", str(_free_port())))
FAKE_PROVIDER_URL = f"http://127.0.0.1:{FAKE_PROVIDER_PORT}"

SLACK_SIGNING_SECRET = "test-slack-signing-secret"
TWILIO_AUTH_TOKEN = "test-twilio-auth-token"
FACEBOOK_APP_SECRET = "test-facebook-app-secret"
FACEBOOK_VERIFY_TOKEN = "test-facebook-verify-token"
TELEGRAM_SECRET_TOKEN = "test-telegram-secret-token"
TELEGRAM_BOT_TOKEN = "123456:test-telegram-bot-token"
TWILIO_ACCOUNT_SID = "ACtest00000000000000000000000000"
TWILIO_NUMBER = "+15550001111"

CHANNEL_TEST_ENV = {
    "SLACK_BOT_TOKEN": "xoxb-test-token",
    "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
    "SLACK_API_URL": f"{FAKE_PROVIDER_URL}/slack/api/",
    "TELEGRAM_BOT_TOKEN": TELEGRAM_BOT_TOKEN,
    "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET_TOKEN,
    "TELEGRAM_API_URL": f"{FAKE_PROVIDER_URL}/telegram",
    "TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID,
    "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
    "TWILIO_NUMBER": TWILIO_NUMBER,
    "TWILIO_API_URL": f"{FAKE_PROVIDER_URL}/twilio",
    "FACEBOOK_VERIFY_TOKEN": FACEBOOK_VERIFY_TOKEN,
    "FACEBOOK_APP_SECRET": FACEBOOK_APP_SECRET,
    "FACEBOOK_PAGE_ACCESS_TOKEN": "test-facebook-page-token",
    "FACEBOOK_API_URL": f"{FAKE_PROVIDER_URL}/facebook",
}
