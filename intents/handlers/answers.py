"""The shared answers to more, repeat, yes and no, when no follow-up or mode declares them.

A yes or no first goes to the follow-up question asked last, then to the
session's mode (intents/handlers/routing.py); what reaches these handlers is
a yes or no to nothing in particular.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents.handlers.base import IntentHandler
from intents.handlers.ideas import IDEA
from intents.handlers.shared import menu, no_thanks
from intents.handlers.topics import NEXT_STEP, explain, passage, tell_signs_rest
from intents.handlers.turn import Turn
from skill.ssml import to_ssml


class MoreHandler(IntentHandler):
    """The longer form of whatever was said last."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        topic = turn.state.topic
        if topic and topic["kind"] == "signs" and topic.get("part") == "first":
            return tell_signs_rest(turn)  # "more" after a few signs means the other signs
        if topic and topic["kind"] in NEXT_STEP and passage(self.content, topic) is not None:
            if not topic.get("expanded"):
                return explain(turn, topic, long=True)
            return turn.reply([turn.phrase("nothing_more")], ask=NEXT_STEP[topic["kind"]], topic=topic)
        return turn.reply([turn.phrase("nothing_more")], ask=IDEA)


class RepeatHandler(IntentHandler):
    """The last answer again, exactly, leaving every other piece of state as it was."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        last = turn.state.last_answer()
        if last is None:
            return turn.reply([turn.phrase("nothing_to_repeat")], ask=IDEA)
        reprompt = last.get("reprompt") or to_ssml([turn.phrase("reprompt")])
        return turn.respond(last["speech"], reprompt, last["card"], end=False)


class YesHandler(IntentHandler):
    """Yes with no question waiting for it: what there is to ask for."""

    def handle(self, handler_input: HandlerInput) -> Response:
        return menu(Turn(handler_input, self.content))


class NoHandler(IntentHandler):
    """No with no question waiting for it: fine, anything else?"""

    def handle(self, handler_input: HandlerInput) -> Response:
        return no_thanks(Turn(handler_input, self.content))
