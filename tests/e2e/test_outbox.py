"""The outbox's guarantees for signal notices, which the engine now gives every source: a
notice a dead process had claimed is sent after the restart, and two engines claiming at once
never send one notice twice."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.clock import FakeClock
from bot.config import Config
from bot.outbox.engine import OutboxEngine
from bot.sandbox import Sandbox
from bot.signals.notices import NoticeSource
from storage.db import Database
from storage.signal_models import (
    NoticeKind,
    NoticeState,
    Signal,
    SignalNotice,
    SignalStatus,
    Urgency,
)
from tests.factories import Harness, add_member, running


async def pending_receipts(
    db: Database, clock: FakeClock, people: list[int], *, claimed: bool = False
) -> None:
    """Store a filed signal per person with its receipt still to send (claimed, if asked, as
    by a process that then died)."""
    now = clock.now()
    async with db.begin() as session:
        for person_id in people:
            signal = Signal(
                reporter_id=person_id,
                status=SignalStatus.OPEN,
                urgency=Urgency.NORMAL,
                anonymous=False,
                created_at=now,
                filed_at=now,
            )
            session.add(signal)
            await session.flush()
            session.add(
                SignalNotice(
                    signal_id=signal.id,
                    person_id=person_id,
                    kind=NoticeKind.RECEIPT,
                    state=NoticeState.PENDING,
                    loud=False,
                    attempts=1 if claimed else 0,
                    claimed_at=now if claimed else None,
                    created_at=now,
                )
            )


async def notice_states(db: Database) -> list[NoticeState]:
    """Return the state of every notice."""
    async with db.begin() as session:
        return list((await session.scalars(select(SignalNotice.state))).all())


async def test_a_notice_claimed_by_a_process_that_died_is_sent_after_restart(
    sandbox: Sandbox, db: Database, clock: FakeClock, config: Config
) -> None:
    """A receipt left claimed by a killed process goes out once when the bot starts again."""
    person = await add_member(db, clock, 2001, "Fatima Yilmaz")
    await pending_receipts(db, clock, [person], claimed=True)
    fatima = sandbox.user(2001, "Fatima")

    async with running(sandbox, db, clock, config) as h:
        await sandbox.wait_until(lambda: bool(fatima.received()))
        await h.drained()

    assert len(fatima.received()) == 1
    assert await notice_states(db) == [NoticeState.SENT]


async def test_two_engines_claiming_at_once_never_send_one_notice_twice(
    harness: Harness, database_url: str
) -> None:
    """A second engine on its own connections claims beside the bot's: every receipt is sent
    exactly once (claims skip rows another transaction holds, and take only unclaimed ones)."""
    chats = range(40_000, 40_030)
    people = [await add_member(harness.db, harness.clock, chat, "Lid") for chat in chats]
    users = [harness.sandbox.user(chat, "Lid") for chat in chats]
    services = harness.app.bot_data.services
    other_db = Database(database_url)
    notices = NoticeSource(
        other_db, harness.clock, harness.config, services.t, services.signals.sealer
    )
    other = OutboxEngine(other_db, harness.app.bot, harness.clock, [notices], idle_poll=0.01)
    await other.start()
    try:
        await pending_receipts(harness.db, harness.clock, people)
        services.outbox.wake()
        other.wake()
        await harness.sandbox.wait_until(lambda: all(u.received() for u in users))
        async with asyncio.timeout(10):
            await asyncio.gather(harness.drained(), other.drained())
    finally:
        await other.stop()
        await other_db.dispose()

    assert [len(u.received()) for u in users] == [1] * len(users)
    assert await notice_states(harness.db) == [NoticeState.SENT] * len(users)
