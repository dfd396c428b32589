"""Honest forgetting and a memory that breaks while the service runs."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from pathlib import Path

import pytest

from conftest import CONTENT, Reply
from local_runner.envelopes import Session
from skill import persistence
from skill.builder import build_skill
from skill.invoke import answer
from skill.persistence import SqliteAdapter, adapter_from_environment
from skill.webservice import create_app


class Listener:
    """One listener talking to a skill built here, with its own memory."""

    def __init__(self, skill) -> None:
        self.skill = skill
        self.session = Session()

    def send(self, event: dict) -> Reply:
        envelope = answer(self.skill, event)
        self.session.absorb(envelope)
        return Reply(envelope)

    def intent(self, name: str) -> Reply:
        return self.send(self.session.intent(name, {}))


def says_one_of(reply: Reply, category: str) -> bool:
    return any(reply.says(p) for p in CONTENT.phrases[category])


def rows(path: Path) -> dict[str, dict]:
    with sqlite3.connect(path) as db:
        found = {user: json.loads(data) for user, data in db.execute("SELECT user_id, data FROM attributes")}
    db.close()
    return found


def test_forget_me_says_so_when_memory_cannot_be_opened(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    monkeypatch.setenv("CLOSER_DB", str(blocker / "memory.db"))
    listener = Listener(build_skill(persistence_adapter=adapter_from_environment()))
    assert listener.intent("ReconnectionIdeaIntent").speech  # still answers, without memory
    listener.intent("ForgetMeIntent")
    reply = listener.intent("AMAZON.YesIntent")
    assert says_one_of(reply, "forget_failed") and not says_one_of(reply, "forgotten")
    assert not reply.ended


def test_forget_me_says_so_when_the_database_broke_and_keeps_the_row(tmp_path, monkeypatch):
    monkeypatch.setattr(persistence, "CHECK_SECONDS", 0.0)
    path = tmp_path / "memory.db"
    listener = Listener(build_skill(persistence_adapter=SqliteAdapter(path)))
    listener.intent("ReconnectionIdeaIntent")
    listener.intent("ForgetMeIntent")
    assert listener.session.user_id in rows(path)
    with open(path, "r+b") as database:  # the header no longer says SQLite
        database.write(b"garbage garbage!")
    reply = listener.intent("AMAZON.YesIntent")
    assert says_one_of(reply, "forget_failed")
    assert listener.session.attributes.get("heard")  # nothing claimed as forgotten


def test_a_request_without_the_stored_marker_never_deletes(tmp_path):
    path = tmp_path / "memory.db"
    skill = build_skill(persistence_adapter=SqliteAdapter(path))
    listener = Listener(skill)
    listener.intent("ReconnectionIdeaIntent")
    stored = rows(path)[listener.session.user_id]
    for name in ("AMAZON.HelpIntent", "AMAZON.StopIntent"):
        event = listener.session.intent(name, {})
        event["session"]["new"] = False
        event["session"]["attributes"] = {}  # mid-session, attributes lost on the way
        answer(skill, event)
        assert rows(path)[listener.session.user_id] == stored
    ended = listener.session.end("USER_INITIATED")
    ended["session"]["attributes"] = {}
    answer(skill, ended)
    assert rows(path)[listener.session.user_id] == stored


def test_after_forget_me_no_copy_is_left_in_the_database_or_its_wal(tmp_path):
    path = tmp_path / "memory.db"
    skill = build_skill(persistence_adapter=SqliteAdapter(path))
    listener = Listener(skill)
    listener.intent("ReconnectionIdeaIntent")
    listener.intent("AMAZON.NextIntent")
    user = listener.session.user_id.encode()
    files = [p for p in tmp_path.iterdir() if p.name.startswith("memory.db")]
    assert any(user in p.read_bytes() for p in files)
    listener.intent("ForgetMeIntent")
    assert says_one_of(listener.intent("AMAZON.YesIntent"), "forgotten")
    for file in tmp_path.iterdir():
        assert user not in file.read_bytes(), file.name
    assert listener.session.user_id not in rows(path)


def test_a_database_corrupted_while_running_is_reported_once(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(persistence, "CHECK_SECONDS", 0.0)
    monkeypatch.setattr(persistence, "HEALTH_SECONDS", 0.0)
    path = tmp_path / "memory.db"
    adapter = SqliteAdapter(path)
    app = create_app(skill=build_skill(persistence_adapter=adapter), verify=False).test_client()
    session = Session()
    assert app.post("/", data=json.dumps(session.launch())).status_code == 200
    assert app.get("/health").get_json()["memory"] == "ok"
    with open(path, "r+b") as database:
        database.write(os.urandom(path.stat().st_size))
    with caplog.at_level(logging.WARNING, logger="closer_again"):
        for _ in range(3):
            reply = app.post("/", data=json.dumps(Session().intent("ReconnectionIdeaIntent", {})))
            assert reply.status_code == 200 and reply.get_json()["response"]["outputSpeech"]["ssml"]
        health = app.get("/health").get_json()
    assert health == {"status": "ok", "verification": False, "memory": "unavailable"}
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "memory database" in errors[0].getMessage()
    assert str(path) in errors[0].getMessage()


def test_a_database_deleted_while_running_is_noticed_and_recreated(tmp_path, monkeypatch):
    monkeypatch.setattr(persistence, "CHECK_SECONDS", 0.0)
    monkeypatch.setattr(persistence, "RETRY_SECONDS", 0.0)
    path = tmp_path / "memory.db"
    adapter = SqliteAdapter(path)
    skill = build_skill(persistence_adapter=adapter)
    Listener(skill).intent("ReconnectionIdeaIntent")
    for file in tmp_path.iterdir():
        file.unlink()
    listener = Listener(skill)
    listener.intent("ReconnectionIdeaIntent")  # noticed: this write is lost, and logged
    listener.intent("AMAZON.NextIntent")  # tried again: a fresh database takes it
    assert listener.session.user_id in rows(path)


@pytest.mark.parametrize("safety", ["abuse", "crisis"])
def test_nothing_is_stored_from_a_safety_session(tmp_path, safety):
    path = tmp_path / "memory.db"
    skill = build_skill(persistence_adapter=SqliteAdapter(path))
    event = Session().intent("ReconnectionIdeaIntent", {})
    event["session"]["attributes"] = {"safety": safety}
    answer(skill, event)
    assert rows(path) == {}
