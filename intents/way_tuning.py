"""What "how did last night's idea go?" taught: ideas of the kinds that helped come first.

An idea's kind is its `ways` group (talk, touch, outside...). Scores per kind
live in intents/kept.py WAY_SCORES; this turns them into preferences for
intents/handlers/rotation.pick_unheard, inside whatever the situation or cause
asks for, never instead of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Preference = Callable[[Any], bool]
HELPED, NOT_REALLY, DIDNT_TRY = "helped", "not_really", "didnt_try"
SCORE_CHANGE = {HELPED: 2, NOT_REALLY: -1, DIDNT_TRY: 0}


def tuned(preferences: Sequence[Preference], scores: dict[str, int]) -> list[Preference]:
    """Each preference first narrowed to the best-liked kind, then to liked kinds, then to
    kinds not disliked; and the same with no preference at all, last."""
    if not scores:
        return list(preferences)
    ranked = sorted((way for way, score in scores.items() if score > 0), key=lambda w: -scores[w])
    disliked = {way for way, score in scores.items() if score < 0}
    narrowed: list[Preference] = []
    for prefers in [*preferences, lambda idea: True]:
        if ranked:
            narrowed.append(lambda idea, p=prefers, best=ranked[0]: p(idea) and idea.way == best)
            narrowed.append(lambda idea, p=prefers, liked=frozenset(ranked): p(idea) and idea.way in liked)
        if disliked:
            narrowed.append(lambda idea, p=prefers: p(idea) and idea.way not in disliked)
        narrowed.append(prefers)
    return narrowed


def scored(scores: dict[str, int], way: str, answer: str, limit: int) -> dict[str, int]:
    """The scores after one answer about an idea of kind `way`, each kept within ±limit."""
    value = max(-limit, min(limit, scores.get(way, 0) + SCORE_CHANGE[answer]))
    changed = {**scores, way: value}
    return {w: s for w, s in changed.items() if s}
