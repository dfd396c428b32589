"""Whole evenings in a dark bedroom, with Alexa's turn-taking (issue 16).

A simulated Echo: the couple's words reach the skill only when they start
with "Alexa" or while the microphone is open, which it is for about eight
seconds after a response that keeps the session open; eight silent seconds
bring the reprompt, eight more end the session (SessionEndedRequest). Words
said between partners while the microphone is closed are not heard. Every
request goes through lambda_handler as real request JSON (local_runner).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from conftest import CONTENT
from local_runner.matcher import Matcher
from local_runner.runner import Runner, Turn, audio_parts

MIC_SECONDS = 8.0
WAKE = re.compile(r"^alexa[,.]?\s+", re.IGNORECASE)


@dataclass
class Echo:
    """One speaker on the bedside table, and what it heard and said all evening."""

    runner: Runner
    mic_open: bool = False
    reprompted: bool = False
    heard: list[str] = field(default_factory=list)  # what reached the skill as a request
    unheard: list[str] = field(default_factory=list)  # said with the microphone closed
    turns: list[Turn] = field(default_factory=list)

    def say(self, words: str) -> Turn | None:
        """Someone in the room speaks: to Alexa (wake word), or to their partner."""
        woken = bool(WAKE.match(words))
        if not (woken or self.mic_open):
            self.unheard.append(words)
            return None
        utterance = WAKE.sub("", words)
        self.heard.append(utterance)
        if woken and self.runner.session.ended:  # "Alexa, ask Closer Again for ..." opens a session
            return self._took(self.runner.ask(utterance))
        return self._took(self.runner.say(utterance)[-1])

    def wait(self, seconds: float) -> None:
        """Silence in the room: an open microphone gives up, reprompting once."""
        while seconds >= MIC_SECONDS and self.mic_open:
            seconds -= MIC_SECONDS
            if not self.reprompted:
                self.reprompted = True  # Alexa speaks the reprompt and listens again
            else:
                self._took(self.runner.end("EXCEEDED_MAX_REPROMPTS"))
                self.mic_open = False

    def _took(self, turn: Turn) -> Turn:
        self.turns.append(turn)
        self.mic_open = not turn.ended
        self.reprompted = False
        return turn


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher()


def echo(matcher: Matcher, screen: bool = False, apla_interface: bool = False) -> Echo:
    runner = Runner(matcher, user_id=None, screen=screen)
    if apla_interface:
        runner.session.interfaces["Alexa.Presentation.APLA"] = {}
    return Echo(runner)


def heard_words(turn: Turn) -> str:
    """Everything the turn makes the speaker say, in order."""
    if turn.audio is not None:
        return " ".join(text for text, _ in audio_parts(turn.audio["mainTemplate"]) if text)
    return re.sub(r"<[^>]+>", " ", turn.speech)


def questions_asked(turn: Turn) -> int:
    """How many things the turn asks: a follow-up question, or a question for two."""
    card = " ".join(turn.card.split())
    followups = sum(1 for options in CONTENT.followups.values() for text in options if text in card)
    for_two = sum(1 for qs in CONTENT.questions.by_depth.values() for q in qs if q.ask in card)
    return followups + for_two


@pytest.mark.parametrize("apla_interface", [False, True], ids=["without-APLA-key", "with-APLA-key"])
@pytest.mark.parametrize("reflection", list(CONTENT.reflections.values()), ids=lambda r: r.id)
def test_a_reflection_started_once_reaches_goodnight_with_no_further_word(
        matcher, reflection, apla_interface):
    room = echo(matcher, apla_interface=apla_interface)
    turn = room.say(f"Alexa, ask Closer Again for the {reflection.name} reflection")
    assert turn is not None and turn.ended, "the whole reflection is one response; no 'Alexa, next'"
    assert turn.audio is not None  # APLA on every device: not gated on supportedInterfaces
    words = heard_words(turn).split()
    assert re.sub(r"\W", "", words[-1]).lower() == "goodnight", "goodnight is the last word"
    for step in reflection.steps:
        assert step.prompt.split()[0] in words
    # The couple talk, share and breathe as asked; the speaker hears none of it.
    room.say("you go first, you're nearer the door")
    room.say("okay, the moment i'd keep is the walk")
    room.wait(240)
    assert room.heard == [f"ask Closer Again for the {reflection.name} reflection"]
    assert len(room.turns) == 1


def test_a_question_session_never_hears_the_couples_answers(matcher):
    room = echo(matcher)
    first = room.say("Alexa, ask Closer Again to ask us a question")
    assert first is not None and first.ended and questions_asked(first) == 1
    # Their answers, and a stray "next", go to each other, not to the skill.
    for words in ("well i think when you made me dinner", "that was lovely", "next", "your turn now"):
        assert room.say(words) is None
    room.wait(60)
    assert room.unheard == ["well i think when you made me dinner", "that was lovely", "next",
                            "your turn now"]
    again = room.say("Alexa, ask Closer Again for another question")
    assert again is not None and again.ended and questions_asked(again) == 1
    card = " ".join(again.card.split())
    asked = [q for qs in CONTENT.questions.by_depth.values() for q in qs if q.ask in card]
    assert asked and asked[0].ask not in first.card  # a new question, not the same one
    assert len(room.turns) == 2


def test_another_question_in_a_later_session_keeps_depth_and_never_repeats(matcher):
    room = echo(matcher)
    turn = room.say("Alexa, ask Closer Again for a deeper question")
    depth_of = {q.ask: q.depth for qs in CONTENT.questions.by_depth.values() for q in qs}
    seen = []
    for _ in range(6):
        card = " ".join(turn.card.split())
        (ask,) = [a for a in depth_of if a in card]
        assert depth_of[ask] == "deeper" and ask not in seen
        seen.append(ask)
        room.wait(120)
        turn = room.say("Alexa, ask Closer Again for another question")
    lighter = room.say("Alexa, ask Closer Again for a lighter one")
    assert any(depth_of[a] == "light" for a in depth_of if a in " ".join(lighter.card.split()))


def test_a_question_for_two_is_the_last_thing_asked_with_the_tie_breaker_first(matcher):
    room = echo(matcher)
    turn = room.say("Alexa, ask Closer Again to ask us a question")
    card = " ".join(turn.card.split())
    (ask,) = [q.ask for qs in CONTENT.questions.by_depth.values() for q in qs if q.ask in card]
    first = [f for f in CONTENT.questions.first if f in card]
    assert first and card.index(first[0]) < card.index(ask)
    after = card[card.index(ask) + len(ask):].strip()
    assert after in CONTENT.phrases["way_back_question"], "only the way back follows the question"
    assert "?" not in after


@pytest.mark.parametrize("opening", [
    "Alexa, ask Closer Again for an idea",
    "Alexa, ask Closer Again how to start a conversation",
])
def test_an_idea_or_opener_is_left_with_the_couple(matcher, opening):
    room = echo(matcher)
    turn = room.say(opening)
    assert turn is not None and turn.ended
    card = " ".join(turn.card.split())
    assert any(card.endswith(p) for key in ("way_back_idea", "way_back_opener") for p in CONTENT.phrases[key])
    assert room.say("shall we try that on saturday") is None


def test_an_evening_no_turn_asks_two_questions(matcher):
    room = echo(matcher)
    room.say("Alexa, open Closer Again")
    room.wait(3)
    room.say("give us an idea")
    room.say("Alexa, ask Closer Again for a question")
    room.say("ooh, that's a good one")
    room.say("Alexa, open Closer Again")
    room.say("let's do a check-in")
    room.say("yes")
    room.wait(20)
    room.say("Alexa, ask Closer Again for a wind down reflection")
    assert room.turns, "the evening reached the skill"
    for turn in room.turns:
        assert questions_asked(turn) <= 1, turn.card
    assert room.turns[-1].audio is not None and room.turns[-1].ended


def test_an_open_microphone_reprompts_once_then_the_session_ends(matcher):
    room = echo(matcher)
    launch = room.say("Alexa, open Closer Again")
    assert launch is not None and not launch.ended and launch.reprompt
    room.wait(8)
    assert room.mic_open and room.reprompted
    room.wait(8)
    assert not room.mic_open
    assert room.turns[-1].request["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
    assert room.say("well, what shall we do") is None  # no longer heard


def test_step_by_step_says_the_wake_word_at_most_once(matcher):
    room = echo(matcher)
    turn = room.say("Alexa, ask Closer Again for a reflection step by step")
    assert turn is not None and not turn.ended
    said = [heard_words(turn)]
    while not turn.ended:
        turn = room.say("next")
        said.append(heard_words(turn))
    assert sum(s.lower().count("alexa") for s in said) <= 1
    assert re.sub(r"\W", "", said[-1].split()[-1]).lower() == "goodnight"
