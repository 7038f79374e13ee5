"""What the signals feature holds about a person: the signals they reported, with the thread."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import iso
from bot.config import Config
from bot.signals.crypto import Sealer, UnreadableError
from bot.signals.service import opened
from storage.models import Person
from storage.signal_models import Signal, SignalEntry


async def export(session: AsyncSession, config: Config, person: Person) -> dict[str, Any]:
    """Return every signal the person reported, its thread opened (decrypted)."""
    sealer = Sealer.from_config(config.security)
    signals = (
        await session.scalars(
            select(Signal).where(Signal.reporter_id == person.id).order_by(Signal.id)
        )
    ).all()
    reported = []
    for signal in signals:
        entries = (
            await session.scalars(
                select(SignalEntry)
                .where(SignalEntry.signal_id == signal.id)
                .order_by(SignalEntry.created_at, SignalEntry.id)
            )
        ).all()
        thread = []
        for entry in entries:
            try:
                text = opened(entry, sealer).text
            except (UnreadableError, ValueError):
                text = "🔒"
            thread.append(
                {
                    "at": iso(entry.created_at),
                    "role": entry.role.value,
                    "kind": entry.kind.value,
                    "by_you": entry.author_id == person.id,
                    "text": text,
                }
            )
        reported.append(
            {
                "number": signal.id,
                "status": signal.status.value,
                "theme": signal.theme,
                "neighbourhood": signal.wijk,
                "urgency": signal.urgency.value,
                "name_passed_on": not signal.anonymous,
                "created_at": iso(signal.created_at),
                "filed_at": iso(signal.filed_at),
                "closed_at": iso(signal.closed_at),
                "wiped_at": iso(signal.wiped_at),
                "thread": thread,
            }
        )
    return {"signals_reported": reported}
