"""A later session after a turn that left the couple to talk or try something (issue 16).

A question for two, an idea or an opener ends its session; skill/memory.py
brings back which one it was and puts the next session in this mode, so
"Alexa, ask Closer Again for another" or "... to tell me more" continue from
it. Any other request leaves the mode.
"""

from intents.handlers import come_back
from intents.handlers.mode import Mode
from intents.modes.registry import COME_BACK

MODE = Mode(
    COME_BACK,
    answers={
        "AMAZON.NextIntent": come_back.another_of_the_last,
        "AMAZON.MoreIntent": come_back.more_on_the_last,
    },
    is_active=come_back.active,
)
