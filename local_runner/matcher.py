"""Matches a typed utterance to an intent, the way Alexa's model would.

It hears with the generated interaction model (the same samples, slot types and
synonyms Alexa gets) plus the everyday phrasings of the built-in intents, and a
few out-of-domain requests that teach it what AMAZON.FallbackIntent sounds like.
A logistic regression over TF-IDF word pairs and character n-grams generalises
to phrasings that are not in the samples; below a confidence threshold the
answer is AMAZON.FallbackIntent, as on Alexa.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from intents.catalog import load_catalog
from local_runner.envelopes import SlotValue
from local_runner.slot_words import value_words

MODEL_PATH = Path(__file__).resolve().parent.parent / "skill-package/interactionModels/custom/en-US.json"
FALLBACK = "AMAZON.FallbackIntent"
LAUNCH = "LaunchRequest"  # what an utterance that only opens the skill becomes
THRESHOLD = 0.2
REGULARISATION = 20.0  # scikit-learn's C: found on the held-out set in tests/fixtures
SLOT_TOKEN = "slotvalue"  # stands for any slot value, in samples and in what was typed
_SAMPLE_SLOT = re.compile(r"\{\w+\}")

# Launch phrasing is stripped only at the start, as Alexa does before matching.
_LAUNCH = re.compile(
    r"^(?:alexa\s+)?(?:(?:ask|tell|open|launch|start|use|load)\s+closer again"
    r"(?:\s+(?:to|for|and|about|if|whether))?\s*)?"
)
# A disclosure must never be mistaken for a request for tips, so these phrases
# go to SafetyIntent whatever else the sentence says.
_SAFETY = re.compile(
    r"\b(?:hits? me|hit me|hurts? me|hurt me|abus\w*|assault\w*|rap(?:e|ed)|violent|violence"
    r"|threaten\w*|unsafe|not safe|(?:scared|afraid|frightened|terrified) of (?:him|her|my|them)"
    r"|forc(?:es|ed|ing) me|won't let me leave|controls? (?:me|everything))\b"
)


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
        # scikit-learn is imported here, not at module level: only matching needs it.
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        model = json.loads(Path(model_path).read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        texts: list[str] = []
        labels: list[str] = []
        self.slot_names: dict[str, tuple[str, ...]] = {}
        self.slot_types: dict[str, dict[str, str]] = {}  # intent -> slot name -> slot type
        for intent in model["intents"]:
            self.slot_types[intent["name"]] = {s["name"]: s["type"] for s in intent.get("slots", [])}
            self.slot_names[intent["name"]] = tuple(self.slot_types[intent["name"]])
            for sample in intent["samples"]:
                texts.append(normalise(_SAMPLE_SLOT.sub(SLOT_TOKEN, sample)))
                labels.append(intent["name"])
        for intent in load_catalog().intents:
            texts += [normalise(phrase) for phrase in intent.local_phrasings]
            labels += [intent.name] * len(intent.local_phrasings)
        self._synonyms: list[tuple[str, str, str, str]] = []  # (phrase, type, id, name)
        for slot_type in model["types"]:
            for value in slot_type["values"]:
                name = value["name"]
                for phrase in (name["value"], *name.get("synonyms", [])):
                    self._synonyms.append((normalise(phrase), slot_type["name"], value["id"], name["value"]))
        self._synonyms.sort(key=lambda s: -len(s[0]))  # the longest phrase wins
        # Compiled once: there are more phrases than the re module's cache holds.
        self._patterns = [re.compile(rf"\b{re.escape(s[0])}\b") for s in self._synonyms]
        self._words = value_words(self._synonyms, texts)
        features = make_union(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True),
        )
        self._model = make_pipeline(features, LogisticRegression(C=REGULARISATION, max_iter=3000))
        self._model.fit(texts, labels)
        self._classes = list(self._model.classes_)

    def resolve(self, spoken: str, slot_type: str = "CauseType") -> SlotValue:
        """A slot value as Alexa would resolve it: matched to a value or synonym, or not."""
        text = normalise(spoken.replace("_", " "))
        for phrase, type_name, value_id, name in self._synonyms:
            if type_name == slot_type and phrase == text:
                return SlotValue(spoken, slot_type, value_id, name)
        return SlotValue(spoken, slot_type)

    def resolve_slot(self, intent: str, slot: str, spoken: str) -> SlotValue:
        """`spoken` resolved against the type of `intent`'s slot named `slot`."""
        return self.resolve(spoken, self.slot_types.get(intent, {}).get(slot, "CauseType"))

    def _spans(self, text: str) -> list[Span]:
        """Every place a slot value or synonym of any type occurs, longest first."""
        spans = []
        for (phrase, slot_type, value_id, name), pattern in zip(self._synonyms, self._patterns, strict=True):
            if phrase not in text:  # a plain substring test first: most phrases are absent
                continue
            for found in pattern.finditer(text):
                spans.append(Span(found.start(), found.end(), phrase, slot_type, value_id, name))
        return spans  # already longest first: the synonyms are sorted that way

    @staticmethod
    def _marked(text: str, spans: list[Span]) -> str:
        """The text with the longest non-overlapping slot values replaced by SLOT_TOKEN."""
        chosen: list[Span] = []
        for span in spans:
            if not any(span.overlaps(other) for other in chosen):
                chosen.append(span)
        for span in sorted(chosen, key=lambda s: -s.start):
            text = text[:span.start] + SLOT_TOKEN + text[span.end:]
        return text

    def _word_spans(self, text: str, spans: list[Span]) -> list[Span]:
        """Words that point to a single value of a type, outside the phrases already found."""
        found = []
        for word in re.finditer(r"[a-z']+", text):
            for slot_type, words in self._words.items():
                if word.group(0) in words:
                    span = Span(word.start(), word.end(), word.group(0), slot_type, *words[word.group(0)])
                    if not any(span.overlaps(other) for other in spans):
                        found.append(span)
        return found

    def _fill(self, intent: str, spans: list[Span]) -> dict[str, SlotValue]:
        """The intent's slots, each from the first span of its type not already used:
        listed phrases longest first, then single-value words."""
        slots: dict[str, SlotValue] = {}
        used: list[Span] = []
        wanted = self.slot_types.get(intent, {})
        for span in spans:
            for name, slot_type in wanted.items():
                if name in slots or slot_type != span.slot_type or any(span.overlaps(u) for u in used):
                    continue
                slots[name] = SlotValue(span.phrase, slot_type, span.value_id, span.name)
                used.append(span)
        return {name: slots[name] for name in wanted if name in slots}

    def match(self, utterance: str) -> Match:
        prefix, text = _split_launch(utterance)
        if not text:  # "open closer again" opens the skill; "alexa" alone or silence asks nothing
            opens = "closer again" in prefix
            return Match(utterance, LAUNCH if opens else FALLBACK, 1.0 if opens else 0.0)
        if _SAFETY.search(text):
            return Match(utterance, "SafetyIntent", 1.0)
        spans = self._spans(text)
        words = self._word_spans(text, spans)
        # Score the sentence as heard and with slot values marked, keeping the
        # most confident reading: "how does this work" is not about stress at work.
        candidates = [text]
        if spans:
            candidates.append(self._marked(text, spans))
        if words:
            candidates.append(self._marked(text, spans + words))
        probabilities = self._model.predict_proba(candidates)
        row, column = max(((r, int(p.argmax())) for r, p in enumerate(probabilities)),
                          key=lambda rc: probabilities[rc[0]][rc[1]])
        intent, confidence = self._classes[column], float(probabilities[row][column])
        if confidence < THRESHOLD or intent == FALLBACK:
            return Match(utterance, FALLBACK, confidence)
        return Match(utterance, intent, confidence, self._fill(intent, spans + words))
