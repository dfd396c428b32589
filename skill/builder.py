"""Wires the handlers from intents/ onto an ask-sdk-core skill."""

from __future__ import annotations

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from content import Content, load_content
from intents.handlers.heard import HeardInterceptor
from intents.handlers.table import exception_handlers, request_handlers, request_interceptors
from skill.api_client import TimedApiClient
from skill.screens.render import ScreenInterceptor
from skill.screens.touch import TouchInterceptor


def build_skill(
    content: Content | None = None, persistence_adapter: AbstractPersistenceAdapter | None = None
) -> CustomSkill:
    """The Closer Again skill; content is loaded and validated here unless given."""
    content = content or load_content()
    # The API client lets handlers reach the Reminders and Settings APIs.
    builder = CustomSkillBuilder(persistence_adapter=persistence_adapter, api_client=TimedApiClient())
    # First: a touch becomes the intent it stands for before anything else looks at the request.
    builder.add_global_request_interceptor(TouchInterceptor())
    for handler in request_handlers(content):
        builder.add_request_handler(handler)
    for handler in exception_handlers(content):
        builder.add_exception_handler(handler)
    for interceptor in request_interceptors(content):
        builder.add_global_request_interceptor(interceptor)
    # Before memory stores the turn: what was just heard, for favourites and the follow-up.
    builder.add_global_response_interceptor(HeardInterceptor())
    if persistence_adapter is not None:
        # Imported only here: a skill that keeps nothing need not load what memory knows.
        from skill.memory import RecallInterceptor, RememberInterceptor

        builder.add_global_request_interceptor(RecallInterceptor())
        builder.add_global_response_interceptor(RememberInterceptor())
    builder.add_global_response_interceptor(ScreenInterceptor())
    return builder.create()
