"""The new intents and slots as Alexa gets them, and as `python -m local_runner match` hears them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_the_model_has_the_fixed_names_and_slot_ids(locale):
    path = ROOT / "skill-package" / "interactionModels" / "custom" / f"{locale}.json"
    model = json.loads(path.read_text())["interactionModel"]["languageModel"]
    intents = {intent["name"]: intent for intent in model["intents"]}
    types = {t["name"]: t for t in model["types"]}
    assert len(intents["CheckInIntent"]["samples"]) >= 40
    assert len(intents["QuestionForUsIntent"]["samples"]) >= 40
    assert intents["QuestionForUsIntent"]["slots"] == [{"name": "depth", "type": "DepthType", "samples": []}]
    assert [v["id"] for v in types["DepthType"]["values"]] == ["light", "deeper", "intimate"]
    assert all(len(v["name"]["synonyms"]) >= 8 for v in types["DepthType"]["values"])
    assert intents["CheckInAnswerIntent"]["slots"][0]["type"] == "CheckInAnswerType"


def test_match_fills_the_new_slots_with_their_ids():
    lines = ["let's do a check in", "we're not sure", "more time together", "ask us something intimate",
             "go deeper", "give us an easy question", "ask us a question", "we keep fighting what can we do"]
    result = subprocess.run([sys.executable, "-m", "local_runner", "match"], cwd=ROOT, capture_output=True,
                            text=True, input="\n".join(lines) + "\n", timeout=120)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    got = [(row["intent"], {name: slot["id"] for name, slot in row["slots"].items()}) for row in rows]
    assert got == [
        ("CheckInIntent", {}),
        ("CheckInAnswerIntent", {"answer": "not_sure"}),
        ("CheckInAnswerIntent", {"answer": "time"}),
        ("QuestionForUsIntent", {"depth": "intimate"}),
        ("QuestionForUsIntent", {"depth": "deeper"}),
        ("QuestionForUsIntent", {"depth": "light"}),
        ("QuestionForUsIntent", {}),
        ("ReconnectionIdeaIntent", {"cause": "conflict"}),
    ]
    assert rows[1]["slots"]["answer"]["value"] == "we're not sure"
