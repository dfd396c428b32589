"""Turns that leave the couple to talk or to try something, with the microphone closed.

A question for two, an idea to try now, an opener: the suggestion is said,
then the way back once and briefly, and the session ends, so the couple can
talk as long as they like and nothing they say to each other is heard as a
request. The session stays open only for a yes/no question expected at once:
here, the reminder offer after an idea (skill/reminders/offer.py), once a
session. See docs/hands-free.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ask_sdk_model import Response

from intents.handlers.turn import Turn
from skill.reminders.offer import OFFER, offer_instead
from skill.ssml import Part

# The mode of a later session after one of these turns: "another" and "tell me more" mean the
# last question, idea or opener (intents/modes/come_back.py; skill/memory.py enters it).
KEPT_TOPICS = frozenset({"idea", "opener", "question_for_two"})


def leave_with(turn: Turn, parts: Sequence[Part], way_back: str, topic: dict[str, Any] | None = None,
               offer_reminder: bool = False) -> Response:
    """Say `parts`, then the `way_back` phrase (a phrases.yaml category), and end the session.

    With `offer_reminder`, a due reminder offer takes the way back's place and
    keeps the session open for its yes or no.
    """
    if offer_reminder and offer_instead(turn.input, turn.session, "", topic) == OFFER:
        return turn.reply(parts, ask=OFFER, topic=topic)
    return turn.reply([*parts, turn.phrase(way_back)], topic=topic, end=True)

