"""Matches a typed utterance to an intent, the way Alexa's model would.

It hears with the generated interaction model (the same samples, slot types and
synonyms Alexa gets) plus the everyday phrasings of the built-in intents. Each
sample becomes a TF-IDF vector of words, word pairs and character trigrams; an
utterance goes to the intent of its most similar sample, found through an
inverted index so only samples sharing a feature are scored. Character
trigrams let it generalise to forms it never saw ("fights" for "fighting");
below a confidence threshold it answers AMAZON.FallbackIntent, as Alexa does.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from intents.catalog import load_catalog
from local_runner.envelopes import SlotValue

MODEL_PATH = Path(__file__).resolve().parent.parent / "skill-package/interactionModels/custom/en-US.json"
FALLBACK = "AMAZON.FallbackIntent"
THRESHOLD = 0.25
SECOND_WEIGHT = 0.5
SLOT_TOKEN = "slotcause"

# Launch phrasing is stripped only at the start, as Alexa does before matching.
_LAUNCH = re.compile(
    r"^(?:alexa\s+)?(?:(?:ask|tell|open|launch|start|use|load)\s+closer again"
    r"(?:\s+(?:to|for|and|about|if|whether))?\s*)?"
)
_WORD = re.compile(r"[a-z']+")
# A disclosure must never be mistaken for a request for tips, so these phrases
# go to SafetyIntent whatever else the sentence says.
_SAFETY = re.compile(
    r"\b(?:hits? me|hit me|hurts? me|hurt me|abus\w*|assault\w*|rap(?:e|ed)|violent|violence"
    r"|threaten\w*|unsafe|not safe|(?:scared|afraid|frightened|terrified) of (?:him|her|my|them)"
    r"|forc(?:es|ed|ing) me|won't let me leave|controls? (?:me|everything))\b"
)


def normalise(utterance: str) -> str:
    text = utterance.lower().replace("\u2019", "'")
    text = " ".join(re.sub(r"[^a-z' ]+", " ", text).split())
    return _LAUNCH.sub("", text, count=1).strip()


def is_one_shot(utterance: str) -> bool:
    """'ask closer again for an idea' opens and asks at once, so no LaunchRequest first."""
    text = " ".join(re.sub(r"[^a-z' ]+", " ", utterance.lower()).split())
    launched = _LAUNCH.match(text)
    return bool(launched and launched.group(0).strip() and text[launched.end():].strip())


# Function words say little about intent; they count, but lightly.
_LIGHT_WORDS = frozenset(
    "i me my we us our you your he him his she her it its a an the is are am be do does to of in on "
    "and or that this what so for with about".split()
)
LIGHT_WEIGHT = 0.3


def _features(text: str) -> list[str]:
    words = _WORD.findall(text)
    grams = [f"w:{w}" for w in words]
    grams += [f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    for word in words:
        padded = f"<{word}>"
        grams += [f"c:{padded[i:i + 3]}" for i in range(len(padded) - 2)]
    return grams


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
        model = json.loads(Path(model_path).read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        catalog = load_catalog()
        samples: list[tuple[str, str]] = []
        self.slot_names: dict[str, tuple[str, ...]] = {}
        for intent in model["intents"]:
            self.slot_names[intent["name"]] = tuple(s["name"] for s in intent.get("slots", []))
            samples += [(intent["name"], s) for s in intent["samples"]]
        for intent in catalog.intents:
            samples += [(intent.name, s) for s in intent.local_phrasings]
        self._synonyms: list[tuple[str, str, str, str]] = []  # (phrase, type, id, name)
        for slot_type in model["types"]:
            for value in slot_type["values"]:
                name = value["name"]
                for phrase in (name["value"], *name.get("synonyms", [])):
                    self._synonyms.append((normalise(phrase), slot_type["name"], value["id"], name["value"]))
        self._synonyms.sort(key=lambda s: -len(s[0]))  # longest phrase wins
        self._build_index(samples)

    def _build_index(self, samples: list[tuple[str, str]]) -> None:
        counted = [(intent, _features(normalise(text.replace("{cause}", SLOT_TOKEN))))
                   for intent, text in samples]
        document_frequency: dict[str, int] = defaultdict(int)
        for _, grams in counted:
            for gram in set(grams):
                document_frequency[gram] += 1
        total = len(counted)
        self._idf = {g: math.log((1 + total) / (1 + df)) + 1 for g, df in document_frequency.items()}
        self._unseen_idf = math.log(1 + total) + 1
        self._intents: list[str] = []
        self._index: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, (intent, grams) in enumerate(counted):
            vector = self._vector(grams)
            self._intents.append(intent)
            for gram, weight in vector.items():
                self._index[gram].append((number, weight))

    def _vector(self, grams: list[str]) -> dict[str, float]:
        counts: dict[str, int] = defaultdict(int)
        for gram in grams:
            counts[gram] += 1
        # Words never seen in any sample weigh the most, so an utterance made of
        # them (an out-of-scope request) scores low against every sample.
        vector = {g: (1 + math.log(c)) * self._idf.get(g, self._unseen_idf)
                  * (LIGHT_WEIGHT if g[2:] in _LIGHT_WORDS else 1.0) for g, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        return {g: w / norm for g, w in vector.items()}

    def _find_slot(self, text: str) -> tuple[str, SlotValue | None]:
        for phrase, slot_type, value_id, name in self._synonyms:
            found = re.search(rf"\b{re.escape(phrase)}\b", text)
            if found:
                replaced = text[:found.start()] + SLOT_TOKEN + text[found.end():]
                return replaced, SlotValue(phrase, slot_type, value_id, name)
        return text, None

    def _best(self, text: str) -> tuple[str, float]:
        scores: dict[int, float] = defaultdict(float)
        for gram, weight in self._vector(_features(text)).items():
            for number, sample_weight in self._index.get(gram, ()):
                scores[number] += weight * sample_weight
        if not scores:
            return FALLBACK, 0.0
        # Each intent is scored by its best sample, plus a share of its next
        # best: agreement among several samples outweighs one lucky overlap.
        best: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for number, score in scores.items():
            top = best[self._intents[number]]
            if score > top[0]:
                top[0], top[1] = score, top[0]
            elif score > top[1]:
                top[1] = score
        intent = max(best, key=lambda name: best[name][0] + SECOND_WEIGHT * best[name][1])
        return intent, best[intent][0]

    def match(self, utterance: str) -> Match:
        text = normalise(utterance)
        if not text:
            return Match(utterance, FALLBACK, 0.0)
        if _SAFETY.search(text):
            return Match(utterance, "SafetyIntent", 1.0)
        with_slot, slot = self._find_slot(text)
        intent, score = self._best(text)
        if slot is not None:
            slot_intent, slot_score = self._best(with_slot)
            if slot_score >= score:
                intent, score = slot_intent, slot_score
        if score < THRESHOLD:
            return Match(utterance, FALLBACK, score)
        slots = {}
        declared = self.slot_names.get(intent, ())
        if slot is not None and "cause" in declared:
            slots["cause"] = slot
        return Match(utterance, intent, min(score, 1.0), slots)
