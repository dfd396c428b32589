"""Every conversation mode, one line each. Adding a mode: its module in intents/modes/, and a line here.

Order matters only among modes that override (safety): they are checked first,
in this order, on every request.
"""

from intents.handlers.mode import register
from intents.modes import (
    check_in,
    come_back,
    open_mode,
    programme_night,
    question_for_two,
    reflection,
    safety,
    survivor,
)

MODES = register(
    safety.MODE,
    survivor.MODE,
    open_mode.MODE,
    reflection.MODE,
    check_in.MODE,
    question_for_two.MODE,
    programme_night.MODE,
    come_back.MODE,
)
