"""A working group's Telegram group as rows: binding it when the bot is added, the bot's rights
there, the pinned purpose, join requests, who is in, and following a group to a supergroup.
Telegram calls stay with the caller; nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.workgroups import service
from storage.models import Person
from storage.repositories import Audit
from storage.workgroup_models import Seat, SeatState, WorkgroupStatus


@dataclass(frozen=True, slots=True)
class Placement:
    """A working group after the bot's place in its Telegram group changed."""

    number: int
    name: str
    live: bool  # active: there is something to pin and send there
    pinned: bool
    had_all: bool  # the bot had every right it needs before (never when just bound)
    owner: Person | None  # the coordinator who started the working group
    # The coordinator who added the bot, when this group is bound but theirs still waits.
    bound_elsewhere: Person | None
    # Not bound: the group already had other members (no one may be in it without a seat).
    crowded: bool = False


async def place_bot(
    session: AsyncSession,
    chat_id: int,
    adder_user_id: int,
    *,
    present: bool,
    lacking: Sequence[str],
    now: datetime,
    others: int = 0,
) -> Placement | None:
    """Bind a new group to its adder's waiting working group and record the bot's rights there.

    None: no working group is bound to this chat (the bot should leave it if present). A group
    with `others` (members besides the adder and the bot) is not bound: `crowded`.
    """
    group = await service.by_chat(session, chat_id)
    adder = await service.is_coordinator(session, adder_user_id)
    waiting = await service.waiting_of(session, adder) if adder else None
    fresh = group is None
    if group is None and present and waiting is not None and adder is not None and others > 0:
        return Placement(
            number=waiting.id,
            name=waiting.name,
            live=False,
            pinned=False,
            had_all=False,
            owner=adder,
            bound_elsewhere=None,
            crowded=True,
        )
    if group is None and present and waiting is not None and adder is not None:
        service.bind(waiting, chat_id, lacking, now=now)
        Audit(session).record(
            at=now, action="workgroup.bind", actor=adder, details={"workgroup": waiting.id}
        )
        group = waiting
    if group is None:
        return None
    owner = await session.get(Person, group.created_by_id) if group.created_by_id else None
    had_all = not fresh and group.missing_rights == ""
    # Without the bot in the group nothing can be done there: every right is missing.
    group.missing_rights = ",".join(lacking)
    elsewhere = not fresh and waiting is not None and adder is not None and waiting.id != group.id
    return Placement(
        number=group.id,
        name=group.name,
        live=group.status is WorkgroupStatus.ACTIVE,
        pinned=group.pinned_message_id is not None,
        had_all=had_all,
        owner=owner,
        bound_elsewhere=adder if elsewhere else None,
    )


async def pinned(session: AsyncSession, number: int, message_id: int) -> None:
    """Remember the message with the group's purpose that the bot pinned."""
    group = await service.get(session, number, for_update=True)
    group.pinned_message_id = message_id


async def join_request(
    session: AsyncSession, chat_id: int, link: str | None, telegram_user_id: int, *, now: datetime
) -> int | None:
    """Return the seat a join request is to be approved for; None: decline it (recorded)."""
    approve = False
    seat_id = None
    group = await service.by_chat(session, chat_id)
    seat = await service.seat_of_link(session, group, link) if group and link else None
    if group is not None and group.status is WorkgroupStatus.ACTIVE and seat is not None:
        owner = await service.telegram_id(session, seat)
        # JOINED too: someone who left the group may come back with their own link.
        live = seat.state in (SeatState.INVITED, SeatState.JOINED)
        approve = owner == telegram_user_id and live
        seat_id = seat.id
    if not approve and group is not None:
        # Nothing about the stranger is kept: only that a request was declined.
        Audit(session).record(
            at=now,
            action="workgroup.join_declined",
            actor=None,
            actor_label="system",
            details={"workgroup": group.id},
        )
    return seat_id if approve else None


async def joined(session: AsyncSession, seat_id: int, *, now: datetime) -> None:
    """Mark a seat as in the group: its join request was approved."""
    seat = await session.get(Seat, seat_id)
    if seat is not None:
        seat.state, seat.joined_at = SeatState.JOINED, now


async def joined_names(
    session: AsyncSession, telegram_user_id: int, chat_id: int
) -> tuple[str, list[str]] | None:
    """Return the chat's working group's name and who is in it; None if the asker is not a
    coordinator or the chat is no working group."""
    if await service.is_coordinator(session, telegram_user_id) is None:
        return None
    group = await service.by_chat(session, chat_id)
    if group is None:
        return None
    names = []
    for seat in await service.seats(session, group.id):
        if seat.state is SeatState.JOINED:
            names.append(await service.name_of(session, seat))
    return group.name, names


async def move_chat(session: AsyncSession, old: int, new: int) -> int | None:
    """Follow a group to its new chat id; return the working group's number if it moved."""
    group = await service.by_chat(session, old)
    if group is None or await service.by_chat(session, new) is not None:
        return None
    group.chat_id = new
    return group.id
