"""Adds a RenderDocument directive to each spoken answer on a device with an APL screen.

Handlers need not know about screens: the view follows from what the turn
said (its topic, its follow-up, the card text). A handler with a view of its
own (a reflection step, a check-in) asks for it with `show`.
"""

from __future__ import annotations

import re
from typing import Any

from ask_sdk_core.dispatch_components import AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from skill.screening import in_safety_mode
from skill.screens import views

SCREEN = "screen"  # request attribute: the view a handler asked for, {"view", "data"}
TOKEN = "closerAgain"
_TAG = re.compile(r"<[^>]+>")


def show(handler_input: HandlerInput, view: str, data: dict[str, Any]) -> None:
    """Ask for `view` filled with `data` (see views.py for each view's shape) on this turn."""
    handler_input.attributes_manager.request_attributes[SCREEN] = {"view": view, "data": data}


def show_step(handler_input: HandlerInput, number: int, count: int, text: str) -> None:
    show(handler_input, "reflection", views.reflection_step(number, count, text))


def supports_apl(handler_input: HandlerInput) -> bool:
    device = getattr(handler_input.request_envelope.context.system, "device", None) \
        if handler_input.request_envelope.context else None
    interfaces = getattr(device, "supported_interfaces", None)
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


def _words(response: Response) -> str:
    if isinstance(response.card, SimpleCard) and response.card.content:
        return response.card.content
    speech = response.output_speech
    ssml = getattr(speech, "ssml", None) or getattr(speech, "text", None) or ""
    text = _TAG.sub(" ", ssml).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def choose(handler_input: HandlerInput, response: Response) -> tuple[str, dict[str, Any]]:
    """The view for this answer, and the data to fill it with."""
    asked = handler_input.attributes_manager.request_attributes.get(SCREEN)
    if isinstance(asked, dict) and asked.get("view") in views.DOCUMENT_FILES \
            and isinstance(asked.get("data"), dict):
        return asked["view"], asked["data"]
    session = handler_input.attributes_manager.session_attributes
    ended = response.should_end_session is True
    topic = session.get("topic")
    kind = topic.get("kind") if isinstance(topic, dict) else None
    if kind is None and isinstance(session.get("reflection"), dict):
        kind = "reflection"
    request_type = handler_input.request_envelope.request.object_type
    if not ended and kind is None and (request_type == "LaunchRequest" or session.get("pending") == "open"):
        return "check_in", views.menu()
    text = _words(response)
    buttons = [] if ended else views.actions(kind)
    if not ended and session.get("pending") == "reminder":
        buttons.append(views.action("Remind us tomorrow", "AMAZON.YesIntent"))
    if kind in ("conversation_starter", "opener", "question_for_two"):
        return "question", {"title": views.title(kind), "text": text,
                            "hint": views.settings()["question_hint"], "actions": buttons}
    return "answer", {"title": views.title(kind), "text": text, "actions": buttons}


class ScreenInterceptor(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response) -> None:
        if response is None or response.output_speech is None:
            return
        if in_safety_mode(handler_input) or not supports_apl(handler_input):
            return
        directives = response.directives or []
        # Alexa takes over the screen while it asks for a permission.
        if any(getattr(d, "object_type", "").startswith("Connections.") for d in directives):
            return
        # A handler that drew its own screen (a hands-free reflection's calm view) keeps it.
        if any(getattr(d, "object_type", "") == "Alexa.Presentation.APL.RenderDocument" for d in directives):
            return
        # Imported here: the APL models are a hundred modules no screenless turn needs.
        from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

        view, data = choose(handler_input, response)
        directives.append(RenderDocumentDirective(
            token=TOKEN, document=views.document(view), datasources=views.datasources(view, data)))
        response.directives = directives
