"""The `sleutelnet run` process: serves the sandbox over HTTP, stops on SIGTERM, logs no token."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.demo import COORDINATOR_ID
from bot.sandbox import Sandbox
from tests.conftest import TEST_LIMITS

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


# Webhook mode against the sandbox: plain HTTP to a free loopback port (port 0 in the URL
# stands for the port the listener got).
WEBHOOK = """
mode = "webhook"
webhook_url = "http://127.0.0.1:0/telegram"
webhook_listen = "127.0.0.1:0"
secret_token = "{secret}"
"""
WEBHOOK_SECRET = "process-test-secret_0123"


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_run_serves_updates_and_stops_cleanly_on_sigterm(
    sandbox: Sandbox,
    tmp_path: Path,
    database_url: str,
    reaper: list[asyncio.subprocess.Process],
    mode: str,
) -> None:
    """A real `run` process answers over HTTP in either mode, exits 0 on SIGTERM, and never
    logs the token or the webhook's secret."""
    config = tmp_path / "config.toml"
    text = CONFIG.format(
        coordinator=COORDINATOR_ID,
        token=sandbox.token,
        username=sandbox.bot_username,
        base_url=sandbox.base_url,
        database_url=database_url,
    )
    if mode == "webhook":
        text = text.replace("\n[database]", WEBHOOK.format(secret=WEBHOOK_SECRET) + "\n[database]")
    config.write_text(text, encoding="utf-8")
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
    assert "event loop: uvloop" in log  # bot/eventloop.py: libuv where it is installed
    assert sandbox.token not in log
    assert "SANDBOX" not in log
    assert "/help" not in log  # message contents are never logged
    assert "Geheime" not in log
    assert "Traceback" not in log and "Task was destroyed" not in log  # a clean shutdown
    assert WEBHOOK_SECRET not in log
    assert (sandbox.calls_to("getUpdates") == []) == (mode == "webhook")
    assert (sandbox.calls_to("setWebhook") == []) == (mode == "polling")


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


def _write(config: Path, sandbox: Sandbox, database_url: str, **overrides: str) -> None:
    values = {
        "coordinator": str(COORDINATOR_ID),
        "token": sandbox.token,
        "username": sandbox.bot_username,
        "base_url": sandbox.base_url,
        "database_url": database_url,
    } | overrides
    top = f"admin_chat_id = {COORDINATOR_ID}\n"
    config.write_text(top + CONFIG.format(**values), encoding="utf-8")


UNREACHABLE_DB = "postgresql://sleutelnet:s3cretpw@127.0.0.1:9/sleutelnet"


async def test_check_says_on_one_line_each_that_every_part_works(
    sandbox: Sandbox, tmp_path: Path, database_url: str, reaper: list[asyncio.subprocess.Process]
) -> None:
    """`check` reads the config, reaches the database at the current schema, has the token
    accepted for the configured bot, and reaches the admin chat: four lines, exit 0."""
    config = tmp_path / "config.toml"
    _write(config, sandbox, database_url)
    sandbox.user(COORDINATOR_ID, "Sanne")
    assert await (await _cli(reaper, config, "db", "upgrade")).wait() == 0

    check = await _cli(reaper, config, "check")
    out, err = await asyncio.wait_for(check.communicate(), 60)

    assert check.returncode == 0, err.decode()
    lines = out.decode().splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("config ") and "every key valid" in lines[0]
    assert "reachable, schema at revision" in lines[1]
    assert lines[2] == f"telegram: the token is accepted for @{sandbox.bot_username}"
    assert lines[3] == f"admin chat {COORDINATOR_ID} reachable (private)"


async def test_check_names_an_admin_chat_the_bot_cannot_reach_and_what_to_do(
    sandbox: Sandbox, tmp_path: Path, database_url: str, reaper: list[asyncio.subprocess.Process]
) -> None:
    """Telegram answers "chat not found" for an admin chat that never talked to the bot: that
    is said as such, with the remedy, not as Telegram being unreachable."""
    config = tmp_path / "config.toml"
    _write(config, sandbox, database_url)  # nobody has written from the admin chat yet
    assert await (await _cli(reaper, config, "db", "upgrade")).wait() == 0

    check = await _cli(reaper, config, "check")
    out, err = await asyncio.wait_for(check.communicate(), 60)

    assert check.returncode == 1
    assert len(out.decode().splitlines()) == 3
    assert err.decode().strip() == (
        f"sleutelnet: admin chat {COORDINATOR_ID} cannot be reached (Chat not found): "
        "add the bot to it, or say /start to it there"
    )


async def test_check_stops_at_the_first_part_that_fails(
    sandbox: Sandbox, tmp_path: Path, reaper: list[asyncio.subprocess.Process]
) -> None:
    """A database that cannot be reached is one line on stderr, exit 1, without its password."""
    config = tmp_path / "config.toml"
    _write(config, sandbox, UNREACHABLE_DB)

    check = await _cli(reaper, config, "check")
    out, err = await asyncio.wait_for(check.communicate(), 60)

    assert check.returncode == 1
    assert len(out.decode().splitlines()) == 1  # the config line only
    message = err.decode().strip()
    assert message.startswith("sleutelnet: database ") and "cannot be reached" in message
    assert "s3cretpw" not in message and "\n" not in message


async def test_run_fail_fast_exits_1_in_one_line_when_the_database_is_away(
    sandbox: Sandbox, tmp_path: Path, reaper: list[asyncio.subprocess.Process]
) -> None:
    """`run --fail-fast` does not wait: exit 1 and one line, no traceback, no password."""
    config = tmp_path / "config.toml"
    _write(config, sandbox, UNREACHABLE_DB)

    run = await _cli(reaper, config, "run", "--fail-fast")
    _, err = await asyncio.wait_for(run.communicate(), 60)

    log = err.decode()
    assert run.returncode == 1
    assert "cannot be reached" in log
    assert "Traceback" not in log and "s3cretpw" not in log
    assert len(log.strip().splitlines()) == 1


async def test_run_waits_for_telegram_at_start_with_one_warning_per_attempt(
    tmp_path: Path, database_url: str, reaper: list[asyncio.subprocess.Process]
) -> None:
    """Started while Telegram cannot be reached, `run` warns once per attempt and carries on
    by itself as soon as it can: the first /help is answered, SIGTERM still stops it cleanly."""
    with socket.socket() as probe:  # a port nothing listens on, until the sandbox takes it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    later = Sandbox(limits=TEST_LIMITS)
    config = tmp_path / "config.toml"
    base_url = f"http://127.0.0.1:{port}/bot"
    config.write_text(
        CONFIG.format(
            coordinator=COORDINATOR_ID,
            token=later.token,
            username=later.bot_username,
            base_url=base_url,
            database_url=database_url,
        ).replace('log_level = "DEBUG"', 'log_level = "INFO"'),
        encoding="utf-8",
    )
    assert await (await _cli(reaper, config, "db", "upgrade")).wait() == 0
    run = await _cli(reaper, config, "run")
    assert run.stderr is not None
    warning = (await asyncio.wait_for(run.stderr.readline(), 60)).decode()

    await later.start(port=port)
    try:
        sanne = later.user(COORDINATOR_ID, "Sanne")
        await sanne.send("/help")
        reply = await sanne.next_message(timeout=60)
        run.send_signal(signal.SIGTERM)
        _, rest = await asyncio.wait_for(run.communicate(), 60)
    finally:
        await later.stop()

    assert "WARNING" in warning
    assert f"Telegram ({base_url}) cannot be reached" in warning and "trying again in" in warning
    assert "/invite" in reply.plain_text()
    assert run.returncode == 0
    log = warning + rest.decode()
    assert "Traceback" not in log and later.token not in log


async def test_sandbox_says_where_it_listens_its_token_and_how_to_play_a_user(
    reaper: list[asyncio.subprocess.Process],
) -> None:
    """`sleutelnet sandbox` prints what to put in config.toml and how to write as a user, and
    the URL it prints answers."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "sandbox",
        "--port",
        "0",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    reaper.append(process)
    assert process.stdout is not None
    lines = [(await asyncio.wait_for(process.stdout.readline(), 60)).decode() for _ in range(8)]
    text = "".join(lines)

    base = re.search(r'api_base_url = "(http://127\.0\.0\.1:\d+/bot)"', text)
    assert base is not None, text
    assert 'token = "123456:SANDBOX"' in text
    assert "/_sandbox/users/1001/send" in text and "/_sandbox/transcript" in text
    getme = f"{base.group(1)}123456:SANDBOX/getMe"
    async with aiohttp.ClientSession() as http, http.get(getme) as response:
        me = await response.json()
    assert me["ok"] is True
    process.send_signal(signal.SIGINT)
    await asyncio.wait_for(process.wait(), 30)
