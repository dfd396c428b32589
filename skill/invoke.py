"""From raw request JSON to response JSON, never crashing on what Alexa sends.

The SDK's own lambda_handler lets deserialization errors escape; new request
types, unknown enum values and numeric timestamps would then fail the whole
request. Here they get a valid empty response and a log line instead.
"""

from __future__ import annotations

import json
import math
import os
from datetime import date, datetime
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import Context, RequestEnvelope
from ask_sdk_model.interfaces.system import SystemState

from skill.logs import clip, logger


class _Serializer(DefaultSerializer):
    """The SDK's serializer, reading Alexa's ISO 8601 timestamps without dateutil.

    The SDK hands every timestamp to dateutil's general-purpose parser, which
    took a third of the time spent reading a request, and importing it a few
    milliseconds of each cold start. Alexa sends ISO 8601, which the standard
    library reads directly; anything else still goes to the SDK's own parser.
    """

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, Any] = {}

    def _DefaultSerializer__deserialize_datetime(self, payload: Any, obj_type: Any) -> Any:  # noqa: N802
        if isinstance(payload, str):
            try:
                parsed = datetime.fromisoformat(payload[:-1] + "+00:00" if payload.endswith("Z") else payload)
            except ValueError:
                parsed = None
            if parsed is not None:
                return parsed.date() if obj_type is date else parsed
        return super()._DefaultSerializer__deserialize_datetime(payload, obj_type)

    def _DefaultSerializer__load_class_from_name(self, class_name: str) -> Any:  # noqa: N802
        """The model class a type name stands for, resolved once per name.

        The SDK imports the class's module by name again for every object it
        reads (sixteen times for an idea request); the answer never changes.
        """
        resolved = self._classes.get(class_name)
        if resolved is None:
            resolved = super()._DefaultSerializer__load_class_from_name(class_name)
            self._classes[class_name] = resolved
        return resolved


_serializer = _Serializer()

SKILL_ID_VARIABLE = "ALEXA_SKILL_ID"


class RequestRejected(ValueError):
    """A request this skill must not answer, such as one for another skill."""


def empty_response() -> dict[str, Any]:
    return {"version": "1.0", "response": {}}


def application_id(event: Any) -> str | None:
    """The skill id a request is addressed to, from its context or its session."""
    if not isinstance(event, dict):
        return None
    for path in (("context", "System", "application"), ("session", "application")):
        node: Any = event
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict) and isinstance(node.get("applicationId"), str):
            return node["applicationId"]
    return None


def check_application_id(event: Any, expected: str | None = None) -> None:
    """Reject a request for another skill when ALEXA_SKILL_ID (or `expected`) is set."""
    expected = expected if expected is not None else os.environ.get(SKILL_ID_VARIABLE)
    if expected and application_id(event) != expected:
        raise RequestRejected("request is for another skill id")


def parse_envelope(event: Any) -> RequestEnvelope | None:
    """The SDK's model of the request, or None when it cannot be understood."""
    try:
        envelope = _serializer.deserialize(json.dumps(event), RequestEnvelope)
    except (SerializationException, TypeError, ValueError, AttributeError, KeyError, RecursionError) as error:
        logger().warning("request could not be read, answering empty: %s", clip(error))
        return None
    if envelope is None or envelope.request is None:
        logger().warning("request has no request object, answering empty")
        return None
    # The SDK reads the API endpoint from context.System, which old simulators left out.
    if envelope.context is None:
        envelope.context = Context(system=SystemState())
    elif envelope.context.system is None:
        envelope.context.system = SystemState()
    return envelope


def _non_finite(value: Any) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def finite_only(value: Any) -> Any:
    """The value without NaN or infinite numbers, which JSON cannot carry back to Alexa."""
    if isinstance(value, dict):
        return {key: finite_only(item) for key, item in value.items() if not _non_finite(item)}
    if isinstance(value, list):
        return [finite_only(item) for item in value if not _non_finite(item)]
    return value


def _drop_non_finite_attributes(event: Any) -> None:
    """Session attributes are echoed back; a NaN there would make the response invalid JSON."""
    session = event.get("session") if isinstance(event, dict) else None
    attributes = session.get("attributes") if isinstance(session, dict) else None
    if isinstance(attributes, dict):
        try:
            session["attributes"] = finite_only(attributes)
        except RecursionError:
            logger().warning("session attributes nested too deeply; answering without them")
            session["attributes"] = {}


def answer(skill: CustomSkill, event: Any, context: Any = None) -> dict[str, Any]:
    """The response JSON for one request event."""
    check_application_id(event)
    _drop_non_finite_attributes(event)
    envelope = parse_envelope(event)
    if envelope is None:
        return empty_response()
    return to_json(skill.invoke(request_envelope=envelope, context=context))


def to_json(response: Any) -> dict[str, Any]:
    """The response envelope as JSON values.

    Session attributes are plain JSON values already (they came as JSON, and
    handlers store only strings, numbers, lists and dicts), so they are passed
    through rather than walked value by value by the SDK's model serializer,
    which for a returning listener's lists of ids doubled the cost of this step.
    """
    attributes = response.session_attributes
    response.session_attributes = None
    try:
        serialized = _serializer.serialize(response)
    finally:
        response.session_attributes = attributes
    if attributes is not None:
        serialized["sessionAttributes"] = attributes
    return serialized
