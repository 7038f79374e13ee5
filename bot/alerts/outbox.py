"""Alerts as a source of the outbox: claim due delivery rows, check them again, record outcomes.

Every copy of an alert is a row (AlertDelivery) before anything is sent; the outbox engine
(bot.outbox.engine) claims, sends and records them. A copy can be sent twice only if its row
was claimed and its outcome not committed when the process died (at most
SenderSettings.in_flight_bound rows; asserted by tests/e2e/test_crash.py), or after a timeout,
which Telegram leaves ambiguous. Meeting invitations and reminders are alerts too.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, Update, bindparam, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import ExtBot

from bot.alerts import service
from bot.alerts.audience import Audience, recipients_query
from bot.alerts.delivery import Courier, Job, SenderSettings, retry
from bot.clock import Clock
from bot.config import Config
from bot.i18n import Translator
from bot.outbox.source import Backlog, Outcome
from storage.models import Alert, AlertDelivery, AlertStatus, DeliveryState, Person, Work

__all__ = ["KIND", "AlertSource", "SenderSettings"]

log = logging.getLogger(__name__)

LIVE = (AlertStatus.QUEUED, AlertStatus.SENT)
KIND = "alerts"


class AlertSource:
    """Alert copies (send, edit, delete, remind) as rows of the outbox."""

    kind = KIND

    def __init__(
        self, config: Config, t: Translator, clock: Clock, settings: SenderSettings | None = None
    ) -> None:
        self.config, self.t, self.clock = config, t, clock
        self.settings = settings or SenderSettings()
        self.workers, self.batch = self.settings.workers, self.settings.batch
        self._courier: Courier | None = None
        self._claimed: Counter[int] = Counter()  # alert id -> copies claimed, not yet recorded
        # Alerts cancelled or retracted while copies of them were claimed: not sent any more.
        self.halted: set[int] = set()
        # Alerts whose counts changed since the live status last looked (same process).
        self.dirty: set[int] = set()
        # Alert id -> set when its first copy has been handed to Telegram (expect_first).
        self._first: dict[int, asyncio.Event] = {}

    def expect_first(self, alert_id: int) -> asyncio.Event:
        """Return an event set when a copy of this alert next goes out (forget_first ends it)."""
        return self._first.setdefault(alert_id, asyncio.Event())

    def forget_first(self, alert_id: int) -> None:
        """Stop expecting an alert's first copy."""
        self._first.pop(alert_id, None)

    def halt(self, alert_id: int) -> None:
        """Stop claimed copies of a cancelled or retracted alert from going out."""
        self.halted.add(alert_id)

    async def recover(self, session: AsyncSession) -> int:
        """Release every claimed row, and look again at every alert still sending."""
        result = await session.execute(
            update(AlertDelivery)
            .where(AlertDelivery.claimed_at.is_not(None))
            .values(claimed_at=None)
        )
        # A previous run may have died before showing the last figures.
        sending = await session.scalars(select(Alert.id).where(Alert.status == AlertStatus.QUEUED))
        self.dirty.update(sending.all())
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def _refresh_halted(self, session: AsyncSession) -> None:
        # Another process (or the CLI) may have cancelled an alert we hold copies of.
        if not self._claimed:
            return
        stopped = await session.scalars(
            select(Alert.id).where(Alert.id.in_(list(self._claimed)), Alert.status.not_in(LIVE))
        )
        self.halted.update(stopped.all())

    async def claim(self, session: AsyncSession, limit: int, now: datetime) -> list[Job]:
        """Claim a batch of due rows, dropping those no longer wanted; return the jobs.

        Rows are read as tuples and changed with one statement per kind of change; the
        eligibility check looks only at the claimed people."""
        await self._refresh_halted(session)
        d = AlertDelivery
        ids_stmt = (
            select(d.id)
            .where(d.work.is_not(None), d.claimed_at.is_(None), d.due_at <= now)
            .order_by(d.priority, d.seq, d.alert_id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list((await session.scalars(ids_stmt)).all())
        if not ids and await self._queue_more(session, now=now):
            # Nothing written was due: the next chunk of an alert still being written is.
            ids = list((await session.scalars(ids_stmt)).all())
        if not ids:
            return []
        rows = (
            await session.execute(
                select(*_ROW, Person.quiet_hours)
                .join(Person, Person.id == d.person_id)
                .where(d.id.in_(ids))
                .order_by(d.priority, d.seq, d.alert_id)
            )
        ).all()
        alerts = {
            alert.id: alert
            for alert in await session.scalars(
                select(Alert).where(Alert.id.in_({row.alert_id for row in rows}))
            )
        }
        eligible = await _eligible(session, rows, alerts)
        claimed: list[int] = []
        dropped: dict[DeliveryState | None, list[int]] = {}
        jobs: list[Job] = []
        for row in rows:
            alert = alerts[row.alert_id]
            reaches_person = row.work in (Work.SEND, Work.REMIND)
            if reaches_person and (alert.status not in LIVE or row.id not in eligible):
                # Stopped, or consent withdrawn, /stop or unreachable since it was queued.
                why = DeliveryState.SKIPPED if alert.status in LIVE else DeliveryState.CANCELLED
                dropped.setdefault(why if row.work is Work.SEND else None, []).append(row.id)
                self.dirty.add(alert.id)
            else:
                claimed.append(row.id)
                jobs.append(_job(row, alert))
        for new_state, dropped_ids in dropped.items():
            values: dict[str, Any] = {"work": None}
            if new_state is not None:
                values["state"] = new_state
            await session.execute(update(d).where(d.id.in_(dropped_ids)).values(**values))
        if claimed:
            await session.execute(update(d).where(d.id.in_(claimed)).values(claimed_at=now))
        for job in jobs:
            self._claimed[job.alert.id] += 1
        # An alert whose copies are still being written gets its next chunk once sending comes
        # near the end of what is written; not before, so its first copies never wait for it.
        reached: dict[int, int] = {}
        for row in rows:
            reached[row.alert_id] = max(reached.get(row.alert_id, 0), row.seq)
        near_end = [
            alert.id
            for alert in alerts.values()
            if alert.queue_after is not None
            and reached[alert.id] >= alert.queued - self.settings.refill_margin
        ]
        if near_end:
            await self._queue_more(session, near_end, now=now)
        return jobs

    async def _queue_more(
        self, session: AsyncSession, ids: Sequence[int] | None = None, *, now: datetime
    ) -> int:
        written = 0
        for alert in await service.queueing(session, ids, due_by=now):
            written += await service.queue_more(session, alert, self.settings.chunk)
            self.dirty.add(alert.id)
        return written

    async def backlog(self, session: AsyncSession, now: datetime) -> Backlog:
        """Count the copies, edits, deletions and reminders due now, with the recipients of
        alerts due whose copies are not written yet."""
        d = AlertDelivery
        due, oldest = (
            await session.execute(
                select(func.count(), func.min(d.due_at)).where(d.work.is_not(None), d.due_at <= now)
            )
        ).one()
        unwritten = await session.scalar(
            select(func.coalesce(func.sum(Alert.recipient_count - Alert.queued), 0)).where(
                Alert.status == AlertStatus.QUEUED,
                Alert.queue_after.is_not(None),
                or_(Alert.send_at.is_(None), Alert.send_at <= now),
            )
        )
        return Backlog(int(due) + max(0, int(unwritten or 0)), oldest)

    async def perform(self, bot: ExtBot[Any], job: Job) -> Outcome[Job]:
        """Do one claimed job, unless its alert was stopped meanwhile."""
        courier = self._courier
        if courier is None or courier.bot is not bot:
            courier = self._courier = Courier(bot, self.t, self.config, self.clock, self.settings)
        if job.alert.id in self.halted and job.work is not Work.DELETE:
            return courier.halted(job)
        outcome = await courier.perform(job)
        if self._first and (first := self._first.pop(job.alert.id, None)) is not None:
            first.set()
        return outcome

    def failed(self, job: Job) -> Outcome[Job]:
        """Try a job whose courier failed unexpectedly again later."""
        return retry(job, "internal", self.clock.now(), self.settings)

    async def record(
        self, session: AsyncSession, outcomes: list[Outcome[Job]], now: datetime
    ) -> None:
        """Write outcomes, queueing the follow-up a copy that just went out still needs: one
        statement per kind of outcome (executemany), not one per row."""
        alert_ids = {o.job.alert.id for o in outcomes}
        current = {
            row.id: (row.status, row.version)
            for row in (
                await session.execute(
                    select(Alert.id, Alert.status, Alert.version).where(Alert.id.in_(alert_ids))
                )
            ).all()
        }
        groups: dict[tuple[bool, tuple[str, ...]], list[dict[str, Any]]] = {}
        for outcome in outcomes:
            job = outcome.job
            values = dict(outcome.values)
            follow_up = _follow_up(outcome, *current[job.alert.id]) if outcome.sent else None
            if outcome.done and follow_up is not None:
                values |= {"due_at": now, "attempts": 0}
            params = {f"v_{key}": value for key, value in values.items()}
            params |= {"row_id": job.delivery_id, "job_work": job.work, "follow_up": follow_up}
            groups.setdefault((outcome.done, tuple(sorted(values))), []).append(params)
        for (done, keys), rows in groups.items():
            await session.execute(_outcome_update(done, keys), rows)
        unreachable = [{"person": o.job.person_id} for o in outcomes if o.unreachable]
        if unreachable:
            people = cast(Table, Person.__table__)
            await session.execute(
                people.update()
                .where(people.c.id == bindparam("person"))
                .values(unreachable_at=now),
                unreachable,
            )

    def settled(self, outcomes: list[Outcome[Job]]) -> None:
        """Forget the copies recorded; their alerts' figures changed."""
        for outcome in outcomes:
            self._claimed[outcome.job.alert.id] -= 1
            self.dirty.add(outcome.job.alert.id)
        self._claimed = +self._claimed  # drop zero counts


@functools.cache
def _outcome_update(done: bool, keys: tuple[str, ...]) -> Update:
    """Build the executemany UPDATE for outcomes with these column values.

    Only the work a job did is finished: a retract or edit queued meanwhile (another work
    value) stays, and a copy that went out gets its follow-up (also when a cancel or retract
    cleared its row while it was in flight)."""
    d = cast(Table, AlertDelivery.__table__)
    values: dict[str, Any] = {key: bindparam(f"v_{key}", type_=d.c[key].type) for key in keys}
    if done:
        values["work"] = case(
            (
                or_(d.c.work == bindparam("job_work", type_=d.c.work.type), d.c.work.is_(None)),
                bindparam("follow_up", type_=d.c.work.type),
            ),
            else_=d.c.work,
        )
    return d.update().where(d.c.id == bindparam("row_id")).values(claimed_at=None, **values)


def _follow_up(outcome: Outcome[Job], status: AlertStatus, version: int) -> Work | None:
    """Return what a copy that just went out still needs: deletion, or the newer text."""
    if status is AlertStatus.RETRACTED:
        return Work.DELETE
    if version > int(outcome.values.get("delivered_version", version)):
        return Work.EDIT
    return None


async def _eligible(
    session: AsyncSession, rows: Sequence[Any], alerts: dict[int, Alert]
) -> set[int]:
    """Return the ids of rows whose person still belongs to the alert's audience."""
    by_alert: dict[int, dict[int, int]] = {}
    for row in rows:
        if row.work in (Work.SEND, Work.REMIND):
            by_alert.setdefault(row.alert_id, {})[row.person_id] = row.id
    eligible: set[int] = set()
    for alert_id, people in by_alert.items():
        audience = Audience.from_json(alerts[alert_id].audience)
        stmt = recipients_query(audience, among=list(people)).with_only_columns(Person.id)
        eligible.update(people[pid] for pid in (await session.scalars(stmt)).all())
    return eligible


# What a claim reads of each row.
_ROW = (
    AlertDelivery.id,
    AlertDelivery.alert_id,
    AlertDelivery.work,
    AlertDelivery.chat_id,
    AlertDelivery.person_id,
    AlertDelivery.language,
    AlertDelivery.message_id,
    AlertDelivery.attempts,
    AlertDelivery.seq,
)


def _job(row: Any, alert: Alert) -> Job:
    assert row.work is not None
    assert row.person_id is not None  # claims join the person: a detached copy never is
    return Job(
        delivery_id=row.id,
        work=row.work,
        chat_id=row.chat_id,
        person_id=row.person_id,
        language=row.language,
        message_id=row.message_id,
        attempts=row.attempts,
        quiet_hours=row.quiet_hours,
        alert=alert,
    )
