"""Reminders as rows, jobs from rows: PTB's JobQueue (APScheduler) is (re)scheduled from the
meeting_reminders table at start-up and on every change, with deterministic job names.

Time comes from the injected clock only: a job is handed to APScheduler as a delay (the row's
due time minus the clock's now), never as a calendar instant, so a fake clock in tests and the
real one in production schedule alike. When a job fires, the rows and the clock decide what is
due; the job itself carries no authority.

A reminder is marked sent in the same transaction that queues its messages in the alert
outbox, so it is never sent twice, also across restarts. One missed while the bot was down is
sent once after the restart if the meeting has not started yet, and skipped (logged) if it has.
Only the process that runs the alert sender (the elected one) schedules and sends.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import CallbackContext, JobQueue

from bot.alerts.audience import Audience, AudienceKind
from bot.alerts.engine import AlertEngine
from bot.clock import Clock
from bot.config import Config
from bot.i18n import Translator
from bot.meetings import notes, service, texts
from bot.picture import keepwarm
from storage.db import Database
from storage.meeting_models import (
    Meeting,
    MeetingReminder,
    MeetingStatus,
    ReminderKind,
    ReminderState,
    Rsvp,
)
from storage.models import AlertKind, Person
from storage.repositories import Audit

log = logging.getLogger(__name__)

JOB_PREFIX = "meeting-reminder-"
KEEP_WARM_JOB = "meetings.keep-warm"


def job_name(reminder_id: int) -> str:
    """Return the deterministic name of a reminder's job."""
    return f"{JOB_PREFIX}{reminder_id}"


@dataclass(frozen=True, slots=True)
class ReminderJob:
    """What a reminder's job carries: its row, the due time and the delay it was given."""

    reminder_id: int
    due_at: datetime
    delay: timedelta


class MeetingScheduler:
    """Schedule reminder jobs from rows, and do what is due."""

    def __init__(
        self, db: Database, clock: Clock, config: Config, t: Translator, engine: AlertEngine
    ) -> None:
        self.db, self.clock, self.config, self.t, self.engine = db, clock, config, t, engine
        self.job_queue: JobQueue[Any] | None = None
        self._lock = asyncio.Lock()

    @property
    def deps(self) -> tuple[Translator, Config]:
        """Return what the meeting service needs to render messages."""
        return self.t, self.config

    @property
    def leading(self) -> bool:
        """Tell whether this process sends (the outbox's election decides)."""
        return self.engine.sender is not None

    async def start(self, job_queue: JobQueue[Any] | None) -> None:
        """Do what was missed while the bot was down, then schedule what is ahead."""
        self.job_queue = job_queue
        await self.run_due()
        await self.sync()

    async def sync(self) -> None:
        """Make the job queue hold exactly one job per pending reminder that is ahead."""
        queue = self.job_queue
        if queue is None or not self.leading:
            return
        now = self.clock.now()
        async with self.db.begin() as session:
            stmt = select(MeetingReminder.id, MeetingReminder.due_at).where(
                MeetingReminder.state == ReminderState.PENDING
            )
            pending: dict[int, datetime] = {
                row[0]: row[1] for row in (await session.execute(stmt)).all()
            }
        for job in queue.jobs():
            name = job.name or ""
            if name.startswith(JOB_PREFIX) and int(name[len(JOB_PREFIX) :]) not in pending:
                job.schedule_removal()
        scheduled = {job.name for job in queue.jobs()}
        for rid, due in pending.items():
            if job_name(rid) in scheduled or due <= now:
                continue  # already there; or due: run_due (now, and every job) takes it
            delay = due - now  # from the injected clock: APScheduler never sees a calendar date
            queue.run_once(
                self._due_job,
                when=delay,
                name=job_name(rid),
                data=ReminderJob(rid, due, delay),
                # APScheduler would drop a job that fires late; run_due decides instead.
                job_kwargs={"misfire_grace_time": None},
            )

    async def _due_job(self, context: CallbackContext[Any, Any, Any, Any]) -> None:
        # A job that fires before the clock says its row is due (the clock was set back, or a
        # test's clock stands still) is scheduled again for the time that remains.
        await self.tick()

    async def tick(self) -> None:
        """Catch up every minute: reminders written elsewhere (the CLI, another process that
        has since stopped sending) get their jobs, and anything due goes out."""
        await self.run_due()
        await self.sync()

    async def run_due(self) -> list[int]:
        """Handle every pending reminder that is due; return their ids."""
        if not self.leading:
            return []
        async with self._lock:
            now = self.clock.now()
            async with self.db.begin() as session:
                stmt = (
                    select(MeetingReminder.id)
                    .where(
                        MeetingReminder.state == ReminderState.PENDING,
                        MeetingReminder.due_at <= now,
                    )
                    .order_by(MeetingReminder.due_at, MeetingReminder.id)
                )
                due = list((await session.execute(stmt)).scalars())
            handled = []
            for rid in due:
                try:
                    if await self._handle(rid, now):
                        handled.append(rid)
                except Exception:  # one broken reminder must not hold up the others
                    log.exception("meeting reminder %s failed; it is tried again later", rid)
        if handled:
            self.engine.wake()
            await self.sync()
        return handled

    async def _handle(self, reminder_id: int, now: datetime) -> bool:
        async with self.db.begin() as session:
            reminder = await session.get(MeetingReminder, reminder_id, with_for_update=True)
            if reminder is None or reminder.state is not ReminderState.PENDING:
                return False  # another run took it
            meeting = await session.get(Meeting, reminder.meeting_id)
            reminder.handled_at = now
            if reminder.kind is ReminderKind.NEXT and meeting is not None:
                # Also after a single cancelled occurrence: the series goes on.
                if meeting.every_weeks or meeting.rrule:
                    await service.plan_next(session, meeting, self.deps, now=now)
                reminder.state = ReminderState.SENT
                return True
            if meeting is None or meeting.status is not MeetingStatus.PLANNED:
                reminder.state = ReminderState.CANCELLED
                return True
            assert meeting.starts_at is not None
            if meeting.starts_at <= now:
                log.warning(
                    "meeting %s: %s reminder %s was due while the bot was down; skipped",
                    meeting.id,
                    reminder.kind.value,
                    reminder.id,
                )
                reminder.state = ReminderState.SKIPPED
                return True
            if reminder.kind is ReminderKind.INVITEES:
                reminder.alert_id = await self._remind_invitees(session, meeting, now=now)
            else:
                reminder.alert_id = await self._note_coordinators(session, meeting, now=now)
            reminder.state = ReminderState.SENT
            return True

    async def _creator(self, session: AsyncSession, meeting: Meeting) -> Person | None:
        if meeting.created_by_id is None:
            return None
        return await session.get(Person, meeting.created_by_id)

    async def _remind_invitees(
        self, session: AsyncSession, meeting: Meeting, *, now: datetime
    ) -> int | None:
        """Queue the reminder to everyone invited who has not declined (and may still get it)."""
        creator = await self._creator(session, meeting)
        people = await service.invitees(session, meeting.id, (Rsvp.YES, Rsvp.MAYBE, None))
        if creator is None or not people:
            return None
        audience = Audience(AudienceKind.PEOPLE, tuple(str(p.id) for p in people))
        alert, count = await service.queue(
            session,
            meeting,
            creator,
            AlertKind.REMINDER,
            audience,
            "meeting_reminder",
            self.deps,
            now=now,
        )
        return alert.id if count else None

    async def _note_coordinators(
        self, session: AsyncSession, meeting: Meeting, *, now: datetime
    ) -> int | None:
        """Queue the day-before note to the coordinators: who is coming, who has not said."""
        creator = await self._creator(session, meeting)
        if creator is None:
            return None
        yes = await service.invitees(session, meeting.id, (Rsvp.YES,))
        maybe = await service.invitees(session, meeting.id, (Rsvp.MAYBE,))
        silent = await service.invitees(session, meeting.id, (None,))
        none = {lang: self.t(lang, "none") for lang in self.t.languages}
        alert = await notes.blank_note(session, meeting, creator, now=now)
        alert.texts = {
            lang: self.t(
                lang,
                "meeting_coordinator_note",
                title=meeting.title,
                when=texts.when(meeting, self.config, lang),
                yes=len(yes),
                yes_names=", ".join(p.display_name for p in yes) or none[lang],
                maybe=len(maybe),
                maybe_names=", ".join(p.display_name for p in maybe) or none[lang],
                open=len(silent),
            )
            for lang in self.t.languages
        }
        count = await notes.confirm_note(session, alert, creator, now=now)
        return alert.id if count else None

    async def nudge_if_quiet(self) -> bool:
        """Nudge the coordinators when nothing went to the network for too long."""
        if not self.leading:
            return False
        now = self.clock.now()
        quiet_for = self.config.meetings.keep_warm_after
        async with self.db.begin() as session:
            last = await notes.last_sent_to_network(session)
            since = last or await notes.network_started(session)
            if since is None or now - since < quiet_for:
                return False
            if await notes.nudged_since(session, now - quiet_for):
                return False
            coordinators = await notes.coordinators(session)
            if not coordinators:
                return False
            alert = await notes.blank_note(session, None, coordinators[0], now=now)
            weeks = max(1, (now - since).days // 7)
            cold = await keepwarm.cold_spots(session, self.config, now=now)
            alert.texts = {
                lang: "\n\n".join(
                    part
                    for part in (
                        self.t(lang, "meeting_nudge", count=weeks),
                        keepwarm.specifics(cold, self.config, self.t, lang),
                    )
                    if part
                )
                for lang in self.t.languages
            }
            await notes.confirm_note(session, alert, coordinators[0], now=now)
            Audit(session).record(
                at=now,
                action="network.nudge",
                actor=None,
                actor_label="system",
                details={"weeks": weeks},
            )
        self.engine.wake()
        return True
