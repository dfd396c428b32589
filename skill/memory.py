"""Memory across sessions: which ideas were heard, and where a reflection paused.

That is all it keeps. Never what the person said, and nothing that would be
read back aloud, since a speaker may be shared by a household.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents.handlers.turn import HEARD, REFLECTION, RETURNING, SAVED
from skill.logs import logger
from skill.persistence import MemoryUnavailable

_CONVERSATION_REQUESTS = ("LaunchRequest", "IntentRequest", "SessionEndedRequest")


def record_of(session: dict[str, Any]) -> dict[str, Any]:
    """What to remember from the session attributes."""
    record: dict[str, Any] = {}
    heard = session.get(HEARD)
    if isinstance(heard, list) and heard:
        record["heard"] = [i for i in heard if isinstance(i, str)]
    reflection = session.get(REFLECTION)
    if isinstance(reflection, dict) and isinstance(reflection.get("step"), int):
        record["reflection_step"] = reflection["step"]
    return record


class RecallInterceptor(AbstractRequestInterceptor):
    """At the start of a session, bring back what was remembered."""

    def process(self, handler_input: HandlerInput) -> None:
        envelope = handler_input.request_envelope
        if envelope.session is None or not envelope.session.new or \
                envelope.request.object_type not in _CONVERSATION_REQUESTS:
            return
        manager = handler_input.attributes_manager
        try:
            stored = manager.persistent_attributes
        except MemoryUnavailable:
            return  # logged once by the adapter when it broke
        except Exception:  # noqa: BLE001 - memory is a comfort, never a reason to fail a turn
            logger().exception("could not read remembered attributes")
            return
        session = manager.session_attributes
        if isinstance(stored.get("heard"), list):
            session[HEARD] = [i for i in stored["heard"] if isinstance(i, str)]
        if isinstance(stored.get("reflection_step"), int):
            session[REFLECTION] = {"step": stored["reflection_step"], "paused": True}
        if stored:
            session[RETURNING] = True
        session[SAVED] = record_of(session)


class RememberInterceptor(AbstractResponseInterceptor):
    """After each turn, store what changed. Never deletes: only "forget me" does that."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        envelope = handler_input.request_envelope
        if envelope.session is None or envelope.request.object_type not in _CONVERSATION_REQUESTS:
            return
        manager = handler_input.attributes_manager
        session = manager.session_attributes
        if session.get("safety"):
            return  # nothing of a session that heard a disclosure is stored
        record = record_of(session)
        saved = session.get(SAVED)
        if record == saved:
            return
        # An empty record is only a change when this session had stored something
        # (a "start over"); a request that merely lacks the attributes, as some
        # mid-session requests do, must never wipe what was remembered.
        if not record and not (isinstance(saved, dict) and saved):
            return
        try:
            manager.persistent_attributes = record
            manager.save_persistent_attributes()
        except MemoryUnavailable:
            return  # logged once by the adapter when it broke
        except Exception:  # noqa: BLE001 - the answer still reaches the listener
            logger().exception("could not store remembered attributes")
            return
        session[SAVED] = record
