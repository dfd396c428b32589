"""Short answers about the subject: signs, causes, conversation openers, seeking help.

Every answer remembers its topic so "tell me more" can give the longer form,
and ends on the follow-up question that makes the natural next step.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content import Content
from content.items import Opener, allowed
from intents.handlers.base import IntentHandler
from intents.handlers.followup import FollowUp
from intents.handlers.leave_to_talk import leave_with
from intents.handlers.rotation import pick_unheard
from intents.handlers.safety import caution_for
from intents.handlers.situations import known_situations
from intents.handlers.slots import slot_cause, slot_id
from intents.handlers.state import CAUSE, OPENERS
from intents.handlers.turn import Turn, rng
from skill.ssml import Part, Pause

OPENER_TIMING = "opener_timing_said"  # session only: the timing advice was given this session
OPENER_BEAT_SECONDS = 0.8

# The follow-up question (by name) that ends each kind of answer; its yes is
# declared where the follow-up is (ideas.py, reflection.py, session.py, below).
NEXT_STEP = {
    "idea": "another_idea",
    "cause": "idea_for_cause",
    "causes": "idea",
    "signs": "causes",
    "opener": "another_opener",
    "seek_help": "reflection",
    "encouragement": "anything_else",
}


def passage(content: Content, topic: dict[str, Any]) -> Any:
    """The item a topic refers to (anything with `say` and `more`), or None."""
    kind, item_id = topic.get("kind"), topic.get("id")
    if kind == "idea":
        return content.idea(item_id) if isinstance(item_id, str) else None
    if kind == "opener":
        return content.opener(item_id) if isinstance(item_id, str) else None
    if kind == "cause":
        return content.causes.get(item_id) if isinstance(item_id, str) else None
    if kind == "causes":
        return content.causes_overview
    if kind == "signs":
        return content.signs
    return content.topics.get(kind) if isinstance(kind, str) else None


def explain(turn: Turn, topic: dict[str, Any], long: bool = False) -> Response:
    item = passage(turn.content, topic)
    if long:
        text = item.more
    else:  # some answers have several phrasings, so they are not heard word for word again
        text = turn.vary(topic["kind"], item.say) if isinstance(item.say, tuple) else item.say
    parts: list[Part] = [text, *caution_for(turn, item)]
    return turn.reply(parts, ask=NEXT_STEP[topic["kind"]], topic={**topic, "expanded": long})


def tell_causes(turn: Turn, cause: str | None) -> Response:
    if cause:
        turn.session[CAUSE] = cause
        return explain(turn, {"kind": "cause", "id": cause})
    return explain(turn, {"kind": "causes"})


def tell_signs(turn: Turn) -> Response:
    """Two or three signs, then an offer of the rest: five in one breath is too many."""
    return turn.reply([turn.vary("signs", turn.content.signs.first)], ask=SIGNS_REST,
                      topic={"kind": "signs", "part": "first"})


def tell_signs_rest(turn: Turn) -> Response:
    return turn.reply([turn.vary("signs_rest", turn.content.signs.rest)], ask=NEXT_STEP["signs"],
                      topic={"kind": "signs", "part": "rest"})


def tell_all_causes(turn: Turn) -> Response:
    return tell_causes(turn, None)


SIGNS_REST = FollowUp("signs_rest", yes=tell_signs_rest)
CAUSES = FollowUp("causes", yes=tell_all_causes)


def pick_opener(
    openers: tuple[Opener, ...], heard: list[str], topic: str | None, known: Collection[str] = ()
) -> tuple[Opener, list[str]]:
    """An opener not heard yet, on `topic` when one is given; the new heard list.

    An opener made for a situation comes only when its topic is asked for or
    its situation is known for this couple.
    """
    if topic:
        pool = [opener for opener in openers if opener.topic == topic]
    else:
        pool = [opener for opener in openers if allowed(opener.situations, set(known))]
    in_pool = {opener.id for opener in pool}
    opener, pool_heard, _ = pick_unheard(pool, [i for i in heard if i in in_pool], [], rng())
    return opener, [i for i in heard if i not in in_pool] + pool_heard


def tell_opener(turn: Turn, topic: str | None) -> Response:
    opener, heard = pick_opener(turn.content.openers, turn.state.ids(OPENERS), topic, known_situations(turn))
    turn.session[OPENERS] = heard
    about = {"kind": "opener", "id": opener.id}
    if topic:
        about["topic"] = topic
    parts: list[Part] = []
    # When to say it: once a session, and not again when a later session asks for another (issue 16).
    if not turn.session.get(OPENER_TIMING) and (turn.state.topic or {}).get("kind") != "opener":
        turn.session[OPENER_TIMING] = True
        parts.append(turn.phrase("opener_timing"))
    # A beat between the words to try and the skill's own question, so the two are not heard as one.
    parts += [opener.say, Pause(OPENER_BEAT_SECONDS)]
    # Issue 16: an opener is for the couple to use now; say it, the way back, and end the turn.
    return leave_with(turn, parts, "way_back_opener", about)


def tell_another_opener(turn: Turn) -> Response:
    """Another opener, on the topic asked about before if there was one."""
    topic = (turn.state.topic or {}).get("topic")
    known = isinstance(topic, str) and topic in turn.content.opener_topics
    return tell_opener(turn, topic if known else None)


ANOTHER_OPENER = FollowUp("another_opener", yes=tell_another_opener)


class _TopicHandler(IntentHandler):
    topic = ""

    def handle(self, handler_input: HandlerInput) -> Response:
        return explain(Turn(handler_input, self.content), {"kind": self.topic})


class SignsHandler(IntentHandler):
    def handle(self, handler_input: HandlerInput) -> Response:
        return tell_signs(Turn(handler_input, self.content))


class ConversationStarterHandler(IntentHandler):
    """How to start the talk, on a topic if one is named; without one, openers rotate."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return tell_opener(turn, slot_id(handler_input, "topic", self.content.opener_topics))


class SeekHelpHandler(_TopicHandler):
    topic = "seek_help"


class CausesHandler(IntentHandler):
    """Why distance grows; with a known cause, that cause and an offer of a matching idea."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return tell_causes(turn, slot_cause(handler_input, self.content))
