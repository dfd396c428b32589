"""Short answers about the subject: signs, causes, starting the talk, seeking help.

Every answer remembers its topic so "tell me more" can give the longer form,
and ends on the follow-up question that makes the natural next step.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content import Content
from intents.handlers.base import IntentHandler
from intents.handlers.safety import therapy_caution
from intents.handlers.turn import CAUSE, Turn
from skill.ssml import Part

# What a "yes" leads to after each kind of answer.
NEXT_STEP = {
    "idea": "another_idea",
    "cause": "idea_for_cause",
    "causes": "idea",
    "signs": "causes",
    "conversation_starter": "idea",
    "seek_help": "reflection",
    "encouragement": "anything_else",
}


def passage(content: Content, topic: dict[str, Any]) -> Any:
    """The item a topic refers to (anything with `say` and `more`), or None."""
    kind, item_id = topic.get("kind"), topic.get("id")
    if kind == "idea":
        return content.idea(item_id) if isinstance(item_id, str) else None
    if kind == "cause":
        return content.causes.get(item_id) if isinstance(item_id, str) else None
    if kind == "causes":
        return content.causes_overview
    return content.topics.get(kind) if isinstance(kind, str) else None


def explain(turn: Turn, topic: dict[str, Any], long: bool = False) -> Response:
    item = passage(turn.content, topic)
    parts: list[Part] = [item.more if long else item.say]
    if topic["kind"] == "seek_help" and not long:
        parts += therapy_caution(turn)
    return turn.reply(parts, ask=NEXT_STEP[topic["kind"]], topic={**topic, "expanded": long})


def tell_causes(turn: Turn, cause: str | None) -> Response:
    if cause:
        turn.session[CAUSE] = cause
        return explain(turn, {"kind": "cause", "id": cause})
    return explain(turn, {"kind": "causes"})


class _TopicHandler(IntentHandler):
    topic = ""

    def handle(self, handler_input: HandlerInput) -> Response:
        return explain(Turn(handler_input, self.content), {"kind": self.topic})


class SignsHandler(_TopicHandler):
    intent_names = ("SignsIntent",)
    topic = "signs"


class ConversationStarterHandler(_TopicHandler):
    intent_names = ("ConversationStarterIntent",)
    topic = "conversation_starter"


class SeekHelpHandler(_TopicHandler):
    intent_names = ("SeekHelpIntent",)
    topic = "seek_help"


class CausesHandler(_TopicHandler):
    """Why distance grows; with a known cause, that cause and an offer of a matching idea."""

    intent_names = ("CausesIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        return tell_causes(turn, turn.slot_cause())
