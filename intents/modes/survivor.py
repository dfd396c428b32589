"""Past abuse: someone living with abuse survived as a child, or by a former partner.

They are not in danger from the partner beside them, so the answer is not the
domestic-abuse script and the session is not put in safety mode: a gentle
acknowledgement and, for the locale, a line for adult survivors
(content/data/safety.yaml, `survivor`), with no card and no reprompt. The mode
is active only for the request that tells it (SurvivorSupportIntent, or past
abuse heard in a slot value); the session then goes on as usual. Safety,
checked before it, wins in a session that heard a disclosure.
"""

from __future__ import annotations

from ask_sdk_model import Response

from intents.handlers.mode import Mode
from intents.handlers.safety import DISCLOSED, safety_parts
from intents.handlers.turn import Turn
from intents.modes.registry import SURVIVOR as SURVIVOR_MODE
from skill.screening import SURVIVOR

INTENT = "SurvivorSupportIntent"


def heard(turn: Turn) -> bool:
    """Past abuse told in this request: its intent, or a slot value screening heard."""
    request = turn.input.request_envelope.request
    if getattr(request, "object_type", None) != "IntentRequest":
        return False
    told = turn.input.attributes_manager.request_attributes.get(DISCLOSED) == SURVIVOR
    return told or getattr(getattr(request, "intent", None), "name", None) == INTENT


def answer(turn: Turn) -> Response:
    parts = safety_parts(turn.content.safety_for(turn.locale), "survivor")
    return turn.reply(parts, card=False, quiet=True)


MODE = Mode(SURVIVOR_MODE, every_intent=answer, is_active=heard)
