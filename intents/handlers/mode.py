"""Conversation modes: what the built-in intents mean while a conversation is under way.

A session is in one mode at a time, named in the session attribute `mode`.
Each mode is one module in intents/modes/ that builds a `Mode`, declaring in
one place what it does with the intents that mean something different inside
it (yes, no, next, more, repeat, pause, resume, start over, stop, help,
fallback); an intent it does not declare falls to the shared behaviour.
intents/modes/registry.py lists the modes, one line each: the name a session
stores and the module that declares it.

This module holds only the type and the lookup by name, so the conversation
core (turn.py) can enter and leave modes without importing any of them. A
mode's module is imported the first time a session names it, so a cold start
loads only the modes its request needs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intents.handlers.followup import Answer
    from intents.handlers.turn import Turn

OPEN = "open"  # no conversation under way: every intent gets the shared behaviour
SAFETY = "safety"  # a disclosure was heard: overrides every other mode until the session ends

_MODULES: dict[str, str] = {}  # mode name -> the module declaring it (set by the registry)
_LOADED: dict[str, Mode] = {}


def _always(turn: Turn) -> bool:
    return True


class Mode:
    """One mode: its name and what it makes of each intent it declares.

    - `answers`: intent name -> what the mode does with it.
    - `every_intent`: the answer to any intent not in `answers` (safety answers everything).
    - `is_active`: whether the session's state for this mode is sound; an
      unsound mode (tampered or stale state) is treated as open. For the modes
      the registry lists as overriding (safety), it alone decides, on every request.
    - `survives_detours`: a shared turn that keeps the mode (help, a fallback, a
      goodbye) keeps the session in it; other modes last only while their own
      question waits.
    - `state_keys`: session attributes dropped when the session leaves the mode.

    A plain class rather than a dataclass: building a dataclass costs a cold
    start about a millisecond, and a mode needs nothing it generates.
    """

    __slots__ = ("name", "answers", "every_intent", "is_active", "survives_detours", "state_keys")

    def __init__(self, name: str, answers: Mapping[str, Answer] | None = None, *,
                 every_intent: Answer | None = None, is_active: Callable[[Turn], bool] = _always,
                 survives_detours: bool = False, state_keys: tuple[str, ...] = ()) -> None:
        self.name = name
        self.answers: Mapping[str, Answer] = answers or {}
        self.every_intent = every_intent
        self.is_active = is_active
        self.survives_detours = survives_detours
        self.state_keys = state_keys

    def __repr__(self) -> str:
        return f"Mode({self.name!r})"

    def answer(self, intent_name: str) -> Answer | None:
        return self.answers.get(intent_name) or self.every_intent


def locate(name: str, module: str) -> str:
    """Make the mode `name` findable: `module` is the one whose `MODE` it is. Returns `name`.

    The registry calls this once per mode; a name given again for another module is refused.
    """
    if _MODULES.get(name, module) != module:
        raise ValueError(f"mode {name!r} is registered twice")
    _MODULES[name] = module
    return name


def located() -> dict[str, str]:
    """Every mode registered so far: name -> module."""
    return dict(_MODULES)


def mode_named(name: str) -> Mode | None:
    """The mode a session names, its module imported on first use; None for a name no module declares."""
    mode = _LOADED.get(name)
    if mode is None and name in _MODULES:
        mode = getattr(import_module(_MODULES[name]), "MODE", None)
        if not isinstance(mode, Mode):
            raise TypeError(f"{_MODULES[name]} must define MODE = Mode({name!r}, ...)")
        if mode.name != name:  # the registry's line and the module disagree: a developer's slip
            raise ValueError(f"{_MODULES[name]} declares mode {mode.name!r}, registered as {name!r}")
        _LOADED[name] = mode
    return mode
