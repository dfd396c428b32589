"""The guided reflections step by step: one step a turn, then "next".

Asked for plainly, a reflection plays hands-free, start to goodnight in one
response (intents/handlers/hands_free.py); this is the way for those who ask
for it "step by step".

State lives in the session as the reflection's id and the index of the step
last spoken, so Pause, Resume, Start Over and Next can pick it up from
anywhere, in this session or (through skill/memory.py) a later one. Without a
named reflection they rotate: the next one not yet done, in file order.
While one runs the session is in the reflection mode (intents/modes/reflection.py).
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content.items import Reflection
from intents.handlers.base import IntentHandler
from intents.handlers.followup import FollowUp
from intents.handlers.hands_free import play_reflection, step_parts, wants_step_by_step
from intents.handlers.shared import no_thanks
from intents.handlers.slots import slot_id
from intents.handlers.state import REFLECTION, REFLECTIONS
from intents.handlers.turn import Turn
from intents.modes.registry import REFLECTION as MODE  # the mode its turns leave the session in
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
    return turn.reply(parts, pending=NEXT_PROMPT, reprompt=[turn.question(NEXT_PROMPT)], mode=MODE)


def next_reflection(turn: Turn) -> Reflection:
    """The first reflection not done yet, in order; after all of them, round again."""
    done = turn.state.ids(REFLECTIONS)
    reflections = list(turn.content.reflections.values())
    fresh = [r for r in reflections if r.id not in done]
    if not fresh:
        fresh = [r for r in reflections if not done or r.id != done[-1]] or reflections
        turn.session[REFLECTIONS] = []
    return fresh[0]


def choose_reflection(turn: Turn, reflection_id: str | None = None) -> Reflection:
    """The reflection asked for, else the next in rotation; noted as done."""
    reflection = turn.content.reflections.get(reflection_id or "") or next_reflection(turn)
    done = [i for i in turn.state.ids(REFLECTIONS) if i != reflection.id]
    turn.session[REFLECTIONS] = [*done, reflection.id]
    return reflection


def start_reflection(turn: Turn, reflection_id: str | None = None) -> Response:
    """Step by step: the wake word is mentioned once, here, and each step ends with plain "next"."""
    reflection = choose_reflection(turn, reflection_id)
    return speak_step(turn, reflection, 0, [turn.phrase("reflection_step_intro", name=reflection.name),
                                              Pause(INTRO_PAUSE_SECONDS)])


def continue_reflection(turn: Turn) -> Response:
    """Next step; after a pause, the interrupted step again rather than skipping it."""
    reflection, step = turn.state.reflection, turn.state.reflection_step
    if turn.state.reflection_paused:
        return speak_step(turn, reflection, step, [turn.phrase("reflection_resumed")])
    return speak_step(turn, reflection, step + 1, [])


def wait_in_reflection(turn: Turn) -> Response:
    """No hurry: the listener stays on the step they are on until they say next."""
    return turn.reply([turn.phrase("reflection_waiting"), turn.phrase("reflection_next")],
                      pending=NEXT_PROMPT, reprompt=[turn.question(NEXT_PROMPT)], mode=MODE)


def pause_reflection(turn: Turn) -> Response:
    turn.session[REFLECTION] = {"id": turn.state.reflection.id, "step": turn.state.reflection_step,
                                "paused": True}
    message = turn.phrase("reflection_paused")
    return turn.reply([message], pending=NEXT_PROMPT, reprompt=[message], mode=MODE)


def restart_reflection(turn: Turn) -> Response:
    return speak_step(turn, turn.state.reflection, 0, [turn.phrase("reflection_restart")])


def welcome_back_to_reflection(turn: Turn) -> Response:
    """A returning listener whose reflection paused last time: it waits for them."""
    return turn.reply([turn.phrase("welcome_back"), turn.phrase("reflection_saved")],
                      pending=NEXT_PROMPT, reprompt=[turn.question(NEXT_PROMPT)], mode=MODE)


def go_on_or_begin(turn: Turn) -> Response:
    return continue_reflection(turn) if turn.state.in_reflection else start_reflection(turn)


def wait_or_no_thanks(turn: Turn) -> Response:
    return wait_in_reflection(turn) if turn.state.in_reflection else no_thanks(turn)


def begin(turn: Turn) -> Response:
    """Yes to a reflection: played hands-free, start to goodnight (issue 16)."""
    return play_reflection(turn, choose_reflection(turn))


# "Ready for the next one?" after each step, and the offer of a reflection.
NEXT_PROMPT = FollowUp("reflection_next", yes=go_on_or_begin, no=wait_or_no_thanks)
OFFER = FollowUp("reflection", yes=begin)


class GuidedReflectionHandler(IntentHandler):
    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        reflection_id = slot_id(handler_input, "reflection", {
            r.id: r.name for r in self.content.reflections.values()})
        # Issue 16: hands-free, start to goodnight in one response, unless asked "step by step".
        if not wants_step_by_step(handler_input):
            return play_reflection(turn, choose_reflection(turn, reflection_id))
        return start_reflection(turn, reflection_id)


class ResumeWithoutReflectionHandler(IntentHandler):
    """'Resume' when nothing is paused: say so, and offer a reflection."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return turn.reply([turn.phrase("nothing_paused")], ask=OFFER)
