"""The new intents are heard from phrasings written apart from their samples, without
taking neighbouring requests (ideas, questions, forget me) for them."""

from __future__ import annotations

import json

from test_eval import evaluate

from conftest import CATALOG, FIXTURES

NEW_INTENTS = ("ProgrammeIntent", "ProgrammeControlIntent", "SaveFavouriteIntent", "PlayFavouriteIntent",
               "RemoveFavouriteIntent", "IdeaFeedbackIntent", "MemoryIntent")
NEW_SLOT_TYPES = ("ProgrammeType", "ProgrammeControlType", "FavouriteKindType", "FeedbackType")


def test_every_new_intent_and_slot_type_has_forty_samples_in_every_locale():
    from intents.interaction_model import generated_files

    files = generated_files(CATALOG)
    for locale in CATALOG.skill["locales"]:
        model = json.loads(files[f"skill-package/interactionModels/custom/{locale}.json"])
        language = model["interactionModel"]["languageModel"]
        intents = {intent["name"]: intent for intent in language["intents"]}
        types = {t["name"]: t for t in language["types"]}
        for name in NEW_INTENTS:
            assert len(set(intents[name]["samples"])) >= 40, (locale, name)
        for name in NEW_SLOT_TYPES:
            phrases = {p for v in types[name]["values"] for p in (v["name"]["value"], *v["name"]["synonyms"])}
            assert len(phrases) >= 40, (locale, name)


def test_held_out_phrasings_of_the_new_intents_are_understood(tmp_path):
    result = evaluate(str(FIXTURES / "heldout_nights.yaml"), "--report", str(tmp_path), "--min", "90")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["intent_accuracy"] >= 0.9 and report["slot_accuracy"] >= 0.9


def test_the_dialogs_cover_every_new_intent():
    import yaml
    from test_local_runner import DIALOGS

    covered = set()
    for path in DIALOGS:
        for step in yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]:
            covered.add(step.get("intent") or (step.get("expect") or {}).get("intent"))
    assert set(NEW_INTENTS) <= covered, set(NEW_INTENTS) - covered
