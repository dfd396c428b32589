"""Opening, navigating and closing a session."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents.handlers.base import IntentHandler, RequestTypeHandler
from intents.handlers.checkin import OFFER as CHECKIN_OFFER
from intents.handlers.checkin import checkin_due
from intents.handlers.followup import FollowUp
from intents.handlers.ideas import IDEA, OPEN_QUESTION
from intents.handlers.reflection import welcome_back_to_reflection
from intents.handlers.state import CAUSE, HEARD, RETURNING
from intents.handlers.turn import Turn
from intents.handlers.welcome_offer import welcome_offer
from skill.logs import logger


class LaunchHandler(RequestTypeHandler):
    request_type = "LaunchRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        if not turn.session.get(RETURNING):
            return turn.reply([turn.phrase("welcome")], ask=IDEA)
        if turn.state.in_reflection:
            return welcome_back_to_reflection(turn)
        offered = welcome_offer(turn)  # tonight's programme step, or how last night's idea went
        if offered is not None:
            return offered
        if checkin_due(handler_input):
            return turn.reply([turn.phrase("welcome_back"), turn.phrase("checkin_due")], ask=CHECKIN_OFFER)
        return turn.reply([turn.phrase("welcome_back")], ask=OPEN_QUESTION)


def more_options(turn: Turn) -> Response:
    """Yes, or 'more options', after help offered more: the rest of what the skill does."""
    return turn.reply([turn.phrase("more_options")], ask=OPEN_QUESTION, keep_mode=True)


MORE_OPTIONS = FollowUp("more_options", yes=more_options, more=more_options)


class HelpHandler(IntentHandler):
    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("help")], ask=MORE_OPTIONS, keep_mode=True)


class NavigateHomeHandler(IntentHandler):
    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("menu")], ask=OPEN_QUESTION)


class StartOverHandler(IntentHandler):
    """With no mode that means more by it, 'start over' forgets the ideas heard and the cause."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        turn.session.pop(HEARD, None)
        turn.session.pop(CAUSE, None)
        return turn.reply([turn.phrase("fresh_start"), turn.phrase("menu")], ask=OPEN_QUESTION)


class PauseHandler(IntentHandler):
    """Pause with no mode that means more by it: the couple may just need a moment, so stay open."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("paused_outside")], ask=OPEN_QUESTION, keep_mode=True)


class GoodbyeHandler(IntentHandler):
    """Stop and Cancel: a brief goodbye, session ended."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        # A reflection in progress is kept so it can be resumed later.
        return turn.reply([turn.phrase("goodbye")], end=True, keep_mode=True)


class SessionEndedHandler(RequestTypeHandler):
    """Alexa allows no speech here; log why the session ended."""

    request_type = "SessionEndedRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        reason = getattr(request.reason, "value", request.reason)
        error = request.error
        if error is not None:
            kind = getattr(error.object_type, "value", error.object_type)
            logger().error("session ended: %s, error %s: %s", reason, kind, error.message)
        else:
            logger().info("session ended: %s", reason)
        return handler_input.response_builder.response
