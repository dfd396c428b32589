"""The check-in: a few quick questions, then what seems to be going on, and an idea for it.

While a question waits for its answer the session is in the check-in mode
(intents/modes/check_in.py), so yes, no, repeat, start over and help mean
something to the check-in; any other request simply leaves it. What it found (only the cause
id) and the date are remembered, so later ideas lean towards that cause and a
week on the launch offers a fresh check-in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content import Content
from intents.handlers.base import IntentHandler
from intents.handlers.followup import FollowUp
from intents.handlers.ideas import IDEA, IDEA_FOR_CAUSE
from intents.handlers.shared import menu
from intents.handlers.slots import slot_id
from intents.handlers.state import CAUSE, CHECKIN_DATE, FOCUS, SAFETY
from intents.handlers.turn import Turn
from skill.screens import views
from skill.screens.render import show

MODE = "check_in"  # the mode's name (intents/modes/check_in.py declares what it does)
CHECKIN = "checkin"  # {"index": question waiting for its answer, "scores": {cause id: points}}
OFFER_AFTER_DAYS = 7

YES, NO, NOT_SURE = "yes", "no", "not_sure"
POINTS = {YES: 2, NOT_SURE: 1}  # a choice answer adds 1: it tips a close call
CHOICE_POINTS = 1


def today(handler_input: HandlerInput) -> date:
    """The request's date (UTC), as Alexa stamped it."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    if isinstance(stamp, datetime):
        return (stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).date()
    return datetime.now(timezone.utc).date()


def checkin_due(handler_input: HandlerInput) -> bool:
    """True when the last check-in was a week or more before this request."""
    last = handler_input.attributes_manager.session_attributes.get(CHECKIN_DATE)
    try:
        return (today(handler_input) - date.fromisoformat(last)).days >= OFFER_AFTER_DAYS
    except (TypeError, ValueError):
        return False


def answer_ids(content: Content) -> set[str]:
    return {YES, NO, NOT_SURE} | {choice for q in content.checkin.questions for choice in q.choices}


def _state(session: dict[str, Any], content: Content) -> dict[str, Any] | None:
    """The running check-in, checked: a request may carry anything."""
    state = session.get(CHECKIN)
    if not isinstance(state, dict):
        return None
    index, scores = state.get("index"), state.get("scores")
    if isinstance(index, bool) or not isinstance(index, int):
        return None
    if not 0 <= index < len(content.checkin.questions):
        return None
    if not isinstance(scores, dict):
        return None
    clean = {cause: points for cause, points in scores.items()
             if cause in content.causes and isinstance(points, int) and not isinstance(points, bool)}
    return {"index": index, "scores": clean}


def running(turn: Turn) -> dict[str, Any] | None:
    """The check-in under way, checked, when its question is the one waiting for an answer."""
    if turn.state.follow_up is not ANSWERING:
        return None
    return _state(turn.session, turn.content)


def start_checkin(turn: Turn, lead: list[str]) -> Response:
    turn.session[CHECKIN] = {"index": 0, "scores": {}}
    return ask_question(turn, [*lead, turn.choose("checkin.intro", turn.content.checkin.phrases["intro"])])


def ask_question(turn: Turn, lead: list[str]) -> Response:
    question = turn.content.checkin.questions[turn.session[CHECKIN]["index"]]
    labels = views.settings()["check_in_choices"]
    show(turn.input, "check_in", views.check_in_question(
        question.ask, {answer: labels.get(answer, answer) for answer in question.choices}))
    return turn.reply([*lead, question.ask], pending=ANSWERING, reprompt=[question.ask], mode=MODE)


def _say(turn: Turn, name: str) -> str:
    return turn.choose(f"checkin.{name}", turn.content.checkin.phrases[name])


def answer(turn: Turn, state: dict[str, Any], answer_id: str | None) -> Response:
    """Score one answer, then ask the next question or say what the check-in found."""
    questions = turn.content.checkin.questions
    question = questions[state["index"]]
    scores = state["scores"]
    if question.choices:
        if answer_id in question.choices:
            cause = question.choices[answer_id]
            scores[cause] = scores.get(cause, 0) + CHOICE_POINTS
        elif answer_id not in (NO, NOT_SURE):
            turn.session[CHECKIN] = state
            return ask_question(turn, [_say(turn, "unclear_choice")])
    elif answer_id in POINTS:
        scores[question.cause] = scores.get(question.cause, 0) + POINTS[answer_id]
    elif answer_id != NO:
        turn.session[CHECKIN] = state
        return ask_question(turn, [_say(turn, "unclear")])
    if state["index"] + 1 < len(questions):
        turn.session[CHECKIN] = {"index": state["index"] + 1, "scores": scores}
        return ask_question(turn, [_say(turn, "thanks")])
    return finish(turn, scores)


def finding(content: Content, scores: dict[str, int]) -> str | None:
    """The cause with most points; ties go to the one asked about first. None when nothing scored."""
    order: list[str] = []
    for question in content.checkin.questions:
        for cause in (question.cause, *question.choices.values()):
            if cause and cause not in order:
                order.append(cause)
    best = max(order, key=lambda cause: (scores.get(cause, 0), -order.index(cause)))
    return best if scores.get(best, 0) > 0 else None


def finish(turn: Turn, scores: dict[str, int]) -> Response:
    turn.session.pop(CHECKIN, None)
    cause = finding(turn.content, scores)
    if not turn.session.get(SAFETY):
        turn.session[CHECKIN_DATE] = today(turn.input).isoformat()
        if cause:
            turn.session[FOCUS] = cause
        else:
            turn.session.pop(FOCUS, None)
    said = turn.choose("checkin.findings", turn.content.checkin.findings[cause or "none"])
    if cause:
        turn.session[CAUSE] = cause
        return turn.reply([_say(turn, "thanks"), said], ask=IDEA_FOR_CAUSE)
    turn.session.pop(CAUSE, None)
    return turn.reply([_say(turn, "thanks"), said], ask=IDEA)


# What each request means while a question waits (intents/modes/check_in.py maps intents to these).

def _answer_with(answer_id: str | None) -> Callable[[Turn], Response]:
    def answer_it(turn: Turn) -> Response:
        state = running(turn)
        turn.session[CHECKIN] = state
        return answer(turn, state, answer_id)
    return answer_it


answer_yes = _answer_with(YES)
answer_no = _answer_with(NO)
skip_question = _answer_with(NOT_SURE)  # skipping a question counts as not sure


def answer_said(turn: Turn) -> Response:
    """'Definitely', 'not sure', or one of a choice question's answers."""
    return _answer_with(slot_id(turn.input, "answer", answer_ids(turn.content)))(turn)


def _again_with(line: str | None) -> Callable[[Turn], Response]:
    def ask_again(turn: Turn) -> Response:
        turn.session[CHECKIN] = running(turn)
        return ask_question(turn, [_say(turn, line)] if line else [])
    return ask_again


ask_again = _again_with(None)  # repeat, or resume after a pause: just the question
help_with_question = _again_with("help")
wait_for_answer = _again_with("waiting")
unclear = _again_with("unclear")


def restart(turn: Turn) -> Response:
    return start_checkin(turn, [_say(turn, "restart")])


def start(turn: Turn) -> Response:
    return start_checkin(turn, [])


# "Would you like a quick check-in?", asked at launch a week after the last one.
OFFER = FollowUp("checkin", yes=start)
# Recorded while a check-in question waits; the check-in mode says what each answer does.
ANSWERING = FollowUp("checkin_answer")


class CheckInHandler(IntentHandler):
    """'Let's do a check in': starts one, or starts it again."""

    intent_names = ("CheckInIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        return start_checkin(Turn(handler_input, self.content), [])


class CheckInAnswerHandler(IntentHandler):
    """A check-in style answer ('definitely', 'not sure') with no check-in running: a yes or a no.

    `answer_yes_or_no` is the dispatcher's lookup (routing.py), given here so
    this module need not import it.
    """

    intent_names = ("CheckInAnswerIntent",)

    def __init__(self, content: Content, answer_yes_or_no: Callable[[Turn, bool], Response]) -> None:
        super().__init__(content)
        self.answer_yes_or_no = answer_yes_or_no

    def handle(self, handler_input: HandlerInput) -> Response:
        said = slot_id(handler_input, "answer", answer_ids(self.content))
        turn = Turn(handler_input, self.content)
        if said in (YES, NO):
            return self.answer_yes_or_no(turn, said == YES)
        return menu(turn)
