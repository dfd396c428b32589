"""Favourites: 'save this one' keeps the last idea, question, opener, reflection or
programme step heard (by id, in this session or the next); 'play one of our
favourites' brings one back; 'remove that from favourites' takes it out.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content.keeping import ITEM_KINDS, load_keeping
from intents.handlers.base import IntentHandler
from intents.handlers.followup import FollowUp
from intents.handlers.ideas import OPEN_QUESTION
from intents.handlers.mode import OPEN
from intents.handlers.programmes import programmes
from intents.handlers.reflection import INTRO_PAUSE_SECONDS, speak_step
from intents.handlers.safety import caution_for
from intents.handlers.slots import slot_id
from intents.handlers.state import QUESTION, REFLECTIONS
from intents.handlers.turn import Turn, rng
from intents.kept import FAVOURITES, LAST_ITEM, PLAYING_KIND, clean
from skill.ssml import Part, Pause


def say(turn: Turn, key: str, **fields: str) -> str:
    text = turn.choose(f"favourites.{key}", load_keeping().lines[f"favourites.{key}"])
    return text.format(**fields) if fields else text


def kind_name(kind: str, several: bool = False) -> str:
    return load_keeping().kinds[kind][1 if several else 0]


def _carry_on(turn: Turn, parts: list[Part]) -> Response:
    """Answer, then ask again what was asked before, in the same mode, so "another" still means the same."""
    asked = turn.state.follow_up
    ask = asked if asked is not None and asked.name in turn.content.followups and asked.name != "forget" \
        else OPEN_QUESTION
    mode = turn.state.mode
    return turn.reply(parts, ask=ask, topic=turn.state.topic, mode=None if mode == OPEN else mode,
                      keep_mode=True)


def save(turn: Turn) -> Response:
    item = clean(LAST_ITEM, turn.session.get(LAST_ITEM))
    if item is None:
        return _carry_on(turn, [say(turn, "nothing_to_save")])
    kept = clean(FAVOURITES, turn.session.get(FAVOURITES))
    if item in kept:
        return _carry_on(turn, [say(turn, "already", kind=kind_name(item["kind"]))])
    turn.session[FAVOURITES] = [*kept, item]
    return _carry_on(turn, [say(turn, "saved", kind=kind_name(item["kind"]))])


def remove(turn: Turn) -> Response:
    item = clean(LAST_ITEM, turn.session.get(LAST_ITEM))
    kept = clean(FAVOURITES, turn.session.get(FAVOURITES))
    if item is None or item not in kept:
        return _carry_on(turn, [say(turn, "not_saved")])
    turn.session[FAVOURITES] = [entry for entry in kept if entry != item]
    return _carry_on(turn, [say(turn, "removed", kind=kind_name(item["kind"]))])


def _speakable(turn: Turn, item: dict[str, str]) -> bool:
    """A favourite whose item is still in the content (an editor may have removed it)."""
    return _find(turn, item) is not None


def _find(turn: Turn, item: dict[str, str]) -> Any:
    kind, item_id = item["kind"], item["id"]
    if kind == "idea":
        return turn.content.idea(item_id)
    if kind == "opener":
        return turn.content.opener(item_id)
    if kind == "reflection":
        return turn.content.reflections.get(item_id)
    if kind == "question":
        return next(((depth, q) for depth, qs in turn.content.questions.by_depth.items() for q in qs
                     if q.id == item_id), None)
    found = programmes(turn.content).step(item_id)
    return found[0].steps[found[1]] if found else None


def play(turn: Turn, kind: str | None) -> Response:
    kept = [item for item in clean(FAVOURITES, turn.session.get(FAVOURITES)) if _speakable(turn, item)]
    if not kept:
        return turn.reply([say(turn, "none_yet")], ask=OPEN_QUESTION)
    lead = say(turn, "lead")
    pool = [item for item in kept if kind is None or item["kind"] == kind]
    if not pool:
        lead, pool = say(turn, "none_of_kind", kinds=kind_name(kind, several=True)), kept
    last = clean(LAST_ITEM, turn.session.get(LAST_ITEM))
    item = rng().choice([i for i in pool if i != last] or pool)
    turn.session[LAST_ITEM] = item
    if kind:
        turn.session[PLAYING_KIND] = kind
    else:
        turn.session.pop(PLAYING_KIND, None)
    found = _find(turn, item)
    another = say(turn, "another")
    if item["kind"] == "reflection":
        done = [i for i in turn.state.ids(REFLECTIONS) if i != found.id]
        turn.session[REFLECTIONS] = [*done, found.id]
        return speak_step(turn, found, 0, [lead, found.intro, Pause(INTRO_PAUSE_SECONDS)])
    topic = None
    if item["kind"] == "question":
        depth, question = found
        turn.session[QUESTION] = {"depth": depth, "id": question.id}
        text = question.ask
    else:
        text = found.say
        if item["kind"] in ("idea", "opener"):
            topic = {"kind": item["kind"], "id": item["id"]}
    parts: list[Part] = [lead, text, *caution_for(turn, found)]
    return turn.reply([*parts, another], pending=PLAY_NEXT, reprompt=[another], topic=topic)


def play_again(turn: Turn) -> Response:
    """Yes or next after 'would you like another favourite?': another, of the kind asked for."""
    kind = turn.session.get(PLAYING_KIND)
    return play(turn, kind if kind in ITEM_KINDS else None)


PLAY_NEXT = FollowUp("favourite_next", yes=play_again, others={"AMAZON.NextIntent": play_again})


class SaveFavouriteHandler(IntentHandler):
    def handle(self, handler_input: HandlerInput) -> Response:
        return save(Turn(handler_input, self.content))


class RemoveFavouriteHandler(IntentHandler):
    def handle(self, handler_input: HandlerInput) -> Response:
        return remove(Turn(handler_input, self.content))


class PlayFavouriteHandler(IntentHandler):
    """'Play one of our favourites', or of a kind: 'our favourite questions'."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return play(turn, slot_id(handler_input, "kind", ITEM_KINDS))
