"""The alerts feature's scheduled jobs: live status messages and escalation reminders."""

from __future__ import annotations

from bot.feature import Job
from bot.services import AppContext


async def refresh_status(context: AppContext) -> None:
    """Update every live status message whose figures changed (on the elected sender)."""
    await context.services.alerts.report_now()


async def escalate(context: AppContext) -> None:
    """Queue reminders for copies not acknowledged in time (on the elected sender)."""
    await context.services.alerts.escalate_now()


JOBS = (
    Job("alerts.status", refresh_status, every=2.0),
    Job("alerts.escalation", escalate, every=30.0),
)
