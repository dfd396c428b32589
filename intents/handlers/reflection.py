"""The guided reflections step by step: one step a turn, then "next".

Asked for plainly, a reflection plays hands-free, start to goodnight in one
response (intents/handlers/hands_free.py); this is the way for those who ask
for it "step by step".

State lives in the session as the reflection's id and the index of the step
last spoken, so Pause, Resume, Start Over and Next can pick it up from
anywhere, in this session or (through skill/memory.py) a later one. Without a
named reflection they rotate: the next one not yet done, in file order.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content.loader import Reflection
from intents.handlers.base import IntentHandler
from intents.handlers.hands_free import play_reflection, step_parts, wants_step_by_step
from intents.handlers.turn import REFLECTION, REFLECTIONS, Turn
from skill.screens.render import show_step
from skill.ssml import Part, Pause

INTRO_PAUSE_SECONDS = 2


def speak_step(turn: Turn, reflection: Reflection, index: int, lead_in: list[Part]) -> Response:
    """Say step `index` and its silence; past the last step, goodnight and end the session."""
    if index >= len(reflection.steps):
        # Not an offer of more: in a dark bedroom the kind ending is a goodnight, its last word.
        return turn.reply([*lead_in, reflection.closing], end=True)
    step = reflection.steps[index]
    parts: list[Part] = [*lead_in, *step_parts(step), turn.phrase("reflection_next")]
    show_step(turn.input, index + 1, len(reflection.steps), step.prompt)
    turn.session[REFLECTION] = {"id": reflection.id, "step": index, "paused": False}
    return turn.reply(parts, pending="reflection_next", reprompt=[turn.question("reflection_next")],
                      keep_reflection=True)


def next_reflection(turn: Turn) -> Reflection:
    """The first reflection not done yet, in order; after all of them, round again."""
    done = turn.ids(REFLECTIONS)
    reflections = list(turn.content.reflections.values())
    fresh = [r for r in reflections if r.id not in done]
    if not fresh:
        fresh = [r for r in reflections if not done or r.id != done[-1]] or reflections
        turn.session[REFLECTIONS] = []
    return fresh[0]


def choose_reflection(turn: Turn, reflection_id: str | None = None) -> Reflection:
    """The reflection asked for, else the next in rotation; noted as done."""
    reflection = turn.content.reflections.get(reflection_id or "") or next_reflection(turn)
    done = [i for i in turn.ids(REFLECTIONS) if i != reflection.id]
    turn.session[REFLECTIONS] = [*done, reflection.id]
    return reflection


def start_reflection(turn: Turn, reflection_id: str | None = None) -> Response:
    """Step by step: the wake word is mentioned once, here, and each step ends with plain "next"."""
    reflection = choose_reflection(turn, reflection_id)
    return speak_step(turn, reflection, 0, [turn.phrase("reflection_step_intro", name=reflection.name),
                                              Pause(INTRO_PAUSE_SECONDS)])


def continue_reflection(turn: Turn) -> Response:
    """Next step; after a pause, the interrupted step again rather than skipping it."""
    reflection, step = turn.reflection, turn.reflection_step
    if turn.session[REFLECTION].get("paused"):
        return speak_step(turn, reflection, step, [turn.phrase("reflection_resumed")])
    return speak_step(turn, reflection, step + 1, [])


def wait_in_reflection(turn: Turn) -> Response:
    """No hurry: the listener stays on the step they are on until they say next."""
    return turn.reply([turn.phrase("reflection_waiting"), turn.phrase("reflection_next")],
                      pending="reflection_next", reprompt=[turn.question("reflection_next")],
                      keep_reflection=True)


class GuidedReflectionHandler(IntentHandler):
    intent_names = ("GuidedReflectionIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        reflection_id = turn.slot_id("reflection", {r.id: r.name for r in self.content.reflections.values()})
        # Issue 16: hands-free, start to goodnight in one response, unless asked "step by step".
        if not wants_step_by_step(turn):
            return play_reflection(turn, choose_reflection(turn, reflection_id))
        return start_reflection(turn, reflection_id)


class _InReflectionHandler(IntentHandler):
    """Base for built-in intents that mean something special mid-reflection."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and Turn(handler_input, self.content).in_reflection


class ReflectionNextHandler(_InReflectionHandler):
    intent_names = ("AMAZON.NextIntent", "AMAZON.ResumeIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return continue_reflection(Turn(handler_input, self.content))


class ReflectionPauseHandler(_InReflectionHandler):
    intent_names = ("AMAZON.PauseIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        turn.session[REFLECTION] = {"id": turn.reflection.id, "step": turn.reflection_step, "paused": True}
        message = turn.phrase("reflection_paused")
        return turn.reply([message], pending="reflection_next", reprompt=[message], keep_reflection=True)


class ReflectionStartOverHandler(_InReflectionHandler):
    intent_names = ("AMAZON.StartOverIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return speak_step(turn, turn.reflection, 0, [turn.phrase("reflection_restart")])


class ResumeWithoutReflectionHandler(IntentHandler):
    """'Resume' when nothing is paused: say so, and offer a reflection."""

    intent_names = ("AMAZON.ResumeIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("nothing_paused")], ask="reflection")
