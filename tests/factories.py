"""Builders for tests: invitations, members who went through sign-up, and database peeks."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import build_application
from bot.clock import FakeClock
from bot.config import Config
from bot.demo import COORDINATOR_ID, sandbox_config
from bot.erasure import erased
from bot.invites import create_invite
from bot.outbox.leader import SENDER_LOCK
from bot.runner import receiving
from bot.sandbox import Sandbox, SentMessage, SimulatedUser
from bot.services import AppType
from storage.db import Database
from storage.models import Base, Person, PersonStatus, Role
from storage.repositories import Consents, People
from storage.signal_models import Signal, SignalEntry

# How the bot receives updates in these tests: "polling" or "webhook" (the sandbox then
# posts every update to the bot's webhook listener); CI runs the end-to-end tests in both.
TELEGRAM_MODE = os.environ.get("SLEUTELNET_TEST_TELEGRAM_MODE", "polling")
if TELEGRAM_MODE not in ("polling", "webhook"):
    raise RuntimeError(f"SLEUTELNET_TEST_TELEGRAM_MODE={TELEGRAM_MODE!r}: use polling or webhook")
WEBHOOK_SECRET = "test-webhook-secret_0123456789"

RADICALISATION = "Radicalisering en polarisatie"
UNDERMINING = "Ondermijning"


@dataclass
class Harness:
    """The running bot, its sandbox and database, and a configured coordinator."""

    sandbox: Sandbox
    db: Database
    clock: FakeClock
    config: Config
    app: AppType
    coordinator: SimulatedUser

    async def invite(
        self,
        name: str = "Fatima Yilmaz",
        *,
        role: Role = Role.KEY_PERSON,
        neighbourhoods: Sequence[str] = (),
        themes: Sequence[str] = (),
        tags: Sequence[str] = (),
        language: str | None = None,
        expires_in: timedelta | None = None,
    ) -> str:
        """Create an invitation directly in the store and return its token."""
        async with self.db.begin() as session:
            new = await create_invite(
                session,
                self.config,
                now=self.clock.now(),
                name=name,
                role=role,
                neighbourhoods=neighbourhoods,
                themes=themes,
                tags=tags,
                language=language,
                expires_in=expires_in,
            )
        return new.token

    async def say(self, user: SimulatedUser, text: str) -> SentMessage:
        """Send a text and return the bot's next message to that user."""
        await user.send(text)
        return await user.next_message()

    async def press(self, user: SimulatedUser, button: str) -> str | None:
        """Press a button and return the text of the callback answer (sent last by the bot)."""
        await user.press(button)
        return (await user.expect_answer()).text

    async def join(
        self,
        user: SimulatedUser,
        *,
        name: str = "Fatima Yilmaz",
        themes: Sequence[str] = (RADICALISATION,),
        wijken: Sequence[str] = (),
    ) -> Person:
        """Take a simulated user through invitation, consent and neighbourhood choice."""
        token = await self.invite(name)
        await self.say(user, f"/start {token}")
        await self.press(user, "Verder")
        for theme in themes:
            await self.press(user, theme)
        await self.press(user, "Verder")
        for wijk in wijken:
            await self.press(user, wijk)
        await self.press(user, "Klaar")
        person = await self.person(user.user_id)
        assert person is not None
        return person

    async def person(self, telegram_user_id: int) -> Person | None:
        """Return the stored person for a Telegram user, if any."""
        async with self.db.begin() as session:
            return await People(session).by_telegram_id(telegram_user_id)

    async def erased(self, telegram_user_id: int) -> Person:
        """Return the pseudonymous record an erased person left behind (found by the keyed hash
        of their Telegram id, as a consent check would)."""
        async with self.db.begin() as session:
            person = await erased(session, self.config, telegram_user_id)
        assert person is not None, f"no erased record for {telegram_user_id}"
        return person

    async def count(self, model: type[Base]) -> int:
        """Return the number of rows of a model."""
        async with self.db.begin() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)

    async def member(
        self,
        telegram_user_id: int,
        name: str,
        *,
        language: str = "nl",
        themes: Sequence[str] = ("radicalisation-polarisation",),
        wijken: Sequence[str] = (),
        tags: Sequence[str] = (),
        role: Role = Role.KEY_PERSON,
    ) -> SimulatedUser:
        """Store an active member directly (fast set-up) and return them as a Telegram user."""
        await add_member(
            self.db,
            self.clock,
            telegram_user_id,
            name,
            themes=themes,
            wijken=wijken,
            tags=tags,
            language=language,
            role=role,
        )
        return self.sandbox.user(telegram_user_id, name.split()[0], language_code=language)

    async def drained(self) -> None:
        """Wait (at most 10 s) until the outbox has nothing due, claimed or in flight."""
        sender = self.app.bot_data.services.alerts.sender
        assert sender is not None
        async with asyncio.timeout(10):
            await sender.drained()


def bot_config(sandbox: Sandbox, database_url: str, **settings: Any) -> Config:
    """Return a configuration for the sandbox and database, receiving in TELEGRAM_MODE."""
    secret = WEBHOOK_SECRET if TELEGRAM_MODE == "webhook" else None
    return sandbox_config(sandbox, database_url, webhook_secret=secret, **settings)


@asynccontextmanager
async def running(
    sandbox: Sandbox, db: Database, clock: FakeClock, config: Config, **build: Any
) -> AsyncIterator[Harness]:
    """Run the real bot against a sandbox (build_application's options in `build`)."""
    app = build_application(config, db=db, clock=clock, **build)
    async with receiving(app, poll_timeout=1):
        yield Harness(
            sandbox=sandbox,
            db=db,
            clock=clock,
            config=config,
            app=app,
            coordinator=sandbox.user(COORDINATOR_ID, "Sanne"),
        )


async def terminate_backends(db: Database, *, lock_holder: bool) -> int:
    """Terminate PostgreSQL connections of this database: the one holding the sender lock, or
    every other one; return how many."""
    holder = (
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = :low AND granted"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )
    which = f"pid IN ({holder})" if lock_holder else f"pid NOT IN ({holder})"
    async with db.engine.connect() as connection:
        result = await connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                f" WHERE datname = current_database() AND pid <> pg_backend_pid() AND {which}"
            ),
            {"low": SENDER_LOCK & 0xFFFFFFFF},
        )
        return len(result.all())


async def add_member(
    db: Database,
    clock: FakeClock,
    telegram_user_id: int,
    name: str,
    **details: Any,
) -> int:
    """Store an active member with consent to `themes` directly (fast set-up); return the id."""
    async with db.begin() as session:
        return await stage_member(session, clock, telegram_user_id, name, **details)


async def stage_member(
    session: AsyncSession,
    clock: FakeClock,
    telegram_user_id: int,
    name: str,
    *,
    themes: Sequence[str] = ("radicalisation-polarisation",),
    wijken: Sequence[str] = (),
    tags: Sequence[str] = (),
    language: str = "nl",
    role: Role = Role.KEY_PERSON,
    status: PersonStatus = PersonStatus.ACTIVE,
) -> int:
    """Add a member as add_member does, within a transaction the caller holds; return the id."""
    person = Person(
        telegram_user_id=telegram_user_id,
        display_name=name,
        language=language,
        status=status,
        role=role,
        created_at=clock.now(),
        joined_at=clock.now() if status is PersonStatus.ACTIVE else None,
    )
    people = People(session)
    people.add(person)
    people.set_neighbourhoods(person, wijken)
    people.set_tags(person, tags)
    await people.flush()
    for theme in themes:
        await Consents(session).record(
            person,
            theme=theme,
            notice_version="2026-11",
            granted=True,
            at=clock.now(),
            via="test",
        )
    return person.id


# Signals


async def signals(h: Harness) -> list[Signal]:
    """Return every stored signal, oldest first."""
    async with h.db.begin() as session:
        return list((await session.execute(select(Signal).order_by(Signal.id))).scalars())


async def thread(h: Harness, number: int) -> list[SignalEntry]:
    """Return a signal's stored entries, oldest first."""
    async with h.db.begin() as session:
        stmt = select(SignalEntry).where(SignalEntry.signal_id == number)
        return list((await session.execute(stmt.order_by(SignalEntry.id))).scalars())


async def card_of(h: Harness, coordinator: SimulatedUser, number: int) -> SentMessage:
    """Wait for a coordinator's card of a signal and return it, once the bot has recorded it
    (a reply to the card finds its signal by the card's message id)."""
    marker = f"ignaal #{number}"

    def arrived() -> bool:
        return any(marker in m.plain_text() for m in coordinator.received())

    await h.sandbox.wait_until(arrived)
    await h.drained()
    return next(m for m in coordinator.received() if marker in m.plain_text())


async def file_text(h: Harness, user: SimulatedUser, text: str) -> SentMessage:
    """Type a signal and press Send; return the receipt once the bot has recorded it (a reply
    to it finds its signal by the receipt's message id, written with the send's outcome)."""
    form = await h.say(user, text)
    assert form.plain_text().startswith("📝 Nieuw signaal"), form.plain_text()
    await user.press("✅ Versturen")
    receipt = await user.next_message()
    await h.drained()
    return receipt
