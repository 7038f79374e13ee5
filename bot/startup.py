"""Before the bot runs: is the database there with the right schema, does Telegram take the token,
can the admin chat be reached? One probe each, shared by `sleutelnet check` and `run`.

A probe that fails for a reason that will pass (a database or Telegram that cannot be reached
now) raises Unreachable; one that will not pass by waiting (a wrong token, a schema to upgrade)
raises Refused. `run` waits out the first with backoff, one WARNING line per attempt, as a
service manager expects; `--fail-fast` exits instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError

from bot import admin
from bot.config import Config, mask_url
from bot.supervisor import describe
from storage.db import Database
from storage.migrate import SchemaStatus, schema_state

log = logging.getLogger(__name__)

# Seconds between attempts while something cannot be reached: doubling up to a minute.
FIRST_WAIT, LONGEST_WAIT = 1.0, 60.0


class Unreachable(Exception):
    """Cannot be reached now; worth trying again (message says what and why, never a secret)."""


class Refused(Exception):
    """Reached, but refused in a way waiting will not fix (message says what to do)."""


@dataclass(frozen=True, slots=True)
class Probe:
    """One thing to check: its name and the coroutine that checks it, returning a line."""

    name: str
    run: Callable[[], Coroutine[Any, Any, str]]


def probes(config: Config) -> list[Probe]:
    """Return the checks in order: the database, then Telegram, then the admin chat."""
    return [
        Probe("database", lambda: database(config)),
        Probe("telegram", lambda: telegram(config)),
        Probe("admin chat", lambda: admin_chat(config)),
    ]


async def database(config: Config) -> str:
    """Check that the database answers and its schema is this version's."""
    db = Database(config.database.url)
    where = mask_url(db.url)
    try:
        state = await schema_state(db)
    except Exception as error:
        msg = f"database {where} cannot be reached ({describe(error)})"
        raise Unreachable(msg) from None
    finally:
        await db.dispose()
    if state.status is not SchemaStatus.CURRENT:
        try:
            await _schema(config)
        except admin.AdminError as error:
            raise Refused(str(error)) from None
    return f"database {where} reachable, schema at revision {state.head}"


async def _schema(config: Config) -> None:
    db = Database(config.database.url)
    try:
        await admin.check_schema(db)
    finally:
        await db.dispose()


async def telegram(config: Config) -> str:
    """Check that Telegram takes the token (getMe) and that it is the configured bot."""
    bot = _bot(config)
    try:
        await bot.initialize()  # getMe
        me = bot.bot
    except InvalidToken:  # its message holds the token: never show it
        msg = (
            "Telegram rejected the bot token (telegram.token or SLEUTELNET_TELEGRAM_TOKEN); "
            "get the right one from @BotFather"
        )
        raise Refused(msg) from None
    except NetworkError as error:
        msg = f"Telegram ({config.telegram.api_base_url}) cannot be reached ({describe(error)})"
        raise Unreachable(msg) from None
    finally:
        await bot.shutdown()
    expected = config.telegram.bot_username.lstrip("@").lower()
    if (me.username or "").lower() != expected:
        msg = (
            f"the token belongs to @{me.username}, not to telegram.bot_username "
            f"@{expected}: invitation links would point at the wrong bot"
        )
        raise Refused(msg)
    return f"telegram: the token is accepted for @{me.username}"


async def admin_chat(config: Config) -> str:
    """Check that the bot can reach the admin chat, if one is configured."""
    chat_id = config.admin_chat_id
    if chat_id is None:
        return "admin chat: none configured (admin_chat_id); errors are only logged"
    bot = _bot(config)
    try:
        await bot.initialize()
        chat = await bot.get_chat(chat_id)
    except BadRequest as error:  # Telegram answered (PTB's BadRequest is a NetworkError)
        msg = (
            f"admin chat {chat_id} cannot be reached ({error.message}): add the bot to it, "
            "or say /start to it there"
        )
        raise Refused(msg) from None
    except NetworkError as error:
        msg = f"Telegram cannot be reached to look up the admin chat ({describe(error)})"
        raise Unreachable(msg) from None
    except TelegramError as error:
        msg = (
            f"admin chat {chat_id} cannot be reached ({describe(error)}): add the bot to it, "
            "or say /start to it there"
        )
        raise Refused(msg) from None
    finally:
        await bot.shutdown()
    return f"admin chat {chat_id} reachable ({chat.type})"


def _bot(config: Config) -> Bot:
    return Bot(config.telegram.token, base_url=config.telegram.api_base_url)


async def until_reachable(
    config: Config,
    *,
    fail_fast: bool,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Wait until the database and Telegram can be reached, one WARNING per failed attempt;
    raise Unreachable at once if `fail_fast`, Refused whatever the mode."""
    for probe in probes(config)[:2]:
        wait = FIRST_WAIT
        failing_since = 0.0
        while True:
            try:
                await probe.run()
            except Unreachable as error:
                if fail_fast:
                    raise
                log.warning("%s; trying again in %.0f s", error, wait)
                await sleep(wait)
                failing_since += wait
                wait = min(wait * 2, LONGEST_WAIT)
                continue
            if failing_since:
                log.info("%s reachable again after %.0f s", probe.name, failing_since)
            break
