"""Alembic migrations run from code: upgrade, and the schema check `run` does before starting."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from storage.db import MIGRATING, Database, is_sqlite

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    """Build an Alembic config pointing at our migrations, without an ini file."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # configparser interpolates '%', which appears in URL-encoded passwords.
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


class SchemaStatus(enum.Enum):
    """How the database schema compares with this version of the code."""

    CURRENT = "current"
    EMPTY = "empty"
    BEHIND = "behind"
    AHEAD = "ahead"


@dataclass(frozen=True, slots=True)
class SchemaState:
    """The database's revision next to the code's head revision."""

    status: SchemaStatus
    current: str | None
    head: str


async def upgrade(db: Database, revision: str = "head", *, now: datetime | None = None) -> None:
    """Apply migrations up to `revision`; `now` is when migrations that copy state run (tests)."""
    await _run_command(db, command.upgrade, revision, now=now)


async def downgrade(db: Database, revision: str) -> None:
    """Revert migrations down to `revision` (used by tests and by operators rolling back)."""
    await _run_command(db, command.downgrade, revision)


async def _run_command(
    db: Database,
    action: Callable[[Config, str], None],
    revision: str,
    *,
    now: datetime | None = None,
) -> None:
    # Alembic is synchronous: hand it our async engine's connection through run_sync.
    cfg = alembic_config(db.url)

    def _run(connection: Connection) -> None:
        cfg.attributes["connection"] = connection
        cfg.attributes["now"] = now or datetime.now(UTC)
        action(cfg, revision)

    database = db.engine.url.database
    if not is_sqlite(db.url) or not database or database == ":memory:":
        # PostgreSQL enforces keys without cascading on a copy; a database in memory is new
        # and has nothing to lose, and closing its one connection would lose it all.
        async with db.engine.begin() as connection:
            await connection.run_sync(_run)
        return
    async with db.engine.connect() as plain:
        connection = await plain.execution_options(**{MIGRATING: True})
        try:
            async with connection.begin():
                await connection.run_sync(_run)
                broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
                if broken:  # rolled back: nothing half-migrated is kept
                    tables = sorted({str(row[0]) for row in broken})
                    msg = f"migration left rows pointing at missing rows in {', '.join(tables)}"
                    raise RuntimeError(msg)
        finally:
            # This connection has foreign keys off: close it instead of pooling it.
            await connection.invalidate()


async def schema_state(db: Database) -> SchemaState:
    """Compare the database's Alembic revision with the code's head."""
    script = ScriptDirectory.from_config(alembic_config(db.url))
    head = script.get_current_head()
    if head is None:
        msg = "no migrations found"
        raise RuntimeError(msg)
    known = {rev.revision for rev in script.walk_revisions()}

    def _current(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with db.engine.connect() as connection:
        current = await connection.run_sync(_current)
    if current is None:
        status = SchemaStatus.EMPTY
    elif current == head:
        status = SchemaStatus.CURRENT
    elif current in known:
        status = SchemaStatus.BEHIND
    else:
        status = SchemaStatus.AHEAD
    return SchemaState(status=status, current=current, head=head)
