"""Typed dependencies that reach every handler through `context.services`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.alerts.engine import AlertEngine
from bot.clock import Clock
from bot.config import Config
from bot.feature import Features
from bot.health import HealthServer
from bot.i18n import Translator
from bot.meetings.scheduler import MeetingScheduler
from bot.metrics import Metrics
from bot.outbox.elected import Outbox
from bot.pacer import PacerArgs
from bot.receiving import Receiver
from bot.signals.desk import SignalDesk
from bot.workgroups.keeper import WorkgroupKeeper
from storage.db import Database
from storage.models import Person


@dataclass(frozen=True, slots=True)
class Services:
    """Everything a handler may use: settings, database, clock, texts, the outbox, features."""

    config: Config
    db: Database
    clock: Clock
    t: Translator
    outbox: Outbox
    alerts: AlertEngine
    signals: SignalDesk
    meetings: MeetingScheduler
    workgroups: WorkgroupKeeper
    features: Features
    metrics: Metrics = field(default_factory=Metrics)
    # Failed rounds of scheduled jobs since start, by job name (bot.supervisor.Guarded).
    job_errors: Counter[str] = field(default_factory=Counter)


class BotData:
    """Application-wide data; holds the services once the composition root sets them."""

    def __init__(self) -> None:
        self._services: Services | None = None
        # Per kind of error: when it was last reported to the admin chat (the injected clock)
        # and how many more of that kind came since.
        self.reports: dict[str, tuple[datetime, int]] = {}
        # /healthz, /readyz and /metrics, when [http] listen is set.
        self.health: HealthServer | None = None
        self._receiver: Receiver | None = None

    @property
    def receiver(self) -> Receiver:
        """Return how updates arrive (polling or webhook), set by the composition root."""
        if self._receiver is None:
            msg = "no receiver; build the application with bot.app.build_application"
            raise RuntimeError(msg)
        return self._receiver

    @receiver.setter
    def receiver(self, value: Receiver) -> None:
        self._receiver = value

    @property
    def services(self) -> Services:
        """Return the services; fail loudly if build_application did not set them."""
        if self._services is None:
            msg = "services are not set; build the application with bot.app.build_application"
            raise RuntimeError(msg)
        return self._services

    @services.setter
    def services(self, value: Services) -> None:
        self._services = value


class AppContext(CallbackContext[ExtBot[PacerArgs], dict[Any, Any], dict[Any, Any], BotData]):
    """Per-update context with typed services and the person the access gate found."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.person: Person | None = None

    @property
    def services(self) -> Services:
        """Return the application's services."""
        return self.bot_data.services


AppType = Application[ExtBot[PacerArgs], AppContext, dict[Any, Any], dict[Any, Any], BotData, Any]
