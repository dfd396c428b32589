"""A reflection played hands-free: start to goodnight in one response.

The whole reflection is one APL for Audio document (skill/apla.py): nobody has
to say "Alexa, next" in a dark bedroom, and the session ends with goodnight as
the last word. APLA plays on every Alexa device, so it is not gated on the
device's supported interfaces. If Alexa later reports that a document failed
(an `Alexa.Presentation.APLA.RuntimeError` request), that is answered quietly
and remembered, and the next reflection is spoken as plain SSML with chained
breaks instead. "Step by step" (the pace slot) keeps the one-step-a-turn way
in intents/handlers/reflection.py.
"""

from __future__ import annotations

import copy
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from content.items import Reflection, ReflectionStep
from intents.handlers.base import RequestTypeHandler
from intents.handlers.slots import slot_id
from intents.handlers.state import LAST, MODE, PENDING, REFLECTION, SSML_REFLECTIONS, TOPIC
from intents.handlers.turn import CARD_TITLE, Turn
from skill import apla
from skill.logs import logger
from skill.persistence import MemoryUnavailable
from skill.screening import in_safety_mode
from skill.screens import views
from skill.screens.render import TOKEN as SCREEN_TOKEN
from skill.screens.render import supports_apl
from skill.ssml import Part, Pause, to_ssml

PACE_SLOT = "pace"
STEP_BY_STEP = "step_by_step"
PACES = {"step_by_step": "step by step", "hands_free": "hands free"}
# Session and memory flag: Alexa reported an APLA document failing here, so speak SSML instead.
INTRO_PAUSE_SECONDS = 2.0
BETWEEN_STEPS_SECONDS = 1.0
SCREEN_MARGIN_SECONDS = 20  # the calm view outlasts the audio a little, then the device's own timeout


def step_parts(step: ReflectionStep) -> list[Part]:
    """A step as heard: its words, and its silences as pauses."""
    return [beat if isinstance(beat, str) else Pause(float(beat)) for beat in step.script]


def reflection_parts(reflection: Reflection) -> list[Part]:
    """The whole reflection, intro to goodnight; nothing follows the goodnight."""
    parts: list[Part] = [reflection.intro, Pause(INTRO_PAUSE_SECONDS)]
    for step in reflection.steps:
        parts += [*step_parts(step), Pause(BETWEEN_STEPS_SECONDS)]
    parts.append(reflection.closing)
    return parts


def reflection_seconds(reflection: Reflection) -> float:
    """The planned length: speech at 150 words a minute plus every silence."""
    return apla.seconds(reflection_parts(reflection))


def wants_step_by_step(handler_input: HandlerInput) -> bool:
    return slot_id(handler_input, PACE_SLOT, PACES) == STEP_BY_STEP


def play_reflection(turn: Turn, reflection: Reflection) -> Response:
    """The whole reflection in one response; the session ends with its goodnight."""
    parts = reflection_parts(reflection)
    builder = turn.input.response_builder
    for key in (PENDING, TOPIC, REFLECTION, LAST, MODE):  # nothing waits for an answer after goodnight
        turn.session.pop(key, None)
    if turn.session.get(SSML_REFLECTIONS) is True:
        # This device failed to play a document before: chained SSML breaks instead.
        builder.speak(to_ssml(parts))
    else:
        builder.add_directive(apla.render_directive(parts, f"Closer Again: the {reflection.name} reflection"))
    length = reflection_seconds(reflection)
    minutes = max(1, round(length / 60))
    builder.set_card(SimpleCard(title=CARD_TITLE, content=f"A guided reflection, {reflection.name}: "
                                                          f"about {minutes} minutes, ending in goodnight."))
    _show_calm_view(turn.input, reflection, length)
    builder.set_should_end_session(True)
    return builder.response


def calm_view(reflection: Reflection, minutes: int) -> dict[str, Any]:
    """The reflection screen with its name and length, a slow breathing circle and no buttons."""
    data = views.reflection_step(1, 1, f"{reflection.name.capitalize()}. Just listen; "
                                        f"goodnight comes at the end.")
    return {**data, "progress": f"about {minutes} minutes", "breathSeconds": 5, "actions": []}


def _show_calm_view(handler_input: HandlerInput, reflection: Reflection, length: float) -> None:
    """On a screen, a view that stays for the reflection's length and needs no touch.

    Added here rather than by the screen interceptor, which draws only turns
    with outputSpeech; the document's idleTimeout keeps it up while the audio plays.
    """
    if not supports_apl(handler_input) or in_safety_mode(handler_input):
        return
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    document = copy.deepcopy(views.document("reflection"))
    document["settings"] = {"idleTimeout": round((length + SCREEN_MARGIN_SECONDS) * 1000)}
    data = calm_view(reflection, max(1, round(length / 60)))
    handler_input.response_builder.add_directive(RenderDocumentDirective(
        token=SCREEN_TOKEN, document=document, datasources=views.datasources("reflection", data)))


class AplaRuntimeErrorHandler(RequestTypeHandler):
    """Alexa could not play a document: nothing is said now; the next reflection is SSML."""

    request_type = "Alexa.Presentation.APLA.RuntimeError"

    def handle(self, handler_input: HandlerInput) -> Response:
        errors = getattr(handler_input.request_envelope.request, "errors", None) or []
        logger().warning("APLA document failed (%s); reflections here will be spoken as SSML",
                         ", ".join(str(getattr(e, "object_type", "?")) for e in errors) or "no details")
        if handler_input.request_envelope.session is not None:  # it may come outside any session
            handler_input.attributes_manager.session_attributes[SSML_REFLECTIONS] = True
        _remember_ssml_fallback(handler_input)
        return handler_input.response_builder.response


def _remember_ssml_fallback(handler_input: HandlerInput) -> None:
    """Kept across sessions, as skill/memory.py keeps the rest (it stores this flag too)."""
    manager = handler_input.attributes_manager
    try:
        stored = manager.persistent_attributes
        if stored.get(SSML_REFLECTIONS) is not True:
            stored[SSML_REFLECTIONS] = True
            manager.save_persistent_attributes()
    except MemoryUnavailable:
        return  # logged once by the adapter
    except Exception:  # noqa: BLE001 - memory is a comfort; the next turn still works
        logger().exception("could not remember the SSML fallback for reflections")

