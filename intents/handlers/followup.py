"""Follow-ups: what the answer to a question the skill asked will do.

A handler that ends on a question declares, next to the code that asks it,
a `FollowUp` naming what "yes", "no" (and any other answer it expects) lead
to. The session stores only its name (attribute `pending`); the next request
looks the name up here, so the answer is a lookup, not a chain of string
comparisons. A follow-up's name is also the key of its spoken phrasings under
`followups:` in content/data/phrases.yaml, when it is asked aloud.

An answer it does not declare falls to the session's mode, then to the
shared behaviour (intents/handlers/answers.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ask_sdk_model import Response

    from intents.handlers.turn import Turn

Answer = Callable[["Turn"], "Response"]

YES = "AMAZON.YesIntent"
NO = "AMAZON.NoIntent"
MORE = "AMAZON.MoreIntent"

_DECLARED: dict[str, FollowUp] = {}


@dataclass(frozen=True, eq=False)
class FollowUp:
    """A question's name and what each expected answer does.

    `others` maps further intent names to answers, for a question whose answer
    is not a yes or no (the time a reminder should ring: a ReminderIntent).
    """

    name: str
    yes: Answer | None = None
    no: Answer | None = None
    more: Answer | None = None
    others: Mapping[str, Answer] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.name in _DECLARED:
            raise ValueError(f"follow-up {self.name!r} is declared twice")
        _DECLARED[self.name] = self

    def answer(self, intent_name: str) -> Answer | None:
        """What this question makes of `intent_name`, or None when it expects no such answer."""
        if intent_name == YES:
            return self.yes
        if intent_name == NO:
            return self.no
        if intent_name == MORE:
            return self.more
        return self.others.get(intent_name)


def follow_up(name: str) -> FollowUp | None:
    """The follow-up declared under `name`, or None for a name no module declares."""
    return _DECLARED.get(name)


def declared() -> dict[str, FollowUp]:
    """Every follow-up declared so far, by name (for tests and the docs)."""
    return dict(_DECLARED)
