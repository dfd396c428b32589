"""Matches a typed utterance to an intent, the way Alexa's model would.

It hears with the generated interaction model (the same samples, slot types and
synonyms Alexa gets) plus the everyday phrasings of the built-in intents, and a
few out-of-domain requests that teach it what AMAZON.FallbackIntent sounds like.
A logistic regression over TF-IDF word pairs and character n-grams generalises
to phrasings that are not in the samples; below a confidence threshold the
answer is AMAZON.FallbackIntent, as on Alexa.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from content import load_content
from local_runner import when_words
from local_runner.classifier import CompactClassifier, export, fit
from local_runner.envelopes import SlotValue
from local_runner.model_cache import model_file, prune
from local_runner.slot_words import cached_value_words
from skill.screening import ABUSE, CRISIS, SURVIVOR, screen

MODEL_PATH = Path(__file__).resolve().parent.parent / "skill-package/interactionModels/custom/en-US.json"
FALLBACK = "AMAZON.FallbackIntent"
LAUNCH = "LaunchRequest"  # what an utterance that only opens the skill becomes
THRESHOLD = 0.2
# The model learns SafetyIntent from sentences like "he ... me", so alone it can
# hear danger in "she pushes me away" or "he won't let me pay". The screening
# list hears the unambiguous disclosures; without its agreement a safety answer
# needs this much confidence, below it the best other intent wins. Found on
# tests/fixtures/safety_classes.yaml and fresh phrasings written apart: the
# disclosures the list misses scored 0.8 and up for SafetyIntent (0.76 and up
# for CrisisIntent), everyday sentences up to 0.88 (0.69).
UNSCREENED_CONFIDENCE = {"SafetyIntent": 0.85, "CrisisIntent": 0.72, "SurvivorSupportIntent": 0.75}
REGULARISATION = 20.0  # scikit-learn's C: found on the held-out set in tests/fixtures


# Alexa's built-in day and time types are heard by when_words, with its own tokens.
_BUILT_IN_TOKENS = {when_words.SLOT_TYPES[name]: token for name, token in when_words.TOKENS.items()}


def slot_token(type_name: str) -> str:
    """The word a slot value of this type becomes in training and matching: CauseType -> slotcause."""
    return _BUILT_IN_TOKENS.get(type_name) or "slot" + re.sub(r"type$", "", type_name.lower())


# Launch phrasing is stripped only at the start, as Alexa does before matching.
_LAUNCH = re.compile(
    r"^(?:alexa\s+)?(?:(?:ask|tell|open|launch|start|use|load)\s+closer again"
    r"(?:\s+(?:to|for|and|about|if|whether))?\s*)?"
)
# A disclosure must never be mistaken for a request for tips: the skill's own
# screening list (content/data/screening.yaml) decides before the model does.
SCREENED_INTENTS = {CRISIS: "CrisisIntent", ABUSE: "SafetyIntent", SURVIVOR: "SurvivorSupportIntent"}


def _split_launch(utterance: str) -> tuple[str, str]:
    """The utterance cleaned to lowercase words, as (launch phrasing, the rest)."""
    text = " ".join(re.sub(r"[^a-z' ]+", " ", utterance.lower().replace("\u2019", "'")).split())
    prefix = _LAUNCH.match(text).group(0)  # the pattern is optional throughout, so it always matches
    return prefix.strip(), text[len(prefix):].strip()


def normalise(utterance: str) -> str:
    """Lowercase words only, launch phrasing at the start removed."""
    return _split_launch(utterance)[1]


def is_one_shot(utterance: str) -> bool:
    """'ask closer again for an idea' opens and asks at once, so no LaunchRequest first."""
    prefix, rest = _split_launch(utterance)
    return "closer again" in prefix and bool(rest)


@dataclass(frozen=True)
class Span:
    """Words of an utterance that are a value or synonym of a slot type."""

    start: int
    end: int
    phrase: str
    slot_type: str
    value_id: str
    name: str

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class Match:
    utterance: str
    intent: str
    confidence: float
    slots: dict[str, SlotValue] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "utterance": self.utterance,
            "intent": self.intent,
            "slots": {name: {"value": s.value, "id": s.resolved_id} for name, s in self.slots.items()},
            "confidence": round(self.confidence, 3),
        }


class Matcher:
    def __init__(self, model_path: Path = MODEL_PATH) -> None:
        self._screening = load_content().screening
        self.model_path = Path(model_path)
        model = json.loads(self.model_path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        self.slot_names: dict[str, tuple[str, ...]] = {}
        self.slot_types: dict[str, dict[str, str]] = {}  # intent -> slot name -> slot type
        for intent in model["intents"]:
            self.slot_names[intent["name"]] = tuple(s["name"] for s in intent.get("slots", []))
            self.slot_types[intent["name"]] = {s["name"]: s["type"] for s in intent.get("slots", [])}
        self._synonyms: list[tuple[str, str, str, str]] = []  # (phrase, type, id, name)
        for slot_type in model["types"]:
            for value in slot_type["values"]:
                name = value["name"]
                for phrase in (name["value"], *name.get("synonyms", [])):
                    self._synonyms.append((normalise(phrase), slot_type["name"], value["id"], name["value"]))
        self._synonyms.sort(key=lambda s: -len(s[0]))  # the longest phrase wins
        # Compiled once: there are more phrases than the re module's cache holds.
        self._patterns = [re.compile(rf"\b{re.escape(s[0])}\b") for s in self._synonyms]
        # Words of the samples say what is asked, never which value: they don't fill slots alone.
        carrier = [normalise(sample) for intent in model["intents"] for sample in intent["samples"]]
        self._words = cached_value_words(model_file(self.model_path).with_suffix(".words.json"),
                                         self._synonyms, carrier, near_miss_texts)
        self._model = trained_classifier(self.model_path, model)
        self._classes = list(self._model.classes)

    def resolve_for(self, intent: str, slot: str, spoken: str) -> SlotValue:
        """A value for slot `slot` of `intent`, resolved against that slot's type."""
        return self.resolve(spoken, self.slot_types.get(intent, {}).get(slot, "CauseType"))

    def resolve(self, spoken: str, slot_type: str = "CauseType") -> SlotValue:
        """A slot value as Alexa would resolve it: matched to a value or synonym, or not."""
        text = normalise(spoken.replace("_", " "))
        for phrase, type_name, value_id, name in self._synonyms:
            if type_name == slot_type and phrase == text:
                return SlotValue(spoken, slot_type, value_id, name)
        return SlotValue(spoken, slot_type)

    def _find_slots(self, text: str) -> list[tuple[int, int, list[SlotValue]]]:
        """Spans of slot values, longest phrases first, never overlapping.

        A phrase can belong to several slot types ("too busy" is a cause and a
        check-in answer), so each span keeps every reading; the intent decides.
        """
        spans: list[tuple[int, int, list[SlotValue]]] = []
        for (phrase, slot_type, value_id, name), pattern in zip(self._synonyms, self._patterns, strict=True):
            if phrase not in text:  # a plain substring test first: most phrases are absent
                continue
            for found in pattern.finditer(text):
                start, end = found.span()
                same = next((s for s in spans if s[0] == start and s[1] == end), None)
                if same is not None:
                    if all(v.slot_type != slot_type for v in same[2]):
                        same[2].append(SlotValue(phrase, slot_type, value_id, name))
                elif all(end <= s[0] or start >= s[1] for s in spans):
                    spans.append((start, end, [SlotValue(phrase, slot_type, value_id, name)]))
        return sorted(spans, key=lambda s: s[0])

    @staticmethod
    def _marked(text: str, spans: list[tuple[int, int, list[SlotValue]]], slot_type: str) -> str:
        """The text with every value of `slot_type` replaced by that type's token."""
        for start, end, values in reversed(spans):
            if any(v.slot_type == slot_type for v in values):
                text = text[:start] + slot_token(slot_type) + text[end:]
        return text

    def _word_spans(self, text: str, spans: list[tuple[int, int, list[SlotValue]]]
                    ) -> list[tuple[int, int, list[SlotValue]]]:
        """Words that point to a single value of a type ("newborn", "cheated"), outside
        the phrases already found: Alexa fills slots with words it was not given too."""
        found = []
        for word in re.finditer(r"[a-z']+", text):
            start, end = word.span()
            if any(start < s[1] and end > s[0] for s in spans):
                continue
            values = [SlotValue(word.group(0), slot_type, *words[word.group(0)])
                      for slot_type, words in self._words.items() if word.group(0) in words]
            if values:
                found.append((start, end, values))
        return found

    def match(self, utterance: str, today: date | None = None) -> Match:
        """The intent and slots; days such as "tomorrow" count from `today` (the device's date)."""
        prefix, text = _split_launch(utterance)
        if not text:  # "open closer again" opens the skill; "alexa" alone or silence asks nothing
            opens = "closer again" in prefix
            return Match(utterance, LAUNCH if opens else FALLBACK, 1.0 if opens else 0.0)
        disclosure = screen(text, self._screening)
        if disclosure:
            return Match(utterance, SCREENED_INTENTS[disclosure], 1.0)
        spans = self._find_slots(text)
        spans = sorted(spans + self._word_spans(text, spans), key=lambda s: s[0])
        # Score the sentence as heard and with each type's values marked, keeping
        # the most confident reading: "how does this work" is not about stress at work.
        types = list(dict.fromkeys(v.slot_type for _, _, values in spans for v in values))
        candidates = [text] + [self._marked(text, spans, type_) for type_ in types]
        with_when, when_slots = when_words.find(text, today)
        if when_slots:
            candidates.append(with_when)
        probabilities = self._model.predict_proba(candidates)
        row, column = max(((r, max(range(len(p)), key=p.__getitem__)) for r, p in enumerate(probabilities)),
                          key=lambda rc: probabilities[rc[0]][rc[1]])
        intent, confidence = self._classes[column], float(probabilities[row][column])
        if confidence < UNSCREENED_CONFIDENCE.get(intent, 0.0):
            ordinary = [c for c, name in enumerate(self._classes) if name not in SCREENED_INTENTS.values()]
            column = max(ordinary, key=lambda c: probabilities[row][c])
            intent, confidence = self._classes[column], float(probabilities[row][column])
        if confidence < THRESHOLD or intent == FALLBACK:
            return Match(utterance, FALLBACK, confidence)
        slots: dict[str, SlotValue] = {}
        declared = {type_: name for name, type_ in self.slot_types.get(intent, {}).items()}
        for _, _, values in spans:
            for value in values:
                name = declared.get(value.slot_type)
                if name and name not in slots:
                    slots[name] = value
                    break
        declared_names = self.slot_names.get(intent, ())
        slots.update({name: value for name, value in when_slots.items() if name in declared_names})
        return Match(utterance, intent, confidence, slots)


def training_set(model: dict) -> tuple[list[str], list[str]]:
    """(texts, labels) the classifier learns from: the model's samples, the
    built-ins' everyday phrasings and the out-of-domain requests."""
    from intents.catalog import load_catalog  # reads YAML: only training needs it

    texts: list[str] = []
    labels: list[str] = []
    for intent in model["intents"]:
        slots = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent["samples"]:
            for name, type_ in slots.items():
                sample = sample.replace(f"{{{name}}}", slot_token(type_))
            texts.append(normalise(sample))
            labels.append(intent["name"])
    for intent in load_catalog().intents:
        texts += [normalise(phrase) for phrase in intent.local_only]
        labels += [intent.name] * len(intent.local_only)
    return texts, labels


def near_miss_texts() -> set[str]:
    """The near misses of every intent, as matched: not ways of asking for that intent."""
    from intents.catalog import load_catalog  # reads YAML: only a fresh cache needs it

    return {normalise(text) for intent in load_catalog().intents for text in intent.near_misses}


def train(model: dict, target: Path) -> None:
    """Fit the classifier on the interaction model and export it to `target`."""
    texts, labels = training_set(model)
    export(fit(texts, labels, REGULARISATION), target)


def trained_classifier(model_path: Path, model: dict) -> CompactClassifier:
    """The cached classifier for this interaction model and code; trained first when there is none."""
    target = model_file(model_path)
    with contextlib.suppress(OSError, ValueError):  # missing, or unreadable: train again
        return CompactClassifier(target)
    print(f"(matcher) training on {model_path.name}: once after each change to the model, "
          "a second or two", file=sys.stderr, flush=True)
    try:
        train(model, target)
    except OSError as error:
        print(f"(matcher) cannot save the trained model in {target.parent} ({error.strerror}); "
              "it will train again next time", file=sys.stderr)
        with tempfile.TemporaryDirectory() as scratch:
            train(model, Path(scratch) / target.name)
            return CompactClassifier(Path(scratch) / target.name)
    print(f"(matcher) saved to {target}", file=sys.stderr, flush=True)
    prune(target.parent)
    return CompactClassifier(target)
