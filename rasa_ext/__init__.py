"""Code loaded into the Rasa server process (policy, NLG, channels, tracker store).

Importing this package bounds how long the Rasa server waits for the action server
(``ACTION_TIMEOUT_SECONDS``, default 8): Rasa 3.6 hard-codes 300 s, so a hanging action
server would otherwise hold a patient's reply for five minutes. Emergency replies never
wait for the action server at all (see ``safety_policy``).
"""

import os

import rasa.core.actions.action as _rasa_action
import rasa.utils.endpoints as _rasa_endpoints


def _action_timeout() -> float:
    try:
        return max(1.0, float(os.environ.get("ACTION_TIMEOUT_SECONDS", "8")))
    except ValueError:
        return 8.0


_rasa_action.DEFAULT_REQUEST_TIMEOUT = _action_timeout()  # type: ignore[attr-defined]
_rasa_endpoints.DEFAULT_REQUEST_TIMEOUT = _action_timeout()  # type: ignore[attr-defined]
