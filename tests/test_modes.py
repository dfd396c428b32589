"""The conversation core: modes, follow-ups and the dispatcher that consults them."""

from __future__ import annotations

import importlib
import random
from pathlib import Path

import pytest

import intents.handlers as handlers
from conftest import CATALOG, CONTENT, Reply, Talk, slot_value, spoken
from intents.handlers.followup import declared
from intents.handlers.mode import mode_named
from intents.modes.registry import MODES
from local_runner.envelopes import Session
from skill.builder import build_skill
from skill.invoke import answer

MODES_DIR = Path(__file__).resolve().parent.parent / "intents" / "modes"
KNOWN_INTENTS = {intent.name for intent in CATALOG.intents} | {"AMAZON.FallbackIntent"}
SILENT_FOLLOW_UPS = {"checkin_answer"}  # recorded while a turn asks its own question aloud
# Asked in the words of their own content files (programmes.yaml, keeping.yaml), not phrases.yaml.
SILENT_FOLLOW_UPS |= {"programme_tonight", "programme_choice", "follow_up", "favourite_next"}


def test_every_mode_module_is_registered_once_and_found_by_name():
    modules = sorted({p.stem for p in MODES_DIR.glob("*.py")} - {"__init__", "registry"})
    defined = [importlib.import_module(f"intents.modes.{name}").MODE for name in modules]
    assert sorted(mode.name for mode in defined) == sorted(mode.name for mode in MODES)
    assert len({mode.name for mode in MODES}) == len(MODES)
    assert all(mode_named(mode.name) is mode for mode in defined)


def test_modes_declare_only_intents_the_skill_knows():
    for mode in MODES:
        assert set(mode.answers) <= KNOWN_INTENTS, mode.name


def test_every_follow_up_asked_aloud_has_phrasings_and_every_phrasing_a_follow_up():
    names = set(declared())
    assert names - SILENT_FOLLOW_UPS == set(CONTENT.followups)


def test_shared_handlers_each_claim_their_own_intents_so_order_does_not_matter():
    claimed = [name for handler in handlers.intent_handlers(CONTENT) for name in handler.intent_names]
    assert len(claimed) == len(set(claimed))
    assert set(claimed) <= KNOWN_INTENTS


CONVERSATION = [
    ("LaunchRequest", {}), ("ReconnectionIdeaIntent", {}), ("AMAZON.MoreIntent", {}),
    ("AMAZON.NextIntent", {}), ("AMAZON.YesIntent", {}), ("GuidedReflectionIntent", {}),
    ("AMAZON.HelpIntent", {}), ("AMAZON.NextIntent", {}), ("AMAZON.PauseIntent", {}),
    ("AMAZON.ResumeIntent", {}), ("CheckInIntent", {}), ("AMAZON.YesIntent", {}), ("AMAZON.NextIntent", {}),
    ("AMAZON.RepeatIntent", {}), ("QuestionForUsIntent", {}), ("AMAZON.YesIntent", {}),
    ("AMAZON.PauseIntent", {}), ("AMAZON.NoIntent", {}), ("AMAZON.NoIntent", {}),
]


def converse(skill, seed: int) -> list[str]:
    from intents.handlers.turn import seed as seed_choices

    seed_choices(seed)
    session = Session("en-US")
    said = []
    for name, _ in CONVERSATION:
        event = session.launch() if name == "LaunchRequest" else session.intent(name)
        envelope = answer(skill, event)
        session.absorb(envelope)
        said.append(Reply(envelope).speech)
    return said


def test_a_conversation_is_the_same_whatever_order_the_shared_handlers_are_in(monkeypatch):
    usual = converse(build_skill(CONTENT), 7)
    shared = handlers.intent_handlers(CONTENT)
    random.Random(3).shuffle(shared)
    monkeypatch.setattr(handlers, "intent_handlers", lambda content: shared)
    import skill.builder

    monkeypatch.setattr(skill.builder, "request_handlers", handlers.request_handlers)
    assert converse(build_skill(CONTENT), 7) == usual


@pytest.fixture
def session():
    return Session("en-US")


def say(skill, session: Session, name: str, **attributes) -> Reply:
    session.attributes.update(attributes)
    event = session.launch() if name == "LaunchRequest" else session.intent(name)
    envelope = answer(skill, event)
    session.absorb(envelope)
    return Reply(envelope)


SKILL = build_skill(CONTENT)


def test_the_session_holds_its_mode_by_name(session):
    say(SKILL, session, "LaunchRequest")
    # A plain reflection plays hands-free and ends the session (issue 16); step by step it is a mode.
    assert "mode" not in say(SKILL, session, "GuidedReflectionIntent").attributes
    say(SKILL, session, "LaunchRequest")
    pace = {"pace": slot_value("step by step", "ReflectionPaceType")}
    stepped = answer(SKILL, session.intent("GuidedReflectionIntent", pace, ("reflection", "pace")))
    session.absorb(stepped)
    assert stepped["sessionAttributes"]["mode"] == "reflection"
    assert say(SKILL, session, "AMAZON.HelpIntent").attributes["mode"] == "reflection"  # a detour
    assert "mode" not in say(SKILL, session, "ReconnectionIdeaIntent").attributes  # left for open
    assert say(SKILL, session, "CheckInIntent").attributes["mode"] == "check_in"
    question = say(SKILL, session, "QuestionForUsIntent")  # left with the couple: the session ends
    assert "mode" not in question.attributes and question.ended


def test_a_later_session_comes_back_to_what_was_left_with_the_couple():
    talk = Talk()
    first = talk.intent("QuestionForUsIntent", depth="deep")
    assert first.ended
    another = talk.intent("AMAZON.NextIntent")  # "Alexa, ask Closer Again for another", a new session
    assert any(q.ask in another.card for q in CONTENT.questions.by_depth["deeper"])
    assert another.ended and "mode" not in another.attributes
    idea = talk.intent("ReconnectionIdeaIntent")
    more = talk.intent("AMAZON.MoreIntent")  # "... to tell me more", in a later session
    assert any(i.more in more.card for i in CONTENT.ideas if i.say in idea.card)


def test_safety_overrides_whatever_mode_the_session_names(session):
    say(SKILL, session, "LaunchRequest")
    say(SKILL, session, "CheckInIntent")
    reply = say(SKILL, session, "AMAZON.YesIntent", safety="abuse")
    assert reply.attributes["mode"] == "safety" and "card" not in reply.response
    assert CONTENT.checkin.questions[1].ask not in reply.speech
    assert reply.attributes["checkin"]["index"] == 0  # the yes was not taken as a check-in answer


def test_a_mode_the_session_names_but_cannot_back_is_treated_as_open(session):
    say(SKILL, session, "LaunchRequest")
    reply = say(SKILL, session, "AMAZON.NextIntent", mode="reflection", reflection={"id": "gone", "step": 2})
    assert any(reply.says(idea.say) for idea in CONTENT.ideas)  # next means another idea
    reply = say(SKILL, session, "AMAZON.NextIntent", mode="no such mode")
    assert reply.speech and not any(reply.says(p) for p in CONTENT.phrases["error"])


def test_a_follow_up_name_no_module_declares_gets_the_plain_yes(session):
    say(SKILL, session, "LaunchRequest")
    reply = say(SKILL, session, "AMAZON.YesIntent", pending="launch_the_rockets")
    assert any(reply.says(p) for p in spoken("menu"))
