"""Specification of the store: migrations, schema checks, UTC timestamps, queries, transactions."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, DateTime, bindparam, func, inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import compose
from bot.clock import FakeClock
from storage.db import Database, is_sqlite
from storage.dialogue_models import Dialogue
from storage.meeting_models import Meeting
from storage.migrate import SchemaStatus, downgrade, schema_state, upgrade
from storage.models import (
    Alert,
    AlertDelivery,
    AuditEntry,
    Base,
    ConsentEvent,
    Person,
    PersonStatus,
    Role,
)
from storage.repositories import Audit, Consents, People, PeopleFilter, consenting_people
from storage.schema import metadata

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
RADICALISATION = "radicalisation-polarisation"
UNDERMINING = "undermining-crime"
HEAD = "0015"
APP_TABLES = {
    "alert_deliveries",
    "alert_templates",
    "alerts",
    "audit_log",
    "consent_events",
    "invites",
    "people",
    "person_neighbourhoods",
    "person_tags",
}


@pytest.fixture
async def empty_db(database_url: str) -> AsyncIterator[Database]:
    """Return a database without any schema, disposed after the test."""
    database = Database(database_url)
    yield database
    await database.dispose()


async def _tables(db: Database) -> set[str]:
    async with db.engine.connect() as connection:
        names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    return set(names) & APP_TABLES


async def _count(db: Database, model: type[Base]) -> int:
    async with db.begin() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def _person(
    session: AsyncSession,
    clock: FakeClock,
    telegram_user_id: int,
    name: str,
    *,
    status: PersonStatus = PersonStatus.ACTIVE,
    role: Role = Role.KEY_PERSON,
    wijken: Sequence[str] = (),
) -> Person:
    """Stage a person with the given details in the session."""
    people = People(session)
    person = Person(
        telegram_user_id=telegram_user_id,
        display_name=name,
        language="nl",
        status=status,
        role=role,
        created_at=clock.now(),
    )
    people.add(person)
    people.set_neighbourhoods(person, wijken)
    people.set_tags(person, [])
    return person


async def _decide(
    session: AsyncSession, clock: FakeClock, person: Person, theme: str, *, granted: bool
) -> ConsentEvent:
    """Append one consent decision a minute after the previous one."""
    clock.advance(timedelta(minutes=1))
    return await Consents(session).record(
        person, theme=theme, notice_version="2026-11", granted=granted, at=clock.now(), via="test"
    )


async def _names(db: Database, where: PeopleFilter) -> list[str]:
    async with db.begin() as session:
        return [p.display_name for p in await People(session).find(where)]


async def _add_person_created_at(db: Database, clock: FakeClock, created_at: datetime) -> None:
    """Store a person with the given creation time."""
    async with db.begin() as session:
        person = _person(session, clock, 42, "Sanne")
        person.created_at = created_at
        await session.flush()


async def _stage_a_member_then_fail(db: Database, clock: FakeClock) -> None:
    """Stage a person, a consent and an audit entry through repositories, then fail."""
    async with db.begin() as session:
        person = _person(session, clock, 42, "Fatima", wijken=["Tanthof"])
        await People(session).flush()
        await _decide(session, clock, person, RADICALISATION, granted=True)
        Audit(session).record(at=clock.now(), action="test", actor=None, subject=person)
        await session.flush()
        msg = "handler failed"
        raise RuntimeError(msg)


# Migrations and the schema check


async def test_migrations_upgrade_downgrade_to_base_and_upgrade_again(
    empty_db: Database, clock: FakeClock
) -> None:
    """The migrations create every table, remove them all again, and can be reapplied."""
    await upgrade(empty_db)
    assert await _tables(empty_db) == APP_TABLES

    await downgrade(empty_db, "base")
    assert await _tables(empty_db) == set()
    assert (await schema_state(empty_db)).status is SchemaStatus.EMPTY

    await upgrade(empty_db)
    assert await _tables(empty_db) == APP_TABLES
    async with empty_db.begin() as session:
        _person(session, clock, 42, "Sanne")
    assert await _count(empty_db, Person) == 1


async def test_migration_0013_marks_each_latest_consent_decision(
    empty_db: Database, clock: FakeClock
) -> None:
    """Upgrading a database with consent history marks exactly the newest decision per person
    and theme as latest, so who consents right now is unchanged."""
    await upgrade(empty_db, "0012")
    at = clock.now().replace(tzinfo=None)
    decisions = [(1, RADICALISATION, True), (1, UNDERMINING, True), (1, RADICALISATION, False)]
    decisions += [(2, RADICALISATION, False), (2, RADICALISATION, True)]
    async with empty_db.engine.begin() as connection:
        for pid in (1, 2):
            await connection.execute(
                text(
                    "INSERT INTO people (id, telegram_user_id, display_name, language, status,"
                    " role, created_at) VALUES (:id, :tid, 'x', 'nl', 'active', 'key_person', :at)"
                ),
                {"id": pid, "tid": pid, "at": at},
            )
        for pid, theme, granted in decisions:
            await connection.execute(
                text(
                    "INSERT INTO consent_events (person_id, theme, notice_version, granted, at,"
                    " via) VALUES (:pid, :theme, '2026-11', :granted, :at, 'test')"
                ),
                {"pid": pid, "theme": theme, "granted": granted, "at": at},
            )

    await upgrade(empty_db)

    async with empty_db.begin() as session:
        rows = (
            await session.execute(
                select(ConsentEvent.id, ConsentEvent.latest).order_by(ConsentEvent.id)
            )
        ).all()
        consenting = (
            await session.scalars(
                select(Person.telegram_user_id).where(
                    Person.id.in_(consenting_people(RADICALISATION))
                )
            )
        ).all()
    assert [row.latest for row in rows] == [False, True, True, False, True]
    assert list(consenting) == [2]


async def test_schema_state_reports_an_empty_database(empty_db: Database) -> None:
    """A database that was never migrated is EMPTY, with no current revision."""
    state = await schema_state(empty_db)

    assert state.status is SchemaStatus.EMPTY
    assert state.current is None
    assert state.head == HEAD


async def test_schema_state_reports_a_migrated_database_as_current(db: Database) -> None:
    """A database upgraded to head is CURRENT."""
    state = await schema_state(db)

    assert (state.status, state.current, state.head) == (SchemaStatus.CURRENT, HEAD, HEAD)


async def test_schema_state_reports_an_older_revision_as_behind(db: Database) -> None:
    """A database at an earlier revision is BEHIND and names where it stands."""
    await downgrade(db, "0001")

    state = await schema_state(db)

    assert (state.status, state.current, state.head) == (SchemaStatus.BEHIND, "0001", HEAD)


async def test_schema_state_reports_an_unknown_revision_as_ahead(db: Database) -> None:
    """A revision this code does not know means a newer Sleutelnet migrated the database."""
    async with db.begin() as session:
        await session.execute(text("UPDATE alembic_version SET version_num = 'f00dcafe9999'"))

    state = await schema_state(db)

    assert (state.status, state.current) == (SchemaStatus.AHEAD, "f00dcafe9999")


# Timestamps


async def test_timestamps_round_trip_as_timezone_aware_utc(db: Database, clock: FakeClock) -> None:
    """A timestamp given in local time comes back as the same instant, in UTC."""
    local = clock.now().astimezone(AMSTERDAM).replace(microsecond=123456)
    async with db.begin() as session:
        person = _person(session, clock, 42, "Sanne")
        person.created_at = local
        await session.flush()
        person_id = person.id

    async with db.begin() as session:
        loaded = await People(session).by_id(person_id)

    assert loaded is not None
    assert loaded.created_at == local
    assert loaded.created_at.utcoffset() == timedelta(0)
    assert loaded.joined_at is None


async def test_timestamp_comparisons_work_across_time_zones(db: Database, clock: FakeClock) -> None:
    """Comparing a stored timestamp with one given in another zone compares the instants."""
    async with db.begin() as session:
        _person(session, clock, 42, "Sanne")
    earlier = (clock.now() - timedelta(minutes=30)).astimezone(AMSTERDAM)
    later = (clock.now() + timedelta(minutes=30)).astimezone(AMSTERDAM)

    async with db.begin() as session:
        after_earlier = await session.scalar(
            select(func.count()).select_from(Person).where(Person.created_at > earlier)
        )
        after_later = await session.scalar(
            select(func.count()).select_from(Person).where(Person.created_at > later)
        )

    assert (after_earlier, after_later) == (1, 0)


async def test_naive_datetimes_are_refused(db: Database, clock: FakeClock) -> None:
    """A timestamp without a time zone is an error, not silently taken as UTC or local time."""
    naive = clock.now().replace(tzinfo=None)

    with pytest.raises(StatementError, match="naive datetime"):
        await _add_person_created_at(db, clock, naive)

    assert await _count(db, Person) == 0


# People.find


async def test_people_find_filters_by_status(db: Database, clock: FakeClock) -> None:
    """Only people with the requested status are listed, ordered by name."""
    async with db.begin() as session:
        _person(session, clock, 1, "Youssef", status=PersonStatus.ACTIVE)
        _person(session, clock, 2, "Anouk", status=PersonStatus.ACTIVE)
        _person(session, clock, 3, "Bram", status=PersonStatus.LEFT)
        _person(session, clock, 4, "Chaima", status=PersonStatus.INVITED)

    assert await _names(db, PeopleFilter(status=PersonStatus.ACTIVE)) == ["Anouk", "Youssef"]
    assert await _names(db, PeopleFilter(status=PersonStatus.LEFT)) == ["Bram"]
    assert await _names(db, PeopleFilter()) == ["Anouk", "Bram", "Chaima", "Youssef"]


async def test_people_find_filters_by_role(db: Database, clock: FakeClock) -> None:
    """Only people with the requested role are listed."""
    async with db.begin() as session:
        _person(session, clock, 1, "Sanne", role=Role.COORDINATOR)
        _person(session, clock, 2, "Fatima", role=Role.KEY_PERSON)
        _person(session, clock, 3, "Dirk", role=Role.BACKGROUND_CONTACT)

    assert await _names(db, PeopleFilter(role=Role.COORDINATOR)) == ["Sanne"]
    assert await _names(db, PeopleFilter(role=Role.BACKGROUND_CONTACT)) == ["Dirk"]


async def test_people_find_filters_by_whole_neighbourhood_name(
    db: Database, clock: FakeClock
) -> None:
    """A wijk filter matches the configured name exactly; /people maps user spelling onto it."""
    async with db.begin() as session:
        _person(session, clock, 1, "Fatima", wijken=["Tanthof", "Voorhof"])
        _person(session, clock, 2, "Dirk", wijken=["Tanthof-Oost"])
        _person(session, clock, 3, "Sanne")

    assert await _names(db, PeopleFilter(wijk="Tanthof")) == ["Fatima"]
    assert await _names(db, PeopleFilter(wijk="Tanthof-Oost")) == ["Dirk"]
    assert await _names(db, PeopleFilter(wijk="Buitenhof")) == []


async def test_people_find_by_theme_follows_the_latest_consent_decision(
    db: Database, clock: FakeClock
) -> None:
    """A withdrawal after a grant hides a person; a grant after a withdrawal lists them again."""
    async with db.begin() as session:
        withdrew = _person(session, clock, 1, "Withdrew")
        regranted = _person(session, clock, 2, "Regranted")
        other_theme = _person(session, clock, 3, "Other theme")
        _person(session, clock, 4, "Never asked")
        await session.flush()
        await _decide(session, clock, withdrew, RADICALISATION, granted=True)
        await _decide(session, clock, regranted, RADICALISATION, granted=False)
        await _decide(session, clock, withdrew, RADICALISATION, granted=False)
        await _decide(session, clock, regranted, RADICALISATION, granted=True)
        await _decide(session, clock, other_theme, UNDERMINING, granted=True)
        # A later decision on another theme must not hide the grant on this one.
        await _decide(session, clock, regranted, UNDERMINING, granted=False)

    assert await _names(db, PeopleFilter(theme=RADICALISATION)) == ["Regranted"]
    assert await _names(db, PeopleFilter(theme=UNDERMINING)) == ["Other theme"]


async def test_people_find_combines_filters(db: Database, clock: FakeClock) -> None:
    """Several filters together list only the people matching all of them."""
    async with db.begin() as session:
        match = _person(session, clock, 1, "Fatima", wijken=["Tanthof"])
        wrong_wijk = _person(session, clock, 2, "Dirk", wijken=["Voorhof"])
        left = _person(session, clock, 3, "Bram", wijken=["Tanthof"], status=PersonStatus.LEFT)
        await session.flush()
        for person in (match, wrong_wijk, left):
            await _decide(session, clock, person, RADICALISATION, granted=True)

    where = PeopleFilter(status=PersonStatus.ACTIVE, wijk="Tanthof", theme=RADICALISATION)
    assert await _names(db, where) == ["Fatima"]


# Consents


async def test_only_the_newest_decision_per_theme_is_latest(db: Database, clock: FakeClock) -> None:
    """Each decision becomes the latest on its theme and the one before it stops being so; a
    decision on another theme leaves it alone."""
    async with db.begin() as session:
        person = _person(session, clock, 1, "Fatima")
        await session.flush()
        first = await _decide(session, clock, person, RADICALISATION, granted=True)
        other = await _decide(session, clock, person, UNDERMINING, granted=True)
        last = await _decide(session, clock, person, RADICALISATION, granted=False)
        await session.flush()
        ids = (first.id, other.id, last.id)

    async with db.begin() as session:
        rows = (await session.execute(select(ConsentEvent.id, ConsentEvent.latest))).all()
        latest = {row.id: row.latest for row in rows}
    assert [latest[i] for i in ids] == [False, True, True]


async def test_two_latest_decisions_on_one_theme_are_refused(
    db: Database, clock: FakeClock
) -> None:
    """The store itself refuses a second latest decision for the same person and theme."""
    async with db.begin() as session:
        person = _person(session, clock, 1, "Fatima")
        await session.flush()
        await _decide(session, clock, person, RADICALISATION, granted=True)
        person_id = person.id

    with pytest.raises(IntegrityError):
        async with db.begin() as session:
            session.add(
                ConsentEvent(
                    person_id=person_id,
                    theme=RADICALISATION,
                    notice_version="2026-11",
                    granted=False,
                    at=clock.now(),
                    via="test",
                    latest=True,
                )
            )


async def test_consents_current_returns_the_latest_decision_per_theme(
    db: Database, clock: FakeClock
) -> None:
    """The current consent per theme is the most recent decision on that theme."""
    async with db.begin() as session:
        person = _person(session, clock, 1, "Fatima")
        await session.flush()
        await _decide(session, clock, person, RADICALISATION, granted=True)
        await _decide(session, clock, person, UNDERMINING, granted=True)
        last_radicalisation = await _decide(session, clock, person, RADICALISATION, granted=False)
        await session.flush()
        expected_id = last_radicalisation.id

    async with db.begin() as session:
        loaded = await People(session).by_telegram_id(1)
        assert loaded is not None
        current = await Consents(session).current(loaded)
        granted = await Consents(session).granted_themes(loaded)

    assert sorted(current) == [RADICALISATION, UNDERMINING]
    assert current[RADICALISATION].id == expected_id
    assert current[RADICALISATION].granted is False
    assert current[UNDERMINING].granted is True
    assert granted == {UNDERMINING}


async def test_granted_themes_of_many_people_match_each_persons_latest_decisions(
    db: Database, clock: FakeClock
) -> None:
    """One query for a listing gives what asking person by person gives: withdrawn themes
    are gone, people who never decided have none."""
    async with db.begin() as session:
        fatima = _person(session, clock, 1, "Fatima")
        mo = _person(session, clock, 2, "Mo")
        piet = _person(session, clock, 3, "Piet")
        await session.flush()
        await _decide(session, clock, fatima, RADICALISATION, granted=True)
        await _decide(session, clock, fatima, UNDERMINING, granted=True)
        await _decide(session, clock, fatima, RADICALISATION, granted=False)
        await _decide(session, clock, mo, RADICALISATION, granted=True)
        await session.flush()
        ids = [fatima.id, mo.id, piet.id]

    async with db.begin() as session:
        consents = Consents(session)
        together = await consents.granted_themes_of(ids)
        one_by_one = {
            p.id: await consents.granted_themes(p)
            for p in await People(session).find(PeopleFilter())
        }

    assert (
        together == one_by_one == {ids[0]: {UNDERMINING}, ids[1]: {RADICALISATION}, ids[2]: set()}
    )


async def test_consents_current_is_empty_without_decisions(db: Database, clock: FakeClock) -> None:
    """A person who never decided has no current consent."""
    async with db.begin() as session:
        person = _person(session, clock, 1, "Fatima")
        await session.flush()
        current = await Consents(session).current(person)

    assert current == {}


# Transactions and constraints


async def test_repositories_never_commit_so_a_failed_transaction_leaves_nothing(
    db: Database, clock: FakeClock
) -> None:
    """Everything staged through repositories disappears when the caller's transaction fails."""
    with pytest.raises(RuntimeError, match="handler failed"):
        await _stage_a_member_then_fail(db, clock)

    assert await _count(db, Person) == 0
    assert await _count(db, ConsentEvent) == 0
    assert await _count(db, AuditEntry) == 0


async def test_a_telegram_user_can_be_only_one_person(db: Database, clock: FakeClock) -> None:
    """A second person with the same Telegram user id is refused by the database."""
    async with db.begin() as session:
        _person(session, clock, 42, "Fatima")

    with pytest.raises(IntegrityError):
        async with db.begin() as session:
            _person(session, clock, 42, "Fatima again")

    assert await _names(db, PeopleFilter()) == ["Fatima"]


async def test_foreign_keys_are_enforced(db: Database, clock: FakeClock) -> None:
    """A consent event for a person who does not exist is refused."""
    with pytest.raises(IntegrityError):
        async with db.begin() as session:
            session.add(
                ConsentEvent(
                    person_id=999,
                    theme=RADICALISATION,
                    notice_version="2026-11",
                    granted=True,
                    at=clock.now(),
                    via="test",
                )
            )

    assert await _count(db, ConsentEvent) == 0


async def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(db: Database) -> None:
    """Every SQLite connection uses write-ahead logging and enforces foreign keys."""
    if not is_sqlite(db.url):
        pytest.skip("SQLite pragmas only")

    async with db.begin() as session:
        journal_mode = await session.scalar(text("PRAGMA journal_mode"))
        foreign_keys = await session.scalar(text("PRAGMA foreign_keys"))

    assert (journal_mode, foreign_keys) == ("wal", 1)


async def test_migrations_match_the_models(db: Database) -> None:
    """Autogenerate finds nothing to do after upgrade: models and migrations agree."""

    def _diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    async with db.engine.connect() as connection:
        diff = await connection.run_sync(_diff)

    assert diff == []


# Dialogue state across the 0006 upgrade

_AT = bindparam("at", type_=DateTime(timezone=True))


async def _sql(db: Database, statement: str, **values: object) -> None:
    """Run raw SQL as a 0005-era bot would have written it (timestamps bound with their type)."""
    clause = text(statement)
    if "at" in values:
        clause = clause.bindparams(_AT)
    async with db.begin() as session:
        await session.execute(clause, values)


async def _at_0005_with_open_dialogues(db: Database, clock: FakeClock) -> None:
    """Downgrade to 0005 and store what its columns said: a coordinator typing an alert's
    English text (and an older meeting plan waiting for a button), a member whose 'Question'
    is open, and a sent alert with its delivery."""
    await downgrade(db, "0005")
    now = clock.now()
    for pid, name, role in ((1, "Sanne", "coordinator"), (2, "Fatima", "key_person")):
        await _sql(
            db,
            "INSERT INTO people (id, telegram_user_id, display_name, language, status, role,"
            f" created_at) VALUES ({pid}, {1000 + pid}, '{name}', 'nl', 'active', '{role}', :at)",
            at=now,
        )
    for number, status, step in ((6, "sent", "NULL"), (7, "draft", "'text:en'")):
        await _sql(
            db,
            "INSERT INTO alerts (id, created_by_id, created_at, status, step, texts, audience,"
            " urgent, silent, shareable, version, recipient_count, status_dirty, kind)"
            f" VALUES ({number}, 1, :at, '{status}', {step}, '{{}}', '{{}}',"
            " false, false, false, 1, 1, false, 'alert')",
            at=now + timedelta(minutes=number),
        )
    await _sql(
        db,
        "INSERT INTO alert_deliveries (id, alert_id, person_id, chat_id, language, priority,"
        " seq, state, due_at, attempts, delivered_version, question_at, question_open)"
        " VALUES (1, 6, 2, 1002, 'nl', 1, 0, 'sent', :at, 1, 1, :at, true)",
        at=now,
    )
    await _sql(
        db,
        "INSERT INTO meetings (id, created_by_id, created_at, status, step, title, audience,"
        " sequence) VALUES (3, 1, :at, 'draft', 'audience', 'Overleg', '{}', 0)",
        at=now - timedelta(hours=1),
    )


async def _dialogue_rows(db: Database) -> list[tuple[object, ...]]:
    async with db.begin() as session:
        found = await session.execute(
            select(Dialogue.person_id, Dialogue.feature, Dialogue.step, Dialogue.ref_id).order_by(
                Dialogue.person_id
            )
        )
        return [tuple(row) for row in found]


async def test_a_draft_waiting_for_text_before_the_upgrade_takes_it_after(
    db: Database, clock: FakeClock
) -> None:
    """An alert draft that waited for its English text at 0005 still waits for it after the
    upgrade; the open question moves too, and no delivery is lost on the way."""
    await _at_0005_with_open_dialogues(db, clock)

    await upgrade(db, now=clock.now())

    assert await _dialogue_rows(db) == [
        (1, "alerts", "text:en", 7),  # text wins over the older plan waiting for a button
        (2, "alerts", "question", 6),
    ]
    async with db.begin() as session:
        sanne = await session.get(Person, 1)
        alert = await session.get(Alert, 7)
        assert sanne is not None and alert is not None
        step = await compose.step_of(session, sanne, alert, now=clock.now())
        assert step is not None and compose.waits_for_text(step)
        assert await session.get(AlertDelivery, 1) is not None
        assert await session.get(Meeting, 3) is not None  # the plan stays, no longer waiting


async def test_downgrading_0006_puts_open_dialogues_back_in_the_old_columns(
    db: Database, clock: FakeClock
) -> None:
    """Upgrade then downgrade: the draft's step and the open question are where 0005 kept them."""
    await _at_0005_with_open_dialogues(db, clock)
    await upgrade(db, now=clock.now())

    await downgrade(db, "0005")

    async with db.begin() as session:
        step = await session.scalar(text("SELECT step FROM alerts WHERE id = 7"))
        question = await session.scalar(
            text("SELECT question_open FROM alert_deliveries WHERE id = 1")
        )
    assert step == "text:en"
    assert bool(question) is True
