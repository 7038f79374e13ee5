"""Operator tasks behind the CLI: migrations, invites, coordinators and the member list."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from bot import invite_import, membership
from bot.alerts import service
from bot.alerts.audience import Audience, AudienceKind, languages
from bot.clock import Clock
from bot.config import Config, mask_url
from bot.erasure import erase
from bot.feature import EraseHook
from bot.invites import NewInvite, create_invite
from storage.db import Database
from storage.migrate import SchemaStatus, schema_state, upgrade
from storage.models import Alert, Person, PersonStatus, Role
from storage.repositories import Audit, Consents, People, PeopleFilter

CLI_ACTOR = "cli"


class AdminError(Exception):
    """An operator mistake with a message that says what to do."""


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One line of `sleutelnet people list`."""

    person: Person
    themes: tuple[str, ...]


async def migrate(db: Database) -> str:
    """Upgrade the schema to the newest revision and describe what happened."""
    before = await schema_state(db)
    if before.status is SchemaStatus.AHEAD:
        msg = (
            f"database {mask_url(db.url)} is at revision {before.current}, newer than this "
            f"version of Sleutelnet knows (head {before.head}); upgrade Sleutelnet instead"
        )
        raise AdminError(msg)
    await upgrade(db)
    if before.status is SchemaStatus.CURRENT:
        return f"database already at revision {before.head}"
    return f"database upgraded from {before.current or 'empty'} to {before.head}"


def backup(config: Config, target: Path) -> str:
    """Copy a SQLite database with SQLite's online backup (consistent while the bot writes);
    the copy is readable by its owner only. Say where it went."""
    url = make_url(config.database.url)
    if not url.drivername.startswith("sqlite") or not url.database:
        msg = (
            "db backup copies SQLite databases; for PostgreSQL use pg_dump, e.g. "
            "pg_dump --format=custom --file=sleutelnet.dump DATABASE"
        )
        raise AdminError(msg)
    if target.exists():
        msg = f"{target} exists already; choose a new file name"
        raise AdminError(msg)
    source = sqlite3.connect(f"file:{url.database}?mode=ro", uri=True)
    try:
        target.touch(mode=0o600)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy, pages=1024)
        finally:
            copy.close()
    finally:
        source.close()
    return f"database copied to {target} (readable by you only)"


async def describe_schema(db: Database) -> tuple[str, bool]:
    """Say which revision the database is at against this version's; True if current."""
    state = await schema_state(db)
    where = mask_url(db.url)
    if state.status is SchemaStatus.CURRENT:
        return f"database {where} is at revision {state.current}, current", True
    if state.status is SchemaStatus.EMPTY:
        return f"database {where} has no schema; 'sleutelnet db upgrade' creates it", False
    if state.status is SchemaStatus.BEHIND:
        line = (
            f"database {where} is at revision {state.current}, this version needs "
            f"{state.head}: back it up, then run 'sleutelnet db upgrade'"
        )
        return line, False
    line = (
        f"database {where} is at revision {state.current}, newer than this version "
        f"knows ({state.head}): install the newer Sleutelnet"
    )
    return line, False


async def check_schema(db: Database) -> None:
    """Refuse to run on an unmigrated or newer schema, with a message saying what to do."""
    state = await schema_state(db)
    where = mask_url(db.url)
    if state.status is SchemaStatus.EMPTY:
        msg = f"database {where} has no schema yet; run 'sleutelnet db upgrade' first"
        raise AdminError(msg)
    if state.status is SchemaStatus.BEHIND:
        msg = (
            f"database {where} is at revision {state.current}, this version needs "
            f"{state.head}; run 'sleutelnet db upgrade' first"
        )
        raise AdminError(msg)
    if state.status is SchemaStatus.AHEAD:
        msg = (
            f"database {where} is at revision {state.current}, newer than this version of "
            f"Sleutelnet (head {state.head}); install the newer Sleutelnet"
        )
        raise AdminError(msg)


async def invite(
    db: Database,
    config: Config,
    clock: Clock,
    *,
    name: str,
    role: Role,
    neighbourhoods: Sequence[str],
    themes: Sequence[str],
    expires_in: timedelta | None,
) -> NewInvite:
    """Create an invitation from the command line."""
    if role is Role.COORDINATOR:
        msg = "invites are for key persons and background contacts; use 'coordinator add'"
        raise AdminError(msg)
    async with db.begin() as session:
        return await create_invite(
            session,
            config,
            now=clock.now(),
            name=name,
            role=role,
            neighbourhoods=neighbourhoods,
            themes=themes,
            expires_in=expires_in,
            actor_label=CLI_ACTOR,
        )


async def import_invites(
    db: Database,
    config: Config,
    clock: Clock,
    rows: Sequence[invite_import.Row],
    expires_in: timedelta | None,
) -> invite_import.Imported:
    """Invite everyone in a checked file in one transaction: all of them, or nobody."""
    async with db.begin() as session:
        return await invite_import.invite_all(
            session,
            config,
            rows,
            now=clock.now(),
            expires_in=expires_in,
            created_by=None,
            actor_label=CLI_ACTOR,
        )


async def add_coordinator(
    db: Database, config: Config, clock: Clock, telegram_user_id: int, name: str | None
) -> Person:
    """Give a Telegram user the coordinator role."""
    async with db.begin() as session:
        return await membership.ensure_coordinator(
            session,
            config,
            telegram_user_id=telegram_user_id,
            name=name,
            now=clock.now(),
            actor_label=CLI_ACTOR,
        )


async def remove_coordinator(
    db: Database,
    config: Config,
    clock: Clock,
    telegram_user_id: int,
    erase_hooks: Sequence[EraseHook] = (),
) -> str:
    """Take the coordinator role away; they stay a key person only if they gave consent, and
    are erased otherwise (as after /stop)."""
    if telegram_user_id in config.coordinators:
        msg = (
            f"{telegram_user_id} is listed under 'coordinators' in {config.path}; remove it "
            "there too, or it comes back at the next start"
        )
        raise AdminError(msg)
    now = clock.now()
    async with db.begin() as session:
        person = await People(session).by_telegram_id(telegram_user_id)
        if person is None or person.role is not Role.COORDINATOR:
            msg = f"no coordinator with Telegram id {telegram_user_id}"
            raise AdminError(msg)
        if await Consents(session).granted_themes(person):
            person.role = Role.KEY_PERSON
            outcome = "is now a key person"
        else:
            outcome = "has left the network and is erased (no consent on record)"
        name = person.display_name
        Audit(session).record(
            at=now, action="coordinator.remove", actor=None, subject=person, actor_label=CLI_ACTOR
        )
        if person.role is Role.COORDINATOR:
            person.role = Role.KEY_PERSON
            await erase(session, config, person, now=now, hooks=erase_hooks, by=CLI_ACTOR)
    await db.forget_on_disk()
    return f"{name} {outcome}"


async def list_people(db: Database, clock: Clock, where: PeopleFilter) -> list[PersonRow]:
    """Return people with their current consents."""
    async with db.begin() as session:
        people = await People(session).find(where)
        granted = await Consents(session).granted_themes_of([p.id for p in people])
        rows = [PersonRow(p, tuple(sorted(granted[p.id]))) for p in people]
        Audit(session).record(
            at=clock.now(),
            action="people.list",
            actor=None,
            actor_label=CLI_ACTOR,
            details={"count": len(rows)},
        )
    return rows


@dataclass(frozen=True, slots=True)
class AlertRequest:
    """An alert as the command line describes it."""

    texts: dict[str, str]
    audience: Audience
    urgent: bool = False
    silent: bool = False
    shareable: bool = False
    escalate_minutes: int | None = None
    send_at: datetime | None = None


async def by_telegram_ids(db: Database, audience: Audience) -> Audience:
    """Return a 'people' audience typed with Telegram user ids as one of stored people."""
    wanted = [int(v) for v in audience.values]
    async with db.begin() as session:
        rows = await session.execute(
            select(Person.telegram_user_id, Person.id).where(Person.telegram_user_id.in_(wanted))
        )
        found = {row.telegram_user_id: row.id for row in rows.all()}
    unknown = [str(v) for v in wanted if v not in found]
    if unknown:
        msg = f"no member with Telegram id {', '.join(unknown)} (see 'sleutelnet people list')"
        raise AdminError(msg)
    return Audience(AudienceKind.PEOPLE, tuple(str(found[v]) for v in wanted))


async def alert_preview(db: Database, request: AlertRequest) -> dict[str, int]:
    """Return how many people the alert would reach now, by the language they read."""
    async with db.begin() as session:
        return await languages(session, request.audience)


async def send_alert(
    db: Database, config: Config, clock: Clock, request: AlertRequest, *, actor: int | None
) -> tuple[int, int]:
    """Queue an alert in the outbox as a coordinator; the running bot sends it. Return ids."""
    now = clock.now()
    async with db.begin() as session:
        coordinator = await acting_coordinator(session, config, actor)
        alert = await service.blank_alert(session, coordinator, now=now)
        alert.texts = {lang: service.clean_text(text) for lang, text in request.texts.items()}
        alert.audience = request.audience.to_json()
        alert.urgent, alert.silent = request.urgent, request.silent
        alert.shareable = request.shareable
        alert.escalate_minutes = request.escalate_minutes
        alert.send_at = request.send_at
        count = await service.confirm(session, alert, coordinator, now=now)
        return alert.id, count


async def acting_coordinator(session: AsyncSession, config: Config, actor: int | None) -> Person:
    """Return the coordinator a command acts as: --as, else the first configured one."""
    telegram_id = actor if actor is not None else next(iter(config.coordinators), None)
    coordinator = await People(session).by_telegram_id(telegram_id) if telegram_id else None
    if (
        coordinator is None
        or coordinator.role is not Role.COORDINATOR
        or coordinator.status is not PersonStatus.ACTIVE
    ):
        msg = "no active coordinator to act as: pass --as TELEGRAM_ID of a coordinator"
        raise AdminError(msg)
    return coordinator


async def alert_status(db: Database, alert_id: int) -> tuple[Alert, service.Counts]:
    """Return an alert and its delivery figures."""
    async with db.begin() as session:
        alert = await service.get(session, alert_id)
        return alert, await service.counts(session, alert_id)
