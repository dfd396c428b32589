"""'Forget me': after a yes, delete everything stored for this user."""

from __future__ import annotations

import contextlib

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.exceptions import AttributesManagerException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from content import Content
from intents.handlers.turn import CAUSE, HEARD, REFLECTION, SAVED, Turn


def forget(turn: Turn) -> Response:
    """Delete the stored record and everything this session would store again."""
    for key in (HEARD, REFLECTION, CAUSE):
        turn.session.pop(key, None)
    manager = turn.input.attributes_manager
    # Without a persistence adapter the SDK refuses to delete; there is nothing stored then.
    with contextlib.suppress(AttributesManagerException):
        manager.delete_persistent_attributes()
    turn.session[SAVED] = {}
    return turn.reply([turn.phrase("forgotten")], ask="anything_else")


class ForgetMeHandler(AbstractRequestHandler):
    def __init__(self, content: Content) -> None:
        self.content = content
        self._matches = is_intent_name("ForgetMeIntent")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return self._matches(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([], ask="forget", keep_reflection=True)
