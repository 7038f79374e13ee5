"""The bot's own notes to the coordinators, and what keeping the network warm looks at."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import service as alerts
from bot.alerts.audience import Audience, AudienceKind
from bot.errors import AlertAudienceEmpty
from storage.meeting_models import Meeting
from storage.models import Alert, AlertKind, AuditEntry, Person, PersonStatus, Role


async def last_sent_to_network(session: AsyncSession) -> datetime | None:
    """Return when the network last got anything (an alert, news, a meeting invitation)."""
    kinds = (AlertKind.ALERT, AlertKind.NEWS, AlertKind.INVITATION)
    stmt = select(func.max(Alert.confirmed_at)).where(Alert.kind.in_(kinds))
    return await session.scalar(stmt)


async def blank_note(
    session: AsyncSession, meeting: Meeting | None, coordinator: Person, *, now: datetime
) -> Alert:
    """Start a note from the bot to the coordinators (texts are set by the caller)."""
    alert = await alerts.blank_alert(session, coordinator, now=now)
    alert.kind = AlertKind.NOTE
    alert.meeting_id = meeting.id if meeting is not None else None
    alert.audience = Audience(AudienceKind.COORDINATORS).to_json()
    alert.silent = False
    return alert


async def confirm_note(
    session: AsyncSession, alert: Alert, coordinator: Person, *, now: datetime
) -> int:
    """Queue a note in the outbox; return how many coordinators it reaches."""
    try:
        return await alerts.confirm(session, alert, coordinator, now=now)
    except AlertAudienceEmpty:
        await session.delete(alert)
        return 0


async def coordinators(session: AsyncSession) -> Sequence[Person]:
    """Return the active coordinators."""
    stmt = select(Person).where(
        Person.role == Role.COORDINATOR, Person.status == PersonStatus.ACTIVE
    )
    return (await session.execute(stmt.order_by(Person.id))).scalars().all()


async def network_started(session: AsyncSession) -> datetime | None:
    """Return when the first member joined (the quiet period of a new network counts from it)."""
    return await session.scalar(select(func.min(Person.joined_at)))


async def nudged_since(session: AsyncSession, since: datetime) -> bool:
    """Tell whether the coordinators were nudged after `since`."""
    stmt = (
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "network.nudge", AuditEntry.at > since)
    )
    return bool(await session.scalar(stmt))
