"""Stopping never hangs: a step that does not finish is reported with every task's stack,
then given up with an error."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot import runner


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
