"""One listener's conversation: match the utterance, build the request, call lambda_handler.

Like Alexa, the runner answers the skill's AskFor request itself: the next
utterance after it is the listener's answer to Alexa's permission question.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from local_runner.envelopes import LOCAL_USER_ID, Session, SlotValue, asks_permission
from local_runner.matcher import LAUNCH, Match, Matcher, is_one_shot
from local_runner.speech import segments
from skill.lambda_function import lambda_handler

if TYPE_CHECKING:
    from local_runner.alexa_api import SimulatedAlexaApi

RENDER_DOCUMENT = "Alexa.Presentation.APL.RenderDocument"
RENDER_AUDIO = "Alexa.Presentation.APLA.RenderDocument"
PERMISSION_PROMPT = ("(Alexa) Do you give Closer Again permission to update your reminders? "
                     "You can say I approve or no.")
_ANSWERS = {"AMAZON.YesIntent": "ACCEPTED", "AMAZON.NoIntent": "DENIED"}


@dataclass
class Turn:
    match: Match | None
    request: dict[str, Any]
    response: dict[str, Any]

    @property
    def speech(self) -> str:
        return (self.response.get("response", {}).get("outputSpeech") or {}).get("ssml", "")

    @property
    def card(self) -> str:
        return (self.response.get("response", {}).get("card") or {}).get("content", "")

    @property
    def ended(self) -> bool:
        if asks_permission(self.response):
            return False
        return self.response.get("response", {}).get("shouldEndSession") is not False

    @property
    def directives(self) -> list[dict[str, Any]]:
        return self.response.get("response", {}).get("directives") or []

    @property
    def reprompt(self) -> str:
        reprompt = self.response.get("response", {}).get("reprompt") or {}
        return (reprompt.get("outputSpeech") or {}).get("ssml", "")

    @property
    def audio(self) -> dict[str, Any] | None:
        """The APL for Audio document this turn plays (a hands-free reflection), if any."""
        directive = next((d for d in self.directives if d.get("type") == RENDER_AUDIO), None)
        return directive.get("document") if directive else None

    @property
    def screen(self) -> dict[str, Any] | None:
        """The RenderDocument directive of this turn, if any."""
        return next((d for d in self.directives if d.get("type") == RENDER_DOCUMENT), None)


class Runner:
    def __init__(self, matcher: Matcher | None = None, locale: str = "en-US",
                 user_id: str | None = LOCAL_USER_ID, api: SimulatedAlexaApi | None = None,
                 screen: bool = False, apl_out: Path | None = None) -> None:
        """The same local listener by default, so the skill remembers them between runs."""
        self.matcher = matcher or Matcher()
        self.session = Session(locale, user_id=user_id, api=api, screen=screen)
        self.api = api
        self.apl_out = apl_out
        self.screens_written = 0
        self.asking: dict[str, Any] | None = None  # the AskFor directive Alexa is answering
        self.last_screen: dict[str, Any] | None = None

    def send(self, request: dict[str, Any], match: Match | None = None) -> Turn:
        response = lambda_handler(request, None)
        self.session.absorb(response)
        turn = Turn(match, request, response)
        self.asking = asks_permission(response)
        if turn.screen is not None:
            self.last_screen = turn.screen
            self._write_screen(turn.screen)
        return turn

    def launch(self) -> Turn:
        return self.send(self.session.launch())

    def skill_event(self, kind: str) -> Turn:
        """An AlexaSkillEvent for this listener, e.g. SkillDisabled when the skill is disabled."""
        return self.send(self.session.skill_event(kind))

    def end(self, reason: str = "USER_INITIATED") -> Turn:
        return self.send(self.session.end(reason))

    def intent(self, name: str, slots: dict[str, SlotValue] | None = None,
               match: Match | None = None) -> Turn:
        declared = self.matcher.slot_names.get(name, ())
        return self.send(self.session.intent(name, slots or {}, declared), match)

    def ask(self, utterance: str) -> Turn:
        """"Alexa, ask closer again UTTERANCE": one request in a new session, no welcome first."""
        match = self.matcher.match(utterance, self.today())
        self.session.ended = True
        if match.intent == LAUNCH:  # "open closer again"
            return self.launch()
        return self.intent(match.intent, match.slots, match)

    def answer_permission(self, utterance: str) -> Turn:
        """The listener's answer to Alexa's permission question, as Alexa reports it to the skill."""
        directive, self.asking = self.asking or {}, None
        match = self.matcher.match(utterance)
        # Alexa's own prompt suggests "I approve", which no intent of the skill's knows.
        approves = "approve" in utterance.lower() and "not" not in utterance.lower()
        status = "ACCEPTED" if approves else _ANSWERS.get(match.intent, "NOT_ANSWERED")
        if self.api is not None and status == "ACCEPTED":
            self.api.grant()
        return self.send(self.session.permission_answer(status, directive.get("token") or ""), match)

    def touch(self, label: str) -> Turn | None:
        """Press the button with this label on the last screen; None when there is none."""
        for button in _buttons(self.last_screen):
            if button.get("label", "").lower() == label.strip().lower():
                arguments = ["intent", *(button.get(key, "") for key in ("intent", "slot", "value"))]
                return self.send(self.session.touch(arguments))
        return None

    def today(self) -> date | None:
        """The date where the device is, as Alexa resolves "tomorrow" or "friday"."""
        if self.api is None:
            return None
        from zoneinfo import ZoneInfo

        return datetime.now(ZoneInfo(self.api.time_zone)).date()

    def say(self, utterance: str) -> list[Turn]:
        """The turns one utterance causes: a launch first when no session is open."""
        if self.asking is not None:
            return [self.answer_permission(utterance)]
        match = self.matcher.match(utterance, self.today())
        if match.intent == LAUNCH:  # "open closer again"
            return [self.launch()]
        turns = []
        if self.session.ended and not is_one_shot(utterance):
            turns.append(self.launch())
        turns.append(self.intent(match.intent, match.slots, match))
        return turns

    def _write_screen(self, directive: dict[str, Any]) -> None:
        """The document and datasources as files to paste into the APL authoring tool."""
        if self.apl_out is None:
            return
        self.apl_out.mkdir(parents=True, exist_ok=True)
        self.screens_written += 1
        view = next(iter(directive.get("datasources") or {"screen": None}))
        stem = self.apl_out / f"{self.screens_written:03d}-{view}"
        for suffix, data in (("document", directive.get("document")),
                             ("datasources", directive.get("datasources"))):
            Path(f"{stem}-{suffix}.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def audio_parts(item: dict) -> Iterator[tuple[str, float]]:
    """(spoken text, seconds of silence) through an APLA document, in playing order."""
    kind = item.get("type")
    if kind == "Speech":
        content = str(item.get("content", ""))
        yield (_spoken(content) if item.get("contentType") == "SSML" else content), 0.0
    elif kind == "Silence":
        yield "", float(item.get("duration", 0)) / 1000
    for child in item.get("items") or ([item["item"]] if isinstance(item.get("item"), dict) else []):
        if kind != "Mixer" or child.get("duration") != "trimToParent":  # the ambient bed says nothing
            yield from audio_parts(child)


def _spoken(ssml: str) -> str:
    return " ".join(text for text, _ in segments(ssml) if text)


def _buttons(directive: dict[str, Any] | None) -> list[dict[str, Any]]:
    if directive is None:
        return []
    buttons = []
    for data in (directive.get("datasources") or {}).values():
        if isinstance(data, dict):
            for key in ("actions", "choices"):
                buttons += [b for b in data.get(key) or [] if isinstance(b, dict)]
    return buttons
