"""Erasure on /stop keeps its word: nothing that identifies the person stays (issue 12)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.config_privacy import PrivacyConfig
from bot.erasure import erased
from bot.sandbox import SimulatedUser
from storage.db import is_sqlite
from storage.models import ConsentEvent
from storage.schema import metadata
from tests.e2e.test_alerts_chat import ACK_BUTTON, send
from tests.e2e.test_meetings import answer, plan
from tests.e2e.test_workgroups import GROUP, bound_group, has_link, invite, link_in
from tests.factories import Harness, file_text

TELEGRAM_ID = 731_246_859  # distinctive, so a byte scan finds nothing by chance
NAME = "Zoë Quist-Erasmus"


async def everything(h: Harness) -> SimulatedUser:
    """Let a member use every feature: a signal, an acknowledged alert, an RSVP, a group seat."""
    zoe = await h.member(TELEGRAM_ID, NAME, wijken=("Tanthof-Oost",), tags=("jongeren",))
    await file_text(h, zoe, "Spanning bij het buurthuis")
    await send(h)
    await h.press(zoe, ACK_BUTTON)
    await plan(h)
    await answer(zoe, "✅ Ik kom")
    await bound_group(h)
    await invite(h, "➕ Leden uitnodigen", NAME)
    await h.sandbox.wait_until(lambda: has_link(zoe))
    zoe.request_join(link_in(zoe))
    await h.sandbox.wait_until(lambda: h.sandbox.member_status(GROUP, TELEGRAM_ID) == "member")
    await h.say(zoe, "/quiet 23:00-07:00")
    return zoe


async def stop(h: Harness, user: SimulatedUser) -> None:
    """Say /stop and confirm; let the working-group keeper do its round."""
    await h.say(user, "/stop")
    await h.press(user, "Ja, stop")
    await h.app.bot_data.services.workgroups.tick()


async def stored_values(h: Harness) -> list[object]:
    """Return every value in every table of the store."""
    values: list[object] = []
    async with h.db.begin() as session:
        for table in metadata.sorted_tables:
            rows = await session.execute(text(f"SELECT * FROM {table.name}"))
            for row in rows:
                values.extend(row)
    return values


async def test_after_stop_nothing_in_the_store_names_or_numbers_the_person(
    harness: Harness,
) -> None:
    """Name, Telegram id (as text and as a number), tags, quiet hours: in no column of any
    table once the person has stopped, although they used every feature."""
    zoe = await everything(harness)

    await stop(harness, zoe)

    values = await stored_values(harness)
    assert TELEGRAM_ID not in values
    as_text = " ".join(str(v) for v in values if v is not None)
    for trace in (NAME, "Zoë", str(TELEGRAM_ID), "jongeren", "23:00-07:00"):
        assert trace not in as_text, trace
    assert harness.sandbox.member_status(GROUP, TELEGRAM_ID) == "left"


async def test_after_stop_the_database_files_hold_no_trace_of_the_person(
    harness: Harness, database_url: str
) -> None:
    """SQLite: the database file and its -wal hold neither the name nor the Telegram id, in
    any spelling; what was erased does not linger in free pages or the write-ahead log."""
    if not is_sqlite(database_url):
        pytest.skip("PostgreSQL's files are the server's")
    zoe = await everything(harness)
    await stop(harness, zoe)
    await harness.app.bot_data.services.db.forget_on_disk()  # after the keeper's round too

    needles = (
        NAME.encode(),
        "Zoë".encode(),
        str(TELEGRAM_ID).encode(),
        TELEGRAM_ID.to_bytes(4, "big"),
    )
    assert traces_on_disk(database_url, needles) == []


def traces_on_disk(database_url: str, needles: tuple[bytes, ...]) -> list[tuple[str, bytes]]:
    """Return which needles the SQLite database file or its -wal still hold."""
    path = Path(database_url.split("///", 1)[1])
    found = []
    for file in (path, path.with_name(path.name + "-wal")):
        data = file.read_bytes() if file.exists() else b""
        found += [(file.name, needle) for needle in needles if needle in data]
    return found


async def test_a_retention_wipe_leaves_no_trace_in_the_database_files(
    harness: Harness, database_url: str
) -> None:
    """SQLite: a signal wiped after its retention is gone from the file and the -wal too."""
    if not is_sqlite(database_url):
        pytest.skip("PostgreSQL's files are the server's")
    fatima = await harness.member(2001, "Fatima Yilmaz")
    secret = "Kenteken XK-731-B bij de school"
    await file_text(harness, fatima, secret)
    await harness.coordinator.press_data("sd:cn:1")
    await harness.coordinator.expect_answer()
    desk = harness.app.bot_data.services.signals

    harness.clock.advance(harness.config.signals.retention + timedelta(days=1))
    await desk.maintain()

    assert traces_on_disk(database_url, (secret.encode(),)) == []


async def test_the_proof_of_consent_is_found_from_the_telegram_id_only_through_the_key(
    harness: Harness,
) -> None:
    """What stays: the consent events (theme, notice version, times), on a record found by the
    keyed hash of the Telegram id; with another key they belong to nobody."""
    zoe = await harness.member(TELEGRAM_ID, NAME)
    await stop(harness, zoe)

    record = await harness.erased(TELEGRAM_ID)
    other = replace(harness.config, privacy=PrivacyConfig(pseudonym_key="another-key-0123456789"))
    async with harness.db.begin() as session:
        events = (
            await session.scalars(select(ConsentEvent).where(ConsentEvent.person_id == record.id))
        ).all()
        stranger = await erased(session, other, TELEGRAM_ID)
    assert record.telegram_user_id < 0
    assert [(e.theme, e.granted) for e in events] == [
        ("radicalisation-polarisation", True),
        ("radicalisation-polarisation", False),
    ]
    assert all(e.notice_version == harness.config.network.privacy_notice.version for e in events)
    assert stranger is None

    after = await harness.say(zoe, "/privacy")
    assert "gewist" in after.plain_text() and "pseudoniem" in after.plain_text()
