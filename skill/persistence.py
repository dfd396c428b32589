"""Where the skill keeps its memory across sessions.

The embedded default is SQLite: one row per user, WAL journal, every write a
single atomic upsert, safe for several gunicorn workers at once and for a
process killed mid-write. On Lambda, CLOSER_PERSISTENCE=dynamodb with
CLOSER_TABLE uses the ASK SDK's DynamoDB adapter instead.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model import RequestEnvelope

from skill.logs import logger

BUSY_TIMEOUT_MS = 10_000  # several workers may write at once; wait rather than fail


def user_id(request_envelope: RequestEnvelope) -> str:
    """The Alexa user id, from the context or, for old requests, the session."""
    system = getattr(request_envelope.context, "system", None)
    user = getattr(system, "user", None) or getattr(request_envelope.session, "user", None)
    if user is None or not user.user_id:
        raise PersistenceException("request carries no user id")
    return user.user_id


def default_database_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "closer-again" / "memory.db"


class SqliteAdapter(AbstractPersistenceAdapter):
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._connection = self._connect()

    def _connect(self):  # -> sqlite3.Connection, imported lazily
        import sqlite3  # here, so a skill configured without SQLite never pays for the import

        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL never corrupts the database and a committed write
        # survives a killed process; only a power cut can lose the last few
        # writes, which for "ideas heard" is no loss worth an fsync per turn.
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS attributes ("
            " user_id TEXT PRIMARY KEY, data TEXT NOT NULL, updated REAL NOT NULL)"
        )
        self._pid = os.getpid()
        return connection

    def _db(self):
        """This process's connection: one inherited through fork (gunicorn --preload) is never shared."""
        if os.getpid() != self._pid:
            self._connection = self._connect()
        return self._connection

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        with self._lock:
            row = self._db().execute(
                "SELECT data FROM attributes WHERE user_id = ?", (user_id(request_envelope),)
            ).fetchone()
        if row is None:
            return {}
        try:
            data = json.loads(row[0])
        except ValueError:
            logger().error("stored attributes are not JSON; starting afresh for this user")
            return {}
        return data if isinstance(data, dict) else {}

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict[str, Any]) -> None:
        with self._lock:
            self._db().execute(
                "INSERT INTO attributes (user_id, data, updated) VALUES (?, ?, ?)"
                " ON CONFLICT(user_id) DO UPDATE SET data = excluded.data, updated = excluded.updated",
                (user_id(request_envelope), json.dumps(attributes), time.time()),
            )

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        with self._lock:
            self._db().execute("DELETE FROM attributes WHERE user_id = ?", (user_id(request_envelope),))


def dynamodb_adapter(table: str) -> AbstractPersistenceAdapter:
    # Imported here: the adapter module builds a boto3 resource at import time,
    # which fails without an AWS region configured.
    import boto3
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter
    from ask_sdk_dynamodb.partition_keygen import user_id_partition_keygen

    resource = boto3.resource("dynamodb", endpoint_url=os.environ.get("CLOSER_DYNAMODB_ENDPOINT"))
    return DynamoDbAdapter(table_name=table, partition_keygen=user_id_partition_keygen,
                           create_table=False, dynamodb_resource=resource)


def adapter_from_environment() -> AbstractPersistenceAdapter | None:
    """The adapter the environment asks for; None (no memory) if it cannot be opened."""
    kind = os.environ.get("CLOSER_PERSISTENCE", "sqlite").lower()
    if kind == "none":
        return None
    if kind == "dynamodb":
        table = os.environ.get("CLOSER_TABLE")
        if not table:
            raise ValueError("CLOSER_PERSISTENCE=dynamodb needs CLOSER_TABLE, the table name")
        return dynamodb_adapter(table)
    if kind != "sqlite":
        raise ValueError(f"CLOSER_PERSISTENCE must be sqlite, dynamodb or none, not {kind!r}")
    import sqlite3

    path = Path(os.environ.get("CLOSER_DB") or default_database_path())
    try:
        return SqliteAdapter(path)
    except (OSError, sqlite3.Error) as error:
        logger().warning("cannot open %s (%s); running without memory across sessions", path, error)
        return None
