"""The request's date, as Alexa stamped it."""

from __future__ import annotations

from datetime import date, datetime, timezone

from ask_sdk_core.handler_input import HandlerInput


def today(handler_input: HandlerInput) -> date:
    """The request's date (UTC), as Alexa stamped it."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    if isinstance(stamp, datetime):
        return (stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).date()
    return datetime.now(timezone.utc).date()
