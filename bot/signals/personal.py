"""What the signals feature holds about a person: the signals they reported, with the thread,
and what is let go of when they leave."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import iso
from bot.config import Config
from bot.signals.crypto import Sealer, UnreadableError
from bot.signals.service import opened
from storage.models import Person
from storage.signal_models import (
    EntryRole,
    NoticeState,
    Signal,
    SignalEntry,
    SignalNotice,
    SignalStatus,
)


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


async def forget_reporter(session: AsyncSession, person: Person, now: datetime) -> None:
    """When someone stops: drop their drafts, keep filed signals without their name."""
    await session.execute(
        delete(Signal).where(
            Signal.reporter_id == person.id,
            Signal.status.in_((SignalStatus.DRAFT, SignalStatus.CANCELLED)),
        )
    )
    await session.execute(
        delete(SignalNotice).where(
            SignalNotice.person_id == person.id, SignalNotice.state == NoticeState.PENDING
        )
    )
    mine = select(Signal).where(Signal.reporter_id == person.id)
    for signal in (await session.execute(mine)).scalars():
        signal.reporter_id = None
        signal.anonymous = True
    await session.execute(
        update(SignalEntry)
        .where(SignalEntry.author_id == person.id, SignalEntry.role == EntryRole.REPORT)
        .values(author_id=None)
    )


async def erase(session: AsyncSession, config: Config, person: Person, now: datetime) -> None:
    """Let go of the reporter (drafts go, filed signals lose their name; the contents follow
    signal retention) and detach the notices sent to them from their chat."""
    await forget_reporter(session, person, now)
    await session.execute(
        update(SignalNotice).where(SignalNotice.person_id == person.id).values(chat_id=None)
    )
