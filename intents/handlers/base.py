"""The shapes the handlers share: matching intent names, or request types."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type

from content import Content


class IntentHandler(AbstractRequestHandler):
    """Handles the intents named in `intent_names`, speaking from `content`."""

    intent_names: tuple[str, ...] = ()

    def __init__(self, content: Content) -> None:
        self.content = content
        self._matchers = [is_intent_name(name) for name in self.intent_names]

    def can_handle(self, handler_input: HandlerInput) -> bool:
        # An IntentRequest whose intent is missing is the fallback's, not a crash here.
        if getattr(handler_input.request_envelope.request, "intent", "") is None:
            return False
        return any(matches(handler_input) for matches in self._matchers)


class RequestTypeHandler(AbstractRequestHandler):
    """Handles requests of `request_type`, speaking from `content`."""

    request_type = ""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._matches = is_request_type(self.request_type)

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return self._matches(handler_input)
