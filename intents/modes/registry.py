"""Every conversation mode, one line each. Adding a mode: its module in intents/modes/, and a line here.

Each line is the name a session stores (session attribute `mode`) and the
module whose `MODE` it is. A mode's module is imported the first time a
session names it (intents/handlers/mode.py), so a cold start loads only what
its request needs; a test checks every line against its module.

The modes in OVERRIDING are consulted first, on every request and in this
order, whatever mode the session names; each one's `is_active` decides.
"""

from intents.handlers.mode import OPEN, SAFETY, locate

# The names a session stores; the handlers that enter a mode use these.
SURVIVOR = "survivor"
REFLECTION = "reflection"
CHECK_IN = "check_in"
QUESTION_FOR_TWO = "question_for_two"
PROGRAMME_NIGHT = "programme_night"
COME_BACK = "come_back"

OVERRIDING = (SAFETY, SURVIVOR)

MODES = locate({
    SAFETY: "intents.modes.safety",
    SURVIVOR: "intents.modes.survivor",
    OPEN: "intents.modes.open_mode",
    REFLECTION: "intents.modes.reflection",
    CHECK_IN: "intents.modes.check_in",
    QUESTION_FOR_TWO: "intents.modes.question_for_two",
    PROGRAMME_NIGHT: "intents.modes.programme_night",
    COME_BACK: "intents.modes.come_back",
})
