"""'How did last night's idea go?': asked once, in the welcome of a session soon after an idea.

Its answer (it helped, not really, we didn't try) tunes which kinds of idea
come first (intents/way_tuning.py). Never asked twice about the same idea, and
never in a session that has heard a disclosure: nothing about a disclosure is
stored, so that is decided within the session.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content import Idea
from content.keeping import load_keeping
from intents.handlers.base import IntentHandler
from intents.handlers.clock import today
from intents.handlers.followup import FollowUp
from intents.handlers.ideas import IDEA, OPEN_QUESTION
from intents.handlers.routing import answer_yes_or_no
from intents.handlers.shared import menu
from intents.handlers.slots import slot_id
from intents.handlers.state import SAFETY
from intents.handlers.turn import Turn
from intents.kept import ASKED_ABOUT, ASKING_ABOUT, FOLLOW, LAST_ITEM, SCORE_LIMIT, WAY_SCORES, clean
from intents.way_tuning import DIDNT_TRY, HELPED, NOT_REALLY, scored

FOLLOW_DAYS = 3  # "last night's idea" still makes sense a few days on, not after a week
ANSWERS = (HELPED, NOT_REALLY, DIDNT_TRY)


def say(turn: Turn, key: str) -> str:
    return turn.choose(f"follow_up.{key}", load_keeping().lines[f"follow_up.{key}"])


def follow_up_due(turn: Turn) -> Idea | None:
    """The idea to ask about in this welcome, if any."""
    if turn.session.get(SAFETY):
        return None
    follow = clean(FOLLOW, turn.session.get(FOLLOW))
    if follow is None or follow["idea"] in clean(ASKED_ABOUT, turn.session.get(ASKED_ABOUT)):
        return None
    days = (today(turn.input) - date.fromisoformat(follow["date"])).days
    if not 1 <= days <= FOLLOW_DAYS:
        return None
    return turn.content.idea(follow["idea"])


def ask_follow_up(turn: Turn, idea: Idea) -> Response:
    asked = clean(ASKED_ABOUT, turn.session.get(ASKED_ABOUT))
    turn.session[ASKED_ABOUT] = [*asked, idea.id]  # asked once, whatever the answer
    turn.session.pop(FOLLOW, None)
    turn.session[ASKING_ABOUT] = idea.id
    question = say(turn, "ask")
    return turn.reply([question], pending=FOLLOW_UP, reprompt=[say(turn, "unclear")])


def take_answer(turn: Turn, idea: Idea, answer: str) -> Response:
    """Thank them, tune the kinds of idea, and offer one: a single question, as every turn."""
    scores = clean(WAY_SCORES, turn.session.get(WAY_SCORES))
    turn.session[WAY_SCORES] = scored(scores, idea.way, answer, SCORE_LIMIT)
    turn.session.pop(ASKING_ABOUT, None)
    return turn.reply([say(turn, answer)], ask=IDEA)


def _idea_in_question(turn: Turn) -> Idea | None:
    asked = turn.session.get(ASKING_ABOUT)
    if isinstance(asked, str) and turn.content.idea(asked):
        return turn.content.idea(asked)
    last = clean(LAST_ITEM, turn.session.get(LAST_ITEM))
    return turn.content.idea(last["id"]) if last and last["kind"] == "idea" else None


def _answered(answer: str | None) -> Callable[[Turn], Response]:
    def answered(turn: Turn) -> Response:
        idea = _idea_in_question(turn)
        said = answer or slot_id(turn.input, "feedback", ANSWERS)
        if idea is None:
            return menu(turn)
        if said is None:  # once more; then any other request simply moves on
            question = say(turn, "unclear")
            return turn.reply([question], reprompt=[question])
        return take_answer(turn, idea, said)
    return answered


# "How did last night's idea go?": yes means it helped, no means not really.
FOLLOW_UP = FollowUp("follow_up", yes=_answered(HELPED), no=_answered(NOT_REALLY),
                     others={"IdeaFeedbackIntent": _answered(None)})


class IdeaFeedbackHandler(IntentHandler):
    """'That idea helped' without being asked: about the last idea heard, if there was one.

    While another of the skill's questions waits, "it was great" is a yes and
    "it didn't work" a no to that question.
    """

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        answer = slot_id(handler_input, "feedback", ANSWERS)
        if turn.state.follow_up is not None and answer is not None:  # an answer to the question asked
            return answer_yes_or_no(turn, answer == HELPED)
        idea = _idea_in_question(turn)
        if idea is None or answer is None:
            return turn.reply([turn.phrase("menu")], ask=OPEN_QUESTION)
        return take_answer(turn, idea, answer)
