"""One sender per database: processes elect the one that sends through a PostgreSQL lock."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database, is_sqlite

log = logging.getLogger(__name__)

# An arbitrary, fixed 64-bit key: "sleutelnet outbox sender".
SENDER_LOCK = 0x5E17E1_0B0C5E


class Leadership:
    """Hold the session-level advisory lock that makes this process the sender.

    Telegram's limits are per bot, and `recover()` releases every claimed row, so exactly one
    process may send. On PostgreSQL the lock lives as long as the connection that took it, so
    a crashed leader's lock vanishes with it. SQLite serves one process by design.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._connection: AsyncConnection | None = None

    @property
    def held(self) -> bool:
        """Tell whether this process is the sender."""
        return self._connection is not None or is_sqlite(self.db.url)

    async def try_acquire(self) -> bool:
        """Become the sender if no other process is; return whether we are."""
        if self.held:
            return True
        connection = await self.db.engine.connect()
        try:
            got = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": SENDER_LOCK}
            )
            await connection.commit()
        except BaseException:
            # Also when cancelled (a shutdown during an election): a connection left open here
            # would hold the lock for as long as it lives, and no process could send.
            with contextlib.suppress(Exception):
                await asyncio.shield(connection.close())
            raise
        if not got:
            await connection.close()
            return False
        self._connection = connection
        return True

    async def still_held(self) -> bool:
        """Tell whether the lock's connection is still alive (so the lock is still ours)."""
        if is_sqlite(self.db.url):
            return True
        if self._connection is None:
            return False
        try:
            await self._connection.execute(text("SELECT 1"))
            await self._connection.commit()
        except Exception:  # the connection is gone, and the lock with it
            log.exception("lost the connection holding the sender lock")
            connection, self._connection = self._connection, None
            with contextlib.suppress(Exception):
                await connection.close()
            return False
        return True

    async def release(self) -> None:
        """Give up the sender role (closing the connection frees the lock)."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                await connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": SENDER_LOCK}
                )
                await connection.commit()
            finally:
                await asyncio.shield(connection.close())
