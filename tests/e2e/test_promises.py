"""Promises the README and the help texts make that need the whole bot to check: the command
menus, the access gate and the handlers agree; errors reach the admin chat without contents;
the logs hold no contents, names or tokens; losing the sender role stops sending."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from sqlalchemy.exc import OperationalError
from telegram.ext import CommandHandler

from bot.alerts.engine import EngineSettings
from bot.clock import FakeClock
from bot.config import Config
from bot.demo import COORDINATOR_ID
from bot.feature import Who
from bot.logsetup import OWN_LOGGERS, configure
from bot.sandbox import Sandbox
from handlers import discover
from handlers.gate import AccessGate
from storage.db import Database, is_sqlite
from storage.repositories import People
from tests.conftest import RATE_SCALE
from tests.e2e.test_alert_engine import alert_copies, members, queue
from tests.factories import (
    TELEGRAM_MODE,
    Harness,
    bot_config,
    file_text,
    running,
    terminate_backends,
)

ADMIN_CHAT = 9000
# What each menu offers, in its order: a specification, checked against the declarations.
MEMBER_COMMANDS = ("signal", "help", "privacy", "mydata", "language", "quiet", "stop")
COORDINATOR_COMMANDS = (
    *MEMBER_COMMANDS, "invite", "people", "whois", "alert", "alerts", "templates", "news",
    "signals", "network", "trends", "report", "meeting", "meetings", "workgroup", "workgroups",
)  # fmt: skip


def _gate(h: Harness) -> AccessGate:
    [handler] = h.app.handlers[-1]
    assert isinstance(handler.callback, AccessGate)
    return handler.callback


def _handled_commands(h: Harness) -> set[str]:
    return {
        command
        for group in h.app.handlers.values()
        for handler in group
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }


def _menu(h: Harness, scope: str) -> tuple[str, ...]:
    """Return the commands of a scope's menu; every language's menu must hold the same."""
    menus = [
        tuple(str(entry["command"]) for entry in menu)
        for key, menu in h.sandbox.world.commands.items()
        if key.startswith(scope)
    ]
    assert menus and len(set(menus)) == 1, menus
    return menus[0]


async def test_menus_gate_and_handlers_name_the_same_commands(harness: Harness) -> None:
    """The menus are the declared ones in order, every handled command is declared (in a menu,
    or /start, or a group command), and the gate keeps exactly the coordinators' extras."""
    features = discover()
    members_menu = _menu(harness, '{"type": "default"}|')
    coordinators_menu = _menu(harness, f'{{"chat_id": {COORDINATOR_ID}, "type": "chat"}}|')

    assert members_menu == MEMBER_COMMANDS
    assert coordinators_menu == COORDINATOR_COMMANDS
    assert _handled_commands(harness) == set(features.commands)
    assert set(features.commands) == {*coordinators_menu, "start", *features.group_commands()}
    gate = _gate(harness)
    assert gate.coordinator_commands == set(coordinators_menu) - set(members_menu)
    assert gate.coordinator_commands == features.commands_for(Who.COORDINATOR)


async def test_every_coordinator_command_is_refused_to_a_key_person(harness: Harness) -> None:
    """A key person typing any coordinator command is told it is only for the coordinator."""
    fatima = await harness.member(2001, "Fatima Yilmaz")

    for command in sorted(discover().commands_for(Who.COORDINATOR)):
        answer = await harness.say(fatima, f"/{command}")
        assert answer.plain_text() == "Dat kan alleen de netwerkregisseur.", command


@pytest.fixture
def config(sandbox: Sandbox, database_url: str) -> Config:
    """Return the test configuration with an admin chat for error reports."""
    return bot_config(sandbox, database_url, rate_scale=RATE_SCALE, admin_chat_id=ADMIN_CHAT)


def _explode(*args: object, **kwargs: object) -> None:
    msg = "the database is on fire"
    raise RuntimeError(msg)


async def test_an_unexpected_error_is_reported_to_the_admin_chat_without_contents(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The person gets a short apology; the admin chat gets the update id and the error type,
    never what the person wrote."""
    admin = harness.sandbox.user(ADMIN_CHAT, "Beheer")
    fatima = await harness.member(2001, "Fatima Yilmaz")
    monkeypatch.setattr(People, "by_telegram_id", _explode)

    apology = await harness.say(fatima, "Mijn buurman is vreemd")
    await harness.sandbox.wait_until(lambda: bool(admin.received()))

    assert apology.plain_text() == "Er ging iets mis. Probeer het later nog eens."
    [report] = [m.plain_text() for m in admin.received()]
    assert report.startswith("Fout bij het verwerken van update ")
    assert report.endswith(": RuntimeError. Zie het log.")
    assert "buurman" not in report and "fire" not in report


async def test_a_database_outage_is_reported_to_the_admin_chat_once(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the database is away, everyone who writes is told to try again later, and the
    admin chat gets one report for the outage, not one per message."""
    admin = harness.sandbox.user(ADMIN_CHAT, "Beheer")
    fatima = await harness.member(2001, "Fatima Yilmaz")
    mo = await harness.member(2002, "Mo Bouzid")

    async def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT", {}, ConnectionRefusedError("connection refused"))

    monkeypatch.setattr(People, "by_telegram_id", down)
    answers = [await harness.say(user, "/help") for user in (fatima, mo, fatima)]
    await harness.sandbox.wait_until(lambda: bool(admin.received()))
    await harness.say(mo, "/help")  # one more round trip: a second report would be here by now

    assert {a.plain_text() for a in answers} == {
        "De bot kan je bericht nu even niet verwerken. Probeer het over een paar minuten opnieuw."
    }
    [report] = [m.plain_text() for m in admin.received()]
    assert report.endswith(": OperationalError. Zie het log.")


async def test_the_same_kind_of_error_is_reported_once_per_ten_minutes_with_a_count(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Errors of one kind reach the admin chat once per ten minutes (the bot's clock); the next
    report says how many came in between. Nobody can flood the admin chat."""
    admin = harness.sandbox.user(ADMIN_CHAT, "Beheer")
    fatima = await harness.member(2001, "Fatima Yilmaz")
    monkeypatch.setattr(People, "by_telegram_id", _explode)

    for _ in range(3):
        await harness.say(fatima, "/help")
    harness.clock.advance(timedelta(minutes=10))
    await harness.say(fatima, "/help")
    await harness.sandbox.wait_until(lambda: len(admin.received()) == 2)

    first, second = [m.plain_text() for m in admin.received()]
    assert first.endswith(": RuntimeError. Zie het log.")
    assert "nog 2 keer" in second


async def test_a_stranger_who_blocks_the_bot_causes_no_error_and_no_report(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """Writing and then blocking the bot at once is the stranger's doing: one INFO line, no
    traceback, nothing in the admin chat."""
    caplog.set_level(logging.INFO, logger="handlers.fallback")
    admin = harness.sandbox.user(ADMIN_CHAT, "Beheer")
    stranger = harness.sandbox.user(3003, "Onbekend")
    await stranger.send("/start")
    harness.sandbox.block(stranger.user_id)
    await harness.sandbox.wait_until(
        lambda: any(
            call.status == 403 and call.chat_id == stranger.user_id
            for call in harness.sandbox.world.calls
        )
    )
    await harness.say(harness.coordinator, "/help")  # updates are handled in order

    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("can no longer be written to" in r.getMessage() for r in caplog.records)
    assert admin.received() == []


@pytest.fixture
def production_log() -> Iterator[io.StringIO]:
    """Configure logging exactly as `sleutelnet run` does at DEBUG, into a buffer."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    saved_levels = {
        name: logging.getLogger(name).level
        for name in (*OWN_LOGGERS, "httpx", "sqlalchemy", "apscheduler")
    }
    buffer = io.StringIO()
    stderr, sys.stderr = sys.stderr, buffer
    try:
        configure("DEBUG", [])  # no secrets to redact: the token must not get there at all
    finally:
        sys.stderr = stderr
    yield buffer
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)
    for name, level in saved_levels.items():
        logging.getLogger(name).setLevel(level)


async def test_a_whole_conversation_at_debug_logs_no_contents_names_or_tokens(
    production_log: io.StringIO, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Joining, a signal with its answer, an alert and an error, all at DEBUG: the log lines
    hold none of the texts, names, the bot token or the invitation token."""
    fatima = harness.sandbox.user(2002, "Fatima")
    token = await harness.invite("Fatima Yilmaz")
    await harness.join(fatima)
    await file_text(harness, fatima, "Geheimsignaal over de moskee")
    sanne = harness.coordinator
    await sanne.press("↩️ Antwoorden")
    await harness.say(sanne, "Geheimantwoord aan Fatima")
    await harness.say(sanne, "/alert")
    await harness.say(sanne, "Geheimalarm voor het netwerk")
    monkeypatch.setattr(People, "by_telegram_id", _explode)
    await harness.say(fatima, "Geheimtekst bij een fout")
    monkeypatch.undo()
    logged = production_log.getvalue()

    assert "started as @" in logged and "error while handling update" in logged  # it did log
    for secret in (
        harness.sandbox.token,
        token,
        "Fatima Yilmaz",
        "Yilmaz",
        "Geheimsignaal",
        "Geheimantwoord",
        "Geheimalarm",
        "Geheimtekst",
    ):
        assert secret not in logged, secret


async def test_losing_the_sender_role_stops_sending_at_once(
    sandbox: Sandbox, db: Database, clock: FakeClock, database_url: str
) -> None:
    """The sender lock's connection dies mid-alert: the next leadership check stops the sender,
    and after it no copy leaves but those already in flight (PostgreSQL)."""
    if is_sqlite(database_url):
        pytest.skip("the sender lock is PostgreSQL's; SQLite serves one process")
    config = bot_config(sandbox, database_url, rate_scale=10)  # 300/s: a 300-copy alert
    # The leadership check runs often; the election never again here (no re-election).
    periods = {"alerts.status": 0.05, "outbox.leadership": 0.05, "outbox.election": 3600}
    async with running(sandbox, db, clock, config, periods=periods) as h:
        app = h.app
        recipients = range(30_000, 30_300)
        await members(h, recipients)
        alert_id = await queue(h)

        def copies() -> int:
            return sum(len(alert_copies(h, chat, alert_id)) for chat in recipients)

        await sandbox.wait_until(lambda: copies() >= 30)
        assert await terminate_backends(db, lock_holder=True) == 1
        await sandbox.wait_until(lambda: app.bot_data.services.alerts.sender is None)
        at_stop = copies()
        if TELEGRAM_MODE == "polling":
            for _ in range(3):  # the bot goes on answering; no more copies leave meanwhile
                await h.say(h.coordinator, "/help")
        else:  # without the role it receives nothing: Telegram keeps the update (503)
            await h.coordinator.send("/help")
            await sandbox.wait_until(lambda: sandbox.webhook_answers.get("503", 0) >= 3)

        assert at_stop < len(recipients)
        workers = EngineSettings().sender.workers
        assert copies() - at_stop <= workers  # only those already in flight


async def test_the_gate_reads_and_writes_only_when_something_changed(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A known person writing again within the hour opens no write transaction in the gate, so
    chat does not queue for SQLite's single writer; an hour later, last seen is stored once."""
    fatima = await harness.member(2001, "Fatima Yilmaz")
    await harness.say(fatima, "/help")  # the first message stores when she was last seen
    writes = 0
    begin = harness.db.begin

    def counting() -> Any:
        nonlocal writes
        # Only the gate's own transactions: the sender's background claims use begin() too.
        writes += sys._getframe(1).f_code.co_filename.endswith("gate.py")
        return begin()

    monkeypatch.setattr(harness.db, "begin", counting)

    await harness.say(fatima, "/help")
    quiet = writes
    harness.clock.advance(timedelta(hours=1))
    await harness.say(fatima, "/help")
    person = await harness.person(2001)

    assert quiet == 0
    assert writes == 1
    assert person is not None and person.last_seen_at == harness.clock.now()


async def test_another_process_polling_is_one_warning_and_no_error_report(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """When another process polls with the same token, Telegram answers 409 Conflict: that is
    one WARNING per ten minutes with a count, no traceback and no admin-chat report, and the
    bot goes on answering. In webhook mode the other poller gets the 409 and the bot is not
    disturbed at all."""
    admin = harness.sandbox.user(ADMIN_CHAT, "Beheer")
    fatima = await harness.member(2001, "Fatima Yilmaz")
    other = f"{harness.sandbox.base_url}{harness.sandbox.token}/getUpdates"

    statuses = []
    async with aiohttp.ClientSession() as http:
        for _ in range(3):  # each newer request ends the bot's pending one with 409
            async with http.post(other, json={"timeout": 1}) as response:
                await response.read()
                statuses.append(response.status)
            if TELEGRAM_MODE == "polling":
                await harness.sandbox.wait_until(
                    lambda: any("409 Conflict" in r.getMessage() for r in caplog.records)
                )
    answer = await harness.say(fatima, "/help")

    conflicts = [r for r in caplog.records if "409 Conflict" in r.getMessage()]
    if TELEGRAM_MODE == "polling":
        assert [r.levelname for r in conflicts] == ["WARNING"]
        assert conflicts[0].exc_info is None
    else:
        assert statuses == [409, 409, 409]
        assert conflicts == []
    assert not any(r.levelname == "ERROR" for r in caplog.records)
    assert admin.received() == []
    assert "/help" in answer.plain_text()
