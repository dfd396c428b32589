"""'How did last night's idea go?': asked once, the answer changing which ideas come first."""

from __future__ import annotations

from conftest import CONTENT, Talk
from intents.kept import ASKED_ABOUT, FOLLOW, WAY_SCORES
from intents.way_tuning import scored, tuned

ASKS = ("how did last night's idea go", "how did the last idea go")


def asks_follow_up(speech: str) -> bool:
    return any(phrase in speech.lower() for phrase in ASKS)


def idea_of(reply) -> str:
    return next(idea.id for idea in CONTENT.ideas if reply.says(idea.say))


def next_night(talk: Talk, days: int = 1):
    talk.session.later(days)
    return talk.launch()


def test_the_answer_puts_ideas_of_that_kind_first():
    for answer, same_kind in (("it helped", True), ("it didn't really help", False)):
        talk = Talk()
        talk.launch()
        first = CONTENT.idea(idea_of(talk.intent("ReconnectionIdeaIntent")))
        talk.intent("AMAZON.StopIntent")
        welcome = next_night(talk)
        assert asks_follow_up(welcome.speech)
        talk.intent("IdeaFeedbackIntent", feedback=answer)
        kinds = [CONTENT.idea(idea_of(talk.intent("ReconnectionIdeaIntent"))).way for _ in range(3)]
        if same_kind:
            assert kinds == [first.way] * 3, kinds
        else:
            assert first.way not in kinds, kinds


def test_yes_and_no_answer_it_too_and_it_is_never_asked_twice_about_one_idea():
    talk = Talk()
    talk.launch()
    idea = idea_of(talk.intent("ReconnectionIdeaIntent"))
    talk.intent("AMAZON.StopIntent")
    assert asks_follow_up(next_night(talk).speech)
    reply = talk.intent("AMAZON.NoIntent")
    assert talk.session.attributes[WAY_SCORES] == {CONTENT.idea(idea).way: -1}
    assert any(q in reply.speech for q in CONTENT.followups["idea"])
    talk.intent("AMAZON.StopIntent")
    # The idea was asked about; no new idea since, so nothing more to ask.
    assert not asks_follow_up(next_night(talk).speech)
    assert idea in talk.session.attributes[ASKED_ABOUT]
    talk.session.attributes[FOLLOW] = {"idea": idea, "date": "2026-01-01"}  # even if it came back
    talk.intent("AMAZON.StopIntent")
    assert not asks_follow_up(next_night(talk).speech)


def test_not_asked_after_a_week_nor_the_same_night():
    talk = Talk()
    talk.launch()
    talk.intent("ReconnectionIdeaIntent")
    talk.intent("AMAZON.StopIntent")
    assert not asks_follow_up(talk.launch().speech)  # the same night
    talk.intent("AMAZON.StopIntent")
    assert not asks_follow_up(next_night(talk, 8).speech)


def test_a_session_that_heard_a_disclosure_asks_no_follow_up_and_keeps_nothing_of_it():
    """An idea ends its session, so a disclosure comes in a later one. That session answers
    nothing but safety (no follow-up, whatever is asked) and stores nothing, so the record
    of the idea is as it was before the disclosure: a limit written down in docs/programmes.md."""
    talk = Talk()
    talk.launch()
    talk.intent("ReconnectionIdeaIntent")
    kept = talk.session.attributes.get(FOLLOW)
    assert kept is not None
    talk.session.later(1)
    replies = [talk.intent("SafetyIntent"), talk.intent("AMAZON.YesIntent"), talk.intent("AMAZON.HelpIntent")]
    assert not any(asks_follow_up(reply.speech) for reply in replies)
    assert talk.session.attributes.get(FOLLOW) == kept and ASKED_ABOUT not in talk.session.attributes


def test_a_programme_step_is_the_one_offer_before_the_follow_up():
    talk = Talk()
    talk.launch()
    talk.intent("ProgrammeIntent", programme="reconnection week")
    talk.intent("AMAZON.YesIntent")
    talk.intent("ReconnectionIdeaIntent")
    talk.intent("AMAZON.StopIntent")
    welcome = next_night(talk)
    assert "reconnection week" in welcome.speech and not asks_follow_up(welcome.speech)
    assert welcome.speech.count("?") == 1


def test_tuning_keeps_the_situation_first_and_scores_within_limits():
    class Item:
        def __init__(self, way: str, situation: str) -> None:
            self.way, self.situation = way, situation

    items = [Item("talk", "a"), Item("touch", "b"), Item("touch", "a")]
    preferences = tuned([lambda i: i.situation == "a"], {"touch": 2, "talk": -1})
    first = next(p for p in preferences if any(p(i) for i in items))
    assert [i for i in items if first(i)] == [items[2]]
    scores = {}
    for _ in range(10):
        scores = scored(scores, "touch", "helped", 6)
    assert scores == {"touch": 6}
    assert scored({"touch": 1}, "touch", "not_really", 6) == {}
