"""Whether this session has heard a disclosure: then nothing is stored, offered, scheduled or shown."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.screening import SAFETY_ATTRIBUTE as SAFETY  # "abuse" or "crisis" once a disclosure is heard


def in_safety_mode(handler_input: HandlerInput) -> bool:
    return bool(handler_input.attributes_manager.session_attributes.get(SAFETY))
