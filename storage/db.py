"""The database handle: one async engine, one session factory, transactions owned by callers."""

from __future__ import annotations

import asyncio
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

# Driver errors that mean "the database is away or refused this once", not "this is wrong":
# asyncpg's lost connections, shutdowns, deadlocks, serialization failures, statement timeouts.
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


def is_transient(error: BaseException) -> bool:
    """Tell whether an error means the database is unreachable or busy for now (retry later)."""
    if isinstance(error, OperationalError | PoolTimeout | ConnectionError | TimeoutError):
        return True  # includes SQLite's "database is locked"
    if isinstance(error, DBAPIError):
        return bool(error.connection_invalidated) or type(error.orig).__name__ in TRANSIENT
    return False


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
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """Own the engine and hand out transactions; callers commit by leaving `begin()`."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        # hide_parameters: a failing query's values (what people wrote) never reach a log.
        self.engine: AsyncEngine = create_async_engine(
            url, echo=echo, pool_pre_ping=True, hide_parameters=True
        )
        if is_sqlite(url):
            _configure_sqlite(self.engine)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time. Letting several connections race for it makes the
        # losers sleep in SQLite's busy handler (1, 2, 5 … 100 ms), which stalls every commit;
        # queueing them here instead keeps commits back to back. PostgreSQL needs no such lock.
        self._writer = asyncio.Lock() if is_sqlite(url) else None
        self._holder: asyncio.Task[object] | None = None

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

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
