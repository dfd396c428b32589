"""Reads the intent definitions in intents/definitions/ into plain objects.

One YAML file per custom intent (named after the intent), plus the built-in
intents, the slot types and the skill-level settings. Everything Alexa hears is
generated from here, and the local runner hears with the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from content import strict_yaml

DEFINITIONS_DIR = Path(__file__).parent / "definitions"


class DefinitionError(ValueError):
    """A definition file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class Slot:
    name: str
    type: str


FALLBACK = "AMAZON.FallbackIntent"


@dataclass(frozen=True)
class IntentDefinition:
    name: str
    samples: tuple[str, ...]
    slots: tuple[Slot, ...] = ()
    local_phrasings: tuple[str, ...] = ()
    source: str = ""
    # Hard negatives: sentences that share the words of a disclosure ("this traffic is
    # killing me", "we both like it rough") and belong here instead. Kept apart from
    # `samples` so anyone reading a conflict between them and SafetyIntent or
    # CrisisIntent knows they are deliberate.
    near_misses: tuple[str, ...] = ()

    @property
    def is_builtin(self) -> bool:
        return self.name.startswith("AMAZON.")

    @property
    def model_samples(self) -> tuple[str, ...]:
        """What the interaction model lists: the samples, then the near misses. Alexa
        takes no samples for the fallback, whose near misses only the local runner hears."""
        return self.samples if self.name == FALLBACK else self.samples + self.near_misses

    @property
    def local_only(self) -> tuple[str, ...]:
        """Phrasings only the local runner learns: Alexa knows them already, or may not be given them."""
        return self.local_phrasings + (self.near_misses if self.name == FALLBACK else ())


@dataclass(frozen=True)
class SlotValue:
    id: str
    name: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    intents: tuple[IntentDefinition, ...]
    slot_types: dict[str, tuple[SlotValue, ...]]
    skill: dict[str, Any]

    def intent(self, name: str) -> IntentDefinition:
        for intent in self.intents:
            if intent.name == name:
                return intent
        raise KeyError(name)


def load_catalog(directory: Path | str = DEFINITIONS_DIR) -> Catalog:
    directory = Path(directory)
    custom = [_custom_intent(path) for path in sorted(directory.glob("*Intent.yaml"))]
    return Catalog(
        intents=tuple(custom) + _builtins(directory / "builtins.yaml"),
        slot_types=_slot_types(directory / "slot_types.yaml"),
        skill=_mapping(directory / "skill.yaml", _read(directory / "skill.yaml")),
    )


def _read(path: Path) -> Any:
    try:
        return strict_yaml.load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DefinitionError(f"{path.name}: file is missing") from None
    except yaml.YAMLError as error:
        raise DefinitionError(f"{path.name}: not valid YAML: {error}") from None


def _mapping(path: Path, value: Any) -> dict:
    if not isinstance(value, dict):
        raise DefinitionError(f"{path.name}: expected a mapping at the top level")
    return value


def _strings(path: Path, value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DefinitionError(f"{path.name}: {what} must be a list of text")
    return tuple(value)


def _custom_intent(path: Path) -> IntentDefinition:
    raw = _mapping(path, _read(path))
    unknown = set(raw) - {"name", "samples", "slots", "near_misses"}
    if unknown:
        raise DefinitionError(f"{path.name}: unknown key {', '.join(sorted(unknown))}")
    name = raw.get("name")
    if name != path.stem:
        raise DefinitionError(f"{path.name}: name {name!r} must match the file name")
    slots = []
    for entry in raw.get("slots") or []:
        if not isinstance(entry, dict) or set(entry) != {"name", "type"}:
            raise DefinitionError(f"{path.name}: each slot needs exactly a name and a type")
        slots.append(Slot(str(entry["name"]), str(entry["type"])))
    return IntentDefinition(
        name=name,
        samples=_strings(path, raw.get("samples"), "samples"),
        slots=tuple(slots),
        source=path.name,
        near_misses=_strings(path, raw.get("near_misses"), "near_misses"),
    )


def _builtins(path: Path) -> tuple[IntentDefinition, ...]:
    raw = _mapping(path, _read(path))
    intents = []
    for name, entry in raw.items():
        entry = entry or {}
        if not isinstance(entry, dict) or set(entry) - {"samples", "local", "near_misses"}:
            raise DefinitionError(f"{path.name}: {name} takes only samples, local and near_misses")
        intents.append(IntentDefinition(
            name=str(name),
            samples=_strings(path, entry.get("samples"), f"{name} samples"),
            local_phrasings=_strings(path, entry.get("local"), f"{name} local"),
            source=path.name,
            near_misses=_strings(path, entry.get("near_misses"), f"{name} near_misses"),
        ))
    return tuple(intents)


def _slot_types(path: Path) -> dict[str, tuple[SlotValue, ...]]:
    raw = _mapping(path, _read(path))
    types = {}
    for type_name, values in raw.items():
        if not isinstance(values, list):
            raise DefinitionError(f"{path.name}: {type_name} must be a list of values")
        parsed = []
        for value in values:
            if not isinstance(value, dict) or set(value) - {"id", "name", "synonyms"} or \
                    not isinstance(value.get("id"), str) or not isinstance(value.get("name"), str):
                raise DefinitionError(f"{path.name}: {type_name}: each value needs an id and a name")
            parsed.append(SlotValue(value["id"], value["name"],
                                    _strings(path, value.get("synonyms"), f"{type_name} synonyms")))
        types[str(type_name)] = tuple(parsed)
    return types
