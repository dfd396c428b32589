"""A question for two being answered: next, another, more, yes or carry on bring the next one.

It lasts only while its question waits; help, stop or any other request leaves it.
"""

from intents.handlers import questions
from intents.handlers.mode import Mode
from intents.modes.registry import QUESTION_FOR_TWO

MODE = Mode(
    QUESTION_FOR_TWO,
    answers={
        "AMAZON.NextIntent": questions.another_question,
        "AMAZON.MoreIntent": questions.another_question,
        "AMAZON.YesIntent": questions.another_question,
        "AMAZON.ResumeIntent": questions.another_question,
        "AMAZON.PauseIntent": questions.hold_on,
    },
    is_active=questions.answering,
)
