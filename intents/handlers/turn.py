"""One turn of the conversation: choosing the words and composing the reply.

Reading the session's state lives in state.py (`turn.state`); this module
picks phrasings, speaks, records the follow-up question asked and the mode the
session is left in.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from content import Content
from intents.handlers.followup import FollowUp
from intents.handlers.mode import SAFETY, mode_named
from intents.handlers.state import LAST, MODE, PENDING, RECENT, TOPIC, SessionState
from skill.reminders.offer import offer_instead
from skill.ssml import Part, to_ssml, to_text

CARD_TITLE = "Closer Again"

_rng = random.Random()


class Turn:
    def __init__(self, handler_input: HandlerInput, content: Content) -> None:
        self.input = handler_input
        # Everything said comes from the content as worded for this request's locale.
        self.content = content.localized(getattr(handler_input.request_envelope.request, "locale", None))
        self.session: dict[str, Any] = handler_input.attributes_manager.session_attributes
        self.state = SessionState(self.session, content)

    @property
    def locale(self) -> str | None:
        return getattr(self.input.request_envelope.request, "locale", None)

    # --- choosing words --------------------------------------------------

    def phrase(self, category: str, **fields: str) -> str:
        text = self._pick(category, self.content.phrases[category])
        if "{encouragement}" in text:  # the closing encouragement, said in one goodbye
            fields = {**fields, "encouragement": self.content.topics["encouragement"].say}
        return text.format(**fields) if fields else text

    def question(self, kind: FollowUp | str) -> str:
        name = kind.name if isinstance(kind, FollowUp) else kind
        return self._pick(f"ask.{name}", self.content.followups[name])

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
        ask: FollowUp | str | None = None,
        pending: FollowUp | str | None = None,
        reprompt: Sequence[Part] | None = None,
        topic: dict[str, Any] | None = None,
        end: bool = False,
        mode: str | None = None,
        keep_mode: bool = False,
        card: bool = True,
        quiet: bool = False,
    ) -> Response:
        """Speak `parts`; with `ask`, end on that follow-up question and await its answer.

        `pending` records a follow-up without asking its question aloud (the
        turn asked its own). `mode` is the mode the session is in after this
        turn; without it the session returns to open, unless `keep_mode` marks
        a detour (help, a fallback, a goodbye) that a mode such as a
        reflection survives. `quiet` keeps the microphone open with no reprompt,
        so silence ends the session without another word (safety answers).
        """
        parts = list(parts)
        name = ask.name if isinstance(ask, FollowUp) else ask
        name = offer_instead(self.input, self.session, name, topic)
        if name:
            parts.append(self.question(name))
            pending = name
            if reprompt is None:  # one question per turn: the reprompt asks it again, nothing more
                reprompt = [self.question(name)]
        if not end and reprompt is None and not quiet:
            reprompt = [self.phrase("reprompt")]
        self._remember(pending.name if isinstance(pending, FollowUp) else pending, topic)
        self._set_mode(mode, keep_mode)
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
        elif reprompt:
            builder.ask(reprompt)
        else:
            builder.set_should_end_session(False)  # listening, with nothing to ask again
        return builder.response

    def _remember(self, pending: str | None, topic: dict[str, Any] | None) -> None:
        for key, value in ((PENDING, pending), (TOPIC, topic)):
            if value is None:
                self.session.pop(key, None)
            else:
                self.session[key] = value

    def _set_mode(self, mode: str | None, keep_mode: bool) -> None:
        """Enter `mode`, stay (a detour the current mode survives), or leave for open."""
        if self.state.in_safety:  # a disclosure holds the session in safety mode until it ends
            mode = SAFETY
        current = mode_named(self.state.mode)
        if current is not None and (current.name == mode or (
                mode is None and keep_mode and current.survives_detours)):
            return
        for key in current.state_keys if current is not None else ():
            self.session.pop(key, None)
        if mode is None:
            self.session.pop(MODE, None)
        else:
            self.session[MODE] = mode


def seed(value: int) -> None:
    """Make phrase and idea choices repeatable (used by scripted tests)."""
    _rng.seed(value)


def rng() -> random.Random:
    return _rng
