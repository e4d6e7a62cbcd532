"""A scripted stand-in for the Rasa server, for widget checks that the real bot
cannot provide (a server that accepts messages but never answers).

It mounts Rasa's own socket.io input channel (same code path, same events,
session persistence, plus the custom-payload fix from rasa_ext.patches) on a Sanic app.

Run: python tests/web/fake_bot.py PORT [--silent]
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from rasa.core.channels.channel import UserMessage  # noqa: E402
from rasa.core.channels.socketio import SocketIOInput  # noqa: E402
from sanic import Sanic  # noqa: E402
from sanic_cors import CORS  # noqa: E402

from rasa_ext import patches  # noqa: E402


def create_app(silent: bool) -> Sanic:
    """Sanic app with Rasa's socket.io channel and a scripted reply handler."""
    app = Sanic("fake_bot")
    app.config.MOTD = False
    CORS(app, resources={r"/*": {"origins": "*"}}, automatic_options=True)
    patches.PATCHES["socketio_custom_json"]()  # the socket.io custom-payload fix
    channel = SocketIOInput(session_persistence=True)

    async def on_new_message(message: UserMessage) -> None:
        if silent:
            return
        out = message.output_channel
        text = message.text or ""
        if "urgent" in text or "too many" in text:
            await out.send_response(message.sender_id, {"text": "Seek care now: call 911."})
            await out.send_response(
                message.sender_id,
                {
                    "custom": {
                        "disposition": "emergency",
                        "red_flags": ["breathing"],
                        "emergency_number": "911",
                    }
                },
            )
        else:
            await out.send_response(
                message.sender_id,
                {
                    "text": f"You said: {text}",
                    "quick_replies": [
                        {"title": "Yes", "payload": "/affirm"},
                        {"title": "No", "payload": "/deny"},
                    ],
                },
            )

    app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/socketio")
    return app


if __name__ == "__main__":
    port = int(sys.argv[1])
    create_app("--silent" in sys.argv).run(host="127.0.0.1", port=port, access_log=False)
