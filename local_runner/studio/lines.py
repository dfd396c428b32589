"""Every spoken line of the content, with the limits an editor must keep to."""

from __future__ import annotations

from typing import Any

from content import Content
from content.programmes import INTRO_WORDS, STEP_WORDS
from content.validator import IDEA_WORDS, LONG_WORDS, PHRASE_WORDS, SHORT_WORDS, TOPIC_WORDS, word_count
from local_runner.render import LONG_SECONDS, spoken_lines
from skill.ssml import Pause, to_ssml
from skill.ssml import to_text as plain_text

SAFETY_WORDS = 60  # content/parser.py: a safety message may name its numbers


def word_limit(name: str) -> int:
    """The validator's word limit for an item name from `spoken_lines`."""
    head, *_middle, last = name.split(".")
    if last == "more" or (head == "reflection" and last not in ("intro", "closing")):
        return LONG_WORDS  # a reflection step: sentences of SHORT_WORDS each, and its counted breaths
    if head == "ideas":
        return IDEA_WORDS
    if head == "safety":
        return SAFETY_WORDS
    if head in ("phrases", "followups", "keeping") or name.startswith("programmes.lines."):
        return PHRASE_WORDS
    if head == "programmes":
        return SHORT_WORDS if last == "closing" else INTRO_WORDS if last.startswith("intro") else STEP_WORDS
    return TOPIC_WORDS


def content_lines(content: Content) -> list[dict[str, Any]]:
    """One row per line: its file, item, words, limits, and the parts and SSML it is spoken from."""
    rows = []
    for name, parts in spoken_lines(content):
        text = plain_text(parts)
        words = word_count(text)
        head = name.split(".")[0]
        rows.append({
            "name": name,
            "file": f"{'phrases' if head == 'followups' else head}.yaml",
            "item": name.split(".", 1)[1],
            "text": text,
            "parts": parts,
            "ssml": to_ssml(parts),
            "pause": sum(part.seconds for part in parts if isinstance(part, Pause)),
            "words": words,
            "word_limit": word_limit(name),
            # A reflection step is long on purpose: its silence is the point; so is a
            # programme's night, an exercise heard once a night (its own lines stay short).
            "second_limit": None if head == "reflection" or (
                head == "programmes" and not name.startswith("programmes.lines.")) else LONG_SECONDS,
        })
    return rows


def over_limit(row: dict[str, Any], seconds: float | None) -> list[str]:
    """Why a line is too long, in words an editor understands; empty when it fits."""
    reasons = []
    if row["words"] > row["word_limit"]:
        reasons.append(f"{row['words']} words, more than {row['word_limit']}")
    if seconds is not None and row["second_limit"] is not None and seconds > row["second_limit"]:
        reasons.append(f"{seconds:.1f} s, longer than {row['second_limit']:.0f} s")
    return reasons
