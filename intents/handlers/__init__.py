"""The request handlers: the conversation's dispatcher first, then one handler per intent.

`ConversationHandler` answers what the active mode or the follow-up question
asked last declares (routing.py). Every other handler claims its own intents
or request types, none shared with another, so their order does not matter;
the fallback claims the intents nobody else does.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler,
    AbstractRequestHandler,
    AbstractRequestInterceptor,
)

from content import Content
from intents.handlers import beyond_nights
from intents.handlers.answers import MoreHandler, NoHandler, RepeatHandler, YesHandler
from intents.handlers.base import IntentHandler
from intents.handlers.checkin import CheckInAnswerHandler, CheckInHandler
from intents.handlers.errors import CatchAllExceptionHandler
from intents.handlers.forget import ForgetMeHandler
from intents.handlers.hands_free import AplaRuntimeErrorHandler
from intents.handlers.ideas import NextIdeaHandler, ReconnectionIdeaHandler
from intents.handlers.questions import QuestionForUsHandler
from intents.handlers.reflection import GuidedReflectionHandler, ResumeWithoutReflectionHandler
from intents.handlers.reminders import PermissionResponseHandler, ReminderHandler
from intents.handlers.routing import ConversationHandler, answer_yes_or_no
from intents.handlers.safety import DisclosureScreeningInterceptor
from intents.handlers.session import (
    FallbackHandler,
    GoodbyeHandler,
    HelpHandler,
    LaunchHandler,
    NavigateHomeHandler,
    PauseHandler,
    SessionEndedHandler,
    SilentRequestHandler,
    StartOverHandler,
)
from intents.handlers.situations import SituationOverHandler, TellSituationHandler
from intents.handlers.skill_events import SkillEventHandler
from intents.handlers.topics import (
    CausesHandler,
    ConversationStarterHandler,
    SeekHelpHandler,
    SignsHandler,
)


def intent_handlers(content: Content) -> list[IntentHandler]:
    """The shared behaviour: one handler per intent, used when no mode or follow-up answers it."""
    return [
        ReconnectionIdeaHandler(content),
        NextIdeaHandler(content),
        GuidedReflectionHandler(content),
        ResumeWithoutReflectionHandler(content),
        CheckInHandler(content),
        CheckInAnswerHandler(content, answer_yes_or_no),
        QuestionForUsHandler(content),
        SignsHandler(content),
        CausesHandler(content),
        ConversationStarterHandler(content),
        SeekHelpHandler(content),
        ForgetMeHandler(content),
        *beyond_nights.requests(content, answer_yes_or_no),  # programmes, favourites, follow-up, memory
        TellSituationHandler(content),
        SituationOverHandler(content),
        ReminderHandler(content),
        MoreHandler(content),
        RepeatHandler(content),
        YesHandler(content),
        NoHandler(content),
        HelpHandler(content),
        NavigateHomeHandler(content),
        StartOverHandler(content),
        PauseHandler(content),
        GoodbyeHandler(content),
    ]


def request_handlers(content: Content) -> list[AbstractRequestHandler]:
    shared = intent_handlers(content)
    claimed = frozenset(name for handler in shared for name in handler.intent_names)
    return [
        AplaRuntimeErrorHandler(content),  # may come outside any session: quiet, and SSML next time
        SkillEventHandler(),  # out of session: claims only AlexaSkillEvent requests
        ConversationHandler(content),  # first: safety, the question asked last, the mode
        *shared,
        FallbackHandler(content, claimed),  # AMAZON.FallbackIntent, and any intent nobody claims
        LaunchHandler(content),
        SessionEndedHandler(content),
        PermissionResponseHandler(content),
        SilentRequestHandler(),
    ]


def request_interceptors(content: Content) -> list[AbstractRequestInterceptor]:
    """Run before any handler is chosen."""
    return [DisclosureScreeningInterceptor(content)]


def exception_handlers(content: Content) -> list[AbstractExceptionHandler]:
    return [CatchAllExceptionHandler(content)]
