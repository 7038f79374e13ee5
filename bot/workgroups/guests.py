"""Guests of a working group: opening their deep link, their consent for this one group or their
refusal (what was kept is erased), what is kept about them, and /stop. Nothing here commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import StaleAction
from bot.workgroups import service
from storage.models import Person
from storage.repositories import Audit
from storage.workgroup_models import Seat, SeatState, WorkgroupStatus


@dataclass(frozen=True, slots=True)
class Invitation:
    """A guest's invitation to one working group, as their deep link opened it."""

    seat_id: int
    number: int
    name: str
    purpose: str
    ends_at: datetime | None
    refused: str  # "" when open to this guest, else the message key that says why not


@dataclass(frozen=True, slots=True)
class Kept:
    """What is kept about a guest for one working group, and until when."""

    group: str
    name: str | None
    ends_at: datetime | None


async def open_invitation(
    session: AsyncSession, token: str, telegram_user_id: int, language: str
) -> Invitation | None:
    """Tie a guest's invitation to the Telegram user who opened it; None if not a guest token."""
    seat = await service.guest_seat(session, token)
    if seat is None:
        return None
    group = await service.get(session, seat.workgroup_id)
    if group.status is not WorkgroupStatus.ACTIVE or seat.erased_at is not None:
        refused = "workgroup_guest_closed"
    elif seat.guest_user_id not in (None, telegram_user_id):
        refused = "invite_used"
    else:
        seat.guest_user_id = telegram_user_id  # kept only for this group; erased if they decline
        seat.guest_language = language
        refused = ""
    return Invitation(
        seat_id=seat.id,
        number=group.id,
        name=group.name,
        purpose=group.purpose,
        ends_at=group.ends_at,
        refused=refused,
    )


async def answer(
    session: AsyncSession,
    seat_id: int,
    telegram_user_id: int,
    *,
    agree: bool,
    now: datetime,
    account: str,
    confirm: bool,
) -> bool:
    """Record a guest's consent (and the account that gave it), or erase what was kept if they
    refuse; else StaleAction. True: the coordinator is to confirm the account (the outbox
    asks them)."""
    seat = await session.get(Seat, seat_id, with_for_update=True)
    if seat is None or seat.guest_user_id != telegram_user_id or seat.consented_at is not None:
        raise StaleAction
    group = await service.get(session, seat.workgroup_id)
    if agree and group.status is WorkgroupStatus.ACTIVE:
        if seat.confirmed_at is not None:  # someone uninvited the coordinator let in
            seat.consented_at = now
            return False
        seat.consented_at, seat.guest_account = now, account
        if not confirm:
            seat.confirmed_at = now
        return confirm
    if not agree:
        _forget(seat, now)
        return False
    raise StaleAction


async def confirm(
    session: AsyncSession, seat_id: int, coordinator: Person, *, right: bool, now: datetime
) -> int:
    """The coordinator confirms the account that agreed is the guest (their link follows), or
    says it is not (the seat goes, erased). Audited; StaleAction if already decided."""
    seat = await session.get(Seat, seat_id, with_for_update=True)
    if seat is None or seat.consented_at is None or seat.confirmed_at is not None:
        raise StaleAction
    if seat.state is SeatState.GONE:
        raise StaleAction
    if right:
        seat.confirmed_at = now
    else:
        _forget(seat, now)
    Audit(session).record(
        at=now,
        action="workgroup.guest_confirmed" if right else "workgroup.guest_refused",
        actor=coordinator,
        details={"workgroup": seat.workgroup_id},
    )
    return seat.workgroup_id


def _forget(seat: Seat, now: datetime) -> None:
    """Erase what was kept of a guest who will not be in the group."""
    seat.guest_user_id = seat.guest_language = seat.guest_token_hash = None
    seat.guest_name = seat.guest_account = None
    seat.state, seat.gone_at = SeatState.GONE, now
    seat.erased_at = now


async def _seats(session: AsyncSession, telegram_user_id: int) -> list[Seat]:
    stmt = select(Seat).where(Seat.guest_user_id == telegram_user_id, Seat.erased_at.is_(None))
    return list((await session.execute(stmt)).scalars())


async def kept(session: AsyncSession, telegram_user_id: int) -> list[Kept]:
    """Return what is kept about this guest, per working group (their /privacy)."""
    found = []
    for seat in await _seats(session, telegram_user_id):
        group = await service.get(session, seat.workgroup_id)
        found.append(Kept(group=group.name, name=seat.guest_name, ends_at=group.ends_at))
    return found


async def stop(session: AsyncSession, telegram_user_id: int, *, now: datetime) -> None:
    """Erase what is kept about this guest; they leave every group (the keeper removes them)."""
    for seat in await _seats(session, telegram_user_id):
        await service.get(session, seat.workgroup_id)  # as /privacy: StaleAction if it is gone
        seat.guest_name = seat.guest_token_hash = seat.guest_language = None
        seat.guest_account = None
        # In the group (or still to be removed from it): the keeper removes them first.
        inside = seat.state in (SeatState.JOINED, SeatState.LEAVING)
        seat.state = SeatState.LEAVING if inside else SeatState.GONE
        seat.gone_at = now
        if seat.state is SeatState.GONE:
            seat.guest_user_id, seat.erased_at = None, now


async def is_guest(session: AsyncSession, telegram_user_id: int) -> bool:
    """Tell whether this Telegram user is a guest of a working group (not a network member)."""
    stmt = select(Seat.id).where(Seat.guest_user_id == telegram_user_id, Seat.erased_at.is_(None))
    return (await session.execute(stmt.limit(1))).first() is not None
