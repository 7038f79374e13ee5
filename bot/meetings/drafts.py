"""Planning a meeting step by step: what each answer sets on the draft, and which step follows.

Every function takes the coordinator's draft (see `open_draft`), changes it, moves the dialogue
on and returns the step it now stands at; the caller's transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.audience import Audience
from bot.errors import StaleAction, fitting
from bot.meetings import service
from bot.meetings.service import (
    AGENDA,
    AUDIENCE,
    END,
    PLACE,
    PREVIEW,
    REPEAT,
    RRULE,
    START,
    TITLE,
)
from bot.meetings.when import WhenError, parse_end, parse_rrule, parse_start
from storage.meeting_models import Meeting, MeetingStatus
from storage.models import Person

# The step after each one; 'repeat' goes to 'rrule' only when the coordinator asks for a rule.
FOLLOWING = {
    TITLE: START,
    START: END,
    END: PLACE,
    PLACE: AGENDA,
    AGENDA: AUDIENCE,
    AUDIENCE: REPEAT,
    REPEAT: PREVIEW,
    RRULE: PREVIEW,
}


@dataclass(frozen=True, slots=True)
class Pin:
    """A shared location as the meeting's place; `label` names it when no place was typed."""

    latitude: float
    longitude: float
    label: str


async def open_draft(
    session: AsyncSession, coordinator: Person, number: int, *, now: datetime
) -> tuple[Meeting, str | None]:
    """Return the coordinator's draft `number`, locked, and its step; StaleAction if not theirs."""
    meeting = await service.get(session, number, for_update=True)
    if meeting.created_by_id != coordinator.id or meeting.status is not MeetingStatus.DRAFT:
        raise StaleAction
    return meeting, await service.step_of(session, coordinator, meeting, now=now)


async def _on(
    session: AsyncSession, coordinator: Person, meeting: Meeting, step: str, *, now: datetime
) -> str:
    """Move the planning dialogue to `step` and return it."""
    await service.go_to(session, coordinator, meeting, step, now=now)
    return step


async def write(
    session: AsyncSession,
    coordinator: Person,
    number: int,
    step: str,
    *,
    body: str = "",
    pin: Pin | None = None,
    tz: ZoneInfo,
    now: datetime,
) -> str:
    """Use typed text (or at 'place' a pin) for the draft's `step`; return the step that follows.

    Raises StaleAction when the draft is not at `step`, WhenError for an unusable time or rule.
    """
    meeting, current = await open_draft(session, coordinator, number, now=now)
    if current != step:
        raise StaleAction
    if step == TITLE:
        meeting.title = fitting(body, Meeting.title)
    elif step == START:
        meeting.starts_at = parse_start(body, now=now, tz=tz)
    elif step == END:
        assert meeting.starts_at is not None
        meeting.ends_at = parse_end(body, start=meeting.starts_at, tz=tz)
    elif step == PLACE and pin is not None:
        meeting.latitude, meeting.longitude = pin.latitude, pin.longitude
        meeting.location = meeting.location or pin.label
    elif step == PLACE:
        meeting.location = body
    elif step == AGENDA:
        meeting.agenda = body
    elif step == RRULE:
        meeting.rrule, meeting.every_weeks = parse_rrule(body, start=meeting.starts_at), None
    return await _on(session, coordinator, meeting, FOLLOWING.get(step, PREVIEW), now=now)


async def start_at(
    session: AsyncSession, coordinator: Person, meeting: Meeting, moment: datetime, *, now: datetime
) -> str:
    """Start the draft at a suggested moment; WhenError('past') once that has gone by."""
    if moment <= now:
        raise WhenError("past")
    meeting.starts_at = moment
    return await _on(session, coordinator, meeting, FOLLOWING[START], now=now)


async def lasting(
    session: AsyncSession,
    coordinator: Person,
    meeting: Meeting,
    length: timedelta,
    *,
    now: datetime,
) -> str:
    """End the draft `length` after its start."""
    assert meeting.starts_at is not None
    meeting.ends_at = meeting.starts_at + length
    return await _on(session, coordinator, meeting, FOLLOWING[END], now=now)


async def skip(
    session: AsyncSession, coordinator: Person, meeting: Meeting, step: str, *, now: datetime
) -> str:
    """Leave `step` (the place, the agenda) empty and go on."""
    return await _on(session, coordinator, meeting, FOLLOWING[step], now=now)


async def address(
    session: AsyncSession,
    coordinator: Person,
    meeting: Meeting,
    audience: Audience,
    *,
    now: datetime,
) -> str:
    """Invite `audience` to the draft."""
    meeting.audience = audience.to_json()
    return await _on(session, coordinator, meeting, FOLLOWING[AUDIENCE], now=now)


async def repeat(
    session: AsyncSession,
    coordinator: Person,
    meeting: Meeting,
    every_weeks: int | None,
    *,
    now: datetime,
) -> str:
    """Repeat the draft every `every_weeks` weeks (None: once), dropping any rule."""
    meeting.every_weeks, meeting.rrule = every_weeks, None
    return await _on(session, coordinator, meeting, FOLLOWING[REPEAT], now=now)


async def ask_rule(
    session: AsyncSession, coordinator: Person, meeting: Meeting, *, now: datetime
) -> str:
    """Have the coordinator type a repeat rule (RRULE) for the draft."""
    return await _on(session, coordinator, meeting, RRULE, now=now)
