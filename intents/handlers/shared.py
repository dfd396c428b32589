"""The answers any conversation falls back to: the menu, and "no thanks, anything else?"."""

from __future__ import annotations

from ask_sdk_model import Response

from intents.handlers.followup import FollowUp
from intents.handlers.ideas import OPEN_QUESTION
from intents.handlers.turn import Turn


def goodbye(turn: Turn) -> Response:
    return turn.reply([turn.phrase("goodbye")], end=True)


# "Anything else?": a no ends the session kindly; a request is simply answered.
ANYTHING_ELSE = FollowUp("anything_else", no=goodbye)


def menu(turn: Turn) -> Response:
    """What to ask for, when a yes or an answer fits no question asked."""
    return turn.reply([turn.phrase("menu")], ask=OPEN_QUESTION)


def no_thanks(turn: Turn) -> Response:
    """A no to an offer: fine, and is there anything else."""
    return turn.reply([turn.phrase("no_thanks")], ask=ANYTHING_ELSE)
