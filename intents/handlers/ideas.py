"""Reconnection ideas: a different one each turn, steered by the situation or cause if given."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content import Idea
from content.loader import DEPTHS
from intents.handlers.base import IntentHandler
from intents.handlers.checkin import focus
from intents.handlers.leave_to_talk import leave_with
from intents.handlers.questions import current_depth, tell_question
from intents.handlers.rotation import pick_unheard
from intents.handlers.safety import suggests_couples_therapy, therapy_caution
from intents.handlers.topics import tell_another_opener
from intents.handlers.turn import CAUSE, HEARD, SITUATION, Turn, rng

# Session flag: the cause or situation steering "another idea" came from memory (skill/memory.py).
STEER_RECALLED = "steer_recalled"


def pick_idea(
    ideas: Sequence[Idea], heard: list[str], cause: str | None, chooser: random.Random,
    situation: str | None = None,
) -> tuple[Idea, list[str], bool]:
    """An unheard idea, preferring one for both the situation and the cause, then either."""
    preferences: list[Callable[[Idea], bool]] = []
    if situation and cause:
        preferences.append(lambda idea: situation in idea.situations and cause in idea.causes)
    if situation:
        preferences.append(lambda idea: situation in idea.situations)
    if cause:
        preferences.append(lambda idea: cause in idea.causes)
    return pick_unheard(ideas, heard, preferences, chooser)


def tell_idea(turn: Turn, cause: str | None, situation: str | None = None, named: bool = True) -> Response:
    """An idea for the cause and situation; with no cause asked for, the check-in's focus leads.

    The focus is never named aloud here: a later session may be heard by
    someone else in the household.
    """
    preferred = cause or focus(turn)
    idea, heard, reshuffled = pick_idea(turn.content.ideas, turn.heard, preferred, rng(), situation)
    turn.session[HEARD] = heard
    for key, value in ((CAUSE, cause), (SITUATION, situation)):
        if value:
            turn.session[key] = value
        else:
            turn.session.pop(key, None)
    parts = [turn.phrase("reshuffled")] if reshuffled else []
    if not named:
        parts.append(turn.phrase("idea_intro"))
    elif situation and situation in idea.situations:
        parts.append(turn.phrase("situation_idea_intro", situation=turn.content.situations[situation]))
    elif cause and cause in idea.causes:
        parts.append(turn.phrase("cause_idea_intro", cause=turn.content.causes[cause].name))
    else:
        parts.append(turn.phrase("idea_intro"))
    parts.append(idea.say)
    if suggests_couples_therapy(idea.say):
        parts += therapy_caution(turn)
    # Issue 16: an idea to try now ends the turn (intents/handlers/leave_to_talk.py).
    return leave_with(turn, parts, "way_back_idea", {"kind": "idea", "id": idea.id}, offer_reminder=True)


def tell_another(turn: Turn) -> Response:
    """The next idea, for the same situation and cause as the last one."""
    # A steer brought back from an earlier session is followed but never named
    # aloud: someone else in the household may be listening now.
    named = not turn.session.pop(STEER_RECALLED, False)
    return tell_idea(turn, turn.session_cause, turn.session_situation, named)


class ReconnectionIdeaHandler(IntentHandler):
    """'Give me an idea', optionally for a cause or a situation; unknown ones give a general idea."""

    intent_names = ("ReconnectionIdeaIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return tell_idea(turn, turn.slot_cause(), turn.slot_id("situation", self.content.situations))


class NextIdeaHandler(IntentHandler):
    """'Next' or 'another' outside a reflection: another of what was offered last."""

    intent_names = ("AMAZON.NextIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        if turn.topic and turn.topic["kind"] == "opener":
            return tell_another_opener(turn)
        if turn.topic and turn.topic["kind"] == "question_for_two":  # issue 16: from a later session
            return tell_question(turn, current_depth(turn.session) or DEPTHS[0])
        return tell_another(turn)
