"""Joining and leaving: invitation, consent per theme, neighbourhoods, activation, /stop."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import dialogue, events
from bot.config import Config, Theme
from bot.erasure import erase
from bot.errors import AlreadyMember, NotACoordinator, StaleAction
from bot.feature import EraseHook
from bot.invites import clean_name, find_redeemable
from storage.models import Person, PersonStatus, Role
from storage.repositories import Audit, Consents, Invites, People

VIA_CHAT = "telegram"
VIA_STOP = "telegram:/stop"


@dataclass(frozen=True, slots=True)
class Onboarding:
    """Where a person stands in the sign-up flow."""

    person: Person
    offered: tuple[Theme, ...]
    granted: frozenset[str]


async def start(
    session: AsyncSession,
    config: Config,
    *,
    now: datetime,
    token: str,
    telegram_user_id: int,
    language: str,
    telegram_name: str | None = None,
) -> Person:
    """Redeem an invite for this Telegram user, or resume an unfinished sign-up."""
    people = People(session)
    person = await people.by_telegram_id(telegram_user_id)
    if person is not None and person.status in (PersonStatus.ACTIVE, PersonStatus.PAUSED):
        raise AlreadyMember
    if person is not None and person.status is PersonStatus.INVITED:
        return person
    # Validate before creating anything: a bad token must leave no trace of the person.
    invite = await find_redeemable(session, token, now)
    if person is None:
        person = Person(
            telegram_user_id=telegram_user_id,
            display_name=clean_name(invite.name),
            language=language,
            status=PersonStatus.INVITED,
            role=invite.role,
            created_at=now,
        )
        people.add(person)
    else:  # rejoining after /stop
        person.status = PersonStatus.INVITED
        person.role = invite.role
        person.display_name = clean_name(invite.name)
        person.left_at = None
        person.joined_at = None  # set again when they complete sign-up
    person.telegram_name = telegram_name
    if invite.language:
        person.language = invite.language
    people.set_neighbourhoods(person, invite.neighbourhoods)
    people.set_tags(person, invite.tags)
    await people.flush()
    invite.used_at = now
    invite.used_by_id = person.id
    Audit(session).record(
        at=now,
        action="invite.redeem",
        actor=None,
        subject=person,
        actor_label="invitee",
        details={"invite_id": invite.id},
    )
    return person


async def onboarding(session: AsyncSession, config: Config, person: Person) -> Onboarding:
    """Return the themes offered to a person and those they consented to."""
    invite = await Invites(session).latest_used_by(person)
    preset = set(invite.themes) if invite and invite.themes else None
    offered = tuple(t for t in config.network.themes if preset is None or t.key in preset)
    granted = frozenset(await Consents(session).granted_themes(person))
    return Onboarding(person, offered, granted)


async def invited_person(session: AsyncSession, telegram_user_id: int) -> Person:
    """Return the person in the middle of signing up, locked, or raise StaleAction."""
    # The row lock makes check-then-append of consent safe across processes (PostgreSQL);
    # SQLite gets the same from BEGIN IMMEDIATE.
    person = await People(session).by_telegram_id(telegram_user_id, for_update=True)
    if person is None or person.status is not PersonStatus.INVITED:
        raise StaleAction
    return person


async def grant(
    session: AsyncSession, config: Config, person: Person, theme: Theme, *, now: datetime
) -> bool:
    """Record consent for a theme; return False if it was already given."""
    consents = Consents(session)
    if theme.key in await consents.granted_themes(person):
        return False
    await consents.record(
        person,
        theme=theme.key,
        notice_version=config.network.privacy_notice.version,
        granted=True,
        at=now,
        via=VIA_CHAT,
    )
    return True


def toggle_neighbourhood(session: AsyncSession, person: Person, wijk: str) -> None:
    """Switch a neighbourhood on or off for a person."""
    current = [n.wijk for n in person.neighbourhoods]
    chosen = [w for w in current if w != wijk] if wijk in current else [*current, wijk]
    People(session).set_neighbourhoods(person, chosen)


async def activate(session: AsyncSession, person: Person, *, now: datetime) -> None:
    """Make a signed-up person an active member; needs at least one consent."""
    if not await Consents(session).granted_themes(person):
        raise StaleAction
    if person.status is not PersonStatus.ACTIVE:
        events.member_joined(person.id)
    person.status = PersonStatus.ACTIVE
    person.joined_at = person.joined_at or now


@dataclass(frozen=True, slots=True)
class Redeemed:
    """Who opened an invitation, for the coordinator who made it to check."""

    person_id: int
    invited_as: str
    telegram_name: str | None
    coordinator: Person | None
    fresh: bool  # just now: not someone coming back to an unfinished sign-up


async def redeemed(session: AsyncSession, person: Person, *, now: datetime) -> Redeemed:
    """Return who made the invitation this person used, and the names to compare."""
    invite = await Invites(session).latest_used_by(person)
    maker = None
    if invite is not None and invite.created_by_id is not None:
        maker = await People(session).by_id(invite.created_by_id)
    fresh = invite is not None and invite.used_at == now
    return Redeemed(person.id, person.display_name, person.telegram_name, maker, fresh)


async def wrong_person(
    session: AsyncSession,
    config: Config,
    coordinator: Person,
    person_id: int,
    *,
    now: datetime,
    stop_hooks: Sequence[LeaveHook],
    erase_hooks: Sequence[EraseHook],
) -> Person:
    """Take back an invitation that the wrong account opened: the account leaves at once and
    is erased, as after /stop. Stale if it is gone already."""
    person = await People(session).by_id(person_id)
    if person is None or person.status is PersonStatus.LEFT or person.telegram_user_id < 0:
        raise StaleAction
    Audit(session).record(at=now, action="invite.wrong_person", actor=coordinator, subject=person)
    await stop(
        session,
        config,
        person,
        now=now,
        hooks=stop_hooks,
        erase_hooks=erase_hooks,
        by="coordinator:wrong person",
    )
    return person


def set_language(person: Person, code: str) -> None:
    """Choose the language the bot speaks with a person."""
    person.language = code


async def change_language(session: AsyncSession, telegram_user_id: int, code: str) -> Person:
    """Set a member's language from their own button; stale if they are gone."""
    person = await People(session).by_telegram_id(telegram_user_id)
    if person is None or person.status is PersonStatus.LEFT:
        raise StaleAction
    set_language(person, code)
    return person


def set_quiet_hours(person: Person, hours: str | None) -> None:
    """Set (or with None clear) the hours in which alerts arrive without sound."""
    person.quiet_hours = hours


LeaveHook = Callable[[AsyncSession, Person, datetime], Awaitable[None]]


async def require_coordinator(session: AsyncSession, telegram_user_id: int) -> Person:
    """Return the active coordinator behind an update, re-checked in this transaction."""
    person = await People(session).by_telegram_id(telegram_user_id)
    if (
        person is None
        or person.role is not Role.COORDINATOR
        or person.status is not PersonStatus.ACTIVE
    ):
        raise NotACoordinator
    return person


async def stop(
    session: AsyncSession,
    config: Config,
    person: Person,
    *,
    now: datetime,
    hooks: Sequence[LeaveHook] = (),
    erase_hooks: Sequence[EraseHook] = (),
    by: str = VIA_STOP,
) -> None:
    """Withdraw every consent, let every feature let go of the person, and erase them: what
    stays is the proof of their consents under a pseudonym (bot.erasure)."""
    consents = Consents(session)
    for theme in sorted(await consents.granted_themes(person)):
        await consents.record(
            person,
            theme=theme,
            notice_version=config.network.privacy_notice.version,
            granted=False,
            at=now,
            via=by,
        )
    person.status = PersonStatus.LEFT
    person.left_at = now
    await dialogue.end(session, person.id)  # whatever their next message would have meant
    # Each feature's own hook: e.g. filed signals lose the reporter's name, seats go.
    for hook in hooks:
        await hook(session, person, now)
    await erase(session, config, person, now=now, hooks=erase_hooks, by=by)
    events.member_left(person.id)


def placeholder_name(telegram_user_id: int) -> str:
    """Return the name a coordinator has until they first talk to the bot."""
    return f"Coordinator {telegram_user_id}"


async def ensure_coordinator(
    session: AsyncSession,
    config: Config,
    *,
    telegram_user_id: int,
    name: str | None,
    now: datetime,
    actor_label: str,
) -> Person:
    """Give a Telegram user the coordinator role, creating them if needed."""
    people = People(session)
    person = await people.by_telegram_id(telegram_user_id)
    if person is None:
        person = Person(
            telegram_user_id=telegram_user_id,
            display_name=clean_name(name or placeholder_name(telegram_user_id)),
            language=config.network.default_language,
            status=PersonStatus.ACTIVE,
            role=Role.COORDINATOR,
            created_at=now,
            joined_at=now,
        )
        people.add(person)
        await people.flush()
    elif person.role is not Role.COORDINATOR or person.status is not PersonStatus.ACTIVE:
        person.role = Role.COORDINATOR
        person.status = PersonStatus.ACTIVE
        person.left_at = None
        person.joined_at = person.joined_at or now
        if name:
            person.display_name = clean_name(name)
    else:
        return person
    Audit(session).record(
        at=now, action="coordinator.add", actor=None, subject=person, actor_label=actor_label
    )
    return person
