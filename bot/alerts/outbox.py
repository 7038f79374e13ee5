"""The outbox sender: claim due delivery rows, do their work, commit every outcome.

Durability: every copy of an alert is a row before anything is sent. The sender claims a small
batch (`claimed_at`), couriers do the work through the pacer, and one writer commits each
outcome as soon as Telegram answers (several per transaction under load). After a crash,
`recover()` releases claimed rows. A copy can be sent twice only if its row was claimed and
its outcome not committed when the process died (at most SenderSettings.in_flight_bound rows;
asserted by tests/e2e/test_crash.py), or after a timeout, which Telegram leaves ambiguous.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from typing import Any

from sqlalchemy import case, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import ExtBot

from bot.alerts.audience import Audience, recipients_query
from bot.alerts.delivery import Courier, Job, Outcome, SenderSettings

__all__ = ["OutboxSender", "SenderSettings"]
from bot.clock import Clock
from bot.config import Config
from bot.i18n import Translator
from bot.supervisor import Patience, Supervisor, describe
from storage.db import Database, is_transient
from storage.models import Alert, AlertDelivery, AlertStatus, DeliveryState, Person, Work

log = logging.getLogger(__name__)

LIVE = (AlertStatus.QUEUED, AlertStatus.SENT)
CLAIMER = "outbox-claimer"


class OutboxSender:
    """Drain the outbox: one claimer, a pool of couriers, one writer."""

    def __init__(
        self,
        db: Database,
        bot: ExtBot[Any],
        clock: Clock,
        config: Config,
        t: Translator,
        settings: SenderSettings | None = None,
    ) -> None:
        self.db, self.clock = db, clock
        self.settings = settings or SenderSettings()
        self.courier = Courier(bot, t, config, clock, self.settings)
        self._wake = asyncio.Event()
        self._jobs: asyncio.Queue[Job] = asyncio.Queue(maxsize=self.settings.workers)
        # Bounded, so couriers pause when the database falls behind instead of piling up
        # copies that were sent but not yet recorded.
        self._outcomes: asyncio.Queue[Outcome] = asyncio.Queue(maxsize=self.settings.workers)
        self._loops = Supervisor()
        self._recording = Patience("recording outbox outcomes")
        self._claiming = Patience("claiming outbox rows")
        self._idle = asyncio.Event()
        self._settled = asyncio.Event()
        self._passes = self._idle_pass = 0
        self._in_flight = self._performing = 0
        self._claimed: Counter[int] = Counter()  # alert id -> copies claimed, not yet recorded
        # Alerts cancelled or retracted while copies of them were claimed: not sent any more.
        self.halted: set[int] = set()
        # Alerts whose counts changed since the live status last looked (same process).
        self.dirty: set[int] = set()

    def wake(self) -> None:
        """Look for due work now instead of at the next poll."""
        self._wake.set()

    def halt(self, alert_id: int) -> None:
        """Stop claimed copies of a cancelled or retracted alert from going out."""
        self.halted.add(alert_id)
        self.wake()

    async def start(self) -> None:
        """Release rows a crashed run left claimed, then start claiming and sending."""
        await self.recover()
        self._loops.spawn(CLAIMER, self._claim_loop)
        self._loops.spawn("outbox-writer", self._writer)
        for i in range(self.settings.workers):
            self._loops.spawn(f"outbox-courier-{i}", self._worker)

    @property
    def alive(self) -> bool:
        """Tell whether the claimer, the writer and every courier are running."""
        return len(self._loops.names) == 2 + self.settings.workers

    @property
    def errors(self) -> int:
        """Return how often the sender's database steps failed (retried) or its loops did."""
        return self._loops.errors.total() + self._recording.total + self._claiming.total

    async def stop(self, grace: float = 10.0) -> None:
        """Stop cleanly: finish sends in progress, commit their outcomes, release the rest.

        Never raises: a database that is away now leaves the rows claimed, and the next start
        (of this or another process) releases them."""
        if not self._loops.names:
            return
        await self._loops.cancel(CLAIMER)  # nothing new is taken on
        while not self._jobs.empty():  # not started: recover() makes them claimable again
            self._jobs.get_nowait()
            self._jobs.task_done()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(grace):
                while self._performing or not self._outcomes.empty() or self._in_flight:
                    self._settled.clear()
                    await self._settled.wait()
        await self._loops.stop()
        try:
            await self.recover()
        except Exception as error:  # the next start releases them
            log.warning("could not release claimed outbox rows at stop (%s)", describe(error))

    async def abandon(self) -> None:
        """Stop at once without touching the database (another process now sends)."""
        await self._loops.stop()

    async def recover(self) -> int:
        """Release every claimed row (one sender per database); return how many."""
        async with self.db.begin() as session:
            result = await session.execute(
                update(AlertDelivery)
                .where(AlertDelivery.claimed_at.is_not(None))
                .values(claimed_at=None)
            )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def drained(self) -> None:
        """Wait until nothing is due, claimed or in flight (tests and the benchmark)."""
        # Only a claim pass that starts after this call may report "nothing to do".
        after = self._passes
        while True:
            self._idle.clear()
            self.wake()
            await self._idle.wait()
            if self._idle_pass > after and self._in_flight == 0 and self._jobs.empty():
                return

    # --- claiming -----------------------------------------------------------------------------

    async def _claim_loop(self) -> None:
        patience = self._claiming
        while True:
            self._passes += 1
            current = self._passes
            try:
                await self._refresh_halted()
                jobs = await self.claim()
            except Exception as error:
                if not is_transient(error):
                    raise  # the supervisor logs it and starts the claimer again
                await patience.failed(error)
                continue
            patience.succeeded()
            if not jobs:
                if self._in_flight == 0 and self._jobs.empty():
                    self._idle_pass = current
                    self._idle.set()
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.settings.idle_poll)
                continue
            for job in jobs:
                self._claimed[job.alert.id] += 1
                await self._jobs.put(job)

    async def _refresh_halted(self) -> None:
        # Another process (or the CLI) may have cancelled an alert we hold copies of.
        if not self._claimed:
            return
        async with self.db.begin() as session:
            stopped = await session.scalars(
                select(Alert.id).where(Alert.id.in_(list(self._claimed)), Alert.status.not_in(LIVE))
            )
            self.halted.update(stopped.all())

    async def claim(self) -> list[Job]:
        """Claim a batch of due rows, dropping those no longer wanted; return the jobs."""
        now = self.clock.now()
        d = AlertDelivery
        async with self.db.begin() as session:
            ids_stmt = (
                select(d.id)
                .where(d.work.is_not(None), d.claimed_at.is_(None), d.due_at <= now)
                .order_by(d.priority, d.seq, d.alert_id)
                .limit(self.settings.batch)
                .with_for_update(skip_locked=True)
            )
            ids = list((await session.scalars(ids_stmt)).all())
            if not ids:
                return []
            rows = (
                await session.execute(
                    select(d, Alert, Person.quiet_hours)
                    .join(Alert, Alert.id == d.alert_id)
                    .join(Person, Person.id == d.person_id)
                    .where(d.id.in_(ids))
                    .order_by(d.priority, d.seq, d.alert_id)
                )
            ).all()
            eligible = await _eligible(session, [(r[0], r[1]) for r in rows])
            jobs: list[Job] = []
            for delivery, alert, quiet_hours in rows:
                reaches_person = delivery.work in (Work.SEND, Work.REMIND)
                if reaches_person and alert.status not in LIVE:
                    if delivery.work is Work.SEND:
                        delivery.state = DeliveryState.CANCELLED
                    delivery.work = None
                    self.dirty.add(alert.id)
                elif reaches_person and delivery.id not in eligible:
                    # Consent withdrawn, /stop or unreachable since the alert was queued.
                    if delivery.work is Work.SEND:
                        delivery.state = DeliveryState.SKIPPED
                    delivery.work = None
                    self.dirty.add(alert.id)
                else:
                    delivery.claimed_at = now
                    jobs.append(_job(delivery, alert, quiet_hours))
            return jobs

    # --- sending ------------------------------------------------------------------------------

    async def _worker(self) -> None:
        while True:
            job = await self._jobs.get()
            self._in_flight += 1  # until the writer has committed its outcome
            self._performing += 1
            try:
                outcome = await self.process(job)
            finally:
                self._performing -= 1
            await self._outcomes.put(outcome)
            self._jobs.task_done()

    async def process(self, job: Job) -> Outcome:
        """Do one claimed job, unless its alert was stopped meanwhile; never raises."""
        try:
            if job.alert.id in self.halted and job.work is not Work.DELETE:
                return self.courier.halted(job)
            return await self.courier.perform(job)
        except Exception:  # never lose the courier; the row is retried later
            log.exception("outbox job %s failed unexpectedly", job.delivery_id)
            return self.courier.retry(job, "internal")

    async def record(self, outcomes: list[Outcome]) -> None:
        """Commit outcomes (what the writer does; tests drive it directly)."""
        await self._write(outcomes)

    async def _writer(self) -> None:
        # One writer commits outcomes as soon as they arrive, many per transaction under load:
        # the gap between Telegram accepting a copy and the database knowing it (the only
        # window in which a crash can cause a duplicate) stays a few milliseconds.
        while True:
            batch = [await self._outcomes.get()]
            while not self._outcomes.empty() and len(batch) < self.settings.workers:
                batch.append(self._outcomes.get_nowait())
            await self._commit(batch)
            self._in_flight -= len(batch)
            for outcome in batch:
                self._claimed[outcome.job.alert.id] -= 1
            self._claimed = +self._claimed  # drop zero counts
            self._settled.set()
            if any(not o.done or o.sent for o in batch) or (
                self._in_flight == 0 and self._jobs.empty()
            ):
                self.wake()  # retries and follow-ups are due; or let an idle claimer report

    async def _commit(self, batch: list[Outcome]) -> None:
        while True:
            try:
                await self._write(batch)
            except Exception as error:  # whatever it is, the outcomes are kept and tried again
                await self._recording.failed(error)
                continue
            self._recording.succeeded()
            return

    async def _write(self, batch: list[Outcome]) -> None:
        now = self.clock.now()
        d = AlertDelivery
        async with self.db.begin() as session:
            alert_ids = {o.job.alert.id for o in batch}
            current = {
                row.id: (row.status, row.version)
                for row in (
                    await session.execute(
                        select(Alert.id, Alert.status, Alert.version).where(Alert.id.in_(alert_ids))
                    )
                ).all()
            }
            for outcome in batch:
                job = outcome.job
                values = dict(outcome.values)
                follow_up = _follow_up(outcome, *current[job.alert.id]) if outcome.sent else None
                if outcome.done:
                    # Only finish the work this job did: a retract or edit queued meanwhile
                    # (another work value) stays, and a copy that went out gets its follow-up
                    # (also when a cancel or retract cleared its row while it was in flight).
                    values["work"] = case(
                        (
                            or_(d.work == job.work, d.work.is_(None)),
                            literal(follow_up, d.work.type),
                        ),
                        else_=d.work,
                    )
                    if follow_up is not None:
                        values |= {"due_at": now, "attempts": 0}
                await session.execute(
                    update(d).where(d.id == job.delivery_id).values(claimed_at=None, **values)
                )
                if outcome.unreachable:
                    await session.execute(
                        update(Person).where(Person.id == job.person_id).values(unreachable_at=now)
                    )
        self.dirty.update(o.job.alert.id for o in batch)


def _follow_up(outcome: Outcome, status: AlertStatus, version: int) -> Work | None:
    """Return what a copy that just went out still needs: deletion, or the newer text."""
    if status is AlertStatus.RETRACTED:
        return Work.DELETE
    if version > int(outcome.values.get("delivered_version", version)):
        return Work.EDIT
    return None


async def _eligible(session: AsyncSession, rows: list[tuple[AlertDelivery, Alert]]) -> set[int]:
    """Return the ids of rows whose person still belongs to the alert's audience."""
    by_alert: dict[int, list[AlertDelivery]] = {}
    alerts: dict[int, Alert] = {}
    for delivery, alert in rows:
        if delivery.work in (Work.SEND, Work.REMIND):
            by_alert.setdefault(alert.id, []).append(delivery)
            alerts[alert.id] = alert
    eligible: set[int] = set()
    for alert_id, deliveries in by_alert.items():
        people = {dl.person_id: dl.id for dl in deliveries}
        stmt = (
            recipients_query(Audience.from_json(alerts[alert_id].audience))
            .where(Person.id.in_(people))
            .with_only_columns(Person.id)
        )
        eligible.update(people[pid] for pid in (await session.scalars(stmt)).all())
    return eligible


def _job(delivery: AlertDelivery, alert: Alert, quiet_hours: str | None) -> Job:
    assert delivery.work is not None
    return Job(
        delivery_id=delivery.id,
        work=delivery.work,
        chat_id=delivery.chat_id,
        person_id=delivery.person_id,
        language=delivery.language,
        message_id=delivery.message_id,
        attempts=delivery.attempts,
        quiet_hours=quiet_hours,
        alert=alert,
    )
