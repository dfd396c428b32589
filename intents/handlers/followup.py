"""Follow-ups: what the answer to a question the skill asked will do.

A handler that ends on a question declares, next to the code that asks it,
a `FollowUp` naming what "yes", "no" (and any other answer it expects) lead
to. The session stores only its name (attribute `pending`); the next request
looks the name up here, so the answer is a lookup, not a chain of string
comparisons. A follow-up's name is also the key of its spoken phrasings under
`followups:` in content/data/phrases.yaml, when it is asked aloud.

An answer it does not declare falls to the session's mode, then to the
shared behaviour (intents/handlers/answers.py).

Handler modules are imported on first use (intents/handlers/table.py), so
a name not declared yet may belong to a module not loaded yet: the first such
lookup loads every module that may declare one, then looks again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ask_sdk_model import Response

    from intents.handlers.turn import Turn

Answer = Callable[["Turn"], "Response"]

YES = "AMAZON.YesIntent"
NO = "AMAZON.NoIntent"
MORE = "AMAZON.MoreIntent"

_DECLARED: dict[str, FollowUp] = {}
_load_the_rest: Callable[[], object] | None = None  # imports every declaring module; kept until it succeeds


class FollowUp:
    """A question's name and what each expected answer does.

    `others` maps further intent names to answers, for a question whose answer
    is not a yes or no (the time a reminder should ring: a ReminderIntent).
    A plain class rather than a dataclass: building a dataclass costs a cold
    start about a millisecond, and a follow-up needs nothing it generates.
    """

    __slots__ = ("name", "yes", "no", "more", "others")

    def __init__(self, name: str, yes: Answer | None = None, no: Answer | None = None,
                 more: Answer | None = None, others: Mapping[str, Answer] | None = None) -> None:
        if name in _DECLARED:
            raise ValueError(f"follow-up {name!r} is declared twice")
        self.name = name
        self.yes, self.no, self.more = yes, no, more
        self.others: Mapping[str, Answer] = others or {}
        _DECLARED[name] = self

    def __repr__(self) -> str:
        return f"FollowUp({self.name!r})"

    def answer(self, intent_name: str) -> Answer | None:
        """What this question makes of `intent_name`, or None when it expects no such answer."""
        if intent_name == YES:
            return self.yes
        if intent_name == NO:
            return self.no
        if intent_name == MORE:
            return self.more
        return self.others.get(intent_name)


def load_declarations_with(load: Callable[[], object]) -> None:
    """`load` imports every module that may declare a follow-up.

    The handler table (intents/handlers/table.py) gives it when it is imported,
    as it is whenever a skill is built; it sits above this module, so it is
    handed down rather than imported here.
    """
    global _load_the_rest
    _load_the_rest = load


def _load_everything() -> None:
    global _load_the_rest
    if _load_the_rest is not None:
        _load_the_rest()
        _load_the_rest = None  # only once it has worked: a failed import is tried again next time


def follow_up(name: str) -> FollowUp | None:
    """The follow-up declared under `name`, or None for a name no module declares."""
    found = _DECLARED.get(name)
    if found is None:
        _load_everything()
        found = _DECLARED.get(name)
    return found


def declared() -> dict[str, FollowUp]:
    """Every follow-up any module declares, by name (for tests and the docs)."""
    _load_everything()
    return dict(_DECLARED)
