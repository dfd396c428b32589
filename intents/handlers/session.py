"""Opening, navigating and closing a session, and requests that get no speech."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content import Content
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

# Request types a skill may answer with speech; Alexa ignores or rejects
# speech in reply to anything else (AudioPlayer, skill events, messaging...).
SPEAKABLE_REQUESTS = ("LaunchRequest", "IntentRequest")


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
    intent_names = ("AMAZON.HelpIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("help")], ask=MORE_OPTIONS, keep_mode=True)


class NavigateHomeHandler(IntentHandler):
    intent_names = ("AMAZON.NavigateHomeIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("menu")], ask=OPEN_QUESTION)


class StartOverHandler(IntentHandler):
    """With no mode that means more by it, 'start over' forgets the ideas heard and the cause."""

    intent_names = ("AMAZON.StartOverIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        turn.session.pop(HEARD, None)
        turn.session.pop(CAUSE, None)
        return turn.reply([turn.phrase("fresh_start"), turn.phrase("menu")], ask=OPEN_QUESTION)


class PauseHandler(IntentHandler):
    """Pause with no mode that means more by it: the couple may just need a moment, so stay open."""

    intent_names = ("AMAZON.PauseIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("paused_outside")], ask=OPEN_QUESTION, keep_mode=True)


class GoodbyeHandler(IntentHandler):
    """Stop and Cancel: a brief goodbye, session ended."""

    intent_names = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        # A reflection in progress is kept so it can be resumed later.
        return turn.reply([turn.phrase("goodbye")], end=True, keep_mode=True)


class FallbackHandler(RequestTypeHandler):
    """AMAZON.FallbackIntent and any intent no other handler claims: say what it can do.

    `claimed` are the intents other handlers answer, so it never competes with them
    and the order the handlers are registered in does not matter.
    """

    request_type = "IntentRequest"

    def __init__(self, content: Content, claimed: frozenset[str] = frozenset()) -> None:
        super().__init__(content)
        self.claimed = claimed - {"AMAZON.FallbackIntent"}

    def can_handle(self, handler_input: HandlerInput) -> bool:
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        return super().can_handle(handler_input) and getattr(intent, "name", None) not in self.claimed

    def handle(self, handler_input: HandlerInput) -> Response:
        intent = handler_input.request_envelope.request.intent
        name = getattr(intent, "name", None)
        if name != "AMAZON.FallbackIntent":
            logger().warning("unknown intent %r answered as fallback", name)
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("fallback")], ask=OPEN_QUESTION, keep_mode=True)


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


class SilentRequestHandler(AbstractRequestHandler):
    """Any request type a skill may not speak to gets an empty response."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return handler_input.request_envelope.request.object_type not in SPEAKABLE_REQUESTS

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        logger().info("no speech for request type %s", request.object_type)
        return handler_input.response_builder.response
