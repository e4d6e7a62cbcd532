"""What happens to every user message before and around Rasa's own handling of it.

Installed by :mod:`rasa_ext.patches` on ``Agent.handle_message`` and
``MessageProcessor.handle_message``, so it applies to every channel (REST, socket.io,
Slack, Telegram, SMS, Messenger and any channel added later):

* **Clean text**: NUL and other control characters are removed, lone UTF-16 surrogates
  become U+FFFD, and invisible format characters (zero-width spaces, bidi marks, soft
  hyphens) are removed, so "can't bre<ZWSP>athe" still reads "can't breathe".
* **Empty or blank**: answered with a prompt (``utter_empty_message``); nothing is
  stored, nothing reaches the NLU.
* **Size cap** (the contract in COORDINATION.md): text longer than
  ``clinical.settings.max_message_chars()`` is replaced by
  ``clinical.text.shorten_for_nlu(text, limit)`` and the message metadata gets
  ``{"oversize": {"chars": <original length>}}``; the SafetyPolicy checks the kept
  sentences for urgent signs and asks for a shorter message otherwise.
* **Typed slash commands** ("/restart", "/stop", "/affirm{...}"): Rasa would run them
  as intents (``/restart`` wipes the conversation state, an earlier escalation
  included, and answers nothing). Unless the text is the payload of a button the bot
  just offered, the words after the slash are read as ordinary text; the stored text
  is what the person typed.
* **Retries are idempotent**: a client may send ``message_id`` (REST and socket.io
  accept it); if the conversation already holds a user message with that id, the bot
  replies that followed it are sent again and nothing is processed twice. A client
  that lost its connection mid-turn can therefore always send again.
* **Never a silent turn**: a processed turn that produced no bot message at all (e.g. the
  triage form's action failed) gets ``utter_service_unavailable``.
* **Replies only after the turn is stored**: bot messages are held until the tracker
  has been saved, then sent. If anything fails (database, lock store, a bug), the
  person gets ``utter_please_resend`` ("please send that again"; with the emergency
  number) instead of silence, and if the message itself shows an urgent sign the
  "Seek care now" reply is sent first, straight from the domain (no database, no
  action server needed).

No patient text is logged here: ids are hashed, exceptions are logged by type.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import re
import unicodedata
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinical import settings
from clinical.text import shorten_for_nlu
from rasa_ext import log_privacy

logger = logging.getLogger(__name__)

EMPTY_RESPONSE = "utter_empty_message"
UNAVAILABLE_RESPONSE = "utter_service_unavailable"
RESEND_RESPONSE = "utter_please_resend"
# Used when the loaded model's domain does not have the responses yet (same wording).
FALLBACK_TEXTS = {
    EMPTY_RESPONSE: "I didn't get any words in that message. What would you like to ask "
    "about baclofen? If you feel very unwell, call {emergency_number}.",
    RESEND_RESPONSE: "Sorry, I couldn't take in that message just now. Please send it "
    "again in a moment. If you feel very unwell, call {emergency_number}.",
    UNAVAILABLE_RESPONSE: "Sorry, something went wrong on my side and I can't finish that "
    "right now. Please try again in a few minutes. If you feel very "
    "unwell, call {emergency_number}.",
    # only if the domain has no "Seek care now" response at all
    "utter_seek_care_now": "Seek care now. Call {emergency_number} or go to the nearest "
    "emergency department. Don't drive yourself.",
}
EMERGENCY_RESPONSES = {
    "general": "utter_seek_care_now",
    "overdose": "utter_seek_care_now_overdose",
    "suicide": "utter_seek_care_now_suicide",
}
MAX_MESSAGE_ID_CHARS = 128


class _AgentView:
    """What :func:`render` needs, seen from a MessageProcessor."""

    def __init__(self, processor: Any) -> None:
        self.processor = processor
        self.domain = processor.domain


DEDUP_LOOKBACK = 400  # events searched for an earlier message with the same id

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def conversation_ref(sender_id: Any) -> str:
    """A short, stable, non-reversible reference to a conversation for logs."""
    return hashlib.sha256(str(sender_id).encode("utf-8", "replace")).hexdigest()[:12]


def clean_text(text: Any) -> str:
    """Text safe for the NLU, the database and the logs (see module docstring)."""
    if not isinstance(text, str):
        return ""
    text = _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))
    if any(unicodedata.category(ch) == "Cf" for ch in text):
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return text


def is_blank(text: str) -> bool:
    return not text.strip()


def apply_size_cap(message: UserMessage, limit: Optional[int] = None) -> bool:
    """Shorten an over-long message in place (the size-cap contract); True if it was."""
    limit = limit or settings.max_message_chars()
    text = message.text or ""
    if len(text) <= limit:
        return False
    message.text = shorten_for_nlu(text, limit)
    metadata = dict(message.metadata) if isinstance(message.metadata, dict) else {}
    metadata[settings.OVERSIZE_METADATA_KEY] = {"chars": len(text)}
    message.metadata = metadata
    return True


def prepare(message: UserMessage) -> Optional[str]:
    """Clean and cap ``message`` in place. Returns a response name to answer directly
    (without processing), or None to process the message."""
    message.text = clean_text(message.text)
    if message.metadata is not None and not isinstance(message.metadata, dict):
        message.metadata = {}
    if is_blank(message.text):
        return EMPTY_RESPONSE
    apply_size_cap(message)
    log_privacy.remember(message.text)
    return None


# ---------------------------------------------------------------- replies


class BufferedOutput(OutputChannel):
    """Holds a turn's bot messages until the tracker is stored, then sends them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.pending: List[Tuple[Text, Dict[Text, Any]]] = []

    def name(self) -> Text:  # type: ignore[override]  # the real channel's name
        return self.inner.name()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.pending.append((recipient_id, copy.deepcopy(message)))

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text, **kwargs})

    async def flush(self) -> None:
        pending, self.pending = self.pending, []
        for recipient_id, message in pending:
            await self.inner.send_response(recipient_id, message)

    def discard(self) -> None:
        self.pending = []


async def render(
    agent: Any,
    response: str,
    sender_id: Text,
    output: Optional[OutputChannel],
    slots: Optional[Dict[str, Any]] = None,
) -> Optional[Dict[str, Any]]:
    """A domain response rendered by the server's NLG, or the built-in fallback text."""
    channel_name = output.name() if output is not None else "collector"
    domain = getattr(agent, "domain", None)
    nlg = getattr(getattr(agent, "processor", None), "nlg", None)
    if domain is not None and nlg is not None and response in domain.responses:
        tracker = DialogueStateTracker(sender_id, domain.slots)
        for name, value in (slots or {}).items():
            if name in tracker.slots:
                tracker.update(SlotSet(name, value))
        try:
            generated = await nlg.generate(response, tracker, channel_name)
            if generated:
                return generated
        except Exception as error:  # noqa: BLE001 - fall back to the built-in text
            logger.error("Could not render %s (%s).", response, type(error).__name__)
    if response in EMERGENCY_RESPONSES.values() and response != EMERGENCY_RESPONSES["general"]:
        return await render(agent, EMERGENCY_RESPONSES["general"], sender_id, output, slots)
    text = FALLBACK_TEXTS.get(response)
    if text is None:
        return None
    rendered: Dict[str, Any] = {"text": text.format(**settings.response_values())}
    if response == EMERGENCY_RESPONSES["general"]:
        rendered["custom"] = {
            "disposition": "emergency",
            "red_flags": list((slots or {}).get("red_flags") or []),
            "emergency_number": settings.emergency_number(),
        }
    return rendered


async def answer(
    agent: Any, message: UserMessage, response: str, slots: Optional[Dict[str, Any]] = None
) -> None:
    rendered = await render(agent, response, message.sender_id, message.output_channel, slots)
    if rendered and message.output_channel is not None:
        await message.output_channel.send_response(message.sender_id, rendered)


def urgent_reply(text: str) -> Optional[Tuple[str, List[str]]]:
    """(response, red flags) if this one message shows an urgent sign, else None.

    Used only when the turn could not be processed: the same detector as the
    SafetyPolicy, on this message alone (fail towards safety).
    """
    try:
        from clinical import red_flags as rf

        assessment = rf.assess([rf.analyse(text)])
        if assessment.is_emergency:
            return (
                EMERGENCY_RESPONSES.get(assessment.kind, EMERGENCY_RESPONSES["general"]),
                list(assessment.red_flags),
            )
    except Exception as error:  # noqa: BLE001 - keyword scan below
        logger.error("Red-flag check failed on the fallback path (%s).", type(error).__name__)
    try:
        from clinical import red_flags as rf

        flags = rf.red_flag_codes(rf.keyword_fallback(text))
        if flags:
            return EMERGENCY_RESPONSES["general"], flags
    except Exception as error:  # noqa: BLE001
        logger.error("Keyword red-flag scan failed (%s).", type(error).__name__)
    return None


async def answer_failed_turn(agent: Any, message: UserMessage) -> None:
    """Never silence: urgent advice if the message needs it, then "please resend"."""
    try:
        urgent = urgent_reply(message.text or "")
        if urgent:
            response, flags = urgent
            await answer(agent, message, response, {"disposition": "emergency", "red_flags": flags})
        await answer(agent, message, RESEND_RESPONSE)
    except Exception as error:  # noqa: BLE001 - the channel's own fallback takes over
        logger.error("Could not send the failure reply (%s).", type(error).__name__)
        raise


# ---------------------------------------------------------------- the patched methods


def client_message_id(message: UserMessage) -> Optional[str]:
    """The id the client gave the message (for idempotent retries), if any."""
    metadata = message.metadata if isinstance(message.metadata, dict) else {}
    value = metadata.get("client_message_id")
    if isinstance(value, str) and 0 < len(value) <= MAX_MESSAGE_ID_CHARS:
        return value
    return None


def earlier_replies(
    tracker: DialogueStateTracker, message_id: str
) -> Optional[List[Dict[str, Any]]]:
    """Bot messages that answered an earlier user message with ``message_id``."""
    events = list(tracker.events)[-DEDUP_LOOKBACK:]
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if (
            isinstance(event, UserUttered)
            and (event.metadata or {}).get("client_message_id") == message_id
        ):
            replies = []
            for later in events[index + 1 :]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    reply = {
                        k: v
                        for k, v in later.message().items()
                        if k not in ("timestamp",) and v is not None
                    }
                    replies.append(reply)
            return replies
    return None


def offered_payloads(tracker: DialogueStateTracker) -> set:
    """Button payloads of the bot's messages since the last user message."""
    payloads = set()
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            for key in ("buttons", "quick_replies"):
                for button in event.data.get(key) or []:
                    if isinstance(button, dict) and isinstance(button.get("payload"), str):
                        payloads.add(button["payload"].strip())
    return payloads


def as_plain_text(text: str) -> str:
    """The words of a typed slash command ("/restart" -> "restart")."""
    return text.strip().lstrip("/").replace("{", " ").replace("}", " ").strip() or "?"


async def processor_handle_message(
    self: Any, message: UserMessage
) -> Optional[List[Dict[Text, Any]]]:
    """``MessageProcessor.handle_message`` with idempotent retries, typed slash
    commands read as text, and replies sent only after the tracker is stored."""
    from rasa.shared.constants import INTENT_MESSAGE_PREFIX
    from rasa.shared.data import TrainingType

    real_output = message.output_channel
    buffered = BufferedOutput(real_output) if real_output is not None else None
    message.output_channel = buffered
    try:
        tracker = await self.fetch_tracker_and_update_session(
            message.sender_id, buffered, message.metadata
        )
        message_id = client_message_id(message)
        replies = earlier_replies(tracker, message_id) if message_id else None
        if message_id and replies is not None:
            logger.info(
                "Repeated message %s in conversation %s: replies sent again.",
                message_id[:12],
                conversation_ref(message.sender_id),
            )
            if buffered is not None:
                buffered.discard()
                for reply in replies:
                    await buffered.send_response(message.sender_id, reply)
        else:
            text = message.text or ""
            if (
                text.strip().startswith(INTENT_MESSAGE_PREFIX)
                and message.parse_data is None
                and text.strip() not in offered_payloads(tracker)
            ):
                parse_data = await self.parse_message(
                    UserMessage(
                        as_plain_text(text),
                        None,
                        message.sender_id,
                        input_channel=message.input_channel,
                    ),
                    tracker,
                )
                parse_data["text"] = text
                message.parse_data = parse_data
            await self._handle_message_with_tracker(message, tracker)
            if self.model_metadata.training_type == TrainingType.NLU:
                await self.save_tracker(tracker)
                return None
            tracker = await self.run_action_extract_slots(buffered, tracker)
            await self._run_prediction_loop(buffered, tracker)
            await self.run_anonymization_pipeline(tracker)
            await self.save_tracker(tracker)
    except BaseException:
        if buffered is not None:
            buffered.discard()
        raise
    finally:
        message.output_channel = real_output
    if buffered is not None:
        if not buffered.pending:  # never silence (e.g. a custom action failed mid-form)
            agent = _AgentView(self)
            rendered = await render(agent, UNAVAILABLE_RESPONSE, message.sender_id, real_output)
            if rendered:
                await buffered.send_response(message.sender_id, rendered)
            logger.warning(
                "A turn in conversation %s produced no reply; sent %s.",
                conversation_ref(message.sender_id),
                UNAVAILABLE_RESPONSE,
            )
        await buffered.flush()
    if isinstance(real_output, CollectingOutputChannel):
        return real_output.messages
    return None


async def agent_handle_message(self: Any, message: UserMessage) -> Optional[List[Dict[Text, Any]]]:
    """``Agent.handle_message`` with the clean-up, cap and failure replies above."""
    import asyncio

    direct = prepare(message)
    if direct is not None:
        await answer(self, message, direct)
        return _collected(message)
    if not self.is_ready():
        logger.warning("A message arrived before the model was loaded.")
        await answer_failed_turn(self, message)
        return _collected(message)
    try:
        async with self.lock_store.lock(message.sender_id):
            return await self.processor.handle_message(message)
    except asyncio.CancelledError:
        raise
    except Exception as error:  # noqa: BLE001 - never silence
        logger.error(
            "A turn failed in conversation %s (%s); the patient was asked to send it again.",
            conversation_ref(message.sender_id),
            type(error).__name__,
        )
        await answer_failed_turn(self, message)
        return _collected(message)


def _collected(message: UserMessage) -> Optional[List[Dict[Text, Any]]]:
    if isinstance(message.output_channel, CollectingOutputChannel):
        return message.output_channel.messages
    return None
