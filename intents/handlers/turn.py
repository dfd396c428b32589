"""One turn of the conversation: reading session state and composing the reply.

Session attributes are the skill's short-term memory, carried by Alexa from
one response to the next request. Every value read back is checked, since a
request can carry anything.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.slu.entityresolution import StatusCode
from ask_sdk_model.ui import SimpleCard

from content import Content
from content.loader import Reflection
from skill.reminders.offer import offer_instead
from skill.screening import SAFETY_ATTRIBUTE
from skill.ssml import Part, is_card_text, is_own_ssml, to_ssml, to_text

CARD_TITLE = "Closer Again"

# Session attribute keys.
PENDING = "pending"  # the follow-up question a "yes" answers
LAST = "last"  # the last answer, for "repeat that"
TOPIC = "topic"  # what "tell me more" expands: {"kind": ..., "id": ...}
RECENT = "recent"  # {phrase category: index said last}, so phrasings don't repeat
HEARD = "heard"  # ids of ideas heard, in order
CAUSE = "cause"  # the cause the person asked about, steering "another"
SITUATION = "situation"  # the situation the person asked about, steering "another"
OPENERS = "openers"  # ids of conversation openers heard, in order
REFLECTIONS = "reflections"  # ids of reflections started, in order, so they rotate
# {"id": reflection id, "step": index of the step last spoken, "paused": bool};
# a state without an id (from before there were several) is the first reflection.
REFLECTION = "reflection"
RETURNING = "returning"  # set when this listener had been here before
SAVED = "saved"  # what was last stored across sessions, to write only on change
SAFETY = SAFETY_ATTRIBUTE  # "abuse" or "crisis" once a disclosure is heard: safety mode until the end

_rng = random.Random()


class Turn:
    def __init__(self, handler_input: HandlerInput, content: Content) -> None:
        self.input = handler_input
        # Everything said comes from the content as worded for this request's locale.
        self.content = content.localized(getattr(handler_input.request_envelope.request, "locale", None))
        self.session: dict[str, Any] = handler_input.attributes_manager.session_attributes

    # --- reading state ---------------------------------------------------

    @property
    def locale(self) -> str | None:
        return getattr(self.input.request_envelope.request, "locale", None)

    @property
    def pending(self) -> str | None:
        value = self.session.get(PENDING)
        return value if isinstance(value, str) and value in self.content.followups else None

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

    @property
    def session_cause(self) -> str | None:
        value = self.session.get(CAUSE)
        return value if isinstance(value, str) and value in self.content.causes else None

    @property
    def session_situation(self) -> str | None:
        value = self.session.get(SITUATION)
        return value if isinstance(value, str) and value in self.content.situations else None

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

    def slot_cause(self) -> str | None:
        """The cause id from the request's `cause` slot, or None when absent or unknown."""
        return self.slot_id("cause", {c.id: c.name for c in self.content.causes.values()})

    def slot_id(self, name: str, known: Mapping[str, str] | Collection[str]) -> str | None:
        """The id of slot `name` when it resolved to one of `known`, else None.

        `known` maps ids to spoken names (or is just the ids); a slot Alexa did
        not resolve still counts when its words are an id or a name.
        """
        intent = getattr(self.input.request_envelope.request, "intent", None)
        slot = (getattr(intent, "slots", None) or {}).get(name)
        if slot is None:
            return None
        authorities = getattr(slot.resolutions, "resolutions_per_authority", None) or []
        for authority in authorities:
            if authority.status and authority.status.code == StatusCode.ER_SUCCESS_MATCH:
                for match in authority.values or []:
                    if match.value and match.value.id in known:
                        return match.value.id
        spoken = " ".join((slot.value or "").lower().split())
        names = known if isinstance(known, Mapping) else {}
        for value_id in known:
            if spoken in (value_id, value_id.replace("_", " "), str(names.get(value_id, "")).lower()):
                return value_id
        return None

    # --- choosing words --------------------------------------------------

    def phrase(self, category: str, **fields: str) -> str:
        text = self._pick(category, self.content.phrases[category])
        if "{encouragement}" in text:  # the closing encouragement, said in one goodbye
            fields = {**fields, "encouragement": self.content.topics["encouragement"].say}
        return text.format(**fields) if fields else text

    def question(self, kind: str) -> str:
        return self._pick(f"ask.{kind}", self.content.followups[kind])

    def choose(self, key: str, options: Sequence[str]) -> str:
        """One of `options` (phrasings kept outside phrases.yaml), never the one said last for `key`."""
        return self._pick(key, options)

    def vary(self, key: str, options: Sequence[str]) -> str:
        """One of several phrasings of an answer, not the one said last time."""
        return self._pick(f"say.{key}", options)

    def _pick(self, key: str, options: Sequence[str]) -> str:
        """A random option, never the one said last time for this key."""
        recent = self.session.get(RECENT)
        if not isinstance(recent, dict):
            recent = {}
        last = recent.get(key)
        choices = [i for i in range(len(options)) if i != last] or [0]
        index = _rng.choice(choices)
        recent[key] = index
        self.session[RECENT] = recent
        return options[index]

    # --- replying --------------------------------------------------------

    def reply(
        self,
        parts: Sequence[Part],
        *,
        ask: str | None = None,
        pending: str | None = None,
        reprompt: Sequence[Part] | None = None,
        topic: dict[str, Any] | None = None,
        end: bool = False,
        keep_reflection: bool = False,
        card: bool = True,
    ) -> Response:
        """Speak `parts`; with `ask`, end on that follow-up question and await the answer."""
        parts = list(parts)
        ask = offer_instead(self.input, self.session, ask, topic)
        if ask:
            parts.append(self.question(ask))
            pending = ask
            if reprompt is None:  # one question per turn: the reprompt asks it again, nothing more
                reprompt = [self.question(ask)]
        if not end and reprompt is None:
            reprompt = [self.phrase("reprompt")]
        self._remember(pending, topic, keep_reflection)
        speech = to_ssml(parts)
        card_text = to_text(parts) if card else ""
        reprompt_ssml = to_ssml(reprompt) if reprompt else ""
        self.session[LAST] = {"speech": speech, "reprompt": reprompt_ssml, "card": card_text}
        return self.respond(speech, reprompt_ssml, card_text, end)

    def respond(self, speech: str, reprompt: str, card: str, end: bool) -> Response:
        """Speak; an empty `card` shows none (never on safety turns)."""
        builder = self.input.response_builder
        builder.speak(speech)
        if card:
            builder.set_card(SimpleCard(title=CARD_TITLE, content=card))
        if end:
            builder.set_should_end_session(True)
        else:
            builder.ask(reprompt)
        return builder.response

    def _remember(self, pending: str | None, topic: dict[str, Any] | None, keep_reflection: bool) -> None:
        for key, value in ((PENDING, pending), (TOPIC, topic)):
            if value is None:
                self.session.pop(key, None)
            else:
                self.session[key] = value
        if not keep_reflection:
            self.session.pop(REFLECTION, None)


def seed(value: int) -> None:
    """Make phrase and idea choices repeatable (used by scripted tests)."""
    _rng.seed(value)


def rng() -> random.Random:
    return _rng
