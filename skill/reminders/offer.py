"""Offering a reminder once per session, after an answer worth coming back to.

Any handler gets the offer by ending its answer with a follow-up question and a
topic whose kind is in OFFER_AFTER: the reminder question then takes the place
of its usual one, once per session, on devices that can take reminders.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from skill.screening import in_safety_mode

OFFER_AFTER = frozenset({"idea", "question_for_two", "check_in"})
OFFERED = "reminder_offered"  # session attribute: the offer was made this session
OFFER = "reminder"  # the follow-up kind whose "yes" sets a reminder for tomorrow evening


def offer_instead(handler_input: HandlerInput, session: dict[str, Any], ask: str | None,
                  topic: dict[str, Any] | None) -> str | None:
    """The follow-up to ask: the reminder offer when it is due, otherwise `ask` unchanged."""
    if ask is None or not isinstance(topic, dict) or topic.get("kind") not in OFFER_AFTER:
        return ask
    if session.get(OFFERED) or in_safety_mode(handler_input):
        return ask
    # Alexa sends an API token to every skill that can call its APIs; without
    # one (a test console, an old simulator) a reminder could not be set.
    if not getattr(handler_input.request_envelope.context.system, "api_access_token", None):
        return ask
    session[OFFERED] = True
    return OFFER
