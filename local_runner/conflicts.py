"""`closer-local eval --conflicts`: samples that compete between intents, as the
developer console's utterance conflict detection reports them.

Two samples of different intents conflict when they read the same once
lowercased and every slot (a `{slot}` reference or a value of a slot type said
in the words) is replaced by its type's name, or when they differ only in
filler words. Alexa cannot tell such samples apart, so neither can the
matcher. Separately, a sample that says a value of a slot type its intent does
not use is a warning: the value may pull the sentence to an intent that does,
unless the sample is a deliberate near miss (`near_misses:` in its definition).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from intents.catalog import Catalog
from local_runner.matcher import normalise, slot_token

# Words that change nothing about what is asked ("can you" is removed as a pair).
FILLERS = frozenset({"a", "the", "please", "me", "us", "our"})
FILLER_PAIRS = (("can", "you"),)
MAX_READINGS = 32  # readings kept per sample when several words are values of several types


@dataclass(frozen=True)
class Sample:
    intent: str
    text: str
    deliberate: bool  # a near miss, said on purpose


@dataclass(frozen=True)
class Conflict:
    first: Sample
    second: Sample
    reading: str  # what both read as
    fillers_only: bool  # identical only once fillers are dropped


@dataclass(frozen=True)
class ForeignValue:
    sample: Sample
    phrase: str
    slot_type: str


@dataclass(frozen=True)
class Report:
    conflicts: list[Conflict]
    warnings: list[ForeignValue]
    accepted: int  # near misses that say another type's value on purpose


class _Phrases:
    """Every value and synonym of the custom slot types, found longest first."""

    def __init__(self, catalog: Catalog) -> None:
        owners: dict[str, set[str]] = {}
        for type_name, values in catalog.slot_types.items():
            for value in values:
                for phrase in (value.name, *value.synonyms):
                    key = normalise(phrase)
                    if key:
                        owners.setdefault(key, set()).add(type_name)
        self.owners = owners
        ordered = sorted(owners, key=len, reverse=True)
        self._pattern = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b")

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, phrase) of the values said, never overlapping; at each place the
        longest phrase wins, since the alternation lists the longest first."""
        return [(m.start(), m.end(), m.group(0)) for m in self._pattern.finditer(text)]


def _placeholders(sample: str, slot_types: dict[str, str]) -> str:
    """`{cause}` becomes the classifier's token for CauseType, so references and values compare."""
    return re.sub(r"\{(\w+)\}", lambda m: f" {slot_token(slot_types.get(m.group(1), m.group(1)))} ", sample)


def readings(sample: str, slot_types: dict[str, str], phrases: _Phrases) -> dict[str, bool]:
    """The sample as heard with each `{slot}` as its type's token (True: as written),
    and also with the values said in its words as their types, one reading per way of
    taking them (False: a value read as its slot; a phrase may belong to several types)."""
    text = " ".join(normalise(_placeholders(sample, slot_types)).split())
    result = {text: True}
    spans = phrases.spans(text)
    choices = [sorted(phrases.owners[phrase]) for _, _, phrase in spans]
    for types in itertools.islice(itertools.product(*choices), MAX_READINGS) if spans else ():
        reading = text
        for (start, end, _), type_name in reversed(list(zip(spans, types, strict=True))):
            reading = reading[:start] + slot_token(type_name) + reading[end:]
        result.setdefault(" ".join(reading.split()), False)
    return result


def without_fillers(reading: str) -> str:
    words = reading.split()
    kept: list[str] = []
    index = 0
    while index < len(words):
        pair = tuple(words[index:index + 2])
        if pair in FILLER_PAIRS:
            index += 2
            continue
        if words[index] not in FILLERS:
            kept.append(words[index])
        index += 1
    return " ".join(kept)


def samples_of(model: dict, catalog: Catalog) -> list[tuple[Sample, dict[str, str]]]:
    """Every sample of the generated model, and the built-ins' local phrasings the matcher
    also learns, each with its intent's slot types by slot name."""
    deliberate = {(i.name, normalise(s)) for i in catalog.intents for s in i.near_misses}
    found = []
    for intent in model["intents"]:
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for text in intent["samples"]:
            found.append((Sample(intent["name"], text, (intent["name"], normalise(text)) in deliberate),
                          slot_types))
    for intent in catalog.intents:
        for text in intent.local_only:
            found.append((Sample(intent.name, text, (intent.name, normalise(text)) in deliberate), {}))
    return found


def report(model: dict, catalog: Catalog) -> Report:
    phrases = _Phrases(catalog)
    exact: dict[str, list[Sample]] = {}
    loose: dict[str, list[Sample]] = {}
    warnings: list[ForeignValue] = []
    accepted = 0
    for sample, slot_types in samples_of(model, catalog):
        for reading, as_written in readings(sample.text, slot_types, phrases).items():
            exact.setdefault(reading, []).append((sample, as_written))
            loose.setdefault(without_fillers(reading), []).append((sample, as_written))
        used = set(slot_types.values())
        text = normalise(_placeholders(sample.text, slot_types))
        foreign = [(phrase, type_name) for _, _, phrase in phrases.spans(text)
                   for type_name in sorted(phrases.owners[phrase]) if type_name not in used]
        if foreign and sample.deliberate:
            accepted += 1
        elif foreign:
            phrase, type_name = foreign[0]
            warnings.append(ForeignValue(sample, phrase, type_name))
    conflicts: dict[tuple[Sample, Sample], Conflict] = {}
    # As the developer console sees it: a value said in one sample competes with a slot
    # (or the same words) in the other; two values of one type said in two intents'
    # samples ("another idea", "another question") are different sentences.
    for table, fillers_only in ((exact, False), (loose, True)):
        for reading, group in table.items():
            for (first, first_written), (second, second_written) in itertools.combinations(group, 2):
                if first.intent == second.intent or not (first_written or second_written):
                    continue
                pair = tuple(sorted((first, second), key=lambda s: (s.intent, s.text)))
                conflicts.setdefault(pair, Conflict(pair[0], pair[1], reading, fillers_only))
    return Report(sorted(conflicts.values(), key=lambda c: (c.first.intent, c.first.text, c.second.text)),
                  warnings, accepted)


def as_text(result: Report) -> str:
    lines = [f"conflicts ({len(result.conflicts)}):"]
    for c in result.conflicts:
        how = "the same but for filler words" if c.fillers_only else "the same"
        lines.append(f"  {c.first.intent} {c.first.text!r} and {c.second.intent} {c.second.text!r}: "
                     f"{how} ({c.reading!r})")
    if not result.conflicts:
        lines.append("  none")
    lines += ["", f"warnings: samples that say a value of a slot type their intent does not use "
                  f"({len(result.warnings)}; {result.accepted} deliberate near misses accepted):"]
    lines += [f"  {w.sample.intent} {w.sample.text!r}: {w.phrase!r} is a {w.slot_type} value"
              for w in result.warnings] or ["  none"]
    return "\n".join(lines)
