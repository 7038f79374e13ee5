"""The database handle: one async engine, one session factory, transactions owned by callers."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

# Every model module, so foreign keys between them resolve wherever the database is used.
from storage import schema  # noqa: F401
from storage.files import create_private

# Driver errors that mean "the database is away or refused this once", not "this is wrong".
# PostgreSQL says so in the SQLSTATE: connection exceptions (08), transaction rollbacks such as
# serialization failures and deadlocks (40), insufficient resources (53), operator
# intervention such as a statement timeout or a shutdown (57), and a lock timeout (55P03).
TRANSIENT_SQLSTATE_CLASSES = frozenset({"08", "40", "53", "57"})
TRANSIENT_SQLSTATES = frozenset({"55P03"})
# The same by driver class name, for errors that carry no SQLSTATE.
TRANSIENT = frozenset(
    {
        "ConnectionDoesNotExistError",
        "ConnectionFailureError",
        "InterfaceError",
        "AdminShutdownError",
        "CannotConnectNowError",
        "DeadlockDetectedError",
        "SerializationError",
        "QueryCanceledError",
        "TooManyConnectionsError",
    }
)


def sqlstate(error: BaseException) -> str | None:
    """Return the SQLSTATE a driver error carries, if any."""
    orig = error.orig if isinstance(error, DBAPIError) else error
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return state if isinstance(state, str) else None


SQLITE_TRANSIENT = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR", "SQLITE_CANTOPEN")


def is_transient(error: BaseException) -> bool:
    """Tell whether an error means the database is unreachable or busy for now (retry later),
    rather than a mistake that would fail the same way again."""
    if isinstance(error, PoolTimeout | ConnectionError | TimeoutError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    orig = error.orig
    if isinstance(orig, sqlite3.Error):  # "no such table" is an OperationalError there too
        return str(getattr(orig, "sqlite_errorname", "")).startswith(SQLITE_TRANSIENT)
    state = sqlstate(error)
    if state is not None:
        return state[:2] in TRANSIENT_SQLSTATE_CLASSES or state in TRANSIENT_SQLSTATES
    cause = orig.__cause__ if orig is not None else None
    if type(orig).__name__ in TRANSIENT or type(cause).__name__ in TRANSIENT:
        return True
    # The DB-API's OperationalError: trouble with the database's operation, not the query.
    return isinstance(error, OperationalError)


READ_ONLY = "sleutelnet_read_only"  # execution option of the sessions `Database.read()` opens
# Execution option for the migration's connection on SQLite (foreign keys off, see _on_begin).
MIGRATING = "sleutelnet_migrating"


def is_sqlite(url: str) -> bool:
    """Tell whether a database URL points at SQLite."""
    return url.startswith("sqlite")


def _configure_sqlite(engine: AsyncEngine) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINTs; take over, and
    # start every transaction IMMEDIATE so two writers wait for each other (busy_timeout)
    # instead of failing half-way with "database is locked".
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows (cancelled drafts, wiped signals) are overwritten, not left in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Reads begin deferred: in WAL mode they neither take nor wait for the write lock.
        options = connection.get_execution_options()
        if options.get(MIGRATING, False):
            # Alembic's batch mode copies a table and drops the old one; with foreign keys on,
            # SQLite's DROP deletes what points at it (ON DELETE CASCADE): every alert's copies
            # went with 0004's copy of alerts. Off for the migration (outside the transaction,
            # where SQLite honours it); storage.migrate checks the keys before committing.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        reading = options.get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


class Database:
    """Own the engine and hand out transactions; callers commit by leaving `begin()`."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        # hide_parameters: a failing query's values (what people wrote) never reach a log.
        self.engine: AsyncEngine = create_async_engine(
            url, echo=echo, pool_pre_ping=True, hide_parameters=True
        )
        if is_sqlite(url):
            database = self.engine.url.database
            if database and database != ":memory:":
                create_private(database)  # personal data: the owner's only, -wal and -shm too
            _configure_sqlite(self.engine)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._readers = async_sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )
        # SQLite has one writer at a time. Letting several connections race for it makes the
        # losers sleep in SQLite's busy handler (1, 2, 5 … 100 ms), which stalls every commit;
        # queueing them here instead keeps commits back to back. PostgreSQL needs no such lock.
        self._writer = asyncio.Lock() if is_sqlite(url) else None
        self._holder: asyncio.Task[object] | None = None

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """Open a session for reading only; it never waits for, or holds, SQLite's writer.

        Closing it ends the transaction without a commit and keeps loaded objects readable;
        writes belong in `begin()`."""
        async with self._readers() as session:
            yield session

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[AsyncSession]:
        """Open a session in a transaction that commits on success and rolls back on error."""
        if self._writer is None:
            async with self._sessions.begin() as session:
                yield session
            return
        if self._holder is not None and self._holder is asyncio.current_task():
            # Waiting for our own lock would hang forever: say so instead.
            msg = "nested db.begin() in one task: finish the outer transaction first"
            raise RuntimeError(msg)
        async with self._writer:
            self._holder = asyncio.current_task()
            try:
                async with self._sessions.begin() as session:
                    yield session
            finally:
                self._holder = None

    async def forget_on_disk(self) -> bool:
        """After an erasure, on SQLite: move the WAL into the database file and empty it, so
        erased contents do not linger in `-wal` (secure_delete zeroes them in the file itself).
        Return False if a reader kept part of the WAL (the next erasure or checkpoint does it)."""
        if self._writer is None:
            return True  # PostgreSQL: its WAL and files are the server's, not a file beside us
        async with self._writer, self.engine.connect() as connection:
            # Outside any transaction (a checkpoint inside one finds its own tables locked).
            raw = await connection.get_raw_connection()
            driver = raw.driver_connection
            assert driver is not None
            cursor = await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, *_ = await cursor.fetchone()
            await cursor.close()
        return not busy

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
