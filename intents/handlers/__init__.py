"""The request handlers, in the order the SDK tries them (first match wins)."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler,
    AbstractRequestHandler,
    AbstractRequestInterceptor,
)

from content import Content
from intents.handlers.checkin import (
    CheckInAnswerHandler,
    CheckInFlowHandler,
    CheckInHandler,
    CheckInOfferHandler,
)
from intents.handlers.errors import CatchAllExceptionHandler
from intents.handlers.followups import MoreHandler, NoHandler, RepeatHandler, YesHandler
from intents.handlers.forget import ForgetMeHandler
from intents.handlers.hands_free import AplaRuntimeErrorHandler
from intents.handlers.ideas import NextIdeaHandler, ReconnectionIdeaHandler
from intents.handlers.questions import NextQuestionHandler, QuestionForUsHandler, QuestionPauseHandler
from intents.handlers.reflection import (
    GuidedReflectionHandler,
    ReflectionNextHandler,
    ReflectionPauseHandler,
    ReflectionStartOverHandler,
    ResumeWithoutReflectionHandler,
)
from intents.handlers.reminders import PermissionResponseHandler, ReminderAnswerHandler, ReminderHandler
from intents.handlers.safety import DisclosureScreeningInterceptor, SafetyHandler
from intents.handlers.session import (
    FallbackHandler,
    GoodbyeHandler,
    HelpHandler,
    LaunchHandler,
    MoreOptionsHandler,
    NavigateHomeHandler,
    PauseHandler,
    SessionEndedHandler,
    SilentRequestHandler,
    StartOverHandler,
)
from intents.handlers.topics import (
    CausesHandler,
    ConversationStarterHandler,
    SeekHelpHandler,
    SignsHandler,
)


def request_handlers(content: Content) -> list[AbstractRequestHandler]:
    return [
        AplaRuntimeErrorHandler(content),  # first: it may come outside any session; quiet, SSML next time
        SafetyHandler(content),  # first: a disclosure, and all that follows it, is never answered with tips
        LaunchHandler(content),
        # Mid-reflection meanings of next, resume, pause and start over.
        ReflectionNextHandler(content),
        ReflectionPauseHandler(content),
        ReflectionStartOverHandler(content),
        # While a check-in question waits: yes, no, repeat, start over, help...
        CheckInFlowHandler(content),
        GuidedReflectionHandler(content),
        ReconnectionIdeaHandler(content),
        CheckInHandler(content),
        QuestionForUsHandler(content),
        # Next, more and yes mean another question while a couple is answering one.
        NextQuestionHandler(content),
        QuestionPauseHandler(content),
        NextIdeaHandler(content),
        SignsHandler(content),
        CausesHandler(content),
        ConversationStarterHandler(content),
        SeekHelpHandler(content),
        ForgetMeHandler(content),
        ReminderHandler(content),
        ReminderAnswerHandler(content),  # before YesHandler: yes to a reminder offer
        CheckInOfferHandler(content),
        MoreOptionsHandler(content),
        CheckInAnswerHandler(content, YesHandler(content), NoHandler(content)),
        MoreHandler(content),
        RepeatHandler(content),
        YesHandler(content),
        NoHandler(content),
        HelpHandler(content),
        NavigateHomeHandler(content),
        StartOverHandler(content),
        ResumeWithoutReflectionHandler(content),
        PauseHandler(content),
        GoodbyeHandler(content),
        FallbackHandler(content),  # any other intent, known to Alexa or not
        SessionEndedHandler(content),
        PermissionResponseHandler(content),
        SilentRequestHandler(),
    ]


def request_interceptors(content: Content) -> list[AbstractRequestInterceptor]:
    """Run before any handler is chosen."""
    return [DisclosureScreeningInterceptor(content)]


def exception_handlers(content: Content) -> list[AbstractExceptionHandler]:
    return [CatchAllExceptionHandler(content)]
