"""socket.io (the web widget): ``/socket.io/``, long-polling (replaces ``socketio:``).

Same events and settings as Rasa's channel (``user_message_evt``, ``bot_message_evt``,
``session_persistence``, ``socketio_path``, ``jwt_key``...), plus:

* **Wrong shapes never go silent.** A ``user_uttered`` whose data is not an object, or
  whose ``message`` is missing or not a string, or (with session persistence) has no
  valid ``session_id``, is answered on the same socket with a ``bot_uttered``
  ``{"text": "Sorry, I couldn't read that message...", "error": "<code>"}``. A
  ``session_request`` with a bad ``session_id`` gets a fresh id in ``session_confirm``.
  ``metadata`` that is neither an object nor a JSON-object string is dropped.
* A ``user_uttered`` for a session this socket never requested joins that session's
  room first, so its replies are not emitted into the void.
* ``message_id`` (optional) makes a resend after a lost connection safe, as on REST.
* **Sticky sessions behind a load balancer.** With ``RASA_INSTANCE_ID`` set (e.g.
  ``rasa1``), every Engine.IO session id starts with ``rasa1.``; the balancer routes
  polling requests whose ``sid`` starts with it to that server (``deploy/nginx``).
  This needs no cookie, so it works for the widget (which sends none) and any client.

:func:`send_custom_json` is the socket.io custom-payload fix that
:mod:`rasa_ext.patches` installs on Rasa's ``SocketIOOutput``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from typing import Any, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOOutput
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from clinical import settings
from rasa_ext.channels.base import OnNewMessage
from rasa_ext.turn_guard import MAX_MESSAGE_ID_CHARS

logger = logging.getLogger(__name__)

_EMIT_KWARGS = {"data", "to", "room", "skip_sid", "namespace", "callback", "ignore_queue"}
_SESSION_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_INSTANCE_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


async def send_custom_json(
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


def instance_id() -> Optional[str]:
    """``RASA_INSTANCE_ID`` if it is a valid tag, else None."""
    value = (os.environ.get("RASA_INSTANCE_ID") or "").strip()
    if value and not _INSTANCE_ID.fullmatch(value):
        logger.error("RASA_INSTANCE_ID must be 1-32 characters of A-Z a-z 0-9 _ -; ignored.")
        return None
    return value or None


def tag_session_ids(sio: AsyncServer, tag: Optional[str]) -> None:
    """Make this server's Engine.IO session ids start with ``<tag>.``."""
    if not tag:
        return
    original = sio.eio.generate_id

    def generate_id() -> str:
        return f"{tag}.{original()}"

    sio.eio.generate_id = generate_id


def problem_text() -> str:
    return (
        "Sorry, I couldn't read that message. Please send it again. If you feel very "
        f"unwell, call {settings.emergency_number()}."
    )


def valid_session_id(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and _SESSION_ID.fullmatch(value) else None


def metadata_of(data: Dict[str, Any], key: str) -> Dict[str, Any]:
    metadata = data.get(key)
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            metadata = None
    return dict(metadata) if isinstance(metadata, dict) else {}


class SocketIOInput(RasaSocketIOInput):
    """Rasa's socket.io channel, hardened (see module docstring)."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        from rasa_ext.patches import max_request_bytes

        # cors_allowed_origins=[]: Rasa's Sanic CORS set-up answers cross-origin checks.
        sio = AsyncServer(
            async_mode="sanic", cors_allowed_origins=[], max_http_buffer_size=max_request_bytes()
        )
        tag_session_ids(sio, instance_id())
        bp = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        namespace = self.namespace

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        async def problem(sid: Text, code: str) -> None:
            logger.warning("socket.io: refused a %s event (%s).", self.user_message_evt, code)
            await sio.emit(
                self.bot_message_evt,
                {"text": problem_text(), "error": code},
                room=sid,
                namespace=namespace,
            )

        @sio.on("connect", namespace=namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict]) -> bool:
            if not self.jwt_key:
                return True
            token = auth.get("token") if isinstance(auth, dict) else None
            return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

        @sio.on("disconnect", namespace=namespace)
        async def disconnect(sid: Text) -> None:
            return None

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: Text, data: Any = None) -> None:
            session_id = (
                valid_session_id(data.get("session_id")) if isinstance(data, dict) else None
            )
            session_id = session_id or uuid.uuid4().hex
            if self.session_persistence:
                sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: Text, data: Any = None) -> None:
            if not isinstance(data, dict):
                return await problem(sid, "invalid_event")
            if self.session_persistence:
                sender_id = valid_session_id(data.get("session_id"))
                if not sender_id:
                    return await problem(sid, "invalid_session_id")
                if sender_id not in sio.rooms(sid, namespace=namespace):
                    sio.enter_room(sid, sender_id, namespace=namespace)
            else:
                sender_id = sid
            text = data.get("message")
            if not isinstance(text, str):
                return await problem(sid, "invalid_message")
            metadata = metadata_of(data, self.metadata_key or "metadata")
            message_id = data.get("message_id")
            if isinstance(message_id, str) and 0 < len(message_id) <= MAX_MESSAGE_ID_CHARS:
                metadata["client_message_id"] = message_id
            output = SocketIOOutput(sio, self.bot_message_evt)
            try:
                await on_new_message(
                    UserMessage(
                        text, output, sender_id, input_channel=self.name(), metadata=metadata
                    )
                )
            except Exception as error:  # noqa: BLE001 - never silence
                logger.error("A socket.io turn failed (%s).", type(error).__name__)
                await problem(sid, "turn_failed")

        return bp
