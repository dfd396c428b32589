"""Skill events: subscribed in the manifest; SkillDisabled deletes everything kept for that user."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bench.local_ca import CHAIN_URL, LocalCA, sign
from conftest import FIXTURES, moto_table
from intents.catalog import load_catalog
from intents.interaction_model import ask_resources, manifest
from local_runner.envelopes import SKILL_EVENTS, Session
from skill.builder import build_skill
from skill.invoke import answer
from skill.lambda_function import lambda_handler
from skill.persistence import SqliteAdapter, adapter_from_environment
from skill.verifier import RequestVerifier
from skill.webservice import create_app

TABLE = "closer-again-skill-events"
EVENTS = ("SKILL_ENABLED", "SKILL_DISABLED", "SKILL_PERMISSION_ACCEPTED", "SKILL_PERMISSION_CHANGED")


def rows(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        users = [user for (user,) in db.execute("SELECT user_id FROM attributes")]
    db.close()
    return users


def remember_something(skill, session: Session) -> None:
    """An idea, a question and a programme night: a full record for this listener."""
    for event in (session.intent("ReconnectionIdeaIntent"), session.intent("QuestionForUsIntent"),
                  session.intent("ProgrammeIntent")):
        session.absorb(answer(skill, event))


def test_the_manifest_subscribes_to_the_four_skill_events_and_deploys_them_to_the_lambda():
    catalog = load_catalog()
    subscriptions = manifest(catalog)["manifest"]["events"]["subscriptions"]
    assert [entry["eventName"] for entry in subscriptions] == list(EVENTS)
    user_config = ask_resources(catalog)["profiles"]["default"]["skillInfrastructure"]["userConfig"]
    assert user_config["targetEndpoint"] == ["custom", "events"]


def test_the_fixture_skill_disabled_no_longer_fails_inside_the_skill(caplog):
    event = json.loads((FIXTURES / "alexa-requests" / "39-AlexaSkillEvent.SkillDisabled.json").read_text())
    with caplog.at_level(logging.INFO, logger="closer_again"):
        response = lambda_handler(event, None)
    assert response["response"] == {}
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("SkillDisabled" in r.getMessage() and "deleted" in r.getMessage() for r in caplog.records)


def test_skill_disabled_deletes_the_row_and_leaves_nothing_in_the_database_or_its_wal(tmp_path):
    path = tmp_path / "memory.db"
    skill = build_skill(persistence_adapter=SqliteAdapter(path))
    leaving, staying = Session(), Session()
    remember_something(skill, leaving)
    remember_something(skill, staying)
    user = leaving.user_id.encode()
    assert set(rows(path)) == {leaving.user_id, staying.user_id}
    assert any(user in p.read_bytes() for p in tmp_path.iterdir())
    assert answer(skill, leaving.skill_event(SKILL_EVENTS["disable"]))["response"] == {}
    assert rows(path) == [staying.user_id]
    for file in tmp_path.iterdir():
        assert user not in file.read_bytes(), file.name
    # Coming back later starts from nothing: a first welcome, no programme offered.
    reply = answer(skill, leaving.launch())
    assert "returning" not in reply["sessionAttributes"] and "programme" not in reply["sessionAttributes"]


@pytest.mark.parametrize("word", ["enable", "permission-accepted", "permission-changed"])
def test_other_skill_events_are_accepted_logged_by_type_and_delete_nothing(tmp_path, caplog, word):
    path = tmp_path / "memory.db"
    skill = build_skill(persistence_adapter=SqliteAdapter(path))
    session = Session()
    remember_something(skill, session)
    event = session.skill_event(SKILL_EVENTS[word])
    event["request"]["body"] = {"acceptedPermissions": [{"scope": "alexa::alerts:reminders:skill:readwrite"}]}
    with caplog.at_level(logging.INFO, logger="closer_again"):
        assert answer(skill, event)["response"] == {}
    assert rows(path) == [session.user_id]
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert SKILL_EVENTS[word] in logged
    assert session.user_id not in logged and "reminders" not in logged


def test_skill_disabled_through_the_web_service_is_verified_and_deletes(tmp_path):
    ca = LocalCA.create()
    path = tmp_path / "memory.db"
    skill = build_skill(persistence_adapter=SqliteAdapter(path))
    verifier = RequestVerifier(trusted_roots=[ca.root], fetch=lambda url: ca.chain_pem())
    client = create_app(skill=skill, verifier=verifier).test_client()
    session = Session()
    remember_something(skill, session)
    body = json.dumps(session.skill_event(SKILL_EVENTS["disable"])).encode()
    unsigned = client.post("/", data=body, headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 400 and rows(path) == [session.user_id]
    headers = {"SignatureCertChainUrl": CHAIN_URL, "Signature-256": sign(ca.leaf_key, body),
               "Content-Type": "application/json"}
    reply = client.post("/", data=body, headers=headers)
    assert reply.status_code == 200 and reply.get_json()["response"] == {}
    assert rows(path) == []


@pytest.fixture
def dynamodb_table(monkeypatch):
    with moto_table(monkeypatch, TABLE) as table:
        yield table


def test_skill_disabled_deletes_the_dynamodb_item(dynamodb_table):
    skill = build_skill(persistence_adapter=adapter_from_environment())
    session = Session()
    remember_something(skill, session)
    assert "Item" in dynamodb_table.get_item(Key={"id": session.user_id})
    answer(skill, session.skill_event(SKILL_EVENTS["disable"]))
    assert "Item" not in dynamodb_table.get_item(Key={"id": session.user_id})


def test_the_local_runner_sends_skill_disabled_with_events_disable(tmp_path):
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "CLOSER_DB": str(tmp_path / "memory.db")}
    said = "\n".join(["open closer again", "start the reconnection week", "yes", "/later", "what's tonight",
                      "/events disable", "/quit"]) + "\n"
    result = subprocess.run([sys.executable, "-m", "local_runner", "chat"], cwd=root, input=said, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "2 of 7" in result.stdout and "sent AlexaSkillEvent.SkillDisabled" in result.stdout
    assert rows(tmp_path / "memory.db") == []
    for file in tmp_path.iterdir():
        assert b"LOCALRUNNER" not in file.read_bytes(), file.name
