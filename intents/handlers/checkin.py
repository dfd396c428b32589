"""The check-in for two: five questions drawn from a pool, then what seems to be going on, and an idea.

Each question takes an answer from both partners at once: both yes, both no,
not sure, or "one of us" (they see it differently). Every answer counts: the
finding names the strongest cause, anything else both said yes to, and kindly,
where the two of them see it differently. While a question waits the session
is in the check-in mode (intents/modes/check_in.py), so yes, no, repeat, start
over and help mean something to the check-in; any other request simply leaves
it. What it found (only the cause id) and the date are remembered, so later
ideas lean towards that cause and a week on the launch offers a fresh check-in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content import Content
from content.items import CheckInQuestion
from intents.handlers.base import IntentHandler
from intents.handlers.clock import today
from intents.handlers.followup import FollowUp
from intents.handlers.ideas import IDEA, IDEA_FOR_CAUSE
from intents.handlers.routing import answer_yes_or_no
from intents.handlers.shared import menu
from intents.handlers.situations import know_situation
from intents.handlers.slots import slot_id
from intents.handlers.state import CAUSE, CHECKIN_DATE, FOCUS, SAFETY
from intents.handlers.turn import Turn, rng
from intents.modes.registry import CHECK_IN as MODE  # the mode its turns leave the session in
from skill.screens import views
from skill.screens.render import show

# {"order": question ids drawn, "index": the one waiting, "scores": {cause id: points},
#  "split": ids of questions the two answered differently, "yes": ids both said yes to}
CHECKIN = "checkin"
OFFER_AFTER_DAYS = 7

YES, NO, NOT_SURE, SPLIT = "yes", "no", "not_sure", "split"  # SPLIT: "one of us", "we disagree"
POINTS = {YES: 2, NOT_SURE: 1, SPLIT: 1}  # a choice answer adds 1: it tips a close call
CHOICE_POINTS = 1
MOST_NAMED = 2  # other causes, or disagreements, named in one finding: more is a list, not a sentence


def checkin_due(handler_input: HandlerInput) -> bool:
    """True when the last check-in was a week or more before this request."""
    last = handler_input.attributes_manager.session_attributes.get(CHECKIN_DATE)
    try:
        return (today(handler_input) - date.fromisoformat(last)).days >= OFFER_AFTER_DAYS
    except (TypeError, ValueError):
        return False


def answer_ids(content: Content) -> set[str]:
    return {YES, NO, NOT_SURE, SPLIT} | {choice for q in content.checkin.questions for choice in q.choices}


def _ids(value: Any, known: set[str]) -> list[str]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, str) and item in known]


def _state(session: dict[str, Any], content: Content) -> dict[str, Any] | None:
    """The running check-in, checked: a request may carry anything."""
    state = session.get(CHECKIN)
    if not isinstance(state, dict):
        return None
    pool = {question.id for question in content.checkin.questions}
    order = _ids(state.get("order"), pool)
    index, scores = state.get("index"), state.get("scores")
    if not order or isinstance(index, bool) or not isinstance(index, int):
        return None
    if not 0 <= index < len(order):
        return None
    if not isinstance(scores, dict):
        return None
    clean = {cause: points for cause, points in scores.items()
             if cause in content.causes and isinstance(points, int) and not isinstance(points, bool)}
    return {"order": order, "index": index, "scores": clean,
            "split": _ids(state.get("split"), pool), "yes": _ids(state.get("yes"), pool)}


def draw(content: Content) -> list[str]:
    """The questions for one check-in: as many causes as possible, in a fresh order each time."""
    chooser = rng()
    by_cause: dict[str, list[str]] = {}
    for question in content.checkin.questions:
        by_cause.setdefault(question.cause or "choice", []).append(question.id)
    groups = list(by_cause.values())
    chooser.shuffle(groups)
    for group in groups:
        chooser.shuffle(group)
    drawn: list[str] = []
    while len(drawn) < content.checkin.asked and any(groups):
        for group in groups:
            if group and len(drawn) < content.checkin.asked:
                drawn.append(group.pop())
    chooser.shuffle(drawn)
    return drawn


def question_at(content: Content, state: dict[str, Any]) -> CheckInQuestion:
    wanted = state["order"][state["index"]]
    return next(question for question in content.checkin.questions if question.id == wanted)


def running(turn: Turn) -> dict[str, Any] | None:
    """The check-in under way, checked, when its question is the one waiting for an answer."""
    if turn.state.follow_up is not ANSWERING:
        return None
    return _state(turn.session, turn.content)


def start_checkin(turn: Turn, lead: list[str]) -> Response:
    turn.session[CHECKIN] = {"order": draw(turn.content), "index": 0, "scores": {}, "split": [], "yes": []}
    return ask_question(turn, [*lead, turn.choose("checkin.intro", turn.content.checkin.phrases["intro"])])


def ask_question(turn: Turn, lead: list[str]) -> Response:
    question = question_at(turn.content, turn.session[CHECKIN])
    labels = views.settings()["check_in_choices"]
    show(turn.input, "check_in", views.check_in_question(
        question.ask, {answer: labels.get(answer, answer) for answer in question.choices}))
    return turn.reply([*lead, question.ask], pending=ANSWERING, reprompt=[question.ask], mode=MODE)


def _say(turn: Turn, name: str) -> str:
    return turn.choose(f"checkin.{name}", turn.content.checkin.phrases[name])


def answer(turn: Turn, state: dict[str, Any], answer_id: str | None) -> Response:
    """Count one answer from the two of them, then ask the next question or say what was found."""
    question = question_at(turn.content, state)
    scores = state["scores"]
    if answer_id == SPLIT:
        state["split"].append(question.id)
    if question.choices:
        if answer_id in question.choices:
            cause = question.choices[answer_id]
            scores[cause] = scores.get(cause, 0) + CHOICE_POINTS
        elif answer_id not in (NO, NOT_SURE, SPLIT):
            turn.session[CHECKIN] = state
            return ask_question(turn, [_say(turn, "unclear_choice")])
    elif answer_id in POINTS:
        scores[question.cause] = scores.get(question.cause, 0) + POINTS[answer_id]
        if answer_id == YES:
            state["yes"].append(question.id)
    elif answer_id != NO:
        turn.session[CHECKIN] = state
        return ask_question(turn, [_say(turn, "unclear")])
    if state["index"] + 1 < len(state["order"]):
        turn.session[CHECKIN] = {**state, "index": state["index"] + 1}
        return ask_question(turn, [_say(turn, "thanks")])
    return finish(turn, state)


def finding(content: Content, scores: dict[str, int], asked: list[str] | None = None) -> str | None:
    """The cause with most points; ties go to the one asked about first. None when nothing scored."""
    questions = {question.id: question for question in content.checkin.questions}
    order: list[str] = []
    for question_id in asked or list(questions):
        question = questions[question_id]
        for cause in (question.cause, *question.choices.values()):
            if cause and cause not in order:
                order.append(cause)
    order += [cause for cause in scores if cause not in order]
    if not order:
        return None
    best = max(order, key=lambda cause: (scores.get(cause, 0), -order.index(cause)))
    return best if scores.get(best, 0) > 0 else None


def _joined(names: list[str]) -> str:
    return " and ".join(names[:MOST_NAMED])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def finish(turn: Turn, state: dict[str, Any]) -> Response:
    turn.session.pop(CHECKIN, None)
    content = turn.content
    scores = state["scores"]
    cause = finding(content, scores, state["order"])
    if not turn.session.get(SAFETY):
        turn.session[CHECKIN_DATE] = today(turn.input).isoformat()
        if cause:
            turn.session[FOCUS] = cause
        else:
            turn.session.pop(FOCUS, None)
        for question_id in state["yes"]:  # a situation both said yes to is now known for this couple
            situation = next(q.situation for q in content.checkin.questions if q.id == question_id)
            if situation:
                know_situation(turn, situation)
    parts = [turn.choose("checkin.findings", content.checkin.findings[cause or "none"])]
    asked = [question for question in content.checkin.questions if question.id in state["order"]]
    others = [q.about for q in asked if q.id in state["yes"] and q.cause != cause]
    if others:  # every yes counts: a second worry is named, not dropped
        parts.append(_capital(_say(turn, "also").format(what=_joined(others))))
    differ = [q.about for q in asked if q.id in state["split"]]
    if differ:  # named kindly: seeing it differently is worth a talk, not a verdict
        parts.append(_capital(_say(turn, "disagree").format(about=_joined(differ))))
    if cause:
        turn.session[CAUSE] = cause
        return turn.reply(parts, ask=IDEA_FOR_CAUSE)
    turn.session.pop(CAUSE, None)
    return turn.reply(parts, ask=IDEA)


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

    def handle(self, handler_input: HandlerInput) -> Response:
        return start_checkin(Turn(handler_input, self.content), [])


class CheckInAnswerHandler(IntentHandler):
    """A check-in style answer ('definitely', 'not sure') with no check-in running: a yes or a no."""

    def handle(self, handler_input: HandlerInput) -> Response:
        said = slot_id(handler_input, "answer", answer_ids(self.content))
        turn = Turn(handler_input, self.content)
        if said in (YES, NO):
            return answer_yes_or_no(turn, said == YES)
        return menu(turn)
