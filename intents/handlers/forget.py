"""'Forget me': after a yes, delete everything stored for this user, or say honestly it could not."""

from __future__ import annotations

from ask_sdk_core.exceptions import AttributesManagerException, PersistenceException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents.handlers.base import IntentHandler
from intents.handlers.checkin import CHECKIN, CHECKIN_DATE, FOCUS
from intents.handlers.questions import ASKED, QUESTION
from intents.handlers.turn import CAUSE, HEARD, OPENERS, REFLECTION, REFLECTIONS, SAVED, SITUATION, Turn
from intents.kept import KEPT_KEYS
from skill.logs import logger


def forget(turn: Turn) -> Response:
    """Delete the stored record and everything this session would store again."""
    manager = turn.input.attributes_manager
    try:
        manager.delete_persistent_attributes()
    except AttributesManagerException:
        pass  # no persistence adapter: memory is off, so nothing was ever stored
    except PersistenceException as error:
        # Never claim a deletion that did not happen; the session keeps its state
        # so the listener can simply ask again later.
        logger().warning("forget me could not delete the stored record: %s", type(error).__name__)
        return turn.reply([turn.phrase("forget_failed")], ask="anything_else")
    for key in (HEARD, REFLECTION, CAUSE, ASKED, QUESTION, CHECKIN, CHECKIN_DATE, FOCUS, OPENERS, REFLECTIONS,
                SITUATION, *KEPT_KEYS):
        turn.session.pop(key, None)
    turn.session[SAVED] = {}
    return turn.reply([turn.phrase("forgotten")], ask="anything_else")


class ForgetMeHandler(IntentHandler):
    intent_names = ("ForgetMeIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([], ask="forget", keep_reflection=True)
