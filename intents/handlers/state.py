"""The session's short-term memory, read back typed and checked.

Session attributes are carried by Alexa from one response to the next
request, and a request can carry anything: every reader here returns a sound
value or nothing, never a value it has not checked. Writing is plain
`session[KEY] = value`; reading goes through `SessionState`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from content import Content
from content.items import DEPTHS, Reflection
from intents.handlers.followup import FollowUp, follow_up
from intents.handlers.mode import OPEN
from skill.screening import SAFETY_ATTRIBUTE
from skill.ssml import is_card_text, is_own_ssml

# Session attribute keys.
MODE = "mode"  # the name of the conversation mode the session is in (intents/modes/)
PENDING = "pending"  # the name of the follow-up question the next answer replies to
LAST = "last"  # the last answer, for "repeat that"
TOPIC = "topic"  # what "tell me more" expands: {"kind": ..., "id": ...}
RECENT = "recent"  # {phrase category: index said last}, so phrasings don't repeat
HEARD = "heard"  # ids of ideas heard, in order
CAUSE = "cause"  # the cause the person asked about, steering "another"
SITUATION = "situation"  # the situation the person asked about, steering "another"
# SituationType ids known for this couple (asked for, told, or a yes in a check-in); remembered as
# ids only and never said aloud later (intents/handlers/situations.py).
KNOWN_SITUATIONS = "known_situations"
OPENERS = "openers"  # ids of conversation openers heard, in order
REFLECTIONS = "reflections"  # ids of reflections started, in order, so they rotate
# {"id": reflection id, "step": index of the step last spoken, "paused": bool};
# a state without an id (from before there were several) is the first reflection.
REFLECTION = "reflection"
FOCUS = "focus"  # the cause the last check-in found; remembered
CHECKIN_DATE = "checkin_date"  # ISO date of the last finished check-in; remembered
RETURNING = "returning"  # set when this listener had been here before
SAVED = "saved"  # a fingerprint of what was last stored across sessions, to write only on change
NOTHING_SAVED = "-"  # the fingerprint of an empty record: nothing stored
SAFETY = SAFETY_ATTRIBUTE  # "abuse" or "crisis" once a disclosure is heard: safety mode until the end
ASKED = "asked"  # {depth: ids of the questions for two heard, in order}; remembered
QUESTION = "question"  # {"depth": ..., "id": ...}: the question for two asked last
# The follow-up recorded while a couple answer a question for two (intents/handlers/questions.py).
QUESTION_WAITING = "another_question"
SSML_REFLECTIONS = "ssml_reflections"  # this device failed to play an APLA reflection: use SSML


class SessionState:
    """Typed, checked reading of one request's session attributes."""

    def __init__(self, session: dict[str, Any], content: Content) -> None:
        self.session = session
        self.content = content

    @property
    def mode(self) -> str:
        """The name of the mode the session says it is in; `open` when it names none."""
        value = self.session.get(MODE)
        return value if isinstance(value, str) and value else OPEN

    @property
    def follow_up(self) -> FollowUp | None:
        """The follow-up question the skill asked last, when it is one this skill declares."""
        value = self.session.get(PENDING)
        return follow_up(value) if isinstance(value, str) else None

    @property
    def in_safety(self) -> bool:
        return bool(self.session.get(SAFETY))

    @property
    def topic(self) -> dict[str, Any] | None:
        value = self.session.get(TOPIC)
        return value if isinstance(value, dict) and isinstance(value.get("kind"), str) else None

    @property
    def heard(self) -> list[str]:
        return self.ids(HEARD)

    def ids(self, key: str) -> list[str]:
        """A session list of ids (heard ideas, openers, reflections), checked."""
        value = self.session.get(key)
        if not isinstance(value, list):
            return []
        return [item for item in value if isinstance(item, str)]

    def _known(self, key: str, known: Mapping[str, Any]) -> str | None:
        value = self.session.get(key)
        return value if isinstance(value, str) and value in known else None

    @property
    def cause(self) -> str | None:
        return self._known(CAUSE, self.content.causes)

    @property
    def situation(self) -> str | None:
        return self._known(SITUATION, self.content.situations)

    @property
    def known_situations(self) -> list[str]:
        return [item for item in self.ids(KNOWN_SITUATIONS) if item in self.content.situations]

    @property
    def focus(self) -> str | None:
        """The cause the last check-in found, never named aloud (the speaker may be shared)."""
        return self._known(FOCUS, self.content.causes)

    @property
    def reflection(self) -> Reflection | None:
        """The reflection under way, if the session holds a sound one."""
        state = self.session.get(REFLECTION)
        if not isinstance(state, dict):
            return None
        reflection_id = state.get("id", next(iter(self.content.reflections)))
        return self.content.reflections.get(reflection_id) if isinstance(reflection_id, str) else None

    @property
    def reflection_step(self) -> int | None:
        reflection = self.reflection
        if reflection is None:
            return None
        step = self.session[REFLECTION].get("step")
        if isinstance(step, bool) or not isinstance(step, int):
            return None
        return step if 0 <= step < len(reflection.steps) else None

    @property
    def reflection_paused(self) -> bool:
        state = self.session.get(REFLECTION)
        return isinstance(state, dict) and bool(state.get("paused"))

    @property
    def in_reflection(self) -> bool:
        return self.reflection_step is not None

    def last_answer(self) -> dict[str, str] | None:
        """The last answer, for "repeat", only if it is speech this skill could have written."""
        value = self.session.get(LAST)
        if not isinstance(value, dict):
            return None
        speech, card, reprompt = value.get("speech"), value.get("card"), value.get("reprompt") or ""
        if not (is_own_ssml(speech) and is_card_text(card)):
            return None
        if not is_own_ssml(reprompt):
            reprompt = ""
        return {"speech": speech, "card": card, "reprompt": reprompt}


def asked(session: dict[str, Any]) -> dict[str, list[str]]:
    """The question-for-two ids heard per depth, keeping only well-formed entries."""
    value = session.get(ASKED)
    if not isinstance(value, dict):
        return {}
    return {depth: [i for i in ids if isinstance(i, str)]
            for depth, ids in value.items() if depth in DEPTHS and isinstance(ids, list)}


def current_depth(session: dict[str, Any]) -> str | None:
    """The depth of the question for two asked last, if sound."""
    value = session.get(QUESTION)
    depth = value.get("depth") if isinstance(value, dict) else None
    return depth if depth in DEPTHS else None
