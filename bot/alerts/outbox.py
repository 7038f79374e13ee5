"""The outbox sender: claim due delivery rows, do their work through the pacer, record outcomes.

Durability: every copy of an alert is a row before anything is sent. The sender claims a batch
(`claimed_at`), sends, and a single writer commits each outcome as soon as Telegram answers
(several per transaction under load). After a crash, `recover()` releases claimed rows; a copy
is sent twice only if the crash fell between Telegram accepting it and the commit of its
outcome: the requests in flight plus the outcomes of the current write (a few milliseconds of
sending; measured by tests/e2e/test_crash.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from telegram import Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot

from bot.alerts.audience import Audience, recipients_query
from bot.alerts.quiet import rings
from bot.alerts.render import reminder, render
from bot.clock import Clock
from bot.config import Config
from bot.i18n import Translator
from storage.db import Database
from storage.models import Alert, AlertDelivery, AlertStatus, DeliveryState, Person, Work

log = logging.getLogger(__name__)

BULK: dict[str, Any] = {"priority": "bulk"}


@dataclass(frozen=True, slots=True)
class SenderSettings:
    """How hard the sender works; the pacer, not these, keeps within Telegram's limits."""

    batch: int = 100
    workers: int = 64
    idle_poll: float = 1.0
    max_attempts: int = 8
    max_backoff: timedelta = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Job:
    """One claimed row with everything needed to do its work."""

    delivery_id: int
    work: Work
    chat_id: int
    person_id: int
    language: str
    message_id: int | None
    attempts: int
    quiet_hours: str | None
    alert: Alert


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to a job, as column values for its row."""

    job: Job
    values: dict[str, Any]
    unreachable: bool = False


class OutboxSender:
    """Drain the outbox: one claimer, a pool of workers, outcomes committed one by one."""

    def __init__(
        self,
        db: Database,
        bot: ExtBot[Any],
        clock: Clock,
        config: Config,
        t: Translator,
        settings: SenderSettings | None = None,
    ) -> None:
        self.db, self.bot, self.clock, self.config, self.t = db, bot, clock, config, t
        self.settings = settings or SenderSettings()
        self._wake = asyncio.Event()
        self._jobs: asyncio.Queue[Job] = asyncio.Queue(maxsize=self.settings.workers * 2)
        self._outcomes: asyncio.Queue[Outcome] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self._idle = asyncio.Event()
        self._passes = self._idle_pass = 0
        self._in_flight = self._performing = 0
        self._settled = asyncio.Event()
        # Alerts whose counts changed since the live status last looked (same process).
        self.dirty: set[int] = set()

    def wake(self) -> None:
        """Look for due work now instead of at the next poll."""
        self._wake.set()

    async def start(self) -> None:
        """Release rows a crashed run left claimed, then start claiming and sending."""
        await self.recover()
        self._tasks = [
            asyncio.create_task(self._claim_loop(), name="outbox-claimer"),
            asyncio.create_task(self._writer(), name="outbox-writer"),
        ]
        self._tasks += [
            asyncio.create_task(self._worker(), name=f"outbox-worker-{i}")
            for i in range(self.settings.workers)
        ]

    async def stop(self, grace: float = 10.0) -> None:
        """Stop cleanly: finish sends in progress, commit their outcomes, release the rest."""
        if not self._tasks:
            return
        self._tasks[0].cancel()  # the claimer: nothing new is taken on
        while not self._jobs.empty():  # not started: recover() makes them claimable again
            self._jobs.get_nowait()
            self._jobs.task_done()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(grace):
                while self._performing or not self._outcomes.empty() or self._in_flight:
                    self._settled.clear()
                    await self._settled.wait()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        await self.recover()

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
        while True:
            self._passes += 1
            current = self._passes
            jobs = await self.claim()
            if not jobs:
                if self._in_flight == 0 and self._jobs.empty():
                    self._idle_pass = current
                    self._idle.set()
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.settings.idle_poll)
                continue
            for job in jobs:
                await self._jobs.put(job)

    async def claim(self) -> list[Job]:
        """Claim a batch of due rows, skipping those no longer eligible; return the jobs."""
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
            eligible = await self._eligible(session, [(r[0], r[1]) for r in rows])
            jobs: list[Job] = []
            for delivery, alert, quiet_hours in rows:
                if delivery.work is Work.SEND and alert.status is not AlertStatus.QUEUED:
                    delivery.state, delivery.work = DeliveryState.CANCELLED, None
                    self.dirty.add(alert.id)
                elif delivery.work is Work.SEND and delivery.id not in eligible:
                    # Consent withdrawn, /stop or unreachable since the alert was queued.
                    delivery.state, delivery.work = DeliveryState.SKIPPED, None
                    self.dirty.add(alert.id)
                else:
                    delivery.claimed_at = now
                    jobs.append(self._job(delivery, alert, quiet_hours))
            return jobs

    async def _eligible(self, session: Any, rows: list[tuple[AlertDelivery, Alert]]) -> set[int]:
        by_alert: dict[int, list[AlertDelivery]] = {}
        alerts: dict[int, Alert] = {}
        for delivery, alert in rows:
            if delivery.work is Work.SEND:
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

    @staticmethod
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

    # --- sending ------------------------------------------------------------------------------

    async def _worker(self) -> None:
        while True:
            job = await self._jobs.get()
            self._in_flight += 1  # until the writer has committed its outcome
            self._performing += 1
            try:
                outcome = await self._perform(job)
            except Exception:  # never lose the worker; the row is retried later
                log.exception("outbox job %s failed unexpectedly", job.delivery_id)
                outcome = self._retry(job, "internal")
            finally:
                self._performing -= 1
            self._outcomes.put_nowait(outcome)
            self._jobs.task_done()

    async def _perform(self, job: Job) -> Outcome:
        try:
            return await self._do(job)
        except Forbidden:
            return Outcome(job, _final(DeliveryState.BLOCKED, "blocked"), unreachable=True)
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return self._retry(job, "flood", delay=timedelta(seconds=seconds))
        except BadRequest as error:
            return self._bad_request(job, error)
        except (TimedOut, NetworkError):
            return self._retry(job, "network")

    async def _do(self, job: Job) -> Outcome:
        alert, network = job.alert, self.config.network.name
        now = self.clock.now()
        if job.work is Work.SEND or job.work is Work.REMIND:
            shown = (render if job.work is Work.SEND else reminder)(
                alert, job.language, self.t, network
            )
            sound = rings(
                urgent=alert.urgent,
                silent=alert.silent,
                quiet_hours=job.quiet_hours,
                moment=now,
                tz=self.config.network.timezone,
            )
            message: Message = await self.bot.send_message(
                job.chat_id,
                shown.text,
                parse_mode=ParseMode.HTML,
                reply_markup=shown.markup,
                protect_content=shown.protect_content,
                disable_notification=not sound,
                reply_parameters=ReplyParameters(job.message_id, allow_sending_without_reply=True)
                if job.work is Work.REMIND and job.message_id
                else None,
                rate_limit_args=BULK,
            )
            if job.work is Work.REMIND:
                return Outcome(job, {"work": None, "reminded_at": self.clock.now()})
            return Outcome(
                job,
                {
                    **_final(DeliveryState.SENT, None),
                    "sent_at": self.clock.now(),
                    "message_id": message.message_id,
                    "delivered_version": alert.version,
                },
            )
        if job.message_id is None:
            return Outcome(job, {"work": None, "error": "no_message"})
        if job.work is Work.EDIT:
            shown = render(alert, job.language, self.t, network)
            await self.bot.edit_message_text(
                shown.text,
                job.chat_id,
                job.message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=shown.markup,
                rate_limit_args=BULK,
            )
            return Outcome(job, {"work": None, "delivered_version": alert.version})
        await self.bot.delete_message(job.chat_id, job.message_id, rate_limit_args=BULK)
        return Outcome(job, {"work": None, "deleted_at": self.clock.now()})

    def _bad_request(self, job: Job, error: BadRequest) -> Outcome:
        text = error.message.lower()
        if "chat not found" in text:
            return Outcome(job, _final(DeliveryState.NOT_FOUND, "chat_not_found"))
        if "not modified" in text and job.work is Work.EDIT:
            return Outcome(job, {"work": None, "delivered_version": job.alert.version})
        if job.work is Work.DELETE:
            return Outcome(job, {"work": None, "error": "not_deleted"})
        if job.work in (Work.EDIT, Work.REMIND):
            return Outcome(job, {"work": None, "error": f"{job.work.value}_failed"})
        log.warning("outbox row %s refused by Telegram: %s", job.delivery_id, type(error).__name__)
        return Outcome(job, _final(DeliveryState.FAILED, "bad_request"))

    def _retry(self, job: Job, reason: str, delay: timedelta | None = None) -> Outcome:
        attempts = job.attempts + 1
        if attempts >= self.settings.max_attempts:
            if job.work is Work.SEND:
                return Outcome(job, _final(DeliveryState.FAILED, reason) | {"attempts": attempts})
            return Outcome(job, {"work": None, "error": reason, "attempts": attempts})
        backoff = delay or min(timedelta(seconds=2**attempts), self.settings.max_backoff)
        return Outcome(
            job,
            {"attempts": attempts, "error": reason, "due_at": self.clock.now() + backoff},
        )

    async def _writer(self) -> None:
        # One writer commits outcomes as soon as they arrive, many per transaction under load:
        # the gap between Telegram accepting a copy and the database knowing it (the only
        # window in which a crash can cause a duplicate) stays a few milliseconds.
        while True:
            batch = [await self._outcomes.get()]
            while not self._outcomes.empty() and len(batch) < self.settings.batch:
                batch.append(self._outcomes.get_nowait())
            await self._commit(batch)
            self._in_flight -= len(batch)
            self._settled.set()
            if self._in_flight == 0 and self._jobs.empty():
                self.wake()  # the claimer may be idle: let it look (and report 'drained')
            if any("due_at" in o.values for o in batch):
                self.wake()

    async def _commit(self, batch: list[Outcome]) -> None:
        delay = 0.05
        while True:
            try:
                await self._write(batch)
                return
            except Exception:  # the database is away: keep the outcomes and try again
                log.exception("could not record %d outbox outcomes; retrying", len(batch))
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _write(self, batch: list[Outcome]) -> None:
        now = self.clock.now()
        async with self.db.begin() as session:
            for outcome in batch:
                await session.execute(
                    update(AlertDelivery)
                    .where(AlertDelivery.id == outcome.job.delivery_id)
                    .values(claimed_at=None, **outcome.values)
                )
                if outcome.unreachable:
                    await session.execute(
                        update(Person)
                        .where(Person.id == outcome.job.person_id)
                        .values(unreachable_at=now)
                    )
        self.dirty.update(o.job.alert.id for o in batch)


def _final(state: DeliveryState, error: str | None) -> dict[str, Any]:
    return {"state": state, "work": None, "error": error}
