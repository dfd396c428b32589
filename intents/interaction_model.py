"""Generates the ASK CLI files from the intent catalog.

The generated files are committed, so the skill package in the repository is
always what `ask deploy` would send; a test fails when they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from intents import icons
from intents.catalog import Catalog

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SKILL_PACKAGE = "skill-package"
LAMBDA_SOURCE_DIR = "./dist/lambda"


def language_model(catalog: Catalog) -> dict[str, Any]:
    intents = []
    for intent in catalog.intents:
        entry: dict[str, Any] = {"name": intent.name}
        if intent.slots:
            entry["slots"] = [{"name": s.name, "type": s.type, "samples": []} for s in intent.slots]
        entry["samples"] = list(intent.model_samples)
        intents.append(entry)
    types = [
        {
            "name": type_name,
            "values": [
                {"id": v.id, "name": {"value": v.name, "synonyms": list(v.synonyms)}}
                for v in values
            ],
        }
        for type_name, values in catalog.slot_types.items()
    ]
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": catalog.skill["invocation_name"],
                "intents": intents,
                "types": types,
            }
        }
    }


def manifest(catalog: Catalog) -> dict[str, Any]:
    skill = catalog.skill
    publishing = skill["publishing"]

    def locale_info(locale: str) -> dict[str, Any]:
        return {
            "name": publishing["name"],
            "summary": publishing["summary"],
            "description": publishing["description"],
            "examplePhrases": list(publishing["example_phrases"]),
            "keywords": list(publishing["keywords"]),
            **{field: f"file://{icons.icon_path(locale, field)}" for field in icons.SIZES},
        }

    custom: dict[str, Any] = {}
    if skill.get("interfaces"):
        custom["interfaces"] = [dict(interface) for interface in skill["interfaces"]]
    document: dict[str, Any] = {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": {locale: locale_info(locale) for locale in skill["locales"]},
                "isAvailableWorldwide": False,
                "distributionCountries": list(skill["distribution_countries"]),
                "testingInstructions": publishing["testing_instructions"],
                "category": skill["category"],
            },
            "privacyAndCompliance": {
                "allowsPurchases": False,
                "usesPersonalInfo": False,
                "isChildDirected": False,
                "isExportCompliant": True,
                "containsAds": False,
            },
            "apis": {"custom": custom},
        }
    }
    if skill.get("permissions"):
        document["manifest"]["permissions"] = [{"name": name} for name in skill["permissions"]]
    if skill.get("events"):
        # The events endpoint is the skill's own: `ask deploy` writes it (targetEndpoint below).
        document["manifest"]["events"] = {"subscriptions": [{"eventName": name} for name in skill["events"]]}
    return document


def ask_resources(catalog: Catalog) -> dict[str, Any]:
    user_config: dict[str, Any] = {
        "runtime": catalog.skill["lambda_runtime"],
        "handler": catalog.skill["lambda_handler"],
        "awsRegion": "us-east-1",
    }
    if catalog.skill.get("events"):
        # The Lambda deployer then sets events.endpoint to the function and lets Alexa invoke it for events.
        user_config["targetEndpoint"] = ["custom", "events"]
    return {
        "askcliResourcesVersion": "2020-03-31",
        "profiles": {
            "default": {
                "skillMetadata": {"src": f"./{SKILL_PACKAGE}"},
                "code": {"default": {"src": LAMBDA_SOURCE_DIR}},
                "skillInfrastructure": {
                    "type": "@ask-cli/lambda-deployer",
                    "userConfig": user_config,
                },
            }
        },
    }


def generated_files(catalog: Catalog) -> dict[str, bytes]:
    """Every generated file, by path relative to the project root."""
    documents = {
        f"{SKILL_PACKAGE}/skill.json": manifest(catalog),
        "ask-resources.json": ask_resources(catalog),
    }
    model = language_model(catalog)
    for locale in catalog.skill["locales"]:
        documents[f"{SKILL_PACKAGE}/interactionModels/custom/{locale}.json"] = model
    files = {path: (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()
             for path, data in documents.items()}
    for field, size in icons.SIZES.items():
        image = icons.png(size)
        for locale in catalog.skill["locales"]:
            files[f"{SKILL_PACKAGE}/{icons.icon_path(locale, field)}"] = image
    return files


def write_files(catalog: Catalog, root: Path = PROJECT_ROOT) -> list[str]:
    written = []
    for relative, data in generated_files(catalog).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            written.append(relative)
    return written


def stale_files(catalog: Catalog, root: Path = PROJECT_ROOT) -> list[str]:
    """Generated files whose committed copy differs from what the catalog gives."""
    stale = []
    for relative, data in generated_files(catalog).items():
        path = root / relative
        if not path.exists() or path.read_bytes() != data:
            stale.append(relative)
    return stale
