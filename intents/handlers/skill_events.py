"""Skill events Alexa sends outside any session (subscribed in intents/definitions/skill.yaml).

SkillDisabled deletes everything kept for that user, as "forget me" does; the
others are accepted and logged by type only. A skill event carries no session,
so nothing here may read session attributes: the SDK raises on them.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.exceptions import AttributesManagerException, PersistenceException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.logs import logger

SKILL_DISABLED = "AlexaSkillEvent.SkillDisabled"
SKILL_EVENTS = frozenset({
    "AlexaSkillEvent.SkillEnabled",
    SKILL_DISABLED,
    "AlexaSkillEvent.SkillPermissionAccepted",
    "AlexaSkillEvent.SkillPermissionChanged",
})


class SkillEventHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return handler_input.request_envelope.request.object_type in SKILL_EVENTS

    def handle(self, handler_input: HandlerInput) -> Response:
        kind = handler_input.request_envelope.request.object_type
        if kind == SKILL_DISABLED:
            try:
                handler_input.attributes_manager.delete_persistent_attributes()
            except AttributesManagerException:
                pass  # memory is switched off: nothing was ever kept
            except PersistenceException as error:
                # Never logged as done when it was not; the record stays until the
                # user says "forget me" or the event comes again.
                logger().error("skill event %s: the kept record could not be deleted (%s)",
                               kind, type(error).__name__)
                return handler_input.response_builder.response
            logger().info("skill event %s: everything kept for this user deleted", kind)
        else:
            logger().info("skill event %s accepted", kind)  # the type only: never ids or scopes
        return handler_input.response_builder.response
