"""One listener's conversation: match the utterance, build the request, call lambda_handler."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from local_runner.envelopes import LOCAL_USER_ID, Session, SlotValue
from local_runner.matcher import LAUNCH, Match, Matcher, is_one_shot
from skill.lambda_function import lambda_handler


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
        return self.response.get("response", {}).get("shouldEndSession") is not False


class Runner:
    def __init__(self, matcher: Matcher | None = None, locale: str = "en-US",
                 user_id: str | None = LOCAL_USER_ID) -> None:
        """The same local listener by default, so the skill remembers them between runs."""
        self.matcher = matcher or Matcher()
        self.session = Session(locale, user_id=user_id)

    def send(self, request: dict[str, Any], match: Match | None = None) -> Turn:
        response = lambda_handler(request, None)
        self.session.absorb(response)
        return Turn(match, request, response)

    def launch(self) -> Turn:
        return self.send(self.session.launch())

    def end(self, reason: str = "USER_INITIATED") -> Turn:
        return self.send(self.session.end(reason))

    def intent(self, name: str, slots: dict[str, SlotValue] | None = None,
               match: Match | None = None) -> Turn:
        declared = self.matcher.slot_names.get(name, ())
        return self.send(self.session.intent(name, slots or {}, declared), match)

    def ask(self, utterance: str) -> Turn:
        """"Alexa, ask closer again UTTERANCE": one request in a new session, no welcome first."""
        match = self.matcher.match(utterance)
        self.session.ended = True
        if match.intent == LAUNCH:  # "open closer again"
            return self.launch()
        return self.intent(match.intent, match.slots, match)

    def say(self, utterance: str) -> list[Turn]:
        """The turns one utterance causes: a launch first when no session is open."""
        match = self.matcher.match(utterance)
        if match.intent == LAUNCH:  # "open closer again"
            return [self.launch()]
        turns = []
        if self.session.ended and not is_one_shot(utterance):
            turns.append(self.launch())
        turns.append(self.intent(match.intent, match.slots, match))
        return turns

