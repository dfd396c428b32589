"""The conversation core: modes, follow-ups and the dispatcher that consults them."""

from __future__ import annotations

import copy
import importlib
import json
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import intents.handlers.table as handlers
from conftest import CATALOG, CONTENT, Reply, Talk, slot_value, spoken
from intents.handlers.followup import declared
from intents.handlers.mode import mode_named
from intents.modes.registry import MODES, OVERRIDING
from local_runner.envelopes import Session
from skill.builder import build_skill
from skill.invoke import answer

ROOT = Path(__file__).resolve().parent.parent
MODES_DIR = ROOT / "intents" / "modes"
KNOWN_INTENTS = {intent.name for intent in CATALOG.intents} | {"AMAZON.FallbackIntent"}
SILENT_FOLLOW_UPS = {"checkin_answer"}  # recorded while a turn asks its own question aloud
# Asked in the words of their own content files (programmes.yaml, keeping.yaml), not phrases.yaml.
SILENT_FOLLOW_UPS |= {"programme_tonight", "programme_choice", "follow_up", "favourite_next"}


def test_every_mode_module_is_registered_once_under_the_name_it_declares():
    modules = sorted({p.stem for p in MODES_DIR.glob("*.py")} - {"__init__", "registry"})
    assert sorted(MODES.values()) == [f"intents.modes.{name}" for name in modules]
    for name, module in MODES.items():
        mode = importlib.import_module(module).MODE
        assert mode.name == name
        assert mode_named(name) is mode
    assert set(OVERRIDING) <= set(MODES)
    # An overriding mode that is active answers every intent: nothing may fall past it.
    assert all(mode_named(name).every_intent is not None for name in OVERRIDING)
    assert mode_named("no such mode") is None


def test_modes_declare_only_intents_the_skill_knows():
    for name in MODES:
        assert set(mode_named(name).answers) <= KNOWN_INTENTS, name


def test_every_follow_up_asked_aloud_has_phrasings_and_every_phrasing_a_follow_up():
    names = set(declared())
    assert names - SILENT_FOLLOW_UPS == set(CONTENT.followups)


def test_every_intent_has_one_shared_handler_and_each_handler_is_found():
    assert set(handlers.SHARED) <= KNOWN_INTENTS
    # The fallback and the safety intents are answered by the dispatcher or the fallback.
    assert KNOWN_INTENTS - set(handlers.SHARED) == {
        "AMAZON.FallbackIntent", "SafetyIntent", "CrisisIntent", "SurvivorSupportIntent"}
    for where in {*handlers.SHARED.values(), *handlers.BY_REQUEST_TYPE.values()}:
        assert callable(getattr(handlers.handler_class(where), "handle", None)), where


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


COLD_ANSWER = """
import json, random, sys
from intents.handlers.turn import seed
from skill.builder import build_skill
from skill.invoke import answer
turn, event = json.load(sys.stdin)
seed(turn)
random.seed(turn)  # the apology's wording, should a turn fail
print(json.dumps(answer(build_skill(), event)))
"""


def test_a_fresh_process_answers_each_turn_mid_conversation_as_a_warm_one_does():
    """Handler and mode modules load on first use: a cold container must not lose the thread
    of a conversation a warm one began (a follow-up's or a mode's module not loaded yet)."""
    from intents.handlers.turn import seed as seed_choices

    skill, session, turns = build_skill(CONTENT), Session("en-US"), []
    for number, (name, _) in enumerate(CONVERSATION):
        event = session.launch() if name == "LaunchRequest" else session.intent(name)
        seed_choices(number)
        envelope = answer(skill, event)
        session.absorb(envelope)
        if event["session"].get("attributes", {}).keys() & {"pending", "mode"}:
            turns.append((number, event, envelope))
    assert len(turns) >= 8
    colds = _cold_answers([(number, event) for number, event, _ in turns])
    for (number, _, warm), cold in zip(turns, colds, strict=True):
        assert Reply(cold).speech == Reply(warm).speech, CONVERSATION[number]
        assert cold.get("sessionAttributes") == warm.get("sessionAttributes"), CONVERSATION[number]


def _cold_answers(cases: list[tuple[int, dict]]) -> list[dict]:
    """Each request answered by a fresh process, as a new container would, several at a time."""
    def one(case: tuple[int, dict]) -> dict:
        done = subprocess.run([sys.executable, "-c", COLD_ANSWER], cwd=ROOT, capture_output=True,
                              input=json.dumps(case), text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, cases))


def test_a_fresh_process_takes_a_yes_or_no_to_any_follow_up_as_a_warm_one_does():
    """The module declaring the question asked last may not be loaded yet in a new container."""
    from intents.handlers.turn import seed as seed_choices

    cases, warm = [], []
    for name in sorted(declared()):
        for intent in ("AMAZON.YesIntent", "AMAZON.NoIntent"):
            session = Session("en-US")
            session.launch()  # a session under way: the question was asked in it
            session.attributes.update({"pending": name})
            event = session.intent(intent)
            seed_choices(0)
            random.seed(0)
            cases.append((0, copy.deepcopy(event)))
            warm.append(answer(build_skill(CONTENT), event))
    for (_, event), cold, usual in zip(cases, _cold_answers(cases), warm, strict=True):
        said = (event["session"]["attributes"]["pending"], event["request"]["intent"]["name"])
        assert Reply(cold).speech == Reply(usual).speech, said
        assert cold.get("sessionAttributes") == usual.get("sessionAttributes"), said


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
