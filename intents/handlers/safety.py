"""Disclosures of abuse, fear or coercion, and thoughts of suicide or self-harm.

Once a session has heard one, it is in safety mode until it ends: every later
request of that session is answered here, first, with the safety information
for the listener's locale. Nothing else is offered, no card is shown (a
partner who controls the account can read the Alexa app), and the memory
interceptor stores nothing (skill/memory.py).

Whoever hurts the listener may be in the room, or walk in. So the first abuse
answer names no service; Stop, Cancel or "never mind" after it ends the
session with one neutral word; and no safety answer sets a reprompt, so
silence closes the session quietly instead of asking again into the room.
"""

from __future__ import annotations

import re

from ask_sdk_core.dispatch_components import AbstractRequestHandler, AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from content import Content
from content.items import COUPLES_THERAPIST, SafetyInfo
from intents.handlers.state import SAFETY
from intents.handlers.turn import Turn
from skill.screening import ABUSE, CRISIS, Kind, screen_request
from skill.ssml import Part, SayAs

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
DISCLOSED = "disclosed"  # request attribute: what screening heard in this request's slot values
INTENT_KINDS: dict[str, Kind] = {"CrisisIntent": CRISIS, "SafetyIntent": ABUSE}
ENDING_INTENTS = frozenset({
    "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.PauseIntent", "AMAZON.NoIntent",
})
# "Tell me more", "who is that", "what was that number": the fuller list, each service named.
MORE_INTENTS = frozenset({
    "AMAZON.MoreIntent", "AMAZON.RepeatIntent", "AMAZON.YesIntent", "AMAZON.HelpIntent",
    "AMAZON.FallbackIntent",
})
SAFETY_KINDS = (CRISIS, ABUSE)  # what puts a session in safety mode; a survivor's past does not


def safety_parts(info: SafetyInfo, message: str) -> list[Part]:
    """One message with each {number} read as Alexa should read it."""
    parts: list[Part] = []
    for index, piece in enumerate(_PLACEHOLDER.split(info.messages[message])):
        if index % 2 == 0:
            if piece.strip():
                parts.append(piece.strip())
            continue
        number = info.numbers[piece]
        parts.append(number.spoken or SayAs(number.value, number.read_as))
    return parts


def first_answer(info: SafetyInfo, kind: Kind) -> list[Part]:
    """What is said when a disclosure is first heard: for a crisis, the numbers once more after it."""
    if kind == CRISIS:
        return safety_parts(info, "crisis") + safety_parts(info, "crisis_again")
    return safety_parts(info, "abuse")


def therapy_caution(turn: Turn) -> list[Part]:
    """Couples therapy is not the first step for someone afraid of their partner."""
    return safety_parts(turn.content.safety_for(turn.locale), "therapy_caution")


def caution_for(turn: Turn, item: object) -> list[Part]:
    """The therapy caution after an item whose `refers` tag sends the couple to a couples therapist."""
    return therapy_caution(turn) if COUPLES_THERAPIST in getattr(item, "refers", ()) else []


def speak_safety(turn: Turn, kind: Kind, parts: list[Part], end: bool = False) -> Response:
    """No card, no reprompt, no question: the microphone stays open for "tell me more"
    or "stop", and silence ends the session without another word."""
    turn.session[SAFETY] = kind
    return turn.reply(parts, end=end, card=False, quiet=True)


class DisclosureScreeningInterceptor(AbstractRequestInterceptor):
    """Screens every slot value before any handler answers.

    Alexa may hear "he hits me" as the value of a slot in another intent; the
    intent alone would then answer with a tip.
    """

    def __init__(self, content: Content) -> None:
        self.screening = content.screening

    def process(self, handler_input: HandlerInput) -> None:
        request = handler_input.request_envelope.request
        if getattr(request, "object_type", None) != "IntentRequest":
            return
        kind = screen_request(request, self.screening)
        if kind:
            handler_input.attributes_manager.request_attributes[DISCLOSED] = kind


class SafetyHandler(AbstractRequestHandler):
    """Registered first: disclosures, and every turn of a session in safety mode."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._is_intent = is_request_type("IntentRequest")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not self._is_intent(handler_input):
            return False
        return bool(_intent_kind(handler_input) or _disclosed(handler_input) or _session_kind(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        info = self.content.safety_for(turn.locale)
        heard = _intent_kind(handler_input) or _disclosed(handler_input)
        if heard:
            return speak_safety(turn, heard, first_answer(info, heard))
        kind = _session_kind(handler_input) or ABUSE
        name = handler_input.request_envelope.request.intent.name
        if name in ENDING_INTENTS:
            # Abuse: a quick exit, as a safety website's button; crisis: the line once more.
            goodbye = "quick_exit" if kind == ABUSE else "crisis_goodbye"
            return speak_safety(turn, kind, safety_parts(info, goodbye), end=True)
        if name in MORE_INTENTS:
            return speak_safety(turn, kind, safety_parts(info, f"{kind}_more"))
        # Next, or a request for an idea: the safety information again, never a tip.
        return speak_safety(turn, kind, first_answer(info, kind))


def _intent_kind(handler_input: HandlerInput) -> Kind | None:
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    return INTENT_KINDS.get(getattr(intent, "name", None) or "")


def _disclosed(handler_input: HandlerInput) -> Kind | None:
    heard = handler_input.attributes_manager.request_attributes.get(DISCLOSED)
    return heard if heard in SAFETY_KINDS else None


def _session_kind(handler_input: HandlerInput) -> Kind | None:
    value = handler_input.attributes_manager.session_attributes.get(SAFETY)
    if value in SAFETY_KINDS:
        return value
    # Any other value still means safety mode: leaving it would be the riskier mistake.
    return ABUSE if value else None
