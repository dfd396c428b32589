"""Builds request envelopes shaped exactly like the ones Alexa sends.

A `Session` plays Alexa's part across turns: it numbers requests, marks the
first one `new`, carries `sessionAttributes` from each response into the next
request, and starts a fresh session once the skill ends one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

DEFAULT_SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-closeragain0"
LOCAL_USER_ID = "amzn1.ask.account.LOCALRUNNER"
DEFAULT_DEVICE_ID = "amzn1.ask.device.LOCALRUNNER"


@dataclass(frozen=True)
class SlotValue:
    """A filled slot: what was heard, and the slot-type value it resolved to (if any)."""

    value: str
    slot_type: str
    resolved_id: str | None = None
    resolved_name: str | None = None


def _timestamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _request_id() -> str:
    return f"amzn1.echo-api.request.{uuid.uuid4()}"


def slot_json(name: str, slot: SlotValue | None, skill_id: str) -> dict[str, Any]:
    if slot is None:
        return {"name": name, "confirmationStatus": "NONE"}
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
    ) -> None:
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

    def _envelope(self, request: dict[str, Any], with_session: bool = True) -> dict[str, Any]:
        if self.ended:
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
            self.attributes = {}
            self.new = True
            self.ended = False
        application = {"applicationId": self.skill_id}
        user = {"userId": self.user_id}
        envelope: dict[str, Any] = {"version": "1.0"}
        if with_session:
            envelope["session"] = {
                "new": self.new,
                "sessionId": self.session_id,
                "application": application,
                "attributes": dict(self.attributes),
                "user": user,
            }
        envelope["context"] = {
            "System": {
                "application": application,
                "user": user,
                "device": {"deviceId": DEFAULT_DEVICE_ID, "supportedInterfaces": dict(self.interfaces)},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        }
        envelope["request"] = {
            "requestId": _request_id(),
            "timestamp": _timestamp(),
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
        if response.get("response", {}).get("shouldEndSession", True) is not False:
            self.ended = True
