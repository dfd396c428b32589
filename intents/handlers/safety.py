"""Disclosures of abuse, fear or coercion: calm safety information, never tips.

This handler is registered first, so nothing else can answer a disclosure, and
it offers only to repeat the information: no idea, no reflection, in that turn.
"""

from __future__ import annotations

import re

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content.loader import SafetyMessage
from intents.handlers.base import IntentHandler
from intents.handlers.turn import Turn
from skill.ssml import Part, SayAs

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def safety_parts(message: SafetyMessage) -> list[Part]:
    """The message with each {number} read as digits or as a telephone number."""
    parts: list[Part] = []
    for index, piece in enumerate(_PLACEHOLDER.split(message.say)):
        if index % 2 == 0:
            if piece.strip():
                parts.append(piece.strip())
        else:
            number = message.numbers[piece]
            parts.append(SayAs(number.value, number.read_as))
    return parts


def tell_safety(turn: Turn) -> Response:
    parts = safety_parts(turn.content.safety_for(turn.locale))
    return turn.reply(parts, ask="safety_repeat")


class SafetyHandler(IntentHandler):
    intent_names = ("SafetyIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        return tell_safety(Turn(handler_input, self.content))
