"""Choosing what to say next from a list, so nothing repeats until all have been heard."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item", bound=tuple)  # ideas, openers: NamedTuples with an `id`


def pick_unheard(
    items: Sequence[Item], heard: list[str], preferences: Sequence[Callable[[Item], bool]],
    chooser: random.Random,
) -> tuple[Item, list[str], bool]:
    """Choose an item not heard yet, from the first preference any unheard item meets.

    Returns the item, the new heard list, and whether every item had been heard
    so the cycle started again. After a reshuffle the item just heard is not
    chosen first, so nothing repeats back to back.
    """
    heard_set = set(heard)
    unheard = [item for item in items if item.id not in heard_set]
    reshuffled = not unheard
    if reshuffled:
        last = heard[-1] if heard else None
        heard = []
        unheard = [item for item in items if item.id != last] or list(items)
    for prefers in preferences:
        preferred = [item for item in unheard if prefers(item)]
        if preferred:
            unheard = preferred
            break
    item = chooser.choice(unheard)
    return item, heard + [item.id], reshuffled
