"""Someone living with abuse in their past: as a child, or by a former partner.

They are not in danger from the partner beside them, so the answer is not the
domestic-abuse script and the session is not put in safety mode. It is a
gentle acknowledgement and, for the locale, a line for adult survivors
(content/data/safety.yaml, `survivor`). Like every safety answer it shows no
card and sets no reprompt.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content import Content
from intents.handlers.safety import DISCLOSED, listen_quietly, safety_parts
from intents.handlers.turn import Turn
from skill.screening import SURVIVOR

INTENT = "SurvivorSupportIntent"


class SurvivorHandler(AbstractRequestHandler):
    """SurvivorSupportIntent, or past abuse heard in a slot value; after SafetyHandler."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        if getattr(request, "object_type", None) != "IntentRequest":
            return False
        heard = handler_input.attributes_manager.request_attributes.get(DISCLOSED)
        return getattr(getattr(request, "intent", None), "name", None) == INTENT or heard == SURVIVOR

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return listen_quietly(turn, safety_parts(self.content.safety_for(turn.locale), "survivor"))
