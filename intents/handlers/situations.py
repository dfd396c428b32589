"""What the skill knows of a couple's situation, so ideas made for one life reach only that couple.

A situation becomes known when a couple asks for it, says yes to it in a
check-in, or tells the skill ("we have a baby", "remember that we work opposite
shifts"). Only the ids are kept, and remembered across sessions; they are never
said aloud later, since anyone in the room may hear. "Forget me" clears them,
and so does "we're not new parents any more".
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents.handlers.base import IntentHandler
from intents.handlers.slots import slot_id
from intents.handlers.state import KNOWN_SITUATIONS, SITUATION
from intents.handlers.turn import Turn


def known_situations(turn: Turn) -> list[str]:
    return turn.state.known_situations


def know_situation(turn: Turn, situation: str) -> None:
    known = known_situations(turn)
    if situation not in known:
        turn.session[KNOWN_SITUATIONS] = [*known, situation]


class TellSituationHandler(IntentHandler):
    """'We have a baby', 'remember that we work opposite shifts': noted as an id, not read back."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        situation = slot_id(handler_input, "situation", self.content.situations)
        if situation is None:
            return turn.reply([turn.phrase("situation_unclear")], ask="open")
        know_situation(turn, situation)
        turn.session[SITUATION] = situation
        return turn.reply([turn.phrase("situation_noted")], ask="idea_for_situation")


class SituationOverHandler(IntentHandler):
    """'We're not new parents any more': that situation is forgotten, and its ideas left out."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        situation = slot_id(handler_input, "situation", self.content.situations)
        known = known_situations(turn)
        if situation is None:  # which one is unclear: clear none rather than guess
            return turn.reply([turn.phrase("situation_unclear")], ask="open")
        turn.session[KNOWN_SITUATIONS] = [item for item in known if item != situation]
        if turn.session.get(SITUATION) == situation:
            turn.session.pop(SITUATION, None)
        return turn.reply([turn.phrase("situation_cleared")], ask="anything_else")
