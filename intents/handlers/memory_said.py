"""'What do you remember about us?': what is kept, in a few neutral words, then an offer to forget.

Counts and yes-or-no facts only: a situation or a cause is never named aloud,
since anyone in the room may hear.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content.keeping import load_keeping
from intents.handlers.base import IntentHandler
from intents.handlers.forget import CONFIRM
from intents.handlers.ideas import OPEN_QUESTION
from intents.handlers.programmes import HEARD_TONIGHT, programme_of, state, status
from intents.handlers.state import CAUSE, CHECKIN_DATE, FOCUS, SITUATION, asked
from intents.handlers.turn import Turn
from intents.kept import FAVOURITES, clean


def say(turn: Turn, key: str, **fields: object) -> str:
    text = turn.choose(f"remember.{key}", load_keeping().lines[f"remember.{key}"])
    return text.format(**fields) if fields else text


def counted(number: int, kind: str) -> str:
    one, several = load_keeping().kinds[kind]
    if number == 0:
        return f"no {several}"
    return f"one {one}" if number == 1 else f"{number} {several}"


def what_is_kept(turn: Turn) -> list[str]:
    parts = []
    ideas, questions = len(turn.state.heard), sum(len(ids) for ids in asked(turn.session).values())
    if ideas or questions:
        parts.append(say(turn, "heard", ideas=counted(ideas, "idea"),
                         questions=counted(questions, "question")))
    favourites = len(clean(FAVOURITES, turn.session.get(FAVOURITES)))
    if favourites:
        parts.append(say(turn, "favourites", favourites="one favourite" if favourites == 1
                         else f"{favourites} favourites"))
    if turn.session.get(CHECKIN_DATE) or turn.session.get(FOCUS):
        parts.append(say(turn, "focus"))
    if turn.state.known_situations or turn.session.get(SITUATION) or turn.session.get(CAUSE):
        parts.append(say(turn, "situation"))
    current = state(turn)
    if current and not current.get("stopped"):
        name = programme_of(turn, current).name
        # The night they are on: tonight's, when its step was heard tonight, else the next.
        night = current["night"] + (0 if status(turn, current) == HEARD_TONIGHT else 1)
        parts.append(say(turn, "programme_paused" if current["paused"] else "programme", name=name,
                         night=max(night, 1)))
    return parts


class MemoryHandler(IntentHandler):
    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        kept = what_is_kept(turn)
        if not kept:
            return turn.reply([say(turn, "nothing"), say(turn, "never")], ask=OPEN_QUESTION)
        return turn.reply([*kept, say(turn, "never")], ask=CONFIRM, keep_mode=True)
