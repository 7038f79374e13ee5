"""Chaos, bounded in time: database errors mid-alert, connections terminated under the sender,
and a Bot API outage. The alert completes, nobody is missed, chat comes back first."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from bot.clock import FakeClock
from bot.sandbox import Sandbox, SandboxLimits
from storage.db import Database, is_sqlite
from storage.models import DeliveryState
from tests.e2e.test_alert_engine import (
    alert_copies,
    deliveries,
    drain,
    members,
    queue,
    sender,
    source,
)
from tests.factories import TELEGRAM_MODE, Harness, bot_config, running, terminate_backends

RECIPIENTS = range(30_000, 30_300)


def _flaky(
    real: Callable[..., Awaitable[Any]], fail: Callable[[int], bool]
) -> Callable[..., Awaitable[Any]]:
    """Wrap a database step so that call number n raises 'database is locked' when fail(n)."""
    calls = 0

    async def step(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if fail(calls):
            raise OperationalError("UPDATE alert_deliveries", {}, Exception("database is locked"))
        return await real(*args, **kwargs)

    return step


def _copies(h: Harness, alert_id: int) -> list[int]:
    return [len(alert_copies(h, chat, alert_id)) for chat in RECIPIENTS]


async def test_database_errors_in_claims_and_writes_mid_alert_lose_nobody(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every third claim, every other halted-check and every fourth outcome write fail: the
    sender's loops restart, and everyone gets exactly one copy."""
    await members(harness, RECIPIENTS)
    running, alerts = sender(harness), source(harness)
    monkeypatch.setattr(alerts, "claim", _flaky(alerts.claim, lambda n: n % 3 == 2))
    monkeypatch.setattr(alerts, "record", _flaky(alerts.record, lambda n: n % 4 == 1))
    monkeypatch.setattr(
        alerts, "_refresh_halted", _flaky(alerts._refresh_halted, lambda n: n % 2 == 0)
    )

    alert_id = await queue(harness)
    await drain(harness)

    assert _copies(harness, alert_id) == [1] * len(RECIPIENTS)
    rows = await deliveries(harness, alert_id)
    assert {row.state for row in rows} == {DeliveryState.SENT}
    assert running.errors > 0 and running.alive
    assert harness.app.bot_data.services.alerts.sender is running


async def test_an_unexpected_error_in_the_claimer_restarts_it(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug-like error (not a database outage) in a claim: the supervisor logs it once,
    without its message, starts the claimer again, and the alert completes."""
    await members(harness, range(2000, 2100))
    running, alerts = sender(harness), source(harness)
    real, calls = alerts.claim, 0

    async def buggy(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls in (2, 3):
            msg = "secret text of a signal"
            raise RuntimeError(msg)
        return await real(*args)

    monkeypatch.setattr(alerts, "claim", buggy)

    alert_id = await queue(harness)
    await drain(harness)

    assert [len(alert_copies(harness, c, alert_id)) for c in range(2000, 2100)] == [1] * 100
    [line] = [r.getMessage() for r in caplog.records if r.name == "bot.supervisor"]
    assert line == "outbox-claimer-alerts stopped: RuntimeError; restarting it with backoff"
    assert running.alive


@pytest.fixture
async def paced(sandbox: Sandbox, db: Database, clock: FakeClock) -> AsyncIterator[Harness]:
    """Run the bot at ten times Telegram's limits (300/s), so a 300-copy alert takes a second."""
    async with Sandbox(limits=SandboxLimits().scaled(10)) as slow:
        config = bot_config(slow, db.url, rate_scale=10)
        periods = {"alerts.status": 0.05, "outbox.leadership": 0.05}
        async with running(slow, db, clock, config, periods=periods) as h:
            yield h


async def test_connections_terminated_under_a_sender_that_keeps_its_lock(
    paced: Harness, database_url: str
) -> None:
    """PostgreSQL terminates the pool's connections twice mid-alert while the lock's survives:
    the sender keeps its role, resumes, and everyone gets the alert."""
    if is_sqlite(database_url):
        pytest.skip("terminating server connections is PostgreSQL's")
    h = paced
    await members(h, RECIPIENTS)
    alert_id = await queue(h)

    for after in (60, 150):
        await h.sandbox.wait_until(lambda n=after: sum(_copies(h, alert_id)) >= n)  # type: ignore[misc]
        assert await terminate_backends(h.db, lock_holder=False) >= 1
    await h.sandbox.wait_until(lambda: min(_copies(h, alert_id)) >= 1, timeout=30)
    await drain(h)

    assert set(_copies(h, alert_id)) == {1}
    assert h.app.bot_data.services.alerts.sender is not None


async def test_a_bot_api_outage_loses_nothing_and_chat_comes_back_first(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram answers 502 to everything for eight seconds while an alert is queued and a key
    person writes: getUpdates is retried at most a second apart and logged once (in webhook
    mode Telegram holds the update), the person is answered soon after Telegram is back, and
    the alert reaches everyone."""
    caplog.set_level(logging.INFO)
    fatima = await harness.member(2001, "Fatima Yilmaz")
    await members(harness, range(2100, 2120))
    h, loop_time = harness, asyncio.get_running_loop().time
    h.sandbox.outage()
    alert_id = await queue(h)
    await fatima.send("/help")
    await asyncio.sleep(8)  # the outage lasts this long, whatever the bot does meanwhile
    h.sandbox.outage(down=False)
    back = loop_time()
    await fatima.next_message()
    answered_after = loop_time() - back
    for _ in range(3):
        h.clock.advance(source(h).settings.network_backoff)
        await drain(h)

    assert answered_after < 5.0
    assert [len(alert_copies(h, chat, alert_id)) for chat in range(2100, 2120)] == [1] * 20
    polls = [c.time for c in h.sandbox.calls_to("getUpdates") if c.status == 502]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(polls)]
    warnings = [r for r in caplog.records if r.name == "bot.polling" and r.levelname == "WARNING"]
    if TELEGRAM_MODE == "polling":
        assert len(polls) >= 6 and max(gaps) < 2.5  # PTB's own backoff reaches 3.4 s by then
        assert len(warnings) == 1
    else:
        assert polls == [] and warnings == []
    assert not [r for r in caplog.records if r.exc_info and r.name.startswith("telegram")]


async def test_stopping_while_the_database_is_away_does_not_raise(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sender whose database is away at shutdown stops cleanly; the next start releases."""
    running = sender(harness)

    async def away() -> int:
        raise OperationalError("UPDATE alert_deliveries", {}, Exception("connection lost"))

    monkeypatch.setattr(running, "recover", away)

    await running.stop()

    assert not running.alive


async def test_a_database_that_stays_down_is_an_outage_not_an_end(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While every transaction fails, a key person is told to try again in a few minutes and
    the sender keeps retrying; once the database is back, chat and alerts work again by
    themselves, in the same process."""
    fatima = await harness.member(2001, "Fatima Yilmaz")
    running = sender(harness)

    @asynccontextmanager
    async def down() -> AsyncIterator[Any]:
        raise OperationalError("BEGIN", {}, ConnectionRefusedError("connection refused"))
        yield  # pragma: no cover

    monkeypatch.setattr(harness.db, "begin", down)
    during = await harness.say(fatima, "/help")
    running.wake()
    await harness.sandbox.wait_until(lambda: running.errors >= 3)
    monkeypatch.undo()
    alert_id = await queue(harness)
    await drain(harness)
    after = await harness.say(fatima, "/help")

    assert during.plain_text() == (
        "De bot kan je bericht nu even niet verwerken. Probeer het over een paar minuten opnieuw."
    )
    assert "/signal" in after.plain_text()
    assert len(alert_copies(harness, 2001, alert_id)) == 1
    assert harness.app.bot_data.services.alerts.sender is running and running.alive


async def test_the_leadership_check_starts_a_sender_whose_loops_ended(harness: Harness) -> None:
    """If the sender's loops are gone while the lock is still ours, the next leadership check
    starts a new sender, and alerts go out again."""
    fatima = await harness.member(2001, "Fatima Yilmaz")
    engine = harness.app.bot_data.services.alerts
    old = sender(harness)
    await old.abandon()  # every loop ended, as if they had all died
    assert not old.alive

    await engine.check_leadership()
    alert_id = await queue(harness)
    await drain(harness)

    new = engine.sender
    assert new is not None and new is not old and new.alive
    assert len(alert_copies(harness, fatima.user_id, alert_id)) == 1
