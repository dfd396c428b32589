"""Reconnection ideas: a different one each turn, steered by the situation or cause if given."""

from __future__ import annotations

import random
from collections.abc import Callable, Collection

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content import Content, Idea
from intents.handlers.base import IntentHandler
from intents.handlers.followup import FollowUp
from intents.handlers.leave_to_talk import leave_with
from intents.handlers.rotation import pick_unheard
from intents.handlers.safety import caution_for
from intents.handlers.situations import know_situation, known_situations
from intents.handlers.slots import slot_cause, slot_id
from intents.handlers.state import CAUSE, HEARD, SITUATION
from intents.handlers.topics import tell_another_opener
from intents.handlers.turn import Turn, rng
from intents.kept import WAY_SCORES, clean
from intents.way_tuning import tuned

# Session flag: the cause or situation steering "another idea" came from memory (skill/memory.py).
STEER_RECALLED = "steer_recalled"


def pick_idea(
    content: Content, heard: list[str], cause: str | None, chooser: random.Random,
    situation: str | None = None, known: Collection[str] = (), way_scores: dict[str, int] | None = None,
) -> tuple[Idea, list[str], bool]:
    """An unheard idea this couple's situations allow, preferring the situation and cause asked for;
    within that, the kinds of idea that helped before (intents/way_tuning.py)."""
    pool = content.ideas_allowed({*known, *([situation] if situation else [])})
    preferences: list[Callable[[Idea], bool]] = []
    if situation and cause:
        preferences.append(lambda idea: situation in idea.situations and cause in idea.causes)
    if situation:
        preferences.append(lambda idea: situation in idea.situations)
    if cause:
        preferences.append(lambda idea: cause in idea.causes)
    # Ideas outside the pool keep their place in the heard list: going round the pool again forgets only it.
    in_pool = {idea.id for idea in pool}
    pool_heard = [i for i in heard if i in in_pool]
    idea, pool_heard, reshuffled = pick_unheard(pool, pool_heard, tuned(preferences, way_scores or {}),
                                                chooser)
    return idea, [i for i in heard if i not in in_pool] + pool_heard, reshuffled


def tell_idea(turn: Turn, cause: str | None, situation: str | None = None, named: bool = True) -> Response:
    """An idea for the cause and situation; with no cause asked for, the check-in's focus leads.

    Neither the focus nor a remembered situation is named aloud here: a later
    session may be heard by someone else in the household.
    """
    preferred = cause or turn.state.focus
    lead = turn.content.lead_with.get(situation or "")
    newly_asked = situation and situation != turn.state.situation
    if situation:
        know_situation(turn, situation)
    if lead and newly_asked:  # some situations always start with the same idea: pain, with a doctor
        idea, reshuffled = turn.content.idea(lead), False
        heard = [i for i in turn.state.heard if i != lead] + [lead]
    else:
        scores = clean(WAY_SCORES, turn.session.get(WAY_SCORES))
        idea, heard, reshuffled = pick_idea(turn.content, turn.state.heard, preferred, rng(), situation,
                                            known_situations(turn), scores)
    turn.session[HEARD] = heard
    for key, value in ((CAUSE, cause), (SITUATION, situation)):
        if value:
            turn.session[key] = value
        else:
            turn.session.pop(key, None)
    parts = [turn.phrase("reshuffled")] if reshuffled else []
    if idea.refers:  # a referral is said as one, never as "something small to try"
        parts.append(turn.phrase("referral_intro"))
    elif not named:  # a steer recalled from an earlier session is followed, never named aloud
        parts.append(turn.phrase("idea_intro"))
    elif situation and situation in idea.situations:
        parts.append(turn.phrase("situation_idea_intro", situation=turn.content.situations[situation]))
    elif cause and cause in idea.causes:
        parts.append(turn.phrase("cause_idea_intro", cause=turn.content.causes[cause].name))
    else:
        parts.append(turn.phrase("idea_intro"))
    parts.append(idea.say)
    parts += caution_for(turn, idea)
    # Issue 16: an idea to try now ends the turn (intents/handlers/leave_to_talk.py).
    return leave_with(turn, parts, "way_back_idea", {"kind": "idea", "id": idea.id}, offer_reminder=True)


def tell_another(turn: Turn) -> Response:
    """The next idea, for the same situation and cause as the last one."""
    # A steer brought back from an earlier session is followed but never named
    # aloud: someone else in the household may be listening now.
    named = not turn.session.pop(STEER_RECALLED, False)
    return tell_idea(turn, turn.state.cause, turn.state.situation, named)


def tell_any_idea(turn: Turn) -> Response:
    return tell_idea(turn, None)


def tell_idea_for_cause(turn: Turn) -> Response:
    """An idea for the cause just talked about (a cause, or what a check-in found)."""
    return tell_idea(turn, turn.state.cause)


def tell_idea_for_situation(turn: Turn) -> Response:
    """An idea for the situation the couple just told the skill about."""
    return tell_idea(turn, None, turn.state.situation)


# The questions that end on an idea, and what their yes does.
ANOTHER_IDEA = FollowUp("another_idea", yes=tell_another)
IDEA_FOR_CAUSE = FollowUp("idea_for_cause", yes=tell_idea_for_cause)
IDEA = FollowUp("idea", yes=tell_any_idea)
IDEA_FOR_SITUATION = FollowUp("idea_for_situation", yes=tell_idea_for_situation)
OPEN_QUESTION = FollowUp("open", yes=tell_any_idea)  # "what would you like?": a yes gets an idea


class ReconnectionIdeaHandler(IntentHandler):
    """'Give me an idea', optionally for a cause or a situation; unknown ones give a general idea."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return tell_idea(turn, slot_cause(handler_input, self.content),
                         slot_id(handler_input, "situation", self.content.situations))


class NextIdeaHandler(IntentHandler):
    """'Next' or 'another' with no mode that means more by it: another of what was offered last."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        topic = turn.state.topic
        if topic and topic["kind"] == "opener":
            return tell_another_opener(turn)
        return tell_another(turn)
