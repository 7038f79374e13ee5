"""Stopping never hangs: a step that does not finish is reported with every task's stack,
then given up with an error."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter

import pytest

from bot import runner
from bot.supervisor import Guarded, Supervisor


async def stuck_forever() -> None:
    """A teardown step waiting for something that never comes."""
    await asyncio.Event().wait()


async def test_a_stop_step_that_hangs_is_reported_with_stacks_and_given_up(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(runner, "STOP_PATIENCE", 0.05)
    waiting = asyncio.create_task(stuck_forever())

    with pytest.raises(RuntimeError, match="stopping hung"):
        await runner._patiently("stopping", stuck_forever())

    reports = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(reports) == 2
    assert "stuck_forever" in reports[0].getMessage()
    waiting.cancel()


async def test_a_stop_step_that_finishes_passes_its_own_error_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runner, "STOP_PATIENCE", 0.05)

    async def fails() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        await runner._patiently("stopping", fails())


async def test_a_loop_that_swallows_its_cancellation_is_still_stopped() -> None:
    """asyncio.wait_for on Python 3.11 can lose a cancellation; the supervisor cancels again
    until the loop has ended, so stopping does not hang."""
    supervisor = Supervisor()
    started, swallowed = asyncio.Event(), asyncio.Event()

    async def swallows_once() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            swallowed.set()  # the first cancellation is lost
        await asyncio.Event().wait()

    supervisor.spawn("loop", swallows_once)
    await started.wait()

    async with asyncio.timeout(5) as limit:
        await supervisor.stop()

    assert not limit.expired()
    assert swallowed.is_set() and supervisor.names == []


async def test_a_standby_process_skips_every_job_round_but_the_election() -> None:
    """A job round runs on the active process only; a job declared on_standby (the election)
    runs on every process."""
    rounds: list[str] = []
    active = False

    async def step(context: object) -> None:
        rounds.append("ran")

    class Application:
        running = True

    class Context:
        application = Application()

    guarded = Guarded("alerts.escalation", step, Counter(), lambda: active)
    election = Guarded("outbox.election", step, Counter(), None)

    await guarded(Context())
    await election(Context())
    active = True
    await guarded(Context())

    assert rounds == ["ran", "ran"]  # the election on standby, then the job once active
