"""Two `sleutelnet run` processes on one PostgreSQL database: one is active, the other stands by
without asking Telegram for updates, and takes over when the active one is killed."""

from __future__ import annotations

import asyncio
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.alerts.delivery import SenderSettings
from bot.clock import FakeClock
from bot.demo import COORDINATOR_ID
from bot.sandbox import Sandbox
from storage.db import Database, is_sqlite
from storage.meeting_models import MeetingReminder, ReminderKind, ReminderState
from storage.migrate import upgrade
from storage.models import Alert, AlertKind, DeliveryState, Work
from tests.e2e.test_crash import RATE, RECIPIENTS, _copies, _rows, _sends
from tests.e2e.test_run_process import CONFIG, _cli
from tests.factories import add_member

TAKEOVER = 10.0  # seconds the issue allows between the active process dying and the standby


def _config(tmp_path: Path, sandbox: Sandbox, database_url: str, extra: str = "") -> Path:
    """Write one config file both processes use (INFO logs, so takeover lines are seen)."""
    config = tmp_path / "config.toml"
    config.write_text(
        CONFIG.format(
            coordinator=COORDINATOR_ID,
            token=sandbox.token,
            username=sandbox.bot_username,
            base_url=sandbox.base_url,
            database_url=database_url,
        ).replace('log_level = "DEBUG"', 'log_level = "INFO"')
        + extra,
        encoding="utf-8",
    )
    return config


async def _wait_for_line(process: asyncio.subprocess.Process, text: str) -> str:
    """Read the process's log until a line holds `text`; return that line."""
    assert process.stderr is not None
    while True:
        line = (await asyncio.wait_for(process.stderr.readline(), 60)).decode()
        assert line, f"the process ended before saying {text!r}"
        if text in line:
            return line


async def test_a_standby_process_polls_nothing_and_takes_over_within_ten_seconds(
    sandbox: Sandbox, tmp_path: Path, database_url: str, reaper: list[asyncio.subprocess.Process]
) -> None:
    """The first process is active; the second stands by (no 409 from two pollers). After a
    SIGKILL of the active one, the standby answers within ten seconds, and stops cleanly."""
    if is_sqlite(database_url):
        pytest.skip("several processes share a PostgreSQL database; SQLite serves one")
    config = _config(tmp_path, sandbox, database_url)
    upgrade = await _cli(reaper, config, "db", "upgrade")
    assert await asyncio.wait_for(upgrade.wait(), 60) == 0
    sanne = sandbox.user(COORDINATOR_ID, "Sanne")

    first = await _cli(reaper, config, "run")
    await _wait_for_line(first, "this process is active")
    second = await _cli(reaper, config, "run")
    await _wait_for_line(second, "stands by without calling Telegram")
    await sanne.send("/help")
    await sanne.next_message(timeout=60)
    conflicts_while_both_ran = sandbox.world.count_409

    first.send_signal(signal.SIGKILL)
    await first.wait()
    killed = time.monotonic()
    await sanne.send("/help")
    answer = await sanne.next_message(timeout=60)
    took = time.monotonic() - killed
    second.send_signal(signal.SIGTERM)
    _, rest = await asyncio.wait_for(second.communicate(), 60)

    assert conflicts_while_both_ran == 0
    assert "/invite" in answer.plain_text()
    assert took < TAKEOVER, f"took {took:.1f} s"
    assert second.returncode == 0
    assert "Traceback" not in rest.decode()


async def test_an_alert_in_progress_is_finished_by_the_standby_with_nobody_missed(
    sandbox: Sandbox, tmp_path: Path, database_url: str, reaper: list[asyncio.subprocess.Process]
) -> None:
    """SIGKILL the active process halfway through a 300-person alert: the standby takes over
    and sends the rest; everyone has it, and a copy went twice only within the stated bound."""
    if is_sqlite(database_url):
        pytest.skip("several processes share a PostgreSQL database; SQLite serves one")
    rate = f"\n[telegram.rate_limits]\nmessages_per_second = {RATE}\n"
    config = _config(tmp_path, sandbox, database_url, rate)
    db = Database(database_url)
    await upgrade(db)
    clock = FakeClock(datetime.now(UTC))
    for chat in RECIPIENTS:
        sandbox.user(chat, f"P{chat}")
        await add_member(db, clock, chat, f"Persoon {chat}")
    await db.dispose()
    added = await _cli(reaper, config, "coordinator", "add", str(COORDINATOR_ID))
    assert await asyncio.wait_for(added.wait(), 60) == 0

    first = await _cli(reaper, config, "run")
    await _wait_for_line(first, "this process is active")
    second = await _cli(reaper, config, "run")
    await _wait_for_line(second, "stands by without calling Telegram")
    queued = await _cli(
        reaper, config, "alert", "send", "--text", "Blijf rustig", "--audience", "all", "--yes"
    )
    assert await asyncio.wait_for(queued.wait(), 60) == 0
    await sandbox.wait_until(lambda: len(_sends(sandbox)) >= 60, timeout=60)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    at_kill = await _rows(database_url)

    await sandbox.wait_until(lambda: len(_copies(sandbox)) == len(RECIPIENTS), timeout=60)
    second.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(second.wait(), 60) == 0

    copies = _copies(sandbox)
    sent_at_kill = {chat for chat, state, _, _ in at_kill if state is DeliveryState.SENT}
    assert len(sent_at_kill) < len(RECIPIENTS)  # the kill really was mid-send
    assert set(copies) == set(RECIPIENTS)  # nobody missed
    unrecorded = {chat for chat, _, work, claimed in at_kill if claimed and work is Work.SEND}
    assert all(n == 1 or chat in unrecorded for chat, n in copies.items())
    assert sum(copies.values()) - len(RECIPIENTS) <= SenderSettings().duplicate_bound
    assert sandbox.count_429 == 0


async def test_a_reminder_due_during_the_takeover_is_sent_once_by_the_new_active_process(
    sandbox: Sandbox, tmp_path: Path, database_url: str, reaper: list[asyncio.subprocess.Process]
) -> None:
    """A meeting reminder falls due while the active process lies dead: the standby sends it as
    soon as it takes over (not at its next minute's tick), once, to every invitee."""
    if is_sqlite(database_url):
        pytest.skip("several processes share a PostgreSQL database; SQLite serves one")
    config = _config(tmp_path, sandbox, database_url)
    db = Database(database_url)
    await upgrade(db)
    clock = FakeClock(datetime.now(UTC))
    invitees = range(30_000, 30_003)
    for chat in invitees:
        sandbox.user(chat, f"P{chat}")
        await add_member(db, clock, chat, f"Persoon {chat}")
    added = await _cli(reaper, config, "coordinator", "add", str(COORDINATOR_ID))
    assert await asyncio.wait_for(added.wait(), 60) == 0
    first = await _cli(reaper, config, "run")
    await _wait_for_line(first, "this process is active")
    second = await _cli(reaper, config, "run")
    await _wait_for_line(second, "stands by without calling Telegram")
    starts = (datetime.now(ZoneInfo("Europe/Amsterdam")) + timedelta(days=3)).strftime(
        "%Y-%m-%d %H:%M"
    )
    created = await _cli(
        reaper, config, "meeting", "create", "--title", "Overleg", "--start", starts, "--yes"
    )
    assert await asyncio.wait_for(created.wait(), 60) == 0
    await sandbox.wait_until(lambda: all(_said(sandbox, chat) == 1 for chat in invitees), 60)
    await _wait_for_line(first, "finished: sent=3")  # no invitation in flight at the kill

    first.send_signal(signal.SIGKILL)
    await first.wait()
    reminder = await _due_now(db, ReminderKind.INVITEES)  # due while nobody is active
    killed = time.monotonic()
    await sandbox.wait_until(lambda: all(_said(sandbox, chat) == 2 for chat in invitees), 60)
    took = time.monotonic() - killed
    second.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(second.wait(), 60) == 0

    async with db.begin() as session:
        row = await session.get(MeetingReminder, reminder)
        alerts = await session.scalar(
            select(func.count()).select_from(Alert).where(Alert.kind == AlertKind.REMINDER)
        )
    await db.dispose()
    assert row is not None and row.state is ReminderState.SENT
    assert took < TAKEOVER, f"took {took:.1f} s"
    assert all(_said(sandbox, chat) == 2 for chat in invitees)  # invitation + one reminder
    assert alerts == 1


def _said(sandbox: Sandbox, chat: int) -> int:
    """Return how many messages the bot sent to a chat."""
    return len(sandbox.world.bot_messages(chat, include_deleted=True))


async def _due_now(db: Database, kind: ReminderKind) -> int:
    """Make a meeting's pending reminder of `kind` due now; return its id."""
    async with db.begin() as session:
        reminder = await session.scalar(
            select(MeetingReminder).where(
                MeetingReminder.kind == kind, MeetingReminder.state == ReminderState.PENDING
            )
        )
        assert reminder is not None
        reminder.due_at = datetime.now(UTC) - timedelta(seconds=1)
        return reminder.id
