"""Safety through lambda_handler: crisis and abuse answers, safety mode, no cards, no memory, no logs."""

from __future__ import annotations

import json
import logging
import re

import pytest

from conftest import CATALOG, CONTENT, Reply, Talk
from skill.ssml import SayAs

LOCALES = CATALOG.skill["locales"]
NEVER_AFTER_A_DISCLOSURE = [
    *(idea.say for idea in CONTENT.ideas),
    *(step.prompt for reflection in CONTENT.reflections.values() for step in reflection.steps),
    *(reflection.intro for reflection in CONTENT.reflections.values()),
    *(q.ask for questions in CONTENT.questions.by_depth.values() for q in questions),
    *(q.ask for q in CONTENT.checkin.questions),
    *(opener.say for opener in CONTENT.openers),
    *(phrase for name in ("help", "menu", "goodbye", "fallback") for phrase in CONTENT.phrases[name]),
]


def spoken(number) -> str:
    """How a number appears in the SSML: as words, or inside its say-as tag."""
    if number.spoken:
        return number.spoken
    return f'<say-as interpret-as="{number.read_as}">{number.value}</say-as>'


def positions(speech: str, number) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(spoken(number)), speech, re.IGNORECASE)]


def offers_nothing_else(reply: Reply) -> bool:
    text = re.sub(r"<[^>]+>", "", reply.speech)
    return not any(" ".join(line.split()) in text for line in NEVER_AFTER_A_DISCLOSURE)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_has_an_emergency_number_a_crisis_line_and_an_abuse_line_with_sources(locale):
    numbers = CONTENT.safety[locale].numbers
    for name in ("emergency", "crisis", "abuse"):
        assert numbers[name].value and numbers[name].service
        assert numbers[name].sources and all(s.startswith("https://") for s in numbers[name].sources)


@pytest.mark.parametrize("locale,emergency,crisis", [
    ("en-US", "911", "988"), ("en-CA", "911", "988"), ("en-GB", "999", "116 123"),
    ("en-AU", "000", "13 11 14"), ("en-IN", "112", "14416"),
])
def test_the_product_owners_numbers_are_the_ones_spoken(locale, emergency, crisis):
    numbers = CONTENT.safety[locale].numbers
    assert (numbers["emergency"].value, numbers["crisis"].value) == (emergency, crisis)


@pytest.mark.parametrize("locale", LOCALES)
def test_crisis_speaks_emergency_and_crisis_line_first_then_once_more_with_no_card(locale):
    talk = Talk(locale)
    talk.launch()
    reply = talk.intent("CrisisIntent")
    numbers = CONTENT.safety[locale].numbers
    emergency = positions(reply.speech, numbers["emergency"])
    crisis = positions(reply.speech, numbers["crisis"])
    assert len(emergency) == 2 and len(crisis) == 2, reply.speech
    assert emergency[0] < crisis[0] < emergency[1] < crisis[1]
    assert "You matter" in reply.speech
    assert not reply.card and "card" not in reply.response
    assert not reply.ended and offers_nothing_else(reply)


@pytest.mark.parametrize("locale", LOCALES)
def test_abuse_speaks_the_emergency_number_first_and_the_support_line_twice_with_no_card(locale):
    talk = Talk(locale)
    reply = talk.intent("SafetyIntent")
    numbers = CONTENT.safety[locale].numbers
    emergency, line = positions(reply.speech, numbers["emergency"]), positions(reply.speech, numbers["abuse"])
    assert len(line) == 2 and emergency and emergency[0] < line[0], reply.speech
    assert "card" not in reply.response
    assert offers_nothing_else(reply)


def test_the_first_answers_fit_forty_words_before_the_numbers_are_repeated():
    from content.validator import word_count

    for info in CONTENT.safety.values():
        assert word_count(info.messages["crisis"]) <= 40
        assert word_count(info.messages["abuse"]) <= 40


def test_australian_numbers_are_said_the_way_australians_say_them():
    reply = Talk("en-AU").intent("SafetyIntent")
    assert "triple zero" in reply.speech and "One eight hundred, respect" in reply.speech
    assert '<say-as interpret-as="telephone">1800 737 732</say-as>' in reply.speech
    assert "1800RESPECT" not in reply.speech
    assert "thirteen eleven fourteen" in Talk("en-AU").intent("CrisisIntent").speech


def test_a_locale_without_numbers_still_gets_calm_guidance():
    reply = Talk("fr-FR").intent("CrisisIntent")
    assert "emergency number" in reply.speech and "say-as" not in reply.speech


@pytest.mark.parametrize("kind", ["SafetyIntent", "CrisisIntent"])
@pytest.mark.parametrize("then", ["AMAZON.HelpIntent", "AMAZON.FallbackIntent", "AMAZON.NextIntent",
                                  "AMAZON.MoreIntent", "AMAZON.YesIntent", "AMAZON.RepeatIntent",
                                  "ReconnectionIdeaIntent", "GuidedReflectionIntent", "SignsIntent",
                                  "AMAZON.StartOverIntent", "AMAZON.ResumeIntent", "ForgetMeIntent"])
def test_after_a_disclosure_every_request_gets_help_and_never_a_tip(kind, then):
    talk = Talk()
    talk.intent(kind)
    reply = talk.intent(then)
    line = CONTENT.safety["en-US"].numbers["crisis" if kind == "CrisisIntent" else "abuse"]
    assert spoken(line) in reply.speech
    assert offers_nothing_else(reply)
    assert "card" not in reply.response and not reply.ended


def test_more_and_repeat_after_abuse_give_the_fuller_list():
    talk = Talk()
    talk.intent("SafetyIntent")
    for intent in ("AMAZON.MoreIntent", "AMAZON.RepeatIntent"):
        reply = talk.intent(intent)
        assert "RAINN" in reply.speech and "88788" in reply.speech


@pytest.mark.parametrize("kind,line", [("SafetyIntent", "abuse"), ("CrisisIntent", "crisis")])
@pytest.mark.parametrize("then", ["AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NoIntent",
                                  "AMAZON.PauseIntent"])
def test_stop_after_a_disclosure_is_a_gentle_goodbye_that_repeats_the_number_once(kind, line, then):
    talk = Talk()
    talk.intent(kind)
    reply = talk.intent(then)
    assert reply.ended and "card" not in reply.response
    assert len(positions(reply.speech, CONTENT.safety["en-US"].numbers[line])) == 1
    assert offers_nothing_else(reply)


def test_safety_mode_lasts_until_the_session_ends_and_no_longer():
    talk = Talk()
    talk.intent("SafetyIntent")
    for _ in range(3):
        assert offers_nothing_else(talk.intent("ReconnectionIdeaIntent"))
    talk.intent("AMAZON.StopIntent")
    fresh = talk.intent("ReconnectionIdeaIntent")
    assert not offers_nothing_else(fresh) and fresh.card


def test_a_tampered_safety_attribute_still_means_safety_mode():
    talk = Talk()
    talk.launch()
    talk.session.attributes["safety"] = "yes please"
    assert offers_nothing_else(talk.intent("ReconnectionIdeaIntent"))


@pytest.mark.parametrize("intent,slot", [("ReconnectionIdeaIntent", "cause"), ("CausesIntent", "cause")])
@pytest.mark.parametrize("value,line", [("he hits me", "abuse"), ("my husband chokes me", "abuse"),
                                        ("i want to end my life", "crisis")])
def test_a_disclosure_inside_a_slot_value_gets_help_not_an_idea(intent, slot, value, line):
    talk = Talk()
    reply = talk.intent(intent, **{slot: value})  # no resolution matches: Alexa passes the words through
    assert spoken(CONTENT.safety["en-US"].numbers[line]) in reply.speech
    assert offers_nothing_else(reply) and "card" not in reply.response


def test_an_ordinary_slot_value_is_answered_as_usual():
    reply = Talk().intent("ReconnectionIdeaIntent", cause="we haven't had sex in months")
    assert not offers_nothing_else(reply) and reply.card


def test_nothing_of_a_safety_session_is_stored_for_a_new_listener():
    from test_memory import stored_rows

    talk = Talk()
    talk.intent("CrisisIntent")
    talk.intent("ReconnectionIdeaIntent")
    talk.intent("GuidedReflectionIntent")
    assert talk.session.user_id not in dict(stored_rows())


def test_a_returning_listeners_memory_is_left_as_it_was_by_a_safety_session():
    from test_memory import stored_rows

    talk = Talk()
    talk.intent("ReconnectionIdeaIntent")
    talk.intent("AMAZON.StopIntent")
    before = dict(stored_rows())[talk.session.user_id]
    talk.intent("SafetyIntent")
    talk.intent("AMAZON.NextIntent")
    talk.intent("AMAZON.StopIntent")
    assert dict(stored_rows())[talk.session.user_id] == before


def test_couples_therapy_advice_carries_the_caution_with_the_local_abuse_line():
    for locale in LOCALES:
        reply = Talk(locale).intent("SeekHelpIntent")
        assert "afraid of your partner" in reply.speech
        assert spoken(CONTENT.safety[locale].numbers["abuse"]) in reply.speech


def test_a_counselling_idea_carries_the_caution():
    # The caution follows the idea's `refers` tag, not a pattern over its words.
    counselling = [i for i in CONTENT.ideas if "couples_therapist" in i.refers and not i.situations]
    assert counselling, "no idea suggests couples counselling"
    talk = Talk()
    talk.launch()
    talk.session.attributes["heard"] = [i.id for i in CONTENT.ideas if i not in counselling]
    reply = talk.intent("ReconnectionIdeaIntent")
    assert any(reply.says(idea.say) for idea in counselling)
    assert "afraid of your partner" in reply.speech


def test_web_service_logs_no_intent_for_a_safety_session(caplog):
    from skill.webservice import create_app

    app = create_app(verify=False)
    client = app.test_client()
    talk = Talk()
    with caplog.at_level(logging.INFO, logger="closer_again"):
        for name in ("SafetyIntent", "AMAZON.HelpIntent"):
            event = talk.session.intent(name)  # built after the last reply, with its attributes
            reply = client.post("/", data=json.dumps(event), content_type="application/json")
            talk.session.absorb(reply.get_json())
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("request ")]
    assert len(lines) == 2 and all("intent=private" in line for line in lines)
    assert "SafetyIntent" not in caplog.text and "HelpIntent" not in caplog.text


def test_the_safety_number_parts_use_say_as_or_words():
    from intents.handlers.safety import safety_parts

    parts = safety_parts(CONTENT.safety["en-US"], "abuse")
    assert SayAs("911", "digits") in parts and SayAs("1-800-799-7233", "telephone") in parts


def test_tell_me_more_that_suggests_couples_therapy_carries_the_caution_too():
    idea = next(i for i in CONTENT.ideas if "couples_therapist" in i.refers and not i.situations)
    talk = Talk()
    talk.launch()
    talk.session.attributes["heard"] = [i.id for i in CONTENT.ideas if i.id != idea.id]
    assert talk.intent("ReconnectionIdeaIntent").says(idea.say)
    more = talk.intent("AMAZON.MoreIntent")
    assert more.says(idea.more) and "afraid of your partner" in more.speech


@pytest.mark.parametrize("locale,intent,heard", [
    ("en-US", "SafetyIntent", ["call nine one one",
                               "one, eight hundred, seven nine nine, seven two three three"]),
    ("en-US", "CrisisIntent", ["call or text nine eight eight"]),
    ("en-AU", "SafetyIntent", ["triple zero", "one eight hundred, seven three seven, seven three two"]),
    ("en-GB", "CrisisIntent", ["nine nine nine", "one one six, one two three"]),
])
def test_the_local_preview_reads_the_numbers_as_alexa_does(locale, intent, heard):
    from local_runner.ssml_preview import preview

    segments = preview(Talk(locale).intent(intent).speech).segments
    words = " ".join(s.text for s in segments if hasattr(s, "text"))
    for phrase in heard:
        assert phrase in words
    assert "hundred eleven" not in words and "thousand" not in words
