"""'Forget me': after a yes, delete everything stored for this user, or say honestly it could not."""

from __future__ import annotations

from ask_sdk_core.exceptions import AttributesManagerException, PersistenceException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents.handlers.base import IntentHandler
from intents.handlers.checkin import CHECKIN
from intents.handlers.followup import FollowUp
from intents.handlers.shared import ANYTHING_ELSE
from intents.handlers.state import (
    ASKED,
    CAUSE,
    CHECKIN_DATE,
    FOCUS,
    HEARD,
    KNOWN_SITUATIONS,
    NOTHING_SAVED,
    OPENERS,
    QUESTION,
    REFLECTION,
    REFLECTIONS,
    SAVED,
    SITUATION,
)
from intents.handlers.turn import Turn
from intents.kept import KEPT_KEYS, SESSION_KEYS
from skill.logs import logger


class ForgetMeHandler(IntentHandler):
    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([], ask=CONFIRM, keep_mode=True)


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
        return turn.reply([turn.phrase("forget_failed")], ask=ANYTHING_ELSE)
    for key in (HEARD, REFLECTION, CAUSE, ASKED, QUESTION, CHECKIN, CHECKIN_DATE, FOCUS, OPENERS, REFLECTIONS,
                SITUATION, KNOWN_SITUATIONS, *KEPT_KEYS, *SESSION_KEYS):
        turn.session.pop(key, None)
    turn.session[SAVED] = NOTHING_SAVED
    return turn.reply([turn.phrase("forgotten")], ask=ANYTHING_ELSE)


def keep(turn: Turn) -> Response:
    """No to forgetting: everything stays, a reflection under way included."""
    return turn.reply([turn.phrase("kept")], ask=ANYTHING_ELSE, keep_mode=True)


# "Shall I forget everything?", asked before anything is deleted.
CONFIRM = FollowUp("forget", yes=forget, no=keep)
