"""The welcome back makes one offer, in this order: tonight's programme step, then
'how did last night's idea go?', then (LaunchHandler) a check-in that is due, then
the usual welcome. A reflection left paused is offered before all of them.
"""

from __future__ import annotations

from ask_sdk_model import Response

from intents.handlers.follow_through import ask_follow_up, follow_up_due
from intents.handlers.programmes import DUE, MISSED, offer_tonight, state, status
from intents.handlers.turn import Turn


def programme_offer(turn: Turn) -> str | None:
    """DUE or MISSED when tonight's step waits; None when it was heard tonight, or is paused."""
    current = state(turn)
    if current is None:
        return None
    kind = status(turn, current)
    return kind if kind in (DUE, MISSED) else None


def welcome_offer(turn: Turn) -> Response | None:
    """A returning couple's one offer from programmes or the follow-up, or None for the usual."""
    offer = programme_offer(turn)
    if offer is not None:
        return offer_tonight(turn, missed=offer == MISSED)
    idea = follow_up_due(turn)
    return ask_follow_up(turn, idea) if idea is not None else None
