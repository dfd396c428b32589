"""Variety for a month of nightly use: no two questions, ideas or openers a listener would hear as the same.

Each line is reduced to its content words (small words dropped, endings
trimmed), and any pair sharing most of them is flagged, so this stays true as
the content grows.
"""

from __future__ import annotations

import itertools
import re

import pytest

from conftest import CONTENT

# Words that carry no meaning of their own in these lines.
SMALL_WORDS = frozenset("""
a about after again all also an and any are as at be because been before being both but by can could
did do does each either even every for from get had has have how i if in into is it its it's just
let like make may me more most much my no not now of on once one only or other our out over own
really so some something still than that that's the their them then there these they this those
time to too try up us very was way we well were what when where which while who why will with would
you you'd you're your yourself yourselves partner partner's each other together two
thing things what's say small
""".split())
HEARD_AS_SAME = 0.5  # share of content words in common (of the shorter line) that sounds like a repeat
MIN_SHARED = 3  # two short lines sharing one or two words are not yet the same line


def content_words(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z']+", text.lower())
    return frozenset(_stem(word) for word in words if word not in SMALL_WORDS and len(word) > 2)


def _stem(word: str) -> str:
    for ending in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def overlap(one: str, other: str) -> float:
    a, b = content_words(one), content_words(other)
    shared = len(a & b)
    return shared / max(1, min(len(a), len(b))) if shared >= MIN_SHARED else 0.0


def close_pairs(lines: dict[str, str]) -> list[tuple[str, str, float]]:
    return [(x, y, round(overlap(lines[x], lines[y]), 2))
            for x, y in itertools.combinations(sorted(lines), 2)
            if overlap(lines[x], lines[y]) >= HEARD_AS_SAME]


def the_question(text: str) -> str:
    """The question itself, without the words offering a pass that come before it."""
    return re.split(r"(?<=[.:])\s", text)[-1]


QUESTIONS = {q.id: the_question(q.ask) for qs in CONTENT.questions.by_depth.values() for q in qs}
CHECKIN = {q.id: q.ask for q in CONTENT.checkin.questions}
IDEAS = {idea.id: idea.say for idea in CONTENT.ideas}
OPENERS = {opener.id: opener.say for opener in CONTENT.openers}


@pytest.mark.parametrize("kind,lines", [
    ("questions for two", QUESTIONS), ("check-in questions", CHECKIN), ("ideas", IDEAS), ("openers", OPENERS),
])
def test_no_two_lines_sound_like_the_same_one(kind, lines):
    assert close_pairs(lines) == [], f"{kind} a listener would hear as the same"


def test_the_check_flags_lines_that_say_the_same_thing_in_other_words():
    assert close_pairs({"a": "If you could travel anywhere together for a week, where would you go?",
                        "b": "Where would you travel together for a week, if you could go anywhere?"})
    assert close_pairs({"a": "Describe a lazy day together that would feel just right to you.",
                        "b": "What would a lazy day that feels just right look like for you?"})
    assert not close_pairs({"a": "What game did you love playing as a child?",
                            "b": "What's some good news you haven't had the chance to share yet?"})
