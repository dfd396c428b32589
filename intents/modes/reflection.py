"""A guided reflection under way: next, resume, pause, start over and more act on its steps.

It survives detours (help, a fallback, "forget me", a goodbye): the listener
can come back to the step they were on. Yes and no answer "ready for the
next one?", declared with that follow-up in intents/handlers/reflection.py.
"""

from intents.handlers import reflection
from intents.handlers.mode import Mode
from intents.handlers.state import REFLECTION as REFLECTION_STATE
from intents.handlers.turn import Turn
from intents.modes.registry import REFLECTION


def running(turn: Turn) -> bool:
    return turn.state.in_reflection


MODE = Mode(
    REFLECTION,
    answers={
        "AMAZON.NextIntent": reflection.continue_reflection,
        "AMAZON.ResumeIntent": reflection.continue_reflection,
        "AMAZON.PauseIntent": reflection.pause_reflection,
        "AMAZON.StartOverIntent": reflection.restart_reflection,
        "AMAZON.MoreIntent": reflection.wait_in_reflection,  # a step has no longer form: stay on it
    },
    is_active=running,
    survives_detours=True,
    state_keys=(REFLECTION_STATE,),
)
