"""Answers that depend on the last turn: more, repeat, yes and no."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents.handlers.base import IntentHandler
from intents.handlers.forget import forget
from intents.handlers.hands_free import play_reflection
from intents.handlers.ideas import tell_another, tell_idea
from intents.handlers.reflection import (
    choose_reflection,
    continue_reflection,
    start_reflection,
    wait_in_reflection,
)
from intents.handlers.topics import (
    NEXT_STEP,
    explain,
    passage,
    tell_another_opener,
    tell_causes,
    tell_signs_rest,
)
from intents.handlers.turn import Turn
from skill.ssml import to_ssml


class MoreHandler(IntentHandler):
    """The longer form of whatever was said last."""

    intent_names = ("AMAZON.MoreIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        if turn.in_reflection:  # a reflection step has no longer form; keep the listener's place
            return wait_in_reflection(turn)
        topic = turn.topic
        if topic and topic["kind"] == "signs" and topic.get("part") == "first":
            return tell_signs_rest(turn)  # "more" after a few signs means the other signs
        if topic and topic["kind"] in NEXT_STEP and passage(self.content, topic) is not None:
            if not topic.get("expanded"):
                return explain(turn, topic, long=True)
            return turn.reply([turn.phrase("nothing_more")], ask=NEXT_STEP[topic["kind"]], topic=topic)
        return turn.reply([turn.phrase("nothing_more")], ask="idea")


class RepeatHandler(IntentHandler):
    """The last answer again, exactly, leaving every other piece of state as it was."""

    intent_names = ("AMAZON.RepeatIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        last = turn.last_answer()
        if last is None:
            return turn.reply([turn.phrase("nothing_to_repeat")], ask="idea")
        reprompt = last.get("reprompt") or to_ssml([turn.phrase("reprompt")])
        return turn.respond(last["speech"], reprompt, last["card"], end=False)


class YesHandler(IntentHandler):
    """Yes to the question the skill asked last."""

    intent_names = ("AMAZON.YesIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        kind = turn.pending
        if kind == "another_idea":
            return tell_another(turn)
        if kind == "idea_for_cause":
            return tell_idea(turn, turn.session_cause)
        if kind == "another_opener":
            return tell_another_opener(turn)
        if kind == "signs_rest":
            return tell_signs_rest(turn)
        if kind in ("idea", "open"):
            return tell_idea(turn, None)
        if kind == "causes":
            return tell_causes(turn, None)
        if kind == "reflection":  # issue 16: yes to a reflection plays it hands-free, to goodnight
            return play_reflection(turn, choose_reflection(turn))
        if kind == "reflection_next":
            return continue_reflection(turn) if turn.in_reflection else start_reflection(turn)
        if kind == "forget":
            return forget(turn)
        return turn.reply([turn.phrase("menu")], ask="open")


class NoHandler(IntentHandler):
    """No to the question the skill asked last."""

    intent_names = ("AMAZON.NoIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        kind = turn.pending
        if kind == "reflection_next" and turn.in_reflection:
            return wait_in_reflection(turn)
        if kind == "anything_else":
            return turn.reply([turn.phrase("goodbye")], end=True)
        if kind == "forget":
            return turn.reply([turn.phrase("kept")], ask="anything_else", keep_reflection=True)
        return turn.reply([turn.phrase("no_thanks")], ask="anything_else")
