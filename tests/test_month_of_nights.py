"""A month of nights through lambda_handler, one session a night as a couple would use it:
some nights missed, a programme followed to its end and the next begun, ideas and
questions every night, one night that hears a disclosure. Counted: repeats, scolding,
the welcome's one offer, and anything carried over from after the disclosure."""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3

from conftest import CATALOG, CONTENT, Reply, slot_value
from content.programmes import load_programmes
from local_runner.envelopes import Session
from skill.lambda_function import lambda_handler

NIGHTS = 30
MISSED = {5, 9, 10, 17, 22, 23, 24}
DISCLOSURE_NIGHT = 15
SCOLDING = re.compile(r"(?i)\b(you missed|missed (a|two|three|some)|you forgot|should have|fell behind|"
                      r"behind|failed|didn't keep|broke the streak|streak)\b")
PROGRAMME_IDS = tuple(load_programmes(CONTENT).by_id)
STEPS = {step.say: (programme.id, step.id) for programme in load_programmes(CONTENT).by_id.values()
         for step in programme.steps}


class Couple:
    def __init__(self) -> None:
        self.session = Session("en-GB")
        self.said: list[tuple[int, str, Reply]] = []  # (night, what they asked, the reply)
        self.night = 0

    def send(self, event: dict, label: str) -> Reply:
        reply = Reply(lambda_handler(event, None))
        self.session.absorb(reply.envelope)
        self.said.append((self.night, label, reply))
        return reply

    def launch(self) -> Reply:
        return self.send(self.session.launch(), "open")

    def say(self, name: str, **slots: str) -> Reply:
        types = {s.name: s.type for s in CATALOG.intent(name).slots} if not name.startswith("AMAZON.") else {}
        filled = {slot: slot_value(value, types[slot]) for slot, value in slots.items()}
        return self.send(self.session.intent(name, filled, tuple(types)), name)


def stored(user_id: str) -> dict:
    with sqlite3.connect(os.environ["CLOSER_DB"]) as db:
        row = db.execute("SELECT data FROM attributes WHERE user_id = ?", (user_id,)).fetchone()
    db.close()
    return json.loads(row[0]) if row else {}


def ideas_in(reply: Reply) -> list[str]:
    return [idea.id for idea in CONTENT.ideas if reply.says(idea.say)]


def steps_in(reply: Reply) -> list[tuple[str, str]]:
    return [ids for say, ids in STEPS.items() if reply.says(say)]


def live_a_month(chooser: random.Random) -> tuple[Couple, dict, dict, dict]:
    couple = Couple()
    before_disclosure: dict = {}
    after_disclosure: dict = {}
    for night in range(1, NIGHTS + 1):
        couple.night = night
        couple.session.later(1)
        if night in MISSED:
            continue
        welcome = couple.launch()
        pending = welcome.attributes.get("pending")
        if pending in ("programme_tonight", "checkin"):
            couple.say("AMAZON.YesIntent" if pending == "programme_tonight" else "AMAZON.NoIntent")
        elif pending == "follow_up":
            couple.say("IdeaFeedbackIntent",
                       feedback=chooser.choice(["it helped", "it didn't really help", "we didn't try it"]))
        finished = couple.session.attributes.get("programmes_done") or []
        if "programme" not in couple.session.attributes and len(finished) < len(PROGRAMME_IDS):
            couple.say("ProgrammeIntent")  # "what's tonight?": nothing running, so one is suggested
            couple.say("AMAZON.YesIntent")  # begin it
            couple.say("AMAZON.YesIntent")  # and hear its first night
        couple.say("ReconnectionIdeaIntent")
        if night == DISCLOSURE_NIGHT:
            before_disclosure = stored(couple.session.user_id)
            couple.say("SafetyIntent")
            for name in ("ReconnectionIdeaIntent", "ProgrammeIntent", "SaveFavouriteIntent",
                         "AMAZON.YesIntent"):
                couple.say(name)
            couple.say("AMAZON.StopIntent")
            after_disclosure = stored(couple.session.user_id)
            continue
        couple.say("QuestionForUsIntent")
        if chooser.random() < 0.3:
            couple.say("SaveFavouriteIntent")
        couple.say("AMAZON.StopIntent")
    return couple, before_disclosure, after_disclosure, stored(couple.session.user_id)


def test_a_month_of_nights_repeats_nothing_scolds_never_and_keeps_nothing_from_a_disclosure():
    couple, before_disclosure, after_disclosure, end = live_a_month(random.Random(18))
    ideas = [idea for _, label, reply in couple.said if label == "ReconnectionIdeaIntent"
             and not reply.attributes.get("safety") for idea in ideas_in(reply)]
    assert len(ideas) >= 20 and len(set(ideas)) == len(ideas), "an idea was repeated within the month"
    questions = [(reply.attributes.get("question") or {}).get("id") for _, label, reply in couple.said
                 if label == "QuestionForUsIntent"]
    assert len(questions) >= 20 and len(set(questions)) == len(questions), "a question was repeated"
    # Each programme night is heard on one night only, in order, and programmes are finished.
    first_heard: dict[tuple[str, str], int] = {}
    for night, _, reply in couple.said:
        for step in steps_in(reply):
            assert first_heard.setdefault(step, night) == night, f"{step} heard on two nights"
    assert len(first_heard) >= 14
    assert sorted(end.get("programmes_done", [])) == sorted(PROGRAMME_IDS)  # all three, one after another
    # Never a word of blame, however many nights were missed.
    scolded = [(night, reply.speech) for night, _, reply in couple.said if SCOLDING.search(reply.speech)]
    assert not scolded, scolded[0]
    # The welcome makes one offer: a single question.
    for night, label, reply in couple.said:
        if label == "open":
            assert reply.speech.count("?") == 1, (night, reply.speech)
    # After the disclosure: safety answers only, and nothing of that session is kept.
    after = [reply for night, label, reply in couple.said if night == DISCLOSURE_NIGHT
             and reply.attributes.get("safety")]
    assert len(after) == 6
    for reply in after:
        assert not ideas_in(reply) and not steps_in(reply) and not reply.card
    next_welcome = next(reply for night, label, reply in couple.said
                        if night > DISCLOSURE_NIGHT and label == "open")
    assert "how did" not in next_welcome.speech.lower()
    assert before_disclosure and after_disclosure == before_disclosure
