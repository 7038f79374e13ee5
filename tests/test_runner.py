"""Stopping never hangs: a step that does not finish is reported with every task's stack,
then given up with an error."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from types import SimpleNamespace

import pytest
from telegram.error import NetworkError

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


class Steps:
    """A receiver that records what the runner asks of it; its first activation fails."""

    reachable = True

    def __init__(self) -> None:
        self.steps: list[str] = []
        self.seen: dict[str, asyncio.Event] = {}

    def _step(self, name: str) -> None:
        self.steps.append(name)
        self.seen.setdefault(name, asyncio.Event()).set()

    async def wait(self, name: str) -> None:
        async with asyncio.timeout(10):
            await self.seen.setdefault(name, asyncio.Event()).wait()

    async def activate(self, app: object, *, poll_timeout: int) -> None:
        self._step("activate")
        if self.steps.count("activate") == 1:
            raise NetworkError("Telegram is away")

    async def stand_by(self, app: object) -> None:
        self._step("stand_by")

    async def check(self, app: object) -> None:
        self._step("check")


async def test_the_active_process_receives_checks_now_and_then_and_stands_by_without_the_lock(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A failed activation is one warning and tried again next round; while active the receiver
    is checked every `check_every`; losing the lock means standing by at once."""
    receiver, outbox = Steps(), SimpleNamespace(leading=True)
    app = SimpleNamespace(
        bot_data=SimpleNamespace(receiver=receiver, services=SimpleNamespace(outbox=outbox))
    )
    stopping = asyncio.Event()
    following = asyncio.create_task(
        runner._follow_the_lock(app, stopping, 1, every=0.01, check_every=0.05)  # type: ignore[arg-type]
    )

    await receiver.wait("check")
    outbox.leading = False
    await receiver.wait("stand_by")
    stopping.set()
    await following

    assert receiver.steps[:3] == ["activate", "activate", "check"]
    assert receiver.steps[-1] == "stand_by"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["receiving updates: NetworkError; trying again in 0 s"]
