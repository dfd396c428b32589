"""Where the skill keeps its memory across sessions.

The embedded default is SQLite: one row per user, WAL journal, every write a
single atomic upsert, safe for several gunicorn workers at once and for a
process killed mid-write. On Lambda, CLOSER_PERSISTENCE=dynamodb with
CLOSER_TABLE uses the ASK SDK's DynamoDB adapter instead.

A database that cannot be opened, or that breaks while the service runs, is
logged once and reported as unavailable (MemoryUnavailable, and `status()` for
/health); the skill keeps answering without memory and tries again now and then.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model import RequestEnvelope

from skill.logs import clip, logger

BUSY_TIMEOUT_MS = 10_000  # several workers may write at once; wait rather than fail
CHECK_SECONDS = 1.0  # how often a request re-checks that the file is still our database
RETRY_SECONDS = 30.0  # how often an unusable database is tried again
HEALTH_SECONDS = 10.0
# A returning listener's record (ids heard, questions asked) is a few KB; a page
# this size keeps up to about 4 KB of it inside its b-tree page.
PAGE_SIZE = 16384  # /health runs a full check at most this often
SQLITE_MAGIC = b"SQLite format 3\x00"
_SELECT = "SELECT data FROM attributes WHERE user_id = ?"
_UPSERT = ("INSERT INTO attributes (user_id, data, updated) VALUES (?, ?, ?)"
           " ON CONFLICT(user_id) DO UPDATE SET data = excluded.data, updated = excluded.updated")


class MemoryUnavailable(PersistenceException):
    """Memory cannot be used now; the cause has already been logged once."""


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


def _transient(error: Exception) -> bool:
    """A busy or locked database is a moment's contention, not a broken one."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


class SqliteAdapter(AbstractPersistenceAdapter):
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._connection: Any = None
        self._pid = 0
        self._identity: tuple[int, int] | None = None
        self._raw = -1  # a read-only descriptor of the file, for checking its header
        self._problem: str | None = None
        self._checked = time.monotonic()
        self._health: tuple[float, str] = (float("-inf"), "ok")
        with self._lock:
            self._open_or_fail()

    # --- opening and checking -------------------------------------------

    def _open(self) -> None:
        import sqlite3  # here, so a skill configured without SQLite never pays for the import

        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Pages large enough that a returning listener's whole record stays
            # inside its b-tree page: a row that spills to an overflow page costs
            # about half as much again to rewrite, since secure_delete zeroes the
            # freed page. Only a database created now takes it; older ones keep theirs.
            connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            connection.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL never corrupts the database and a committed write
            # survives a killed process; only a power cut can lose the last few
            # writes, which for "ideas heard" is no loss worth an fsync per turn.
            connection.execute("PRAGMA synchronous = NORMAL")
            # Deleted rows are overwritten with zeros, so "forget me" leaves no trace in the file.
            connection.execute("PRAGMA secure_delete = ON")
            # WITHOUT ROWID: the row lives in the primary key's own b-tree, so a
            # read is one lookup and a write touches one page instead of two.
            # (A database created earlier keeps its rowid table; both work alike.)
            connection.execute(
                "CREATE TABLE IF NOT EXISTS attributes ("
                " user_id TEXT PRIMARY KEY, data TEXT NOT NULL, updated REAL NOT NULL) WITHOUT ROWID"
            )
            # Kept open for the life of the process, never closed: closing any
            # descriptor of the file drops every POSIX lock this process holds
            # on it, and another process would then take our connection for
            # gone and delete the WAL under it. Opened again only on a reopen.
            self._raw = os.open(self.path, os.O_RDONLY)
            self._identity = self._identity_of(os.fstat(self._raw))
        except Exception:
            connection.close()
            raise
        self._close()
        self._connection = connection
        self._pid = os.getpid()

    def _open_or_fail(self) -> None:
        import sqlite3

        try:
            self._open()
        except (OSError, sqlite3.Error) as error:
            self._fail(f"cannot open it: {error}")
            return
        if self._problem is not None:
            logger().warning("memory database %s is usable again", self.path)
            self._problem = None

    @staticmethod
    def _identity_of(status: os.stat_result) -> tuple[int, int]:
        return status.st_dev, status.st_ino

    def _probe(self, statement: str) -> tuple | None:
        """`statement` on a fresh read-only connection, which reads the file as it is now.

        SQLite's own file layer opens and closes it without dropping this
        process's locks (see _open). None when the database is busy.
        """
        import sqlite3

        try:
            fresh = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
            try:
                return fresh.execute(statement).fetchone()
            finally:
                fresh.close()
        except sqlite3.Error as error:
            if _transient(error):
                return None
            raise OSError(str(error)) from None

    def _check_file(self) -> None:
        """The path still names the file we opened, and it is still a database.

        An open connection keeps using its cached pages when the file is
        overwritten or deleted under it, so writes would vanish unnoticed.
        """
        if self._identity_of(os.stat(self.path)) != self._identity:
            raise OSError("the file was replaced or deleted while in use")
        header = os.pread(self._raw, len(SQLITE_MAGIC), 0)
        # A database created but never written is still empty; anything else must be SQLite.
        if header and header != SQLITE_MAGIC:
            raise OSError("the file is no longer an SQLite database")

    def _fail(self, reason: str) -> None:
        if self._problem is None:
            logger().error("memory database %s is unusable (%s); answering without memory across "
                           "sessions until it is repaired", self.path, clip(reason))
        self._problem = reason
        self._checked = time.monotonic()
        self._close()

    def _close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):  # a broken connection is dropped either way
                self._connection.close()
            self._connection = None

    def _db(self) -> Any:
        """This process's usable connection, or MemoryUnavailable."""
        now = time.monotonic()
        if self._problem is not None:
            if now - self._checked < RETRY_SECONDS:
                raise MemoryUnavailable(self._problem)
            self._open_or_fail()
            if self._problem is not None:
                raise MemoryUnavailable(self._problem)
        elif os.getpid() != self._pid:  # inherited through fork (gunicorn --preload): never shared
            self._open_or_fail()
            if self._problem is not None:
                raise MemoryUnavailable(self._problem)
        elif now - self._checked >= CHECK_SECONDS:
            self._checked = now
            try:
                self._check_file()
            except OSError as error:
                self._fail(str(error))
                raise MemoryUnavailable(self._problem) from None
        return self._connection

    def _run(self, statement: str, parameters: tuple = ()) -> Any:
        """One statement under the lock; a broken database is logged once and reported."""
        import sqlite3

        with self._lock:
            connection = self._db()
            try:
                return connection.execute(statement, parameters).fetchall()
            except sqlite3.Error as error:
                if isinstance(error, sqlite3.OperationalError) and _transient(error):
                    raise PersistenceException(f"memory database busy: {error}") from None
                self._fail(str(error))
                raise MemoryUnavailable(str(error)) from None

    def status(self) -> str:
        """"ok" or "unavailable", from a full check at most every HEALTH_SECONDS."""
        checked, result = self._health
        now = time.monotonic()
        if now - checked < HEALTH_SECONDS:
            return result
        result = "ok"
        try:
            with self._lock:
                if self._problem is None:
                    self._check_file()
            self._run("SELECT 1 FROM attributes LIMIT 1")
            self._quick_check()
        except (OSError, PersistenceException) as error:
            if self._problem is None:
                with self._lock:
                    self._fail(str(error))
            result = "unavailable"
        self._health = (now, result)
        return result

    def _quick_check(self) -> None:
        verdict = self._probe("PRAGMA quick_check(1)")
        if verdict not in (None, ("ok",)):
            raise OSError(f"integrity check failed: {verdict[0]}")

    # --- the adapter's interface -----------------------------------------

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        rows = self._run(_SELECT, (user_id(request_envelope),))
        if not rows:
            return {}
        try:
            data = json.loads(rows[0][0])
        except ValueError:
            logger().error("stored attributes are not JSON; starting afresh for this user")
            return {}
        return data if isinstance(data, dict) else {}

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict[str, Any]) -> None:
        text = json.dumps(attributes, separators=(",", ":"))  # compact: a smaller row is a cheaper write
        self._run(_UPSERT, (user_id(request_envelope), text, time.time()))

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        """Delete the row, then empty the WAL so no copy of it stays on disk."""
        self._run("DELETE FROM attributes WHERE user_id = ?", (user_id(request_envelope),))
        for _ in range(20):
            busy, _, _ = self._run("PRAGMA wal_checkpoint(TRUNCATE)")[0]
            if not busy:
                return
            time.sleep(0.05)  # another worker is reading; its snapshot ends within moments
        logger().warning("forgotten row deleted, but the WAL could not be emptied yet; "
                         "the next checkpoint will overwrite it")


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
    """The adapter the environment asks for; None only when memory is switched off.

    An SQLite file that cannot be opened still gives an adapter: it reports
    itself unavailable (so "forget me" can say it could not forget) and tries
    again later.
    """
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
    return SqliteAdapter(Path(os.environ.get("CLOSER_DB") or default_database_path()))


def memory_status(adapter: AbstractPersistenceAdapter | None) -> str:
    """For /health: "ok", "unavailable", or "off" when memory is switched off."""
    if adapter is None:
        return "off"
    status = getattr(adapter, "status", None)
    return status() if callable(status) else "ok"
