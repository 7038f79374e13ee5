"""Two `sleutelnet run` processes on one PostgreSQL database: one is active, the other stands by
without asking Telegram for updates, and takes over when the active one is killed."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from pathlib import Path

import pytest

from bot.demo import COORDINATOR_ID
from bot.sandbox import Sandbox
from storage.db import is_sqlite
from tests.e2e.test_run_process import CONFIG

TAKEOVER = 10.0  # seconds the issue allows between the active process dying and the standby


async def _start(
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
        stderr=asyncio.subprocess.PIPE,
    )
    reaper.append(process)
    return process


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
    config = tmp_path / "config.toml"
    config.write_text(
        CONFIG.format(
            coordinator=COORDINATOR_ID,
            token=sandbox.token,
            username=sandbox.bot_username,
            base_url=sandbox.base_url,
            database_url=database_url,
        ).replace('log_level = "DEBUG"', 'log_level = "INFO"'),
        encoding="utf-8",
    )
    upgrade = await _start(reaper, config, "db", "upgrade")
    assert await asyncio.wait_for(upgrade.wait(), 60) == 0
    sanne = sandbox.user(COORDINATOR_ID, "Sanne")

    first = await _start(reaper, config, "run")
    await _wait_for_line(first, "this process is active")
    second = await _start(reaper, config, "run")
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
