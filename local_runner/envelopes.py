"""Builds request envelopes shaped exactly like the ones Alexa sends.

A `Session` plays Alexa's part across turns: it numbers requests, marks the
first one `new`, carries `sessionAttributes` from each response into the next
request, and starts a fresh session once the skill ends one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from local_runner.alexa_api import SimulatedAlexaApi

DEFAULT_SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-closeragain0"
LOCAL_USER_ID = "amzn1.ask.account.LOCALRUNNER"
DEFAULT_DEVICE_ID = "amzn1.ask.device.LOCALRUNNER"
# What an Echo Show 8 advertises: the APL interface and one APL viewport.
APL_INTERFACE = {"runtime": {"maxVersion": "2024.1"}}
SCREEN_VIEWPORT = {"shape": "RECTANGLE", "pixelWidth": 1280, "pixelHeight": 800, "dpi": 160,
                   "currentPixelWidth": 1280, "currentPixelHeight": 800, "touch": ["SINGLE"],
                   "experiences": [{"arcMinuteWidth": 346, "arcMinuteHeight": 216,
                                    "canRotate": False, "canResize": False}]}
SCREEN_VIEWPORTS = [{"type": "APL", "id": "main", "shape": "RECTANGLE", "dpi": 160,
                     "presentationType": "STANDARD", "canRotate": False,
                     "configuration": {"current": {"mode": "HUB", "size": {
                         "type": "DISCRETE", "pixelWidth": 1280, "pixelHeight": 800}}}}]


@dataclass(frozen=True)
class SlotValue:
    """A filled slot: what was heard, and the slot-type value it resolved to (if any)."""

    value: str
    slot_type: str
    resolved_id: str | None = None
    resolved_name: str | None = None


# The skill events `/events` sends, by the word typed after it.
SKILL_EVENTS = {
    "enable": "AlexaSkillEvent.SkillEnabled",
    "disable": "AlexaSkillEvent.SkillDisabled",
    "permission-accepted": "AlexaSkillEvent.SkillPermissionAccepted",
    "permission-changed": "AlexaSkillEvent.SkillPermissionChanged",
}


def _timestamp(days_ahead: int = 0) -> str:
    moment = datetime.now(timezone.utc) + timedelta(days=days_ahead)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _request_id() -> str:
    return f"amzn1.echo-api.request.{uuid.uuid4()}"


def slot_json(name: str, slot: SlotValue | None, skill_id: str) -> dict[str, Any]:
    if slot is None:
        return {"name": name, "confirmationStatus": "NONE"}
    if slot.slot_type.startswith("AMAZON."):  # built-in types carry their value, no resolutions
        return {"name": name, "value": slot.value, "confirmationStatus": "NONE", "source": "USER"}
    authority = f"amzn1.er-authority.echo-sdk.{skill_id}.{slot.slot_type}"
    if slot.resolved_id is not None:
        resolution = {
            "authority": authority,
            "status": {"code": "ER_SUCCESS_MATCH"},
            "values": [{"value": {"name": slot.resolved_name or slot.value, "id": slot.resolved_id}}],
        }
    else:
        resolution = {"authority": authority, "status": {"code": "ER_SUCCESS_NO_MATCH"}}
    return {
        "name": name,
        "value": slot.value,
        "confirmationStatus": "NONE",
        "source": "USER",
        "resolutions": {"resolutionsPerAuthority": [resolution]},
    }


class Session:
    def __init__(
        self,
        locale: str = "en-US",
        skill_id: str = DEFAULT_SKILL_ID,
        user_id: str | None = None,
        api: SimulatedAlexaApi | None = None,
        screen: bool = False,
    ) -> None:
        """`api` stands in for Alexa's APIs; `screen` makes this an Echo Show with APL."""
        self.api = api
        self.screen = screen
        self.locale = locale
        self.skill_id = skill_id
        # A new listener unless told otherwise, so memory across sessions
        # belongs to one conversation partner at a time.
        self.user_id = user_id or f"amzn1.ask.account.{uuid.uuid4().hex.upper()}"
        self.attributes: dict[str, Any] = {}
        self.interfaces: dict[str, Any] = {}  # a screen device adds Alexa.Presentation.APL
        self.session_id = ""
        self.new = True
        self.ended = True
        self.days_ahead = 0  # a simulated clock: scripted nights move it on a day at a time

    def later(self, days: int) -> None:
        """Move the clock on `days` days; a session still open is over by then."""
        self.days_ahead += days
        self.ended = True

    def _envelope(self, request: dict[str, Any], with_session: bool = True) -> dict[str, Any]:
        if self.ended:
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
            self.attributes = {}
            self.new = True
            self.ended = False
        application = {"applicationId": self.skill_id}
        user: dict[str, Any] = {"userId": self.user_id}
        if self.api is not None and self.api.consent_token:
            user["permissions"] = {"consentToken": self.api.consent_token}
        envelope: dict[str, Any] = {"version": "1.0"}
        if with_session:
            envelope["session"] = {
                "new": self.new,
                "sessionId": self.session_id,
                "application": application,
                "attributes": dict(self.attributes),
                "user": user,
            }
        system: dict[str, Any] = {
            "application": application,
            "user": user,
            "device": {"deviceId": DEFAULT_DEVICE_ID, "supportedInterfaces": dict(self.interfaces)},
            "apiEndpoint": "https://api.amazonalexa.com",
        }
        if self.api is not None:
            system["apiEndpoint"] = self.api.endpoint
            system["apiAccessToken"] = self.api.token
        envelope["context"] = {"System": system}
        if self.screen:
            system["device"]["supportedInterfaces"]["Alexa.Presentation.APL"] = APL_INTERFACE
            envelope["context"]["Viewport"] = SCREEN_VIEWPORT
            envelope["context"]["Viewports"] = SCREEN_VIEWPORTS
        envelope["request"] = {
            "requestId": _request_id(),
            "timestamp": _timestamp(self.days_ahead),
            "locale": self.locale,
            **request,
        }
        self.new = False
        return envelope

    def launch(self) -> dict[str, Any]:
        self.ended = True  # a launch always opens a new session
        return self._envelope({"type": "LaunchRequest"})

    def intent(self, name: str, slots: dict[str, SlotValue | None] | None = None,
               declared: tuple[str, ...] = ()) -> dict[str, Any]:
        """An IntentRequest; `declared` slot names not filled are sent empty, as Alexa does."""
        filled = dict(slots or {})
        all_names = list(dict.fromkeys([*declared, *filled]))
        intent: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
        if all_names:
            intent["slots"] = {n: slot_json(n, filled.get(n), self.skill_id) for n in all_names}
        # No dialogState: Alexa sends one only to skills with a dialog model.
        return self._envelope({"type": "IntentRequest", "intent": intent})

    def permission_answer(self, status: str, token: str, code: str = "200") -> dict[str, Any]:
        """Alexa's Connections.Response after it asked for the reminders permission."""
        payload = {"permissionScopes": [{"permissionScope": "alexa::alerts:reminders:skill:readwrite",
                                         "consentLevel": "ACCOUNT", "status": status}]}
        return self._envelope({"type": "Connections.Response", "name": "AskFor",
                               "status": {"code": code, "message": "OK" if code == "200" else "Error"},
                               "token": token, "payload": payload})

    def touch(self, arguments: list[Any], token: str = "closerAgain") -> dict[str, Any]:
        """A touch on the screen: the UserEvent a SendEvent command sends."""
        return self._envelope({"type": "Alexa.Presentation.APL.UserEvent", "token": token,
                               "arguments": arguments,
                               "source": {"type": "AlexaButton", "handler": "Press", "id": ""}})

    def apla_error(self, token: str = "closerAgainReflection",
                   error_type: str = "RENDER_ERROR") -> dict[str, Any]:
        """Alexa's report, after the response, that an APL for Audio document could not be played."""
        envelope = self._envelope({"type": "Alexa.Presentation.APLA.RuntimeError", "token": token,
                                   "errors": [{"type": error_type, "message": "could not render"}]},
                                  with_session=False)
        self.ended = True
        return envelope

    def skill_event(self, kind: str) -> dict[str, Any]:
        """An AlexaSkillEvent as Alexa sends it: no session, the user in the context."""
        moment = _timestamp(self.days_ahead)
        request: dict[str, Any] = {"type": kind, "requestId": _request_id(), "timestamp": moment,
                                   "eventCreationTime": moment, "eventPublishingTime": moment}
        if kind == SKILL_EVENTS["disable"]:
            request["body"] = {"userInformationPersistenceStatus": "NOT_PERSISTED"}
        application = {"applicationId": self.skill_id}
        system = {"application": application, "user": {"userId": self.user_id},
                  "apiEndpoint": "https://api.amazonalexa.com"}
        self.ended = True  # whatever session was open is over
        return {"version": "1.0", "context": {"System": system}, "request": request}

    def end(self, reason: str = "USER_INITIATED", error: dict[str, str] | None = None) -> dict[str, Any]:
        request: dict[str, Any] = {"type": "SessionEndedRequest", "reason": reason}
        if error:
            request["error"] = error
        envelope = self._envelope(request)
        self.ended = True
        return envelope

    def absorb(self, response: dict[str, Any]) -> None:
        """Take in the skill's response as Alexa would: keep attributes, note the end."""
        self.attributes = dict(response.get("sessionAttributes") or {})
        body = response.get("response", {})
        # While Alexa asks for a permission the skill's session waits for the answer.
        if asks_permission(response):
            return
        if body.get("shouldEndSession", True) is not False:
            self.ended = True


def asks_permission(response: dict[str, Any]) -> dict[str, Any] | None:
    """The AskFor directive in a response, if the skill asked Alexa to ask for a permission."""
    for directive in response.get("response", {}).get("directives") or []:
        if directive.get("type") == "Connections.SendRequest" and directive.get("name") == "AskFor":
            return directive
    return None
