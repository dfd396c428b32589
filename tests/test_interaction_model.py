"""The generated ASK files, and the console build rules they must pass."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CATALOG, CONTENT
from intents import interaction_model, rules
from intents.catalog import IntentDefinition, Slot

ROOT = Path(__file__).resolve().parent.parent
CUSTOM_INTENTS = {
    "ReconnectionIdeaIntent", "ConversationStarterIntent", "SignsIntent", "CausesIntent",
    "SeekHelpIntent", "GuidedReflectionIntent", "SafetyIntent",
}
BUILTINS = {f"AMAZON.{n}Intent" for n in (
    "Help", "Stop", "Cancel", "Fallback", "NavigateHome", "Repeat", "Next", "More", "Yes", "No",
    "StartOver", "Pause", "Resume")}
LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]


def test_committed_files_are_up_to_date():
    assert interaction_model.stale_files(CATALOG) == [], "run: python -m intents build"


def test_the_catalog_passes_the_build_rules():
    assert rules.check(CATALOG) == []


@pytest.mark.parametrize("command", ["validate", "check"])
def test_command_line(command):
    result = subprocess.run([sys.executable, "-m", "intents", command], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_model_has_the_fixed_intents(locale):
    path = ROOT / "skill-package" / "interactionModels" / "custom" / f"{locale}.json"
    model = json.loads(path.read_text())["interactionModel"]["languageModel"]
    assert model["invocationName"] == "closer again"
    names = {intent["name"] for intent in model["intents"]}
    assert names >= CUSTOM_INTENTS | BUILTINS
    by_name = {intent["name"]: intent for intent in model["intents"]}
    for name in CUSTOM_INTENTS:
        assert len(by_name[name]["samples"]) >= 30, name
    assert by_name["CausesIntent"]["slots"] == [{"name": "cause", "type": "CauseType", "samples": []}]
    for name, slots in SLOTS.items():
        assert {(s["name"], s["type"]) for s in by_name[name]["slots"]} == slots, name
        assert len(by_name[name]["samples"]) >= 40, name
    types = {t["name"]: {v["id"] for v in t["values"]} for t in model["types"]}
    for type_name, ids in SLOT_IDS.items():
        assert types[type_name] == ids, type_name


# The slots and slot ids outside checks rely on (issue 8).
SLOTS = {
    "ReconnectionIdeaIntent": {("cause", "CauseType"), ("situation", "SituationType")},
    "ConversationStarterIntent": {("topic", "TopicType")},
    "GuidedReflectionIntent": {("reflection", "ReflectionType"), ("pace", "ReflectionPaceType")},
}
SLOT_IDS = {
    "CauseType": {"stress", "conflict", "needs", "body_image", "routine"},
    "SituationType": {"new_parents", "desire_mismatch", "pain_or_health", "after_infidelity",
                      "illness_or_disability", "different_schedules", "long_distance", "asexual_spectrum"},
    "TopicType": {"desire", "body_image", "after_a_fight", "avoidance", "stress", "roommates",
                  "appreciation", "little_desire"},
    "ReflectionType": {"reconnect", "wind_down", "appreciation", "repair", "body_kindness"},
}


def test_slot_ids_match_the_content():
    assert SLOT_IDS["SituationType"] == set(CONTENT.situations)
    assert SLOT_IDS["TopicType"] == set(CONTENT.opener_topics)
    assert SLOT_IDS["ReflectionType"] == set(CONTENT.reflections)


def test_manifest_has_the_publishing_and_privacy_fields():
    manifest = json.loads((ROOT / "skill-package" / "skill.json").read_text())["manifest"]
    publishing = manifest["publishingInformation"]
    assert set(publishing["locales"]) == set(LOCALES)
    en_us = publishing["locales"]["en-US"]
    assert en_us["examplePhrases"][0] == "Alexa, open closer again"
    assert "not a substitute for professional advice" in en_us["description"]
    assert manifest["privacyAndCompliance"]["usesPersonalInfo"] is False
    for field, size in (("smallIconUri", 108), ("largeIconUri", 512)):
        icon = ROOT / "skill-package" / en_us[field].removeprefix("file://")
        header = icon.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(header[16:20], "big") == int.from_bytes(header[20:24], "big") == size
    resources = json.loads((ROOT / "ask-resources.json").read_text())
    config = resources["profiles"]["default"]["skillInfrastructure"]["userConfig"]
    assert config["handler"] == "skill.lambda_function.lambda_handler"


def with_skill(**changes):
    return dataclasses.replace(CATALOG, skill={**CATALOG.skill, **changes})


def with_intent(intent: IntentDefinition):
    return dataclasses.replace(CATALOG, intents=CATALOG.intents + (intent,))


def custom(samples, slots=()):
    return IntentDefinition("ExtraIntent", tuple(samples) * 1, tuple(slots))


FILLER = [f"say something {adjective} about {topic}"
          for adjective in ("nice", "kind", "warm", "soft", "new", "old")
          for topic in ("cats", "dogs", "tea", "rain", "books", "songs")]


@pytest.mark.parametrize("catalog,problem", [
    (with_skill(invocation_name="closer"), "two or more words"),
    (with_skill(invocation_name="Closer Again"), "lowercase"),
    (with_skill(invocation_name="alexa closer again"), "'alexa'"),
    (with_skill(invocation_name="open closer again"), "'open'"),
    (with_skill(invocation_name="closer again skill"), "'skill'"),
    (with_skill(invocation_name="closer app"), "'app'"),
    (with_intent(custom(FILLER + ["give me an idea"])), "duplicate of a sample in ReconnectionIdeaIntent"),
    (with_intent(custom(FILLER + ["give me idea number 2"])), "spell numbers out"),
    (with_intent(custom(FILLER + ["what about {mood}"])), "slot {mood} is not declared"),
    (with_intent(custom(FILLER + ["what about {mood}"], [Slot("mood", "MoodType")])),
     "undefined type MoodType"),
    (with_intent(custom(FILLER[:5])), "needs 30"),
    (with_intent(custom(FILLER + FILLER[:1])), "listed twice"),
    (dataclasses.replace(CATALOG, intents=tuple(i for i in CATALOG.intents
                                                if i.name != "AMAZON.StopIntent")), "AMAZON.StopIntent"),
])
def test_build_rules_catch_what_the_console_rejects(catalog, problem):
    problems = rules.check(catalog)
    assert any(problem in p for p in problems), problems


def test_example_phrases_must_match_samples():
    publishing = {**CATALOG.skill["publishing"],
                  "example_phrases": ["Alexa, open closer again", "Alexa, ask closer again to dance"]}
    problems = rules.check(with_skill(publishing=publishing))
    assert any("does not match any sample" in p for p in problems)


def test_description_must_carry_the_disclaimer():
    publishing = {**CATALOG.skill["publishing"], "description": "A lovely skill."}
    assert any("not a substitute" in p for p in rules.check(with_skill(publishing=publishing)))


def test_build_rewrites_stale_files(tmp_path):
    written = interaction_model.write_files(CATALOG, tmp_path)
    assert "skill-package/interactionModels/custom/en-IN.json" in written
    assert interaction_model.stale_files(CATALOG, tmp_path) == []
    (tmp_path / "skill-package" / "skill.json").write_text("{}")
    assert interaction_model.stale_files(CATALOG, tmp_path) == ["skill-package/skill.json"]


def test_a_duplicate_key_in_a_definition_is_reported(tmp_path):
    import shutil

    from intents.catalog import DEFINITIONS_DIR, DefinitionError, load_catalog

    target = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS_DIR, target)
    path = target / "SignsIntent.yaml"
    path.write_text(path.read_text() + "samples:\n  - what are the signs\n")
    with pytest.raises(DefinitionError, match="SignsIntent.yaml: not valid YAML.*duplicate key 'samples'"):
        load_catalog(target)
