"""Who was at a meeting: the coordinator ticks off those who did not decline, once it started."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import StaleAction
from bot.meetings import service
from storage.meeting_models import Meeting, MeetingInvitee, Rsvp
from storage.models import Person


async def _candidates(
    session: AsyncSession, meeting: Meeting, *, now: datetime, limit: int
) -> list[Person]:
    """Return those who did not decline (at most `limit`); StaleAction before the start."""
    if meeting.starts_at is None or meeting.starts_at > now:
        raise StaleAction
    return (await service.invitees(session, meeting.id, (Rsvp.YES, Rsvp.MAYBE, None)))[:limit]


async def _marked(
    session: AsyncSession, meeting: Meeting, people: list[Person]
) -> list[tuple[Person, bool]]:
    """Pair each person with whether they are marked as having been there."""
    marks = []
    for person in people:
        row = await session.get(MeetingInvitee, (meeting.id, person.id))
        marks.append((person, bool(row and row.attended)))
    return marks


async def attendance(
    session: AsyncSession, meeting: Meeting, *, now: datetime, limit: int
) -> list[tuple[Person, bool]]:
    """Return who did not decline (at most `limit`), each with whether they were there."""
    people = await _candidates(session, meeting, now=now, limit=limit)
    return await _marked(session, meeting, people)


async def toggle(
    session: AsyncSession, meeting: Meeting, person_id: int | None, *, now: datetime, limit: int
) -> list[tuple[Person, bool]]:
    """Flip whether an invitee was there; return the attendance as `attendance` does."""
    people = await _candidates(session, meeting, now=now, limit=limit)
    row = await session.get(MeetingInvitee, (meeting.id, person_id)) if person_id else None
    if row is None:
        raise StaleAction
    row.attended = not row.attended
    return await _marked(session, meeting, people)
