"""Crash safety: a `run` process killed with SIGKILL mid-alert resumes where it stopped."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.alerts.delivery import SenderSettings
from bot.clock import FakeClock
from bot.demo import COORDINATOR_ID
from bot.sandbox import Sandbox
from storage.db import Database
from storage.migrate import upgrade
from storage.models import AlertDelivery, DeliveryState, Work
from tests.e2e.test_run_process import CONFIG
from tests.factories import add_member

RECIPIENTS = range(20_000, 20_300)
RATE = 100  # messages per second: the kill lands mid-send, and the run stays short


async def _cli(
    reaper: list[asyncio.subprocess.Process], config: Path, *args: str
) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "--config",
        str(config),
        *args,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    reaper.append(process)
    return process


async def _rows(database_url: str) -> list[tuple[int, DeliveryState, Work | None, bool]]:
    """Return every outbox row as (chat, state, work still to do, claimed)."""
    db = Database(database_url)
    d = AlertDelivery
    async with db.begin() as session:
        rows = (await session.execute(select(d.chat_id, d.state, d.work, d.claimed_at))).all()
    await db.dispose()
    return [(chat, state, work, claimed is not None) for chat, state, work, claimed in rows]


def _copies(sandbox: Sandbox) -> Counter[int]:
    return Counter(
        chat
        for chat in RECIPIENTS
        for m in sandbox.world.bot_messages(chat, include_deleted=True)
        if "(#1)" in m.plain_text()
    )


@pytest.mark.parametrize("answer_delay", [0.0, 0.15], ids=["instant", "answers-after-150ms"])
async def test_sigkill_mid_send_then_restart_misses_nobody(
    sandbox: Sandbox,
    tmp_path: Path,
    database_url: str,
    answer_delay: float,
    reaper: list[asyncio.subprocess.Process],
) -> None:
    """Kill -9 during a 300-person alert; after a restart everyone has it, and only copies
    whose outcome was not yet committed can have gone twice: at most the stated bound, also
    when Telegram answers 150 ms after delivering."""
    sandbox.answer_after(answer_delay)
    config = tmp_path / "config.toml"
    config.write_text(
        CONFIG.replace('log_level = "DEBUG"', 'log_level = "INFO"').format(
            coordinator=COORDINATOR_ID,
            token=sandbox.token,
            username=sandbox.bot_username,
            base_url=sandbox.base_url,
            database_url=database_url,
        )
        + f"\n[telegram.rate_limits]\nmessages_per_second = {RATE}\n",
        encoding="utf-8",
    )
    db = Database(database_url)
    await upgrade(db)
    clock = FakeClock(datetime.now(UTC))
    for chat in RECIPIENTS:
        sandbox.user(chat, f"P{chat}")
        await add_member(db, clock, chat, f"Persoon {chat}")
    await db.dispose()
    assert await (await _cli(reaper, config, "coordinator", "add", str(COORDINATOR_ID))).wait() == 0
    queued = await _cli(
        reaper, config, "alert", "send", "--text", "Blijf rustig", "--audience", "all", "--yes"
    )
    assert await queued.wait() == 0

    first = await _cli(reaper, config, "run")
    await sandbox.wait_until(lambda: len(sandbox.world.calls) >= 100, timeout=60)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    # What the database knew at the kill: outcomes committed, and rows claimed whose outcome
    # was not (a send may have started for those, and only those).
    at_kill = await _rows(database_url)
    recorded = {chat for chat, state, _, _ in at_kill if state is DeliveryState.SENT}
    unrecorded = {chat for chat, _, work, claimed in at_kill if claimed and work is Work.SEND}
    second = await _cli(reaper, config, "run")
    await sandbox.wait_until(lambda: len(_copies(sandbox)) == len(RECIPIENTS), timeout=60)
    second.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(second.wait(), 60) == 0

    copies = _copies(sandbox)
    duplicated = {chat for chat, n in copies.items() if n > 1}
    assert len(recorded) < len(RECIPIENTS)  # the kill really was mid-send
    assert set(copies) == set(RECIPIENTS)  # nobody missed
    assert max(copies.values()) <= 2
    # The guarantee, independent of machine speed: a copy goes twice only if its send had been
    # claimed and its outcome was not committed when the process died. Every copy the database
    # had recorded went exactly once.
    assert duplicated <= unrecorded
    assert all(copies[chat] == 1 for chat in recorded)
    # Both are bounded by the sender's settings, not by CPU speed.
    assert len(unrecorded) <= SenderSettings().in_flight_bound
    assert len(duplicated) <= SenderSettings().duplicate_bound
    assert sandbox.count_429 == 0
    states = Counter(state for _, state, _, _ in await _rows(database_url))
    assert states == Counter({DeliveryState.SENT: len(RECIPIENTS)})
