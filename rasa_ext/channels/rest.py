"""REST: ``POST /webhooks/rest/webhook`` (replaces Rasa's ``rest:`` channel).

Request: a JSON object ``{"sender": "<conversation id>", "message": "<text>"}`` with
optional ``"metadata": {...}`` (stored with the message) and ``"message_id": "<id>"``
(makes retries safe: a message id the conversation already has is not processed again,
its replies are sent again). Answer: the list of bot messages, as Rasa's channel does.

Unlike Rasa's channel, a request this channel cannot take is refused with a 4xx and a
JSON error, before anything reaches the bot (no shared ``default`` conversation, no
silent ``[]``)::

    {"error": "invalid_sender", "message": "..."}

=====================  ======  ======================================================
error                  status  when
=====================  ======  ======================================================
invalid_json           400     the body is not JSON (or not UTF-8)
unsupported_media      415     not JSON and sent with a non-JSON content type
invalid_body           400     the JSON is not an object
invalid_sender         400     ``sender`` missing, not a string, empty, longer than 128
                               characters or containing control characters
invalid_message        400     ``message`` missing, null or not a string
invalid_metadata       400     ``metadata`` present but not an object
invalid_message_id     400     ``message_id`` present but not a 1-128 character string
(Sanic) 413            413     body over ``MAX_REQUEST_BYTES`` (default 256 kB)
=====================  ======  ======================================================

An empty or blank ``message`` is answered with a prompt; a long one is shortened for the
NLU (``rasa_ext.turn_guard``). If a turn fails, the answer is a "please send that again"
message, never an empty list. Message text is never logged.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_ext.channels.base import MAX_SENDER_CHARS, BadRequest, OnNewMessage, read_json
from rasa_ext.turn_guard import FALLBACK_TEXTS, MAX_MESSAGE_ID_CHARS, RESEND_RESPONSE

logger = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class InvalidRequest(Exception):
    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def error_response(error: InvalidRequest) -> HTTPResponse:
    return response.json({"error": error.code, "message": error.message}, status=error.status)


def valid_sender_id(value: Any) -> Text:
    if not isinstance(value, str):
        raise InvalidRequest(
            "invalid_sender",
            "'sender' is required: a string that names "
            "the conversation (e.g. a random UUID per patient).",
        )
    if not value.strip() or len(value) > MAX_SENDER_CHARS or _CONTROL.search(value):
        raise InvalidRequest(
            "invalid_sender", f"'sender' must be 1-{MAX_SENDER_CHARS} printable characters."
        )
    return value


def parse_request(request: Request) -> Dict[str, Any]:
    """The fields of a REST request, or :class:`InvalidRequest`."""
    try:
        body = read_json(request)
    except BadRequest as error:
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
        if content_type and "json" not in content_type:
            raise InvalidRequest(
                "unsupported_media",
                "Send the message as JSON (Content-Type: application/json).",
                status=415,
            ) from error
        raise InvalidRequest("invalid_json", "The request body is not valid JSON.") from error
    if not isinstance(body, dict):
        raise InvalidRequest(
            "invalid_body", "The request body must be a JSON object with 'sender' and 'message'."
        )
    sender = valid_sender_id(body.get("sender"))
    message = body.get("message")
    if not isinstance(message, str):
        raise InvalidRequest("invalid_message", "'message' is required and must be a string.")
    metadata = body.get("metadata")
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise InvalidRequest("invalid_metadata", "'metadata' must be a JSON object.")
    metadata = dict(metadata)
    message_id = body.get("message_id")
    if message_id is not None:
        if not isinstance(message_id, str) or not 0 < len(message_id) <= MAX_MESSAGE_ID_CHARS:
            raise InvalidRequest(
                "invalid_message_id",
                f"'message_id' must be a string of 1-{MAX_MESSAGE_ID_CHARS} characters.",
            )
        metadata["client_message_id"] = message_id
    channel = body.get("input_channel")
    return {
        "sender": sender,
        "text": message,
        "metadata": metadata,
        "input_channel": channel if isinstance(channel, str) and 0 < len(channel) <= 32 else "rest",
    }


def resend_reply(recipient_id: Text) -> Dict[str, Any]:
    from clinical import settings

    text = FALLBACK_TEXTS[RESEND_RESPONSE].format(**settings.response_values())
    return {"recipient_id": recipient_id, "text": text}


class RestInput(RasaRestInput):
    """Rasa's REST channel with request validation and no silent failures."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "RestInput":
        return cls()

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint("custom_webhook_RestInput", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                fields = parse_request(request)
            except InvalidRequest as error:
                return error_response(error)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        fields["text"],
                        collector,
                        fields["sender"],
                        input_channel=fields["input_channel"],
                        metadata=fields["metadata"],
                    )
                )
            except asyncio.CancelledError:
                logger.warning("A REST request was cancelled (client gone or timeout).")
                raise
            except Exception as error:  # noqa: BLE001 - never answer with silence
                logger.error("A REST turn failed (%s).", type(error).__name__)
            if not collector.messages:
                collector.messages.append(resend_reply(fields["sender"]))
            return response.json(collector.messages)

        return bp
