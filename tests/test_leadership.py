"""Several bot processes on one PostgreSQL database: exactly one sends the outbox."""

from __future__ import annotations

import pytest

from bot.outbox.leader import Leadership
from storage.db import Database, is_sqlite


async def test_only_one_process_at_a_time_holds_the_sender_role(database_url: str) -> None:
    """A second process stands by until the first gives the role up (PostgreSQL)."""
    if is_sqlite(database_url):
        pytest.skip("SQLite serves one process; the election is for PostgreSQL")
    first, second = Database(database_url), Database(database_url)
    one, two = Leadership(first), Leadership(second)
    try:
        assert await one.try_acquire()
        assert not await two.try_acquire()

        await one.release()

        assert await two.try_acquire()
        assert not await one.try_acquire()
    finally:
        await one.release()
        await two.release()
        await first.dispose()
        await second.dispose()


async def test_sqlite_process_is_always_the_sender(database_url: str) -> None:
    """With SQLite there is one process, so it always sends."""
    if not is_sqlite(database_url):
        pytest.skip("SQLite only")
    db = Database(database_url)
    try:
        assert await Leadership(db).try_acquire()
    finally:
        await db.dispose()
