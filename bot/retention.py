"""Retention for everything, enforced by one daily job on the injected clock.

What the privacy notice promises about time, in one place: unused invitations go once they
expire, people who never consented are erased, idle signals are closed (then the signals'
own retention wipes them), alert copies are detached from their people, the audit log is
thinned, and the pseudonymous proofs of consent are deleted when their time is up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import dialogue
from bot.alerts import service as alerts
from bot.config import Config
from bot.erasure import erase
from bot.feature import EraseHook
from storage.models import (
    ERASED_CHAT,
    Alert,
    AlertDelivery,
    AlertStatus,
    AuditEntry,
    Invite,
    Person,
    PersonStatus,
)
from storage.repositories import Audit, People, PeopleFilter
from storage.signal_models import Signal, SignalEntry, SignalStatus

ACTOR = "retention"
COMPACT_BATCH = 100  # alerts whose copies are compacted per daily run at most


@dataclass(slots=True)
class Swept:
    """How many of each kind one round removed or detached."""

    invites: int = 0
    unconsented: int = 0
    signals_closed: int = 0
    deliveries: int = 0
    audit: int = 0
    proofs: int = 0

    @property
    def anything(self) -> bool:
        """Tell whether the round changed anything."""
        return any((self.invites, self.unconsented, self.signals_closed, self.deliveries,
                    self.audit, self.proofs))  # fmt: skip


async def sweep(
    session: AsyncSession, config: Config, *, now: datetime, hooks: Sequence[EraseHook]
) -> Swept:
    """Apply every retention period once (no commit: the caller's transaction)."""
    privacy = config.privacy
    swept = Swept()
    unused = delete(Invite).where(
        Invite.used_at.is_(None), or_(Invite.expires_at <= now, Invite.revoked_at.is_not(None))
    )
    swept.invites = _count(await session.execute(unused))

    invited = await People(session).find(PeopleFilter(status=PersonStatus.INVITED))
    for person in invited:
        if person.created_at <= now - privacy.unconsented_retention:
            # Nothing to prove without a consent: after the features let go, the record goes.
            await erase(session, config, person, now=now, hooks=hooks, by=ACTOR)
            await session.flush()
            await session.delete(person)
            swept.unconsented += 1

    swept.signals_closed = await _close_idle_signals(session, config, now=now)

    cutoff = now - privacy.delivery_retention
    # Done alerts keep their figures and lose their copies (a bounded number per run; the
    # outbox stays small); one still sending after all that time only loses who got it.
    done = (
        select(Alert.id)
        .where(
            Alert.created_at <= cutoff,
            Alert.counts.is_(None),
            Alert.status.not_in((AlertStatus.DRAFT, AlertStatus.QUEUED)),
        )
        .order_by(Alert.id)
        .limit(COMPACT_BATCH)
    )
    for alert_id in (await session.scalars(done)).all():
        swept.deliveries += await alerts.compact(session, alert_id)
    old_alerts = select(Alert.id).where(Alert.created_at <= cutoff)
    detach = (
        update(AlertDelivery)
        .where(AlertDelivery.alert_id.in_(old_alerts), AlertDelivery.person_id.is_not(None))
        .values(person_id=None, chat_id=ERASED_CHAT, work=None)
    )
    swept.deliveries += _count(await session.execute(detach))

    old_audit = delete(AuditEntry).where(AuditEntry.at <= now - privacy.audit_retention)
    swept.audit = _count(await session.execute(old_audit))

    proofs = delete(Person).where(
        Person.telegram_user_id < 0,
        Person.created_at <= now - privacy.consent_proof_retention,
    )
    swept.proofs = _count(await session.execute(proofs))
    return swept


async def _close_idle_signals(session: AsyncSession, config: Config, *, now: datetime) -> int:
    """Close open and taken signals with no message for signals.max_open."""
    last = (
        select(SignalEntry.signal_id, func.max(SignalEntry.created_at).label("at"))
        .group_by(SignalEntry.signal_id)
        .subquery()
    )
    idle_since = now - config.signals.max_open
    stmt = (
        select(Signal)
        .outerjoin(last, last.c.signal_id == Signal.id)
        .where(
            Signal.status.in_((SignalStatus.OPEN, SignalStatus.TAKEN)),
            func.coalesce(last.c.at, Signal.filed_at, Signal.created_at) <= idle_since,
        )
    )
    idle = list((await session.scalars(stmt)).all())
    for signal in idle:
        signal.status = SignalStatus.CLOSED
        signal.closed_at = now
        await dialogue.end_about(session, dialogue.SIGNALS, signal.id)
        Audit(session).record(
            at=now,
            action="signal.close",
            actor=None,
            actor_label=ACTOR,
            details={"signal": signal.id, "idle": True},
        )
    return len(idle)


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
