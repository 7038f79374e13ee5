"""What a monitoring system scrapes from `/metrics`: counts kept by this process, and the state
of the database read when scraped. Labels are kinds and methods, never people or texts.

Each application has its own registry, so tests (and two bots in one process) do not mix.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.outbox.source import Backlog
from storage.db import Database
from storage.meeting_models import MeetingReminder, ReminderState
from storage.models import Alert, AlertStatus
from storage.signal_models import Signal, SignalStatus

# Update kinds by the attribute PTB sets; anything else is "other".
UPDATE_KINDS = (
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
)


class Metrics:
    """The counters and gauges of one bot process."""

    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        self.updates = Counter(
            "sleutelnet_updates", "Updates handled, by kind", ["kind"], registry=registry
        )
        self.requests = Counter(
            "sleutelnet_telegram_requests",
            "Bot API requests, by method and outcome (ok, 429, 4xx, 5xx, network)",
            ["method", "outcome"],
            registry=registry,
        )
        self.webhook = Counter(
            "sleutelnet_webhook_requests",
            "Requests to the webhook, by outcome (ok, forbidden, standby, bad, unreadable)",
            ["outcome"],
            registry=registry,
        )
        self.flood = Counter(
            "sleutelnet_telegram_429",
            "Flood-control answers (429) from Telegram",
            registry=registry,
        )
        self.active = Gauge(
            "sleutelnet_active",
            "1 while this process is the elected sender, 0 while it stands by",
            registry=registry,
        )
        self.outbox_due = Gauge(
            "sleutelnet_outbox_due", "Outbox rows due now, by kind", ["kind"], registry=registry
        )
        self.outbox_oldest = Gauge(
            "sleutelnet_outbox_oldest_due_seconds",
            "Age of the oldest outbox row due, by kind (0 if none)",
            ["kind"],
            registry=registry,
        )
        self.open_signals = Gauge(
            "sleutelnet_open_signals", "Signals filed and not yet closed", registry=registry
        )
        self.alert_seconds = Gauge(
            "sleutelnet_last_alert_completion_seconds",
            "From confirmation to the last copy's outcome, for the alert that finished last",
            registry=registry,
        )
        self.reminder_lag = Gauge(
            "sleutelnet_reminder_lag_seconds",
            "Longest delay between due and sent of meeting reminders in the last day",
            registry=registry,
        )

    def update(self, update: object) -> None:
        """Count one update by its kind."""
        kind = "other"
        if isinstance(update, Update):
            kind = next((k for k in UPDATE_KINDS if getattr(update, k, None) is not None), kind)
        self.updates.labels(kind).inc()

    def request(self, endpoint: str, status: int | None) -> None:
        """Count one Bot API request by method and outcome (None: it did not get an answer)."""
        if status is None:
            outcome = "network"
        elif status == 200:
            outcome = "ok"
        elif status == 429:
            outcome = "429"
            self.flood.inc()
        else:
            outcome = f"{status // 100}xx"
        self.requests.labels(endpoint, outcome).inc()

    async def render(
        self,
        db: Database,
        now: datetime,
        backlogs: Sequence[tuple[str, Callable[[AsyncSession, datetime], Awaitable[Backlog]]]],
        *,
        active: bool,
    ) -> bytes:
        """Read what the database says now, then return every metric in the text format."""
        self.active.set(1 if active else 0)
        async with db.read() as session:
            for kind, backlog in backlogs:
                found = await backlog(session, now)
                self.outbox_due.labels(kind).set(found.due)
                age = (now - found.oldest).total_seconds() if found.oldest else 0.0
                self.outbox_oldest.labels(kind).set(max(0.0, age))
            self.open_signals.set(
                await session.scalar(select(func.count()).where(Signal.status == SignalStatus.OPEN))
                or 0
            )
            last = (
                await session.execute(
                    select(Alert.confirmed_at, Alert.finished_at)
                    .where(Alert.status == AlertStatus.SENT, Alert.finished_at.is_not(None))
                    .order_by(Alert.finished_at.desc())
                    .limit(1)
                )
            ).first()
            if last is not None and last.confirmed_at is not None:
                self.alert_seconds.set((last.finished_at - last.confirmed_at).total_seconds())
            lags = (
                await session.execute(
                    select(MeetingReminder.due_at, MeetingReminder.handled_at).where(
                        MeetingReminder.state == ReminderState.SENT,
                        MeetingReminder.handled_at >= now - timedelta(days=1),
                    )
                )
            ).all()
            self.reminder_lag.set(
                max(((h - d).total_seconds() for d, h in lags if h is not None), default=0.0)
            )
        return generate_latest(self.registry)
