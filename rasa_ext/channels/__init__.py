"""Channels of the baclofen assistant, one module per provider (as Rasa's own
``rasa/core/channels/``):

============  ===============================  ============================================
module        class in credentials.yml         switched on by
============  ===============================  ============================================
``rest``      ``rest.RestInput``               always (REST webhook)
``socketio``  ``socketio.SocketIOInput``       always (web widget)
``slack``     ``slack.SlackInput``             SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET
``telegram``  ``telegram.TelegramInput``       TELEGRAM_BOT_TOKEN, TELEGRAM_SECRET_TOKEN
``twilio``    ``twilio.TwilioInput``           TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN,
                                               TWILIO_NUMBER
``facebook``  ``facebook.FacebookInput``       FACEBOOK_VERIFY_TOKEN, FACEBOOK_APP_SECRET,
                                               FACEBOOK_PAGE_ACCESS_TOKEN
============  ===============================  ============================================

(class paths are under ``rasa_ext.channels.``)

``base`` holds what the providers share: settings from the environment, the
switched-off stand-in (404, no outbound call), the text-only output (split texts,
numbered buttons, custom payloads as text) and the webhook input helpers (broken bodies
are a 400, never a 500). Every inbound webhook is authenticated before the bot sees the
message; message text is never logged. The older paths ``rasa_ext.channels.SlackInput``
etc. keep working.

Importing this package changes nothing in Rasa: the socket.io custom-payload fix and the
other patches are applied at start-up by ``rasa_ext.patches``.
"""

from rasa.core.channels.socketio import SocketIOOutput

from rasa_ext.channels.base import DisabledChannel, buttons_as_text, text_of_custom
from rasa_ext.channels.facebook import FacebookInput, FacebookOutput, verify_hub_signature
from rasa_ext.channels.rest import RestInput
from rasa_ext.channels.slack import SlackInput, SlackOutput
from rasa_ext.channels.socketio import SocketIOInput
from rasa_ext.channels.telegram import TelegramInput, TelegramOutput
from rasa_ext.channels.twilio import TwilioInput, TwilioOutput

__all__ = [
    "DisabledChannel",
    "FacebookInput",
    "FacebookOutput",
    "RestInput",
    "SlackInput",
    "SlackOutput",
    "SocketIOInput",
    "SocketIOOutput",
    "TelegramInput",
    "TelegramOutput",
    "TwilioInput",
    "TwilioOutput",
    "buttons_as_text",
    "text_of_custom",
    "verify_hub_signature",
]
