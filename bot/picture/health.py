"""The network's health in numbers (/network): who is there, who answers, what is covered.

Functions take the caller's session and never commit. Every query is an aggregate or a
bounded list, so /network stays fast however large the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.audience import RECIPIENT_ROLES
from bot.signals.service import FILED_STATES
from storage.meeting_models import Meeting, MeetingInvitee, MeetingStatus, Rsvp
from storage.models import (
    Alert,
    AlertDelivery,
    AlertKind,
    ConsentEvent,
    Person,
    PersonNeighbourhood,
    PersonStatus,
    Role,
)
from storage.signal_models import EntryRole, Signal, SignalEntry

# Members without any response for this long are "quiet" (the source interview: keep warm).
QUIET_AFTER = timedelta(days=91)
# The acknowledgement times shown are those of the last this many alerts.
RECENT_ALERTS = 10


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many active members work on each theme in each neighbourhood."""

    wijken: tuple[str, ...]
    themes: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # counts[wijk][theme]

    def empty(self) -> list[tuple[str, str]]:
        """Return the (neighbourhood, theme) pairs nobody active works on."""
        return [
            (wijk, theme)
            for row, wijk in zip(self.counts, self.wijken, strict=True)
            for count, theme in zip(row, self.themes, strict=True)
            if count == 0
        ]


@dataclass(frozen=True, slots=True)
class Quiet:
    """A member who has not responded for a long time (or never)."""

    person_id: int
    name: str
    last_response: datetime | None


@dataclass(frozen=True, slots=True)
class AckTime:
    """How fast one alert was acknowledged: the median, and how many of those sent did."""

    alert_id: int
    sent_at: datetime | None
    sent: int
    acknowledged: int
    median: timedelta | None


@dataclass(frozen=True, slots=True)
class SignalFigures:
    """Signals filed in a period, how many got an answer, and how fast the first came."""

    filed: int
    answered: int
    median_first_answer: timedelta | None


@dataclass(frozen=True, slots=True)
class MeetingFigures:
    """Meetings held in a period, and who was invited, said yes and came (where registered)."""

    held: int
    invited: int
    said_yes: int
    attended: int
    registered: int  # meetings whose attendance was registered


@dataclass(frozen=True, slots=True)
class Health:
    """Everything /network shows."""

    members: dict[tuple[Role, PersonStatus], int]
    coverage: Coverage
    quiet: tuple[Quiet, ...]
    ack_times: tuple[AckTime, ...]
    signals: SignalFigures
    meetings: MeetingFigures


def median(values: Sequence[timedelta]) -> timedelta | None:
    """Return the median of some durations (None for none)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


async def members(session: AsyncSession) -> dict[tuple[Role, PersonStatus], int]:
    """Count people by role and status."""
    stmt = select(Person.role, Person.status, func.count()).group_by(Person.role, Person.status)
    return {(role, status): int(n) for role, status, n in (await session.execute(stmt)).all()}


def _active_recipients() -> ColumnElement[bool]:
    return and_(Person.status == PersonStatus.ACTIVE, Person.role.in_(RECIPIENT_ROLES))


async def coverage(session: AsyncSession, wijken: Sequence[str], themes: Sequence[str]) -> Coverage:
    """Count active key persons and contacts per neighbourhood and consented theme."""
    stmt = (
        select(PersonNeighbourhood.wijk, ConsentEvent.theme, func.count(Person.id.distinct()))
        .join(Person, Person.id == PersonNeighbourhood.person_id)
        .join(ConsentEvent, ConsentEvent.person_id == Person.id)
        .where(_active_recipients(), ConsentEvent.latest.is_(True), ConsentEvent.granted)
        .group_by(PersonNeighbourhood.wijk, ConsentEvent.theme)
    )
    found = {(wijk, theme): int(n) for wijk, theme, n in (await session.execute(stmt)).all()}
    counts = tuple(tuple(found.get((w, t), 0) for t in themes) for w in wijken)
    return Coverage(tuple(wijken), tuple(themes), counts)


def _responded_since(since: datetime) -> ColumnElement[bool]:
    """Whether the person acknowledged, answered an invitation or filed a signal since then."""
    delivery = select(AlertDelivery.id).where(
        AlertDelivery.person_id == Person.id,
        or_(
            AlertDelivery.acked_at >= since,
            AlertDelivery.passed_on_at >= since,
            AlertDelivery.question_at >= since,
        ),
    )
    rsvp = select(MeetingInvitee.person_id).where(
        MeetingInvitee.person_id == Person.id, MeetingInvitee.rsvp_at >= since
    )
    signal = select(Signal.id).where(Signal.reporter_id == Person.id, Signal.filed_at >= since)
    return or_(exists(delivery), exists(rsvp), exists(signal))


async def quiet(session: AsyncSession, *, now: datetime) -> tuple[Quiet, ...]:
    """Return active members, there for longer than QUIET_AFTER, who have not responded since."""
    since = now - QUIET_AFTER
    joined = func.coalesce(Person.joined_at, Person.created_at)
    stmt = (
        select(Person.id, Person.display_name)
        .where(_active_recipients(), joined <= since, ~_responded_since(since))
        .order_by(Person.display_name, Person.id)
    )
    rows = (await session.execute(stmt)).all()
    last = await _last_responses(session, [row.id for row in rows])
    return tuple(Quiet(row.id, row.display_name, last.get(row.id)) for row in rows)


async def _last_responses(session: AsyncSession, ids: Sequence[int]) -> dict[int, datetime]:
    """Return each person's last response of any kind, where they ever responded."""
    if not ids:
        return {}
    found: dict[int, datetime] = {}
    queries = [
        select(AlertDelivery.person_id, func.max(column))
        .where(AlertDelivery.person_id.in_(ids))
        .group_by(AlertDelivery.person_id)
        for column in (
            AlertDelivery.acked_at,
            AlertDelivery.passed_on_at,
            AlertDelivery.question_at,
        )
    ]
    queries.append(
        select(MeetingInvitee.person_id, func.max(MeetingInvitee.rsvp_at))
        .where(MeetingInvitee.person_id.in_(ids))
        .group_by(MeetingInvitee.person_id)
    )
    queries.append(
        select(Signal.reporter_id, func.max(Signal.filed_at))
        .where(Signal.reporter_id.in_(ids))
        .group_by(Signal.reporter_id)
    )
    for query in queries:
        for person_id, moment in (await session.execute(query)).all():
            if person_id is not None and moment is not None:
                found[person_id] = max(found.get(person_id, moment), moment)
    return found


async def ack_times(
    session: AsyncSession,
    *,
    limit: int = RECENT_ALERTS,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[AckTime, ...]:
    """Return the acknowledgement figures of the last `limit` alerts sent (in [since, until),
    if given), oldest first."""
    stmt = select(Alert.id, Alert.confirmed_at).where(
        Alert.kind == AlertKind.ALERT, Alert.confirmed_at.is_not(None)
    )
    if since is not None:
        stmt = stmt.where(Alert.confirmed_at >= since)
    if until is not None:
        stmt = stmt.where(Alert.confirmed_at < until)
    order = (Alert.confirmed_at.desc(), Alert.id.desc())
    alerts = (await session.execute(stmt.order_by(*order).limit(limit))).all()
    figures = []
    for alert_id, confirmed_at in reversed(alerts):
        rows = (
            await session.execute(
                select(AlertDelivery.sent_at, AlertDelivery.acked_at).where(
                    AlertDelivery.alert_id == alert_id, AlertDelivery.sent_at.is_not(None)
                )
            )
        ).all()
        waits = [acked - sent for sent, acked in rows if sent and acked and acked >= sent]
        figures.append(AckTime(alert_id, confirmed_at, len(rows), len(waits), median(waits)))
    return tuple(figures)


async def signal_figures(
    session: AsyncSession, *, since: datetime, until: datetime
) -> SignalFigures:
    """Count signals filed in [since, until), those answered, and the median first answer."""
    first_reply = (
        select(SignalEntry.signal_id, func.min(SignalEntry.created_at).label("at"))
        .where(SignalEntry.role == EntryRole.REPLY)
        .group_by(SignalEntry.signal_id)
        .subquery()
    )
    stmt = (
        select(Signal.filed_at, first_reply.c.at)
        .outerjoin(first_reply, first_reply.c.signal_id == Signal.id)
        .where(Signal.status.in_(FILED_STATES), Signal.filed_at >= since, Signal.filed_at < until)
    )
    rows = (await session.execute(stmt)).all()
    waits = [at - filed for filed, at in rows if at is not None and filed is not None]
    return SignalFigures(len(rows), len(waits), median(waits))


async def meeting_figures(
    session: AsyncSession, *, since: datetime, until: datetime
) -> MeetingFigures:
    """Count the meetings held in [since, until) and their invitees, yeses and attendance."""
    held = and_(
        Meeting.status == MeetingStatus.PLANNED,
        Meeting.starts_at >= since,
        Meeting.starts_at < until,
    )
    stmt = (
        select(
            func.count(Meeting.id.distinct()),
            func.count(MeetingInvitee.person_id),
            func.count(MeetingInvitee.person_id).filter(MeetingInvitee.rsvp == Rsvp.YES),
            func.count(MeetingInvitee.person_id).filter(MeetingInvitee.attended.is_(True)),
            func.count(Meeting.id.distinct()).filter(MeetingInvitee.attended.is_not(None)),
        )
        .select_from(Meeting)
        .outerjoin(MeetingInvitee, MeetingInvitee.meeting_id == Meeting.id)
        .where(held)
    )
    row = (await session.execute(stmt)).one()
    return MeetingFigures(*(int(value or 0) for value in row))


async def health(
    session: AsyncSession,
    *,
    now: datetime,
    wijken: Sequence[str],
    themes: Sequence[str],
) -> Health:
    """Gather everything /network shows; signals and meetings over the last QUIET_AFTER."""
    since = now - QUIET_AFTER
    return Health(
        members=await members(session),
        coverage=await coverage(session, wijken, themes),
        quiet=await quiet(session, now=now),
        ack_times=await ack_times(session),
        signals=await signal_figures(session, since=since, until=now),
        meetings=await meeting_figures(session, since=since, until=now),
    )
