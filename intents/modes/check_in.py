"""A check-in question waiting for its answer: nearly everything is an answer, or a way to hear it again.

It lasts only while its own question waits: any request not declared here
(an idea, a question for two, stop) simply leaves the check-in.
"""

from intents.handlers import checkin
from intents.handlers.mode import Mode
from intents.handlers.turn import Turn
from intents.modes.registry import CHECK_IN


def waiting(turn: Turn) -> bool:
    return checkin.running(turn) is not None


MODE = Mode(
    CHECK_IN,
    answers={
        "AMAZON.YesIntent": checkin.answer_yes,
        "AMAZON.NoIntent": checkin.answer_no,
        "CheckInAnswerIntent": checkin.answer_said,
        "AMAZON.NextIntent": checkin.skip_question,
        "AMAZON.RepeatIntent": checkin.ask_again,
        "AMAZON.ResumeIntent": checkin.ask_again,
        "AMAZON.StartOverIntent": checkin.restart,
        "AMAZON.HelpIntent": checkin.help_with_question,
        "AMAZON.PauseIntent": checkin.wait_for_answer,
        "AMAZON.MoreIntent": checkin.unclear,
        "AMAZON.FallbackIntent": checkin.unclear,
    },
    is_active=waiting,
)
