"""Operator tasks on stored signal contents: key rotation and the partner export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.config import Config
from bot.signals import reports
from bot.signals.crypto import Sealer, UnreadableError
from storage.db import Database
from storage.repositories import Audit
from storage.signal_models import SignalEntry

BATCH = 500


@dataclass(frozen=True, slots=True)
class Rotation:
    """What a key rotation did."""

    resealed: int
    unreadable: int


async def rotate(db: Database, sealer: Sealer, *, now: datetime) -> Rotation:
    """Seal every stored text and file id with the current key (or as plaintext without one)."""
    resealed = unreadable = 0
    last = 0
    while True:
        async with db.begin() as session:
            stmt = select(SignalEntry).where(SignalEntry.id > last).order_by(SignalEntry.id)
            batch = list((await session.execute(stmt.limit(BATCH))).scalars())
            if not batch:
                break
            for entry in batch:
                for column in ("body", "file_ref"):
                    stored: str | None = getattr(entry, column)
                    if stored is None or sealer.is_current(stored):
                        continue
                    try:
                        setattr(entry, column, sealer.reseal(stored))
                        resealed += 1
                    except UnreadableError:
                        unreadable += 1
            last = batch[-1].id
    async with db.begin() as session:
        Audit(session).record(
            at=now,
            action="signals.rotate_key",
            actor=None,
            actor_label="cli",
            details={"resealed": resealed, "unreadable": unreadable},
        )
    return Rotation(resealed, unreadable)


async def export(
    db: Database, config: Config, sealer: Sealer, *, now: datetime, since: datetime | None
) -> str:
    """Return the partner CSV and note in the audit log that it was made."""
    async with db.begin() as session:
        text = await reports.export_csv(session, sealer, tz=config.network.timezone, since=since)
        Audit(session).record(
            at=now,
            action="signals.export",
            actor=None,
            actor_label="cli",
            details={"since": since.isoformat() if since else None},
        )
    return text
