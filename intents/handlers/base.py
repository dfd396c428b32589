"""The shape every intent handler shares."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name

from content import Content


class IntentHandler(AbstractRequestHandler):
    """Handles the intents named in `intent_names`, speaking from `content`."""

    intent_names: tuple[str, ...] = ()

    def __init__(self, content: Content) -> None:
        self.content = content
        self._matchers = [is_intent_name(name) for name in self.intent_names]

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return any(matches(handler_input) for matches in self._matchers)
