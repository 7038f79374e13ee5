"""What the working-groups feature holds about a member: their seats in working groups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import iso
from bot.config import Config
from storage.models import Person
from storage.workgroup_models import Seat, Workgroup


async def export(session: AsyncSession, config: Config, person: Person) -> dict[str, Any]:
    """Return every working group the person was invited to, and what became of the seat."""
    rows = (
        await session.execute(
            select(Seat, Workgroup)
            .join(Workgroup, Workgroup.id == Seat.workgroup_id)
            .where(Seat.person_id == person.id)
            .order_by(Workgroup.id)
        )
    ).all()
    seats = [
        {
            "group": group.name,
            "purpose": group.purpose,
            "group_status": group.status.value,
            "seat": seat.state.value,
            "joined_at": iso(seat.joined_at),
            "left_at": iso(seat.gone_at),
        }
        for seat, group in rows
    ]
    return {"working_groups": seats}
