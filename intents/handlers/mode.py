"""Conversation modes: what the built-in intents mean while a conversation is under way.

A session is in one mode at a time, named in the session attribute `mode`.
Each mode is one module in intents/modes/ that builds a `Mode`, declaring in
one place what it does with the intents that mean something different inside
it (yes, no, next, more, repeat, pause, resume, start over, stop, help,
fallback); an intent it does not declare falls to the shared behaviour.
intents/modes/registry.py lists the modes, one line each.

This module holds only the type and the lookup by name, so the conversation
core (turn.py) can enter and leave modes without importing any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intents.handlers.followup import Answer
    from intents.handlers.turn import Turn

OPEN = "open"  # no conversation under way: every intent gets the shared behaviour
SAFETY = "safety"  # a disclosure was heard: overrides every other mode until the session ends

_REGISTERED: dict[str, Mode] = {}


def _always(turn: Turn) -> bool:
    return True


@dataclass(frozen=True, eq=False)
class Mode:
    """One mode: its name and what it makes of each intent it declares.

    - `answers`: intent name -> what the mode does with it.
    - `every_intent`: the answer to any intent not in `answers` (safety answers everything).
    - `is_active`: whether the session's state for this mode is sound; an
      unsound mode (tampered or stale state) is treated as open.
    - `overrides`: checked first, on every request, whatever mode the session
      names (safety); its `is_active` then decides.
    - `survives_detours`: a shared turn that keeps the mode (help, a fallback, a
      goodbye) keeps the session in it; other modes last only while their own
      question waits.
    - `state_keys`: session attributes dropped when the session leaves the mode.
    """

    name: str
    answers: Mapping[str, Answer] = field(default_factory=dict)
    every_intent: Answer | None = None
    is_active: Callable[[Turn], bool] = _always
    overrides: bool = False
    survives_detours: bool = False
    state_keys: tuple[str, ...] = ()

    def answer(self, intent_name: str) -> Answer | None:
        return self.answers.get(intent_name) or self.every_intent


def register(*modes: Mode) -> tuple[Mode, ...]:
    """Make `modes` known by name; the registry calls this once with every mode."""
    for mode in modes:
        if _REGISTERED.get(mode.name, mode) is not mode:
            raise ValueError(f"mode {mode.name!r} is registered twice")
        _REGISTERED[mode.name] = mode
    return modes


def mode_named(name: str) -> Mode | None:
    return _REGISTERED.get(name)
