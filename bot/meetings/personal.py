"""What the meetings feature holds about a person: the invitations, their answers, attendance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import iso
from bot.config import Config
from storage.meeting_models import Meeting, MeetingInvitee
from storage.models import Person


async def export(session: AsyncSession, config: Config, person: Person) -> dict[str, Any]:
    """Return every meeting the person was invited to, with their answer and attendance."""
    rows = (
        await session.execute(
            select(MeetingInvitee, Meeting)
            .join(Meeting, Meeting.id == MeetingInvitee.meeting_id)
            .where(MeetingInvitee.person_id == person.id)
            .order_by(Meeting.starts_at, Meeting.id)
        )
    ).all()
    invited = [
        {
            "number": meeting.id,
            "title": meeting.title,
            "starts_at": iso(meeting.starts_at),
            "status": meeting.status.value,
            "rsvp": invitee.rsvp.value if invitee.rsvp is not None else None,
            "rsvp_at": iso(invitee.rsvp_at),
            "attended": invitee.attended,
        }
        for invitee, meeting in rows
    ]
    return {"meetings_invited": invited}


async def erase(session: AsyncSession, config: Config, person: Person, now: datetime) -> None:
    """Take the person off meetings still to come; past answers and attendance stay as counts
    (their record is only a pseudonym by now)."""
    upcoming = select(Meeting.id).where(Meeting.starts_at > now)
    await session.execute(
        delete(MeetingInvitee).where(
            MeetingInvitee.person_id == person.id, MeetingInvitee.meeting_id.in_(upcoming)
        )
    )
