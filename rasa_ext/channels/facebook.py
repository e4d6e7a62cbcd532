"""Facebook Messenger: ``GET/POST /webhooks/facebook/webhook``.

Required: ``FACEBOOK_VERIFY_TOKEN``, ``FACEBOOK_APP_SECRET``,
``FACEBOOK_PAGE_ACCESS_TOKEN``; optional ``FACEBOOK_API_URL``.

The ``GET`` verification must present the verify token (403 otherwise); every ``POST``
must carry a valid ``X-Hub-Signature-256`` (HMAC-SHA256 of the raw body with the app
secret; the legacy sha1 ``X-Hub-Signature`` is accepted too), compared in constant time.
Buttons become quick replies (at most 13, titles cut to 20 characters).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_ext.channels.base import (
    BadRequest,
    OnNewMessage,
    TextOnlyOutput,
    WebhookInput,
    as_dict,
    as_list,
    bad_request,
    env,
    post_json,
    read_json,
    valid_sender,
)

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://graph.facebook.com/v19.0"


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


class FacebookOutput(TextOnlyOutput):
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
        await post_json(
            f"{self.api_url}/me/messages",
            what="Facebook",
            params={"access_token": self.page_access_token},
            json={
                "recipient": {"id": recipient_id},
                "messaging_type": "RESPONSE",
                "message": message,
            },
        )

    async def send_text(self, recipient_id: Text, text: Text) -> None:
        await self._send(recipient_id, {"text": text})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        replies = [
            {
                "content_type": "text",
                "title": str(b.get("title", ""))[:20],
                "payload": str(b.get("payload") or b.get("title", ""))[:1000],
            }
            for b in buttons[: self.MAX_QUICK_REPLIES]
        ]

        async def last(part: Text) -> None:
            await self._send(recipient_id, {"text": part, "quick_replies": replies})

        await self.send_with_last_part(recipient_id, text, last)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, {"attachment": {"type": "image", "payload": {"url": image}}})


class FacebookInput(WebhookInput):
    """Messenger webhook: verify token handshake and signed event deliveries."""

    REQUIRED = ("FACEBOOK_VERIFY_TOKEN", "FACEBOOK_APP_SECRET", "FACEBOOK_PAGE_ACCESS_TOKEN")

    @classmethod
    def name(cls) -> Text:
        return "facebook"

    @classmethod
    def from_settings(cls, values: Dict[Text, Text]) -> "FacebookInput":
        return cls(
            values["FACEBOOK_VERIFY_TOKEN"],
            values["FACEBOOK_APP_SECRET"],
            values["FACEBOOK_PAGE_ACCESS_TOKEN"],
            env("FACEBOOK_API_URL", DEFAULT_API_URL),
        )

    def __init__(
        self,
        verify_token: Text,
        app_secret: Text,
        page_access_token: Text,
        api_url: Text = DEFAULT_API_URL,
    ) -> None:
        self.verify_token = verify_token
        self.app_secret = app_secret
        self.page_access_token = page_access_token
        self.api_url = api_url

    @staticmethod
    def user_messages(payload: Any) -> List[Dict[Text, Any]]:
        """Sender, text and id of every user message/postback in a webhook delivery.

        Wrong shapes are skipped. A message without text (e.g. a photo) is kept with
        empty text, so the person gets a prompt; echoes, deliveries and read receipts
        are not user messages.
        """
        found = []
        for entry in as_list(as_dict(payload).get("entry")):
            for event in as_list(as_dict(entry).get("messaging")):
                event = as_dict(event)
                sender = valid_sender(as_dict(event.get("sender")).get("id"))
                message = as_dict(event.get("message"))
                postback = as_dict(event.get("postback"))
                if not sender or message.get("is_echo") or not (message or postback):
                    continue
                text = (
                    as_dict(message.get("quick_reply")).get("payload")
                    or message.get("text")
                    or postback.get("payload")
                )
                found.append(
                    {
                        "sender": sender,
                        "text": text if isinstance(text, str) else "",
                        "mid": str(message.get("mid") or "")[:128],
                    }
                )
        return found

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = self.new_blueprint()

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
                payload = read_json(request)
            except BadRequest as error:
                return bad_request(error)
            for item in self.user_messages(payload):
                await self.deliver(
                    on_new_message,
                    item["text"],
                    item["sender"],
                    self.get_output_channel(),
                    {"mid": item["mid"]},
                )
            return response.text("EVENT_RECEIVED")

        return bp

    def get_output_channel(self) -> Optional[OutputChannel]:
        return FacebookOutput(self.page_access_token, self.api_url)
