"""Changes to a planned meeting: moving it to a new time and cancelling it (or its series)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import dialogue
from bot.alerts.audience import Audience, AudienceKind
from bot.config import Config
from bot.errors import MeetingClosed, StaleAction
from bot.i18n import Translator
from bot.meetings import service
from storage.meeting_models import Meeting, MeetingStatus, Rsvp
from storage.models import AlertKind, Person
from storage.repositories import Audit


async def take_move(
    session: AsyncSession, coordinator: Person, number: int, *, now: datetime
) -> Meeting:
    """Return the meeting the coordinator's typed start moves, ending the 'move' dialogue."""
    meeting = await service.get(session, number, for_update=True)
    if await service.step_of(session, coordinator, meeting, now=now) != service.MOVE:
        raise StaleAction
    await dialogue.end(session, coordinator.id, dialogue.MEETINGS, number)
    return meeting


def _people(persons: Sequence[Person]) -> Audience:
    return Audience(AudienceKind.PEOPLE, tuple(str(p.id) for p in persons))


async def move(
    session: AsyncSession,
    meeting: Meeting,
    coordinator: Person,
    starts: datetime,
    ends: datetime,
    deps: tuple[Translator, Config],
    *,
    now: datetime,
) -> int:
    """Move a planned meeting; reminders follow, and everyone who said yes or maybe hears it."""
    if meeting.status is not MeetingStatus.PLANNED:
        raise MeetingClosed(number=meeting.id)
    meeting.starts_at, meeting.ends_at = starts, ends
    meeting.sequence += 1
    await service.cancel_reminders(session, meeting, now=now)  # written anew just below
    service.schedule_reminders(session, meeting, deps[1], now=now)
    coming = await service.invitees(session, meeting.id, (Rsvp.YES, Rsvp.MAYBE))
    _, count = await service.queue(
        session,
        meeting,
        coordinator,
        AlertKind.UPDATE,
        _people(coming),
        "meeting_moved",
        deps,
        now=now,
    )
    Audit(session).record(
        at=now, action="meeting.move", actor=coordinator, details={"meeting": meeting.id}
    )
    return count


async def cancel(
    session: AsyncSession,
    meeting: Meeting,
    coordinator: Person,
    deps: tuple[Translator, Config],
    *,
    now: datetime,
    series: bool,
) -> int:
    """Cancel one meeting (or the rest of its series); yes and maybe hear it. Return count."""
    if meeting.status is not MeetingStatus.PLANNED:
        raise MeetingClosed(number=meeting.id)
    targets = [meeting]
    if series:
        root = meeting.series_id or meeting.id
        later = select(Meeting).where(
            Meeting.status == MeetingStatus.PLANNED,
            (Meeting.series_id == root) | (Meeting.id == root),
            Meeting.starts_at > (meeting.starts_at or now),
        )
        targets += list((await session.execute(later)).scalars())
    told = 0
    for target in targets:
        target.status = MeetingStatus.CANCELLED
        target.cancelled_at = now
        target.sequence += 1
        if series:
            target.every_weeks = target.rrule = None
        await service.cancel_reminders(session, target, now=now, keep_next=not series)
        coming = await service.invitees(session, target.id, (Rsvp.YES, Rsvp.MAYBE))
        _, count = await service.queue(
            session,
            target,
            coordinator,
            AlertKind.CANCELLATION,
            _people(coming),
            "meeting_cancelled",
            deps,
            now=now,
        )
        told += count
    Audit(session).record(
        at=now,
        action="meeting.cancel",
        actor=coordinator,
        details={"meeting": meeting.id, "series": series},
    )
    return told
