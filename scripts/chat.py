"""Talk to the running assistant from a terminal (the `rasa shell` equivalent).

Start the assistant with `make run`, then in another terminal `make chat`. Buttons are
shown numbered; type the number to press one. Ctrl-D or /quit ends.
"""

from __future__ import annotations

import json
import os
import sys
import uuid

import requests


def main() -> int:
    url = os.environ.get("RASA_URL") or f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    print(f"Talking to {url} as {sender}. Ctrl-D or /quit to end.")
    buttons: list = []
    while True:
        try:
            text = input("you> ").strip()
        except EOFError:
            print()
            return 0
        if text == "/quit":
            return 0
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            replies = requests.post(
                f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
            ).json()
        except requests.RequestException as exc:
            print(f"(cannot reach the assistant: {exc}; is `make run` running?)")
            continue
        buttons = []
        for reply in replies:
            if reply.get("text"):
                print(f"bot> {reply['text']}")
            for button in reply.get("buttons") or []:
                buttons.append(button)
                print(f"     [{len(buttons)}] {button['title']}")
            if reply.get("custom"):
                print(f"     custom: {json.dumps(reply['custom'])}")


if __name__ == "__main__":
    sys.exit(main())
