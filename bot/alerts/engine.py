"""The alert engine of one bot process: alerts as an outbox source plus their housekeeping."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import ExtBot

from bot.alerts import status
from bot.alerts.delivery import SenderSettings
from bot.alerts.outbox import KIND, AlertSource
from bot.clock import Clock
from bot.config import Config
from bot.i18n import Translator
from bot.outbox.elected import Outbox
from bot.outbox.engine import OutboxEngine
from storage.db import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """How alert copies are sent (how often the jobs run is set per job: Features.periods)."""

    sender: SenderSettings = field(default_factory=SenderSettings)


class AlertEngine:
    """Put alerts in the outbox as a source, refresh status messages, send escalations."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        config: Config,
        t: Translator,
        outbox: Outbox,
        settings: EngineSettings | None = None,
    ) -> None:
        self.db, self.clock, self.config, self.t = db, clock, config, t
        self.settings = settings or EngineSettings()
        self.outbox = outbox
        self.source = AlertSource(config, t, clock, self.settings.sender)
        outbox.register(self.source)
        self._bot: ExtBot[Any] | None = None

    @property
    def sender(self) -> OutboxEngine | None:
        """Return the outbox engine if this process is the elected sender, else None."""
        return self.outbox.engine

    @property
    def running(self) -> bool:
        """Tell whether this process sends the outbox."""
        return self.sender is not None

    def start(self, bot: ExtBot[Any]) -> None:
        """Know the bot; the jobs 'alerts.status' and 'alerts.escalation' do the rest."""
        self._bot = bot

    @property
    def errors(self) -> int:
        """Return how often the outbox's loops failed and were restarted."""
        return self.outbox.errors

    def halt(self, alert_id: int) -> None:
        """Stop claimed copies of a cancelled or retracted alert, then look for new work."""
        self.source.halt(alert_id)
        self.wake()

    def touch(self, alert_id: int) -> None:
        """Note that an alert's figures changed (e.g. an acknowledgement)."""
        self.source.dirty.add(alert_id)

    def wake(self) -> None:
        """Tell the sender new work is due (after a confirm, edit, retract or cancel)."""
        self.outbox.wake(KIND)

    def expect_first_copy(self, alert_id: int) -> None:
        """Start watching for an alert's first copy (before its copies are committed)."""
        self.source.expect_first(alert_id)

    async def first_copy_out(self, alert_id: int, *, within: float) -> bool:
        """Wait until a copy of the alert went out (expect_first_copy first), at most `within`
        seconds; tell whether it did. The coordinator's own messages wait for it, so at
        Telegram's 30/s the alert takes the first free slot, not the preview's edit."""
        try:
            async with asyncio.timeout(within):
                await self.source.expect_first(alert_id).wait()
        except TimeoutError:
            return False
        finally:
            self.source.forget_first(alert_id)
        return True

    async def check_leadership(self) -> None:
        """Check that this process still may send (see Outbox.check_leadership)."""
        await self.outbox.check_leadership()

    async def report_now(self) -> None:
        """Update every live status message whose figures changed."""
        if self._bot is None or self.sender is None:
            return
        dirty, self.source.dirty = self.source.dirty, set()
        await status.refresh(self.db, self._bot, self.t, dirty, now=self.clock.now())

    async def escalate_now(self) -> int:
        """Queue reminders for copies not acknowledged in time; return how many."""
        if self._bot is None or self.sender is None:
            return 0
        queued = await status.escalate(self.db, self._bot, self.t, now=self.clock.now())
        if queued:
            self.wake()
        return queued
