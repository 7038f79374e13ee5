"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL when asked), a fixed clock,
the Bot API sandbox and the real bot polling it."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.clock import FakeClock
from bot.config import Config
from bot.sandbox import Sandbox, SandboxLimits
from storage.db import Database
from storage.migrate import upgrade
from tests.factories import Harness, bot_config, running
from tests.timeline import START

# PTB 22 warns whenever it builds a RetryAfter unless timedelta periods are opted into, and
# warnings are errors here; the application opts in the same way (bot.app.build_application).
os.environ.setdefault("PTB_TIMEDELTA", "true")

PG_ENV = "SLEUTELNET_TEST_DATABASE_URL"
# Tests are about behaviour, not about waiting out Telegram's real rates: the sandbox and the
# bot's pacer are both scaled up by the same factor.
RATE_SCALE = 1000
TEST_LIMITS = SandboxLimits().scaled(RATE_SCALE)


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _pg_execute(url: str, *statements: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """Create a throw-away PostgreSQL database for this run when PG_ENV names a server."""
    admin = os.environ.get(PG_ENV)
    if not admin:
        yield None
        return
    name = f"sleutelnet_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_pg_execute(admin, f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(admin)
            .set(drivername="postgresql+asyncpg", database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        asyncio.run(_pg_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


HELD_SENDER_LOCKS = (
    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


async def _release_held_locks(url: str) -> int:
    connection = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        pids = [row["pid"] for row in await connection.fetch(HELD_SENDER_LOCKS)]
        for pid in pids:
            await connection.execute("SELECT pg_terminate_backend($1)", pid)
        return len(pids)
    finally:
        await connection.close()


@pytest.fixture(autouse=True)
def no_sender_lock_outlives_its_test(postgres_url: str | None) -> Iterator[None]:
    """Fail the test (not every later one) if a process or connection still holds the sender
    lock after it: every later bot would stand by and send nothing."""
    yield
    if postgres_url is not None and (leaked := asyncio.run(_release_held_locks(postgres_url))):
        pytest.fail(f"{leaked} connection(s) still held the sender lock after the test")


@pytest.fixture
async def database_url(tmp_path: Path, postgres_url: str | None) -> str:
    """Return the URL of an empty database: a fresh SQLite file, or a reset PostgreSQL schema."""
    if postgres_url is None:
        return f"sqlite+aiosqlite:///{tmp_path / 'sleutelnet.db'}"
    await _pg_execute(postgres_url, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public")
    return postgres_url


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """Return a migrated database, disposed after the test."""
    database = Database(database_url)
    await upgrade(database)
    yield database
    await database.dispose()


@pytest.fixture
async def reaper() -> AsyncIterator[list[asyncio.subprocess.Process]]:
    """Collect the processes a test starts; kill whichever still runs when it ends."""
    started: list[asyncio.subprocess.Process] = []
    yield started
    for process in started:
        if process.returncode is None:
            process.kill()
            await process.wait()


@pytest.fixture
def clock() -> FakeClock:
    """Return a clock fixed at START, a Saturday noon in November (tests/timeline.py)."""
    return FakeClock(START)


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """Return a running Bot API sandbox with rate limits scaled up for speed."""
    async with Sandbox(limits=TEST_LIMITS) as running:
        yield running


@pytest.fixture
def config(sandbox: Sandbox, database_url: str) -> Config:
    """Return a configuration pointing at the sandbox and the test database."""
    return bot_config(sandbox, database_url, rate_scale=RATE_SCALE)


@pytest.fixture
async def harness(
    sandbox: Sandbox, db: Database, clock: FakeClock, config: Config
) -> AsyncIterator[Harness]:
    """Run the real bot against the sandbox for the duration of a test."""
    async with running(sandbox, db, clock, config) as h:
        yield h
