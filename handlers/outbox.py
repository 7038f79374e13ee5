"""The outbox's scheduled jobs: stand for election as the sender, and check the lock held."""

from __future__ import annotations

from bot.feature import Feature, Job
from bot.services import AppContext


async def election(context: AppContext) -> None:
    """Become the sender if no other process is (a standby takes over within one period)."""
    await context.services.outbox.try_lead()


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
