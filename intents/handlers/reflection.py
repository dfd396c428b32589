"""The hands-free guided reflection: one prompt at a time, then quiet.

State lives in the session as the index of the step last spoken, so Pause,
Resume, Start Over and Next can pick it up from anywhere.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents.handlers.base import IntentHandler
from intents.handlers.turn import REFLECTION, Turn
from skill.screens.render import show_step
from skill.ssml import Part, Pause

INTRO_PAUSE_SECONDS = 2


def speak_step(turn: Turn, index: int, lead_in: list[Part]) -> Response:
    """Say step `index` and its silence; the last step closes and offers an idea."""
    reflection = turn.content.reflection
    step = reflection.steps[index]
    parts: list[Part] = [*lead_in, step.prompt, Pause(step.pause_seconds)]
    show_step(turn.input, index + 1, len(reflection.steps), step.prompt)
    if index == len(reflection.steps) - 1:
        parts.append(reflection.closing)
        return turn.reply(parts, ask="idea")
    parts.append(turn.phrase("reflection_next"))
    turn.session[REFLECTION] = {"step": index, "paused": False}
    return turn.reply(parts, pending="reflection_next", reprompt=[turn.question("reflection_next")],
                      keep_reflection=True)


def start_reflection(turn: Turn) -> Response:
    return speak_step(turn, 0, [turn.content.reflection.intro, Pause(INTRO_PAUSE_SECONDS)])


def continue_reflection(turn: Turn) -> Response:
    """Next step; after a pause, the interrupted step again rather than skipping it."""
    step = turn.reflection_step
    if turn.session[REFLECTION].get("paused"):
        return speak_step(turn, step, [turn.phrase("reflection_resumed")])
    return speak_step(turn, step + 1, [])


def wait_in_reflection(turn: Turn) -> Response:
    """No hurry: the listener stays on the step they are on until they say next."""
    return turn.reply([turn.phrase("reflection_waiting"), turn.phrase("reflection_next")],
                      pending="reflection_next", reprompt=[turn.question("reflection_next")],
                      keep_reflection=True)


class GuidedReflectionHandler(IntentHandler):
    intent_names = ("GuidedReflectionIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        return start_reflection(Turn(handler_input, self.content))


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
        turn.session[REFLECTION] = {"step": turn.reflection_step, "paused": True}
        message = turn.phrase("reflection_paused")
        return turn.reply([message], pending="reflection_next", reprompt=[message], keep_reflection=True)


class ReflectionStartOverHandler(_InReflectionHandler):
    intent_names = ("AMAZON.StartOverIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return speak_step(turn, 0, [turn.phrase("reflection_restart")])


class ResumeWithoutReflectionHandler(IntentHandler):
    """'Resume' when nothing is paused: say so, and offer a reflection."""

    intent_names = ("AMAZON.ResumeIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("nothing_paused")], ask="reflection")
