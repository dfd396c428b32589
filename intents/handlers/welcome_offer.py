"""The welcome back makes one offer, in this order: tonight's programme step, then
'how did last night's idea go?', then (LaunchHandler) a check-in that is due, then
the usual welcome. A reflection left paused is LaunchHandler's to offer.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents.handlers.base import RequestTypeHandler
from intents.handlers.follow_through import ask_follow_up, follow_up_due
from intents.handlers.programmes import DUE, MISSED, offer_tonight, state, status
from intents.handlers.turn import RETURNING, Turn


def programme_offer(turn: Turn) -> str | None:
    """DUE or MISSED when tonight's step waits; None when it was heard tonight, or is paused."""
    current = state(turn)
    if current is None:
        return None
    kind = status(turn, current)
    return kind if kind in (DUE, MISSED) else None


class WelcomeOfferHandler(RequestTypeHandler):
    request_type = "LaunchRequest"

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input):
            return False
        turn = Turn(handler_input, self.content)
        if not turn.session.get(RETURNING) or turn.in_reflection:
            return False
        return programme_offer(turn) is not None or follow_up_due(turn) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        offer = programme_offer(turn)
        if offer is not None:
            return offer_tonight(turn, missed=offer == MISSED)
        return ask_follow_up(turn, follow_up_due(turn))
