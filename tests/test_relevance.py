"""Ideas for someone else's life stay with that life: situations known for a couple, through lambda_handler.

A situation is known when a couple asks for it, says yes to it in a check-in,
or tells the skill. It is kept as an id, remembered across sessions, cleared by
"forget me" or "we're not new parents any more", and never said aloud later.
"""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from conftest import CONTENT, Reply, Talk

IDEAS = {idea.say: idea for idea in CONTENT.ideas}
GENERAL = [idea for idea in CONTENT.ideas if not idea.situations]
SITUATION_NAMES = [name.lower() for name in CONTENT.situations.values()]


def idea_in(reply: Reply):
    found = [idea for say, idea in IDEAS.items() if reply.says(say)]
    assert len(found) == 1, reply.card
    return found[0]


def stored(talk: Talk) -> dict:
    with sqlite3.connect(os.environ["CLOSER_DB"]) as db:
        rows = dict(db.execute("SELECT user_id, data FROM attributes"))
    return json.loads(rows.get(talk.session.user_id, "{}"))


def tell(talk: Talk, situation: str) -> Reply:
    return talk.intent("OurSituationIntent", situation=situation)


def test_plain_another_in_a_fresh_session_never_gives_an_idea_for_someone_elses_life():
    talk = Talk()
    heard = [idea_in(talk.intent("ReconnectionIdeaIntent"))]
    for _ in range(len(GENERAL) + 10):  # all of them, and round again
        heard.append(idea_in(talk.intent("AMAZON.NextIntent")))
    assert not [idea.id for idea in heard if idea.situations]
    assert {idea.id for idea in heard} == {idea.id for idea in GENERAL}


def test_yes_to_another_and_a_cause_stay_with_ideas_for_everyone():
    talk = Talk()
    talk.launch()
    heard = [idea_in(talk.intent("AMAZON.YesIntent"))]
    # Issue 16: each idea ends its session; "another" is asked for again in the next one.
    heard += [idea_in(talk.intent("AMAZON.NextIntent")) for _ in range(15)]
    heard += [idea_in(talk.intent("ReconnectionIdeaIntent", cause="too busy")) for _ in range(10)]
    assert not [idea.id for idea in heard if idea.situations]


@pytest.mark.parametrize("said,situation", [
    ("a baby", "new_parents"), ("opposite shifts", "different_schedules"),
    ("my partner is asexual", "asexual_spectrum"), ("a wheelchair", "illness_or_disability"),
])
def test_told_a_situation_it_notes_an_id_without_saying_it_and_offers_an_idea_that_fits(said, situation):
    talk = Talk()
    reply = tell(talk, said)
    assert any(reply.says(p) for p in CONTENT.phrases["situation_noted"])
    assert not any(name in reply.card.lower() for name in SITUATION_NAMES)
    assert reply.attributes["known_situations"] == [situation]
    assert any(reply.card.endswith(q) for q in CONTENT.followups["idea_for_situation"])
    idea = idea_in(talk.intent("AMAZON.YesIntent"))
    assert situation in idea.situations
    assert stored(talk)["situations"] == [situation]  # the id only, never the words said


def test_a_known_situation_is_remembered_its_ideas_can_come_and_it_is_never_named_later():
    talk = Talk()
    tell(talk, "a baby")
    talk.intent("AMAZON.StopIntent")
    welcome = talk.launch()
    assert welcome.attributes["known_situations"] == ["new_parents"]
    replies = [talk.intent("ReconnectionIdeaIntent")]
    replies += [talk.intent("AMAZON.NextIntent") for _ in range(len(GENERAL) + 8)]
    heard = [idea_in(reply) for reply in replies]
    assert any("new_parents" in idea.situations for idea in heard)  # allowed now
    assert not [i.id for i in heard if i.situations and "new_parents" not in i.situations]  # others still not
    for reply in [welcome, *replies]:
        assert not any(name in reply.card.lower() for name in SITUATION_NAMES), reply.card


def test_were_not_new_parents_any_more_forgets_that_situation_and_its_ideas():
    talk = Talk()
    tell(talk, "a baby")
    tell(talk, "opposite shifts")
    reply = talk.intent("SituationOverIntent", situation="new parents")
    assert any(reply.says(p) for p in CONTENT.phrases["situation_cleared"])
    assert reply.attributes["known_situations"] == ["different_schedules"]
    assert stored(talk)["situations"] == ["different_schedules"]
    heard = [idea_in(talk.intent("ReconnectionIdeaIntent")) for _ in range(len(GENERAL) + 5)]
    stale = [i.id for i in heard if set(i.situations) == {"new_parents"}]
    assert not stale


def test_forget_me_clears_known_situations_too():
    talk = Talk()
    tell(talk, "a baby")
    talk.intent("ForgetMeIntent")
    done = talk.intent("AMAZON.YesIntent")
    assert any(done.says(p) for p in CONTENT.phrases["forgotten"])
    assert "known_situations" not in done.attributes and stored(talk) == {}


def test_asking_for_a_situation_makes_it_known_and_another_prefers_it():
    talk = Talk()
    first = idea_in(talk.intent("ReconnectionIdeaIntent", situation="we live apart"))
    assert "long_distance" in first.situations
    assert "long_distance" in idea_in(talk.intent("AMAZON.NextIntent")).situations
    assert talk.session.attributes["known_situations"] == ["long_distance"]


def test_a_yes_from_both_in_the_check_in_makes_a_situation_known():
    talk = Talk()
    talk.intent("CheckInIntent")
    order = ["baby_nights", "unsettled", "unnoticed", "shy_body", "same_every_time"]
    talk.session.attributes["checkin"] = {"order": order, "index": 0, "scores": {}, "split": [], "yes": []}
    talk.intent("CheckInAnswerIntent", answer="both yes")
    for _ in order[1:]:
        reply = talk.intent("AMAZON.NoIntent")
    assert reply.attributes["known_situations"] == ["new_parents"]
    assert "new parents" not in reply.card.lower()


def test_a_split_answer_on_a_situation_question_does_not_make_it_known():
    talk = Talk()
    talk.intent("CheckInIntent")
    order = ["shifts_apart", "unsettled", "unnoticed", "shy_body", "same_every_time"]
    talk.session.attributes["checkin"] = {"order": order, "index": 0, "scores": {}, "split": [], "yes": []}
    talk.intent("CheckInAnswerIntent", answer="one of us")
    for _ in order[1:]:
        reply = talk.intent("AMAZON.NoIntent")
    assert "known_situations" not in reply.attributes


def test_an_opener_for_another_life_comes_only_when_its_topic_is_asked_for():
    general = [o for o in CONTENT.openers if not o.situations]
    talk = Talk()
    talk.intent("ConversationStarterIntent")
    for _ in range(len(general) + 3):
        reply = talk.intent("AMAZON.NextIntent")
        assert not any(reply.says(o.say) for o in CONTENT.openers if o.situations)
    asked = Talk().intent("ConversationStarterIntent", topic="asexuality")
    assert any(asked.says(o.say) for o in CONTENT.openers if o.topic == "little_desire")


def test_pain_always_starts_with_the_doctor_said_as_a_referral():
    for _ in range(3):
        talk = Talk()
        reply = talk.intent("ReconnectionIdeaIntent", situation="sex hurts")
        idea = idea_in(reply)
        assert idea.id == CONTENT.lead_with["pain_or_health"] and "doctor" in idea.refers
        assert any(reply.says(p) for p in CONTENT.phrases["referral_intro"])
        assert not any(reply.says(p) for p in CONTENT.phrases["idea_intro"])
        follow = idea_in(talk.intent("AMAZON.NextIntent"))
        assert "pain_or_health" in follow.situations and follow.id != idea.id


def test_tampered_known_situations_are_ignored():
    talk = Talk()
    talk.launch()
    talk.session.attributes["known_situations"] = ["on_the_moon", 7, {"x": 1}]
    heard = [idea_in(talk.intent("ReconnectionIdeaIntent")) for _ in range(10)]
    assert not [idea.id for idea in heard if idea.situations]
