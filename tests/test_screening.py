"""The one list of disclosure phrases, as the local runner and the skill hear it."""

from __future__ import annotations

import json

import pytest
import yaml
from test_local_runner import cli

from conftest import CONTENT, FIXTURES
from skill.screening import ABUSE, CRISIS, SURVIVOR, screen

LABELLED = yaml.safe_load((FIXTURES / "safety_utterances.yaml").read_text(encoding="utf-8"))
SAFETY_INTENTS = {"SafetyIntent", "CrisisIntent"}
DISCLOSURES = [item for item in LABELLED if item["intent"] in SAFETY_INTENTS]
NEAR_MISSES = [item for item in LABELLED if item["intent"] not in SAFETY_INTENTS]


def test_the_labelled_set_is_big_enough_to_mean_something():
    assert len(DISCLOSURES) >= 60 and len(NEAR_MISSES) >= 60
    assert sum(item["intent"] == "CrisisIntent" for item in DISCLOSURES) >= 20


@pytest.fixture(scope="module")
def matched() -> dict[str, dict]:
    """Every labelled utterance through `python -m local_runner match`, as outside checks run it."""
    utterances = [item["utterance"] for item in LABELLED]
    result = cli("match", stdin="\n".join(utterances) + "\n")
    assert result.returncode == 0, result.stderr
    return {row["utterance"]: row for row in map(json.loads, result.stdout.splitlines())}


def test_every_disclosure_reaches_safety_or_crisis(matched):
    missed = [item["utterance"] for item in DISCLOSURES
              if matched[item["utterance"]]["intent"] not in SAFETY_INTENTS]
    assert not missed


def test_crisis_and_abuse_each_reach_their_own_intent(matched):
    wrong = [(item["utterance"], matched[item["utterance"]]["intent"]) for item in DISCLOSURES
             if matched[item["utterance"]]["intent"] != item["intent"]]
    assert not wrong


def test_at_most_one_near_miss_is_mistaken_for_a_disclosure(matched):
    alarms = [item["utterance"] for item in NEAR_MISSES
              if matched[item["utterance"]]["intent"] in SAFETY_INTENTS]
    assert len(alarms) <= 1, alarms


def test_the_screening_list_alone_raises_no_false_alarm_on_the_near_misses():
    assert [item["utterance"] for item in NEAR_MISSES if screen(item["utterance"], CONTENT.screening)] == []


@pytest.mark.parametrize("text,kind", [
    ("He HIT me!!", ABUSE),
    ("im scared of him", ABUSE),
    ("i dont want to live anymore", CRISIS),
    ("he hits me and i want to die", CRISIS),  # crisis wins
    ("my husband\u2019s been hitting me", ABUSE),
    ("", None),
    ("it hurts me that he never listens", None),
    ("he pushes me away", None),
    ("i'm afraid of losing him", None),
    # The border: wanted, and said to be wanted, is not a disclosure; unwanted or frightening is.
    ("he chokes me a little in bed and i love it", None),
    ("he chokes me in bed and i've told him i hate it", ABUSE),
    ("we both like it when she pins me down", None),
    ("she pins me down and i'm scared to say no", ABUSE),
    # A partner's suicide threat used to control is abuse; said without a condition, a crisis.
    ("she says she'll kill herself if i ever leave", ABUSE),
    ("my wife says she's going to kill herself", CRISIS),
    ("he threatens to kill himself if i leave and i want to die too", CRISIS),
    # Past abuse is a survivor's, unless abuse now is told too.
    ("my uncle abused me when i was little", SURVIVOR),
    ("i left an abusive marriage years ago", SURVIVOR),
    ("i was abused as a child and now my husband hits me", ABUSE),
    # Idioms.
    ("my wife beat me at scrabble", None),
    ("she'll kill me if i forget her birthday", None),
    ("he hit me up after work", None),
    ("i'd rather die than sing karaoke", None),
    ("my sister forced me to watch a horror film", None),
    # "It was an accident" is what people who hurt a partner say: still a disclosure.
    ("he choked me and said it was by accident", ABUSE),
    ("she pinned me down in a tickle fight", None),
])
def test_screen_hears_disclosures_not_words(text, kind):
    assert screen(text, CONTENT.screening) == kind


def test_a_chat_disclosure_is_kept_out_of_the_history_file(tmp_path):
    """Typed at a real terminal (readline only keeps history there), as a person would."""
    import os
    import pty
    import subprocess
    import sys
    import time

    home = tmp_path / "home"
    home.mkdir()
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "local_runner", "chat", "--no-audio"],
                               cwd=FIXTURES.parent.parent, stdin=terminal, stdout=terminal, stderr=terminal,
                               env={**os.environ, "HOME": str(home)})
    os.close(terminal)
    seen = b""
    try:
        for line in ("give me an idea", "he hit me last night", "stop", "/quit"):
            deadline = time.monotonic() + 60
            while not seen.rstrip().endswith(b"you>") and time.monotonic() < deadline:
                seen += os.read(controller, 65536)
            seen = b""
            os.write(controller, line.encode() + b"\r")
        process.wait(timeout=60)
    finally:
        process.kill()
        os.close(controller)
    history = (home / ".closer_again_history").read_text(encoding="utf-8")
    assert "give me an idea" in history and "/quit" in history
    assert "hit me" not in history and "stop" not in history  # nothing typed in the safety session
