"""Every turn fits its time: speech at 150 words a minute, plus its silences.

A short answer stays near twenty seconds, a "tell me more" near forty, and a
reflection step is short speech around one quiet pause of at most thirty
seconds. Reflections are walked through lambda_handler, so what is measured is
what Alexa would say.
"""

from __future__ import annotations

import re

import pytest

from conftest import CONTENT, Talk
from content.validator import word_count

WORDS_PER_SECOND = 150 / 60
SHORT_SECONDS = 22  # about 55 words
LONG_SECONDS = 40  # "tell me more": about 100 words
PAUSE_SECONDS = 30  # the longest silence in a reflection step
_BREAK = re.compile(r'<break time="(\d+)ms"/>')
_TAG = re.compile(r"<[^>]+>")


def seconds(ssml: str) -> tuple[float, float]:
    """(speaking time, silence) of an SSML answer."""
    silence = sum(int(ms) for ms in _BREAK.findall(ssml)) / 1000
    return word_count(_TAG.sub(" ", ssml)) / WORDS_PER_SECOND, silence


def longest(texts) -> int:
    return max(word_count(t) for t in texts)


def test_every_idea_with_its_intro_and_question_fits_a_short_turn():
    phrases, ask = CONTENT.phrases, longest(CONTENT.followups["another_idea"])
    for idea in CONTENT.ideas:
        intros = [*phrases["idea_intro"], *(p.format(cause=CONTENT.causes[c].name)
                                            for p in phrases["cause_idea_intro"] for c in idea.causes)]
        intros += [p.format(situation=CONTENT.situations[s])
                   for p in phrases["situation_idea_intro"] for s in idea.situations]
        assert (longest(intros) + word_count(idea.say) + ask) / WORDS_PER_SECOND <= SHORT_SECONDS, idea.id
        assert (word_count(idea.more) + ask) / WORDS_PER_SECOND <= LONG_SECONDS, idea.id


def test_every_opener_signs_and_causes_answer_fits_a_short_turn():
    followups = CONTENT.followups
    turns = [(o.say, "another_opener") for o in CONTENT.openers]
    turns += [(say, "signs_rest") for say in CONTENT.signs.first]
    turns += [(say, "causes") for say in CONTENT.signs.rest]
    turns += [(say, "idea") for say in CONTENT.causes_overview.say]
    for text, ask in turns:
        assert (word_count(text) + longest(followups[ask])) / WORDS_PER_SECOND <= SHORT_SECONDS, text
    for opener in CONTENT.openers:
        words = word_count(opener.more) + longest(followups["another_opener"])
        assert words / WORDS_PER_SECOND <= LONG_SECONDS, opener.id


def test_a_goodbye_with_the_encouragement_fits_a_short_turn():
    encouragement = CONTENT.topics["encouragement"].say
    for goodbye in CONTENT.phrases["goodbye"]:
        words = word_count(goodbye.replace("{encouragement}", encouragement))
        assert words / WORDS_PER_SECOND <= SHORT_SECONDS


@pytest.mark.parametrize("reflection", list(CONTENT.reflections.values()), ids=lambda r: r.id)
def test_every_reflection_turn_is_short_speech_around_its_quiet(reflection):
    """Step by step: each turn's own words stay short (a counted breath is paced, not talk),
    and its silences are the step's, none longer than a breathing pause."""
    talk = Talk()
    reply = talk.intent("GuidedReflectionIntent", reflection=reflection.id, pace="step by step")
    for index, step in enumerate(reflection.steps):
        speaking, silence = seconds(reply.speech)
        counted = sum(1 for b in step.script if isinstance(b, str) and re.fullmatch(r"\w+[,.]", b))
        assert speaking - counted / WORDS_PER_SECOND <= SHORT_SECONDS, (step.id, speaking)
        intro_pause = 2 if index == 0 else 0
        assert abs(silence - step.pause_seconds - intro_pause) < 0.01, (step.id, silence)
        assert all(s <= PAUSE_SECONDS for s in step.script if not isinstance(s, str))
        reply = talk.intent("AMAZON.NextIntent")
    speaking, silence = seconds(reply.speech)
    assert reply.ended and speaking <= SHORT_SECONDS and silence == 0
