"""What the alerts feature holds about a person: the alerts sent to them and their answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import iso
from bot.config import Config
from storage.models import ERASED_CHAT, Alert, AlertDelivery, DeliveryState, Person


async def export(session: AsyncSession, config: Config, person: Person) -> dict[str, Any]:
    """Return every alert copy addressed to the person, with their acknowledgements."""
    rows = (
        await session.execute(
            select(AlertDelivery, Alert)
            .join(Alert, Alert.id == AlertDelivery.alert_id)
            .where(AlertDelivery.person_id == person.id)
            .order_by(AlertDelivery.alert_id)
        )
    ).all()
    received = [
        {
            "number": alert.id,
            "kind": alert.kind.value,
            "text": alert.texts.get(delivery.language) or next(iter(alert.texts.values()), ""),
            "state": delivery.state.value,
            "sent_at": iso(delivery.sent_at),
            "acknowledged_at": iso(delivery.acked_at),
            "passed_on_at": iso(delivery.passed_on_at),
            "question_at": iso(delivery.question_at),
        }
        for delivery, alert in rows
    ]
    return {"alerts_received": received}


async def erase(session: AsyncSession, config: Config, person: Person, now: datetime) -> None:
    """Detach the person's copies: nothing more is sent or changed in their chat, and the chat
    id goes; the alert's figures (sent, acknowledged) stay."""
    mine = AlertDelivery.person_id == person.id
    await session.execute(
        update(AlertDelivery)
        .where(mine, AlertDelivery.state == DeliveryState.PENDING)
        .values(state=DeliveryState.CANCELLED)
    )
    await session.execute(update(AlertDelivery).where(mine).values(chat_id=ERASED_CHAT, work=None))
