"""The shapes the handlers share: answering an intent, or matching a request type."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from content import Content


class IntentHandler:
    """Gives one or more intents their shared behaviour, speaking from `content`.

    Which intents reach it is said once, in `SHARED` (intents/handlers/table.py),
    whose dispatcher hands it only those; so it claims nothing itself.
    """

    def __init__(self, content: Content) -> None:
        self.content = content

    def handle(self, handler_input: HandlerInput) -> Response:
        raise NotImplementedError


def intent_name(handler_input: HandlerInput) -> str:
    """The name of the request's intent; "" for a request that is not an intent, or names none."""
    request = handler_input.request_envelope.request
    if getattr(request, "object_type", None) != "IntentRequest":
        return ""
    return getattr(getattr(request, "intent", None), "name", None) or ""


class RequestTypeHandler(AbstractRequestHandler):
    """Handles requests of `request_type`, speaking from `content`."""

    request_type = ""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._matches = is_request_type(self.request_type)

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return self._matches(handler_input)
