"""The handler table: the conversation's dispatcher first, then each intent's shared behaviour.

`ConversationHandler` answers what an overriding mode (safety), the follow-up
question asked last or the session's mode declares (routing.py). Any other
intent gets its shared behaviour: the handler named for it in `SHARED`, the one
place that says which handler answers which intent. A handler's module is
imported the first time its intent is heard, so a cold start loads only what
its request needs; `load_every_handler` imports them all (follow-up names a
session carries may be declared in any of them).
"""

from __future__ import annotations

from importlib import import_module

from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler,
    AbstractRequestHandler,
    AbstractRequestInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

import intents.handlers
import intents.modes
from content import Content
from intents.handlers.base import IntentHandler, intent_name
from intents.handlers.errors import CatchAllExceptionHandler
from intents.handlers.followup import load_declarations_with
from intents.handlers.routing import ConversationHandler
from intents.handlers.safety import DisclosureScreeningInterceptor
from intents.handlers.skill_events import SkillEventHandler
from intents.handlers.unclaimed import FallbackHandler, SilentRequestHandler

# Intent -> "module.Class" in intents/handlers/: the shared behaviour, used when no
# mode or follow-up answers the intent. Programmes, favourites, the follow-up on
# last night's idea and "what do you remember" are issue 18's (docs/programmes.md).
SHARED: dict[str, str] = {
    "ReconnectionIdeaIntent": "ideas.ReconnectionIdeaHandler",
    "AMAZON.NextIntent": "ideas.NextIdeaHandler",
    "GuidedReflectionIntent": "reflection.GuidedReflectionHandler",
    "AMAZON.ResumeIntent": "reflection.ResumeWithoutReflectionHandler",
    "CheckInIntent": "checkin.CheckInHandler",
    "CheckInAnswerIntent": "checkin.CheckInAnswerHandler",
    "QuestionForUsIntent": "questions.QuestionForUsHandler",
    "SignsIntent": "topics.SignsHandler",
    "CausesIntent": "topics.CausesHandler",
    "ConversationStarterIntent": "topics.ConversationStarterHandler",
    "SeekHelpIntent": "topics.SeekHelpHandler",
    "ForgetMeIntent": "forget.ForgetMeHandler",
    "ProgrammeIntent": "programmes.ProgrammeHandler",
    "ProgrammeControlIntent": "programmes.ProgrammeControlHandler",
    "SaveFavouriteIntent": "favourites.SaveFavouriteHandler",
    "PlayFavouriteIntent": "favourites.PlayFavouriteHandler",
    "RemoveFavouriteIntent": "favourites.RemoveFavouriteHandler",
    "IdeaFeedbackIntent": "follow_through.IdeaFeedbackHandler",
    "MemoryIntent": "memory_said.MemoryHandler",
    "OurSituationIntent": "situations.TellSituationHandler",
    "SituationOverIntent": "situations.SituationOverHandler",
    "ReminderIntent": "reminders.ReminderHandler",
    "AMAZON.MoreIntent": "answers.MoreHandler",
    "AMAZON.RepeatIntent": "answers.RepeatHandler",
    "AMAZON.YesIntent": "answers.YesHandler",
    "AMAZON.NoIntent": "answers.NoHandler",
    "AMAZON.HelpIntent": "session.HelpHandler",
    "AMAZON.NavigateHomeIntent": "session.NavigateHomeHandler",
    "AMAZON.StartOverIntent": "session.StartOverHandler",
    "AMAZON.PauseIntent": "session.PauseHandler",
    "AMAZON.StopIntent": "session.GoodbyeHandler",
    "AMAZON.CancelIntent": "session.GoodbyeHandler",
}

# Requests that are not intents, each with its own handler, imported on first use too.
BY_REQUEST_TYPE: dict[str, str] = {
    "LaunchRequest": "session.LaunchHandler",
    "SessionEndedRequest": "session.SessionEndedHandler",
    "Connections.Response": "reminders.PermissionResponseHandler",
    # May come outside any session: answered quietly, and the next reflection plays as SSML.
    "Alexa.Presentation.APLA.RuntimeError": "hands_free.AplaRuntimeErrorHandler",
}


def handler_class(where: str) -> type:
    """The class at "module.Class" in intents/handlers/, its module imported now if not yet."""
    module, name = where.rsplit(".", 1)
    return getattr(import_module(f"{intents.handlers.__name__}.{module}"), name)


def load_every_handler() -> None:
    """Import every handler and mode module (what a follow-up name may need; tests; the docs)."""
    import pkgutil  # here: only a lookup that misses, or a test, needs it

    for package in (intents.handlers, intents.modes):
        for module in pkgutil.iter_modules(package.__path__):
            import_module(f"{package.__name__}.{module.name}")


load_declarations_with(load_every_handler)


class SharedHandlers(AbstractRequestHandler):
    """Each intent in `SHARED`: made on its first request, with the skill's content, then kept."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._made: dict[str, IntentHandler] = {}

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_name(handler_input) in SHARED

    def handle(self, handler_input: HandlerInput) -> Response:
        return self.handler_for(intent_name(handler_input)).handle(handler_input)

    def handler_for(self, intent: str) -> IntentHandler:
        where = SHARED[intent]
        if where not in self._made:
            self._made[where] = handler_class(where)(self.content)
        return self._made[where]


class RequestTypeHandlers(AbstractRequestHandler):
    """Each request type in `BY_REQUEST_TYPE`, its handler made on first request."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._made: dict[str, AbstractRequestHandler] = {}

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return self._handler(handler_input) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        return self._handler(handler_input).handle(handler_input)

    def _handler(self, handler_input: HandlerInput) -> AbstractRequestHandler | None:
        where = BY_REQUEST_TYPE.get(getattr(handler_input.request_envelope.request, "object_type", None))
        if where is None:
            return None
        if where not in self._made:
            self._made[where] = handler_class(where)(self.content)
        handler = self._made[where]
        return handler if handler.can_handle(handler_input) else None


def request_handlers(content: Content) -> list[AbstractRequestHandler]:
    return [
        SkillEventHandler(),  # out of session: claims only AlexaSkillEvent requests
        ConversationHandler(content),  # first of the rest: safety, the question asked last, the mode
        SharedHandlers(content),
        FallbackHandler(content, frozenset(SHARED)),  # AMAZON.FallbackIntent, and any intent nobody claims
        RequestTypeHandlers(content),
        SilentRequestHandler(),  # any request type a skill may not speak to
    ]


def request_interceptors(content: Content) -> list[AbstractRequestInterceptor]:
    """Run before any handler is chosen."""
    return [DisclosureScreeningInterceptor(content)]


def exception_handlers(content: Content) -> list[AbstractExceptionHandler]:
    return [CatchAllExceptionHandler(content)]
