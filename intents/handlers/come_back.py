"""A later session after a turn that left the couple to it: what "another" and "more" mean.

A question for two, an idea or an opener ends its session (leave_to_talk.py);
skill/memory.py keeps which one it was and puts the next session in the
come-back mode (intents/modes/come_back.py), whose answers are here.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_model import Response

from content.items import DEPTHS
from intents.handlers.ideas import tell_another
from intents.handlers.leave_to_talk import KEPT_TOPICS
from intents.handlers.questions import tell_question
from intents.handlers.state import current_depth
from intents.handlers.topics import explain, tell_another_opener
from intents.handlers.turn import Turn


def last_left(turn: Turn) -> dict[str, Any] | None:
    """The question, idea or opener an earlier session ended on, if sound."""
    topic = turn.state.topic
    return topic if topic and topic["kind"] in KEPT_TOPICS and isinstance(topic.get("id"), str) else None


def another_of_the_last(turn: Turn) -> Response:
    """'Alexa, ask Closer Again for another': another of what was left with the couple last."""
    kind = (last_left(turn) or {}).get("kind")
    if kind == "question_for_two":
        return tell_question(turn, current_depth(turn.session) or DEPTHS[0])
    if kind == "opener":
        return tell_another_opener(turn)
    return tell_another(turn)


def more_on_the_last(turn: Turn) -> Response:
    """'Tell me more' later: the longer form of that idea or opener; for a question, another one."""
    topic = last_left(turn)
    if topic is None or topic["kind"] == "question_for_two":
        return another_of_the_last(turn)
    return explain(turn, topic, long=True)


def active(turn: Turn) -> bool:
    return last_left(turn) is not None
