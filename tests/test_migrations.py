"""Specification of upgrades: a database filled with data at each earlier schema revision comes
through every later migration to the newest with all of it intact and usable."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from bot.alerts.audience import Audience, AudienceKind, size
from bot.clock import FakeClock
from storage.db import Database
from storage.meeting_models import Meeting, MeetingInvitee, MeetingReminder
from storage.migrate import SchemaStatus, schema_state, upgrade
from storage.models import (
    Alert,
    AlertDelivery,
    AlertStatus,
    AuditEntry,
    ConsentEvent,
    Invite,
    Person,
    PersonNeighbourhood,
    PersonTag,
)
from storage.repositories import Consents, consenting_people
from storage.signal_models import Signal, SignalEntry, SignalNotice
from storage.workgroup_models import Seat, Workgroup

RADICALISATION = "radicalisation-polarisation"
UNDERMINING = "undermining-crime"
KEY_PERSON, COORDINATOR = 1, 2


@pytest.fixture
async def empty_db(database_url: str) -> AsyncIterator[Database]:
    """Return a database without any schema, disposed after the test."""
    database = Database(database_url)
    yield database
    await database.dispose()


async def _fill(db: Database, statements: list[tuple[str, dict[str, Any]]]) -> None:
    async with db.engine.begin() as connection:
        for sql, params in statements:
            await connection.execute(text(sql), params)


def _at_0001(at: datetime) -> list[tuple[str, dict[str, Any]]]:
    """People, their neighbourhood, tag, consent history, an invitation and an audit entry."""
    person = (
        "INSERT INTO people (id, telegram_user_id, display_name, language, status, role,"
        " created_at) VALUES (:id, :tid, :name, 'nl', 'active', {role}, :at)"
    )
    consent = (
        "INSERT INTO consent_events (person_id, theme, notice_version, granted, at, via)"
        " VALUES (:pid, :theme, '2026-11', :granted, :at, 'chat')"
    )
    return [
        (person.format(role="'key_person'"), {"id": 1, "tid": 2001, "name": "Fatima", "at": at}),
        (person.format(role="'coordinator'"), {"id": 2, "tid": 1001, "name": "Sanne", "at": at}),
        ("INSERT INTO person_neighbourhoods (person_id, wijk) VALUES (1, 'Tanthof')", {}),
        ("INSERT INTO person_tags (person_id, tag) VALUES (1, 'moskee')", {}),
        (consent, {"pid": 1, "theme": RADICALISATION, "granted": True, "at": at}),
        (consent, {"pid": 1, "theme": UNDERMINING, "granted": True, "at": at}),
        (consent, {"pid": 1, "theme": UNDERMINING, "granted": False, "at": at}),
        (
            "INSERT INTO invites (token_hash, created_at, expires_at, name, role,"
            " neighbourhoods, themes) VALUES ('h', :at, :later, 'Mo', 'key_person', '[]', '[]')",
            {"at": at, "later": at + timedelta(days=7)},
        ),
        (
            "INSERT INTO audit_log (at, actor_label, action, details)"
            " VALUES (:at, 'config', 'coordinator.add', '{}')",
            {"at": at},
        ),
    ]


def _at_0002(at: datetime) -> list[tuple[str, dict[str, Any]]]:
    """An alert that went to the key person, and a template."""
    return [
        (
            "INSERT INTO alerts (id, created_at, status, texts, audience, urgent, silent,"
            " shareable, version, recipient_count, status_dirty, confirmed_at, finished_at)"
            ' VALUES (1, :at, \'sent\', \'{"nl": "Let op"}\', \'{"kind": "all"}\', false,'
            " false, false, 1, 1, false, :at, :at)",
            {"at": at},
        ),
        (
            "INSERT INTO alert_deliveries (alert_id, person_id, chat_id, language, priority,"
            " seq, state, due_at, attempts, delivered_version, question_open, sent_at)"
            " VALUES (1, 1, 2001, 'nl', 1, 0, 'sent', :at, 0, 1, false, :at)",
            {"at": at},
        ),
        (
            "INSERT INTO alert_templates (name, texts, created_at)"
            " VALUES ('Rust', '{\"nl\": \"Rustig\"}', :at)",
            {"at": at},
        ),
    ]


def _at_0005(at: datetime) -> list[tuple[str, dict[str, Any]]]:
    """A signal with its report and a notice; a meeting with an invitee and a reminder; a
    working group with a seat."""
    return [
        (
            "INSERT INTO signals (id, status, urgency, anonymous, created_at, reporter_id, theme)"
            " VALUES (1, 'open', 'normal', false, :at, 1, :theme)",
            {"at": at, "theme": RADICALISATION},
        ),
        (
            "INSERT INTO signal_entries (signal_id, role, kind, created_at)"
            " VALUES (1, 'report', 'text', :at)",
            {"at": at},
        ),
        (
            "INSERT INTO signal_notices (signal_id, person_id, kind, state, loud, attempts,"
            " created_at) VALUES (1, 2, 'card', 'sent', false, 0, :at)",
            {"at": at},
        ),
        (
            "INSERT INTO meetings (id, created_at, status, title, audience, sequence, starts_at)"
            " VALUES (1, :at, 'planned', 'Overleg', '{\"kind\": \"all\"}', 0, :later)",
            {"at": at, "later": at + timedelta(days=7)},
        ),
        ("INSERT INTO meeting_invitees (meeting_id, person_id) VALUES (1, 1)", {}),
        (
            "INSERT INTO meeting_reminders (meeting_id, kind, due_at, state)"
            " VALUES (1, 'invitees', :later, 'pending')",
            {"later": at + timedelta(days=5)},
        ),
        (
            "INSERT INTO workgroups (id, created_at, status, name, purpose, close_failures)"
            " VALUES (1, :at, 'active', 'Station', 'Samen', 0)",
            {"at": at},
        ),
        (
            "INSERT INTO workgroup_seats (workgroup_id, person_id, state, invited_at)"
            " VALUES (1, 1, 'invited', :at)",
            {"at": at},
        ),
    ]


async def _count(db: Database, model: Any) -> int:
    async with db.begin() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_data_written_at_earlier_revisions_survives_every_upgrade_to_head(
    empty_db: Database, clock: FakeClock
) -> None:
    """Data stored at revisions 0001, 0002 and 0005 (people, consents, alerts and their
    copies, signals, meetings, working groups) is all there at head, and what later
    migrations derive from it is right: the latest consent per theme, the alert fully
    written."""
    at = clock.now().replace(tzinfo=None)
    await upgrade(empty_db, "0001")
    await _fill(empty_db, _at_0001(at))
    await upgrade(empty_db, "0002")
    await _fill(empty_db, _at_0002(at))
    await upgrade(empty_db, "0005")
    await _fill(empty_db, _at_0005(at))

    await upgrade(empty_db)

    assert (await schema_state(empty_db)).status is SchemaStatus.CURRENT
    expected = {
        Person: 2,
        PersonNeighbourhood: 1,
        PersonTag: 1,
        ConsentEvent: 3,
        Invite: 1,
        AuditEntry: 1,
        Alert: 1,
        AlertDelivery: 1,
        Signal: 1,
        SignalEntry: 1,
        SignalNotice: 1,
        Meeting: 1,
        MeetingInvitee: 1,
        MeetingReminder: 1,
        Workgroup: 1,
        Seat: 1,
    }
    counts = {model: await _count(empty_db, model) for model in expected}
    assert counts == expected
    async with empty_db.begin() as session:
        fatima = await session.get(Person, KEY_PERSON)
        assert fatima is not None
        granted = await Consents(session).granted_themes(fatima)
        consenting = (await session.scalars(consenting_people(UNDERMINING))).all()
        reach = await size(session, Audience(AudienceKind.WIJK, ("Tanthof",)))
        alert = await session.get(Alert, 1)
        assert alert is not None
        copy = (await session.scalars(select(AlertDelivery))).one()
    assert granted == {RADICALISATION}
    assert list(consenting) == []
    assert reach == 1
    assert (alert.status, alert.queued, alert.queue_after) == (AlertStatus.SENT, 1, None)
    assert (copy.person_id, copy.chat_id) == (KEY_PERSON, 2001)
