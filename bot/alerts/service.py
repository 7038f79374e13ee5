"""Alert operations: draft, confirm into the outbox, edit, retract, cancel (answers: answers.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import dialogue
from bot.alerts.audience import Audience, recipients_query
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
    session: AsyncSession, alert: Alert, coordinator: Person, *, now: datetime
) -> int:
    """Turn a draft into outbox rows, one per recipient, and return how many."""
    if alert.status is not AlertStatus.DRAFT:
        raise AlertNotDraft(number=alert.id)
    if not alert.texts:
        raise AlertTextEmpty
    due = alert.send_at if alert.send_at and alert.send_at > now else now
    priority = URGENT if alert.urgent else NORMAL
    # One INSERT … SELECT, not an object per recipient: 10,000 rows in well under a second,
    # so the first copy leaves soon after the coordinator presses send.
    recipients = recipients_query(Audience.from_json(alert.audience)).subquery()
    rows = select(
        literal(alert.id),
        recipients.c.id,
        recipients.c.telegram_user_id,
        recipients.c.language,
        literal(priority),
        (func.row_number().over(order_by=recipients.c.id) - 1),
        literal(DeliveryState.PENDING.value),
        literal(Work.SEND.value),
        literal(due, AlertDelivery.due_at.type),
        literal(0),
        literal(0),
    )
    d = AlertDelivery
    result = await session.execute(
        insert(d).from_select(
            [
                d.alert_id,
                d.person_id,
                d.chat_id,
                d.language,
                d.priority,
                d.seq,
                d.state,
                d.work,
                d.due_at,
                d.attempts,
                d.delivered_version,
            ],
            rows,
        )
    )
    count = int(result.rowcount or 0)  # type: ignore[attr-defined]
    if count == 0:
        raise AlertAudienceEmpty
    alert.status = AlertStatus.QUEUED
    await dialogue.end(session, coordinator.id, dialogue.ALERTS, alert.id)
    alert.confirmed_at = now
    alert.confirmed_by_id = coordinator.id
    alert.recipient_count = count
    alert.status_dirty = True
    Audit(session).record(
        at=now,
        action="alert.confirm",
        actor=coordinator,
        details={"alert_id": alert.id, "recipients": count, "audience": alert.audience},
    )
    return count


async def cancel(session: AsyncSession, alert: Alert, coordinator: Person, *, now: datetime) -> int:
    """Stop a send in progress: recipients not yet served get nothing. Return how many."""
    if alert.status is AlertStatus.DRAFT:
        await dialogue.end(session, coordinator.id, dialogue.ALERTS, alert.id)
        await session.delete(alert)
        return 0
    if alert.status is not AlertStatus.QUEUED:
        raise AlertNotDraft(number=alert.id)
    stopped = await _stop_pending(session, alert)
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
    kept = await session.scalar(select(Alert.counts).where(Alert.id == alert_id))
    if kept is not None:
        return Counts(*kept)
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
    return Counts(*(int(v) for v in row))


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
