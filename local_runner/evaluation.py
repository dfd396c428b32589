"""`closer-local eval`: how well the matcher hears labelled utterances, as Rasa's `test nlu` reports it.

Utterances go through `Matcher.match`, the same path `ask`, `chat` and `match`
take, so the report measures what a user gets. Cross-validation instead trains
K matchers on the interaction model's own samples, each tested on the fold it
did not see.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from typing import Any, NamedTuple

from local_runner import when_words
from local_runner.labelled import Example
from local_runner.matcher import (
    FALLBACK,
    REGULARISATION,
    THRESHOLD,
    Matcher,
    heard_readings,
    normalise,
    sample_set,
)

TOP_CONFUSIONS = 10


class Outcome(NamedTuple):
    utterance: str
    expected: str
    got: str
    confidence: float
    slots_expected: dict[str, str] | None
    slots_got: dict[str, str]

    @property
    def slots_right(self) -> bool | None:
        if self.slots_expected is None:
            return None
        return self.slots_got == self.slots_expected


def evaluate(examples: Iterable[Example], matcher: Matcher) -> list[Outcome]:
    outcomes = []
    for example in examples:
        found = matcher.match(example.utterance)
        got_slots = {}
        for name, slot in found.slots.items():
            expected = (example.slots or {}).get(name)
            # A label may name the resolved id ("conflict"), the words heard, or a day
            # or time as said ("tomorrow", "friday"), resolved as the matcher resolves it.
            if expected is not None and (expected in (slot.resolved_id, slot.value)
                                         or (normalise(expected) or None) == normalise(slot.value)
                                         or slot.value in _when(expected)):
                got_slots[name] = expected
            else:
                got_slots[name] = slot.resolved_id or slot.value
        outcomes.append(Outcome(example.utterance, example.intent, found.intent, found.confidence,
                                example.slots, got_slots))
    return outcomes


def _when(label: str) -> set[str]:
    """The values a spoken day or time label resolves to, today."""
    return {slot.value for slot in when_words.find(normalise(label))[1].values()}


def cross_validate(matcher: Matcher, folds: int, seed: int = 0) -> list[Outcome]:
    """K-fold over the interaction model's samples: every sample is tested once, by a
    matcher that never saw it. Folds keep each intent's share (stratified)."""
    import json

    from local_runner.classifier import fit

    model = json.loads(matcher.model_path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    texts, labels = sample_set(model)  # folds split what was written; training adds how it is heard
    by_intent: dict[str, list[int]] = {}
    for index, label in enumerate(labels):
        by_intent.setdefault(label, []).append(index)
    fold_of = [0] * len(texts)
    shuffle = random.Random(seed)
    for indices in by_intent.values():
        shuffle.shuffle(indices)
        for position, index in enumerate(indices):
            fold_of[index] = position % folds
    outcomes: list[Outcome] = []
    for fold in range(folds):
        train = [i for i in range(len(texts)) if fold_of[i] != fold]
        test = [i for i in range(len(texts)) if fold_of[i] == fold]
        if not test:
            continue
        pipeline = fit(*heard_readings(model, [texts[i] for i in train], [labels[i] for i in train]),
                       REGULARISATION)
        classes = list(pipeline.classes_)
        for index, row in zip(test, pipeline.predict_proba([texts[i] for i in test]), strict=True):
            best = int(row.argmax())
            got = classes[best] if row[best] >= THRESHOLD else FALLBACK
            outcomes.append(Outcome(texts[index], labels[index], got, float(row[best]), None, {}))
    return outcomes


def summarise(outcomes: list[Outcome], source: str) -> dict[str, Any]:
    """Everything the report shows, as plain data (this is also the JSON report)."""
    total = len(outcomes)
    correct = sum(o.expected == o.got for o in outcomes)
    labelled_slots = [o for o in outcomes if o.slots_right is not None]
    intents = sorted({o.expected for o in outcomes} | {o.got for o in outcomes})
    per_intent = {}
    for intent in intents:
        true_positive = sum(o.expected == intent and o.got == intent for o in outcomes)
        predicted = sum(o.got == intent for o in outcomes)
        support = sum(o.expected == intent for o in outcomes)
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_intent[intent] = {"precision": round(precision, 4), "recall": round(recall, 4),
                              "f1": round(f1, 4), "support": support, "predicted": predicted}
    confusions = Counter((o.expected, o.got) for o in outcomes if o.expected != o.got)
    matrix = [[sum(o.expected == row and o.got == column for o in outcomes) for column in intents]
              for row in intents]
    return {
        "source": source,
        "utterances": total,
        "intent_accuracy": round(correct / total, 4) if total else 0.0,
        "intent_correct": correct,
        "slot_accuracy": (round(sum(bool(o.slots_right) for o in labelled_slots) / len(labelled_slots), 4)
                          if labelled_slots else None),
        "slot_labelled": len(labelled_slots),
        "per_intent": per_intent,
        "confusions": [{"expected": e, "got": g, "count": n}
                       for (e, g), n in confusions.most_common(TOP_CONFUSIONS)],
        "misclassified": [{"utterance": o.utterance, "expected": o.expected, "got": o.got,
                           "confidence": round(o.confidence, 3)} for o in outcomes if o.expected != o.got],
        "slot_errors": [{"utterance": o.utterance, "expected": o.slots_expected, "got": o.slots_got}
                        for o in labelled_slots if not o.slots_right],
        "labels": intents,
        "confusion_matrix": matrix,
    }
