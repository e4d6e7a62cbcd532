"""Slack Events API: ``/webhooks/slack/webhook``.

Required: ``SLACK_BOT_TOKEN``, ``SLACK_SIGNING_SECRET``; optional ``SLACK_CHANNEL``
(also answer in that channel; DMs and mentions always) and ``SLACK_API_URL``.

Built on Rasa's Slack connector (its signature check: ``X-Slack-Signature``
HMAC-SHA256 with a 5-minute ``X-Slack-Request-Timestamp`` window; 400 otherwise), with
its webhook route replaced so that Slack's URL check is answered correctly and a body
of the wrong shape is a 400, never a 500.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any, Dict, Optional, Text
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, OutputChannel
from rasa.core.channels.slack import SlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from rasa_ext.channels.base import (
    DisabledChannel,
    OnNewMessage,
    as_dict,
    as_list,
    env,
    settings_from_env,
    valid_sender,
)

logger = logging.getLogger(__name__)


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
        values = settings_from_env("slack", cls.REQUIRED)
        if values is None:
            return DisabledChannel("slack", cls.REQUIRED)
        channel = cls(
            slack_token=values["SLACK_BOT_TOKEN"],
            slack_channel=env("SLACK_CHANNEL") or None,
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            slack_signing_secret=values["SLACK_SIGNING_SECRET"],
        )
        channel.api_url = env("SLACK_API_URL") or None
        return channel

    api_url: Optional[Text] = None

    def get_output_channel(
        self, channel: Optional[Text] = None, thread_id: Optional[Text] = None
    ) -> OutputChannel:
        return SlackOutput(
            self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url
        )

    @staticmethod
    def _metadata(event: Dict[Text, Any], users: Any) -> Dict[Text, Any]:
        return {
            "out_channel": event.get("channel") if isinstance(event.get("channel"), str) else None,
            "thread_id": event.get("thread_ts", event.get("ts")),
            "users": [u for u in as_list(users) if isinstance(u, str)],
        }

    async def _event(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        try:
            body = json.loads(request.body or b"")
        except (ValueError, UnicodeDecodeError):
            return response.text("Invalid JSON", status=400)
        body = as_dict(body)
        if body.get("type") == "url_verification" or "challenge" in body:
            return response.json({"challenge": str(body.get("challenge", ""))})
        event = as_dict(body.get("event"))
        if (
            event.get("type") not in ("message", "app_mention")
            or event.get("bot_id")
            or event.get("subtype") not in (None, "file_share", "thread_broadcast")
        ):
            # bot messages, edits, deletions, joins...: not something a person said
            return response.text("Bot message delivered.")
        users = body.get("authed_users")
        if users is None and as_list(body.get("authorizations")):
            users = [as_dict(body["authorizations"][0]).get("user_id")]
        metadata = self._metadata(event, users)
        if not (
            self._is_direct_message(body)
            or self._is_app_mention(body)
            or (self.slack_channel and metadata["out_channel"] == self.slack_channel)
        ):
            return response.text("channel not supported.")
        sender = valid_sender(event.get("user"))
        if not sender:
            return response.text("Missing or invalid user", status=400)
        text = event.get("text") if isinstance(event.get("text"), str) else ""
        conversation = self._get_conversation_id(
            sender, metadata["out_channel"], metadata["thread_id"]
        )
        return await self.process_message(
            request,
            on_new_message,
            text=self._sanitize_user_message(text, metadata["users"]),
            sender_id=conversation,
            metadata=metadata,
        )

    async def _interaction(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        form = parse_qs((request.body or b"").decode("utf-8", "replace"))
        try:
            payload = as_dict(json.loads((form.get("payload") or [""])[0]))
        except ValueError:
            return response.text("Invalid payload", status=400)
        actions = [as_dict(a) for a in as_list(payload.get("actions"))]
        sender = valid_sender(as_dict(payload.get("user")).get("id"))
        if not actions or not sender or not self._is_interactive_message(payload):
            return response.text("The input could not be processed.", status=400)
        try:
            text = self._get_interactive_response(actions[0])
        except (AttributeError, IndexError, KeyError, TypeError):
            text = None
        if not isinstance(text, str):
            return response.text("User clicked link button")
        message = as_dict(payload.get("message"))
        metadata = {
            "out_channel": as_dict(payload.get("channel")).get("id"),
            "thread_id": message.get("thread_ts", message.get("ts")),
            "users": [sender],
        }
        conversation = self._get_conversation_id(
            sender, metadata["out_channel"], metadata["thread_id"]
        )
        return await self.process_message(request, on_new_message, text, conversation, metadata)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint("slack_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["GET", "POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.is_request_from_slack_authentic(request):
                return response.text(
                    "Message is not properly signed with a valid X-Slack-Signature header",
                    status=HTTPStatus.BAD_REQUEST,
                )
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            if content_type == "application/json":
                return await self._event(request, on_new_message)
            if content_type == "application/x-www-form-urlencoded":
                return await self._interaction(request, on_new_message)
            return response.text("Unsupported content type", status=415)

        return bp
