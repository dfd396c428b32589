"""A returning listener: memory holding 50 ideas heard and the focus a check-in found.

Each measured request is a one-shot idea request in a new session from a
listener whose record was stored before, so memory is read, the idea chosen
away from what was heard, and the record written back.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
EVENT = json.loads((HERE / "idea_request.json").read_text())
HEARD_COUNT = 50
FOCUS = "stress"


def record() -> dict[str, Any]:
    """What memory holds for the returning listener (the shape skill/memory.py stores)."""
    from content import load_content

    ideas = [idea.id for idea in load_content().ideas][:HEARD_COUNT]
    return {"heard": ideas, "checkin": {"date": "2026-11-20", "focus": FOCUS}}


def event_for(user: str) -> dict[str, Any]:
    event = copy.deepcopy(EVENT)
    event["session"]["user"]["userId"] = event["context"]["System"]["user"]["userId"] = user
    return event


def seed(database: Path | str, users: list[str]) -> None:
    """Store the returning listener's record for each of `users`, as the skill would have."""
    from skill.invoke import parse_envelope
    from skill.persistence import SqliteAdapter

    adapter = SqliteAdapter(database)
    stored = record()
    for user in users:
        adapter.save_attributes(parse_envelope(event_for(user)), stored)


class Listeners:
    """`count` returning listeners, each with a stored record, each used for one request."""

    def __init__(self, database: Path | str, count: int) -> None:
        users = [f"amzn1.ask.account.RETURNING{i}" for i in range(count)]
        seed(database, users)
        # Built now, so the time measured is the skill's, not the copying of events.
        self._events = iter([event_for(user) for user in users])

    def next_event(self) -> dict[str, Any]:
        return next(self._events)
