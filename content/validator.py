"""Checks on the raw YAML of the content files.

Every problem raises ContentError naming the file, the item and what is wrong,
so a content editor can fix it without reading code. Unknown keys are errors
too: a misspelt key would otherwise be silently ignored.
"""

from __future__ import annotations

import re
from typing import Any

from content.errors import ContentError

SHORT_WORDS = 45
IDEA_WORDS = 30  # an idea is one breath of advice; "tell me more" holds the rest
LONG_WORDS = 60  # every "tell me more" passage
MORE_WORDS = LONG_WORDS
TOPIC_WORDS = 50
PHRASE_WORDS = 50
MIN_PHRASINGS = 3
MAX_PAUSE_SECONDS = 30  # the longest silence in one turn: a breathing pause

_WORD = re.compile(r"[\w']+")
# Couples (or relationship, marriage) therapy or counselling, as a line may say it.
_COUPLES_THERAPY = re.compile(
    r"\b(?:couples?|relationship|marriage) (?:counsell?(?:or|ing)|therap(?:ist|y))", re.IGNORECASE
)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_PLACEHOLDER = re.compile(r"\{(\w*)\}")
# Characters XML (and so SSML) cannot carry, plus DEL: control codes, lone
# surrogates and the two non-characters U+FFFE and U+FFFF.
_NOT_SPEAKABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def mentions_couples_therapy(text: str) -> bool:
    """Whether a line speaks of couples therapy: such an item must carry `refers: [couples_therapist]`."""
    return bool(_COUPLES_THERAPY.search(text))


class FileChecker:
    """Type and shape checks that report problems against one file."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, item: str, problem: str) -> None:
        raise ContentError(self.file, item, problem)

    def mapping(
        self, value: Any, item: str, required: set[str], optional: frozenset[str] = frozenset()
    ) -> dict:
        if not isinstance(value, dict):
            self.fail(item, f"expected a mapping of keys, got {_kind(value)}")
        # Unknown keys first: a misspelt `mroe:` is named as what it is, not only as a missing `more`.
        known = required | optional
        for key in sorted(str(k) for k in value.keys() - known):
            import difflib  # only when a key is wrong: a cold start never pays for it

            close = difflib.get_close_matches(key, sorted(known), n=1)
            self.fail(item, f"unknown key {key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        missing = sorted(required - value.keys())
        if missing:
            self.fail(item, f"missing required key {', '.join(missing)}")
        return value

    def sequence(self, value: Any, item: str, minimum: int = 1) -> list:
        if not isinstance(value, list):
            self.fail(item, f"expected a list, got {_kind(value)}")
        if len(value) < minimum:
            self.fail(item, f"needs at least {minimum} entries, has {len(value)}")
        return value

    def identifier(self, value: Any, item: str) -> str:
        if not isinstance(value, str) or not _ID.match(value):
            self.fail(item, f"id {value!r} must be lowercase letters, digits and underscores")
        return value

    def unique_ids(self, ids: list[str], item: str) -> None:
        seen: set[str] = set()
        for id_ in ids:
            if id_ in seen:
                self.fail(item, f"duplicate id {id_!r}")
            seen.add(id_)

    def text(self, value: Any, item: str, max_words: int, placeholders: frozenset[str] = frozenset()) -> str:
        if not isinstance(value, str):
            self.fail(item, f"expected text, got {_kind(value)}")
        text = " ".join(value.split())
        if not text:
            self.fail(item, "text is empty")
        words = word_count(text)
        if words > max_words:
            self.fail(item, f"{words} words, more than the {max_words} allowed")
        if _NOT_SPEAKABLE.search(text):
            self.fail(item, "contains a control character, which SSML cannot carry")
        if "<" in text or ">" in text:
            self.fail(item, "contains < or >; write plain text, the skill adds the SSML")
        for name in _PLACEHOLDER.findall(text):
            if name not in placeholders:
                self.fail(item, f"unknown placeholder {{{name}}}")
        return text

    def number(self, value: Any, item: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(item, f"expected a whole number from {low} to {high}, got {value!r}")
        return value


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__
