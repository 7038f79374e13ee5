"""The periodic report's figures: anonymous by construction.

Only counts are read, never a Telegram id or a signal's contents; the one text taken over is
network news, which was written to be passed on to the whole network, and even there every
member's name is blanked out. Functions take the caller's session and never commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import service as alerts
from bot.picture import health
from bot.signals.service import FILED_STATES
from storage.models import (
    Alert,
    AlertDelivery,
    AlertKind,
    AlertStatus,
    Invite,
    Person,
    PersonStatus,
    Role,
)
from storage.signal_models import Signal
from storage.workgroup_models import Seat, Workgroup

# A report of more than this many months is refused: the charts have a column per month.
MAX_MONTHS = 36
# What stands in a news text where it named a member.
BLANK = "[…]"
# The median acknowledgement time is taken over at most this many acknowledgements.
MAX_TIMED = 200_000


@dataclass(frozen=True, slots=True)
class Period:
    """The days a report covers, both included, in the network's time zone."""

    first: date
    last: date
    tz: ZoneInfo

    @property
    def since(self) -> datetime:
        """Return the start of the first day."""
        return datetime.combine(self.first, time(), self.tz)

    @property
    def until(self) -> datetime:
        """Return the start of the day after the last."""
        return datetime.combine(self.last + timedelta(days=1), time(), self.tz)

    def months(self) -> tuple[str, ...]:
        """Return the months the period touches, as 'YYYY-MM'."""
        keys, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            keys.append(f"{year:04d}-{month:02d}")
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        return tuple(keys)


@dataclass(frozen=True, slots=True)
class AlertFigures:
    """Alerts sent in the period, their copies, and what recipients did with them."""

    alerts: int
    news: int
    copies: int
    reached: int
    acknowledged: int
    passed_on: int
    questions: int
    median_ack: timedelta | None
    timed: int  # acknowledgements the median is taken over


@dataclass(frozen=True, slots=True)
class WorkgroupFigures:
    """Working groups started and closed in the period, and the seats of those started."""

    started: int
    closed: int
    invited: int
    joined: int


@dataclass(frozen=True, slots=True)
class NewsItem:
    """One piece of network news: what the network achieved, as it was told to everyone."""

    sent_at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class Figures:
    """Everything the report shows; counts only."""

    period: Period
    members: dict[tuple[Role, PersonStatus], int]
    joined: int
    left: int
    months: tuple[str, ...]
    by_theme: dict[str | None, list[int]]
    by_wijk: dict[str | None, list[int]]
    signals: health.SignalFigures
    coverage: health.Coverage
    alerts: AlertFigures
    meetings: health.MeetingFigures
    workgroups: WorkgroupFigures
    news: tuple[NewsItem, ...]


async def signals_per_month(
    session: AsyncSession, period: Period
) -> tuple[dict[str | None, list[int]], dict[str | None, list[int]]]:
    """Count filed signals per month by theme and by neighbourhood."""
    months = period.months()
    index = {key: i for i, key in enumerate(months)}
    stmt = select(Signal.theme, Signal.wijk, Signal.filed_at).where(
        Signal.status.in_(FILED_STATES),
        Signal.filed_at >= period.since,
        Signal.filed_at < period.until,
    )
    themes: dict[str | None, list[int]] = {}
    wijken: dict[str | None, list[int]] = {}
    for theme, wijk, filed_at in (await session.execute(stmt)).all():
        assert filed_at is not None  # the where clause compares it
        local = filed_at.astimezone(period.tz)
        column = index[f"{local.year:04d}-{local.month:02d}"]
        themes.setdefault(theme, [0] * len(months))[column] += 1
        wijken.setdefault(wijk, [0] * len(months))[column] += 1
    return themes, wijken


async def alert_figures(session: AsyncSession, period: Period) -> AlertFigures:
    """Add up the alerts and news sent in the period, from their delivery counts."""
    rows = (
        await session.execute(
            select(Alert.id, Alert.kind).where(
                Alert.kind.in_((AlertKind.ALERT, AlertKind.NEWS)),
                Alert.confirmed_at >= period.since,
                Alert.confirmed_at < period.until,
            )
        )
    ).all()
    copies = reached = acked = passed = questions = 0
    for alert_id, _ in rows:
        counts = await alerts.counts(session, alert_id)
        copies += counts.total
        reached += counts.sent
        acked += counts.acked
        passed += counts.passed_on
        questions += counts.questions
    timed = (
        select(AlertDelivery.sent_at, AlertDelivery.acked_at)
        .join(Alert, Alert.id == AlertDelivery.alert_id)
        .where(
            Alert.kind == AlertKind.ALERT,
            Alert.confirmed_at >= period.since,
            Alert.confirmed_at < period.until,
            AlertDelivery.sent_at.is_not(None),
            AlertDelivery.acked_at.is_not(None),
        )
        .limit(MAX_TIMED)
    )
    waits = [
        acked - sent
        for sent, acked in (await session.execute(timed)).all()
        if sent is not None and acked is not None and acked >= sent
    ]
    return AlertFigures(
        alerts=sum(1 for _, kind in rows if kind is AlertKind.ALERT),
        news=sum(1 for _, kind in rows if kind is AlertKind.NEWS),
        copies=copies,
        reached=reached,
        acknowledged=acked,
        passed_on=passed,
        questions=questions,
        median_ack=health.median(waits),
        timed=len(waits),
    )


async def workgroup_figures(session: AsyncSession, period: Period) -> WorkgroupFigures:
    """Count working groups started and closed in the period, and the seats of those started."""
    started = Workgroup.created_at.between(period.since, period.until)
    closed = Workgroup.closed_at.between(period.since, period.until)
    seats = (
        select(func.count(Seat.id), func.count(Seat.joined_at))
        .join(Workgroup, Workgroup.id == Seat.workgroup_id)
        .where(started)
    )
    invited, joined = (await session.execute(seats)).one()
    return WorkgroupFigures(
        started=int(await session.scalar(select(func.count()).where(started)) or 0),
        closed=int(await session.scalar(select(func.count()).where(closed)) or 0),
        invited=int(invited or 0),
        joined=int(joined or 0),
    )


async def news(session: AsyncSession, period: Period, language: str) -> tuple[NewsItem, ...]:
    """Return the network news of the period, in `language` where it was written in it."""
    rows = (
        await session.execute(
            select(Alert.confirmed_at, Alert.texts)
            .where(
                Alert.kind == AlertKind.NEWS,
                Alert.status.not_in((AlertStatus.CANCELLED, AlertStatus.RETRACTED)),
                Alert.retracted_at.is_(None),
                Alert.confirmed_at >= period.since,
                Alert.confirmed_at < period.until,
            )
            .order_by(Alert.confirmed_at)
        )
    ).all()
    names = await _names(session) if rows else None
    return tuple(
        NewsItem(at, _blank(texts.get(language) or next(iter(texts.values()), ""), names))
        for at, texts in rows
        if at is not None and texts
    )


async def _names(session: AsyncSession) -> re.Pattern[str] | None:
    """Return a pattern matching every name, or part of a name, a member is known by."""
    # Members, and the names on invitations and guest seats: everyone the bot has a name for.
    rows = [
        *(await session.execute(select(Person.display_name, Person.telegram_name))).all(),
        *(await session.execute(select(Invite.name))).all(),
        *(await session.execute(select(Seat.guest_name))).all(),
    ]
    # Whole names, and each part of three letters or more: "Fatima" as well as "Fatima Yilmaz".
    whole = {name.strip() for row in rows for name in row if name and name.strip()}
    names = whole | {part for name in whole for part in name.split() if len(part) >= 3}
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _blank(text: str, names: re.Pattern[str] | None) -> str:
    """Blank out members' names in a news text: the report names nobody."""
    return names.sub(BLANK, text) if names is not None else text


async def figures(
    session: AsyncSession,
    period: Period,
    *,
    wijken: tuple[str, ...],
    themes: tuple[str, ...],
    language: str,
) -> Figures:
    """Gather the report's figures for a period."""
    joined = await session.scalar(
        select(func.count()).where(
            Person.joined_at >= period.since, Person.joined_at < period.until
        )
    )
    left = await session.scalar(
        select(func.count()).where(Person.left_at >= period.since, Person.left_at < period.until)
    )
    by_theme, by_wijk = await signals_per_month(session, period)
    return Figures(
        period=period,
        members=await health.members(session),
        joined=int(joined or 0),
        left=int(left or 0),
        months=period.months(),
        by_theme=by_theme,
        by_wijk=by_wijk,
        signals=await health.signal_figures(session, since=period.since, until=period.until),
        coverage=await health.coverage(session, wijken, themes),
        alerts=await alert_figures(session, period),
        meetings=await health.meeting_figures(session, since=period.since, until=period.until),
        workgroups=await workgroup_figures(session, period),
        news=await news(session, period, language),
    )
