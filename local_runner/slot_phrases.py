"""Finds the values and synonyms of slot types in a sentence, the way people say them.

Alexa fills a slot from words close to a listed synonym, not only from the exact
words. Locally a phrase is found as listed first; then with its words in another
form ("touched" for "touch", "wanting" for "wants", "tiredness" for "tired"); then
with one word more between two of its words ("wants sex *much* more than i do").
Each tier only fills what the ones before left free.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from local_runner.envelopes import SlotValue

Synonym = tuple[str, str, str, str]  # (phrase as normalised, slot type, value id, value name)
Span = tuple[int, int, list[SlotValue]]  # characters start, end; every reading of the words

_TOKEN = re.compile(r"[a-z0-9':]+")
_SUFFIXES = ("ness", "ing", "ed", "ly", "es", "s")
_MIN_STEM = 3
EXACT, INFLECTED, ONE_WORD_MORE = 0, 1, 2
# A word more may not turn the phrase around: "i don't think so" is not "i think so".
_NEGATIONS = frozenset("""not no never don't doesn't didn't isn't aren't wasn't weren't won't can't
couldn't wouldn't shouldn't haven't hasn't hardly barely""".split())


def stem(word: str) -> str:
    """A rough stem that brings a word's forms together: "touched" and "touch",
    "tiredness" and "tired". Only used to compare, never shown."""
    while True:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                word = word[:-len(suffix)]
                break
        else:
            return word


class SlotPhrases:
    def __init__(self, synonyms: Iterable[Synonym], before: dict[str, set[str]] | None = None) -> None:
        """`before`: for each slot type, the words the samples say just before its slot."""
        self.synonyms: list[Synonym] = sorted(synonyms, key=lambda s: -len(s[0]))
        self._before = before or {}
        # Phrases by the stem of their first word: a sentence looks up only its own words.
        self._by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], Synonym]]] = {}
        for synonym in self.synonyms:
            words = tuple(synonym[0].split())
            if words:
                stems = tuple(stem(w) for w in words)
                self._by_first.setdefault(stems[0], []).append((stems, words, synonym))

    def find(self, text: str) -> list[Span]:
        """Spans of slot values, never overlapping within a type: listed words before
        other forms, other forms before a word more, and the longest phrase first.

        A phrase can belong to several slot types ("too busy" is a cause and a
        check-in answer), so each span keeps every reading; the intent decides.
        Another type's longer phrase does not hide this one ("insecure about my
        body" is a cause, "my body" a topic).
        """
        tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
        words = tuple(t[2] for t in tokens)
        stems = tuple(stem(w) for w in words)
        found = []
        for i, first in enumerate(stems):
            for phrase_stems, phrase_words, synonym in self._by_first.get(first, ()):
                size = len(phrase_stems)
                if stems[i:i + size] == phrase_stems:
                    tier = EXACT if words[i:i + size] == phrase_words else INFLECTED
                    found.append((tier, -len(synonym[0]), i, i + size, synonym))
                    continue
                if i + size >= len(stems):
                    continue  # no room for a word more
                for gap in range(1, size):  # one word more between word `gap - 1` and word `gap`
                    if stems[i:i + gap] == phrase_stems[:gap] and words[i + gap] not in _NEGATIONS and \
                            stems[i + gap + 1:i + size + 1] == phrase_stems[gap:]:
                        found.append((ONE_WORD_MORE, -len(synonym[0]), i, i + size + 1, synonym))
                        break
        spans: list[Span] = []
        taken: dict[str, list[tuple[int, int]]] = {}  # slot type -> its spans
        for _, _, first_token, end_token, (_, slot_type, value_id, name) in sorted(found):
            start, end = tokens[first_token][0], tokens[end_token - 1][1]
            if any(start < e and s < end for s, e in taken.get(slot_type, ())):
                continue
            taken.setdefault(slot_type, []).append((start, end))
            value = SlotValue(text[start:end], slot_type, value_id, name)
            same = next((s for s in spans if s[0] == start and s[1] == end), None)
            if same is not None:
                same[2].append(value)
            else:
                spans.append((start, end, [value]))
        return sorted(spans, key=lambda s: s[0])

    def mark(self, text: str, spans: list[Span], slot_type: str, token: str) -> str:
        """The text with every value of `slot_type` replaced by `token`. A value that
        starts with a word the samples say before this slot keeps that word outside
        ("after a fight" read as "after {topic}", as the samples have it)."""
        for start, end, values in reversed(spans):
            if any(v.slot_type == slot_type for v in values):
                first, _, rest = text[start:end].partition(" ")
                if rest and first in self._before.get(slot_type, ()):
                    start += len(first) + 1
                text = text[:start] + token + text[end:]
        return text
