"""Just after a programme's step: 'start over' or 'resume' give tonight's step again.

A bare "pause" is left to the shared answer (take your time): just after a
step it means the couple are doing it, not that the programme should stop.
It lasts only while the step's question waits.
"""

from intents.handlers import programmes
from intents.handlers.mode import Mode
from intents.modes.registry import PROGRAMME_NIGHT

MODE = Mode(
    PROGRAMME_NIGHT,
    answers={
        "AMAZON.ResumeIntent": programmes.again,
        "AMAZON.StartOverIntent": programmes.again,
    },
    is_active=programmes.running,
)
