"""The alert engine of one bot process: the outbox sender plus its periodic housekeeping."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from telegram.ext import ExtBot

from bot.alerts import status
from bot.alerts.delivery import SenderSettings
from bot.alerts.leader import Leadership
from bot.alerts.outbox import OutboxSender
from bot.clock import Clock
from bot.config import Config
from bot.i18n import Translator
from bot.supervisor import Supervisor, describe
from storage.db import Database
from storage.models import Alert, AlertStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """How often the live status, the escalation check and a standby's election run (s)."""

    status_every: float = 2.0
    escalate_every: float = 30.0
    standby_every: float = 5.0
    sender: SenderSettings = field(default_factory=SenderSettings)


class AlertEngine:
    """Start and stop the sender, refresh status messages, and send escalation reminders."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        config: Config,
        t: Translator,
        settings: EngineSettings | None = None,
    ) -> None:
        self.db, self.clock, self.config, self.t = db, clock, config, t
        self.settings = settings or EngineSettings()
        self.sender: OutboxSender | None = None
        self._bot: ExtBot[Any] | None = None
        self._loops = Supervisor()
        self.leadership = Leadership(db)
        # The election and the leadership check both replace self.sender: one at a time.
        self._role = asyncio.Lock()

    @property
    def running(self) -> bool:
        """Tell whether the engine has been started."""
        return self.sender is not None

    async def start(self, bot: ExtBot[Any]) -> None:
        """Become the sender if no other process is, else stand by and try again regularly."""
        self._bot = bot
        await self._try_lead()
        if self.sender is None:
            log.info("another process sends the outbox; standing by")
        every = self._loops.every
        every("alerts-election", self.settings.standby_every, self._try_lead)
        every("alerts-leadership", self.settings.status_every, self.check_leadership)
        every("alerts-status", self.settings.status_every, self.report_now)
        every("alerts-escalation", self.settings.escalate_every, self.escalate_now)

    @property
    def errors(self) -> int:
        """Return how often the engine's and the sender's loops failed and were restarted."""
        sender = self.sender.errors if self.sender is not None else 0
        return self._loops.errors.total() + sender

    async def _try_lead(self) -> None:
        async with self._role:
            await self._lead()

    async def _lead(self) -> None:
        # Every periodic job below does nothing while another process is the sender.
        if self.sender is not None or not await self.leadership.try_acquire():
            return
        assert self._bot is not None
        sender = OutboxSender(
            self.db, self._bot, self.clock, self.config, self.t, self.settings.sender
        )
        try:
            await sender.start()
            # A previous run may have died before showing the last figures: look at every
            # alert still marked as sending.
            async with self.db.begin() as session:
                sending = await session.scalars(
                    select(Alert.id).where(Alert.status == AlertStatus.QUEUED)
                )
                sender.dirty.update(sending.all())
        except BaseException:  # failed or cancelled half-way: no sender may run unowned
            await sender.abandon()
            raise
        self.sender = sender
        log.info("this process sends the outbox")

    async def stop(self) -> None:
        """Stop the periodic jobs and the sender (claimed rows are released); never raises."""
        await self._loops.stop()
        if self.sender is not None:
            sender, self.sender = self.sender, None
            await sender.stop()
        try:
            await self.leadership.release()
        except Exception as error:  # closing the connection frees the lock anyway
            log.warning("could not release the sender lock cleanly (%s)", describe(error))

    def halt(self, alert_id: int) -> None:
        """Stop claimed copies of a cancelled or retracted alert, then look for new work."""
        if self.sender is not None:
            self.sender.halt(alert_id)

    def touch(self, alert_id: int) -> None:
        """Note that an alert's figures changed (e.g. an acknowledgement)."""
        if self.sender is not None:
            self.sender.dirty.add(alert_id)

    def wake(self) -> None:
        """Tell the sender new work is due (after a confirm, edit, retract or cancel)."""
        if self.sender is not None:
            self.sender.wake()

    async def check_leadership(self) -> None:
        """Stop sending at once if the sender lock was lost (its connection dropped); start
        the sender again if its loops ended while the lock is still ours."""
        async with self._role:
            if self.sender is None:
                return
            if not await self.leadership.still_held():
                log.error("no longer the elected sender; stopping the outbox sender")
                sender, self.sender = self.sender, None
                await sender.abandon()  # no recover(): the rows may be the new sender's now
            elif not self.sender.alive:
                log.error("the outbox sender stopped running; starting it again")
                sender, self.sender = self.sender, None
                await sender.stop()
                await self._lead()

    async def report_now(self) -> None:
        """Update every live status message whose figures changed."""
        if self._bot is None or self.sender is None:
            return
        dirty, self.sender.dirty = self.sender.dirty, set()
        await status.refresh(self.db, self._bot, self.t, dirty, now=self.clock.now())

    async def escalate_now(self) -> int:
        """Queue reminders for copies not acknowledged in time; return how many."""
        if self._bot is None or self.sender is None:
            return 0
        queued = await status.escalate(self.db, self._bot, self.t, now=self.clock.now())
        if queued:
            self.wake()
        return queued
