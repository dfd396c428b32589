"""Safety: once a disclosure is heard, every request of the session is answered with safety information.

It overrides every other mode and answers every intent. A thin wrapper: what
is heard and what is said live in intents/handlers/safety.py.
"""

from __future__ import annotations

from ask_sdk_model import Response

from intents.handlers.mode import SAFETY, Mode
from intents.handlers.safety import SafetyHandler
from intents.handlers.turn import Turn


def heard(turn: Turn) -> bool:
    """A disclosure in this request (its intent or a slot value), or earlier in the session."""
    return SafetyHandler(turn.content).can_handle(turn.input)


def answer(turn: Turn) -> Response:
    return SafetyHandler(turn.content).handle(turn.input)


MODE = Mode(SAFETY, every_intent=answer, is_active=heard, overrides=True)
