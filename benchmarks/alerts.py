"""Benchmark the alert engine against the loop most bots use, over the sandbox.

One run reports, side by side and as ratios against the limit (elapsed / (sends / limit)):

1. this engine: N members with consent in a fresh database, one alert confirmed through
   ``bot.alerts.service.confirm`` and sent by ``OutboxEngine`` (real ExtBot + ``Pacer``) at
   Telegram's limits x ``--factor``: elapsed ratio, 429s, lost, duplicates, time to 1st copy;
2. the baseline: PTB's ``AIORateLimiter`` and a loop over the recipients on the same sandbox
   (``--baseline 1/0,30/3``: one loop with PTB's default max_retries=0, 30 loops with 3 retries);
3. with faults in the sandbox (HTTP 5xx, dropped connections, 429 with retry_after; the outbox
   retries with its real 2**attempts s backoff, so the run lasts until the last retry);
4. the engine at the real 30/s while someone talks to the bot: latency of those replies.

The sandbox runs in a child process (this module with --serve-sandbox), so the bot and the fake
server do not share one CPU; faults come from an aiohttp middleware added in that process only.
Each engine run uses a fresh SQLite file (WAL), or a throw-away database on the PostgreSQL
server of --database-url; both are removed afterwards, also on Ctrl-C.

    .venv/bin/python -m benchmarks.alerts                  # full run, about 3 minutes
    .venv/bin/python -m benchmarks.alerts --quick          # smoke run, about 20 s
    .venv/bin/python -m benchmarks.alerts --json           # figures as JSON on stdout
    .venv/bin/python -m benchmarks.alerts --database-url postgresql+asyncpg://postgres@127.0.0.1/test
    .venv/bin/python -m benchmarks.alerts --only engine --profile engine.prof

The baseline needs ``aiolimiter`` (``python-telegram-bot[rate-limiter]``). It exits 0 whatever
the figures are: it measures, it does not judge.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import logging
import math
import os
import random
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Coroutine, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

if __package__ in (None, ""):  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
from aiohttp import web
from aiohttp.typedefs import Handler
from sqlalchemy import func, insert, select
from sqlalchemy.engine import make_url
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, ExtBot

import bot.sandbox.sandbox as sandbox_module
from bot.alerts import service
from bot.alerts.audience import Audience, AudienceKind
from bot.alerts.outbox import AlertSource, SenderSettings
from bot.alerts.render import render
from bot.clock import SystemClock
from bot.config import Config, config_from_mapping
from bot.http import CONNECTIONS, AiohttpRequest
from bot.i18n import Translator
from bot.outbox.engine import OutboxEngine
from bot.outbox.source import Source
from bot.pacer import Pacer, PacerArgs
from bot.sandbox import Sandbox, SandboxLimits
from bot.sandbox import server as sandbox_server
from bot.signals.crypto import Sealer
from bot.signals.notices import NoticeSource
from bot.workgroups.notices import WorkgroupSource
from storage.db import Database, is_sqlite
from storage.migrate import upgrade
from storage.models import (
    Alert,
    AlertDelivery,
    ConsentEvent,
    DeliveryState,
    Person,
    PersonStatus,
    Role,
)

ROOT = Path(__file__).resolve().parent.parent
COORDINATOR = 1001
FIRST_RECIPIENT = 100_000
FIRST_TALKER = 900_000
TALKERS = 5  # interactive replies rotate over these chats, far below their own 1/s budget
THEME = "radicalisation-polarisation"
TEXT = (
    "Er is een incident in de wijk. Blijf rustig, deel geen beelden en verwijs vragen "
    "naar het wijkteam. Meer informatie volgt vandaag."
)
REAL_RATE = 30.0  # Telegram's messages/second for one bot


def _progress(message: str) -> None:
    print(f"[alerts benchmark] {message}", file=sys.stderr, flush=True)


# --- the sandbox, in a child process ---------------------------------------------------------


@dataclass(frozen=True)
class FaultRates:
    """Share of sendMessage calls the sandbox answers with a fault instead of handling them."""

    server_error: float = 0.0  # HTTP 500/502, nothing delivered
    dropped: float = 0.0  # connection closed before the request was handled
    too_many: float = 0.0  # 429 with retry_after, nothing delivered
    lost_answer: float = 0.0  # delivered, then the connection closed before the answer
    retry_after: int = 1

    @property
    def any(self) -> bool:
        """Tell whether any fault is switched on."""
        return self.server_error + self.dropped + self.too_many + self.lost_answer > 0


class FaultInjector:
    """An aiohttp middleware answering some sendMessage calls with a fault, at random."""

    def __init__(self) -> None:
        self.rates = FaultRates()
        self.rng = random.Random(0)
        self.counts: Counter[str] = Counter()

        @web.middleware
        async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
            return await self._handle(request, handler)

        self.middleware = middleware

    def reset(self, rates: FaultRates, seed: int) -> None:
        """Start a new run with these fault rates."""
        self.rates = rates
        self.rng = random.Random(seed)
        self.counts = Counter()

    async def _handle(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.match_info.get("method") != "sendMessage":
            return await handler(request)
        rates, draw = self.rates, self.rng.random() if self.rates.any else 1.0
        if draw < rates.server_error:
            self.counts["5xx"] += 1
            code = 502 if self.rng.random() < 0.5 else 500
            body = {"ok": False, "error_code": code, "description": "Internal Server Error"}
            return web.json_response(body, status=code)
        draw -= rates.server_error
        if draw < rates.dropped:
            self.counts["dropped"] += 1
            return _drop(request)
        draw -= rates.dropped
        if draw < rates.too_many:
            self.counts["429"] += 1
            seconds = rates.retry_after
            body = {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {seconds}",
                "parameters": {"retry_after": seconds},
            }
            return web.json_response(body, status=429)
        draw -= rates.too_many
        response = await handler(request)
        if response.status == 200 and draw < rates.lost_answer:
            self.counts["lost_answer"] += 1
            return _drop(request)
        return response


def _drop(request: web.Request) -> web.StreamResponse:
    """Close the connection without an answer (the client sees 'server disconnected')."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=500)


class SandboxHost:
    """The child's side: one fresh Sandbox per run, driven by JSON commands on stdin."""

    def __init__(self) -> None:
        self.sandbox: Sandbox | None = None
        self.faults = FaultInjector()
        self.cpu_started = 0.0
        original = sandbox_server.create_app

        def create_app(sandbox: Sandbox) -> web.Application:
            app = original(sandbox)
            app.middlewares.append(self.faults.middleware)
            return app

        # Only in this benchmark's child process: put the fault middleware in front.
        sandbox_module.create_app = create_app  # type: ignore[attr-defined]

    async def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        """Answer one command."""
        command = request["cmd"]
        if command == "setup":
            return await self.setup(request)
        if command == "stats":
            return self.stats(int(request["recipients"]))
        await self.close()
        return {}

    async def setup(self, request: dict[str, Any]) -> dict[str, Any]:
        """Start a fresh sandbox with the recipients, the talkers and the coordinator."""
        await self.close()
        limits = SandboxLimits().scaled(float(request["factor"]))
        sandbox = Sandbox(limits=limits)
        for i in range(int(request["recipients"])):
            sandbox.user(FIRST_RECIPIENT + i, f"Sleutelpersoon {i}")
        for i in range(TALKERS):
            sandbox.user(FIRST_TALKER + i, f"Vrager {i}")
        sandbox.user(COORDINATOR, "Sanne")
        self.faults.reset(FaultRates(**request["faults"]), int(request["seed"]))
        await sandbox.start()
        self.cpu_started = time.process_time()
        self.sandbox = sandbox
        return {
            "token": sandbox.token,
            "bot_username": sandbox.bot_username,
            "base_url": sandbox.base_url,
        }

    def stats(self, recipients: int) -> dict[str, Any]:
        """Count 429s, recipients without a copy and recipients with more than one."""
        sandbox = self.sandbox
        assert sandbox is not None
        missing, duplicated, first = [], [], math.inf
        for chat_id in range(FIRST_RECIPIENT, FIRST_RECIPIENT + recipients):
            copies = sandbox.sent_to(chat_id)
            if not copies:
                missing.append(chat_id)
                continue
            first = min(first, copies[0].date.timestamp())
            if len(copies) > 1:
                duplicated.append(chat_id)
        return {
            "count_429": sandbox.count_429,  # flood control only: injected faults skip the log
            "missing": missing,
            "duplicated": duplicated,
            "faults": dict(self.faults.counts),
            "first_delivered": None if first == math.inf else first,
            "cpu": time.process_time() - self.cpu_started,
        }

    async def close(self) -> None:
        """Stop the current sandbox, if any."""
        if self.sandbox is not None:
            sandbox, self.sandbox = self.sandbox, None
            await sandbox.stop()


async def serve_sandbox() -> None:
    """Child process main: answer JSON commands from stdin on stdout, one per line."""
    host = SandboxHost()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    try:
        while line := await reader.readline():
            request = json.loads(line)
            answer = await host.handle(request)
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
            if request["cmd"] == "quit":
                break
    finally:
        await host.close()


@dataclass
class SandboxStats:
    """What the sandbox saw in one run."""

    count_429: int
    missing: set[int]
    duplicated: set[int]
    faults: dict[str, int]
    first_delivered: float | None  # wall clock (time.time()) of the first copy to a recipient
    cpu: float  # seconds of CPU the sandbox process used since setup


class RemoteSandbox:
    """The parent's handle on the sandbox process."""

    def __init__(self) -> None:
        self._process: asyncio.subprocess.Process | None = None
        self.token = self.bot_username = self.base_url = ""

    async def __aenter__(self) -> RemoteSandbox:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "benchmarks.alerts",
            "--serve-sandbox",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            cwd=ROOT,
            limit=1 << 24,
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        try:
            async with asyncio.timeout(10):
                if process.returncode is None:
                    await self._call(process, {"cmd": "quit"})
                await process.wait()
        except (TimeoutError, OSError, RuntimeError):
            if process.returncode is None:
                process.kill()
                await process.wait()

    async def _call(
        self, process: asyncio.subprocess.Process, request: dict[str, Any]
    ) -> dict[str, Any]:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps(request).encode() + b"\n")
        await process.stdin.drain()
        line = await process.stdout.readline()
        if not line:
            msg = "the sandbox process ended unexpectedly"
            raise RuntimeError(msg)
        return cast(dict[str, Any], json.loads(line))

    async def call(self, **request: Any) -> dict[str, Any]:
        """Send one command and return the answer."""
        if self._process is None:
            msg = "the sandbox process is not running"
            raise RuntimeError(msg)
        return await self._call(self._process, request)

    async def setup(self, factor: float, recipients: int, faults: FaultRates, seed: int) -> None:
        """Start a fresh sandbox in the child at Telegram's limits x factor."""
        answer = await self.call(
            cmd="setup", factor=factor, recipients=recipients, faults=asdict(faults), seed=seed
        )
        self.token, self.bot_username = answer["token"], answer["bot_username"]
        self.base_url = answer["base_url"]

    async def stats(self, recipients: int) -> SandboxStats:
        """Return what the sandbox saw since the last setup."""
        answer = await self.call(cmd="stats", recipients=recipients)
        return SandboxStats(
            count_429=int(answer["count_429"]),
            missing=set(answer["missing"]),
            duplicated=set(answer["duplicated"]),
            faults=dict(answer["faults"]),
            first_delivered=answer["first_delivered"],
            cpu=float(answer["cpu"]),
        )


def bench_config(remote: RemoteSandbox, database_url: str, factor: float) -> Config:
    """The bot's configuration against the sandbox, as bot.demo.sandbox_config builds it.

    (Built here so that the benchmark does not import the chat handlers.)
    """
    data: dict[str, Any] = {
        "coordinators": [COORDINATOR],
        "telegram": {
            "token": remote.token,
            "bot_username": remote.bot_username,
            "api_base_url": remote.base_url,
            "rate_limits": {
                "messages_per_second": REAL_RATE * factor,
                "per_chat_per_second": 1 * factor,
                "group_per_minute": max(1, round(20 * factor)),
            },
        },
        "database": {"url": database_url},
        "network": {
            "name": "Sleutelnetwerk Delft",
            "neighbourhoods": ["Centrum", "Tanthof"],
            "themes": [
                {"key": THEME, "label": {"nl": "Radicalisering", "en": "Radicalisation"}},
            ],
            "privacy_notice": {
                "version": "2026-11",
                "text": {"nl": "Alleen voor het netwerk.", "en": "Only for the network."},
            },
        },
    }
    return config_from_mapping(data, environ={})


# --- databases -------------------------------------------------------------------------------


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _pg_admin(url: str, statement: str) -> None:
    try:
        connection = await asyncpg.connect(_asyncpg_dsn(url))
    except asyncpg.InvalidCatalogNameError:  # the named database does not exist: use postgres
        fallback = make_url(url).set(database="postgres").render_as_string(hide_password=False)
        connection = await asyncpg.connect(_asyncpg_dsn(fallback))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextlib.asynccontextmanager
async def fresh_database(server_url: str | None) -> AsyncIterator[Database]:
    """Yield a migrated, empty database: a temporary SQLite file, or a throw-away PG database."""
    if server_url is None or is_sqlite(server_url):
        with tempfile.TemporaryDirectory(prefix="sleutelnet-bench-") as tmp:
            db = Database(f"sqlite+aiosqlite:///{Path(tmp) / 'alerts.db'}")
            try:
                await upgrade(db)
                yield db
            finally:
                await db.dispose()
        return
    name = f"sleutelnet_bench_{uuid.uuid4().hex[:12]}"
    await _pg_admin(server_url, f'CREATE DATABASE "{name}"')
    try:
        url = make_url(server_url).set(drivername="postgresql+asyncpg", database=name)
        db = Database(url.render_as_string(hide_password=False))
        try:
            await upgrade(db)
            yield db
        finally:
            await db.dispose()
    finally:
        await _pg_admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def seed_members(db: Database, recipients: int) -> int:
    """Store the coordinator and N active key persons with consent (bulk); return the former."""
    now = SystemClock().now()
    async with db.begin() as session:
        coordinator = Person(
            telegram_user_id=COORDINATOR,
            display_name="Sanne",
            language="nl",
            status=PersonStatus.ACTIVE,
            role=Role.COORDINATOR,
            created_at=now,
            joined_at=now,
        )
        session.add(coordinator)
        await session.flush()
        await session.execute(
            insert(Person),
            [
                {
                    "telegram_user_id": FIRST_RECIPIENT + i,
                    "display_name": f"Sleutelpersoon {i}",
                    "language": "nl",
                    "status": PersonStatus.ACTIVE,
                    "role": Role.KEY_PERSON,
                    "created_at": now,
                    "joined_at": now,
                }
                for i in range(recipients)
            ],
        )
        ids = (await session.scalars(select(Person.id).where(Person.role == Role.KEY_PERSON))).all()
        await session.execute(
            insert(ConsentEvent),
            [
                {
                    "person_id": person_id,
                    "theme": THEME,
                    "notice_version": "2026-11",
                    "granted": True,
                    "at": now,
                    "via": "benchmark",
                }
                for person_id in ids
            ],
        )
        return coordinator.id


# --- figures ---------------------------------------------------------------------------------


@dataclass
class Figures:
    """What one run measured."""

    name: str
    recipients: int
    rate: float
    elapsed: float = 0.0
    sends: int = 0  # recipients plus interactive replies: what the limit had to carry
    count_429: int = 0  # provoked by pacing; injected faults are counted in `faults`
    lost: int = 0
    duplicates: int = 0
    rows_not_sent: int | None = None
    failed_calls: int | None = None  # the baseline's exceptions
    confirm_ms: float | None = None  # the confirm transaction (N outbox rows written)
    first_ms: float | None = None  # confirm committed -> first copy accepted by the sandbox
    replies_ms: list[float] = field(default_factory=list)
    faults: dict[str, int] = field(default_factory=dict)
    retries: int | None = None  # outbox attempts that failed and were retried
    max_attempts: int | None = None  # the most failed attempts of one row
    bot_cpu: float = 0.0  # share of one core the bot process used while sending
    sandbox_cpu: float = 0.0  # same for the sandbox process
    load_before: float = 0.0  # 1-minute load average when the run started
    stopped: bool = False  # the baseline was stopped at its time cap

    @property
    def cpu_per_send_ms(self) -> float:
        """Return the bot process's CPU time per message sent (robust to other load)."""
        return self.bot_cpu * self.elapsed * 1000 / self.sends if self.sends else math.nan

    @property
    def ratio(self) -> float:
        """Return elapsed / the minimum time the limit allows for these sends."""
        return self.elapsed / (self.sends / self.rate) if self.sends else math.nan

    def summary(self) -> dict[str, Any]:
        """Return the figures plus derived ones, for JSON."""
        data = asdict(self)
        replies = data.pop("replies_ms")
        data["ratio"] = round(self.ratio, 4)
        data["cpu_per_send_ms"] = round(self.cpu_per_send_ms, 3)
        data["replies"] = len(replies)
        for label, value in (("p50", 0.5), ("p95", 0.95)):
            data[f"reply_{label}_ms"] = _quantile(replies, value)
        data["reply_max_ms"] = max(replies) if replies else None
        return data


def _quantile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _sandbox_figures(
    figures: Figures, stats: SandboxStats, started_wall: float, not_sent: set[int] | None = None
) -> None:
    figures.count_429 = stats.count_429
    figures.lost = len(stats.missing | (not_sent or set()))
    figures.duplicates = len(stats.duplicated)
    figures.faults = stats.faults
    figures.sandbox_cpu = stats.cpu / figures.elapsed if figures.elapsed else 0.0
    if stats.first_delivered is not None:
        figures.first_ms = (stats.first_delivered - started_wall) * 1000


# --- the engine ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EngineRun:
    """One engine scenario."""

    name: str
    factor: float
    recipients: int
    faults: FaultRates = FaultRates()
    reply_every: float | None = None  # seconds between interactive replies, None: no replies


@dataclass(frozen=True)
class Tuning:
    """Knobs to try engine settings without editing the product (defaults: the product's)."""

    workers: int = SenderSettings().workers
    batch: int = SenderSettings().batch
    pool: int | None = None  # HTTP connection pool size; None: PTB's default (256)


async def run_engine(
    remote: RemoteSandbox,
    scenario: EngineRun,
    database_url: str | None,
    seed: int,
    tuning: Tuning = Tuning(),
) -> Figures:
    """Confirm one alert to N members and let the outbox send it; return the figures."""
    rate = REAL_RATE * scenario.factor
    figures = Figures(scenario.name, scenario.recipients, rate, load_before=os.getloadavg()[0])
    await remote.setup(scenario.factor, scenario.recipients, scenario.faults, seed)
    async with fresh_database(database_url) as db:
        coordinator_id = await seed_members(db, scenario.recipients)
        config = bench_config(remote, db.url, scenario.factor)
        clock = SystemClock()
        t = Translator(config.network.default_language)
        pacer = Pacer.from_config(config.telegram.rate_limits)
        request = AiohttpRequest(tuning.pool or CONNECTIONS)  # as the bot runs it
        bot: ExtBot[PacerArgs] = ExtBot(
            config.telegram.token,
            base_url=config.telegram.api_base_url,
            rate_limiter=pacer,
            request=request,
        )
        settings = SenderSettings(workers=tuning.workers, batch=tuning.batch)
        async with bot:
            # The engine as the bot runs it: every feature's source, the alerts' doing the work.
            sources: list[Source[Any]] = [
                AlertSource(config, t, clock, settings),
                NoticeSource(db, clock, config, t, Sealer.from_config(config.security)),
                WorkgroupSource(clock, config, t),
            ]
            sender = OutboxEngine(db, bot, clock, sources, idle_poll=settings.idle_poll)
            await sender.start()
            done = asyncio.Event()
            talker: asyncio.Task[None] | None = None
            try:
                async with db.begin() as session:
                    coordinator = await session.get(Person, coordinator_id)
                    assert coordinator is not None
                    alert = await service.new_draft(session, coordinator, now=clock.now())
                    alert.texts = {"nl": TEXT}
                    alert.audience = Audience(AudienceKind.ALL).to_json()
                    alert_id = alert.id
                pressed = time.monotonic()  # the coordinator presses "confirm"
                async with db.begin() as session:
                    alert = await service.get(session, alert_id, for_update=True)
                    coordinator = await session.get(Person, coordinator_id)
                    assert coordinator is not None
                    await service.confirm(session, alert, coordinator, now=clock.now())
                committed, cpu = time.monotonic(), time.process_time()
                committed_wall = time.time()  # the sandbox's message dates are wall clock
                sender.wake()
                if scenario.reply_every is not None:
                    talker = asyncio.create_task(
                        _talk(bot, done, figures.replies_ms, scenario.reply_every)
                    )
                async with asyncio.timeout(600 + 5 * scenario.recipients / rate):
                    await _until_final(db, sender, alert_id)
                figures.elapsed = time.monotonic() - committed
                figures.bot_cpu = (time.process_time() - cpu) / figures.elapsed
            finally:
                done.set()
                if talker is not None:
                    await talker
                await sender.stop()
        figures.confirm_ms = (committed - pressed) * 1000
        figures.sends = scenario.recipients + len(figures.replies_ms)
        async with db.begin() as session:
            d = AlertDelivery
            rows = (
                await session.execute(
                    select(d.chat_id).where(d.alert_id == alert_id, d.state != DeliveryState.SENT)
                )
            ).all()
            retries, most = (
                await session.execute(
                    select(func.sum(d.attempts), func.max(d.attempts)).where(d.alert_id == alert_id)
                )
            ).one()
            figures.retries, figures.max_attempts = int(retries or 0), int(most or 0)
            total = await session.scalar(select(func.count()).where(d.alert_id == alert_id))
        not_sent = {int(row[0]) for row in rows}
        figures.rows_not_sent = len(not_sent) + scenario.recipients - int(total or 0)
    stats = await remote.stats(scenario.recipients)
    _sandbox_figures(figures, stats, committed_wall, not_sent)
    if scenario.faults.any and not stats.faults:
        _progress("warning: no fault was injected (did bot.sandbox stop using create_app?)")
    return figures


async def _until_final(db: Database, sender: OutboxEngine, alert_id: int) -> None:
    """Wait until every row of the alert has its outcome, retries after a backoff included."""
    clock = SystemClock()
    while True:
        await sender.drained()  # returns when nothing is *due*; backed-off rows may remain
        async with db.begin() as session:
            d = AlertDelivery
            next_due = await session.scalar(
                select(func.min(d.due_at)).where(d.alert_id == alert_id, d.work.is_not(None))
            )
        if next_due is None:
            return
        wait = (next_due - clock.now()).total_seconds()
        await asyncio.sleep(min(1.0, max(0.01, wait)))


async def _talk(
    bot: ExtBot[PacerArgs], done: asyncio.Event, out: list[float], every: float
) -> None:
    """Send an interactive reply every `every` seconds until done; record each one's latency."""
    n = 0
    while not done.is_set():
        asked = time.monotonic()
        await bot.send_message(FIRST_TALKER + n % TALKERS, f"Antwoord {n}")
        out.append((time.monotonic() - asked) * 1000)
        n += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), every)


# --- the baseline ----------------------------------------------------------------------------


async def run_baseline(
    remote: RemoteSandbox,
    *,
    name: str,
    factor: float,
    recipients: int,
    concurrency: int,
    max_retries: int,
    seed: int,
    cap: float,
) -> Figures:
    """What most bots do: AIORateLimiter and a loop (or a few) over the recipients.

    A flood-control storm can make this take very long: after ``cap`` x the minimum time the
    loops are stopped and whoever has no copy by then counts as lost.
    """
    rate = REAL_RATE * factor
    figures = Figures(
        name, recipients, rate, sends=recipients, failed_calls=0, load_before=os.getloadavg()[0]
    )
    await remote.setup(factor, recipients, FaultRates(), seed)
    config = bench_config(remote, "sqlite+aiosqlite://", factor)
    limits = config.telegram.rate_limits
    shown = _rendered_alert(config)
    limiter = AIORateLimiter(
        overall_max_rate=limits.messages_per_second,
        overall_time_period=1,
        group_max_rate=limits.group_per_minute,
        group_time_period=60,
        max_retries=max_retries,
    )
    bot = ExtBot(config.telegram.token, base_url=config.telegram.api_base_url, rate_limiter=limiter)
    chats = iter(range(FIRST_RECIPIENT, FIRST_RECIPIENT + recipients))

    async def loop() -> None:
        for chat_id in chats:
            try:
                await bot.send_message(
                    chat_id,
                    shown.text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=shown.markup,
                    protect_content=shown.protect_content,
                )
            except TelegramError:  # a typical bot logs it and goes on with the next person
                figures.failed_calls = (figures.failed_calls or 0) + 1

    async with bot:
        started, cpu, started_wall = time.monotonic(), time.process_time(), time.time()
        try:
            async with asyncio.timeout(cap * recipients / rate), asyncio.TaskGroup() as group:
                for _ in range(concurrency):
                    group.create_task(loop())
        except TimeoutError:
            figures.stopped = True
        figures.elapsed = time.monotonic() - started
        figures.bot_cpu = (time.process_time() - cpu) / figures.elapsed
    _sandbox_figures(figures, await remote.stats(recipients), started_wall)
    return figures


def _rendered_alert(config: Config) -> Any:
    """Render the same alert message the engine sends (alert #1 in a fresh database)."""
    alert = Alert(id=1, texts={"nl": TEXT}, urgent=False, silent=False, shareable=False)
    t = Translator(config.network.default_language)
    return render(alert, "nl", t, config.network.name)


# --- report ----------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 0, suffix: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.{digits}f}{suffix}"


def table(runs: Sequence[Figures]) -> str:
    """Format the runs as columns of one table, with the goal of each line."""
    summaries = [run.summary() for run in runs]

    def elapsed(data: dict[str, Any]) -> str:
        return _fmt(data["elapsed"], 1) + (" (cap)" if data["stopped"] else "")

    def first(data: dict[str, Any]) -> str:
        if data["first_ms"] is None:
            return "-"
        return _fmt(data["first_ms"] + (data["confirm_ms"] or 0.0))

    def retries(data: dict[str, Any]) -> str:
        if data["retries"] is None:
            return "-"
        return f"{data['retries']} ({data['max_attempts']})"

    def cpu(data: dict[str, Any]) -> str:
        return f"{data['bot_cpu'] * 100:.0f} / {data['sandbox_cpu'] * 100:.0f}"

    def faults(data: dict[str, Any]) -> str:
        counts = data["faults"]
        return "/".join(str(counts.get(k, 0)) for k in ("5xx", "dropped", "429")) if counts else "-"

    lines: list[tuple[str, str, list[str]]] = [
        ("recipients", "", [str(s["recipients"]) for s in summaries]),
        ("limit (messages/s)", "", [_fmt(s["rate"]) for s in summaries]),
        ("elapsed (s)", "", [elapsed(s) for s in summaries]),
        ("elapsed / (sends / limit)", "<= 1.03", [_fmt(s["ratio"], 3) for s in summaries]),
        ("429s provoked", "0", [str(s["count_429"]) for s in summaries]),
        ("messages lost", "0", [str(s["lost"]) for s in summaries]),
        ("duplicates", "0", [str(s["duplicates"]) for s in summaries]),
        ("confirm pressed -> 1st copy (ms)", "< 100", [first(s) for s in summaries]),
        ("  confirm: N rows written (ms)", "", [_fmt(s["confirm_ms"]) for s in summaries]),
        ("  then commit -> 1st copy (ms)", "", [_fmt(s["first_ms"]) for s in summaries]),
        ("interactive replies", "", [str(s["replies"] or "-") for s in summaries]),
        ("reply latency p50 (ms)", "", [_fmt(s["reply_p50_ms"]) for s in summaries]),
        ("reply latency p95 (ms)", "< 1000", [_fmt(s["reply_p95_ms"]) for s in summaries]),
        ("reply latency max (ms)", "", [_fmt(s["reply_max_ms"]) for s in summaries]),
        ("faults injected 5xx/drop/429", "", [faults(s) for s in summaries]),
        ("outbox retries (most for 1 row)", "", [retries(s) for s in summaries]),
        ("failed send calls", "", [_fmt(s["failed_calls"]) for s in summaries]),
        ("bot / sandbox CPU (% of a core)", "", [cpu(s) for s in summaries]),
        ("bot CPU per message (ms)", "", [_fmt(s["cpu_per_send_ms"], 2) for s in summaries]),
        ("load average before", "", [_fmt(s["load_before"], 1) for s in summaries]),
    ]
    names = [run.name for run in runs]
    width = max(12, *(len(name) for name in names)) + 2
    label_width = max(len(line[0]) for line in lines) + 2
    header = "".ljust(label_width) + "goal".ljust(9) + "".join(n.rjust(width) for n in names)
    rows = [header, "-" * len(header)]
    for label, goal, values in lines:
        rows.append(
            label.ljust(label_width) + goal.ljust(9) + "".join(v.rjust(width) for v in values)
        )
    return "\n".join(rows)


# --- main ------------------------------------------------------------------------------------


PARTS = ("engine", "baseline", "interactive", "faults")


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Read the options; --quick shrinks the defaults for a smoke run."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.alerts",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--recipients", type=int, help="alert size (default 10000, quick 600)")
    parser.add_argument(
        "--factor", type=float, default=10.0, help="scale Telegram's limits (default %(default)s)"
    )
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server URL (a throw-away database is created on it);"
        " default: a temporary SQLite file",
    )
    parser.add_argument(
        "--only", default=",".join(PARTS), help="comma-separated parts to run (default %(default)s)"
    )
    parser.add_argument(
        "--baseline",
        default="1/0",
        help="baseline variants TASKS/RETRIES: TASKS loops over the recipients, AIORateLimiter"
        " max_retries=RETRIES (PTB's default is 0); default %(default)s",
    )
    parser.add_argument(
        "--baseline-cap",
        type=float,
        default=2.0,
        help="stop a baseline after this many times the minimum time (default %(default)s)",
    )
    parser.add_argument(
        "--interactive-recipients",
        type=int,
        help="alert size at the real 30/s while replies run (default 1500, quick 150)",
    )
    parser.add_argument(
        "--reply-every",
        type=float,
        default=0.5,
        help="seconds between replies (default %(default)s)",
    )
    parser.add_argument(
        "--fault-recipients",
        type=int,
        help="alert size with faults (default 3000, quick 300; at most --recipients)",
    )
    parser.add_argument(
        "--fault-5xx", type=float, default=0.05, help="share answered 500/502 (default %(default)s)"
    )
    parser.add_argument(
        "--fault-drop",
        type=float,
        default=0.02,
        help="share of dropped connections (default %(default)s)",
    )
    parser.add_argument(
        "--fault-429", type=float, default=0.001, help="share answered 429 (default %(default)s)"
    )
    parser.add_argument(
        "--fault-retry-after",
        type=int,
        default=1,
        help="retry_after of those 429s (default %(default)s)",
    )
    parser.add_argument(
        "--fault-lost-answer",
        type=float,
        default=0.0,
        help="share delivered whose answer is lost (each makes a duplicate: at-least-once)",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="seed of the fault draws (default %(default)s)"
    )
    defaults = Tuning()
    parser.add_argument(
        "--sender-workers",
        type=int,
        default=defaults.workers,
        help="alert source workers (default: the product's, %(default)s)",
    )
    parser.add_argument(
        "--sender-batch",
        type=int,
        default=defaults.batch,
        help="alert source claim batch (default: the product's, %(default)s)",
    )
    parser.add_argument("--pool-size", type=int, help="HTTP connection pool (default: PTB's)")
    parser.add_argument("--quick", action="store_true", help="a ~20 s smoke run")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON on stdout")
    parser.add_argument("--profile", help="write a cProfile of the first engine run to this file")
    parser.add_argument("--serve-sandbox", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.recipients is None:
        options.recipients = 600 if options.quick else 10_000
    if options.interactive_recipients is None:
        options.interactive_recipients = 150 if options.quick else 1500
    if options.fault_recipients is None:
        options.fault_recipients = min(options.recipients, 300 if options.quick else 3000)
    options.only = [part.strip() for part in options.only.split(",") if part.strip()]
    variants: list[tuple[int, int]] = []
    for variant in filter(None, (v.strip() for v in options.baseline.split(","))):
        tasks, _, retries = variant.partition("/")
        if not (tasks.isdigit() and retries.isdigit() and int(tasks) > 0):
            parser.error("--baseline: expected TASKS/RETRIES[,TASKS/RETRIES...], e.g. 1/0,30/3")
        variants.append((int(tasks), int(retries)))
    options.baseline = variants
    unknown = set(options.only) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    return options


async def _interruptible(work: Coroutine[Any, Any, list[Figures]]) -> list[Figures]:
    """Run `work`, cancelling it cleanly on SIGTERM as asyncio.run does on Ctrl-C."""
    task = asyncio.ensure_future(work)
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    return await task


async def benchmark(options: argparse.Namespace) -> list[Figures]:
    """Run the chosen parts one after the other against one sandbox process."""
    runs: list[Figures] = []
    factor, n = options.factor, options.recipients
    tuning = Tuning(options.sender_workers, options.sender_batch, options.pool_size)
    label = f"x{factor:g}"
    async with RemoteSandbox() as remote:
        if "engine" in options.only:
            _progress(f"engine: {n} recipients at {REAL_RATE * factor:g}/s")
            profiler = cProfile.Profile() if options.profile else None
            if profiler is not None:
                profiler.enable()
            scenario = EngineRun(f"engine {label}", factor, n)
            runs.append(
                await run_engine(remote, scenario, options.database_url, options.seed, tuning)
            )
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(options.profile)
        if "baseline" in options.only:
            for tasks, retries in options.baseline:
                loops = "loop" if tasks == 1 else f"{tasks} loops"
                name = f"PTB {loops} r{retries} {label}"
                _progress(
                    f"baseline: AIORateLimiter(max_retries={retries}), {loops}, {n} recipients"
                )
                runs.append(
                    await run_baseline(
                        remote,
                        name=name,
                        factor=factor,
                        recipients=n,
                        concurrency=tasks,
                        max_retries=retries,
                        seed=options.seed,
                        cap=options.baseline_cap,
                    )
                )
        if "faults" in options.only:
            faults = FaultRates(
                server_error=options.fault_5xx,
                dropped=options.fault_drop,
                too_many=options.fault_429,
                lost_answer=options.fault_lost_answer,
                retry_after=options.fault_retry_after,
            )
            m = options.fault_recipients
            _progress(f"engine with faults: {m} recipients at {REAL_RATE * factor:g}/s")
            scenario = EngineRun(f"faults {label}", factor, m, faults=faults)
            runs.append(
                await run_engine(remote, scenario, options.database_url, options.seed, tuning)
            )
        if "interactive" in options.only:
            m = options.interactive_recipients
            _progress(f"engine at the real {REAL_RATE:g}/s: {m} recipients plus replies")
            scenario = EngineRun("engine x1 + replies", 1.0, m, reply_every=options.reply_every)
            runs.append(
                await run_engine(remote, scenario, options.database_url, options.seed, tuning)
            )
    return runs


def main(argv: list[str] | None = None) -> None:
    """Parse the options, run the benchmark and print the figures."""
    options = parse(argv)
    os.environ.setdefault("PTB_TIMEDELTA", "true")  # as the application does
    if options.serve_sandbox:
        # Ctrl-C reaches the whole process group: the parent stops this process itself.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
        asyncio.run(serve_sandbox())
        return
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    # The baseline's AIORateLimiter logs a traceback for every 429 it passes on.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    started = time.monotonic()
    try:
        runs = asyncio.run(_interruptible(benchmark(options)))
    except (KeyboardInterrupt, asyncio.CancelledError):
        _progress("interrupted; temporary files and databases removed")
        sys.exit(130)
    _progress(f"done in {time.monotonic() - started:.0f} s")
    if options.json:
        settings = {
            key: value for key, value in vars(options).items() if key not in ("serve_sandbox",)
        }
        print(json.dumps({"settings": settings, "runs": [r.summary() for r in runs]}, indent=2))
    else:
        url = options.database_url
        database = "PostgreSQL" if url and not is_sqlite(url) else "SQLite (WAL)"
        print(f"Alert benchmark: sandbox in its own process, database {database}")
        print(table(runs))
        print(
            "sends = recipients + interactive replies; 429s: refused by the sandbox's flood"
            " control (injected 429s are under faults);\nlost = recipients without a copy, or"
            " whose outbox row is not SENT; 1st copy: baseline from the loop's"
            " start;\n(cap) = stopped after --baseline-cap x the minimum time, recipients"
            " without a copy by then count as lost."
        )


if __name__ == "__main__":
    main()
