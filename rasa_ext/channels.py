"""Messaging channels for the baclofen assistant (loaded into the Rasa server).

``credentials.yml`` lists every channel below. Each one is switched on by its
environment variables and is OFF when they are not set: a switched-off channel
registers only a stub that answers 404, and makes no outbound call.

=========  ==========================================  ================================
channel    required environment variables              optional
=========  ==========================================  ================================
Slack      SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET        SLACK_CHANNEL, SLACK_API_URL
Telegram   TELEGRAM_BOT_TOKEN, TELEGRAM_SECRET_TOKEN    TELEGRAM_API_URL
Twilio     TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN,       TWILIO_WEBHOOK_URL, TWILIO_API_URL
           TWILIO_NUMBER
Facebook   FACEBOOK_VERIFY_TOKEN, FACEBOOK_APP_SECRET,  FACEBOOK_API_URL
           FACEBOOK_PAGE_ACCESS_TOKEN
=========  ==========================================  ================================

Every inbound webhook is authenticated before anything reaches the bot:

* Slack: ``X-Slack-Signature`` HMAC-SHA256 with a 5-minute timestamp window
  (Rasa's own check), plus a correct ``url_verification`` answer.
* Facebook: ``X-Hub-Signature-256`` (or legacy ``X-Hub-Signature``) HMAC of the
  raw body with the app secret, compared in constant time; 403 when wrong.
* Twilio: ``X-Twilio-Signature`` (HMAC-SHA1 over URL + sorted form fields with
  the auth token), which Rasa's stock connector does not check; 403 when wrong.
* Telegram: ``X-Telegram-Bot-Api-Secret-Token`` must equal the secret given to
  ``setWebhook``; 403 when wrong.

Outbound replies go to the provider's HTTP API; ``*_API_URL`` moves that base
URL (used by the tests to stand in for the provider's cloud on loopback).
Message text is never logged here (it can contain health information).

Text-only channels (SMS) show buttons as a numbered list and map a reply of
"1", "2"... back to the button payload. Machine-readable custom payloads (e.g.
``{"disposition": "emergency", ...}``) are not forwarded to chat providers: the
patient-facing text, e.g. "Seek care now ... call 911", is sent as text.

The module also fixes Rasa 3.6's socket.io output for custom payloads (see
:func:`_patch_socketio_custom_json`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text
from urllib.parse import parse_qs, urlsplit, urlunsplit

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from rasa.core.channels.socketio import SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient
from twilio.request_validator import RequestValidator

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

HTTP_TIMEOUT = aiohttp.ClientTimeout(total=15)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------


def _env(name: Text, default: Text = "") -> Text:
    return (os.environ.get(name) or default).strip()


def _settings(channel: Text, required: Iterable[Text]) -> Optional[Dict[Text, Text]]:
    """Values of the required variables, or None (channel off) if any is missing."""
    values = {name: _env(name) for name in required}
    missing = [name for name, value in values.items() if not value]
    if not missing:
        logger.info("Channel %s is enabled.", channel)
        return values
    if len(missing) < len(values):
        logger.error(
            "Channel %s is OFF: %s set but %s missing.",
            channel,
            ", ".join(sorted(set(values) - set(missing))),
            ", ".join(missing),
        )
    else:
        logger.debug("Channel %s is off (set %s to enable it).", channel, ", ".join(missing))
    return None


class DisabledChannel(InputChannel):
    """Stands in for a channel whose environment variables are not set."""

    def __init__(self, channel_name: Text, required: Iterable[Text]) -> None:
        self.channel_name = channel_name
        self.required = list(required)

    def name(self) -> Text:  # type: ignore[override]  # instance-level name
        return self.channel_name

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Answer 404 on the channel's routes, so nothing reaches the bot."""
        bp = Blueprint(f"{self.channel_name}_webhook_disabled", __name__)
        body = {"status": "disabled", "enable_with": self.required}

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json(body, status=404)

        @bp.route("/webhook", methods=["GET", "POST"])
        async def webhook(_: Request) -> HTTPResponse:
            return response.json(body, status=404)

        return bp

    def get_output_channel(self) -> Optional[OutputChannel]:
        return None


def text_of_custom(json_message: Any) -> Optional[Text]:
    """Patient-facing text in a custom payload, if any (metadata-only -> None)."""
    if isinstance(json_message, dict) and isinstance(json_message.get("text"), str):
        return json_message["text"]
    return None


def buttons_as_text(text: Text, buttons: List[Dict[Text, Any]]) -> Text:
    """Render buttons as a numbered list for channels that only carry text."""
    lines = [f"{i}. {b.get('title', '')}" for i, b in enumerate(buttons, start=1)]
    return f"{text}\n\nReply with a number:\n" + "\n".join(lines)


def _split(text: Text, limit: int) -> List[Text]:
    """Split text into parts no longer than ``limit``, preferring line breaks."""
    parts: List[Text] = []
    text = text.strip()
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        parts.append(text[:cut].strip())
        text = text[cut:].strip()
    if text:
        parts.append(text)
    return parts


async def _post(url: Text, *, what: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
    """POST to a provider API; log failures without message content."""
    try:
        async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session:
            async with session.post(url, **kwargs) as resp:
                if resp.status >= 400:
                    logger.error("%s API answered HTTP %s.", what, resp.status)
                    return None
                try:
                    return await resp.json(content_type=None)
                except (ValueError, aiohttp.ContentTypeError):
                    return {}
    except (aiohttp.ClientError, asyncio.TimeoutError) as e:
        logger.error("%s API could not be reached: %s", what, type(e).__name__)
        return None


# ---------------------------------------------------------------------------
# socket.io: send custom payloads as the message body
# ---------------------------------------------------------------------------

_EMIT_KWARGS = {"data", "to", "room", "skip_sid", "namespace", "callback", "ignore_queue"}


async def _socketio_send_custom_json(
    self: SocketIOOutput, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
) -> None:
    """Emit a custom payload as the bot message itself.

    Rasa 3.6 passes the payload as keyword arguments to ``sio.emit`` so any key
    other than emit's own (``data``, ``room``...) raises ``TypeError`` and aborts
    the turn before the tracker is saved. Payloads in that legacy
    ``{"data": ...}`` form are still sent the old way.
    """
    if (
        isinstance(json_message, dict)
        and "data" in json_message
        and set(json_message) <= _EMIT_KWARGS
    ):
        json_message.setdefault("room", recipient_id)
        await self.sio.emit(self.bot_message_evt, **json_message)
    else:
        await self.sio.emit(self.bot_message_evt, json_message, room=recipient_id)


def _patch_socketio_custom_json() -> None:
    """Install the fix above on Rasa's socket.io output channel (idempotent).

    This module is always imported by the Rasa server because credentials.yml
    lists the channels below, so the built-in ``socketio:`` channel is fixed too.
    """
    SocketIOOutput.send_custom_json = _socketio_send_custom_json  # type: ignore[assignment]


_patch_socketio_custom_json()


# ---------------------------------------------------------------------------
# Slack
# ---------------------------------------------------------------------------


class SlackOutput(SlackBot):
    """Rasa's Slack output with a configurable API URL and text-safe custom payloads."""

    def __init__(
        self,
        token: Text,
        slack_channel: Optional[Text] = None,
        thread_id: Optional[Text] = None,
        proxy: Optional[Text] = None,
        api_url: Optional[Text] = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        if api_url:
            self.client = AsyncWebClient(token, proxy=proxy, base_url=api_url.rstrip("/") + "/")

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        """Send only payloads that carry text or blocks; drop metadata-only ones."""
        if isinstance(json_message, dict) and ("text" in json_message or "blocks" in json_message):
            await super().send_custom_json(recipient_id, json_message, **kwargs)


class SlackInput(RasaSlackInput):
    """Slack Events API channel (signature-verified), configured from the environment."""

    REQUIRED = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        values = _settings("slack", cls.REQUIRED)
        if values is None:
            return DisabledChannel("slack", cls.REQUIRED)
        channel = cls(
            slack_token=values["SLACK_BOT_TOKEN"],
            slack_channel=_env("SLACK_CHANNEL") or None,
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            slack_signing_secret=values["SLACK_SIGNING_SECRET"],
        )
        channel.api_url = _env("SLACK_API_URL") or None
        return channel

    api_url: Optional[Text] = None

    def get_output_channel(
        self, channel: Optional[Text] = None, thread_id: Optional[Text] = None
    ) -> OutputChannel:
        return SlackOutput(
            self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url
        )

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Rasa's Slack blueprint plus a correct answer to Slack's URL check."""
        bp = super().blueprint(on_new_message)

        @bp.middleware("request")
        async def url_verification(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            if "application/json" not in (request.headers.get("content-type") or ""):
                return None
            try:
                body = json.loads(request.body or b"{}")
            except ValueError:
                return response.text("Invalid JSON", status=400)
            if isinstance(body, dict) and body.get("type") == "url_verification":
                if not self.is_request_from_slack_authentic(request):
                    return response.text("Invalid signature", status=400)
                return response.json({"challenge": body.get("challenge", "")})
            return None

        return bp


# ---------------------------------------------------------------------------
# Twilio (SMS)
# ---------------------------------------------------------------------------


class _FormParams(dict):
    """Form fields as lists, with ``getlist`` as Twilio's validator expects."""

    def getlist(self, name: Text) -> List[Text]:
        return self[name]


class TwilioOutput(OutputChannel):
    """Send SMS replies through Twilio's Messages API (async, text only)."""

    MAX_SMS_CHARS = 1600

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    def __init__(
        self,
        account_sid: Text,
        auth_token: Text,
        twilio_number: Text,
        api_url: Text,
        choices: "OrderedDict[Text, List[Text]]",
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.twilio_number = twilio_number
        self.api_url = api_url.rstrip("/")
        self.choices = choices

    async def _send(self, recipient_id: Text, body: Text) -> None:
        url = f"{self.api_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        for part in _split(body, self.MAX_SMS_CHARS):
            await _post(
                url,
                what="Twilio",
                data={"To": recipient_id, "From": self.twilio_number, "Body": part},
                auth=aiohttp.BasicAuth(self.account_sid, self.auth_token),
            )

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        """Numbered choices; a reply of "1", "2"... is mapped back to the payload."""
        self.choices[recipient_id] = [str(b.get("payload") or b.get("title", "")) for b in buttons]
        self.choices.move_to_end(recipient_id)
        while len(self.choices) > TwilioInput.MAX_PENDING_CHOICES:
            self.choices.popitem(last=False)
        await self._send(recipient_id, buttons_as_text(text, buttons))

    async def send_quick_replies(
        self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies, **kwargs)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, image)

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        text = text_of_custom(json_message)
        if text:
            await self._send(recipient_id, text)


class TwilioInput(InputChannel):
    """Twilio SMS webhook that verifies ``X-Twilio-Signature`` before the bot sees it."""

    REQUIRED = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_NUMBER")
    MAX_PENDING_CHOICES = 10000

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        values = _settings("twilio", cls.REQUIRED)
        if values is None:
            return DisabledChannel("twilio", cls.REQUIRED)
        return cls(
            values["TWILIO_ACCOUNT_SID"],
            values["TWILIO_AUTH_TOKEN"],
            values["TWILIO_NUMBER"],
            webhook_url=_env("TWILIO_WEBHOOK_URL") or None,
            api_url=_env("TWILIO_API_URL", "https://api.twilio.com"),
        )

    def __init__(
        self,
        account_sid: Text,
        auth_token: Text,
        twilio_number: Text,
        webhook_url: Optional[Text] = None,
        api_url: Text = "https://api.twilio.com",
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.twilio_number = twilio_number
        self.webhook_url = webhook_url
        self.api_url = api_url
        self.validator = RequestValidator(auth_token)
        # sender -> button payloads of the last question (numbered reply mapping)
        self.choices: "OrderedDict[Text, List[Text]]" = OrderedDict()

    def public_url(self, request: Request) -> Text:
        """The URL Twilio called: TWILIO_WEBHOOK_URL, else as seen through a proxy."""
        if self.webhook_url:
            return self.webhook_url
        scheme = (
            request.headers.get("x-forwarded-proto", "").split(",")[0].strip() or request.scheme
        )
        host = request.headers.get("x-forwarded-host", "").split(",")[0].strip() or request.host
        parts = urlsplit(request.url)
        return urlunsplit((scheme, host, parts.path, parts.query, ""))

    def is_signed(self, request: Request, params: _FormParams) -> bool:
        signature = request.headers.get("x-twilio-signature", "")
        if not signature:
            return False
        return bool(self.validator.validate(self.public_url(request), params, signature))

    def resolve_choice(self, sender: Text, text: Text) -> Text:
        """Map "2" to the second button's payload of the last question."""
        options = self.choices.pop(sender, None)
        if options:
            answer = text.strip().rstrip(".")
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return options[int(answer) - 1]
        return text

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint("twilio_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            params = _FormParams(
                parse_qs((request.body or b"").decode("utf-8", "replace"), keep_blank_values=True)
            )
            if not self.is_signed(request, params):
                logger.warning("Rejected a Twilio webhook with a missing or wrong signature.")
                return response.text("Invalid X-Twilio-Signature", status=403)
            sender = (params.get("From") or [""])[0]
            text = (params.get("Body") or [""])[0].replace("¡", "@")
            if not sender or not text.strip():
                return response.text(EMPTY_TWIML, content_type="text/xml")
            text = self.resolve_choice(sender, text)
            metadata = {"message_sid": (params.get("MessageSid") or [""])[0]}
            await on_new_message(
                UserMessage(
                    text,
                    self.get_output_channel(),
                    sender,
                    input_channel=self.name(),
                    metadata=metadata,
                )
            )
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return bp

    def get_output_channel(self) -> OutputChannel:
        return TwilioOutput(
            self.account_sid, self.auth_token, self.twilio_number, self.api_url, self.choices
        )


# ---------------------------------------------------------------------------
# Facebook Messenger
# ---------------------------------------------------------------------------


def verify_hub_signature(app_secret: Text, body: bytes, headers: Any) -> bool:
    """Check Meta's ``X-Hub-Signature-256`` (or legacy sha1) header in constant time."""
    for header, algorithm in (
        ("x-hub-signature-256", hashlib.sha256),
        ("x-hub-signature", hashlib.sha1),
    ):
        value = headers.get(header)
        if value:
            prefix, _, received = value.partition("=")
            if prefix != algorithm().name or not received:
                return False
            expected = hmac.new(app_secret.encode("utf-8"), body, algorithm).hexdigest()
            return hmac.compare_digest(expected, received)
    return False


class FacebookOutput(OutputChannel):
    """Send replies with the Messenger Send API (text and quick replies)."""

    MAX_TEXT = 2000
    MAX_QUICK_REPLIES = 13

    @classmethod
    def name(cls) -> Text:
        return "facebook"

    def __init__(self, page_access_token: Text, api_url: Text) -> None:
        self.page_access_token = page_access_token
        self.api_url = api_url.rstrip("/")

    async def _send(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        await _post(
            f"{self.api_url}/me/messages",
            what="Facebook",
            params={"access_token": self.page_access_token},
            json={
                "recipient": {"id": recipient_id},
                "messaging_type": "RESPONSE",
                "message": message,
            },
        )

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in _split(text, self.MAX_TEXT):
            await self._send(recipient_id, {"text": part})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        parts = _split(text, self.MAX_TEXT) or [" "]
        for part in parts[:-1]:
            await self._send(recipient_id, {"text": part})
        replies = [
            {
                "content_type": "text",
                "title": str(b.get("title", ""))[:20],
                "payload": str(b.get("payload") or b.get("title", ""))[:1000],
            }
            for b in buttons[: self.MAX_QUICK_REPLIES]
        ]
        await self._send(recipient_id, {"text": parts[-1], "quick_replies": replies})

    async def send_quick_replies(
        self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies, **kwargs)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, {"attachment": {"type": "image", "payload": {"url": image}}})

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        text = text_of_custom(json_message)
        if text:
            await self.send_text_message(recipient_id, text)


class FacebookInput(InputChannel):
    """Messenger webhook: verify token handshake and signed event deliveries."""

    REQUIRED = ("FACEBOOK_VERIFY_TOKEN", "FACEBOOK_APP_SECRET", "FACEBOOK_PAGE_ACCESS_TOKEN")

    @classmethod
    def name(cls) -> Text:
        return "facebook"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        values = _settings("facebook", cls.REQUIRED)
        if values is None:
            return DisabledChannel("facebook", cls.REQUIRED)
        return cls(
            values["FACEBOOK_VERIFY_TOKEN"],
            values["FACEBOOK_APP_SECRET"],
            values["FACEBOOK_PAGE_ACCESS_TOKEN"],
            _env("FACEBOOK_API_URL", "https://graph.facebook.com/v19.0"),
        )

    def __init__(
        self,
        verify_token: Text,
        app_secret: Text,
        page_access_token: Text,
        api_url: Text = "https://graph.facebook.com/v19.0",
    ) -> None:
        self.verify_token = verify_token
        self.app_secret = app_secret
        self.page_access_token = page_access_token
        self.api_url = api_url

    @staticmethod
    def user_messages(payload: Dict[Text, Any]) -> List[Dict[Text, Text]]:
        """(sender, text) of every user message/postback in a webhook delivery."""
        found = []
        for entry in payload.get("entry") or []:
            for event in entry.get("messaging") or []:
                sender = str((event.get("sender") or {}).get("id") or "")
                message = event.get("message") or {}
                if message.get("is_echo") or not sender:
                    continue
                text = (
                    (message.get("quick_reply") or {}).get("payload")
                    or message.get("text")
                    or (event.get("postback") or {}).get("payload")
                )
                if isinstance(text, str) and text.strip():
                    found.append(
                        {"sender": sender, "text": text, "mid": str(message.get("mid") or "")}
                    )
        return found

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint("fb_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token", "")
            if request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(
                token.encode("utf-8"), self.verify_token.encode("utf-8")
            ):
                return response.text(request.args.get("hub.challenge", ""))
            return response.text("Invalid verify token", status=403)

        @bp.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not verify_hub_signature(self.app_secret, request.body or b"", request.headers):
                logger.warning("Rejected a Facebook webhook with a missing or wrong signature.")
                return response.text("Invalid signature", status=403)
            try:
                payload = json.loads(request.body or b"{}")
            except ValueError:
                return response.text("Invalid JSON", status=400)
            for item in self.user_messages(payload if isinstance(payload, dict) else {}):
                await on_new_message(
                    UserMessage(
                        item["text"],
                        self.get_output_channel(),
                        item["sender"],
                        input_channel=self.name(),
                        metadata={"mid": item["mid"]},
                    )
                )
            return response.text("EVENT_RECEIVED")

        return bp

    def get_output_channel(self) -> OutputChannel:
        return FacebookOutput(self.page_access_token, self.api_url)


# ---------------------------------------------------------------------------
# Telegram
# ---------------------------------------------------------------------------


class TelegramOutput(OutputChannel):
    """Send replies with the Telegram Bot API (text and inline keyboards)."""

    MAX_TEXT = 4096

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    def __init__(self, token: Text, api_url: Text) -> None:
        self.base = f"{api_url.rstrip('/')}/bot{token}"

    async def _call(self, method: Text, payload: Dict[Text, Any]) -> None:
        await _post(f"{self.base}/{method}", what="Telegram", json=payload)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in _split(text, self.MAX_TEXT):
            await self._call("sendMessage", {"chat_id": recipient_id, "text": part})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        keyboard = []
        for b in buttons:
            title = str(b.get("title", ""))
            data = str(b.get("payload") or title)
            if len(data.encode("utf-8")) > 64:  # Telegram's callback_data limit
                data = title[:32]
            keyboard.append([{"text": title, "callback_data": data}])
        parts = _split(text, self.MAX_TEXT) or [" "]
        for part in parts[:-1]:
            await self._call("sendMessage", {"chat_id": recipient_id, "text": part})
        await self._call(
            "sendMessage",
            {
                "chat_id": recipient_id,
                "text": parts[-1],
                "reply_markup": {"inline_keyboard": keyboard},
            },
        )

    async def send_quick_replies(
        self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies, **kwargs)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._call("sendPhoto", {"chat_id": recipient_id, "photo": image})

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        text = text_of_custom(json_message)
        if text:
            await self.send_text_message(recipient_id, text)

    async def answer_callback(self, callback_id: Text) -> None:
        await self._call("answerCallbackQuery", {"callback_query_id": callback_id})


class TelegramInput(InputChannel):
    """Telegram webhook checked with the secret token given to ``setWebhook``."""

    REQUIRED = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_SECRET_TOKEN")

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        values = _settings("telegram", cls.REQUIRED)
        if values is None:
            return DisabledChannel("telegram", cls.REQUIRED)
        secret = values["TELEGRAM_SECRET_TOKEN"]
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            logger.error(
                "Channel telegram is OFF: TELEGRAM_SECRET_TOKEN may only use "
                "A-Z, a-z, 0-9, _ and - (1-256 characters)."
            )
            return DisabledChannel("telegram", cls.REQUIRED)
        return cls(
            values["TELEGRAM_BOT_TOKEN"],
            secret,
            _env("TELEGRAM_API_URL", "https://api.telegram.org"),
        )

    def __init__(
        self, token: Text, secret_token: Text, api_url: Text = "https://api.telegram.org"
    ) -> None:
        self.token = token
        self.secret_token = secret_token
        self.api_url = api_url

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint("telegram_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            received = request.headers.get("x-telegram-bot-api-secret-token", "")
            if not hmac.compare_digest(received.encode("utf-8"), self.secret_token.encode("utf-8")):
                logger.warning("Rejected a Telegram webhook with a missing or wrong secret.")
                return response.text("Invalid secret token", status=403)
            try:
                update = json.loads(request.body or b"{}")
            except ValueError:
                return response.text("Invalid JSON", status=400)
            out = self.get_output_channel()
            callback = update.get("callback_query") if isinstance(update, dict) else None
            if callback:
                message = callback.get("message") or {}
                text = callback.get("data")
                await out.answer_callback(str(callback.get("id", "")))
            else:
                message = (
                    (update.get("message") or update.get("edited_message") or {})
                    if isinstance(update, dict)
                    else {}
                )
                text = message.get("text")
            chat_id = (message.get("chat") or {}).get("id")
            if chat_id is None or not isinstance(text, str) or not text.strip():
                return response.text("ok")
            await on_new_message(
                UserMessage(
                    text,
                    out,
                    str(chat_id),
                    input_channel=self.name(),
                    metadata={"update_id": update.get("update_id")},
                )
            )
            return response.text("ok")

        return bp

    def get_output_channel(self) -> TelegramOutput:
        return TelegramOutput(self.token, self.api_url)


__all__ = [
    "DisabledChannel",
    "FacebookInput",
    "SlackInput",
    "TelegramInput",
    "TwilioInput",
    "buttons_as_text",
    "verify_hub_signature",
]
