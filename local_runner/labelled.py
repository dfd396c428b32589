"""Labelled utterances for `closer-local eval`, read from TSV or YAML.

Three shapes are accepted, and every entry must be complete; a broken one is
an error naming the file and the line or entry, never skipped:

    # TSV: utterance, intent, optional slots as name=value pairs separated by ';'
    we keep fighting what can we do<TAB>ReconnectionIdeaIntent<TAB>cause=conflict

    # YAML list
    - {utterance: "my partner hurts me", intent: SafetyIntent}
    - {utterance: "we keep fighting", intent: ReconnectionIdeaIntent, slots: {cause: conflict}}

    # YAML mapping of intent to utterances (strings, or {utterance, slots})
    ReconnectionIdeaIntent:
    - give me an idea
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple


class LabelError(ValueError):
    """A labelled file that cannot be evaluated; the message says where and why."""


class Example(NamedTuple):
    utterance: str
    intent: str
    slots: dict[str, str] | None  # None: the file says nothing about slots


def load_examples(path: Path) -> list[Example]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LabelError(f"{path}: cannot be read ({error})") from None
    tabular = Path(path).suffix.lower() in (".tsv", ".txt")
    examples = _from_tsv(text, path) if tabular else _from_yaml(text, path)
    if not examples:
        raise LabelError(f"{path}: has no labelled utterances")
    return examples


def _from_tsv(text: str, path: Path) -> list[Example]:
    examples = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = line.split("\t")
        if number == 1 and [c.strip().lower() for c in columns[:2]] == ["utterance", "intent"]:
            continue  # a header row
        if len(columns) not in (2, 3) or not columns[0].strip() or not columns[1].strip():
            raise LabelError(f"{path}: line {number}: expected utterance<TAB>intent[<TAB>slots], "
                             f"got {len(columns)} column(s)")
        slots = None
        if len(columns) == 3:
            slots = {}
            for pair in filter(None, (p.strip() for p in columns[2].split(";"))):
                name, equals, value = pair.partition("=")
                if not equals or not name.strip() or not value.strip():
                    raise LabelError(f"{path}: line {number}: slot {pair!r} is not name=value")
                slots[name.strip()] = value.strip()
        examples.append(Example(columns[0].strip(), columns[1].strip(), slots))
    return examples


def _from_yaml(text: str, path: Path) -> list[Example]:
    import yaml

    from content import strict_yaml

    try:
        data = strict_yaml.load(text)  # an intent listed twice is an error, not half the file lost
    except yaml.YAMLError as error:
        raise LabelError(f"{path}: not valid YAML ({error})") from None
    if isinstance(data, list):
        return [_entry(item, None, f"{path}: entry {number}") for number, item in enumerate(data, start=1)]
    if isinstance(data, dict):
        examples = []
        for intent, items in data.items():
            if not isinstance(items, list):
                raise LabelError(f"{path}: {intent}: expected a list of utterances")
            examples += [_entry(item, str(intent), f"{path}: {intent}: entry {number}")
                         for number, item in enumerate(items, start=1)]
        return examples
    raise LabelError(f"{path}: expected a list of {{utterance, intent}} or a mapping of intent to utterances")


def _entry(item: Any, intent: str | None, where: str) -> Example:
    if isinstance(item, str) and intent is not None:
        item = {"utterance": item}
    if not isinstance(item, dict):
        raise LabelError(f"{where}: expected a mapping with utterance and intent")
    allowed = {"utterance", "slots"} if intent is not None else {"utterance", "intent", "slots"}
    unknown = sorted(set(map(str, item)) - allowed)
    if unknown:
        raise LabelError(f"{where}: unknown key {unknown[0]!r}")
    utterance, label, slots = item.get("utterance"), intent or item.get("intent"), item.get("slots")
    if not isinstance(utterance, str) or not utterance.strip():
        raise LabelError(f"{where}: needs an utterance")
    if not isinstance(label, str) or not label.strip():
        raise LabelError(f"{where}: needs an intent")
    if slots is not None and not (isinstance(slots, dict) and _all_text(slots.values())):
        raise LabelError(f"{where}: slots must map slot names to values")
    return Example(utterance.strip(), label.strip(), None if slots is None else dict(slots))


def _all_text(values) -> bool:
    return all(isinstance(value, str) for value in values)
