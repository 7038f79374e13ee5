"""What the alerts feature holds about a person: the alerts sent to them and their answers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import iso
from bot.config import Config
from storage.models import Alert, AlertDelivery, Person


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
