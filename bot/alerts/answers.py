"""What recipients answer to an alert: acknowledgements, who has not, and escalation reminders."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import dialogue
from bot.errors import StaleAction
from storage.models import Alert, AlertDelivery, AlertStatus, DeliveryState, Person, Work

# After 'Question', the person's next message within this window is the question.
QUESTION = "question"
QUESTION_WINDOW = timedelta(minutes=30)
# Reminders are due up to this long after their time (an alert's start plus its escalation
# minutes): a day later a reminder is stale news, and older alerts stay out of the scan that
# runs every half minute.
ESCALATION_WINDOW = timedelta(days=1)
MAX_ESCALATION = timedelta(days=7)  # the longest escalation looked for


class Ack(enum.StrEnum):
    """The feedback buttons under every alert."""

    RECEIVED = "r"
    PASSED_ON = "p"
    QUESTION = "q"


async def acknowledge(
    session: AsyncSession, alert_id: int, person: Person, ack: Ack, *, now: datetime
) -> AlertDelivery:
    """Record a recipient's feedback; only the person the copy was sent to can give it."""
    stmt = (
        select(AlertDelivery)
        .where(AlertDelivery.alert_id == alert_id, AlertDelivery.person_id == person.id)
        .with_for_update()
    )
    delivery = (await session.scalars(stmt)).one_or_none()
    # Read, never lock or write, the alert here: cancel and retract lock the alert first and
    # then its rows; taking them in the other order could deadlock on PostgreSQL.
    alert = await session.get(Alert, alert_id)
    if (
        delivery is None
        or alert is None
        or delivery.state is not DeliveryState.SENT
        or alert.status is AlertStatus.RETRACTED
    ):
        raise StaleAction
    delivery.acked_at = delivery.acked_at or now
    if ack is Ack.PASSED_ON:
        delivery.passed_on_at = delivery.passed_on_at or now
    elif ack is Ack.QUESTION:
        delivery.question_at = now
        await dialogue.start(
            session, person.id, dialogue.ALERTS, QUESTION, alert_id, now=now, ttl=QUESTION_WINDOW
        )
    return delivery


async def unacknowledged(session: AsyncSession, alert_id: int) -> Sequence[Person]:
    """Return the people who received the alert but have not pressed any button."""
    stmt = (
        select(Person)
        .join(AlertDelivery, AlertDelivery.person_id == Person.id)
        .where(
            AlertDelivery.alert_id == alert_id,
            AlertDelivery.state == DeliveryState.SENT,
            AlertDelivery.acked_at.is_(None),
        )
        .order_by(Person.display_name)
    )
    return (await session.scalars(stmt)).all()


async def people_in_state(
    session: AsyncSession, alert_id: int, state: DeliveryState
) -> Sequence[Person]:
    """Return the recipients of an alert whose copy ended in `state`."""
    stmt = (
        select(Person)
        .join(AlertDelivery, AlertDelivery.person_id == Person.id)
        .where(AlertDelivery.alert_id == alert_id, AlertDelivery.state == state)
        .order_by(Person.display_name)
    )
    return (await session.scalars(stmt)).all()


async def schedule_reminders(session: AsyncSession, *, now: datetime) -> dict[int, int]:
    """Queue one reminder for everyone who has not acknowledged in time; return counts per
    alert. Only alerts whose reminders fell due within ESCALATION_WINDOW are looked at (one
    UPDATE each, by the alert's index), so the scan stays small however much history there
    is."""
    candidates = (
        await session.execute(
            select(Alert.id, Alert.escalate_minutes, Alert.send_at, Alert.confirmed_at).where(
                Alert.escalate_minutes.is_not(None),
                Alert.status.in_((AlertStatus.QUEUED, AlertStatus.SENT)),
                # The widest window any alert could have: a week of escalation at most.
                func.coalesce(Alert.send_at, Alert.confirmed_at)
                >= now - ESCALATION_WINDOW - MAX_ESCALATION,
            )
        )
    ).all()
    alerts = [
        (alert_id, minutes)
        for alert_id, minutes, send_at, confirmed_at in candidates
        if (went := send_at or confirmed_at) is not None
        and went + timedelta(minutes=minutes or 0) + ESCALATION_WINDOW >= now
    ]
    queued: dict[int, int] = {}
    d = AlertDelivery
    for alert_id, minutes in alerts:
        # reminded_at marks the one reminder as used even if sending it fails.
        result = await session.execute(
            update(d)
            .where(
                d.alert_id == alert_id,
                d.state == DeliveryState.SENT,
                d.acked_at.is_(None),
                d.reminded_at.is_(None),
                d.work.is_(None),
                d.sent_at <= now - timedelta(minutes=minutes or 0),
            )
            .values(work=Work.REMIND, due_at=now, reminded_at=now, attempts=0)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            queued[alert_id] = int(result.rowcount)  # type: ignore[attr-defined]
    return queued
