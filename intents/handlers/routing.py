"""Which answer a request gets, decided in one place: safety, then the question asked, then the mode.

1. A mode that overrides (safety, then survivor) and is active answers everything.
2. The follow-up question asked last answers what it declares (yes, no...).
3. The session's mode answers what it declares (next, pause, repeat...).
4. Anything else goes to the intent's shared handler, named for it in
   `SHARED` (intents/handlers/table.py).
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content import Content
from intents.handlers.base import intent_name
from intents.handlers.followup import NO, YES, Answer
from intents.handlers.mode import mode_named
from intents.handlers.shared import menu, no_thanks
from intents.handlers.turn import Turn
from intents.modes.registry import OVERRIDING

_DECIDED = "conversation_answer"  # request attribute: the answer `can_handle` found


def answer_for(turn: Turn, intent_name: str) -> Answer | None:
    """The answer a mode or follow-up declares for `intent_name` in this turn, or None (shared)."""
    for name in OVERRIDING:
        mode = mode_named(name)
        if mode is not None and mode.is_active(turn):
            return mode.answer(intent_name)
    follow_up = turn.state.follow_up
    answer = follow_up.answer(intent_name) if follow_up is not None else None
    if answer is not None:
        return answer
    name = turn.state.mode
    mode = None if name in OVERRIDING else mode_named(name)
    if mode is not None and mode.is_active(turn):
        return mode.answer(intent_name)
    return None


def answer_yes_or_no(turn: Turn, yes: bool) -> Response:
    """A yes or no said some other way ('definitely', 'not really'): as if said plainly."""
    answer = answer_for(turn, YES if yes else NO)
    if answer is not None:
        return answer(turn)
    return menu(turn) if yes else no_thanks(turn)


class ConversationHandler(AbstractRequestHandler):
    """Registered first: intent requests that the active mode or the question asked last answers.

    The answer is decided once, in `can_handle`, and kept for `handle` in the
    request's attributes (the SDK asks both of the same request in turn).
    """

    def __init__(self, content: Content) -> None:
        self.content = content

    def can_handle(self, handler_input: HandlerInput) -> bool:
        name = intent_name(handler_input)
        answer = answer_for(Turn(handler_input, self.content), name) if name else None
        if answer is not None:
            handler_input.attributes_manager.request_attributes[_DECIDED] = answer
        return answer is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        answer = handler_input.attributes_manager.request_attributes.pop(_DECIDED, None)
        if answer is None:  # asked without can_handle first: decide now
            answer = answer_for(Turn(handler_input, self.content), intent_name(handler_input))
        return answer(Turn(handler_input, self.content))
