"""A scripted stand-in for the Rasa server, for widget checks that the real bot
cannot provide (a server that accepts messages but never answers).

It mounts Rasa's own socket.io input channel (same code path, same events,
session persistence, plus rasa_ext.channels' custom-payload fix) on a Sanic app.

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

import rasa_ext.channels  # noqa: E402,F401  (socket.io custom-payload fix)


def create_app(silent: bool) -> Sanic:
    """Sanic app with Rasa's socket.io channel and a scripted reply handler."""
    app = Sanic("fake_bot")
    app.config.MOTD = False
    CORS(app, resources={r"/*": {"origins": "*"}}, automatic_options=True)
    channel = SocketIOInput(session_persistence=True)

    async def on_new_message(message: UserMessage) -> None:
        if silent:
            return
        out = message.output_channel
        text = message.text or ""
        emergency = {
            "disposition": "emergency",
            "red_flags": ["breathing"],
            "emergency_number": "112",
        }
        if "urgent" in text or "too many" in text:
            # what the NLG sends: the text, then its custom payload (Rasa sends them apart)
            await out.send_response(
                message.sender_id, {"text": "Seek care now: call 112.", "custom": emergency}
            )
        elif "payload only" in text:
            await out.send_response(message.sender_id, {"custom": emergency})
        elif "what does" in text:
            # the words without the payload: NOT an emergency
            await out.send_response(
                message.sender_id, {"text": "Seek care now means: go to hospital at once."}
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
