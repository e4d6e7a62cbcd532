"""A scripted stand-in for the Rasa server, for widget checks that the real bot
cannot provide (a server that accepts messages but never answers, fixed replies).

It mounts Rasa's own socket.io input channel (same code path, same events,
session persistence, plus the custom-payload fix from rasa_ext.patches) on a Sanic app.
With ``--db URL`` it also stores each turn with the project's tracker store, exactly
as the Rasa server would (so feedback on its replies can be checked and reviewed).

Run: python tests/web/fake_bot.py PORT [--silent] [--db URL]
"""

from __future__ import annotations

import os
import sys
from typing import Any, Dict, List, Optional

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from rasa.core.channels.channel import UserMessage  # noqa: E402
from rasa.core.channels.socketio import SocketIOInput  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered  # noqa: E402
from sanic import Sanic  # noqa: E402
from sanic_cors import CORS  # noqa: E402

from rasa_ext import patches  # noqa: E402
from rasa_ext.tracker_store import ManagedSQLTrackerStore  # noqa: E402

EMERGENCY = {"disposition": "emergency", "red_flags": ["breathing"], "emergency_number": "112"}
ANSWER = (
    "Baclofen relaxes tight muscles. Take it with food if it upsets your stomach, "
    "and don't stop it suddenly."
)


def replies_for(text: str) -> List[Dict[str, Any]]:
    if "urgent" in text or "too many" in text:
        # what the NLG sends: the text, then its custom payload (Rasa sends them apart)
        return [{"text": "Seek care now: call 112.", "custom": EMERGENCY}]
    if "payload only" in text:
        return [{"custom": EMERGENCY}]
    if "what does" in text:
        # the words without the payload: NOT an emergency
        return [{"text": "Seek care now means: go to hospital at once."}]
    if "what is baclofen" in text.lower():
        return [{"text": ANSWER}]
    return [
        {
            "text": f"You said: {text}",
            "quick_replies": [
                {"title": "Yes", "payload": "/affirm"},
                {"title": "No", "payload": "/deny"},
            ],
        }
    ]


def create_app(silent: bool, db_url: Optional[str] = None) -> Sanic:
    """Sanic app with Rasa's socket.io channel and a scripted reply handler."""
    app = Sanic("fake_bot")
    app.config.MOTD = False
    CORS(app, resources={r"/*": {"origins": "*"}}, automatic_options=True)
    patches.PATCHES["socketio_custom_json"]()  # the socket.io custom-payload fix
    channel = SocketIOInput(session_persistence=True)
    store = ManagedSQLTrackerStore(domain=Domain.empty(), host=db_url) if db_url else None

    async def on_new_message(message: UserMessage) -> None:
        if silent:
            return
        text = message.text or ""
        replies = replies_for(text)
        if store is not None:  # store the turn first, as Rasa has done when it answers
            tracker = await store.get_or_create_tracker(message.sender_id)
            tracker.update(
                UserUttered(
                    text,
                    intent={"name": "ask_question", "confidence": 0.9},
                    input_channel="socketio",
                )
            )
            for reply in replies:
                tracker.update(BotUttered(reply.get("text"), {"custom": reply.get("custom")}))
            tracker.update(ActionExecuted("action_listen"))
            await store.save(tracker)
        for reply in replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))

    app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/socketio")
    return app


if __name__ == "__main__":
    port = int(sys.argv[1])
    db = sys.argv[sys.argv.index("--db") + 1] if "--db" in sys.argv else None
    create_app("--silent" in sys.argv, db).run(host="127.0.0.1", port=port, access_log=False)
