"""Questions for two, through lambda_handler: depths, next, deeper and lighter, no repeats."""

from __future__ import annotations

import json
import os
import re
import sqlite3

import pytest

from conftest import CATALOG, CONTENT, Reply, Talk

QUESTIONS = CONTENT.questions
DEPTH_OF = {q.ask: q for qs in QUESTIONS.by_depth.values() for q in qs}
IDEAS = [idea.say for idea in CONTENT.ideas]


def question_in(reply: Reply):
    """The one question asked: who answers first, then the question, then only the way back;
    the session ends so the couple's answers are never heard as requests (issue 16)."""
    found = [q for ask, q in DEPTH_OF.items() if reply.says(ask)]
    assert len(found) == 1, f"expected one question in: {reply.card}"
    card = " ".join(reply.card.split())
    first = [p for p in QUESTIONS.first if p in card]
    assert first and card.index(first[0]) < card.index(found[0].ask), "who answers first, before it"
    assert any(card == card[:card.index(found[0].ask) + len(found[0].ask)] + " " + p
               for p in CONTENT.phrases["way_back_question"]), "the question, then only the way back"
    assert reply.ended and not reply.reprompt
    return found[0]


def test_thirty_questions_or_more_per_depth_matching_the_slot_type():
    assert set(QUESTIONS.by_depth) == {v.id for v in CATALOG.slot_types["DepthType"]}
    assert all(len(qs) >= 30 for qs in QUESTIONS.by_depth.values())
    assert len(DEPTH_OF) == sum(len(qs) for qs in QUESTIONS.by_depth.values())  # no question twice


def test_who_goes_first_varies():
    assert len(set(QUESTIONS.first)) >= 6


def test_who_goes_first_needs_no_arithmetic_and_never_who_spoke_last():
    for line in QUESTIONS.first:
        assert not re.search(r"\b(spoke|spoken|said|last one|birthday|older|younger|sooner|"
                             r"earlier|later|more|fewer|count)\b", line.lower()), line
        assert line.endswith("answers first."), line  # said before the question, never after


def test_a_question_without_a_depth_starts_light(talk):
    assert question_in(talk.intent("QuestionForUsIntent")).depth == "light"


@pytest.mark.parametrize("spoken,depth", [("easy", "light"), ("light hearted", "light"),
                                          ("deep", "deeper"), ("meaningful", "deeper"),
                                          ("intimacy", "intimate"), ("our sex life", "intimate")])
def test_the_depth_slot_chooses_the_depth(spoken, depth):
    reply = Talk().intent("QuestionForUsIntent", depth=spoken)
    assert question_in(reply).depth == depth


@pytest.mark.parametrize("follow", ["AMAZON.NextIntent", "QuestionForUsIntent"])
def test_next_another_or_yes_gives_another_question_at_the_same_depth_not_an_idea(talk, follow):
    """In a later session: "Alexa, ask Closer Again for another (question)"."""
    first = question_in(talk.intent("QuestionForUsIntent", depth="deep"))
    reply = talk.intent(follow)
    second = question_in(reply)
    assert second.depth == "deeper" and second.id != first.id
    assert not any(reply.says(idea) for idea in IDEAS)


def test_deeper_and_lighter_move_one_step_and_say_when_they_cannot(talk):
    assert question_in(talk.intent("QuestionForUsIntent")).depth == "light"
    assert question_in(talk.intent("QuestionForUsIntent", depth="deeper")).depth == "deeper"
    assert question_in(talk.intent("QuestionForUsIntent", depth="deeper")).depth == "intimate"
    reply = talk.intent("QuestionForUsIntent", depth="deeper")
    assert question_in(reply).depth == "intimate" and any(reply.says(p) for p in QUESTIONS.deepest)
    assert question_in(talk.intent("QuestionForUsIntent", depth="lighter")).depth == "deeper"
    assert question_in(talk.intent("QuestionForUsIntent", depth="lighter")).depth == "light"
    reply = talk.intent("QuestionForUsIntent", depth="lighter")
    assert question_in(reply).depth == "light" and any(reply.says(p) for p in QUESTIONS.lightest)
    # Naming a depth outright goes there, whatever the depth in use.
    assert question_in(talk.intent("QuestionForUsIntent", depth="intimacy")).depth == "intimate"


def test_every_question_of_a_depth_is_heard_before_any_repeats(talk):
    pool = QUESTIONS.by_depth["intimate"]
    heard = [question_in(talk.intent("QuestionForUsIntent", depth="intimate")).id]
    for _ in range(len(pool) - 1):
        heard.append(question_in(talk.intent("AMAZON.NextIntent")).id)
    assert sorted(heard) == sorted(q.id for q in pool)
    again = talk.intent("AMAZON.NextIntent")
    assert any(again.says(p) for p in QUESTIONS.reshuffled)
    assert question_in(again).id != heard[-1]


def stored(talk: Talk) -> dict:
    with sqlite3.connect(os.environ["CLOSER_DB"]) as db:
        rows = dict(db.execute("SELECT user_id, data FROM attributes"))
    return json.loads(rows.get(talk.session.user_id, "{}"))


def test_questions_heard_do_not_repeat_in_later_sessions():
    talk = Talk()
    pool = QUESTIONS.by_depth["deeper"]
    first = [question_in(talk.intent("QuestionForUsIntent", depth="deep")).id]
    first += [question_in(talk.intent("AMAZON.NextIntent")).id for _ in range(4)]
    assert talk.intent("AMAZON.StopIntent").ended
    assert stored(talk)["asked"] == {"deeper": first}  # ids only, never words
    talk.launch()
    rest = [question_in(talk.intent("QuestionForUsIntent", depth="deep")).id]
    rest += [question_in(talk.intent("AMAZON.NextIntent")).id for _ in range(len(pool) - 6)]
    assert sorted(first + rest) == sorted(q.id for q in pool)


def test_no_after_a_question_offers_something_else(talk):
    talk.intent("QuestionForUsIntent")
    reply = talk.intent("AMAZON.NoIntent")
    assert any(reply.says(p) for p in CONTENT.phrases["no_thanks"]) and not reply.ended


def test_tampered_question_state_is_ignored(talk):
    talk.intent("QuestionForUsIntent")
    talk.launch()
    talk.session.attributes["question"] = {"depth": "bottomless", "id": 3}
    talk.session.attributes["asked"] = {"light": "everything", "nowhere": [1]}
    talk.session.attributes.pop("topic", None)
    reply = talk.intent("AMAZON.NextIntent")  # no usable question: next means the next idea
    assert any(reply.says(idea) for idea in IDEAS)
    assert question_in(talk.intent("QuestionForUsIntent")).depth == "light"


def test_intimate_questions_stay_consent_centred_and_never_explicit():
    explicit = re.compile(r"\b(naked|nude|orgasm|genital\w*|penis|vagina|breasts?|oral|porn\w*|kinky"
                          r"|fetish)\b")
    texts = [q.ask.lower() for q in QUESTIONS.by_depth["intimate"]]
    assert not [t for t in texts if explicit.search(t)]
    # A way to pass or say no is spelt out in several of them.
    assert sum(bool(re.search(r"\b(pass|say no|not tonight|fine to say|as little as|no right answer|"
                              r"private|skip|pause or stop)\b", t)) for t in texts) >= 5
    # Inclusive: no question assumes a gender.
    assert not [t for t in texts if re.search(r"\b(he|she|him|her|his|hers|husband|wife)\b", t)]


def test_every_question_turn_fits_about_twenty_seconds():
    """At 150 words a minute, the longest lead-in, question, turn line and "say next" together."""
    def words(text: str) -> int:
        return len(re.findall(r"[\w']+", text))

    lead = max(words(t) for t in (*QUESTIONS.intro, *QUESTIONS.reshuffled, *QUESTIONS.deepest,
                                   *QUESTIONS.lightest))
    longest = (lead + max(words(q) for q in DEPTH_OF) + max(words(t) for t in QUESTIONS.first)
               + max(words(t) for t in CONTENT.phrases["way_back_question"]))
    assert longest / 150 * 60 <= 20


def test_render_lists_every_question_and_check_in_line():
    from local_runner.render import spoken_lines

    names = {name for name, _ in spoken_lines(CONTENT)}
    assert {f"questions.{q.depth}.{q.id}" for q in DEPTH_OF.values()} <= names
    assert {f"checkin.questions.{q.id}" for q in CONTENT.checkin.questions} <= names
    assert {f"checkin.findings.{cause}.0" for cause in CONTENT.checkin.findings} <= names
    assert {f"questions.first.{i}" for i in range(len(QUESTIONS.first))} <= names


def test_a_question_needs_no_pause_the_couple_take_as_long_as_they_like(talk):
    """Issue 16: the session ends after the question, so nothing waits, and "pause" in a
    later session pauses nothing; the next question comes at the same depth whenever asked."""
    first = question_in(talk.intent("QuestionForUsIntent", depth="intimacy"))
    paused = talk.intent("AMAZON.PauseIntent")
    assert not any(q.ask in paused.card for q in DEPTH_OF.values())
    second = question_in(talk.intent("QuestionForUsIntent"))
    assert second.depth == "intimate" and second.id != first.id
