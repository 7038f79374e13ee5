"""The JobQueue wiring of bot/app.py: the repeating jobs are registered under their names and
really run by APScheduler (nothing here calls tick() or maintain() by hand)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, timedelta

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.config import Config
from bot.demo import COORDINATOR_ID
from bot.meetings import service
from bot.meetings.scheduler import JOB_PREFIX
from bot.sandbox import Sandbox
from handlers import discover
from storage.db import Database
from storage.meeting_models import MeetingReminder, ReminderKind, ReminderState
from storage.repositories import People
from tests.factories import Harness, running

FAST = 0.05  # seconds: every repeating job runs many times while a test waits
SLOW = 3600.0  # seconds: this job never runs during the test
JOBS = tuple(discover().jobs)


@pytest.fixture
async def fast_jobs(
    sandbox: Sandbox, db: Database, clock: FakeClock, config: Config
) -> AsyncIterator[Harness]:
    """Run the bot with every repeating job on a short period."""
    periods = dict.fromkeys(JOBS, FAST)
    async with running(sandbox, db, clock, config, periods=periods) as h:
        yield h


@pytest.fixture
async def reminder_jobs_only(
    sandbox: Sandbox, db: Database, clock: FakeClock, config: Config
) -> AsyncIterator[Harness]:
    """Run the bot with no periodic catch-up: only a reminder's own job can send it."""
    periods = dict.fromkeys(JOBS, SLOW)
    async with running(sandbox, db, clock, config, periods=periods) as h:
        yield h


async def _plan(h: Harness, starts_in: timedelta) -> int:
    """Plan a meeting in the store, as the CLI does (no job is made for it here)."""
    services = h.app.bot_data.services
    now = h.clock.now()
    async with h.db.begin() as session:
        sanne = await People(session).by_telegram_id(COORDINATOR_ID)
        assert sanne is not None
        meeting = await service.new_draft(session, sanne, now=now)
        meeting.title = "Netwerkoverleg"
        meeting.starts_at = (now + starts_in).astimezone(UTC)
        meeting.ends_at = meeting.starts_at + timedelta(hours=2)
        await service.plan(session, meeting, sanne, (services.t, services.config), now=now)
        return meeting.id


async def _reminders(h: Harness) -> list[MeetingReminder]:
    async with h.db.begin() as session:
        stmt = select(MeetingReminder).order_by(MeetingReminder.due_at)
        return list((await session.execute(stmt)).scalars())


async def test_the_repeating_jobs_are_registered_under_their_names(fast_jobs: Harness) -> None:
    """Signal housekeeping, the meetings and working-group ticks and keep-warm are JobQueue
    jobs, under the names their features declare."""
    queue = fast_jobs.app.job_queue
    assert queue is not None

    names = {job.name for job in queue.jobs()}

    assert {
        "signals.housekeeping",
        "meetings.tick",
        "meetings.keep-warm",
        "workgroups.tick",
        "alerts.status",
        "alerts.escalation",
        "outbox.election",
        "outbox.leadership",
        "privacy.retention",
    } <= names


async def test_a_failing_job_is_logged_once_without_its_message_and_recovers(
    fast_jobs: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A job whose rounds raise is logged once by name and error type (never the message,
    which may hold people's data), counted per round, and says so when it works again."""
    services = fast_jobs.app.bot_data.services
    broken = True

    async def escalate_now() -> int:
        if broken:
            raise RuntimeError("Fatima Yilmaz wrote something private")
        return 0

    monkeypatch.setattr(services.alerts, "escalate_now", escalate_now)
    caplog.set_level(logging.INFO, logger="bot.supervisor")

    await fast_jobs.sandbox.wait_until(lambda: services.job_errors["alerts.escalation"] >= 3)
    broken = False
    await fast_jobs.sandbox.wait_until(
        lambda: any("alerts.escalation works again" in r.getMessage() for r in caplog.records)
    )

    lines = [r.getMessage() for r in caplog.records if "alerts.escalation" in r.getMessage()]
    failed = "alerts.escalation failed: RuntimeError; trying again at its next run"
    assert lines[0] == failed
    assert lines.count(failed) == 1
    assert lines[1].startswith("alerts.escalation works again after ")
    assert not any("Fatima" in r.getMessage() or r.exc_info for r in caplog.records)
    assert "alerts.escalation" in {job.name for job in fast_jobs.app.job_queue.jobs()}  # type: ignore[union-attr]


async def test_the_status_job_updates_a_live_status_by_itself(fast_jobs: Harness) -> None:
    """After an acknowledgement the coordinator's live status changes without anyone asking."""
    h = fast_jobs
    fatima = await h.member(2002, "Fatima Yilmaz")
    await h.member(2003, "Carla Jansen")
    sanne = h.coordinator
    await h.say(sanne, "/alert")
    await h.say(sanne, "Vanavond om 20:00 bijeenkomst in het buurthuis.")
    await h.press(sanne, "Verder")
    await h.press(sanne, "Iedereen")
    await h.press(sanne, "Nu versturen")
    await h.press(sanne, "Verstuur naar")
    await h.drained()

    await h.press(fatima, "✅ Ontvangen")

    def status() -> str:
        shown = [m for m in sanne.messages if m.plain_text().startswith("📊")]
        return shown[-1].plain_text() if shown else ""

    await h.sandbox.wait_until(lambda: "ontvangen 1" in status())


async def test_the_meetings_tick_job_schedules_reminders_written_by_another_process(
    fast_jobs: Harness,
) -> None:
    """A meeting planned outside this process gets its reminder jobs from the tick job."""
    await fast_jobs.member(2001, "Fatima Yilmaz")
    await _plan(fast_jobs, timedelta(days=7))
    queue = fast_jobs.app.job_queue
    assert queue is not None

    def scheduled() -> int:
        return sum((job.name or "").startswith(JOB_PREFIX) for job in queue.jobs())

    await fast_jobs.sandbox.wait_until(lambda: scheduled() == 3)


async def test_the_housekeeping_job_files_a_forgotten_signal(fast_jobs: Harness) -> None:
    """A form left open past the draft timeout is filed by the housekeeping job by itself."""
    fatima = await fast_jobs.member(2001, "Fatima Yilmaz")
    await fast_jobs.say(fatima, "Spanning bij het buurthuis")

    fast_jobs.clock.advance(fast_jobs.config.signals.draft_timeout + timedelta(minutes=1))

    await fast_jobs.sandbox.wait_until(
        lambda: any("Spanning bij het buurthuis" in m.plain_text() for m in
                    fast_jobs.coordinator.received())
    )  # fmt: skip


async def test_the_keep_warm_job_nudges_a_quiet_network(fast_jobs: Harness) -> None:
    """Weeks without anything sent to the network: the keep-warm job nudges the coordinator."""
    await fast_jobs.member(2001, "Fatima Yilmaz")

    fast_jobs.clock.advance(fast_jobs.config.meetings.keep_warm_after + timedelta(days=1))

    await fast_jobs.sandbox.wait_until(
        lambda: any("🌱" in m.plain_text() for m in fast_jobs.coordinator.received())
    )


async def test_a_reminder_is_sent_by_its_own_job_when_the_clock_reaches_it(
    reminder_jobs_only: Harness,
) -> None:
    """The reminder's job fires after (due - now) on the injected clock and sends it; a job
    that fires before the clock says it is due schedules itself again."""
    h = reminder_jobs_only
    fatima = await h.member(2001, "Fatima Yilmaz")
    first_reminder = min(h.config.meetings.reminders)
    await _plan(h, first_reminder + timedelta(seconds=1))
    await h.app.bot_data.services.meetings.sync()
    h.clock.advance(timedelta(seconds=1))  # before or after the job fires: either way it sends
    [row] = await _reminders(h)
    assert row.kind is ReminderKind.INVITEES

    await h.sandbox.wait_until(
        lambda: any("Herinnering" in m.plain_text() for m in fatima.received())
    )
    assert {r.id: r.state for r in await _reminders(h)}[row.id] is ReminderState.SENT
