"""Twilio SMS: ``/webhooks/twilio/webhook``.

Required: ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN``, ``TWILIO_NUMBER``; optional
``TWILIO_WEBHOOK_URL`` (the public URL configured in Twilio, for the signature check
behind a proxy) and ``TWILIO_API_URL``.

Every request must carry a valid ``X-Twilio-Signature`` (HMAC-SHA1 over the URL and the
sorted form fields with the auth token), which Rasa's stock connector does not check;
403 otherwise. Replies go out through the Messages API, split at 1,600 characters.
Buttons become a numbered list and a reply of "1", "2"... is mapped back to the
button's payload (remembered per Rasa server process, for the last question only).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Text
from urllib.parse import parse_qs, urlsplit, urlunsplit

import aiohttp
from rasa.core.channels.channel import OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from rasa_ext.channels.base import (
    OnNewMessage,
    TextOnlyOutput,
    WebhookInput,
    buttons_as_text,
    env,
    post_json,
    valid_sender,
)

logger = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
MAX_PENDING_CHOICES = 10000


class _FormParams(dict):
    """Form fields as lists, with ``getlist`` as Twilio's validator expects."""

    def getlist(self, name: Text) -> List[Text]:
        return self[name]


class TwilioOutput(TextOnlyOutput):
    """Send SMS replies through Twilio's Messages API (async, text only)."""

    MAX_TEXT = 1600

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

    async def send_text(self, recipient_id: Text, text: Text) -> None:
        await post_json(
            f"{self.api_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json",
            what="Twilio",
            data={"To": recipient_id, "From": self.twilio_number, "Body": text},
            auth=aiohttp.BasicAuth(self.account_sid, self.auth_token),
        )

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        """Numbered choices; a reply of "1", "2"... is mapped back to the payload."""
        self.choices[recipient_id] = [str(b.get("payload") or b.get("title", "")) for b in buttons]
        self.choices.move_to_end(recipient_id)
        while len(self.choices) > MAX_PENDING_CHOICES:
            self.choices.popitem(last=False)
        await self.send_text_message(recipient_id, buttons_as_text(text, buttons))


class TwilioInput(WebhookInput):
    """Twilio SMS webhook that verifies ``X-Twilio-Signature`` before the bot sees it."""

    REQUIRED = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_NUMBER")
    MAX_PENDING_CHOICES = MAX_PENDING_CHOICES

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    @classmethod
    def from_settings(cls, values: Dict[Text, Text]) -> "TwilioInput":
        return cls(
            values["TWILIO_ACCOUNT_SID"],
            values["TWILIO_AUTH_TOKEN"],
            values["TWILIO_NUMBER"],
            webhook_url=env("TWILIO_WEBHOOK_URL") or None,
            api_url=env("TWILIO_API_URL", "https://api.twilio.com"),
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
        bp = self.new_blueprint()

        @bp.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            params = _FormParams(
                parse_qs((request.body or b"").decode("utf-8", "replace"), keep_blank_values=True)
            )
            if not self.is_signed(request, params):
                logger.warning("Rejected a Twilio webhook with a missing or wrong signature.")
                return response.text("Invalid X-Twilio-Signature", status=403)
            sender = valid_sender((params.get("From") or [""])[0])
            if not sender:
                return response.text("Missing or invalid From", status=400)
            text = (params.get("Body") or [""])[0].replace("¡", "@")
            text = self.resolve_choice(sender, text)
            metadata = {"message_sid": (params.get("MessageSid") or [""])[0][:64]}
            await self.deliver(on_new_message, text, sender, self.get_output_channel(), metadata)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return bp

    def get_output_channel(self) -> OutputChannel:
        return TwilioOutput(
            self.account_sid, self.auth_token, self.twilio_number, self.api_url, self.choices
        )
