"""Working groups as a domain: the planning dialogue's state, binding a Telegram group, seats
for members and guests, extending and closing. Telegram calls live in bot.workgroups.keeper."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import dialogue, events
from bot.config import Config
from bot.errors import StaleAction
from bot.invites import hash_token
from storage.models import Person, PersonStatus, Role
from storage.repositories import Audit
from storage.workgroup_models import Seat, SeatState, Workgroup, WorkgroupStatus

GUEST_PREFIX = "wg-"
# What the bot must be allowed to do in the group, as Telegram names the rights.
NEEDED_RIGHTS = (
    "can_invite_users",
    "can_restrict_members",
    "can_delete_messages",
    "can_pin_messages",
)
LIVE = (WorkgroupStatus.ACTIVE, WorkgroupStatus.CLOSING)
# Steps of the coordinator's working group dialogue (ref_id = the group): planning a draft
# (name, theme, purpose, end), and on an active group the next text names the people to invite
# ("pp") or a guest ("gs").
NAME, THEME, PURPOSE, END_DATE, PEOPLE, GUEST = "name", "th", "purpose", "end", "pp", "gs"
TEXT_STEPS = frozenset({NAME, PURPOSE, END_DATE})


def end_label(moment: datetime | None, config: Config) -> str:
    """Format an end date for people: 15-01-2027 in the network's time zone."""
    if moment is None:
        return "?"
    return f"{moment.astimezone(config.network.timezone):%d-%m-%Y}"


async def get(session: AsyncSession, number: int, *, for_update: bool = False) -> Workgroup:
    """Return a working group by number, or raise StaleAction."""
    stmt = select(Workgroup).where(Workgroup.id == number)
    if for_update:
        stmt = stmt.with_for_update()
    found = (await session.execute(stmt)).scalar_one_or_none()
    if found is None:
        raise StaleAction
    return found


async def draft_of(session: AsyncSession, coordinator: Person) -> Workgroup | None:
    """Return the coordinator's working group in the planning dialogue, if any."""
    stmt = select(Workgroup).where(
        Workgroup.created_by_id == coordinator.id, Workgroup.status == WorkgroupStatus.DRAFT
    )
    return (await session.execute(stmt.order_by(Workgroup.id.desc()).limit(1))).scalar_one_or_none()


async def waiting_of(session: AsyncSession, coordinator: Person) -> Workgroup | None:
    """Return the coordinator's newest working group that waits for its Telegram group."""
    stmt = select(Workgroup).where(
        Workgroup.created_by_id == coordinator.id, Workgroup.status == WorkgroupStatus.WAITING
    )
    return (await session.execute(stmt.order_by(Workgroup.id.desc()).limit(1))).scalar_one_or_none()


async def new_draft(
    session: AsyncSession, coordinator: Person, *, now: datetime, length: timedelta
) -> Workgroup:
    """Start the dialogue (an earlier unfinished one is dropped)."""
    earlier = await draft_of(session, coordinator)
    if earlier is not None:
        await session.delete(earlier)
    group = Workgroup(
        created_by_id=coordinator.id,
        created_at=now,
        status=WorkgroupStatus.DRAFT,
        ends_at=now + length,
        close_failures=0,
    )
    session.add(group)
    await session.flush()
    return group


async def start_planning(
    session: AsyncSession, coordinator: Person, *, now: datetime, length: timedelta
) -> Workgroup:
    """Start the /workgroup dialogue on a new draft; it asks for the name first."""
    group = await new_draft(session, coordinator, now=now, length=length)
    await go_to(session, coordinator, group, NAME, now=now)
    return group


async def go_to(
    session: AsyncSession, coordinator: Person, group: Workgroup, step: str, *, now: datetime
) -> None:
    """Put the working group at `step` of the coordinator's dialogue."""
    await dialogue.start(session, coordinator.id, dialogue.WORKGROUPS, step, group.id, now=now)


async def step_of(
    session: AsyncSession, coordinator: Person, group: Workgroup, *, now: datetime
) -> str | None:
    """Return where the coordinator's dialogue about this group stands; None if not in it."""
    return await dialogue.step_of(session, coordinator.id, dialogue.WORKGROUPS, group.id, now=now)


async def finish_planning(session: AsyncSession, coordinator: Person, group: Workgroup) -> None:
    """The dialogue has all it needs: the group now waits for its Telegram group."""
    group.status = WorkgroupStatus.WAITING
    await dialogue.end(session, coordinator.id, dialogue.WORKGROUPS, group.id)


async def take_answer(
    session: AsyncSession, coordinator: Person, number: int, step: str, *, now: datetime
) -> Workgroup:
    """Return the group whose question (people or guest) the coordinator just answered.

    One message answers the question, whatever it says: the dialogue ends here.
    """
    group = await get(session, number, for_update=True)
    if await step_of(session, coordinator, group, now=now) != step:
        raise StaleAction
    await dialogue.end(session, coordinator.id, dialogue.WORKGROUPS, number)
    return group


async def by_chat(session: AsyncSession, chat_id: int) -> Workgroup | None:
    """Return the working group bound to a Telegram group."""
    stmt = select(Workgroup).where(Workgroup.chat_id == chat_id)
    return (await session.execute(stmt)).scalar_one_or_none()


def missing(rights: dict[str, bool]) -> list[str]:
    """Return the needed rights the bot lacks."""
    return [right for right in NEEDED_RIGHTS if not rights.get(right, False)]


def bind(group: Workgroup, chat_id: int, lacking: Sequence[str], *, now: datetime) -> None:
    """Bind a waiting working group to its Telegram group."""
    if group.status is not WorkgroupStatus.WAITING:
        raise StaleAction
    group.chat_id = chat_id
    group.status = WorkgroupStatus.ACTIVE
    group.bound_at = now
    group.missing_rights = ",".join(lacking)
    events.workgroup_bound(group.id)


async def seats(session: AsyncSession, number: int) -> Sequence[Seat]:
    """Return a working group's seats, oldest first."""
    stmt = select(Seat).where(Seat.workgroup_id == number).order_by(Seat.id)
    return (await session.execute(stmt)).scalars().all()


async def invite_people(
    session: AsyncSession, group: Workgroup, people: Sequence[Person], *, now: datetime
) -> list[Person]:
    """Give each network member a seat (a personal link is sent next); return the new ones."""
    if group.status is not WorkgroupStatus.ACTIVE:
        raise StaleAction
    taken = {s.person_id for s in await seats(session, group.id) if s.state is not SeatState.GONE}
    added = []
    for person in people:
        if person.id in taken or person.status is not PersonStatus.ACTIVE:
            continue
        existing = await session.scalar(
            select(Seat).where(Seat.workgroup_id == group.id, Seat.person_id == person.id)
        )
        if existing is not None:  # invited before and gone: invite again
            existing.state, existing.invited_at = SeatState.INVITED, now
            existing.invite_link = existing.link_sent_at = existing.gone_at = None
        else:
            session.add(
                Seat(
                    workgroup_id=group.id,
                    person_id=person.id,
                    state=SeatState.INVITED,
                    invited_at=now,
                )
            )
        added.append(person)
    return added


async def invite_guest(
    session: AsyncSession, group: Workgroup, name: str, *, now: datetime
) -> tuple[Seat, str]:
    """Make a guest seat and return it with the one-time token for their deep link."""
    if group.status is not WorkgroupStatus.ACTIVE:
        raise StaleAction
    token, token_hash = guest_token()
    seat = Seat(
        workgroup_id=group.id,
        guest_name=name[:128],
        guest_token_hash=token_hash,
        state=SeatState.INVITED,
        invited_at=now,
    )
    session.add(seat)
    await session.flush()
    return seat, token


def guest_token() -> tuple[str, str]:
    """Return a new guest deep-link token and the hash that is stored instead of it."""
    token = GUEST_PREFIX + secrets.token_urlsafe(18)
    return token, hash_token(token)


async def guest_seat(session: AsyncSession, token: str) -> Seat | None:
    """Return the guest seat a deep-link token belongs to."""
    stmt = select(Seat).where(Seat.guest_token_hash == hash_token(token)).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def seat_of_link(session: AsyncSession, group: Workgroup, link: str) -> Seat | None:
    """Return the seat a personal join link was made for."""
    stmt = select(Seat).where(Seat.workgroup_id == group.id, Seat.invite_link == link)
    return (await session.execute(stmt.with_for_update())).scalar_one_or_none()


def account_id(seat: Seat, person: Person | None) -> int | None:
    """Return the Telegram account a seat's holder uses, agreed or not (to remove them)."""
    return person.telegram_user_id if person is not None else seat.guest_user_id


async def telegram_id(session: AsyncSession, seat: Seat) -> int | None:
    """Return the Telegram user a seat is for (a member's or a consenting guest's)."""
    if seat.person_id is not None:
        person = await session.get(Person, seat.person_id)
        return person.telegram_user_id if person else None
    return seat.guest_user_id if seat.consented_at is not None else None


async def name_of(session: AsyncSession, seat: Seat) -> str:
    """Return the seat holder's name as the coordinator knows it."""
    if seat.person_id is not None:
        person = await session.get(Person, seat.person_id)
        return person.display_name if person else "?"
    return seat.guest_name or seat.guest_account or "?"


def extend(
    group: Workgroup, by: timedelta, coordinator: Person, session: AsyncSession, *, now: datetime
) -> None:
    """Move the end date; the end reminder comes again before the new date."""
    if group.status is not WorkgroupStatus.ACTIVE or group.ends_at is None:
        raise StaleAction
    group.ends_at = max(group.ends_at, now) + by
    group.reminded_at = None
    Audit(session).record(
        at=now, action="workgroup.extend", actor=coordinator, details={"workgroup": group.id}
    )


async def start_closing(session: AsyncSession, group: Workgroup, *, now: datetime) -> None:
    """Mark a group as closing: everyone except coordinators is to be removed."""
    if group.status is not WorkgroupStatus.ACTIVE:
        raise StaleAction
    group.status = WorkgroupStatus.CLOSING
    group.ends_at = min(group.ends_at or now, now)
    await session.execute(
        update(Seat)
        .where(Seat.workgroup_id == group.id, Seat.state == SeatState.JOINED)
        .values(state=SeatState.LEAVING)
    )
    await session.execute(
        update(Seat)
        .where(Seat.workgroup_id == group.id, Seat.state == SeatState.INVITED)
        .values(state=SeatState.GONE, gone_at=now)
    )


async def leave_all(session: AsyncSession, person: Person, now: datetime) -> None:
    """Someone left the network: their seats go (removed from the groups by the keeper)."""
    await session.execute(
        update(Seat)
        .where(Seat.person_id == person.id, Seat.state == SeatState.JOINED)
        .values(state=SeatState.LEAVING)
    )
    await session.execute(
        update(Seat)
        .where(Seat.person_id == person.id, Seat.state == SeatState.INVITED)
        .values(state=SeatState.GONE, gone_at=now)
    )


async def coordinator_ids(session: AsyncSession) -> list[int]:
    """Return the Telegram ids of the active coordinators (they stay when a group closes)."""
    stmt = select(Person.telegram_user_id).where(
        Person.role == Role.COORDINATOR, Person.status == PersonStatus.ACTIVE
    )
    return list((await session.execute(stmt)).scalars())


async def is_coordinator(session: AsyncSession, telegram_user_id: int) -> Person | None:
    """Return the active coordinator with this Telegram id, if it is one."""
    stmt = select(Person).where(
        Person.telegram_user_id == telegram_user_id,
        Person.role == Role.COORDINATOR,
        Person.status == PersonStatus.ACTIVE,
    )
    return (await session.execute(stmt)).scalar_one_or_none()
