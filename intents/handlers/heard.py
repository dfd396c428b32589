"""After each turn, note what the couple just heard, by id, for favourites and the follow-up.

The last idea, question, opener or reflection heard is what "save this one"
keeps, now or in the next session; the last idea heard, with its date, is what
the next session's welcome may ask about, once a later turn of its session
has passed without a disclosure. Programme steps note themselves. A session
that heard a disclosure notes nothing.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents.handlers.clock import today
from intents.handlers.state import PENDING, QUESTION, QUESTION_WAITING, REFLECTION, SAFETY, TOPIC
from intents.kept import FOLLOW, FOLLOW_NEXT, LAST_ITEM, item

_TURNS = ("LaunchRequest", "IntentRequest", "SessionEndedRequest")


def heard_this_turn(session: dict) -> dict[str, str] | None:
    """The item the turn's answer was about, read from where the handlers keep it."""
    topic = session.get(TOPIC)
    if isinstance(topic, dict) and topic.get("kind") in ("idea", "opener"):
        return item(topic)
    if isinstance(topic, dict) and topic.get("kind") == "question_for_two":  # a question that ended its turn
        return item({"kind": "question", "id": topic.get("id")})
    question = session.get(QUESTION)
    if session.get(PENDING) == QUESTION_WAITING and isinstance(question, dict):
        return item({"kind": "question", "id": question.get("id")})
    reflection = session.get(REFLECTION)
    if isinstance(reflection, dict):
        return item({"kind": "reflection", "id": reflection.get("id")})
    return None


class HeardInterceptor(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response) -> None:
        envelope = handler_input.request_envelope
        if envelope.session is None or envelope.request.object_type not in _TURNS:
            return
        session = handler_input.attributes_manager.session_attributes
        if session.get(SAFETY):
            return
        waiting = session.pop(FOLLOW_NEXT, None)
        if isinstance(waiting, dict):  # a turn has passed without a disclosure
            session[FOLLOW] = waiting
        if envelope.request.object_type == "SessionEndedRequest":
            return
        heard = heard_this_turn(session)
        if heard is None or heard == item(session.get(LAST_ITEM)):
            return
        session[LAST_ITEM] = heard
        if heard["kind"] == "idea":
            session[FOLLOW_NEXT] = {"idea": heard["id"], "date": today(handler_input).isoformat()}
            if response is not None and response.should_end_session:
                # Issue 16: an idea ends its session, so no later turn of it can hold a disclosure.
                session[FOLLOW] = session.pop(FOLLOW_NEXT)
