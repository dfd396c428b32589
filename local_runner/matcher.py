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
from datetime import date
from pathlib import Path

from intents.catalog import load_catalog
from local_runner import when_words
from local_runner.envelopes import SlotValue

MODEL_PATH = Path(__file__).resolve().parent.parent / "skill-package/interactionModels/custom/en-US.json"
FALLBACK = "AMAZON.FallbackIntent"
LAUNCH = "LaunchRequest"  # what an utterance that only opens the skill becomes
THRESHOLD = 0.2
REGULARISATION = 20.0  # scikit-learn's C: found on the held-out set in tests/fixtures
SLOT_TOKEN = "slotcause"

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
        for intent in model["intents"]:
            self.slot_names[intent["name"]] = tuple(s["name"] for s in intent.get("slots", []))
            for sample in intent["samples"]:
                for slot_name, token in (("cause", SLOT_TOKEN), *when_words.TOKENS.items()):
                    sample = sample.replace("{" + slot_name + "}", token)
                texts.append(normalise(sample))
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

    def _find_slot(self, text: str) -> tuple[str, SlotValue | None]:
        for phrase, slot_type, value_id, name in self._synonyms:
            found = re.search(rf"\b{re.escape(phrase)}\b", text)
            if found:
                replaced = text[:found.start()] + SLOT_TOKEN + text[found.end():]
                return replaced, SlotValue(phrase, slot_type, value_id, name)
        return text, None

    def match(self, utterance: str, today: date | None = None) -> Match:
        """The intent and slots; days such as "tomorrow" count from `today` (the device's date)."""
        prefix, text = _split_launch(utterance)
        if not text:  # "open closer again" opens the skill; "alexa" alone or silence asks nothing
            opens = "closer again" in prefix
            return Match(utterance, LAUNCH if opens else FALLBACK, 1.0 if opens else 0.0)
        if _SAFETY.search(text):
            return Match(utterance, "SafetyIntent", 1.0)
        with_slot, slot = self._find_slot(text)
        with_when, when_slots = when_words.find(text, today)
        # Score the sentence as heard and with slot values marked, keeping the
        # most confident reading: "how does this work" is not about stress at work.
        candidates = [text] + ([with_slot] if slot is not None else []) + ([with_when] if when_slots else [])
        probabilities = self._model.predict_proba(candidates)
        row, column = max(((r, int(p.argmax())) for r, p in enumerate(probabilities)),
                          key=lambda rc: probabilities[rc[0]][rc[1]])
        intent, confidence = self._classes[column], float(probabilities[row][column])
        if confidence < THRESHOLD or intent == FALLBACK:
            return Match(utterance, FALLBACK, confidence)
        slots = {}
        declared = self.slot_names.get(intent, ())
        if slot is not None and "cause" in declared:
            slots["cause"] = slot
        slots.update({name: value for name, value in when_slots.items() if name in declared})
        return Match(utterance, intent, confidence, slots)
