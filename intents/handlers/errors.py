"""The last line of defence: an apology instead of a crash."""

from __future__ import annotations

import random

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from content import Content
from intents.handlers.turn import CARD_TITLE
from intents.handlers.unclaimed import SPEAKABLE_REQUESTS
from skill.logs import logger
from skill.ssml import to_ssml


class CatchAllExceptionHandler(AbstractExceptionHandler):
    """Log the traceback; say sorry and keep the session open.

    It reads no session state, since broken state may be what failed, and it
    answers silently where Alexa allows no speech.
    """

    def __init__(self, content: Content) -> None:
        self.content = content

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        request = handler_input.request_envelope.request
        logger().error("error answering %s", getattr(request, "object_type", "?"), exc_info=exception)
        builder = handler_input.response_builder
        if getattr(request, "object_type", None) not in SPEAKABLE_REQUESTS:
            return builder.response
        phrases = self.content.phrases
        apology = [random.choice(phrases["error"]), random.choice(phrases["help"])]
        question = random.choice(self.content.followups["open"])
        builder.speak(to_ssml([*apology, question])).ask(to_ssml([question]))
        builder.set_card(SimpleCard(title=CARD_TITLE, content=" ".join([*apology, question])))
        return builder.response
