"""`closer-local eval --conflicts`: samples that compete between intents, and values said
where the intent takes no slot of that type."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from intents.catalog import DEFINITIONS_DIR, DefinitionError, load_catalog
from local_runner import conflicts
from local_runner.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
CATALOG = load_catalog()


def model_with(*intents: dict) -> dict:
    """A language model of the given intents, with the project's slot types."""
    types = [{"name": name, "values": [{"id": v.id, "name": {"value": v.name, "synonyms": list(v.synonyms)}}
                                       for v in values]}
             for name, values in CATALOG.slot_types.items()]
    return {"intents": list(intents), "types": types}


def definitions_with_near_miss(tmp_path: Path, sentence: str) -> Path:
    """A copy of the definitions where SignsIntent has `sentence` as a near miss."""
    target = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS_DIR, target)
    signs = target / "SignsIntent.yaml"
    text = signs.read_text(encoding="utf-8")
    if "\nnear_misses:\n" in text:
        text = text.replace("\nnear_misses:\n", f"\nnear_misses:\n  - {sentence}\n", 1)
    else:
        text = text.replace("\nsamples:\n", f"\nnear_misses:\n  - {sentence}\nsamples:\n", 1)
    signs.write_text(text, encoding="utf-8")
    return target


def test_the_generated_model_has_no_conflicts():
    result = subprocess.run([sys.executable, "-m", "local_runner", "eval", "--conflicts"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("conflicts (0):\n  none")
    assert "warnings: samples that say a value of a slot type their intent does not use" in result.stdout


def test_samples_the_same_once_lowercased_conflict():
    found = conflicts.report(model_with(
        {"name": "SignsIntent", "samples": ["What are the signs"]},
        {"name": "CausesIntent", "samples": ["what are the signs"]},
    ), CATALOG).conflicts
    assert [(c.first.intent, c.second.intent, c.fillers_only) for c in found] == \
        [("CausesIntent", "SignsIntent", False)]


def test_a_slot_value_said_conflicts_with_the_slot_of_its_type():
    found = conflicts.report(model_with(
        {"name": "CausesIntent", "slots": [{"name": "cause", "type": "CauseType"}],
         "samples": ["tell me about {cause}"]},
        {"name": "SignsIntent", "samples": ["tell me about stress"]},
    ), CATALOG).conflicts
    assert len(found) == 1 and found[0].reading == "tell me about slotcause"


def test_values_said_in_both_samples_are_different_sentences_as_on_the_console():
    found = conflicts.report(model_with(
        {"name": "SignsIntent", "samples": ["we never talk about menopause"]},
        {"name": "CausesIntent", "samples": ["we never talk about vaginismus"]},
    ), CATALOG).conflicts
    assert found == []  # both pain_or_health values, but no slot on either side


def test_samples_that_differ_only_in_filler_words_conflict():
    found = conflicts.report(model_with(
        {"name": "ReconnectionIdeaIntent", "samples": ["can you give us the idea please"]},
        {"name": "QuestionForUsIntent", "samples": ["give a idea"]},
    ), CATALOG).conflicts
    assert len(found) == 1 and found[0].fillers_only


def test_different_requests_and_the_same_intent_do_not_conflict():
    found = conflicts.report(model_with(
        {"name": "ReconnectionIdeaIntent", "samples": ["give me an idea", "give us an idea"]},
        {"name": "QuestionForUsIntent", "samples": ["give us a question"]},
    ), CATALOG).conflicts
    assert found == []


def test_a_value_of_a_type_the_intent_does_not_take_is_a_warning_unless_a_near_miss(tmp_path):
    catalog = load_catalog(definitions_with_near_miss(tmp_path, "we feel like roommates in bed"))
    model = model_with(
        {"name": "SignsIntent", "samples": ["we feel like roommates in bed", "we never mention menopause"]})
    result = conflicts.report(model, catalog)
    signs_warnings = [(w.sample.text, w.phrase, w.slot_type) for w in result.warnings
                      if w.sample.intent == "SignsIntent"]
    assert signs_warnings == [("we never mention menopause", "menopause", "SituationType")]
    accepted = result.accepted
    assert f"{accepted} deliberate near misses accepted" in conflicts.as_text(result)
    plain = conflicts.report(model, load_catalog())  # the same sentence, not marked deliberate
    assert ("we feel like roommates in bed", "SignsIntent") in \
        {(w.sample.text, w.sample.intent) for w in plain.warnings}
    assert accepted == plain.accepted + 1


def test_near_misses_join_the_samples_and_are_remembered(tmp_path):
    target = definitions_with_near_miss(tmp_path, "is it a sign that we argue")
    signs = target / "SignsIntent.yaml"
    intent = load_catalog(target).intent("SignsIntent")
    assert "is it a sign that we argue" in intent.near_misses
    assert "is it a sign that we argue" in intent.model_samples
    assert "is it a sign that we argue" not in intent.samples
    signs.write_text(signs.read_text(encoding="utf-8").replace("near_misses:", "near_miss:"),
                     encoding="utf-8")
    with pytest.raises(DefinitionError, match="unknown key near_miss"):
        load_catalog(target)


def test_the_command_exits_1_and_names_both_samples_when_there_is_a_conflict(tmp_path, monkeypatch, capsys):
    path = tmp_path / "en-US.json"
    path.write_text(json.dumps({"interactionModel": {"languageModel": model_with(
        {"name": "SignsIntent", "samples": ["what are the signs please"]},
        {"name": "CausesIntent", "samples": ["what are signs"]},
    )}}), encoding="utf-8")
    monkeypatch.setattr("local_runner.matcher.MODEL_PATH", path)
    assert main(["eval", "--conflicts"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("conflicts (1):")
    assert "CausesIntent 'what are signs' and SignsIntent 'what are the signs please': " \
           "the same but for filler words" in out
