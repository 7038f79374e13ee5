"""What the working-groups feature holds about a member: their seats in working groups."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import iso
from bot.config import Config
from storage.models import Person
from storage.workgroup_models import Seat, SeatState, Workgroup


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


async def erase(session: AsyncSession, config: Config, person: Person, now: datetime) -> None:
    """Unlink the person's seats. A seat still in a group keeps only the Telegram id, as a
    guest's does, until the keeper has removed them; then that goes too."""
    await session.execute(
        update(Seat)
        .where(Seat.person_id == person.id, Seat.state == SeatState.LEAVING)
        # consented_at: the keeper acts on a guest's id only with it (it is the removal's basis).
        .values(
            person_id=None, guest_user_id=person.telegram_user_id, guest_name=None, consented_at=now
        )
    )
    await session.execute(
        update(Seat)
        .where(Seat.person_id == person.id)
        .values(person_id=None, invite_link=None, erased_at=now)
    )
    # Came into a group uninvited: the name goes now; the id once they are out of the group.
    uninvited = (Seat.uninvited_at.is_not(None), Seat.guest_user_id == person.telegram_user_id)
    await session.execute(
        update(Seat)
        .where(*uninvited, Seat.state != SeatState.LEAVING)
        .values(guest_user_id=None, guest_account=None, guest_name=None, erased_at=now)
    )
    await session.execute(
        update(Seat).where(*uninvited).values(guest_account=None, guest_name=None)
    )
