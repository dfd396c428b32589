"""Touches on the screen, answered as the voice request they stand for.

Every button in the documents sends SendEvent arguments
["intent", INTENT_NAME, SLOT_NAME, SLOT_VALUE] (slot name and value may be
empty). Before any handler is chosen, the UserEvent is turned into that
IntentRequest, so a touch goes through exactly the same handlers, checks and
memory as the spoken request.
"""

from __future__ import annotations

import re

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Intent, IntentConfirmationStatus, IntentRequest, Slot, SlotConfirmationStatus

from skill.logs import logger

USER_EVENT = "Alexa.Presentation.APL.UserEvent"
TOUCHED = "touched"  # request attribute: this request began as a touch
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.]{0,80}$")
MAX_VALUE = 100


def intent_for(arguments: object) -> Intent | None:
    """The intent a touch's arguments name; None for events no document of ours sends."""
    args = list(arguments) if isinstance(arguments, list) else []
    if len(args) < 2 or args[0] != "intent" or not isinstance(args[1], str) or not _NAME.match(args[1]):
        return None
    slots = {}
    if len(args) >= 4 and isinstance(args[2], str) and _NAME.match(args[2]) and \
            isinstance(args[3], str) and 0 < len(args[3]) <= MAX_VALUE:
        # Imported here: only a touch that carries a slot value needs the resolution models.
        from ask_sdk_model.slu.entityresolution import (
            Resolution,
            Resolutions,
            Status,
            StatusCode,
            Value,
            ValueWrapper,
        )

        name, value = args[2], args[3]
        match = Resolution(authority=f"amzn1.er-authority.echo-sdk.touch.{name}",
                           status=Status(code=StatusCode.ER_SUCCESS_MATCH),
                           values=[ValueWrapper(value=Value(name=value, id=value))])
        slots[name] = Slot(name=name, value=value, confirmation_status=SlotConfirmationStatus.NONE,
                           resolutions=Resolutions(resolutions_per_authority=[match]))
    return Intent(name=args[1], slots=slots, confirmation_status=IntentConfirmationStatus.NONE)


class TouchInterceptor(AbstractRequestInterceptor):
    def process(self, handler_input: HandlerInput) -> None:
        envelope = handler_input.request_envelope
        request = envelope.request
        if request.object_type != USER_EVENT:
            return
        intent = intent_for(request.arguments)
        if intent is None:  # left as it came, for the silent handler
            logger().info("touch with unknown arguments ignored")
            return
        logger().info("touch answered as %s", intent.name)
        envelope.request = IntentRequest(request_id=request.request_id, timestamp=request.timestamp,
                                         locale=request.locale, intent=intent)
        handler_input.attributes_manager.request_attributes[TOUCHED] = True
