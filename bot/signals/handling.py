"""The coordinators' side of a signal: replying, taking it on, and closing it.

Like everything in bot.signals, each promise to the reporter is written as a notice row in the
same transaction; bot.signals.notices sends it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import dialogue
from bot.errors import SignalClosed, SignalTakenByOther
from bot.signals import service
from bot.signals.crypto import Sealer
from storage.models import Person, PersonStatus
from storage.repositories import Audit
from storage.signal_models import EntryKind, EntryRole, NoticeKind, Signal, SignalStatus


async def reply(
    session: AsyncSession,
    signal: Signal,
    coordinator: Person,
    text: str,
    sealer: Sealer,
    *,
    now: datetime,
) -> bool:
    """Store a coordinator's reply and promise it to the reporter; False if nobody to reach."""
    if signal.status not in service.OPEN_STATES:
        raise SignalClosed(number=signal.id)
    content = service.Content(EntryKind.TEXT, text)
    reachable = await _tell_reporter(
        session, signal, coordinator, EntryRole.REPLY, content, sealer, now=now
    )
    Audit(session).record(
        at=now, action="signal.reply", actor=coordinator, details={"signal": signal.id}
    )
    return reachable


async def reachable_reporter(session: AsyncSession, signal: Signal) -> bool:
    """Tell whether the reporter is still an active member the bot may write to."""
    if signal.reporter_id is None:
        return False
    reporter = await session.get(Person, signal.reporter_id)
    return reporter is not None and reporter.status is PersonStatus.ACTIVE


async def take(
    session: AsyncSession, signal: Signal, coordinator: Person, *, now: datetime
) -> bool:
    """Assign the signal to this coordinator; False if it already was theirs."""
    if signal.status is SignalStatus.CLOSED:
        raise SignalClosed(number=signal.id)
    if signal.assignee_id == coordinator.id:
        return False
    if signal.assignee_id is not None:
        other = await session.get(Person, signal.assignee_id)
        raise SignalTakenByOther(number=signal.id, name=other.display_name if other else "?")
    signal.assignee_id = coordinator.id
    signal.status = SignalStatus.TAKEN
    Audit(session).record(
        at=now, action="signal.take", actor=coordinator, details={"signal": signal.id}
    )
    return True


async def close(
    session: AsyncSession,
    signal: Signal,
    coordinator: Person,
    outcome: str | None,
    sealer: Sealer,
    *,
    now: datetime,
) -> bool:
    """Close the signal and tell the reporter (with the coordinator's message, if given);
    return whether the reporter can still be reached."""
    if signal.status not in service.OPEN_STATES:
        raise SignalClosed(number=signal.id)
    signal.status = SignalStatus.CLOSED
    signal.closed_at = now
    signal.closed_by_id = coordinator.id
    signal.assignee_id = signal.assignee_id or coordinator.id
    content = service.Content(EntryKind.TEXT, outcome)
    reachable = await _tell_reporter(
        session, signal, coordinator, EntryRole.OUTCOME, content, sealer, now=now
    )
    await dialogue.end_about(session, dialogue.SIGNALS, signal.id)
    Audit(session).record(
        at=now, action="signal.close", actor=coordinator, details={"signal": signal.id}
    )
    return reachable


async def _tell_reporter(
    session: AsyncSession,
    signal: Signal,
    coordinator: Person,
    role: EntryRole,
    content: service.Content,
    sealer: Sealer,
    *,
    now: datetime,
) -> bool:
    """Add the coordinator's entry and promise it to the reporter, if they can be reached."""
    entry = service.add_entry(session, signal, coordinator, role, content, sealer, now=now)
    await session.flush()
    reachable = await reachable_reporter(session, signal)
    if reachable:
        assert signal.reporter_id is not None
        service.notice(session, signal, signal.reporter_id, NoticeKind.ENTRY, now=now, entry=entry)
    return reachable
