"""Programmes, favourites, the follow-up and "what do you remember": their intents' handlers,
one line in intents/handlers/__init__.py. Their questions are follow-ups declared
beside them, and a programme's night is a mode (intents/modes/programme_night.py).
"""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_model import Response

from content import Content
from intents.handlers.base import IntentHandler
from intents.handlers.favourites import PlayFavouriteHandler, RemoveFavouriteHandler, SaveFavouriteHandler
from intents.handlers.follow_through import IdeaFeedbackHandler
from intents.handlers.memory_said import MemoryHandler
from intents.handlers.programmes import ProgrammeControlHandler, ProgrammeHandler
from intents.handlers.turn import Turn


def requests(content: Content, yes_or_no: Callable[[Turn, bool], Response]) -> list[IntentHandler]:
    """One handler per new intent; `yes_or_no` answers "it was great" to another question."""
    return [
        ProgrammeHandler(content),
        ProgrammeControlHandler(content),
        SaveFavouriteHandler(content),
        PlayFavouriteHandler(content),
        RemoveFavouriteHandler(content),
        IdeaFeedbackHandler(content, yes_or_no),
        MemoryHandler(content),
    ]
