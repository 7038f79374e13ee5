"""Privacy over time: the daily retention job (bot.retention)."""

from __future__ import annotations

import logging

from bot import retention
from bot.feature import Feature, Job
from bot.services import AppContext

log = logging.getLogger(__name__)


async def enforce_retention(context: AppContext) -> None:
    """Apply every retention period on the injected clock; log only how many went."""
    services = context.services
    async with services.db.begin() as session:
        swept = await retention.sweep(
            session,
            services.config,
            now=services.clock.now(),
            hooks=services.features.erase_hooks,
        )
    if swept.anything:
        await services.db.forget_on_disk()
        log.info("retention: %s", swept)


FEATURE = Feature(
    name="privacy",
    jobs=(Job("privacy.retention", enforce_retention, every=86_400.0, first=60.0),),
)
