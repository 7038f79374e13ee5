"""Repositories: queries over one session; the caller owns the transaction and commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import (
    AuditEntry,
    ConsentEvent,
    Invite,
    Person,
    PersonNeighbourhood,
    PersonStatus,
    PersonTag,
    Role,
)

S = TypeVar("S", bound=Select[Any])  # a statement about people


@dataclass(frozen=True, slots=True)
class PeopleFilter:
    """Which people a coordinator wants to see; None means 'any'."""

    status: PersonStatus | None = None
    role: Role | None = None
    wijk: str | None = None
    theme: str | None = None
    hide_left: bool = False


class People:
    """People in the network."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_telegram_id(
        self, telegram_user_id: int, *, for_update: bool = False
    ) -> Person | None:
        """Return the person with this Telegram user id, details loaded, optionally locked."""
        stmt = _with_details(select(Person)).where(Person.telegram_user_id == telegram_user_id)
        if for_update:
            stmt = stmt.with_for_update(of=Person)
        return (await self.session.scalars(stmt)).one_or_none()

    async def by_id(self, person_id: int) -> Person | None:
        """Return the person with this id, details loaded."""
        stmt = _with_details(select(Person)).where(Person.id == person_id)
        return (await self.session.scalars(stmt)).one_or_none()

    async def name_of(self, person_id: int | None) -> str | None:
        """Return a person's display name, or None if there is no such person (any more)."""
        if person_id is None:
            return None
        stmt = select(Person.display_name).where(Person.id == person_id)
        name: str | None = await self.session.scalar(stmt)
        return name

    def add(self, person: Person) -> None:
        """Stage a new person."""
        self.session.add(person)

    async def flush(self) -> None:
        """Send pending changes so generated ids are known (no commit)."""
        await self.session.flush()

    async def find(
        self, where: PeopleFilter, *, offset: int = 0, limit: int | None = None
    ) -> Sequence[Person]:
        """Return people matching the filter, ordered by name (a page of them, if asked);
        erased people (only a pseudonym kept as proof of consent, a negative id) are nobody
        to list."""
        stmt = _filtered(_with_details(select(Person)), where)
        stmt = stmt.order_by(Person.display_name, Person.id).offset(offset).limit(limit)
        return (await self.session.scalars(stmt)).all()

    async def count(self, where: PeopleFilter) -> int:
        """Return how many people match the filter."""
        stmt = _filtered(select(func.count(Person.id)), where)
        return int(await self.session.scalar(stmt) or 0)

    async def update_fields(self, person_id: int, **values: Any) -> None:
        """Write a few columns of one person without loading them (the access gate's writes)."""
        await self.session.execute(update(Person).where(Person.id == person_id).values(**values))

    def set_neighbourhoods(self, person: Person, wijken: Iterable[str]) -> None:
        """Replace a person's neighbourhoods."""
        person.neighbourhoods = [PersonNeighbourhood(wijk=w) for w in dict.fromkeys(wijken)]

    def set_tags(self, person: Person, tags: Iterable[str]) -> None:
        """Replace a person's free tags."""
        person.tags = [PersonTag(tag=t) for t in dict.fromkeys(tags)]


def _filtered(stmt: S, where: PeopleFilter) -> S:
    """Add a PeopleFilter's conditions to a statement about people."""
    stmt = stmt.where(Person.telegram_user_id > 0)
    if where.status is not None:
        stmt = stmt.where(Person.status == where.status)
    if where.hide_left:
        stmt = stmt.where(Person.status != PersonStatus.LEFT)
    if where.role is not None:
        stmt = stmt.where(Person.role == where.role)
    if where.wijk is not None:
        stmt = stmt.where(
            Person.id.in_(
                select(PersonNeighbourhood.person_id).where(PersonNeighbourhood.wijk == where.wijk)
            )
        )
    if where.theme is not None:
        stmt = stmt.where(Person.id.in_(consenting_people(where.theme)))
    return stmt


def _with_details(stmt: Select[Person]) -> Select[Person]:
    return stmt.options(selectinload(Person.neighbourhoods), selectinload(Person.tags))


def consenting_people(theme: str) -> Select[int]:
    """Select ids of people whose latest decision on `theme` is a grant."""
    return select(ConsentEvent.person_id).where(
        ConsentEvent.theme == theme, ConsentEvent.latest.is_(True), ConsentEvent.granted.is_(True)
    )


class Consents:
    """The append-only consent record."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        person: Person,
        *,
        theme: str,
        notice_version: str,
        granted: bool,
        at: datetime,
        via: str,
    ) -> ConsentEvent:
        """Append one consent decision, which becomes the latest on its theme."""
        await self.session.execute(
            update(ConsentEvent)
            .where(
                ConsentEvent.person_id == person.id,
                ConsentEvent.theme == theme,
                ConsentEvent.latest.is_(True),
            )
            .values(latest=False)
            .execution_options(synchronize_session=False)
        )
        event = ConsentEvent(
            person_id=person.id,
            theme=theme,
            notice_version=notice_version,
            granted=granted,
            at=at,
            via=via,
            latest=True,
        )
        self.session.add(event)
        return event

    async def history(self, person: Person) -> Sequence[ConsentEvent]:
        """Return every consent decision of a person, oldest first."""
        stmt = (
            select(ConsentEvent)
            .where(ConsentEvent.person_id == person.id)
            .order_by(ConsentEvent.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def current(self, person: Person) -> dict[str, ConsentEvent]:
        """Return the latest decision per theme for a person."""
        latest: dict[str, ConsentEvent] = {}
        for event in await self.history(person):
            latest[event.theme] = event
        return latest

    async def granted_themes(self, person: Person) -> set[str]:
        """Return the themes a person currently consents to."""
        return {theme for theme, event in (await self.current(person)).items() if event.granted}

    async def granted_themes_of(self, person_ids: Sequence[int]) -> dict[int, set[str]]:
        """Return the themes each of these people currently consents to, in one query (a
        listing of thousands asks once, not once per person)."""
        granted: dict[int, set[str]] = {pid: set() for pid in person_ids}
        for chunk in _chunks(list(person_ids)):
            rows = await self.session.execute(
                select(ConsentEvent.person_id, ConsentEvent.theme).where(
                    ConsentEvent.person_id.in_(chunk),
                    ConsentEvent.latest.is_(True),
                    ConsentEvent.granted.is_(True),
                )
            )
            for person_id, theme in rows.all():
                granted[person_id].add(theme)
        return granted


def _chunks(ids: list[int], size: int = 1000) -> list[list[int]]:
    """Split ids into lists small enough for one IN (...) on every database."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]


class Invites:
    """Invitations, looked up only by the hash of their token."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, invite: Invite) -> None:
        """Stage a new invite."""
        self.session.add(invite)

    async def by_token_hash(self, token_hash: str) -> Invite | None:
        """Return the invite with this token hash, locked for update where supported."""
        stmt = select(Invite).where(Invite.token_hash == token_hash).with_for_update()
        return (await self.session.scalars(stmt)).one_or_none()

    async def by_id(self, invite_id: int) -> Invite | None:
        """Return an invite by id."""
        return await self.session.get(Invite, invite_id)

    async def latest_used_by(self, person: Person) -> Invite | None:
        """Return the invite a person joined with most recently."""
        stmt = (
            select(Invite)
            .where(Invite.used_by_id == person.id)
            .order_by(Invite.used_at.desc(), Invite.id.desc())
            .limit(1)
        )
        return (await self.session.scalars(stmt)).one_or_none()


class Audit:
    """The coordinators' audit log: actions, never message contents."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def record(
        self,
        *,
        at: datetime,
        action: str,
        actor: Person | None,
        subject: Person | None = None,
        actor_label: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> AuditEntry:
        """Append one audit entry."""
        entry = AuditEntry(
            at=at,
            action=action,
            actor_id=actor.id if actor else None,
            actor_label=actor_label or (f"person:{actor.id}" if actor else "system"),
            subject_id=subject.id if subject else None,
            details=details or {},
        )
        self.session.add(entry)
        return entry

    async def entries(self, action: str | None = None) -> Sequence[AuditEntry]:
        """Return audit entries, oldest first, optionally of one action."""
        stmt = select(AuditEntry).order_by(AuditEntry.id)
        if action is not None:
            stmt = stmt.where(AuditEntry.action == action)
        return (await self.session.scalars(stmt)).all()
