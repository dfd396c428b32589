"""The check-in, through lambda_handler: its flow, what it finds, and what it remembers."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from conftest import CATALOG, CONTENT, Reply, Talk, spoken

QUESTIONS = CONTENT.checkin.questions
IDEAS_BY_SAY = {idea.say: idea for idea in CONTENT.ideas}
# The yes/no questions, then the choice question, in the order asked.
YES_NO = [q for q in QUESTIONS if not q.choices]
CHOICE = next(q for q in QUESTIONS if q.choices)


def asks(reply: Reply, index: int) -> bool:
    return reply.card.endswith(QUESTIONS[index].ask) and not reply.ended


def stored(talk: Talk) -> dict:
    with sqlite3.connect(os.environ["CLOSER_DB"]) as db:
        rows = dict(db.execute("SELECT user_id, data FROM attributes"))
    return json.loads(rows.get(talk.session.user_id, "{}"))


def idea_in(reply: Reply):
    found = [idea for say, idea in IDEAS_BY_SAY.items() if reply.says(say)]
    assert len(found) == 1, reply.card
    return found[0]


def run_checkin(talk: Talk, answers: list[tuple[str, dict]]) -> Reply:
    """Start a check-in and give `answers` as (intent, slots); returns the last reply."""
    reply = talk.intent("CheckInIntent")
    assert any(reply.says(p) for p in CONTENT.checkin.phrases["intro"]) and asks(reply, 0)
    for index, (intent, slots) in enumerate(answers):
        reply = talk.intent(intent, **slots)
        if index + 1 < len(QUESTIONS):
            assert asks(reply, index + 1), reply.card
    return reply


YES = ("AMAZON.YesIntent", {})
NO = ("AMAZON.NoIntent", {})
NOT_SURE = ("CheckInAnswerIntent", {"answer": "not sure"})


def test_the_check_in_asks_three_to_five_questions_drawn_from_the_causes():
    assert 3 <= len(QUESTIONS) <= 5
    pointed = {q.cause for q in YES_NO} | set(CHOICE.choices.values())
    assert pointed == set(CONTENT.causes)
    answer_ids = {v.id for v in CATALOG.slot_types["CheckInAnswerType"]}
    assert set(CHOICE.choices) <= answer_ids and {"yes", "no", "not_sure"} <= answer_ids


def test_a_yes_names_the_cause_offers_its_idea_and_remembers_the_focus():
    talk = Talk()
    first = YES_NO[0]  # busy days: stress
    reply = run_checkin(talk, [YES, NO, NO, NO, ("CheckInAnswerIntent", {"answer": "time together"})])
    assert any(reply.says(f) for f in CONTENT.checkin.findings[first.cause])
    assert any(reply.card.endswith(q) for q in CONTENT.followups["idea_for_cause"])
    assert not reply.ended and reply.reprompt.count("?") == 1
    idea = idea_in(talk.intent("AMAZON.YesIntent"))
    assert first.cause in idea.causes
    today = datetime.now(timezone.utc).date().isoformat()
    assert stored(talk)["checkin"] == {"date": today, "focus": first.cause}


def test_not_sure_and_a_choice_tip_the_finding():
    talk = Talk()
    # A not sure (one point) ties with a choice (one point): the cause asked about first wins.
    answers = [NO, NOT_SURE, NO, NO, ("CheckInAnswerIntent", {"answer": "more fun"})]
    reply = run_checkin(talk, answers)
    assert any(reply.says(f) for f in CONTENT.checkin.findings[YES_NO[1].cause])
    talk = Talk()
    reply = run_checkin(talk, [NO, NO, NO, NO, ("CheckInAnswerIntent", {"answer": "a bit of fun"})])
    assert any(reply.says(f) for f in CONTENT.checkin.findings[CHOICE.choices["fun"]])
    assert stored(talk)["checkin"]["focus"] == "routine"


def test_all_no_finds_nothing_offers_a_plain_idea_and_keeps_no_focus():
    talk = Talk()
    reply = run_checkin(talk, [NO, NO, NO, NO, NOT_SURE])
    assert any(reply.says(f) for f in CONTENT.checkin.findings["none"])
    assert any(reply.card.endswith(q) for q in CONTENT.followups["idea"])
    assert set(stored(talk)["checkin"]) == {"date"}


def test_an_answer_the_question_does_not_take_asks_it_again_without_moving_on(talk):
    talk.intent("CheckInIntent")
    reply = talk.intent("CheckInAnswerIntent", answer="more fun")  # a choice, to a yes/no question
    assert any(reply.says(p) for p in CONTENT.checkin.phrases["unclear"]) and asks(reply, 0)
    reply = talk.intent("CheckInAnswerIntent", answer="something we never said")  # resolves to nothing
    assert asks(reply, 0)
    for _ in YES_NO:
        talk.intent("AMAZON.NoIntent")
    reply = talk.intent("AMAZON.YesIntent")  # yes, to "what would you most like more of"
    assert any(reply.says(p) for p in CONTENT.checkin.phrases["unclear_choice"])
    assert asks(reply, len(QUESTIONS) - 1)


def test_repeat_says_just_the_question_and_help_explains_then_asks_it(talk):
    talk.intent("CheckInIntent")
    talk.intent("AMAZON.YesIntent")
    repeat = talk.intent("AMAZON.RepeatIntent")
    assert repeat.card == QUESTIONS[1].ask
    help_ = talk.intent("AMAZON.HelpIntent")
    assert any(help_.says(p) for p in CONTENT.checkin.phrases["help"]) and asks(help_, 1)
    paused = talk.intent("AMAZON.PauseIntent")
    assert any(paused.says(p) for p in CONTENT.checkin.phrases["waiting"]) and asks(paused, 1)
    assert asks(talk.intent("AMAZON.YesIntent"), 2)  # the check-in carries on where it was


def test_start_over_goes_back_to_the_first_question_with_a_clean_slate(talk):
    talk.intent("CheckInIntent")
    talk.intent("AMAZON.YesIntent")
    talk.intent("AMAZON.YesIntent")
    reply = talk.intent("AMAZON.StartOverIntent")
    assert any(reply.says(p) for p in CONTENT.checkin.phrases["restart"]) and asks(reply, 0)
    assert reply.attributes["checkin"] == {"index": 0, "scores": {}}
    for answer in (NO, NO, NO, YES):
        talk.intent(answer[0])
    reply = talk.intent("AMAZON.NoIntent")
    assert any(reply.says(f) for f in CONTENT.checkin.findings[YES_NO[3].cause])


def test_stop_at_any_question_ends_and_keeps_nothing_of_the_unfinished_check_in():
    talk = Talk()
    talk.intent("CheckInIntent")
    talk.intent("AMAZON.YesIntent")
    reply = talk.intent("AMAZON.StopIntent")
    assert reply.ended and any(reply.says(p) for p in spoken("goodbye"))
    assert "checkin" not in stored(talk) and "focus" not in json.dumps(stored(talk))


def test_leaving_for_another_request_ends_the_check_in(talk):
    talk.intent("CheckInIntent")
    idea = talk.intent("ReconnectionIdeaIntent")
    idea_in(idea)
    assert idea.ended  # issue 16: an idea is left with the couple
    idea_in(talk.intent("AMAZON.NextIntent"))  # later, "another" means another idea, not an answer


def test_next_skips_a_question_as_not_sure(talk):
    talk.intent("CheckInIntent")
    assert asks(talk.intent("AMAZON.NextIntent"), 1)


def test_a_disclosure_as_an_answer_gets_safety_information_not_the_next_question(talk):
    talk.intent("CheckInIntent")
    safety = talk.intent("SafetyIntent")
    assert "1-800-799-7233" in safety.speech and "card" not in safety.response
    assert not any(q.ask in safety.speech for q in QUESTIONS)
    after = talk.intent("AMAZON.YesIntent")
    assert not any(q.ask in after.speech for q in QUESTIONS) and "1-800-799-7233" in after.speech


def test_a_disclosure_heard_as_the_answer_slot_gets_safety_information(talk):
    talk.intent("CheckInIntent")
    reply = talk.intent("CheckInAnswerIntent", answer="he hits me when i say no")
    assert "1-800-799-7233" in reply.speech and "card" not in reply.response
    assert not any(q.ask in reply.speech for q in QUESTIONS)


def test_nothing_is_stored_from_a_session_marked_for_safety():
    talk = Talk()
    run_checkin(talk, [YES, NO, NO, NO])
    talk.session.attributes["safety"] = "abuse"
    talk.intent("AMAZON.NoIntent")
    assert "checkin" not in stored(talk)


def test_the_remembered_focus_leads_the_ideas_in_later_sessions_without_naming_it():
    talk = Talk()
    run_checkin(talk, [NO, NO, NO, YES, NO])
    focus = YES_NO[3].cause
    talk.intent("AMAZON.StopIntent")
    talk.launch()
    tagged = [idea for idea in CONTENT.ideas if focus in idea.causes]
    reply = talk.intent("ReconnectionIdeaIntent")
    heard = [idea_in(reply)]
    assert not reply.says(CONTENT.causes[focus].name)  # the speaker may be shared: never read back
    for _ in range(len(tagged) - 1):
        heard.append(idea_in(talk.intent("AMAZON.NextIntent")))
    assert {idea.id for idea in heard} == {idea.id for idea in tagged}
    assert focus not in idea_in(talk.intent("AMAZON.NextIntent")).causes  # then the rest


def launch_on(talk: Talk, when: datetime) -> Reply:
    event = talk.session.launch()
    event["request"]["timestamp"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return talk.send(event)


@pytest.mark.parametrize("days,offered", [(3, False), (6, False), (7, True), (30, True)])
def test_the_launch_offers_a_fresh_check_in_a_week_after_the_last(days, offered):
    talk = Talk()
    run_checkin(talk, [YES, NO, NO, NO, NOT_SURE])
    talk.intent("AMAZON.StopIntent")
    reply = launch_on(talk, datetime.now(timezone.utc) + timedelta(days=days))
    assert any(reply.says(p) for p in CONTENT.phrases["welcome_back"])
    assert any(reply.says(p) for p in CONTENT.phrases["checkin_due"]) == offered
    assert any(reply.card.endswith(q) for q in CONTENT.followups["checkin"]) == offered
    if offered:
        start = talk.intent("AMAZON.YesIntent")
        assert any(start.says(p) for p in CONTENT.checkin.phrases["intro"]) and asks(start, 0)


def test_no_offer_for_a_listener_who_never_checked_in():
    talk = Talk()
    talk.intent("ReconnectionIdeaIntent")
    talk.intent("AMAZON.StopIntent")
    reply = launch_on(talk, datetime.now(timezone.utc) + timedelta(days=60))
    assert not any(reply.says(p) for p in CONTENT.phrases["checkin_due"])


def test_an_answer_with_no_check_in_running_means_yes_no_or_the_menu(talk):
    talk.launch()  # "would you like an idea?"
    idea_in(talk.intent("CheckInAnswerIntent", answer="for sure"))
    reply = talk.intent("CheckInAnswerIntent", answer="not at all")  # no to "another?"
    assert any(reply.says(p) for p in CONTENT.phrases["no_thanks"])
    reply = talk.intent("CheckInAnswerIntent", answer="maybe")
    assert any(reply.says(p) for p in CONTENT.phrases["menu"]) and not reply.ended


def test_tampered_check_in_state_is_ignored(talk):
    talk.intent("CheckInIntent")
    talk.session.attributes["checkin"] = {"index": 99, "scores": "lots"}
    reply = talk.intent("AMAZON.YesIntent")
    assert not reply.ended and not any(reply.card.endswith(q.ask) for q in QUESTIONS)


WAYS_BACK = [p for key in ("way_back_idea", "way_back_question", "way_back_opener")
             for p in CONTENT.phrases[key]]


def seconds(reply: Reply) -> float:
    """Speaking time at 150 words a minute, plus its breaks; the way back that closes a turn
    leaving the couple to it (issue 16) is timed on its own, under five seconds."""
    card = reply.card
    for way_back in WAYS_BACK:
        if card.endswith(way_back):
            assert len(way_back.split()) / 150 * 60 <= 5
            card = card[:-len(way_back)]
    words = len(re.findall(r"[\w']+", card))
    return words / 150 * 60 + sum(reply.pauses)


def test_every_check_in_turn_fits_about_twenty_seconds():
    for _ in range(15):  # phrasings are chosen at random: go round several times
        talk = Talk()
        replies = [talk.intent("CheckInIntent")]
        for intent in ("AMAZON.RepeatIntent", "AMAZON.HelpIntent", "AMAZON.PauseIntent"):
            replies.append(talk.intent(intent))
        replies.append(talk.intent("CheckInAnswerIntent", answer="more fun"))
        replies += [talk.intent("AMAZON.YesIntent") for _ in YES_NO]
        replies.append(talk.intent("CheckInAnswerIntent", answer="calmer talks"))
        replies.append(talk.intent("AMAZON.YesIntent"))
        assert max(seconds(r) for r in replies) <= 20


def test_forget_me_deletes_the_check_in_and_the_questions_heard_too():
    talk = Talk()
    run_checkin(talk, [YES, NO, NO, NO, NOT_SURE])
    talk.intent("QuestionForUsIntent")
    assert {"checkin", "asked"} <= set(stored(talk))
    talk.intent("ForgetMeIntent")
    done = talk.intent("AMAZON.YesIntent")
    assert any(done.says(p) for p in CONTENT.phrases["forgotten"])
    assert stored(talk) == {}
    assert not {"focus", "checkin_date", "asked"} & set(done.attributes)


def test_after_a_pause_carry_on_asks_the_question_again_and_more_is_not_an_answer(talk):
    talk.intent("CheckInIntent")
    talk.intent("AMAZON.PauseIntent")
    assert talk.intent("AMAZON.ResumeIntent").card == QUESTIONS[0].ask
    reply = talk.intent("AMAZON.MoreIntent")
    assert any(reply.says(p) for p in CONTENT.checkin.phrases["unclear"]) and asks(reply, 0)
