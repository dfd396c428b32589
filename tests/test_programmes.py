"""Programmes: their content, their safety lines, one step a night, and the screen."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from conftest import CATALOG, CONTENT, Talk, slot_value
from content import ContentError
from content.loader import DATA_DIR
from content.programmes import FILE, load_programmes
from intents.kept import PROGRAMME
from local_runner.envelopes import Session
from skill.lambda_function import lambda_handler

PROGRAMMES = load_programmes(CONTENT)
CATALOG_TYPES = CATALOG.slot_types["ProgrammeType"]
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
# Never explicit: no anatomy and no sexual acts anywhere in the programmes.
EXPLICIT = re.compile(r"\b(genital\w*|breasts?|orgasm\w*|penis|vagina\w*|erection|arous\w*|naked|nude|"
                      r"intercourse|foreplay|climax)\b", re.IGNORECASE)


def begin(talk: Talk, programme: str):
    spoken = next(v.name for v in CATALOG_TYPES if v.id == programme)
    return talk.intent("ProgrammeIntent", programme=spoken)


def test_three_programmes_of_seven_seven_and_five_nights_each_step_tagged():
    nights = {p.id: len(p.steps) for p in PROGRAMMES.by_id.values()}
    assert nights == {"reconnection_week": 7, "touch_without_pressure": 7, "after_a_hard_patch": 5}
    ways = {way.id for way in CONTENT.ways}
    for programme in PROGRAMMES.by_id.values():
        assert {step.way for step in programme.steps} <= ways
        assert all(step.causes for step in programme.steps)
    week = PROGRAMMES.by_id["reconnection_week"]
    assert {"talk", "touch", "outside"} <= {step.way for step in week.steps}  # a talk, touch, a ritual...


def test_programme_ids_are_the_programme_slot_ids():
    assert [v.id for v in CATALOG_TYPES] == list(PROGRAMMES.by_id)


def test_touch_without_pressure_opens_with_the_agreement_and_stays_gentle():
    touch = PROGRAMMES.by_id["touch_without_pressure"]
    assert "sex is off the table" in touch.intro and "aloud" in touch.intro
    assert re.search(r"pause or stop", touch.intro)
    for programme in PROGRAMMES.by_id.values():
        for text in (programme.intro, programme.closing, *(step.say for step in programme.steps)):
            assert not EXPLICIT.search(text), text
    # Consent is said, not assumed: every touching night names a way to slow or stop.
    for step in touch.steps:
        if step.way == "touch":
            assert re.search(r"\b(stop|okay|no is|softer|agreement|leads)\b", step.say), step.id


@pytest.mark.parametrize("locale", LOCALES)
def test_after_a_hard_patch_says_at_its_start_it_is_not_for_fear_with_the_locales_abuse_line(locale):
    talk = Talk(locale)
    talk.launch()
    reply = begin(talk, "after_a_hard_patch")
    info = CONTENT.safety_for(locale)
    number = info.numbers["abuse"]
    assert "afraid of the other" in reply.speech
    assert (number.spoken or number.value) in reply.speech
    assert reply.attributes["pending"] == "programme_tonight"


def test_a_locale_without_numbers_still_hears_the_caution():
    talk = Talk("fr-FR")
    talk.launch()
    reply = begin(talk, "after_a_hard_patch")
    assert "afraid of the other" in reply.speech and "{abuse}" not in reply.speech
    assert "helpline" in reply.speech


def test_the_therapist_night_is_introduced_with_the_safety_caution():
    hard = PROGRAMMES.by_id["after_a_hard_patch"]
    referring = [step for step in hard.steps if "couples_therapist" in step.refers]
    assert referring, "the series says when to seek a therapist"
    talk = Talk("en-GB")
    talk.launch()
    begin(talk, "after_a_hard_patch")
    state = dict(talk.session.attributes[PROGRAMME])
    index = hard.steps.index(referring[0])
    talk.session.attributes[PROGRAMME] = {**state, "night": index}
    reply = talk.intent("AMAZON.YesIntent")
    assert referring[0].say.split(".")[0] in reply.speech
    caution = CONTENT.safety_for("en-GB").messages["therapy_caution"].split("{")[0].strip()
    assert caution in reply.speech


def test_one_step_a_night_then_the_same_step_again_the_same_night():
    talk = Talk()
    talk.launch()
    begin(talk, "reconnection_week")
    first = talk.intent("AMAZON.YesIntent")
    step = PROGRAMMES.by_id["reconnection_week"].steps[0]
    assert " ".join(step.say.split()[:6]) in first.speech
    again = talk.intent("ProgrammeIntent")
    assert " ".join(step.say.split()[:6]) in again.speech
    assert talk.session.attributes[PROGRAMME]["night"] == 1


def test_a_programme_night_on_a_screen_shows_its_progress():
    session = Session("en-US", screen=True)
    session.absorb(lambda_handler(session.launch(), None))
    named = {"programme": slot_value("reconnection week", "ProgrammeType")}
    session.absorb(lambda_handler(session.intent("ProgrammeIntent", named, ("programme",)), None))
    response = lambda_handler(session.intent("AMAZON.YesIntent"), None)
    directive = next(d for d in response["response"]["directives"]
                     if d["type"] == "Alexa.Presentation.APL.RenderDocument")
    answer = directive["datasources"]["answer"]
    assert "night 1 of 7" in answer["title"].lower() and "reconnection week" in answer["title"].lower()
    assert answer["text"].startswith("Tonight is about noticing")


@pytest.fixture
def data(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _edit(data, change):
    path = data / FILE
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("change, item, problem", [
    (lambda raw: raw["programmes"][0]["steps"][0].update(way="dancing"), "rw_appreciation", "way 'dancing'"),
    (lambda raw: raw["programmes"][2].pop("intro_default"), "after_a_hard_patch", "intro_default"),
    (lambda raw: raw["programmes"][0].update(next="nowhere"), "reconnection_week", "next 'nowhere'"),
    (lambda raw: raw["programmes"][1]["steps"][0].update(refers=["astrologer"]), "tp_touch_you_enjoy",
     "astrologer"),
    (lambda raw: raw["lines"].pop("offer"), "lines", "offer"),
    (lambda raw: raw["programmes"][0]["steps"][0].update(say="word " * 80), "rw_appreciation", "80 words"),
])
def test_a_broken_programme_file_fails_with_one_clear_message(data, change, item, problem):
    _edit(data, change)
    with pytest.raises(ContentError) as raised:
        load_programmes(CONTENT, data)
    message = str(raised.value)
    assert message.startswith(FILE) and item in message and problem in message


def test_a_step_that_speaks_of_couples_therapy_carries_the_referral_tag():
    from content.validator import mentions_couples_therapy

    for programme in PROGRAMMES.by_id.values():
        for step in programme.steps:
            if mentions_couples_therapy(step.say):
                assert "couples_therapist" in step.refers, step.id


def test_just_after_a_step_pause_is_a_moment_and_start_over_is_tonights_step_again(talk):
    talk.launch()
    begin(talk, "reconnection_week")
    talk.intent("AMAZON.YesIntent")
    paused = talk.intent("AMAZON.PauseIntent")
    assert not talk.session.attributes[PROGRAMME]["paused"] and not paused.ended
    talk.intent("AMAZON.YesIntent")  # "anything else?" yes: the menu
    again = talk.intent("ProgrammeIntent")
    assert "Tonight is about noticing" in again.speech
    assert talk.session.attributes["mode"] == "programme_night"
    once_more = talk.intent("AMAZON.StartOverIntent")
    assert "Tonight is about noticing" in once_more.speech
    assert talk.session.attributes[PROGRAMME]["night"] == 1


def test_a_night_is_one_short_turn_and_every_opening_fits_before_its_question():
    from content.validator import word_count

    longest_line = max(word_count(text) for key in ("night", "again") for text in PROGRAMMES.lines[key])
    longest_question = max(word_count(q) for q in CONTENT.followups["anything_else"])
    for programme in PROGRAMMES.by_id.values():
        for step in programme.steps:
            # about half a minute at Alexa's pace: an exercise, said once a night
            assert word_count(step.say) + longest_line + longest_question <= 90, step.id
        opening = max(word_count(t) for t in PROGRAMMES.lines["begin"]) + word_count(programme.intro) + \
            max(word_count(t) for t in PROGRAMMES.lines["ready"])
        assert opening <= 100, programme.id


def test_programmes_are_cached_as_json_and_an_edit_is_picked_up(data):
    first = load_programmes(CONTENT, data)
    assert (data / "__pycache__" / "programmes.json").exists()
    _edit(data, lambda raw: raw["programmes"][0].update(name="week of reconnecting"))
    assert load_programmes(CONTENT, data).by_id["reconnection_week"].name == "week of reconnecting"
    assert first.by_id["reconnection_week"].name == "reconnection week"
