"""One person's card for the coordinator (/whois): status, neighbourhoods, themes, last response.

Functions take the caller's session and never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.meeting_models import MeetingInvitee
from storage.models import AlertDelivery, Person, PersonStatus
from storage.repositories import Consents, People
from storage.signal_models import Signal

MAX_CARDS = 5  # more matches than this: the coordinator is asked to type more of the name


@dataclass(frozen=True, slots=True)
class Card:
    """What the coordinator sees about one person."""

    person: Person
    themes: tuple[str, ...]
    last_response: datetime | None


@dataclass(frozen=True, slots=True)
class Found:
    """The cards of the first matches, and how many people matched in all."""

    cards: tuple[Card, ...]
    total: int


async def find(session: AsyncSession, name: str) -> Found:
    """Return the cards of people (not those who left) whose name contains `name`."""
    stmt = (
        select(Person.id)
        .where(Person.status != PersonStatus.LEFT)
        .where(Person.display_name.icontains(name, autoescape=True))
        .order_by(Person.display_name, Person.id)
    )
    ids = (await session.scalars(stmt)).all()
    people = People(session)
    cards = []
    for person_id in ids[:MAX_CARDS]:
        person = await people.by_id(person_id)
        if person is not None:
            themes = tuple(sorted(await Consents(session).granted_themes(person)))
            cards.append(Card(person, themes, await last_response(session, person.id)))
    return Found(tuple(cards), len(ids))


async def last_response(session: AsyncSession, person_id: int) -> datetime | None:
    """Return when the person last answered: acknowledged an alert, RSVP'd or filed a signal."""
    latest: Sequence[datetime | None] = [
        await session.scalar(select(func.max(column)).where(AlertDelivery.person_id == person_id))
        for column in (
            AlertDelivery.acked_at,
            AlertDelivery.passed_on_at,
            AlertDelivery.question_at,
        )
    ]
    latest = [
        *latest,
        await session.scalar(
            select(func.max(MeetingInvitee.rsvp_at)).where(MeetingInvitee.person_id == person_id)
        ),
        await session.scalar(
            select(func.max(Signal.filed_at)).where(Signal.reporter_id == person_id)
        ),
    ]
    moments = [moment for moment in latest if moment is not None]
    return max(moments) if moments else None
