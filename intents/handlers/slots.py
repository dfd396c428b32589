"""Reading a custom slot from the request, resolved to one of its type's ids."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.slu.entityresolution import StatusCode

from content import Content


def spoken(handler_input: HandlerInput, name: str) -> str:
    """What the listener said for slot `name`, lowercased, or "" when the slot is empty."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slot = (getattr(intent, "slots", None) or {}).get(name)
    value = getattr(slot, "value", None)
    return " ".join(value.lower().split()) if isinstance(value, str) else ""


def slot_id(handler_input: HandlerInput, name: str, known: Mapping[str, str] | Collection[str]) -> str | None:
    """The id of slot `name` when it resolved to one of `known`, else None (absent or unknown).

    `known` maps ids to spoken names (or is just the ids). Alexa resolves
    custom slots to ids; a slot that came without a resolution still counts
    when its words are an id (spaces for underscores) or a name.
    """
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slot = (getattr(intent, "slots", None) or {}).get(name)
    if slot is None:
        return None
    authorities = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None) or []
    for authority in authorities:
        if authority.status and authority.status.code == StatusCode.ER_SUCCESS_MATCH:
            for match in authority.values or []:
                if match.value and match.value.id in known:
                    return match.value.id
    said = spoken(handler_input, name)
    if not said:
        return None
    if said.replace(" ", "_") in known:
        return said.replace(" ", "_")
    names = known if isinstance(known, Mapping) else {}
    for value_id in known:
        if said in (value_id, str(names.get(value_id, "")).lower()):
            return value_id
    return None


def slot_cause(handler_input: HandlerInput, content: Content) -> str | None:
    """The cause id from the request's `cause` slot, or None when absent or unknown."""
    return slot_id(handler_input, "cause", {c.id: c.name for c in content.causes.values()})
