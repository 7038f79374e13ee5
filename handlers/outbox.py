"""The outbox's scheduled jobs: stand for election as the sender, and check the lock held."""

from __future__ import annotations

from bot.feature import Feature, Job
from bot.services import AppContext


async def election(context: AppContext) -> None:
    """Become the sender if no other process is (a standby takes over within one period);
    a process that just took over sends the meeting reminders that fell due meanwhile at
    once, rather than at its next minute's tick."""
    services = context.services
    was_leading = services.outbox.leading
    await services.outbox.try_lead()
    if services.outbox.leading and not was_leading:
        await services.meetings.tick()


async def leadership(context: AppContext) -> None:
    """Stop sending at once if the sender lock was lost; restart an engine that stopped."""
    await context.services.outbox.check_leadership()


FEATURE = Feature(
    name="outbox",
    jobs=(
        Job("outbox.election", election, every=2.0, on_standby=True),
        Job("outbox.leadership", leadership, every=2.0, on_standby=True),
    ),
)
