"""Network news: a silent, shareable message to everyone, prepared by a coordinator and sent
through the alert outbox like any alert."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import service as alerts
from bot.alerts.audience import Audience, AudienceKind
from bot.errors import AlertAudienceEmpty, StaleAction
from storage.models import Alert, AlertKind, AlertStatus, Person


async def prepare(
    session: AsyncSession, coordinator: Person, body: str, *, language: str, now: datetime
) -> Alert:
    """Prepare news with `body` (in `language`) as a draft that waits for the send button."""
    alert = await alerts.blank_alert(session, coordinator, now=now)
    alert.kind = AlertKind.NEWS
    alert.texts = {language: body}
    alert.audience = Audience(AudienceKind.ALL).to_json()
    alert.silent = alert.shareable = True  # it waits for a button, never for text
    return alert


async def _prepared(session: AsyncSession, coordinator: Person, number: int) -> Alert:
    """Return the coordinator's unsent news `number`, locked; StaleAction if it is not that."""
    alert = await alerts.get(session, number, for_update=True)
    if (
        alert.kind is not AlertKind.NEWS
        or alert.status is not AlertStatus.DRAFT
        or alert.created_by_id != coordinator.id
    ):
        raise StaleAction
    return alert


async def drop(session: AsyncSession, coordinator: Person, number: int) -> None:
    """Drop prepared news (the author only, and only while unsent)."""
    await session.delete(await _prepared(session, coordinator, number))


async def send(session: AsyncSession, coordinator: Person, number: int, *, now: datetime) -> int:
    """Queue prepared news for everyone and return how many it reaches (none: it is dropped)."""
    alert = await _prepared(session, coordinator, number)
    try:
        return await alerts.confirm(session, alert, coordinator, now=now)
    except AlertAudienceEmpty:
        await session.delete(alert)
        return 0
