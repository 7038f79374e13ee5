"""End to end with an encryption key and a per-theme retention: the store never holds signal
contents in the clear, keys rotate, and each theme is wiped on its own schedule."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.config import Config
from bot.sandbox import Sandbox, SimulatedUser
from bot.signals import keys
from bot.signals.crypto import Sealer, UnreadableError, new_key
from storage.schema import metadata
from storage.signal_models import SignalEntry
from tests.conftest import RATE_SCALE
from tests.factories import Harness, bot_config, card_of, file_text, signals, thread

KEY = new_key()
SECRET = "GEHEIM-Kerkstraat-12-wapens"
CAPTION = "ONDERSCHRIFT-met-adres"


def _database_bytes(path: Path) -> bytes:
    """Return the SQLite file and its write-ahead log: committed data is in one or the other."""
    return b"".join(part.read_bytes() for part in sorted(path.parent.glob(f"{path.name}*")))


@pytest.fixture
def config(sandbox: Sandbox, database_url: str) -> Config:
    """Return the sandbox configuration with encryption on and a short retention for one theme."""
    return bot_config(
        sandbox,
        database_url,
        rate_scale=RATE_SCALE,
        security={"encryption_key": KEY},
        signals={"retention_per_theme": {"undermining-crime": "30d"}},
    )


@pytest.fixture
async def fatima(harness: Harness) -> SimulatedUser:
    """Return a key person who consented to both themes."""
    return await harness.member(
        2002, "Fatima Yilmaz", themes=("radicalisation-polarisation", "undermining-crime")
    )


async def test_with_a_key_the_database_holds_no_signal_text_or_file_id(
    harness: Harness, fatima: SimulatedUser, database_url: str
) -> None:
    """Texts, captions and file ids are stored encrypted; coordinators still read them."""
    await harness.say(fatima, SECRET)
    await fatima.send_photo(caption=CAPTION)
    form = await fatima.next_message()
    await fatima.press("✅ Versturen", message=form)
    await fatima.next_message()

    card = await card_of(harness, harness.coordinator, 1)
    await harness.sandbox.wait_until(
        lambda: any(m.kind == "photo" for m in harness.coordinator.received())
    )
    photo_id = str(next(c for c in harness.sandbox.calls_to("sendPhoto") if c.ok).params["photo"])
    assert SECRET in card.plain_text()
    async with harness.db.begin() as session:
        for table in metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                for value in (SECRET, CAPTION, photo_id):
                    assert value not in repr(row), table.name
    assert all(e.body is None or e.body.startswith("f:") for e in await thread(harness, 1))
    if database_url.startswith("sqlite"):
        stored = _database_bytes(Path(database_url.split(":///", 1)[1]))
        assert stored
        for value in (SECRET, CAPTION, photo_id):
            assert value.encode() not in stored


async def test_rotation_reseals_everything_with_the_new_key(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """After rotation only the new key is needed; without it the contents are unreadable."""
    await file_text(harness, fatima, SECRET)
    newer = new_key()

    done = await keys.rotate(harness.db, Sealer(newer, [KEY]), now=harness.clock.now())

    [entry] = await thread(harness, 1)
    assert done.resealed == 1 and done.unreadable == 0
    assert entry.body is not None
    assert Sealer(newer).open(entry.body) == SECRET
    with pytest.raises(UnreadableError):
        Sealer(KEY).open(entry.body)
    again = await keys.rotate(harness.db, Sealer(newer, [KEY]), now=harness.clock.now())
    assert again.resealed == 0


async def test_each_theme_is_wiped_after_its_own_retention(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Undermining signals go after 30 days, the rest keeps the default year."""
    await file_text(harness, fatima, "Radicalisering")
    await harness.say(fatima, "Ondermijning")
    await fatima.press("Ondermijning")
    await fatima.expect_answer()
    await fatima.press("✅ Versturen")
    await fatima.next_message()
    for number in (1, 2):
        await card_of(harness, harness.coordinator, number)
        await harness.coordinator.press_data(f"sd:cn:{number}")
        await harness.coordinator.expect_answer()

    harness.clock.advance(timedelta(days=31))
    await harness.app.bot_data.services.signals.maintain()

    first, second = await signals(harness)
    assert second.theme == "undermining-crime" and second.wiped_at is not None
    assert first.wiped_at is None and len(await thread(harness, 1)) == 2
    async with harness.db.begin() as session:
        left = await session.execute(select(SignalEntry).where(SignalEntry.signal_id == 2))
        assert left.first() is None


async def test_the_partner_export_leaves_out_who_asked_not_to_be_named(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """The CSV names the reporter only where they chose 'my name may be passed on'; without a
    choice it is not."""
    await harness.say(fatima, "Met naam")
    await fatima.press("👤 Naam mag doorgegeven worden")
    await fatima.expect_answer()
    await fatima.press("✅ Versturen")
    await fatima.next_message()
    await file_text(harness, fatima, "Zonder naam")
    services = harness.app.bot_data.services

    csv_text = await keys.export(
        harness.db, services.config, services.signals.sealer, now=harness.clock.now(), since=None
    )

    lines = csv_text.splitlines()
    assert lines[0] == "number,filed,theme,urgency,wijk,status,reporter,text"
    assert "Fatima Yilmaz" in lines[1] and "Met naam" in lines[1]
    assert "Fatima" not in lines[2] and "Zonder naam" in lines[2]


async def test_the_export_never_hands_a_spreadsheet_a_formula(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Text that starts like a formula is written with a leading quote, so it stays text."""
    await file_text(harness, fatima, '=HYPERLINK("http://evil.example","klik")')
    services = harness.app.bot_data.services

    csv_text = await keys.export(
        harness.db, services.config, services.signals.sealer, now=harness.clock.now(), since=None
    )

    assert "'=HYPERLINK" in csv_text
