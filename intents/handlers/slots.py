"""Reading a custom slot from the request, resolved to one of its type's ids."""

from __future__ import annotations

from collections.abc import Collection

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.slu.entityresolution import StatusCode


def spoken(handler_input: HandlerInput, name: str) -> str:
    """What the listener said for slot `name`, lowercased, or "" when the slot is empty."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slot = (getattr(intent, "slots", None) or {}).get(name)
    value = getattr(slot, "value", None)
    return " ".join(value.lower().split()) if isinstance(value, str) else ""


def slot_id(handler_input: HandlerInput, name: str, ids: Collection[str]) -> str | None:
    """The id slot `name` resolved to, if it is one of `ids`; else None (absent or unknown).

    Alexa resolves custom slots to ids; a slot that came without a resolution is
    matched on its spoken words against the ids themselves.
    """
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slot = (getattr(intent, "slots", None) or {}).get(name)
    if slot is None:
        return None
    authorities = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None) or []
    for authority in authorities:
        if authority.status and authority.status.code == StatusCode.ER_SUCCESS_MATCH:
            for match in authority.values or []:
                if match.value and match.value.id in ids:
                    return match.value.id
    said = spoken(handler_input, name).replace(" ", "_")
    return said if said in ids else None
