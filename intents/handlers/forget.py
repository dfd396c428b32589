"""'Forget me': after a yes, delete everything stored for this user."""

from __future__ import annotations

import contextlib

from ask_sdk_core.exceptions import AttributesManagerException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents.handlers.base import IntentHandler
from intents.handlers.checkin import CHECKIN, CHECKIN_DATE, FOCUS
from intents.handlers.questions import ASKED, QUESTION
from intents.handlers.turn import CAUSE, HEARD, REFLECTION, SAVED, Turn


def forget(turn: Turn) -> Response:
    """Delete the stored record and everything this session would store again."""
    for key in (HEARD, REFLECTION, CAUSE, ASKED, QUESTION, CHECKIN, CHECKIN_DATE, FOCUS):
        turn.session.pop(key, None)
    manager = turn.input.attributes_manager
    # Without a persistence adapter the SDK refuses to delete; there is nothing stored then.
    with contextlib.suppress(AttributesManagerException):
        manager.delete_persistent_attributes()
    turn.session[SAVED] = {}
    return turn.reply([turn.phrase("forgotten")], ask="anything_else")


class ForgetMeHandler(IntentHandler):
    intent_names = ("ForgetMeIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([], ask="forget", keep_reflection=True)
