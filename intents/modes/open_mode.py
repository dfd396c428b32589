"""Open: no conversation under way, so every intent gets the shared behaviour."""

from intents.handlers.mode import OPEN, Mode

MODE = Mode(OPEN)
