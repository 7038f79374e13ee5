"""What the meetings feature holds about a person: the invitations, their answers, attendance."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
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
