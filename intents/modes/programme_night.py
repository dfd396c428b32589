"""Just after a programme's step: pause and resume act on the programme, and start over
gives tonight's step again. It lasts only while the step's question waits."""

from intents.handlers import programmes
from intents.handlers.mode import Mode

MODE = Mode(
    programmes.MODE,
    answers={
        "AMAZON.PauseIntent": programmes.pause,
        "AMAZON.ResumeIntent": programmes.resume,
        "AMAZON.StartOverIntent": programmes.again,
    },
    is_active=programmes.running,
)
