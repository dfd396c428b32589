"""Whole conversations through lambda_handler, attributes carried turn to turn."""

from __future__ import annotations

import logging

import pytest

from conftest import CONTENT, Talk, spoken
from skill.invoke import RequestRejected
from skill.lambda_function import lambda_handler

IDEAS_BY_SAY = {idea.say: idea for idea in CONTENT.ideas}


def idea_in(reply) -> object:
    found = [idea for say, idea in IDEAS_BY_SAY.items() if reply.says(say)]
    assert len(found) == 1, f"expected exactly one idea in: {reply.card}"
    return found[0]


def test_launch_welcomes_offers_and_stays_open(talk):
    reply = talk.launch()
    assert any(reply.says(w) for w in CONTENT.phrases["welcome"])
    assert reply.card.endswith("?")
    assert not reply.ended and reply.reprompt


def test_yes_after_welcome_gives_an_idea_then_another_differs(talk):
    talk.launch()
    first = idea_in(talk.intent("AMAZON.YesIntent"))
    second = idea_in(talk.intent("AMAZON.NextIntent"))
    assert first.id != second.id


def test_every_idea_is_heard_once_before_any_repeats_then_reshuffles(talk):
    talk.launch()
    general = [idea for idea in CONTENT.ideas if not idea.situations]  # with no situation known
    heard = [idea_in(talk.intent("ReconnectionIdeaIntent")).id]
    for _ in range(len(general) - 1):
        heard.append(idea_in(talk.intent("AMAZON.NextIntent")).id)
    assert sorted(heard) == sorted(idea.id for idea in general)
    again = talk.intent("AMAZON.NextIntent")
    assert any(again.says(p) for p in CONTENT.phrases["reshuffled"])
    assert idea_in(again).id != heard[-1]


def test_idea_ends_with_the_way_back_and_leaves_the_couple_to_it(talk):
    """Issue 16: an idea to try now ends the session, the way back said once, last."""
    reply = talk.intent("ReconnectionIdeaIntent")
    assert any(reply.card.endswith(q) for q in CONTENT.phrases["way_back_idea"])
    assert not any(q in reply.card for q in CONTENT.followups["another_idea"])
    assert reply.ended and not reply.reprompt


def test_more_gives_the_long_form_of_the_idea_just_heard(talk):
    idea = idea_in(talk.intent("ReconnectionIdeaIntent"))
    more = talk.intent("AMAZON.MoreIntent")
    assert more.says(idea.more)
    again = talk.intent("AMAZON.MoreIntent")
    assert any(again.says(p) for p in CONTENT.phrases["nothing_more"])


def test_repeat_says_the_last_answer_exactly(talk):
    cause_reply = talk.intent("CausesIntent", cause="we keep fighting")  # a turn that keeps the session
    repeat = talk.intent("AMAZON.RepeatIntent")
    assert repeat.speech == cause_reply.speech
    assert repeat.reprompt == cause_reply.reprompt
    # Repeating changes nothing else: "more" still expands that cause.
    assert talk.intent("AMAZON.MoreIntent").says(CONTENT.causes["conflict"].more)


def test_repeat_after_an_idea_in_a_later_session_reads_nothing_back(talk):
    """The idea ended its session; speech is never stored, so a later "repeat" has nothing."""
    talk.intent("ReconnectionIdeaIntent")
    repeat = talk.intent("AMAZON.RepeatIntent")
    assert any(repeat.says(p) for p in CONTENT.phrases["nothing_to_repeat"])


def test_repeat_with_nothing_said_yet_offers_an_idea(talk):
    reply = talk.intent("AMAZON.RepeatIntent")
    assert any(reply.says(p) for p in CONTENT.phrases["nothing_to_repeat"])
    assert not reply.ended


@pytest.mark.parametrize("spoken,cause", [("we keep fighting", "conflict"), ("in a rut", "routine"),
                                          ("self-conscious", "body_image"), ("we're exhausted", "stress"),
                                          ("love languages", "needs")])
def test_idea_for_a_cause_is_tagged_with_it(spoken, cause):
    talk = Talk()
    for _ in range(3):
        reply = talk.intent("ReconnectionIdeaIntent", cause=spoken)
        assert cause in idea_in(reply).causes


def test_another_keeps_to_the_cause_until_its_ideas_run_out(talk):
    tagged = [idea for idea in CONTENT.ideas if "conflict" in idea.causes and not idea.situations]
    ids = [idea_in(talk.intent("ReconnectionIdeaIntent", cause="conflict")).id]
    for _ in range(len(tagged) - 1):
        ids.append(idea_in(talk.intent("AMAZON.NextIntent")).id)
    assert sorted(ids) == sorted(idea.id for idea in tagged)
    idea_in(talk.intent("AMAZON.NextIntent"))  # then any other idea, no dead end


@pytest.mark.parametrize("slots", [{}, {"cause": "the weather"}])
def test_missing_or_unknown_cause_gives_a_general_idea(talk, slots):
    reply = talk.intent("ReconnectionIdeaIntent", **slots)
    idea_in(reply)
    assert reply.ended and not any(reply.says(p) for p in CONTENT.phrases["error"])


def test_causes_overview_then_yes_gives_an_idea(talk):
    reply = talk.intent("CausesIntent")
    assert any(reply.says(say) for say in CONTENT.causes_overview.say)
    idea_in(talk.intent("AMAZON.YesIntent"))


def test_a_named_cause_is_explained_then_a_matching_idea_offered(talk):
    reply = talk.intent("CausesIntent", cause="we keep fighting")
    assert reply.says(CONTENT.causes["conflict"].say)
    assert any(reply.card.endswith(q) for q in CONTENT.followups["idea_for_cause"])
    assert talk.intent("AMAZON.MoreIntent").says(CONTENT.causes["conflict"].more)
    assert "conflict" in idea_in(talk.intent("AMAZON.YesIntent")).causes


def test_signs_come_a_few_at_a_time_then_yes_explains_causes(talk):
    first = talk.intent("SignsIntent")
    assert any(first.says(say) for say in CONTENT.signs.first)
    assert any(first.card.endswith(q) for q in CONTENT.followups["signs_rest"])
    rest = talk.intent("AMAZON.YesIntent")
    assert any(rest.says(say) for say in CONTENT.signs.rest)
    causes = talk.intent("AMAZON.YesIntent")
    assert any(causes.says(say) for say in CONTENT.causes_overview.say)


def test_more_after_the_first_signs_gives_the_rest_then_the_longer_form(talk):
    talk.intent("SignsIntent")
    rest = talk.intent("AMAZON.MoreIntent")
    assert any(rest.says(say) for say in CONTENT.signs.rest)
    assert talk.intent("AMAZON.MoreIntent").says(CONTENT.signs.more)


def test_signs_and_causes_are_not_word_for_word_the_same_each_time():
    heard = {"signs": set(), "causes": set()}
    for _ in range(12):  # a new listener each evening
        talk = Talk()
        heard["signs"].add(talk.intent("SignsIntent").card)
        heard["causes"].add(talk.intent("CausesIntent").card)
    assert len(heard["signs"]) >= 2 and len(heard["causes"]) >= 2


@pytest.mark.parametrize("intent,topic", [("SeekHelpIntent", "seek_help")])
def test_short_topic_answers_end_with_a_next_step_and_expand_on_more(talk, intent, topic):
    reply = talk.intent(intent)
    assert reply.says(CONTENT.topics[topic].say)
    assert reply.card.endswith("?") and not reply.ended
    assert talk.intent("AMAZON.MoreIntent").says(CONTENT.topics[topic].more)


def test_encouragement_is_reachable_by_voice(talk):
    talk.intent("SeekHelpIntent")
    more = talk.intent("AMAZON.MoreIntent")
    assert "you deserve closeness" in more.card.lower()


def test_no_then_no_says_goodbye(talk):
    talk.launch()
    reply = talk.intent("AMAZON.NoIntent")
    assert not reply.ended and any(reply.card.endswith(q) for q in CONTENT.followups["anything_else"])
    assert talk.intent("AMAZON.NoIntent").ended


def test_yes_with_no_question_pending_lists_what_to_ask(talk):
    reply = talk.intent("AMAZON.YesIntent")
    assert any(reply.says(p) for p in CONTENT.phrases["menu"])


REFLECTION = CONTENT.reflections["reconnect"]


def test_reflection_pause_resume_and_start_over(talk):
    steps = REFLECTION.steps
    talk.intent("GuidedReflectionIntent", reflection="reconnect", pace="step by step")
    talk.intent("AMAZON.NextIntent")
    paused = talk.intent("AMAZON.PauseIntent")
    assert any(paused.says(p) for p in CONTENT.phrases["reflection_paused"]) and not paused.ended
    resumed = talk.intent("AMAZON.ResumeIntent")
    assert resumed.says(steps[1].prompt)
    assert talk.intent("AMAZON.YesIntent").says(steps[2].prompt)
    restarted = talk.intent("AMAZON.StartOverIntent")
    assert restarted.says(steps[0].prompt)
    waiting = talk.intent("AMAZON.NoIntent")
    assert any(waiting.says(p) for p in CONTENT.phrases["reflection_waiting"]) and not waiting.ended
    assert talk.intent("AMAZON.NextIntent").says(steps[1].prompt)


def test_more_and_repeat_mid_reflection_keep_the_listeners_place(talk):
    steps = REFLECTION.steps
    talk.intent("GuidedReflectionIntent", reflection="reconnect", pace="step by step")
    step_two = talk.intent("AMAZON.NextIntent")
    more = talk.intent("AMAZON.MoreIntent")
    assert any(more.says(p) for p in CONTENT.phrases["reflection_waiting"]) and not more.ended
    assert talk.intent("AMAZON.RepeatIntent").speech == more.speech
    assert step_two.says(steps[1].prompt)
    assert talk.intent("AMAZON.NextIntent").says(steps[2].prompt)


def test_asking_for_an_idea_leaves_the_reflection_so_next_means_next_idea(talk):
    talk.intent("GuidedReflectionIntent")
    idea_in(talk.intent("ReconnectionIdeaIntent"))
    idea_in(talk.intent("AMAZON.NextIntent"))


def test_resume_with_nothing_paused_offers_a_reflection(talk):
    reply = talk.intent("AMAZON.ResumeIntent")
    assert any(reply.says(p) for p in CONTENT.phrases["nothing_paused"])
    played = talk.intent("AMAZON.YesIntent")
    assert played.hears(REFLECTION.intro) and played.ended  # a new listener starts with the first


def test_help_is_fuller_than_the_welcome_and_asks(talk):
    reply = talk.intent("AMAZON.HelpIntent")
    assert any(reply.says(p) for p in CONTENT.phrases["help"])
    assert reply.card.endswith("?") and not reply.ended and reply.reprompt


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_and_cancel_say_goodbye_and_end(talk, intent):
    talk.launch()
    reply = talk.intent(intent)
    assert reply.ended and any(reply.says(p) for p in spoken("goodbye"))
    assert reply.response["shouldEndSession"] is True and not reply.reprompt


def test_pause_with_nothing_running_keeps_the_session_open_with_an_offer(talk):
    talk.launch()
    reply = talk.intent("AMAZON.PauseIntent")
    assert not reply.ended and reply.reprompt
    assert any(reply.says(p) for p in CONTENT.phrases["paused_outside"])
    assert any(reply.card.endswith(q) for q in CONTENT.followups["open"])
    assert not any(reply.says(p) for p in CONTENT.phrases["goodbye"])


@pytest.mark.parametrize("intent", ["AMAZON.FallbackIntent", "SomeOtherSkillsIntent"])
def test_fallback_and_unknown_intents_say_what_the_skill_can_do(talk, intent):
    reply = talk.send(talk.session.intent(intent))
    assert any(reply.says(p) for p in CONTENT.phrases["fallback"])
    assert not reply.ended and reply.reprompt


def test_navigate_home_and_start_over_return_to_the_menu(talk):
    for _ in range(3):
        talk.intent("ReconnectionIdeaIntent")
    home = talk.intent("AMAZON.NavigateHomeIntent")
    assert any(home.says(p) for p in CONTENT.phrases["menu"])
    fresh = talk.intent("AMAZON.StartOverIntent")
    assert any(fresh.says(p) for p in CONTENT.phrases["fresh_start"])
    assert "heard" not in fresh.attributes


def test_phrasings_do_not_repeat_back_to_back(talk):
    talk.launch()
    helps = []
    for _ in range(12):
        reply = talk.intent("AMAZON.HelpIntent")
        helps.append(next(p for p in CONTENT.phrases["help"] if reply.says(p)))
    assert all(a != b for a, b in zip(helps, helps[1:], strict=False))
    assert len(set(helps)) > 1


def test_session_ended_logs_reason_and_error_and_says_nothing(talk, caplog):
    talk.launch()
    with caplog.at_level(logging.INFO, logger="closer_again"):
        reply = talk.end("ERROR", {"type": "INVALID_RESPONSE", "message": "bad ssml"})
    assert reply.response == {}
    assert "ERROR" in caplog.text and "INVALID_RESPONSE" in caplog.text and "bad ssml" in caplog.text


def test_a_failing_handler_gets_an_apology_and_the_session_stays_open(talk, monkeypatch, caplog):
    import intents.handlers.ideas as ideas

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ideas, "pick_idea", broken)
    with caplog.at_level(logging.ERROR, logger="closer_again"):
        reply = talk.intent("ReconnectionIdeaIntent")
    assert any(reply.says(p) for p in CONTENT.phrases["error"])
    assert not reply.ended and reply.reprompt
    assert "Traceback" in caplog.text and "boom" in caplog.text


def test_tampered_session_attributes_are_survived(talk):
    talk.launch()
    talk.session.attributes = {"heard": "nonsense", "reflection": {"step": 99}, "pending": 7,
                               "topic": {"kind": "idea", "id": "gone"}, "recent": [], "last": 3}
    for intent in ("AMAZON.NextIntent", "AMAZON.MoreIntent", "AMAZON.RepeatIntent", "AMAZON.YesIntent"):
        talk.session.attributes.update({"heard": "nonsense", "topic": {"kind": "idea", "id": "gone"}})
        reply = talk.intent(intent)
        assert reply.speech and not any(reply.says(p) for p in CONTENT.phrases["error"])


def test_skill_id_is_enforced_only_when_configured(talk, monkeypatch):
    event = talk.session.launch()
    assert lambda_handler(event, None)["response"]["outputSpeech"]
    monkeypatch.setenv("ALEXA_SKILL_ID", "amzn1.ask.skill.someone-else")
    with pytest.raises(RequestRejected):
        lambda_handler(event, None)
    monkeypatch.setenv("ALEXA_SKILL_ID", talk.session.skill_id)
    assert lambda_handler(event, None)["response"]["outputSpeech"]


@pytest.mark.parametrize("speech", [
    '<speak>Hello <audio src="https://example.org/a.mp3"/></speak>',
    "<speak>" + "word " * 2000 + "</speak>",
    "<speak>unclosed <say-as interpret-as=\"digits\">911</speak>",
    "<speak>raw & ampersand</speak>",
    "plain text without speak",
    42,
])
def test_repeat_never_replays_speech_the_skill_could_not_have_written(talk, speech):
    talk.launch()
    talk.session.attributes["last"] = {"speech": speech, "reprompt": "<speak>ok</speak>", "card": "Hi"}
    reply = talk.intent("AMAZON.RepeatIntent")
    assert any(reply.says(p) for p in CONTENT.phrases["nothing_to_repeat"])
    assert "audio" not in reply.speech and len(reply.speech) < 8000


def test_repeat_replays_speech_with_numbers_and_pauses(talk):
    talk.launch()
    speech = ('<speak>Call <say-as interpret-as="telephone">1-800-799-7233</say-as>.'
              '<break time="2000ms"/></speak>')
    talk.session.attributes["last"] = {"speech": speech, "reprompt": "", "card": "Call."}
    assert talk.intent("AMAZON.RepeatIntent").speech == speech
