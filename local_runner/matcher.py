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
from local_runner.slot_phrases import SlotPhrases
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
    """The utterance cleaned to lowercase words, as (launch phrasing, the rest).
    Digits stay (typed "at 8 pm" is a time), as does the colon of "8:30"."""
    text = " ".join(re.sub(r"[^a-z0-9:' ]+", " ", utterance.lower().replace("\u2019", "'")).split())
    prefix = _LAUNCH.match(text).group(0)  # the pattern is optional throughout, so it always matches
    return prefix.strip(), text[len(prefix):].strip()


def normalise(utterance: str) -> str:
    """Lowercase words and numbers only, launch phrasing at the start removed."""
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


def slot_phrases(model: dict) -> SlotPhrases:
    """Every value and synonym of the model's slot types, ready to be found in a sentence,
    with the words the samples say just before each type's slot ("after {topic}")."""
    before: dict[str, set[str]] = {}
    for intent in model["intents"]:
        types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent["samples"]:
            for word, name in re.findall(r"([a-z']+) \{(\w+)\}", sample.lower()):
                if name in types:
                    before.setdefault(types[name], set()).add(word)
    return SlotPhrases(
        ((normalise(phrase), slot_type["name"], value["id"], value["name"]["value"])
         for slot_type in model["types"] for value in slot_type["values"]
         for phrase in (value["name"]["value"], *value["name"].get("synonyms", []))),
        before)


def readings(phrases: SlotPhrases, text: str) -> list[str]:
    """The text with each type's values marked in turn, one reading per type said."""
    spans = phrases.find(text)
    types = dict.fromkeys(v.slot_type for _, _, values in spans for v in values)
    return [marked(phrases, text, spans, type_) for type_ in types]


def marked(phrases: SlotPhrases, text: str, spans: list[tuple[int, int, list[SlotValue]]],
           slot_type: str) -> str:
    """The text with every value of `slot_type` replaced by that type's token."""
    return phrases.mark(text, spans, slot_type, slot_token(slot_type))


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
        self._phrases = slot_phrases(model)
        self._synonyms = self._phrases.synonyms
        # Words of the samples say what is asked, never which value: they don't fill slots alone.
        carrier = [normalise(sample) for intent in model["intents"] for sample in intent["samples"]]
        self._words = cached_value_words(model_file(self.model_path).with_suffix(".words.json"),
                                         self._synonyms, carrier, near_miss_texts)
        self._model = trained_classifier(self.model_path, model)
        self._classes = list(self._model.classes)
        self._takes: dict[str, set[str]] = {}  # slot type -> the intents with a slot of that type
        for intent, types in self.slot_types.items():
            for type_ in types.values():
                self._takes.setdefault(type_, set()).add(intent)

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
        return self._phrases.find(text)

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

    def _choose(self, probabilities: list[list[float]], allowed: list[set[str] | None]) -> tuple[int, int]:
        """(reading, intent column) of the most confident answer a reading may give."""
        return max(((r, c) for r, p in enumerate(probabilities) for c in range(len(p))
                    if allowed[r] is None or self._classes[c] in allowed[r]),
                   key=lambda rc: probabilities[rc[0]][rc[1]])

    def match(self, utterance: str, today: date | None = None) -> Match:
        """The intent and slots; days such as "tomorrow" count from `today` (the device's date)."""
        prefix, text = _split_launch(utterance)
        if not text:  # "open closer again" opens the skill; "alexa" alone or silence asks nothing
            opens = "closer again" in prefix
            return Match(utterance, LAUNCH if opens else FALLBACK, 1.0 if opens else 0.0)
        disclosure = screen(text, self._screening)
        if disclosure:
            return Match(utterance, SCREENED_INTENTS[disclosure], 1.0)
        phrases = self._find_slots(text)
        words = self._word_spans(text, phrases)
        spans = sorted(phrases + words, key=lambda s: s[0])
        # Score the sentence as heard and with each type's values marked, keeping
        # the most confident reading: "how does this work" is not about stress at work.
        # A reading with a type's values marked speaks only for the intents that take
        # that type: "how do we reconnect" read with a reflection's name marked cannot
        # elect the reflection. Days and times are said in every kind of request, and
        # training hears them so in each ("what happened slotdate" is the fallback's).
        types = list(dict.fromkeys(v.slot_type for _, _, values in spans for v in values))
        candidates = [text] + [marked(self._phrases, text, spans, type_) for type_ in types]
        allowed: list[set[str] | None] = [None] + [self._takes.get(type_, set()) for type_ in types]
        with_when, when_slots = when_words.find(text, today)
        if when_slots:
            candidates.append(with_when)
            allowed.append(None)  # days and times are said in every kind of request
        probabilities = self._model.predict_proba(candidates)
        row, column = self._choose(probabilities, allowed)
        intent, confidence = self._classes[column], float(probabilities[row][column])
        if confidence < UNSCREENED_CONFIDENCE.get(intent, 0.0):
            ordinary = [c for c, name in enumerate(self._classes) if name not in SCREENED_INTENTS.values()]
            column = max(ordinary, key=lambda c: probabilities[row][c])
            intent, confidence = self._classes[column], float(probabilities[row][column])
        if confidence < THRESHOLD or intent == FALLBACK:
            return Match(utterance, FALLBACK, confidence)
        slots: dict[str, SlotValue] = {}
        declared = {type_: name for name, type_ in self.slot_types.get(intent, {}).items()}
        # A lone word is weaker evidence than a listed phrase: it fills a slot only
        # when no listed phrase filled one ("our newborn takes all our energy" is new parents).
        # Of a type's phrases, the longest says most ("a bit more fun" is fun, not "a bit").
        for found in (phrases, words):
            for _, _, values in sorted(found, key=lambda s: (s[0] - s[1], s[0])):
                for value in values:
                    name = declared.get(value.slot_type)
                    if name and name not in slots:
                        slots[name] = value
                        break
            if slots:
                break
        declared_names = self.slot_names.get(intent, ())
        slots.update({name: value for name, value in when_slots.items() if name in declared_names})
        return Match(utterance, intent, confidence, slots)


def sample_set(model: dict) -> tuple[list[str], list[str]]:
    """(texts, labels) as written: the model's samples with each `{slot}` as its
    type's token, the built-ins' everyday phrasings and the out-of-domain requests."""
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


def heard_readings(model: dict, texts: list[str], labels: list[str]) -> tuple[list[str], list[str]]:
    """Each text also as `match` reads it, with a slot type's values or a day marked, under
    the same label: "how can we reconnect" read with a reflection's name marked is still an
    idea, so a type's token never stands for one intent alone."""
    phrases = slot_phrases(model)
    extra_texts: list[str] = []
    extra_labels: list[str] = []
    for text, label in zip(texts, labels, strict=True):
        heard = readings(phrases, text)
        with_when, when_slots = when_words.find(text, date(2026, 1, 5))  # which day is irrelevant here
        if when_slots:
            heard.append(with_when)
        for reading in dict.fromkeys(heard):
            if reading != text:
                extra_texts.append(reading)
                extra_labels.append(label)
    return texts + extra_texts, labels + extra_labels


def training_set(model: dict) -> tuple[list[str], list[str]]:
    """(texts, labels) the classifier learns from: the samples as written and as heard."""
    return heard_readings(model, *sample_set(model))


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
