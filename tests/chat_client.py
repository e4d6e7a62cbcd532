"""Talk to the running bot over its REST channel (used by the end-to-end tests)."""

from __future__ import annotations

import uuid
from typing import List

import requests

from scripts.stack import Stack


class Chat:
    """A conversation with the running bot over its REST channel."""

    def __init__(self, stack: Stack, sender: str | None = None) -> None:
        self.stack = stack
        self.sender = sender or f"test-{uuid.uuid4().hex[:12]}"

    def say(self, text: str, timeout: float = 60) -> List[dict]:
        response = requests.post(
            f"{self.stack.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=timeout,
        )
        response.raise_for_status()
        return response.json()

    def tracker(self) -> dict:
        response = requests.get(
            f"{self.stack.rasa_url}/conversations/{self.sender}/tracker",
            params={"token": self.stack.token},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def slot(self, name: str):
        return self.tracker()["slots"].get(name)


def texts(messages: List[dict]) -> List[str]:
    return [m.get("text", "") for m in messages if m.get("text")]


def customs(messages: List[dict]) -> List[dict]:
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
