"""Meetings as a domain: plan (invitations through the alert outbox), answer, move, cancel,
and the reminder rows that say what is due when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import dialogue, events
from bot.alerts import service as alerts
from bot.alerts.audience import Audience, AudienceKind, recipients_query
from bot.config import Config
from bot.errors import AlertAudienceEmpty, MeetingClosed, MeetingNotInvited, StaleAction
from bot.i18n import Translator
from bot.meetings import texts
from bot.meetings.calendar import event_ics, ics_filename
from bot.meetings.when import next_start
from storage.meeting_models import (
    Meeting,
    MeetingInvitee,
    MeetingReminder,
    MeetingStatus,
    ReminderKind,
    ReminderState,
    Rsvp,
)
from storage.models import (
    Alert,
    AlertKind,
    Person,
)
from storage.repositories import Audit

# Steps of the coordinator's meeting dialogue (ref_id = the meeting): planning a draft, and
# moving a planned meeting ("move": the next text is its new start).
TITLE, START, END, PLACE, AGENDA, AUDIENCE, REPEAT, RRULE, PREVIEW = (
    "title", "start", "end", "place", "agenda", "audience", "repeat", "rrule", "preview",
)  # fmt: skip
TEXT_STEPS = frozenset({TITLE, START, END, PLACE, AGENDA, RRULE})
MOVE = "move"


@dataclass(frozen=True, slots=True)
class Counts:
    """Answers so far."""

    invited: int = 0
    yes: int = 0
    no: int = 0
    maybe: int = 0


async def get(session: AsyncSession, number: int, *, for_update: bool = False) -> Meeting:
    """Return a meeting by number, or raise StaleAction."""
    stmt = select(Meeting).where(Meeting.id == number)
    if for_update:
        stmt = stmt.with_for_update()
    meeting = (await session.execute(stmt)).scalar_one_or_none()
    if meeting is None:
        raise StaleAction
    return meeting


async def draft_of(session: AsyncSession, coordinator: Person) -> Meeting | None:
    """Return the coordinator's meeting being planned, if any."""
    stmt = select(Meeting).where(
        Meeting.created_by_id == coordinator.id, Meeting.status == MeetingStatus.DRAFT
    )
    return (await session.execute(stmt.order_by(Meeting.id.desc()).limit(1))).scalar_one_or_none()


async def new_draft(session: AsyncSession, coordinator: Person, *, now: datetime) -> Meeting:
    """Start planning a meeting (any earlier unfinished plan is dropped)."""
    earlier = await draft_of(session, coordinator)
    if earlier is not None:
        await session.delete(earlier)
    meeting = Meeting(
        created_by_id=coordinator.id,
        created_at=now,
        status=MeetingStatus.DRAFT,
        audience=Audience(AudienceKind.ALL).to_json(),
        sequence=0,
    )
    session.add(meeting)
    await session.flush()
    return meeting


async def start_planning(session: AsyncSession, coordinator: Person, *, now: datetime) -> Meeting:
    """Start the planning dialogue (/meeting) on a new draft; it asks for the title first."""
    meeting = await new_draft(session, coordinator, now=now)
    await go_to(session, coordinator, meeting, TITLE, now=now)
    return meeting


async def go_to(
    session: AsyncSession, coordinator: Person, meeting: Meeting, step: str, *, now: datetime
) -> None:
    """Put the meeting at `step` of the coordinator's dialogue (planning, or 'move')."""
    await dialogue.start(session, coordinator.id, dialogue.MEETINGS, step, meeting.id, now=now)


async def step_of(
    session: AsyncSession, coordinator: Person, meeting: Meeting, *, now: datetime
) -> str | None:
    """Return where the coordinator's dialogue about this meeting stands; None if not in it."""
    return await dialogue.step_of(session, coordinator.id, dialogue.MEETINGS, meeting.id, now=now)


async def drop_draft(session: AsyncSession, coordinator: Person, meeting: Meeting) -> None:
    """Drop a meeting being planned, and the dialogue about it."""
    await dialogue.end(session, coordinator.id, dialogue.MEETINGS, meeting.id)
    await session.delete(meeting)


def _texts(meeting: Meeting, t: Translator, config: Config, key: str) -> dict[str, str]:
    return {lang: texts.message(meeting, t, config, lang, key) for lang in t.languages}


def _attachment(meeting: Meeting, config: Config, *, now: datetime) -> tuple[str, str]:
    assert meeting.starts_at is not None and meeting.ends_at is not None
    data = event_ics(
        uid=f"meeting-{meeting.series_id or meeting.id}-{meeting.id}@sleutelnet",
        sequence=meeting.sequence,
        title=meeting.title,
        starts=meeting.starts_at,
        ends=meeting.ends_at,
        tz=config.network.timezone,
        created=now,
        location=meeting.location,
        geo=(meeting.latitude, meeting.longitude)
        if meeting.latitude is not None and meeting.longitude is not None
        else None,
        description=meeting.agenda,
        cancelled=meeting.status is MeetingStatus.CANCELLED,
        organizer=config.network.name,
    )
    return data.decode("utf-8"), ics_filename(meeting.title)


async def queue(
    session: AsyncSession,
    meeting: Meeting,
    coordinator: Person,
    kind: AlertKind,
    audience: Audience,
    key: str,
    deps: tuple[Translator, Config],
    *,
    now: datetime,
) -> tuple[Alert, int]:
    """Queue one meeting message in the alert outbox; return it and how many it reaches."""
    t, config = deps
    alert = await alerts.blank_alert(session, coordinator, now=now)
    alert.kind = kind
    alert.meeting_id = meeting.id
    alert.texts = _texts(meeting, t, config, key)
    alert.audience = audience.to_json()
    alert.silent = kind is AlertKind.NOTE
    if kind in (AlertKind.INVITATION, AlertKind.UPDATE, AlertKind.CANCELLATION):
        alert.attachment, alert.attachment_name = _attachment(meeting, config, now=now)
    try:
        count = await alerts.confirm(session, alert, coordinator, now=now)
    except AlertAudienceEmpty:
        await session.delete(alert)
        return alert, 0
    events.meeting_queued(meeting.id, kind.value, count)
    return alert, count


async def plan(
    session: AsyncSession,
    meeting: Meeting,
    coordinator: Person,
    deps: tuple[Translator, Config],
    *,
    now: datetime,
) -> int:
    """Send the invitations and write the reminder rows; return how many were invited."""
    if meeting.status is not MeetingStatus.DRAFT:
        raise StaleAction
    if meeting.starts_at is None or meeting.ends_at is None or not meeting.title:
        raise StaleAction
    if meeting.starts_at <= now:
        raise MeetingClosed(number=meeting.id)
    meeting.status = MeetingStatus.PLANNED
    await dialogue.end(session, coordinator.id, dialogue.MEETINGS, meeting.id)
    audience = Audience.from_json(meeting.audience)
    _, count = await queue(
        session,
        meeting,
        coordinator,
        AlertKind.INVITATION,
        audience,
        "meeting_invitation",
        deps,
        now=now,
    )
    if count:
        # Everyone the invitation goes to, not only the copies written so far: a big
        # audience's copies are written in chunks (bot.alerts.service.queue_more).
        invited = recipients_query(audience).with_only_columns(literal(meeting.id), Person.id)
        await session.execute(
            insert(MeetingInvitee).from_select(
                [MeetingInvitee.meeting_id, MeetingInvitee.person_id], invited.order_by(None)
            )
        )
    schedule_reminders(session, meeting, deps[1], now=now)
    Audit(session).record(
        at=now,
        action="meeting.plan",
        actor=coordinator,
        details={"meeting": meeting.id, "invited": count},
    )
    return count


def schedule_reminders(
    session: AsyncSession, meeting: Meeting, config: Config, *, now: datetime
) -> None:
    """Write the reminder rows of a planned meeting (only those still ahead)."""
    assert meeting.starts_at is not None
    due: list[tuple[ReminderKind, datetime]] = [
        (ReminderKind.INVITEES, meeting.starts_at - lead) for lead in config.meetings.reminders
    ]
    due.append((ReminderKind.COORDINATOR, meeting.starts_at - config.meetings.coordinator_reminder))
    if meeting.every_weeks or meeting.rrule:
        due.append((ReminderKind.NEXT, meeting.starts_at))
    for kind, when in due:
        if when > now or kind is ReminderKind.NEXT:
            session.add(
                MeetingReminder(
                    meeting_id=meeting.id, kind=kind, due_at=when, state=ReminderState.PENDING
                )
            )


async def cancel_reminders(
    session: AsyncSession, meeting: Meeting, *, now: datetime, keep_next: bool = False
) -> None:
    stmt = update(MeetingReminder).where(
        MeetingReminder.meeting_id == meeting.id,
        MeetingReminder.state == ReminderState.PENDING,
    )
    if keep_next:  # one occurrence cancelled: the series still plans the next one
        stmt = stmt.where(MeetingReminder.kind != ReminderKind.NEXT)
    await session.execute(stmt.values(state=ReminderState.CANCELLED, handled_at=now))


async def answer(
    session: AsyncSession, number: int, person: Person, rsvp: Rsvp, *, now: datetime
) -> Meeting:
    """Record an invitee's answer; refuse it for the uninvited, cancelled or past meetings."""
    meeting = await get(session, number)
    invitee = await session.get(MeetingInvitee, (number, person.id), with_for_update=True)
    if invitee is None:
        raise MeetingNotInvited
    if meeting.status is not MeetingStatus.PLANNED or (
        meeting.starts_at is not None and meeting.starts_at <= now
    ):
        raise MeetingClosed(number=number)
    invitee.rsvp, invitee.rsvp_at = rsvp, now
    return meeting


async def counts(session: AsyncSession, number: int) -> Counts:
    """Count the invited and their answers."""
    stmt = (
        select(MeetingInvitee.rsvp, func.count())
        .where(MeetingInvitee.meeting_id == number)
        .group_by(MeetingInvitee.rsvp)
    )
    by = {rsvp: int(n) for rsvp, n in (await session.execute(stmt)).all()}
    return Counts(
        invited=sum(by.values()),
        yes=by.get(Rsvp.YES, 0),
        no=by.get(Rsvp.NO, 0),
        maybe=by.get(Rsvp.MAYBE, 0),
    )


async def invitees(
    session: AsyncSession, number: int, answers: Sequence[Rsvp | None]
) -> list[Person]:
    """Return the invited people whose answer is one of `answers` (None: no answer yet)."""
    stmt = (
        select(Person, MeetingInvitee.rsvp)
        .join(MeetingInvitee, MeetingInvitee.person_id == Person.id)
        .where(MeetingInvitee.meeting_id == number)
        .order_by(Person.display_name)
    )
    return [p for p, rsvp in (await session.execute(stmt)).all() if rsvp in answers]


async def upcoming(session: AsyncSession, *, now: datetime, limit: int = 10) -> Sequence[Meeting]:
    """Return planned meetings that have not ended, soonest first."""
    stmt = (
        select(Meeting)
        .where(Meeting.status == MeetingStatus.PLANNED, Meeting.ends_at > now)
        .order_by(Meeting.starts_at)
        .limit(limit)
    )
    return (await session.execute(stmt)).scalars().all()


async def plan_next(
    session: AsyncSession, meeting: Meeting, deps: tuple[Translator, Config], *, now: datetime
) -> Meeting | None:
    """Plan and invite the series' next occurrence after this one; None when it has ended."""
    config = deps[1]
    root = meeting.series_id or meeting.id
    first = await session.get(Meeting, root)
    if meeting.starts_at is None or meeting.ends_at is None or first is None:
        return None
    assert first.starts_at is not None
    starts = next_start(
        first.starts_at,
        tz=config.network.timezone,
        after=max(meeting.starts_at, now),
        every_weeks=meeting.every_weeks,
        rrule=meeting.rrule,
    )
    coordinator = (
        await session.get(Person, meeting.created_by_id) if meeting.created_by_id else None
    )
    if starts is None or coordinator is None:
        return None
    following = Meeting(
        created_by_id=coordinator.id,
        created_at=now,
        status=MeetingStatus.DRAFT,
        title=meeting.title,
        starts_at=starts,
        ends_at=starts + (meeting.ends_at - meeting.starts_at),
        location=meeting.location,
        latitude=meeting.latitude,
        longitude=meeting.longitude,
        agenda=meeting.agenda,
        audience=meeting.audience,
        series_id=root,
        every_weeks=meeting.every_weeks,
        rrule=meeting.rrule,
        sequence=0,
    )
    session.add(following)
    await session.flush()
    await plan(session, following, coordinator, deps, now=now)
    return following
