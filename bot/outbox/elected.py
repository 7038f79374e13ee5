"""The outbox of one bot process: sources register here; the elected process runs the engine."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.ext import ExtBot

from bot.clock import Clock
from bot.outbox.engine import OutboxEngine
from bot.outbox.leader import Leadership
from bot.outbox.source import Source
from bot.supervisor import describe
from storage.db import Database

log = logging.getLogger(__name__)


class Outbox:
    """Collect the features' sources; run one engine over them while this process is elected."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        idle_poll: float = 1.0,
    ) -> None:
        self.db, self.clock = db, clock
        self.idle_poll = idle_poll
        self.sources: list[Source[Any]] = []
        self.engine: OutboxEngine | None = None
        self.leadership = Leadership(db)
        self._bot: ExtBot[Any] | None = None
        # The election and the leadership check both replace self.engine: one at a time.
        self._role = asyncio.Lock()

    def register(self, source: Source[Any]) -> None:
        """Add a feature's source (before start)."""
        if any(s.kind == source.kind for s in self.sources):
            msg = f"outbox source {source.kind!r} registered twice"
            raise ValueError(msg)
        self.sources.append(source)

    def wake(self, kind: str | None = None) -> None:
        """Tell the engine new work of a source (or any) is due; nothing if another process
        sends (it finds the rows at its next poll)."""
        if self.engine is not None:
            self.engine.wake(kind)

    async def start(self, bot: ExtBot[Any]) -> None:
        """Become the sender if no other process is, else stand by (the job 'outbox.election'
        tries again regularly)."""
        self._bot = bot
        await self.try_lead()
        if self.engine is None:
            log.info("another process sends the outbox; standing by")

    @property
    def leading(self) -> bool:
        """Tell whether this process is the active one: it sends, polls and runs the jobs."""
        return self.engine is not None

    @property
    def errors(self) -> int:
        """Return how often the engine's loops failed and were restarted."""
        return self.engine.errors if self.engine is not None else 0

    async def try_lead(self) -> None:
        """Become the sender if the sender lock is free (the job 'outbox.election')."""
        async with self._role:
            await self._lead()

    async def _lead(self) -> None:
        if self.engine is not None or not await self.leadership.try_acquire():
            return
        assert self._bot is not None
        engine = OutboxEngine(
            self.db, self._bot, self.clock, self.sources, idle_poll=self.idle_poll
        )
        try:
            await engine.start()
        except BaseException:  # failed or cancelled half-way: no engine may run unowned
            await engine.abandon()
            raise
        self.engine = engine
        log.info("this process sends the outbox")

    async def stop(self) -> None:
        """Stop the engine (claimed rows are released) and release the lock; never raises."""
        if self.engine is not None:
            engine, self.engine = self.engine, None
            await engine.stop()
        try:
            await self.leadership.release()
        except Exception as error:  # closing the connection frees the lock anyway
            log.warning("could not release the sender lock cleanly (%s)", describe(error))

    async def check_leadership(self) -> None:
        """Stop sending at once if the sender lock was lost (its connection dropped); start
        the engine again if its loops ended while the lock is still ours."""
        async with self._role:
            if self.engine is None:
                return
            if not await self.leadership.still_held():
                log.error("no longer the elected sender; stopping the outbox engine")
                engine, self.engine = self.engine, None
                await engine.abandon()  # no recover(): the rows may be the new sender's now
            elif not self.engine.alive:
                log.error("the outbox engine stopped running; starting it again")
                engine, self.engine = self.engine, None
                await engine.stop()
                await self._lead()
