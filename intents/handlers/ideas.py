"""Reconnection ideas: a different one each turn, steered by the cause if given."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content import Idea
from intents.handlers.base import IntentHandler
from intents.handlers.checkin import focus
from intents.handlers.safety import therapy_caution
from intents.handlers.turn import CAUSE, HEARD, Turn, rng

_COUPLES_THERAPY = re.compile(
    r"\b(?:couples?|relationship|marriage) (?:counsell?(?:or|ing)|therap(?:ist|y))", re.IGNORECASE
)


def pick_idea(
    ideas: Sequence[Idea], heard: list[str], cause: str | None, chooser: random.Random
) -> tuple[Idea, list[str], bool]:
    """Choose an unheard idea, preferring ones tagged with `cause`.

    Returns the idea, the new heard list, and whether every idea had been heard
    so the cycle started again. After a reshuffle the idea just heard is not
    chosen first, so nothing repeats back to back.
    """
    heard_set = set(heard)
    unheard = [idea for idea in ideas if idea.id not in heard_set]
    reshuffled = not unheard
    if reshuffled:
        last = heard[-1] if heard else None
        heard = []
        unheard = [idea for idea in ideas if idea.id != last] or list(ideas)
    tagged = [idea for idea in unheard if cause in idea.causes] if cause else []
    idea = chooser.choice(tagged or unheard)
    return idea, heard + [idea.id], reshuffled


def suggests_couples_therapy(text: str) -> bool:
    """Ideas that send a couple to therapy together carry the safety caution."""
    return bool(_COUPLES_THERAPY.search(text))


def tell_idea(turn: Turn, cause: str | None) -> Response:
    """An idea for `cause`; with none asked for, one for the check-in's focus if there is one.

    The focus is never named aloud here: a later session may be heard by
    someone else in the household.
    """
    preferred = cause or focus(turn)
    idea, heard, reshuffled = pick_idea(turn.content.ideas, turn.heard, preferred, rng())
    turn.session[HEARD] = heard
    if cause:
        turn.session[CAUSE] = cause
    else:
        turn.session.pop(CAUSE, None)
    parts = [turn.phrase("reshuffled")] if reshuffled else []
    if cause and cause in idea.causes:
        parts.append(turn.phrase("cause_idea_intro", cause=turn.content.causes[cause].name))
    else:
        parts.append(turn.phrase("idea_intro"))
    parts.append(idea.say)
    if suggests_couples_therapy(idea.say):
        parts += therapy_caution(turn)
    return turn.reply(parts, ask="another_idea", topic={"kind": "idea", "id": idea.id})


class ReconnectionIdeaHandler(IntentHandler):
    """'Give me an idea', optionally for a cause: a missing or unknown cause gives a general idea."""

    intent_names = ("ReconnectionIdeaIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return tell_idea(turn, turn.slot_cause())


class NextIdeaHandler(IntentHandler):
    """'Next' or 'another' outside a reflection: the next idea, same cause as before."""

    intent_names = ("AMAZON.NextIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return tell_idea(turn, turn.session_cause)
