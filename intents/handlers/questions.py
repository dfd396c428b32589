"""Questions for two: who answers first, the question, the way back; then the session ends.

Questions heard are kept per depth, and the depth in use, both remembered
across sessions: "another question" in a later session continues at the same
depth with none repeated until every question of that depth has been heard.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content.items import DEPTHS
from intents.handlers.base import IntentHandler
from intents.handlers.followup import FollowUp
from intents.handlers.leave_to_talk import leave_with
from intents.handlers.slots import slot_id, spoken
from intents.handlers.state import ASKED, QUESTION, QUESTION_WAITING, asked, current_depth
from intents.handlers.turn import Turn, rng
from intents.modes.registry import QUESTION_FOR_TWO as MODE  # the mode its turns leave the session in
from skill.screens import views
from skill.screens.render import show

# "Say next when you're ready": recorded while a couple answers; the mode says what next, yes and more do.
NEXT_QUESTION = FollowUp(QUESTION_WAITING)

# "Deeper" and "lighter" move from the depth in use rather than naming one.
_DEEPER_WORDS = frozenset({"deeper"})
_LIGHTER_WORDS = frozenset({"lighter", "less"})


def choose_depth(current: str | None, requested: str | None, said: str) -> tuple[str, str | None]:
    """The depth to ask at, and "deepest"/"lightest" when a move could go no further."""
    words = set(said.split())
    step = 1 if words & _DEEPER_WORDS else -1 if words & _LIGHTER_WORDS else 0
    if step and current:
        index = DEPTHS.index(current) + step
        if not 0 <= index < len(DEPTHS):
            return current, "deepest" if step > 0 else "lightest"
        return DEPTHS[index], None
    return requested or current or DEPTHS[0], None


def tell_question(turn: Turn, depth: str, note: str | None = None) -> Response:
    lines = turn.content.questions
    pool = lines.by_depth[depth]
    heard_by_depth = asked(turn.session)
    heard = heard_by_depth.get(depth, [])
    # One lead-in only, to keep the turn short: a reshuffle matters most, then a depth note.
    lead = note or "intro"
    unheard = [q for q in pool if q.id not in set(heard)]
    if not unheard:  # all heard: go round again, but never the last one straight away
        last = heard[-1] if heard else None
        heard, unheard = [], [q for q in pool if q.id != last] or list(pool)
        lead = "reshuffled"
    question = rng().choice(unheard)
    heard_by_depth[depth] = heard + [question.id]
    turn.session[ASKED] = heard_by_depth
    turn.session[QUESTION] = {"depth": depth, "id": question.id}
    # Issue 16: who answers first, then the question, then the way back; the session
    # ends so the couple's own answers are never heard as requests.
    parts = [turn.choose(f"questions.{lead}", getattr(lines, lead)),
             turn.choose("questions.first", lines.first), question.ask]
    show(turn.input, "question", views.question_for_two(question.ask))
    return leave_with(turn, parts, "way_back_question", {"kind": "question_for_two", "id": question.id})


def answering(turn: Turn) -> bool:
    """Whether a couple is answering a sound question: its follow-up waits and its depth is known."""
    return turn.state.follow_up is NEXT_QUESTION and current_depth(turn.session) is not None


def another_question(turn: Turn) -> Response:
    """'Next', 'another', 'more', 'yes' or 'carry on' on a question: another at that depth."""
    return tell_question(turn, current_depth(turn.session))


def hold_on(turn: Turn) -> Response:
    """'Hold on' while answering: take your time, and next still brings the next question."""
    return turn.reply([turn.phrase("paused_outside")], ask=NEXT_QUESTION, mode=MODE)


class QuestionForUsHandler(IntentHandler):
    """'Ask us a question', at a depth if one is named; 'deeper' and 'lighter' move from the last."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        depth, note = choose_depth(current_depth(turn.session), slot_id(handler_input, "depth", DEPTHS),
                                   spoken(handler_input, "depth"))
        return tell_question(turn, depth, note)
