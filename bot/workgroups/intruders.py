"""People who came into a working group's Telegram group without a seat: remembered (their
account only) so the bot removes them, tells the coordinator, and lets them in as a guest or
keeps them out, as the coordinator decides. Telegram calls stay with the caller; nothing here
commits."""

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
class Arrival:
    """Someone appeared in a working group's Telegram group."""

    number: int
    seat_id: int | None  # None: they may be there (a coordinator, or they have a seat)


async def arrival(
    session: AsyncSession, chat_id: int, telegram_user_id: int, account: str, *, now: datetime
) -> Arrival | None:
    """Tell whether someone who joined a working group's chat may be there; None if the chat
    is no working group. Someone without a seat is remembered as to be removed (once per group:
    coming back does not tell the coordinator again); audited without the person."""
    group = await service.by_chat(session, chat_id)
    if group is None:
        return None
    if await service.is_coordinator(session, telegram_user_id) is not None:
        return Arrival(group.id, None)
    known = None
    for seat in await service.seats(session, group.id):
        if seat.uninvited_at is not None and seat.guest_user_id == telegram_user_id:
            known = seat
        elif seat.state is not SeatState.GONE and await service.telegram_id(session, seat) == (
            telegram_user_id
        ):
            return Arrival(group.id, None)
    Audit(session).record(
        at=now, action="workgroup.intruder", actor=None, actor_label="telegram",
        details={"workgroup": group.id},
    )  # fmt: skip
    if known is not None and known.guest_token_hash is not None:
        # Let in as a guest by the coordinator already: they stay (closing removes them).
        known.state, known.joined_at = SeatState.JOINED, now
        return Arrival(group.id, None)
    if known is not None:
        known.state, known.gone_at, known.claimed_at = SeatState.LEAVING, None, now
        return Arrival(group.id, known.id)
    # Claimed while the bot removes them: the coordinator is told how that went.
    seat = Seat(
        workgroup_id=group.id,
        guest_user_id=telegram_user_id,
        guest_account=account[:160],
        uninvited_at=now,
        state=SeatState.LEAVING,
        invited_at=now,
        claimed_at=now,
    )
    session.add(seat)
    await session.flush()
    return Arrival(group.id, seat.id)


@dataclass(frozen=True, slots=True)
class Admitted:
    """An uninvited person the coordinator lets in as a guest: their one-account link."""

    number: int
    account: str
    token: str


async def _uninvited(session: AsyncSession, seat_id: int) -> Seat:
    seat = await session.get(Seat, seat_id, with_for_update=True)
    undecided = seat is not None and seat.uninvited_at is not None and seat.erased_at is None
    if seat is None or not undecided or seat.guest_token_hash is not None:
        raise StaleAction
    if seat.guest_account is None:  # kept out already
        raise StaleAction
    return seat


async def admit(
    session: AsyncSession, seat_id: int, coordinator: Person, *, now: datetime
) -> Admitted:
    """Turn an uninvited person into a guest the coordinator already confirmed: a guest link
    that only their account can open (they still read the purpose and agree first)."""
    seat = await _uninvited(session, seat_id)
    group = await service.get(session, seat.workgroup_id)
    if group.status is not WorkgroupStatus.ACTIVE:
        raise StaleAction
    token, seat.guest_token_hash = service.guest_token()
    account = seat.guest_account or "?"
    seat.guest_name = account[:128]
    seat.state, seat.gone_at, seat.confirmed_at = SeatState.INVITED, None, now
    Audit(session).record(
        at=now, action="workgroup.intruder_admitted", actor=coordinator,
        details={"workgroup": group.id},
    )  # fmt: skip
    return Admitted(group.id, account, token)


async def keep_out(
    session: AsyncSession, seat_id: int, coordinator: Person, *, now: datetime
) -> None:
    """Keep an uninvited person out: forget their account (once they are out of the group)."""
    seat = await _uninvited(session, seat_id)
    seat.guest_account = None
    if seat.state is SeatState.GONE:
        seat.guest_user_id, seat.erased_at = None, now
    Audit(session).record(
        at=now, action="workgroup.intruder_kept_out", actor=coordinator,
        details={"workgroup": seat.workgroup_id},
    )  # fmt: skip


async def unreported(session: AsyncSession, limit: int, skip: list[int]) -> list[Seat]:
    """Claim what the coordinator has not yet been told: uninvited arrivals, and guests who
    agreed and wait for the coordinator to confirm them."""
    # A guest (invited by name) who agreed; not a member's seat kept only for their removal.
    waits = (
        Seat.person_id.is_(None)
        & Seat.guest_name.is_not(None)
        & Seat.consented_at.is_not(None)
        & Seat.confirmed_at.is_(None)
    )
    stmt = (
        select(Seat)
        .where(
            Seat.uninvited_at.is_not(None) | waits,
            Seat.erased_at.is_(None),
            Seat.reported_at.is_(None),
            Seat.claimed_at.is_(None),
            Seat.id.not_in(skip),
        )
        .order_by(Seat.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list((await session.execute(stmt)).scalars())
