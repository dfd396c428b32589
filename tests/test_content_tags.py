"""Behaviour from tags: `refers` decides the therapy caution, whatever the wording says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import Reply
from content import ContentError, load_content
from content.loader import DATA_DIR
from local_runner.envelopes import Session
from skill.builder import build_skill
from skill.invoke import answer

CAUTION = "afraid of your partner"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit_idea(directory: Path, idea_id: str, **changes) -> None:
    path = directory / "ideas.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    for way in raw["ways"]:
        for idea in way["ideas"]:
            if idea["id"] == idea_id:
                idea.update(changes)
                for key in [k for k, v in changes.items() if v is None]:
                    idea.pop(key)
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")


def idea_reply(directory: Path, idea_id: str) -> Reply:
    """Ask the skill built on `directory` for an idea when only `idea_id` is unheard."""
    content = load_content(directory)
    skill = build_skill(content)
    session = Session("en-US")
    session.absorb(answer(skill, session.launch()))
    session.attributes["heard"] = [idea.id for idea in content.ideas if idea.id != idea_id]
    session.attributes["known_situations"] = list(content.situations)  # so ideas for any life may come
    reply = Reply(answer(skill, session.intent("ReconnectionIdeaIntent")))
    assert reply.says(content.idea(idea_id).say)
    return reply


def test_every_idea_that_speaks_of_couples_therapy_is_tagged():
    content = load_content()
    tagged = {idea.id for idea in content.ideas if "couples_therapist" in idea.refers}
    assert {"consider_counselling", "therapist_after_affair"} <= tagged
    assert "couples_therapist" in content.topics["seek_help"].refers


def test_the_caution_follows_the_tag_not_the_wording(data):
    edit_idea(data, "therapist_after_affair", say="Rebuilding trust after an affair is hard alone. "
              "A trained professional can give you both a safe place to be honest.",
              more="Someone experienced with affairs helps you have the hard conversations.")
    assert CAUTION in idea_reply(data, "therapist_after_affair").speech
    edit_idea(data, "gentle_opener", refers=["couples_therapist"])
    assert CAUTION in idea_reply(data, "gentle_opener").speech


def test_an_idea_without_the_tag_gets_no_caution(data):
    assert CAUTION not in idea_reply(data, "gentle_opener").speech
    edit_idea(data, "doctor_for_pain", refers=["doctor"])  # a referral, but not to couples therapy
    assert CAUTION not in idea_reply(data, "doctor_for_pain").speech


@pytest.mark.parametrize(("idea_id", "changes", "problem"), [
    ("gentle_opener", {"refers": ["priest"]}, "refers tag 'priest' is not one of couples_therapist"),
    ("gentle_opener", {"refers": ["doctor", "doctor"]}, "a refers tag is listed twice"),
    ("gentle_opener", {"refers": "doctor"}, "expected a list"),
    ("gentle_opener", {"say": "Book a session with a couples therapist this month."},
     "speaks of couples therapy, so it needs refers: [couples_therapist]"),
    ("consider_counselling", {"refers": None}, "speaks of couples therapy"),
])
def test_a_wrong_or_missing_refers_tag_is_one_clear_message(data, idea_id, changes, problem):
    edit_idea(data, idea_id, **changes)
    with pytest.raises(ContentError) as caught:
        load_content(data)
    assert str(caught.value).startswith(f"ideas.yaml: {idea_id}") and problem in str(caught.value)


def test_a_topic_that_speaks_of_couples_therapy_needs_the_tag_too(data):
    path = data / "topics.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["seek_help"].pop("refers")
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError, match="topics.yaml: seek_help: speaks of couples therapy"):
        load_content(data)
