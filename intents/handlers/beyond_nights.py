"""Programmes, favourites, the follow-up and "what do you remember": the handlers, in two groups
for intents/handlers/__init__.py, so they slot into the order in two lines.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler

from content import Content
from intents.handlers.favourites import (
    AnotherFavouriteHandler,
    PlayFavouriteHandler,
    RemoveFavouriteHandler,
    SaveFavouriteHandler,
)
from intents.handlers.follow_through import FollowUpAnswerHandler, IdeaFeedbackHandler
from intents.handlers.followups import NoHandler, YesHandler
from intents.handlers.memory_said import MemoryHandler
from intents.handlers.programmes import ProgrammeAnswerHandler, ProgrammeControlHandler, ProgrammeHandler
from intents.handlers.welcome_offer import WelcomeOfferHandler


def welcome_and_answers(content: Content) -> list[AbstractRequestHandler]:
    """Before the usual welcome and the built-in meanings of yes and no: the welcome's one
    offer, and the answers to the questions only these handlers ask."""
    return [
        WelcomeOfferHandler(content),
        FollowUpAnswerHandler(content),
        ProgrammeAnswerHandler(content),
        AnotherFavouriteHandler(content),
    ]


def requests(content: Content) -> list[AbstractRequestHandler]:
    """Their own intents: anywhere before the fallback."""
    return [
        ProgrammeHandler(content),
        ProgrammeControlHandler(content),
        SaveFavouriteHandler(content),
        PlayFavouriteHandler(content),
        RemoveFavouriteHandler(content),
        IdeaFeedbackHandler(content, YesHandler(content), NoHandler(content)),
        MemoryHandler(content),
    ]
