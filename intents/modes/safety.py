"""Safety: once a disclosure is heard, every request of the session is answered with safety information.

It overrides every other mode and answers every intent. A thin wrapper: what
is heard and what is said live in intents/handlers/safety.py.
"""

from __future__ import annotations

from ask_sdk_model import Response

from intents.handlers.mode import SAFETY, Mode
from intents.handlers.safety import SafetyHandler
from intents.handlers.turn import Turn

_made: list[SafetyHandler] = []  # the handler for the content last used (a skill has one)


def _handler(turn: Turn) -> SafetyHandler:
    """The safety handler for this content, made once (it is asked on every request)."""
    if not _made or _made[0].content is not turn.content:
        _made[:] = [SafetyHandler(turn.content)]
    return _made[0]


def heard(turn: Turn) -> bool:
    """A disclosure in this request (its intent or a slot value), or earlier in the session."""
    return _handler(turn).can_handle(turn.input)


def answer(turn: Turn) -> Response:
    return _handler(turn).handle(turn.input)


MODE = Mode(SAFETY, every_intent=answer, is_active=heard)
