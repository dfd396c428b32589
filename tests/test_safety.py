"""Safety through lambda_handler: crisis and abuse answers, the quick exit, survivors of past
abuse, safety mode, no cards, no reprompts, no memory, and logs that say nothing."""

from __future__ import annotations

import functools
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


@functools.cache
def _matcher():
    from local_runner.matcher import Matcher

    return Matcher()


def runner_for(locale: str):
    """A fresh local runner: typed words matched and sent through lambda_handler, as a person would."""
    from local_runner.runner import Runner

    return Runner(_matcher(), locale=locale, user_id=None)


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


def services(locale: str) -> list[str]:
    """Every service of a locale as a listener would hear it named (words of 4+ letters
    from each `service`, and the names spoken in its fuller list)."""
    named = {"hotline", "helpline", "respect", "refuge", "rainn", "samaritans", "lifeline", "tele-manas",
             "childhelp", "napac", "stronghearts", "mensline", "men's advice", "live fear free",
             "women helpline", "domestic", "violence", "abuse", "sos", "hope for wellness"}
    for number in CONTENT.safety[locale].numbers.values():
        name = number.service.split(",")[0].split("(")[0].strip().lower()
        if not name.replace(" ", "").isdigit():  # a number alone names nothing
            named.add(name)
    return sorted(named - {"emergency services", "triple zero"})


def said(reply: Reply) -> str:
    return re.sub(r"<[^>]+>", " ", reply.speech).lower()


def opened_then(locale: str, intent: str) -> tuple[Talk, Reply]:
    """A session opened in `locale`, then `intent`: the talk goes on, and its reply."""
    talk = Talk(locale)
    talk.launch()
    return talk, talk.intent(intent)


@pytest.mark.parametrize("locale", LOCALES)
def test_crisis_leads_with_the_emergency_number_then_the_crisis_line_twice_with_no_card(locale):
    _, reply = opened_then(locale, "CrisisIntent")
    numbers = CONTENT.safety[locale].numbers
    emergency = positions(reply.speech, numbers["emergency"])
    crisis = positions(reply.speech, numbers["crisis"])
    assert len(emergency) == 2 and len(crisis) == 3, reply.speech
    assert emergency[0] < crisis[0] < crisis[1] < emergency[1] < crisis[2]
    # Someone who has already taken something hears the emergency number before anything else.
    assert said(reply).split()[:3] == ["if", "you've", "hurt"], reply.speech
    assert "taken something" in said(reply) and "you matter" in said(reply)
    assert not reply.card and "card" not in reply.response
    assert not reply.ended and offers_nothing_else(reply)
    assert "reprompt" not in reply.response  # silence closes the session; nothing asks again


@pytest.mark.parametrize("locale", LOCALES)
def test_the_first_abuse_answer_is_discreet_the_emergency_number_then_one_line_twice(locale):
    reply = Talk(locale).intent("SafetyIntent")
    numbers = CONTENT.safety[locale].numbers
    emergency, line = positions(reply.speech, numbers["emergency"]), positions(reply.speech, numbers["abuse"])
    assert len(line) == 2 and len(emergency) == 1 and emergency[0] < line[0], reply.speech
    heard = said(reply)
    assert "free, confidential support line" in heard
    assert [name for name in services(locale) if name in heard] == [], heard  # no service named
    assert "card" not in reply.response and "reprompt" not in reply.response and not reply.ended
    assert "repeat" not in heard and "shall i" not in heard  # nothing asked into a silent room
    assert offers_nothing_else(reply)


def test_the_first_answers_fit_forty_words_before_the_numbers_are_repeated():
    from content.validator import word_count

    for info in CONTENT.safety.values():
        assert word_count(info.messages["crisis"]) <= 40
        assert word_count(info.messages["abuse"]) <= 40


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("then", ["AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NoIntent",
                                  "AMAZON.PauseIntent"])
def test_stop_after_abuse_is_a_quick_exit_one_word_and_nothing_else(locale, then):
    talk = Talk(locale)
    talk.intent("SafetyIntent")
    reply = talk.intent(then)
    assert reply.ended and "card" not in reply.response and "reprompt" not in reply.response
    assert said(reply).split() == ["okay."], reply.speech
    assert not re.search(r"\d", reply.speech)


@pytest.mark.parametrize("locale", LOCALES)
def test_never_mind_typed_in_the_local_runner_after_abuse_is_the_quick_exit(locale):
    runner = runner_for(locale)
    runner.say("open closer again")
    assert runner.say("he smashed my phone so i couldn't call anyone")[-1].match.intent == "SafetyIntent"
    last = runner.say("never mind")[-1]
    assert last.match.intent == "AMAZON.CancelIntent" and last.ended
    assert re.sub(r"<[^>]+>", "", last.speech).strip() == "Okay."


@pytest.mark.parametrize("locale", LOCALES)
def test_stop_after_a_crisis_gives_the_crisis_line_once_in_one_short_line(locale):
    talk = Talk(locale)
    talk.intent("CrisisIntent")
    reply = talk.intent("AMAZON.StopIntent")
    assert reply.ended and "card" not in reply.response
    assert len(positions(reply.speech, CONTENT.safety[locale].numbers["crisis"])) == 1
    assert len(said(reply).split()) <= 12
    assert offers_nothing_else(reply)


def test_australian_numbers_are_said_the_way_australians_say_them():
    talk = Talk("en-AU")
    reply = talk.intent("SafetyIntent")
    assert "triple zero" in reply.speech
    assert '<say-as interpret-as="telephone">1800 737 732</say-as>' in reply.speech
    assert "1800RESPECT" not in reply.speech and "respect" not in reply.speech.lower()  # not named at first
    assert "One eight hundred, respect" in talk.intent("AMAZON.MoreIntent").speech
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
    assert "card" not in reply.response and not reply.ended and "reprompt" not in reply.response


def test_more_and_repeat_after_abuse_give_the_fuller_list():
    talk = Talk()
    talk.intent("SafetyIntent")
    for intent in ("AMAZON.MoreIntent", "AMAZON.RepeatIntent", "AMAZON.HelpIntent"):
        reply = talk.intent(intent)
        assert "RAINN" in reply.speech and "88788" in reply.speech
        assert "National Domestic Violence Hotline" in reply.speech


@pytest.mark.parametrize("locale,named", [
    ("en-US", ["National Domestic Violence Hotline", "RAINN", "1-800-656-4673"]),
    ("en-GB", ["England", "Scotland", "Wales", "Northern Ireland", "Men's Advice Line", "0800 027 1234",
               "0808 80 10 800", "0808 802 1414", "0808 8010 327"]),
    ("en-IN", ["Women Helpline", "181", "men too", "14416"]),
    ("en-CA", ["211", "Quebec", "1-800-363-9010"]),
    ("en-AU", ["One eight hundred, respect", "MensLine"]),
])
def test_who_is_that_gives_the_fuller_list_with_each_service_named(locale, named):
    runner = runner_for(locale)
    runner.say("my partner chokes me when he's angry")
    turn = runner.say("who is that")[-1]
    for name in named:
        assert name in turn.speech, (locale, name)


def test_india_gives_every_caller_a_line_that_serves_men_too_and_names_181_for_women_later():
    numbers = CONTENT.safety["en-IN"].numbers
    assert numbers["abuse"].value != "181" and "anyone" in numbers["abuse"].service
    first = Talk("en-IN").intent("SafetyIntent")
    assert "181" not in first.speech


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


def test_web_log_lines_of_a_safety_session_and_an_ordinary_one_have_the_same_fields(caplog):
    from skill.webservice import create_app

    client = create_app(verify=False).test_client()

    def log_lines(names: tuple[str, ...]) -> list[str]:
        talk = Talk()
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="closer_again"):
            for name in names:
                event = talk.session.intent(name)  # built after the last reply, with its attributes
                reply = client.post("/", data=json.dumps(event), content_type="application/json")
                talk.session.absorb(reply.get_json())
        return [r.getMessage() for r in caplog.records if r.getMessage().startswith("request ")]

    def fields(line: str) -> list[tuple[str, str]]:
        """Each field's name, and its value unless it differs by nature (ids, timings)."""
        pairs = [part.split("=", 1) for part in line.split()[1:]]
        return [(key, "" if key in ("id", "latency_ms") else value) for key, value in pairs]

    safety = log_lines(("SafetyIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent"))
    ordinary = log_lines(("ReconnectionIdeaIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent"))
    assert len(safety) == len(ordinary) == 3
    assert [fields(line) for line in safety] == [fields(line) for line in ordinary]
    assert [key for key, _ in fields(safety[0])] == ["id", "type", "locale", "latency_ms", "outcome"]
    assert "private" not in " ".join(safety) and "Intent" not in " ".join(safety).replace("IntentRequest", "")


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


@pytest.mark.parametrize("locale", LOCALES)
def test_a_survivor_of_past_abuse_gets_a_gentle_answer_and_the_survivors_line_not_safety_mode(locale):
    talk, reply = opened_then(locale, "SurvivorSupportIntent")
    numbers = CONTENT.safety[locale].numbers
    assert spoken(numbers["survivors"]) in reply.speech and "not your fault" in reply.speech
    assert "safety" not in reply.attributes and "card" not in reply.response
    assert "reprompt" not in reply.response and not reply.ended
    assert spoken(numbers["emergency"]) not in reply.speech  # not the domestic-abuse script
    later = talk.intent("ReconnectionIdeaIntent")
    assert not offers_nothing_else(later)  # an ordinary session goes on


@pytest.mark.parametrize("utterance", ["i was abused as a child",
                                       "my ex abused me years ago and it still affects us"])
def test_childhood_and_past_abuse_typed_in_the_runner_reach_the_survivor_answer(utterance):
    turn = runner_for("en-US").say(utterance)[-1]
    assert turn.match.intent == "SurvivorSupportIntent"
    assert "safety" not in (turn.response.get("sessionAttributes") or {})
    assert "1-800-422-4453" in turn.speech


def test_past_abuse_in_a_slot_value_gets_the_survivor_answer_and_abuse_now_still_wins():
    past = Talk().intent("ReconnectionIdeaIntent", cause="i was abused as a child")
    assert "1-800-422-4453" in past.speech and "safety" not in past.attributes
    now = Talk().intent("ReconnectionIdeaIntent", cause="i was abused as a child and now my husband hits me")
    assert now.attributes.get("safety") == "abuse"


@pytest.mark.parametrize("utterance", ["i'm asexual", "my partner is asexual", "i never want sex",
                                       "my wife is asexual and i'm not"])
def test_asexuality_and_low_desire_are_not_disclosures(utterance):
    turn = runner_for("en-US").say(utterance)[-1]
    assert turn.match.intent not in ("SafetyIntent", "CrisisIntent", "SurvivorSupportIntent")
    assert "safety" not in (turn.response.get("sessionAttributes") or {})
    assert "your fault" not in turn.speech
