"""Welcome, help with more options, pause with nothing running, and one question per turn."""

from __future__ import annotations

import re

import pytest

from conftest import CONTENT, Talk


def words(text: str) -> int:
    return len(re.findall(r"[\w']+", text))


def test_a_returning_listener_hears_a_shorter_welcome_than_a_new_one():
    new = Talk()
    first = new.launch()
    assert any(first.says(p) for p in CONTENT.phrases["welcome"])
    new.intent("ReconnectionIdeaIntent")  # something to remember
    new.intent("AMAZON.StopIntent")
    returning = new.launch()
    assert any(returning.says(p) for p in CONTENT.phrases["welcome_back"])
    assert not returning.ended and returning.card.endswith("?")
    # Whatever phrasings are picked, every returning welcome is shorter than every new one.
    phrases, followups = CONTENT.phrases, CONTENT.followups
    longest_back = max(map(words, phrases["welcome_back"])) + max(map(words, followups["open"]))
    shortest_new = min(map(words, phrases["welcome"])) + min(map(words, followups["idea"]))
    assert longest_back < shortest_new


def test_help_names_three_things_and_offers_more_options(talk):
    reply = talk.intent("AMAZON.HelpIntent")
    assert any(reply.says(p) for p in CONTENT.phrases["help"])
    assert any(reply.card.endswith(q) for q in CONTENT.followups["more_options"])
    for text in CONTENT.phrases["help"]:  # an idea, a question for two, a check-in
        lowered = text.lower()
        assert "idea" in lowered and "question" in lowered and "check" in lowered


@pytest.mark.parametrize("answer", ["AMAZON.YesIntent", "AMAZON.MoreIntent"])
def test_yes_or_more_options_after_help_lists_the_rest(talk, answer):
    talk.intent("AMAZON.HelpIntent")
    reply = talk.intent(answer)
    assert any(reply.says(p) for p in CONTENT.phrases["more_options"])
    assert any(reply.card.endswith(q) for q in CONTENT.followups["open"]) and not reply.ended


def test_more_options_is_only_about_help(talk):
    talk.intent("ReconnectionIdeaIntent")
    reply = talk.intent("AMAZON.YesIntent")  # "another?" - yes is another idea
    assert not any(reply.says(p) for p in CONTENT.phrases["more_options"])


def test_pause_mid_reflection_still_pauses_it(talk):
    talk.intent("GuidedReflectionIntent", pace="step by step")
    reply = talk.intent("AMAZON.PauseIntent")
    assert any(reply.says(p) for p in CONTENT.phrases["reflection_paused"])


@pytest.mark.parametrize("steps", [
    ["ReconnectionIdeaIntent"], ["SignsIntent"], ["CausesIntent"], ["ConversationStarterIntent"],
    ["SeekHelpIntent"], ["AMAZON.HelpIntent"], ["QuestionForUsIntent"], ["CheckInIntent"],
    ["AMAZON.PauseIntent"], ["AMAZON.NavigateHomeIntent"], ["AMAZON.FallbackIntent"],
])
def test_each_reprompt_asks_one_question_and_nothing_more(steps):
    talk = Talk()
    talk.launch()
    for intent in steps:
        reply = talk.intent(intent)
    reprompt = re.sub(r"<[^>]+>", "", reply.reprompt)
    assert reprompt.count("?") <= 1, reprompt
    assert not any(p in reprompt for p in CONTENT.phrases["reprompt"]), "no menu stacked on a question"
