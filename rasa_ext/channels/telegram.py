"""Telegram: ``/webhooks/telegram/webhook``.

Required: ``TELEGRAM_BOT_TOKEN``, ``TELEGRAM_SECRET_TOKEN`` (1-256 characters of
``A-Z a-z 0-9 _ -``, the secret given to ``setWebhook``); optional ``TELEGRAM_API_URL``.

Telegram does not sign updates, but it sends the secret in
``X-Telegram-Bot-Api-Secret-Token``; requests without the right one get 403. Buttons
become an inline keyboard; a tap arrives as a ``callback_query``.
"""

from __future__ import annotations

import hmac
import logging
import re
from typing import Any, Dict, List, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_ext.channels.base import (
    BadRequest,
    OnNewMessage,
    TextOnlyOutput,
    WebhookInput,
    as_dict,
    bad_request,
    env,
    post_json,
    read_json,
    valid_sender,
)

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org"


class TelegramOutput(TextOnlyOutput):
    """Send replies with the Telegram Bot API (text and inline keyboards)."""

    MAX_TEXT = 4096

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    def __init__(self, token: Text, api_url: Text) -> None:
        self.base = f"{api_url.rstrip('/')}/bot{token}"

    async def _call(self, method: Text, payload: Dict[Text, Any]) -> None:
        await post_json(f"{self.base}/{method}", what="Telegram", json=payload)

    async def send_text(self, recipient_id: Text, text: Text) -> None:
        await self._call("sendMessage", {"chat_id": recipient_id, "text": text})

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

        async def last(part: Text) -> None:
            await self._call(
                "sendMessage",
                {
                    "chat_id": recipient_id,
                    "text": part,
                    "reply_markup": {"inline_keyboard": keyboard},
                },
            )

        await self.send_with_last_part(recipient_id, text, last)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._call("sendPhoto", {"chat_id": recipient_id, "photo": image})

    async def answer_callback(self, callback_id: Text) -> None:
        await self._call("answerCallbackQuery", {"callback_query_id": callback_id})


class TelegramInput(WebhookInput):
    """Telegram webhook checked with the secret token given to ``setWebhook``."""

    REQUIRED = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_SECRET_TOKEN")

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_settings(cls, values: Dict[Text, Text]) -> Optional["TelegramInput"]:
        secret = values["TELEGRAM_SECRET_TOKEN"]
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            logger.error(
                "Channel telegram is OFF: TELEGRAM_SECRET_TOKEN may only use "
                "A-Z, a-z, 0-9, _ and - (1-256 characters)."
            )
            return None
        return cls(values["TELEGRAM_BOT_TOKEN"], secret, env("TELEGRAM_API_URL", DEFAULT_API_URL))

    def __init__(self, token: Text, secret_token: Text, api_url: Text = DEFAULT_API_URL) -> None:
        self.token = token
        self.secret_token = secret_token
        self.api_url = api_url

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = self.new_blueprint()

        @bp.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            received = request.headers.get("x-telegram-bot-api-secret-token", "")
            if not hmac.compare_digest(received.encode("utf-8"), self.secret_token.encode("utf-8")):
                logger.warning("Rejected a Telegram webhook with a missing or wrong secret.")
                return response.text("Invalid secret token", status=403)
            try:
                update = as_dict(read_json(request))
            except BadRequest as error:
                return bad_request(error)
            out = self.get_output_channel()
            callback = as_dict(update.get("callback_query"))
            if callback:
                message = as_dict(callback.get("message"))
                text = callback.get("data")
                await out.answer_callback(str(callback.get("id", ""))[:128])
            else:
                message = as_dict(update.get("message") or update.get("edited_message"))
                text = message.get("text")
            chat_id = valid_sender(as_dict(message.get("chat")).get("id"))
            if chat_id is None:  # not a chat message (member updates, polls...)
                return response.text("ok")
            update_id = update.get("update_id")
            await self.deliver(
                on_new_message,
                text,
                chat_id,
                out,
                {"update_id": update_id if isinstance(update_id, int) else None},
            )
            return response.text("ok")

        return bp

    def get_output_channel(self) -> TelegramOutput:
        return TelegramOutput(self.token, self.api_url)
