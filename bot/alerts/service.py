"""Alert operations: draft, confirm into the outbox, edit, retract, cancel (answers: answers.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import dialogue, events
from bot.alerts.audience import Audience, anyone, recipients_query, size
from bot.errors import (
    AlertAudienceEmpty,
    AlertNotDraft,
    AlertTextEmpty,
    AlertTextTooLong,
    AlertUnknown,
    fitting,
)
from storage.models import (
    Alert,
    AlertDelivery,
    AlertKind,
    AlertStatus,
    AlertTemplate,
    DeliveryState,
    Person,
    Work,
)
from storage.repositories import Audit

# Room for the header line and the "shareable" label within Telegram's 4096 characters.
MAX_TEXT = 3800
URGENT, NORMAL = 0, 1
# Copies written with the confirmation; the sender writes the rest (SenderSettings.chunk).
FIRST_CHUNK = 250  # about 8 ms to write on SQLite; 1,000/s sends them in 250 ms
# Telegram lets a bot delete its own messages for 48 hours.
DELETE_WINDOW = timedelta(hours=48)


@dataclass(frozen=True, slots=True)
class Counts:
    """Delivery figures for one alert, as the live status message shows them."""

    total: int
    pending: int
    sent: int
    blocked: int
    not_found: int
    failed: int
    skipped: int
    cancelled: int
    acked: int
    passed_on: int
    questions: int

    @property
    def done(self) -> bool:
        """Tell whether no recipient is still waiting to be sent."""
        return self.pending == 0


def clean_text(raw: str | None) -> str:
    """Return the alert text as given, refusing empty and over-long texts."""
    body = (raw or "").strip()
    if not body:
        raise AlertTextEmpty
    length = telegram_length(body)
    if length > MAX_TEXT:
        raise AlertTextTooLong(length=length, limit=MAX_TEXT)
    return body


def telegram_length(text: str) -> int:
    """Count characters as Telegram does: in UTF-16 code units (an emoji may count as two)."""
    return len(text.encode("utf-16-le")) // 2


async def draft_of(session: AsyncSession, coordinator: Person) -> Alert | None:
    """Return the coordinator's open draft, if any."""
    stmt = (
        select(Alert)
        .where(
            Alert.status == AlertStatus.DRAFT,
            Alert.created_by_id == coordinator.id,
            Alert.kind == AlertKind.ALERT,  # news and meeting messages have dialogues of their own
        )
        .order_by(Alert.id.desc())
        .limit(1)
    )
    return (await session.scalars(stmt)).one_or_none()


async def new_draft(session: AsyncSession, coordinator: Person, *, now: datetime) -> Alert:
    """Start a draft (dropping an earlier unfinished one by the same coordinator)."""
    earlier = await draft_of(session, coordinator)
    if earlier is not None:
        await session.delete(earlier)
    return await blank_alert(session, coordinator, now=now)


async def blank_alert(session: AsyncSession, coordinator: Person, *, now: datetime) -> Alert:
    """Create an empty draft without touching the coordinator's other drafts (the CLI)."""
    alert = Alert(
        created_by_id=coordinator.id,
        created_at=now,
        status=AlertStatus.DRAFT,
        texts={},
        audience={},
        urgent=False,
        silent=False,
        shareable=False,
        version=1,
        recipient_count=0,
        status_dirty=False,
    )
    session.add(alert)
    await session.flush()
    return alert


async def get(session: AsyncSession, alert_id: int, *, for_update: bool = False) -> Alert:
    """Return an alert or raise AlertUnknown."""
    stmt = select(Alert).where(Alert.id == alert_id)
    if for_update:
        stmt = stmt.with_for_update()
    alert = (await session.scalars(stmt)).one_or_none()
    if alert is None:
        raise AlertUnknown(number=alert_id)
    return alert


async def confirm(
    session: AsyncSession,
    alert: Alert,
    coordinator: Person,
    *,
    now: datetime,
    first: int = FIRST_CHUNK,
    count: bool = True,
) -> int:
    """Queue a draft: count its recipients, write the first copies, and leave the rest to
    `queue_more`; return how many it goes to.

    With `count=False` the audience is only checked for anyone at all, and counted after the
    commit (`count_recipients`), so that the first copies leave sooner; until then the alert
    counts the copies written, and this returns that number."""
    if alert.status is not AlertStatus.DRAFT:
        raise AlertNotDraft(number=alert.id)
    if not alert.texts:
        raise AlertTextEmpty
    audience = Audience.from_json(alert.audience)
    total = await size(session, audience) if count else None
    if total == 0 or (total is None and not await anyone(session, audience)):
        raise AlertAudienceEmpty
    alert.status = AlertStatus.QUEUED
    await dialogue.end(session, coordinator.id, dialogue.ALERTS, alert.id)
    alert.confirmed_at = now
    alert.confirmed_by_id = coordinator.id
    alert.recipient_count = total or 0
    alert.queue_after, alert.queued = 0, 0
    alert.status_dirty = True
    # The first copies now, so the first leaves as soon as this commits; the sender writes the
    # rest in chunks between its claims (all 10,000 here took about 130 ms on SQLite).
    await queue_more(session, alert, first)
    Audit(session).record(
        at=now,
        action="alert.confirm",
        actor=coordinator,
        details={"alert_id": alert.id, "audience": alert.audience},
    )
    if total is not None:
        events.alert_queued(alert.id, total)
    return alert.recipient_count


async def count_recipients(session: AsyncSession, alert_id: int) -> int:
    """Count everyone a queued alert goes to, after `confirm(count=False)` committed: the
    copies written plus the people its audience names who had joined when it was confirmed
    and have no copy yet (copies are written in order of person). Only reads, so it never
    holds up the sender; `record_count` stores the number."""
    alert = await get(session, alert_id)
    if alert.queue_after is None or alert.confirmed_at is None:
        return alert.recipient_count  # all written: exact already
    audience = Audience.from_json(alert.audience)
    rest = await size(session, audience, joined_by=alert.confirmed_at, after=alert.queue_after)
    return alert.queued + rest


async def record_count(session: AsyncSession, alert_id: int, total: int) -> None:
    """Store what `count_recipients` found, unless every copy was written meanwhile (the
    alert then counts exactly what was written)."""
    await session.execute(
        update(Alert)
        .where(Alert.id == alert_id, Alert.queue_after.is_not(None))
        .values(recipient_count=total, status_dirty=True)
    )
    events.alert_queued(alert_id, total)


async def queue_more(session: AsyncSession, alert: Alert, limit: int) -> int:
    """Write the next copies of a queued alert (up to `limit`), in one INSERT … SELECT over
    people the audience names who had joined when it was confirmed; return how many.

    When the audience has no more, the alert is fully written and `recipient_count` becomes
    the number of copies: someone who left or withdrew consent meanwhile gets none."""
    after = alert.queue_after
    if after is None or alert.confirmed_at is None:
        return 0
    if alert.status is not AlertStatus.QUEUED:
        alert.queue_after = None  # cancelled or retracted: nobody else gets it
        return 0
    confirmed = alert.confirmed_at
    due = alert.send_at if alert.send_at and alert.send_at > confirmed else confirmed
    recipients = (
        recipients_query(Audience.from_json(alert.audience))
        .where(
            Person.id > after,
            func.coalesce(Person.joined_at, Person.created_at) <= confirmed,
        )
        .limit(limit)
        .subquery()
    )
    rows = select(
        literal(alert.id),
        recipients.c.id,
        recipients.c.telegram_user_id,
        recipients.c.language,
        literal(URGENT if alert.urgent else NORMAL),
        (func.row_number().over(order_by=recipients.c.id) - 1 + alert.queued),
        literal(DeliveryState.PENDING.value),
        literal(Work.SEND.value),
        literal(due, AlertDelivery.due_at.type),
        literal(0),
        literal(0),
    )
    d = AlertDelivery
    columns: list[Any] = [d.alert_id, d.person_id, d.chat_id, d.language, d.priority, d.seq]
    columns += [d.state, d.work, d.due_at, d.attempts, d.delivered_version]
    await session.execute(insert(d).from_select(columns, rows))
    written = await session.execute(
        select(func.count(), func.max(d.person_id)).where(
            d.alert_id == alert.id, d.person_id > after
        )
    )
    added, last = written.one()
    alert.queued += int(added)
    if added < limit or last is None:
        alert.queue_after = None
        alert.recipient_count = alert.queued
    else:
        alert.queue_after = int(last)
        # Not counted yet (confirm(count=False) and no count_recipients): at least these.
        alert.recipient_count = max(alert.recipient_count, alert.queued)
    alert.status_dirty = True
    return int(added)


async def queueing(
    session: AsyncSession, ids: Sequence[int] | None = None, *, due_by: datetime
) -> Sequence[Alert]:
    """Return the alerts (of these, if given) whose copies are still being written and are
    due by then, read afresh and locked for update; one locked by a cancel or retract in
    progress is skipped this time (waiting would deadlock with its pending copies)."""
    stmt = (
        select(Alert)
        .where(
            Alert.queue_after.is_not(None),
            or_(Alert.send_at.is_(None), Alert.send_at <= due_by),
        )
        .order_by(Alert.id)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    if ids is not None:
        stmt = stmt.where(Alert.id.in_(ids))
    return (await session.scalars(stmt)).all()


async def cancel(session: AsyncSession, alert: Alert, coordinator: Person, *, now: datetime) -> int:
    """Stop a send in progress: recipients not yet served get nothing. Return how many."""
    if alert.status is AlertStatus.DRAFT:
        await dialogue.end(session, coordinator.id, dialogue.ALERTS, alert.id)
        await session.delete(alert)
        return 0
    if alert.status is not AlertStatus.QUEUED:
        raise AlertNotDraft(number=alert.id)
    stopped = await _stop_pending(session, alert)
    if alert.queue_after is not None:  # recipients not written yet get nothing either
        stopped += max(0, alert.recipient_count - alert.queued)
        alert.queue_after, alert.recipient_count = None, alert.queued
    alert.status = AlertStatus.CANCELLED
    alert.cancelled_at = now
    alert.status_dirty = True
    Audit(session).record(
        at=now,
        action="alert.cancel",
        actor=coordinator,
        details={"alert_id": alert.id, "not_sent": stopped},
    )
    return stopped


async def edit(
    session: AsyncSession,
    alert: Alert,
    coordinator: Person,
    text: str,
    *,
    language: str,
    now: datetime,
) -> int:
    """Correct the text everywhere it was delivered; return how many copies will be edited."""
    if alert.status not in (AlertStatus.QUEUED, AlertStatus.SENT):
        raise AlertNotDraft(number=alert.id)
    # The correction replaces every language: a reader of another language now gets the
    # corrected text rather than keeping an uncorrected translation.
    alert.texts = {language: clean_text(text)}
    alert.version += 1
    result = await session.execute(
        update(AlertDelivery)
        .where(
            AlertDelivery.alert_id == alert.id,
            AlertDelivery.state == DeliveryState.SENT,
            AlertDelivery.work.is_(None),
        )
        .values(work=Work.EDIT, due_at=now, attempts=0)
    )
    Audit(session).record(
        at=now,
        action="alert.edit",
        actor=coordinator,
        details={"alert_id": alert.id, "version": alert.version},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def retract(
    session: AsyncSession, alert: Alert, coordinator: Person, *, now: datetime
) -> tuple[int, int]:
    """Withdraw an alert: delete delivered copies younger than 48 h; return (deleted, too old)."""
    if alert.status not in (AlertStatus.QUEUED, AlertStatus.SENT):
        raise AlertNotDraft(number=alert.id)
    await _stop_pending(session, alert)
    if alert.queue_after is not None:  # nobody else gets it
        alert.queue_after, alert.recipient_count = None, alert.queued
    sent = AlertDelivery.alert_id == alert.id, AlertDelivery.state == DeliveryState.SENT
    recent = await session.execute(
        update(AlertDelivery)
        .where(*sent, AlertDelivery.sent_at > now - DELETE_WINDOW)
        .values(work=Work.DELETE, due_at=now, attempts=0)
    )
    old = await session.scalar(
        select(func.count()).where(*sent, AlertDelivery.sent_at <= now - DELETE_WINDOW)
    )
    alert.status = AlertStatus.RETRACTED
    alert.retracted_at = now
    alert.status_dirty = True
    Audit(session).record(
        at=now, action="alert.retract", actor=coordinator, details={"alert_id": alert.id}
    )
    return int(recent.rowcount or 0), int(old or 0)  # type: ignore[attr-defined]


async def _stop_pending(session: AsyncSession, alert: Alert) -> int:
    result = await session.execute(
        update(AlertDelivery)
        .where(AlertDelivery.alert_id == alert.id, AlertDelivery.state == DeliveryState.PENDING)
        .values(state=DeliveryState.CANCELLED, work=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def counts(session: AsyncSession, alert_id: int) -> Counts:
    """Count an alert's deliveries by outcome and feedback, in one query; once its copies are
    compacted, the figures kept on the alert."""
    alert = (
        await session.execute(
            select(Alert.counts, Alert.recipient_count, Alert.queued, Alert.queue_after).where(
                Alert.id == alert_id
            )
        )
    ).one_or_none()
    kept, count, queued, queueing_ = alert or (None, 0, 0, None)
    if kept is not None:
        return Counts(*kept)
    # Recipients whose copies are not written yet are waiting to be sent.
    unwritten = max(0, count - queued) if queueing_ is not None else 0
    d = AlertDelivery

    def n(condition: object) -> object:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)  # type: ignore[arg-type]

    row = (
        await session.execute(
            select(
                func.count(),
                n(d.state == DeliveryState.PENDING),
                n(d.state == DeliveryState.SENT),
                n(d.state == DeliveryState.BLOCKED),
                n(d.state == DeliveryState.NOT_FOUND),
                n(d.state == DeliveryState.FAILED),
                n(d.state == DeliveryState.SKIPPED),
                n(d.state == DeliveryState.CANCELLED),
                n(d.acked_at.is_not(None)),
                n(d.passed_on_at.is_not(None)),
                n(d.question_at.is_not(None)),
            ).where(d.alert_id == alert_id)  # type: ignore[call-overload]
        )
    ).one()
    figures = [int(v) for v in row]
    figures[0] += unwritten
    figures[1] += unwritten
    return Counts(*figures)


async def compact(session: AsyncSession, alert_id: int) -> int:
    """Keep an alert's figures on the alert and delete its copies; return how many went."""
    figures = await counts(session, alert_id)
    await session.execute(
        update(Alert).where(Alert.id == alert_id).values(counts=list(astuple(figures)))
    )
    result = await session.execute(delete(AlertDelivery).where(AlertDelivery.alert_id == alert_id))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def save_template(
    session: AsyncSession, alert: Alert, coordinator: Person, name: str, *, now: datetime
) -> AlertTemplate:
    """Keep an alert's text as a template for recurring situations."""
    template = AlertTemplate(
        name=fitting(name.strip(), AlertTemplate.name) or f"#{alert.id}",
        texts=dict(alert.texts),
        created_by_id=coordinator.id,
        created_at=now,
    )
    session.add(template)
    await session.flush()
    return template


async def templates(session: AsyncSession) -> Sequence[AlertTemplate]:
    """Return all templates, by name."""
    return (await session.scalars(select(AlertTemplate).order_by(AlertTemplate.name))).all()


async def recent_alerts(session: AsyncSession, limit: int = 10) -> Sequence[Alert]:
    """Return the newest alerts of every coordinator, drafts included."""
    return (await session.scalars(select(Alert).order_by(Alert.id.desc()).limit(limit))).all()
