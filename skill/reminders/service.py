"""Talking to the Alexa Reminders and Settings APIs through the SDK's service clients.

What a reminder says aloud is fixed and discreet: a speaker is shared by a
household, so it never carries an idea, a question or anything about sex or
conflict. Failures are reported by status only, never with what was asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ask_sdk_core.exceptions import ApiClientException, SerializationException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.services import ServiceException
from ask_sdk_model.services.reminder_management import (
    AlertInfo,
    PushNotification,
    PushNotificationStatus,
    Recurrence,
    ReminderRequest,
    SpokenInfo,
    SpokenText,
    Trigger,
    TriggerType,
)

from skill.api_client import last_status
from skill.logs import logger
from skill.reminders.when import Schedule, rrule

REMINDER_TEXT = "A moment for the two of you, from Closer Again"
PERMISSION_SCOPE = "alexa::alerts:reminders:skill:readwrite"


class ServiceFailed(RuntimeError):
    """An Alexa API call failed; `status` is the HTTP status, or 0 for a time-out or no connection."""

    def __init__(self, status: int) -> None:
        super().__init__(f"Alexa API call failed with status {status}")
        self.status = status


@dataclass(frozen=True)
class Place:
    """Where and when the listener is: the device's time zone and the local time there."""

    time_zone: str
    now: datetime  # naive local wall-clock time


def has_consent(handler_input: HandlerInput) -> bool:
    """Whether the user granted reminders: Alexa then sends a consent token with every request."""
    user = getattr(handler_input.request_envelope.context.system, "user", None)
    permissions = getattr(user, "permissions", None)
    return bool(getattr(permissions, "consent_token", None))


def _call(what: str, call: Any) -> Any:
    try:
        return call()
    except ServiceException:
        # The SDK reports a time-out or refused connection as a 500 of its own;
        # the client saw no HTTP status at all then.
        status = last_status()
        if status:
            logger().warning("%s failed: status %s", what, status)
        else:
            logger().warning("%s failed: status none (time-out or no connection)", what)
        raise ServiceFailed(status) from None
    except (ApiClientException, SerializationException, ValueError) as error:
        # Time-outs and refused connections arrive as ApiClientException, and an
        # error body the SDK cannot read as SerializationException.
        status = last_status()
        logger().warning("%s failed: status %s (%s)", what, status or "none", type(error).__name__)
        raise ServiceFailed(status) from None


def local_place(handler_input: HandlerInput, utc_now: datetime | None = None) -> Place:
    """The device's time zone from the Settings API, and the local time in it."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # only reminder turns need the tz database

    device = handler_input.request_envelope.context.system.device
    factory = handler_input.service_client_factory
    if factory is None or device is None or not device.device_id:
        raise ServiceFailed(0)
    name = _call("time zone", lambda: factory.get_ups_service().get_system_time_zone(device.device_id))
    try:
        zone = ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        logger().warning("time zone failed: unknown zone")
        raise ServiceFailed(0) from None
    utc_now = utc_now or datetime.now(timezone.utc)
    return Place(str(name), utc_now.astimezone(zone).replace(tzinfo=None, microsecond=0))


def reminder_request(plan: Schedule, place: Place, locale: str) -> ReminderRequest:
    """The Reminders API request for `plan`: its spoken text is always REMINDER_TEXT."""
    recurrence = None
    scheduled = plan.at
    if plan.weekly:
        recurrence = Recurrence(start_date_time=plan.at, recurrence_rules=[rrule(plan)])
        scheduled = None  # a repeating reminder starts at recurrence.startDateTime
    return ReminderRequest(
        request_time=place.now,
        trigger=Trigger(object_type=TriggerType.SCHEDULED_ABSOLUTE, scheduled_time=scheduled,
                        time_zone_id=place.time_zone, recurrence=recurrence),
        alert_info=AlertInfo(spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=REMINDER_TEXT)])),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )


def create(handler_input: HandlerInput, request: ReminderRequest) -> None:
    factory = handler_input.service_client_factory
    if factory is None:
        raise ServiceFailed(0)
    _call("reminder", lambda: factory.get_reminder_management_service().create_reminder(request))
