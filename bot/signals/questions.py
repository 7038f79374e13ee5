"""A question about an alert is kept as a signal: encrypted, rate-limited and audited like one,
sent to the coordinators through the outbox, and answered from the signal desk."""

from __future__ import annotations

import html
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.i18n import Translator
from bot.signals import service
from bot.signals.crypto import Sealer
from storage.models import Person
from storage.repositories import Audit, Consents
from storage.signal_models import EntryKind, EntryRole, Signal


async def ask(
    session: AsyncSession,
    config: Config,
    t: Translator,
    sealer: Sealer,
    person: Person,
    alert_id: int,
    body: str,
    *,
    now: datetime,
) -> Signal:
    """File a person's question about alert `alert_id` as a new signal (no commit)."""
    granted = await Consents(session).granted_themes(person)
    themes = [theme.key for theme in config.network.themes if theme.key in granted]
    signal = await service.start_draft(session, person, config, themes, now=now)
    about = html.unescape(
        t(config.network.default_language, "alert_question_entry", number=alert_id)
    )
    content = service.Content(EntryKind.TEXT, f"{about}\n{body}")
    service.check_length(content, config)
    service.add_entry(session, signal, person, EntryRole.REPORT, content, sealer, now=now)
    await session.flush()
    await service.file(session, signal, now=now)
    Audit(session).record(
        at=now,
        action="alert.question",
        actor=person,
        details={"alert": alert_id, "signal": signal.id},
    )
    return signal
