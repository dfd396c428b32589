"""ReminderIntent, the yes to a reminder offer, and the answer to Alexa's permission question.

The wish (day, time, weekday as slot values) waits in the session while the
skill asks for a time or for permission, and also travels in the AskFor
token, so the reminder asked for is the one set once permission is granted.

The reminder service, its models and the Connections models are imported on
the first reminder turn, so other turns' cold starts do not pay for them.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from content import Content
from intents.handlers.base import IntentHandler
from intents.handlers.followup import FollowUp
from intents.handlers.shared import ANYTHING_ELSE
from intents.handlers.state import PENDING
from intents.handlers.turn import Turn
from skill.reminders.offer import OFFER
from skill.screening import in_safety_mode
from skill.ssml import to_ssml

if TYPE_CHECKING:
    from skill.reminders.when import Wish

WISH = "reminder_wish"  # session attribute: the reminder waiting for a time or for permission
DEFAULT_TIME = "EV"  # a second answer without a time means the evening


def slot_wish(handler_input: HandlerInput) -> Wish:
    from skill.reminders.when import Wish

    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slots = getattr(intent, "slots", None) or {}

    def value(name: str) -> str | None:
        slot = slots.get(name)
        return slot.value if slot is not None and slot.value else None

    return Wish(date=value("date"), time=value("time"), weekday=value("weekday"))


def set_reminder(turn: Turn, wish: Wish, time_asked: bool = False) -> Response:
    """Ask once for a missing time, then for permission if needed, then set it.

    `time_asked`: this is the answer to "what time suits you?", so a time still
    missing means the evening rather than asking again.
    """
    from skill.reminders import service
    from skill.reminders.when import NotUnderstood, parse_time
    if in_safety_mode(turn.input):
        return decline_quietly(turn)
    try:
        at = parse_time(wish.time)
    except NotUnderstood:
        at = None
    if at is None:
        if not time_asked:
            turn.session[WISH] = wish.as_json()
            return turn.reply([], ask=ASK_TIME)
        wish = wish.with_time(DEFAULT_TIME)
    if not service.has_consent(turn.input):
        return ask_permission(turn, wish)
    return create_reminder(turn, wish)


def decline_quietly(turn: Turn) -> Response:
    """A session that heard a disclosure: nothing scheduled, asked for, or put on a card."""
    turn.session.pop(WISH, None)
    turn.session.pop(PENDING, None)
    question = turn.question("anything_else")
    builder = turn.input.response_builder
    return builder.speak(to_ssml([turn.phrase("no_thanks"), question])).ask(to_ssml([question])).response


def create_reminder(turn: Turn, wish: Wish) -> Response:
    from skill.reminders import service
    from skill.reminders.when import NotUnderstood, parse_time, schedule, spoken

    turn.session.pop(WISH, None)
    try:
        place = service.local_place(turn.input)
        plan = schedule(wish, parse_time(wish.time or DEFAULT_TIME), place.now)
        service.create(turn.input, service.reminder_request(plan, place, turn.locale or "en-US"))
    except NotUnderstood:
        return turn.reply([turn.phrase("reminder_unclear")], ask=ANYTHING_ELSE)
    except service.ServiceFailed:
        return turn.reply([turn.phrase("reminder_trouble")], ask=ANYTHING_ELSE)
    parts = [turn.phrase("reminder_moved")] if plan.moved else []
    parts.append(turn.phrase("reminder_set", when=spoken(plan, place.now)))
    return turn.reply(parts, ask=ANYTHING_ELSE)


def ask_permission(turn: Turn, wish: Wish) -> Response:
    """Alexa asks for the reminders permission by voice, as Amazon documents for reminders."""
    from ask_sdk_model.interfaces.connections import SendRequestDirective

    from skill.reminders.service import PERMISSION_SCOPE

    turn.session[WISH] = wish.as_json()
    turn.session.pop(PENDING, None)
    builder = turn.input.response_builder
    builder.speak(to_ssml([turn.phrase("reminder_consent")]))
    builder.add_directive(SendRequestDirective(
        name="AskFor",
        payload={
            "@type": "AskForPermissionsConsentRequest",
            "@version": "2",
            "permissionScopes": [{"permissionScope": PERMISSION_SCOPE, "consentLevel": "ACCOUNT"}],
        },
        token=json.dumps(wish.as_json(), separators=(",", ":")),
    ))
    return builder.response


def consent_card(turn: Turn) -> Response:
    """Where a device cannot ask by voice: a card in the Alexa app to allow reminders."""
    from ask_sdk_model.ui import AskForPermissionsConsentCard

    from skill.reminders.service import PERMISSION_SCOPE

    turn.session.pop(WISH, None)
    response = turn.reply([turn.phrase("reminder_card")], ask=ANYTHING_ELSE)
    response.card = AskForPermissionsConsentCard(permissions=[PERMISSION_SCOPE])
    return response


def remind_tomorrow(turn: Turn) -> Response:
    """Yes to the reminder offer: tomorrow evening."""
    from skill.reminders import service
    from skill.reminders.when import Wish

    try:
        tomorrow = service.local_place(turn.input).now.date() + timedelta(days=1)
    except service.ServiceFailed:
        return turn.reply([turn.phrase("reminder_trouble")], ask=ANYTHING_ELSE)
    return set_reminder(turn, Wish(date=tomorrow.isoformat(), time=DEFAULT_TIME))


def remind_in_the_evening(turn: Turn) -> Response:
    """Yes to 'what time suits you both?': the evening of the day already asked for."""
    from skill.reminders.when import Wish

    return set_reminder(turn, Wish.from_json(turn.session.get(WISH)) or Wish(), time_asked=True)


def remind_at_time_given(turn: Turn) -> Response:
    """The answer to 'what time?': the time now given, on the day already asked for."""
    from skill.reminders.when import Wish

    wish = slot_wish(turn.input)
    waiting = Wish.from_json(turn.session.get(WISH))
    if waiting is not None:
        wish = Wish(wish.date or waiting.date, wish.time, wish.weekday or waiting.weekday)
    return set_reminder(turn, wish, time_asked=True)


# The reminder offer (skill/reminders/offer.py asks it by this name), and the question for a time.
REMINDER_OFFER = FollowUp(OFFER, yes=remind_tomorrow)
ASK_TIME = FollowUp("reminder_time", yes=remind_in_the_evening,
                    others={"ReminderIntent": remind_at_time_given})


class ReminderHandler(IntentHandler):
    """'Remind us to try this on Friday', 'remind me every Sunday'."""

    def handle(self, handler_input: HandlerInput) -> Response:
        return set_reminder(Turn(handler_input, self.content), slot_wish(handler_input))


class PermissionResponseHandler(AbstractRequestHandler):
    """Alexa's answer to the AskFor request: accepted, denied, or not answered."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._matches = is_request_type("Connections.Response")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        return self._matches(handler_input) and getattr(request, "name", None) == "AskFor"

    def handle(self, handler_input: HandlerInput) -> Response:
        from skill.reminders.when import Wish

        request = handler_input.request_envelope.request
        turn = Turn(handler_input, self.content)
        if in_safety_mode(handler_input):
            return decline_quietly(turn)
        code = str(getattr(request.status, "code", "") or "")
        if code != "200":  # the device could not ask by voice
            return consent_card(turn)
        wish = _token_wish(request.token) or Wish.from_json(turn.session.get(WISH))
        if _permission_status(request.payload) == "ACCEPTED" and wish is not None:
            return create_reminder(turn, wish)
        turn.session.pop(WISH, None)
        return turn.reply([turn.phrase("reminder_denied")], ask=ANYTHING_ELSE)


def _token_wish(token: Any) -> Wish | None:
    from skill.reminders.when import Wish

    if not isinstance(token, str) or not token:
        return None
    try:
        return Wish.from_json(json.loads(token))
    except ValueError:
        return None


def _permission_status(payload: Any) -> str | None:
    """The status, in either shape Amazon documents (version 1 flat, version 2 per scope)."""
    if not isinstance(payload, dict):
        return None
    if isinstance(payload.get("status"), str):
        return payload["status"]
    for scope in payload.get("permissionScopes") or []:
        if isinstance(scope, dict) and isinstance(scope.get("status"), str):
            return scope["status"]
    return None
