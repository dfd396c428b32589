"""A returning listener: memory holding 50 ideas heard and the focus a check-in found.

Each measured request is a one-shot idea request in a new session from a
listener whose record was stored before, so memory is read, the idea chosen
away from what was heard, and the record written back.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
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
    settle(database)


def settle(database: Path | str) -> None:
    """Write the seeding through to disk first, so its I/O is not charged to the requests measured."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(database)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.sync()


class Listeners:
    """`count` returning listeners, each with a stored record, each used for one request."""

    def __init__(self, database: Path | str, count: int) -> None:
        users = [f"amzn1.ask.account.RETURNING{i}" for i in range(count)]
        seed(database, users)
        self._users = iter(users)

    def take(self, event: dict[str, Any]) -> dict[str, Any]:
        """`event` (a fresh copy, as every listener's request is) from the next returning listener.

        Only the user id changes: no copy is made here and no events are held,
        so neither copying nor a larger heap is charged to the skill.
        """
        user = next(self._users)
        event["session"]["user"]["userId"] = event["context"]["System"]["user"]["userId"] = user
        return event
