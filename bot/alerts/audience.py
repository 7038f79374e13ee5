"""Who an alert goes to: everyone, by neighbourhood, theme, tag, or named people."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ConsentEvent,
    Person,
    PersonNeighbourhood,
    PersonStatus,
    PersonTag,
    Role,
)

RECIPIENT_ROLES = (Role.KEY_PERSON, Role.BACKGROUND_CONTACT)


class AudienceKind(enum.StrEnum):
    """How the recipients of an alert are chosen."""

    ALL = "all"
    WIJK = "wijk"
    THEME = "theme"
    TAG = "tag"
    PEOPLE = "people"
    # Notes for the coordinators themselves (meeting attendee lists, nudges): never members.
    COORDINATORS = "coordinators"


@dataclass(frozen=True, slots=True)
class Audience:
    """A choice of recipients; values are wijk names, theme keys, tags or person ids."""

    kind: AudienceKind
    values: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the form stored on the alert."""
        return {"kind": self.kind.value, "values": list(self.values)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Audience:
        """Read the stored form back; an empty or unknown form means nobody yet."""
        try:
            kind = AudienceKind(data.get("kind", ""))
        except ValueError:
            return cls(AudienceKind.PEOPLE, ())
        return cls(kind, tuple(str(v) for v in data.get("values", ())))

    @property
    def theme(self) -> str | None:
        """Return the theme whose consent is required, if the audience is by theme."""
        return self.values[0] if self.kind is AudienceKind.THEME and self.values else None


def recipients_query(audience: Audience, among: Sequence[int] | None = None) -> Select[Person]:
    """Select active, reachable, consenting people the audience names (never coordinators,
    unless the audience is the coordinators themselves); only `among` these ids, if given.

    Consent, neighbourhood and tag are correlated EXISTS probes into their indexes: a chunk of
    the first 500 of 10,000 takes 2.5 ms instead of 8 ms for IN-lists of everyone."""
    stmt = _recipients(audience)
    return stmt if among is None else stmt.where(Person.id.in_(among))


def _recipients(audience: Audience) -> Select[Person]:
    if audience.kind is AudienceKind.COORDINATORS:
        return (
            select(Person)
            .where(
                Person.status == PersonStatus.ACTIVE,
                Person.role == Role.COORDINATOR,
                Person.unreachable_at.is_(None),
            )
            .order_by(Person.id)
        )
    stmt = (
        select(Person)
        .where(
            Person.status == PersonStatus.ACTIVE,
            Person.role.in_(RECIPIENT_ROLES),
            Person.unreachable_at.is_(None),
        )
        .order_by(Person.id)
    )
    if audience.kind is AudienceKind.THEME:
        # Only people whose latest decision on this theme is a grant ever receive it.
        if len(audience.values) != 1:
            return stmt.where(Person.id.is_(None))
        return stmt.where(_consents(audience.values[0]))
    stmt = stmt.where(_consents(None))
    if audience.kind is AudienceKind.WIJK:
        lives = select(PersonNeighbourhood.person_id).where(
            PersonNeighbourhood.person_id == Person.id,
            PersonNeighbourhood.wijk.in_(audience.values),
        )
        stmt = stmt.where(lives.exists())
    elif audience.kind is AudienceKind.TAG:
        tagged = select(PersonTag.person_id).where(
            PersonTag.person_id == Person.id, PersonTag.tag.in_(audience.values)
        )
        stmt = stmt.where(tagged.exists())
    elif audience.kind is AudienceKind.PEOPLE:
        ids = [int(v) for v in audience.values if v.isascii() and v.isdigit()]
        stmt = stmt.where(Person.id.in_(ids))
    return stmt


def _consents(theme: str | None) -> ColumnElement[bool]:
    """Whether the person's latest decision on `theme` (on any theme, if None) is a grant."""
    granted = select(ConsentEvent.id).where(
        ConsentEvent.person_id == Person.id,
        ConsentEvent.latest.is_(True),
        ConsentEvent.granted.is_(True),
    )
    if theme is not None:
        granted = granted.where(ConsentEvent.theme == theme)
    return granted.exists()


async def size(
    session: AsyncSession,
    audience: Audience,
    *,
    joined_by: datetime | None = None,
    after: int | None = None,
) -> int:
    """Return how many people an alert to this audience goes to right now (only those who
    had joined by `joined_by`, and whose id comes after `after`, if given)."""
    stmt = recipients_query(audience).with_only_columns(Person.id).order_by(None)
    if after is not None:
        stmt = stmt.where(Person.id > after)
    if joined_by is not None:
        stmt = stmt.where(func.coalesce(Person.joined_at, Person.created_at) <= joined_by)
    return int(await session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


async def languages(session: AsyncSession, audience: Audience) -> dict[str, int]:
    """Return how many of the audience read each language, most readers first."""
    people = recipients_query(audience).with_only_columns(Person.language).order_by(None)
    rows = people.subquery()
    stmt = select(rows.c.language, func.count()).group_by(rows.c.language)
    counts = {language: int(n) for language, n in (await session.execute(stmt)).all()}
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def read_as(
    readers: Mapping[str, int], texts: Iterable[str], default_language: str
) -> dict[str, int]:
    """Return how many recipients get the text in each language: their own where the alert has
    it, else the default language (else the first text, as the sender does)."""
    written = list(texts)
    if not written:
        return dict(readers)
    fallback = default_language if default_language in written else written[0]
    got: dict[str, int] = {}
    for language, count in readers.items():
        shown = language if language in written else fallback
        got[shown] = got.get(shown, 0) + count
    return dict(sorted(got.items(), key=lambda item: (-item[1], item[0])))


async def anyone(session: AsyncSession, audience: Audience) -> bool:
    """Tell whether an alert to this audience would reach anybody right now (one probe)."""
    first = recipients_query(audience).with_only_columns(Person.id).order_by(None).limit(1)
    return await session.scalar(first) is not None


async def resolve(session: AsyncSession, audience: Audience) -> Sequence[Person]:
    """Return the people an alert to this audience goes to right now."""
    return (await session.scalars(recipients_query(audience))).all()


def parse_audience(text: str, *, neighbourhoods: Sequence[str], themes: Sequence[str]) -> Audience:
    """Parse 'all', 'wijk:A,B', 'theme:key', 'tag:x,y' or 'people:3,4'; ValueError says why."""
    kind_text, _, rest = text.strip().partition(":")
    try:
        kind = AudienceKind(kind_text.strip().lower())
    except ValueError:
        msg = f"unknown audience {text!r}: use all, wijk:NAME[,NAME], theme:KEY, tag:TAG, people:ID"
        raise ValueError(msg) from None
    values = tuple(v.strip() for v in rest.split(",") if v.strip())
    if kind is AudienceKind.ALL:
        return Audience(kind)
    if not values:
        msg = f"audience {kind.value} needs values, e.g. {kind.value}:..."
        raise ValueError(msg)
    if kind is AudienceKind.WIJK:
        unknown = [v for v in values if v not in neighbourhoods]
        if unknown:
            msg = f"unknown neighbourhood {unknown[0]!r} (known: {', '.join(neighbourhoods)})"
            raise ValueError(msg)
    if kind is AudienceKind.THEME and (len(values) != 1 or values[0] not in themes):
        msg = f"theme audience needs one known theme (known: {', '.join(themes)})"
        raise ValueError(msg)
    if kind is AudienceKind.PEOPLE and not all(v.isascii() and v.isdigit() for v in values):
        msg = "people: takes Telegram user ids, as 'sleutelnet people list' shows them"
        raise ValueError(msg)
    return Audience(kind, values)
