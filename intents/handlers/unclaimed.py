"""Requests no other handler claims: an intent the skill does not know, and requests it may not speak to."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content import Content
from intents.handlers.base import RequestTypeHandler
from intents.handlers.ideas import OPEN_QUESTION
from intents.handlers.turn import Turn
from skill.logs import logger

# Request types a skill may answer with speech; Alexa ignores or rejects
# speech in reply to anything else (AudioPlayer, skill events, messaging...).
SPEAKABLE_REQUESTS = ("LaunchRequest", "IntentRequest")


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


class SilentRequestHandler(AbstractRequestHandler):
    """Any request type a skill may not speak to gets an empty response."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return handler_input.request_envelope.request.object_type not in SPEAKABLE_REQUESTS

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        logger().info("no speech for request type %s", request.object_type)
        return handler_input.response_builder.response
