"""Opening, navigating and closing a session, and requests that get no speech."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents.handlers.base import IntentHandler, RequestTypeHandler
from intents.handlers.checkin import checkin_due
from intents.handlers.turn import CAUSE, HEARD, PENDING, RETURNING, Turn
from skill.logs import logger

# Request types a skill may answer with speech; Alexa ignores or rejects
# speech in reply to anything else (AudioPlayer, skill events, messaging...).
SPEAKABLE_REQUESTS = ("LaunchRequest", "IntentRequest")


class LaunchHandler(RequestTypeHandler):
    request_type = "LaunchRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        if not turn.session.get(RETURNING):
            return turn.reply([turn.phrase("welcome")], ask="idea")
        if turn.in_reflection:
            return turn.reply([turn.phrase("welcome_back"), turn.phrase("reflection_saved")],
                              pending="reflection_next", reprompt=[turn.question("reflection_next")],
                              keep_reflection=True)
        if checkin_due(handler_input):
            return turn.reply([turn.phrase("welcome_back"), turn.phrase("checkin_due")], ask="checkin")
        return turn.reply([turn.phrase("welcome_back")], ask="open")


class HelpHandler(IntentHandler):
    intent_names = ("AMAZON.HelpIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("help")], ask="more_options", keep_reflection=True)


class MoreOptionsHandler(IntentHandler):
    """Yes, or 'more options', after help offered more: the rest of what the skill does."""

    intent_names = ("AMAZON.YesIntent", "AMAZON.MoreIntent")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and \
            handler_input.attributes_manager.session_attributes.get(PENDING) == "more_options"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("more_options")], ask="open", keep_reflection=True)


class NavigateHomeHandler(IntentHandler):
    intent_names = ("AMAZON.NavigateHomeIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("menu")], ask="open")


class StartOverHandler(IntentHandler):
    """Outside a reflection, 'start over' forgets the ideas heard and the cause."""

    intent_names = ("AMAZON.StartOverIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        turn.session.pop(HEARD, None)
        turn.session.pop(CAUSE, None)
        return turn.reply([turn.phrase("fresh_start"), turn.phrase("menu")], ask="open")


class PauseHandler(IntentHandler):
    """Pause with no reflection running: the couple may just need a moment, so stay open."""

    intent_names = ("AMAZON.PauseIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("paused_outside")], ask="open", keep_reflection=True)


class GoodbyeHandler(IntentHandler):
    """Stop and Cancel: a brief goodbye, session ended."""

    intent_names = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        # A reflection in progress is kept so it can be resumed later.
        return turn.reply([turn.phrase("goodbye")], end=True, keep_reflection=True)


class FallbackHandler(RequestTypeHandler):
    """AMAZON.FallbackIntent and any intent this skill does not know: say what it can do."""

    request_type = "IntentRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        intent = handler_input.request_envelope.request.intent
        name = getattr(intent, "name", None)
        if name != "AMAZON.FallbackIntent":
            logger().warning("unknown intent %r answered as fallback", name)
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("fallback")], ask="open", keep_reflection=True)


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
