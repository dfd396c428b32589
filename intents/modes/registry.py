"""Every conversation mode, one line each. Adding a mode: its module in intents/modes/, and a line here.

Each line names the mode (what a session stores in its `mode` attribute, and
the constant the handlers that enter it import) and the module whose `MODE` it
is. A mode's module is imported the first time a session names it
(intents/handlers/mode.py), so a cold start loads only what its request needs;
a test checks every line against its module.

The modes in OVERRIDING are consulted first, on every request and in this
order, whatever mode the session names; each one's `is_active` decides.
"""

from intents.handlers.mode import OPEN, SAFETY, locate, located

locate(SAFETY, "intents.modes.safety")
SURVIVOR = locate("survivor", "intents.modes.survivor")
locate(OPEN, "intents.modes.open_mode")
REFLECTION = locate("reflection", "intents.modes.reflection")
CHECK_IN = locate("check_in", "intents.modes.check_in")
QUESTION_FOR_TWO = locate("question_for_two", "intents.modes.question_for_two")
PROGRAMME_NIGHT = locate("programme_night", "intents.modes.programme_night")
COME_BACK = locate("come_back", "intents.modes.come_back")

OVERRIDING = (SAFETY, SURVIVOR)
MODES = located()  # name -> module, for tests and the docs
