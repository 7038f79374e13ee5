"""Which database errors are an outage (retry later) and which are a mistake (do not): real
errors from SQLite and PostgreSQL, classified by storage.db.is_transient."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.supervisor import describe
from storage.db import Database, is_sqlite, is_transient


def test_sqlite_database_is_locked_is_transient(tmp_path: Path) -> None:
    """A second writer that finds the database locked: retry later."""
    engine = create_engine(f"sqlite:///{tmp_path / 'locked.db'}", connect_args={"timeout": 0})
    with engine.connect() as first, engine.connect() as second:
        first.exec_driver_sql("BEGIN IMMEDIATE")
        with pytest.raises(OperationalError) as locked:
            second.exec_driver_sql("BEGIN IMMEDIATE")
        first.exec_driver_sql("ROLLBACK")
    engine.dispose()

    assert "locked" in str(locked.value.orig)
    assert is_transient(locked.value)


async def _error(db: Database, *statements: str) -> DBAPIError:
    async def run() -> None:
        async with db.begin() as session:
            for statement in statements:
                await session.execute(text(statement))

    with pytest.raises(DBAPIError) as caught:
        await run()
    return caught.value


async def test_mistakes_are_not_transient(db: Database) -> None:
    """A unique violation or a bad statement fails the same way every time: no retry."""
    duplicate = await _error(
        db,
        "CREATE TEMPORARY TABLE t (k INTEGER PRIMARY KEY)",
        "INSERT INTO t VALUES (1)",
        "INSERT INTO t VALUES (1)",
    )
    bad = await _error(db, "SELECT * FROM no_such_table")

    assert not is_transient(duplicate)
    assert not is_transient(bad)


async def test_a_statement_timeout_is_transient_and_named_without_its_query(
    db: Database, database_url: str
) -> None:
    """PostgreSQL cancels a statement that ran too long (57014): retry later."""
    if is_sqlite(database_url):
        pytest.skip("statement_timeout is PostgreSQL's")

    timeout = await _error(db, "SET LOCAL statement_timeout = '10ms'", "SELECT pg_sleep(2)")

    assert is_transient(timeout)
    assert describe(timeout) == "DBAPIError (QueryCanceledError, 57014)"


async def test_a_terminated_connection_is_transient(db: Database, database_url: str) -> None:
    """The server ends our connection (failover, pg_terminate_backend): retry later."""
    if is_sqlite(database_url):
        pytest.skip("terminating a server connection is PostgreSQL's")
    other = Database(database_url)
    try:
        async with db.engine.connect() as connection:
            pid = await connection.scalar(text("SELECT pg_backend_pid()"))
            async with other.begin() as session:
                await session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            with pytest.raises(DBAPIError) as lost:
                await connection.execute(text("SELECT 1"))
    finally:
        await other.dispose()

    assert is_transient(lost.value)


async def test_a_deadlock_is_transient(db: Database, database_url: str) -> None:
    """Two transactions wait for each other; PostgreSQL aborts one (40P01): retry later."""
    if is_sqlite(database_url):
        pytest.skip("SQLite has one writer: no deadlocks between transactions")
    async with db.engine.connect() as setup:
        await setup.execute(text("CREATE TABLE pair (k INTEGER PRIMARY KEY)"))
        await setup.execute(text("INSERT INTO pair VALUES (1), (2)"))
        await setup.commit()
    async with db.engine.connect() as one, db.engine.connect() as two:
        await one.execute(text("UPDATE pair SET k = k WHERE k = 1"))
        await two.execute(text("UPDATE pair SET k = k WHERE k = 2"))
        results = await asyncio.gather(
            one.execute(text("UPDATE pair SET k = k WHERE k = 2")),
            two.execute(text("UPDATE pair SET k = k WHERE k = 1")),
            return_exceptions=True,
        )
    [error] = [r for r in results if isinstance(r, BaseException)]

    assert is_transient(error)
    assert describe(error) == "DBAPIError (DeadlockDetectedError, 40P01)"
