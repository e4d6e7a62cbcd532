"""What every channel of this project shares.

* Settings only from environment variables; a provider whose required variables are
  not all set is replaced by :class:`DisabledChannel` (404, no outbound call).
* :class:`TextOnlyOutput`: the output side of a chat provider that shows text only
  (SMS, Telegram, Messenger): long texts are split, buttons become a numbered list
  unless the provider has its own buttons, custom payloads are sent as their text (the
  machine-readable ``{"disposition": ...}`` part stays out of the chat).
* :class:`WebhookInput`: the input side of a provider webhook: a health route, the
  switched-off handling, JSON bodies read defensively (a broken body is a 400, never a
  500) and :meth:`WebhookInput.deliver`, which hands one user message to the bot.
  Messages without text (a photo, a sticker) are delivered too: the server answers
  them with a prompt instead of staying silent (``rasa_ext.turn_guard``).
* :func:`post_json` for outbound API calls: failures are logged without content.

Message text is never logged by a channel (it can contain health information).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

HTTP_TIMEOUT = aiohttp.ClientTimeout(total=15)
MAX_SENDER_CHARS = 128


def env(name: Text, default: Text = "") -> Text:
    return (os.environ.get(name) or default).strip()


def settings_from_env(channel: Text, required: Iterable[Text]) -> Optional[Dict[Text, Text]]:
    """Values of the required variables, or None (channel off) if any is missing."""
    values = {name: env(name) for name in required}
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


# ---------------------------------------------------------------- output


def text_of_custom(json_message: Any) -> Optional[Text]:
    """Patient-facing text in a custom payload, if any (metadata-only -> None)."""
    if isinstance(json_message, dict) and isinstance(json_message.get("text"), str):
        return json_message["text"]
    return None


def buttons_as_text(text: Text, buttons: List[Dict[Text, Any]]) -> Text:
    """Render buttons as a numbered list for channels that only carry text."""
    lines = [f"{i}. {b.get('title', '')}" for i, b in enumerate(buttons, start=1)]
    return f"{text}\n\nReply with a number:\n" + "\n".join(lines)


def split_text(text: Text, limit: int) -> List[Text]:
    """Split text into parts no longer than ``limit``, preferring line breaks."""
    parts: List[Text] = []
    text = (text or "").strip()
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


async def post_json(url: Text, *, what: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
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


class TextOnlyOutput(OutputChannel):
    """Output for providers that show plain text (subclasses send one part)."""

    MAX_TEXT = 4096

    async def send_text(self, recipient_id: Text, text: Text) -> None:
        """Send one part of at most ``MAX_TEXT`` characters."""
        raise NotImplementedError

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in split_text(text, self.MAX_TEXT):
            await self.send_text(recipient_id, part)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        """Numbered choices (providers with their own buttons override this)."""
        await self.send_text_message(recipient_id, buttons_as_text(text, buttons))

    async def send_with_last_part(
        self, recipient_id: Text, text: Text, send_last: Callable[[Text], Awaitable[None]]
    ) -> None:
        """Send all parts of ``text`` but the last as text; the last via ``send_last``
        (which attaches the provider's buttons)."""
        parts = split_text(text, self.MAX_TEXT) or [" "]
        for part in parts[:-1]:
            await self.send_text(recipient_id, part)
        await send_last(parts[-1])

    async def send_quick_replies(
        self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies, **kwargs)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.send_text(recipient_id, image)

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        text = text_of_custom(json_message)
        if text:
            await self.send_text_message(recipient_id, text)


# ---------------------------------------------------------------- input


class BadRequest(ValueError):
    """A webhook body this channel cannot read (answered with 400)."""


def read_json(request: Request) -> Any:
    """The request body as JSON, or :class:`BadRequest`."""
    try:
        return json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest("Invalid JSON") from error


def as_dict(value: Any) -> Dict[Text, Any]:
    """``value`` if it is a JSON object, else an empty one (wrong shapes are ignored)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> List[Any]:
    return value if isinstance(value, list) else []


def valid_sender(value: Any) -> Optional[Text]:
    """A conversation id from a provider payload (numbers allowed), or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        value = str(int(value))
    if isinstance(value, str) and 0 < len(value.strip()) <= MAX_SENDER_CHARS:
        return value.strip()
    return None


class WebhookInput(InputChannel):
    """Common input side of a provider webhook (see module docstring)."""

    REQUIRED: tuple = ()

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        values = settings_from_env(cls.name(), cls.REQUIRED)
        if values is None:
            return DisabledChannel(cls.name(), cls.REQUIRED)
        channel = cls.from_settings(values)
        return channel if channel is not None else DisabledChannel(cls.name(), cls.REQUIRED)

    @classmethod
    def from_settings(cls, values: Dict[Text, Text]) -> Optional["WebhookInput"]:
        raise NotImplementedError

    def new_blueprint(self) -> Blueprint:
        bp = Blueprint(f"{self.name()}_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        return bp

    async def deliver(
        self,
        on_new_message: OnNewMessage,
        text: Any,
        sender_id: Text,
        output: OutputChannel,
        metadata: Optional[Dict[Text, Any]] = None,
    ) -> None:
        """Hand one user message to the bot (text-less messages get a prompt)."""
        await on_new_message(
            UserMessage(
                text if isinstance(text, str) else "",
                output,
                sender_id,
                input_channel=self.name(),
                metadata=metadata,
            )
        )


def bad_request(error: BadRequest) -> HTTPResponse:
    return response.text(str(error) or "Bad request", status=400)
