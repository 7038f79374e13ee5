"""The `sleutelnet run` process: serves the sandbox over HTTP, stops on SIGTERM, logs no token."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from bot.demo import COORDINATOR_ID
from bot.sandbox import Sandbox

CONFIG = """\
coordinators = [{coordinator}]
log_level = "DEBUG"

[telegram]
token = "{token}"
bot_username = "{username}"
api_base_url = "{base_url}"

[database]
url = "{database_url}"

[network]
name = "Sleutelnetwerk Test"
neighbourhoods = ["Centrum"]

[[network.themes]]
key = "radicalisation-polarisation"
label = {{ nl = "Radicalisering", en = "Radicalisation" }}

[network.privacy_notice]
version = "1"
text = {{ nl = "Alleen voor het netwerk.", en = "Only for the network." }}
"""


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
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    reaper.append(process)
    return process


async def test_run_serves_updates_and_stops_cleanly_on_sigterm(
    sandbox: Sandbox, tmp_path: Path, database_url: str, reaper: list[asyncio.subprocess.Process]
) -> None:
    """A real `run` process answers over HTTP, exits 0 on SIGTERM, and never logs the token."""
    config = tmp_path / "config.toml"
    config.write_text(
        CONFIG.format(
            coordinator=COORDINATOR_ID,
            token=sandbox.token,
            username=sandbox.bot_username,
            base_url=sandbox.base_url,
            database_url=database_url,
        ),
        encoding="utf-8",
    )
    upgrade = await _cli(reaper, config, "db", "upgrade")
    assert await asyncio.wait_for(upgrade.wait(), 60) == 0
    run = await _cli(reaper, config, "run")
    sanne = sandbox.user(COORDINATOR_ID, "Sanne")

    await sanne.send("/help")
    reply = await sanne.next_message(timeout=60)
    await sanne.send("/invite Geheime Naam")
    await sanne.next_message(timeout=60)
    run.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(run.communicate(), 60)

    assert "/invite" in reply.plain_text()
    assert run.returncode == 0
    log = stderr.decode()
    assert "started as @" in log
    assert sandbox.token not in log
    assert "SANDBOX" not in log
    assert "/help" not in log  # message contents are never logged
    assert "Geheime" not in log
    assert "Traceback" not in log and "Task was destroyed" not in log  # a clean shutdown


async def test_a_wrong_token_ends_in_one_line_that_does_not_show_it(
    sandbox: Sandbox, tmp_path: Path, database_url: str, reaper: list[asyncio.subprocess.Process]
) -> None:
    """Telegram refuses the token: exit 2, one line naming the setting, no token, no traceback."""
    wrong = "123456:WRONGtokenWRONG"
    config = tmp_path / "config.toml"
    config.write_text(
        CONFIG.format(
            coordinator=COORDINATOR_ID,
            token=wrong,
            username=sandbox.bot_username,
            base_url=sandbox.base_url,
            database_url=database_url,
        ),
        encoding="utf-8",
    )
    upgrade = await _cli(reaper, config, "db", "upgrade")
    assert await asyncio.wait_for(upgrade.wait(), 60) == 0

    run = await _cli(reaper, config, "run")
    _, stderr = await asyncio.wait_for(run.communicate(), 60)

    log = stderr.decode()
    assert run.returncode == 2
    assert "Telegram rejected the bot token" in log
    assert "WRONGtoken" not in log and "Traceback" not in log
