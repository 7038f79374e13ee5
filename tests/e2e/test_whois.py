"""/whois: one person's card for the coordinator, built the new way (one feature module, the
catalogs, and nothing else registered by hand)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.dialogue_models import Dialogue
from storage.models import AuditEntry, PersonStatus
from tests.e2e.test_alerts_chat import ACK_BUTTON, send
from tests.factories import Harness
from tests.timeline import dmy


async def test_whois_shows_status_neighbourhoods_themes_and_last_response(
    harness: Harness,
) -> None:
    """The card names role, status, neighbourhoods, themes and when they last answered."""
    fatima = await harness.member(2002, "Fatima Yilmaz", wijken=("Tanthof",))
    await send(harness)
    harness.clock.advance(timedelta(minutes=5))
    await harness.press(fatima, ACK_BUTTON)
    acked = harness.clock.now()

    card = await harness.say(harness.coordinator, "/whois fati")

    assert card.plain_text().splitlines() == [
        "Fatima Yilmaz",
        "Rol: sleutelpersoon · actief",
        "Wijk(en): Tanthof",
        "Thema's: Radicalisering en polarisatie",
        f"Laatste reactie: {dmy(acked)} {acked.astimezone(harness.config.network.timezone):%H:%M}",
    ]


async def test_whois_says_never_for_someone_who_never_answered(harness: Harness) -> None:
    """Nobody is shown a last response they never gave."""
    await harness.member(2002, "Fatima Yilmaz")

    card = await harness.say(harness.coordinator, "/whois Yilmaz")

    assert "Laatste reactie: nog nooit" in card.plain_text()


async def test_whois_without_a_match_or_a_name_explains_itself(harness: Harness) -> None:
    """No match and no name each get a clear answer; a wildcard is just a character."""
    await harness.member(2002, "Fatima Yilmaz")
    sanne = harness.coordinator

    nobody = await harness.say(sanne, "/whois Pieter")
    usage = await harness.say(sanne, "/whois")
    wildcard = await harness.say(sanne, "/whois %")

    assert nobody.plain_text() == "Niemand gevonden met „Pieter” in de naam."
    assert usage.plain_text().startswith("Typ /whois gevolgd door")
    assert wildcard.plain_text() == "Niemand gevonden met „%” in de naam."


async def test_whois_leaves_out_people_who_left_and_is_audited(harness: Harness) -> None:
    """People who stopped are not shown; every lookup is in the audit log, without the name."""
    await harness.member(2002, "Fatima Yilmaz")
    fatima = await harness.person(2002)
    assert fatima is not None
    async with harness.db.begin() as session:
        person = await session.get(type(fatima), fatima.id)
        assert person is not None
        person.status = PersonStatus.LEFT

    answer = await harness.say(harness.coordinator, "/whois Fatima")

    assert answer.plain_text() == "Niemand gevonden met „Fatima” in de naam."
    async with harness.db.begin() as session:
        audit = (
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "people.whois"))
        ).all()
    assert [a.details for a in audit] == [{"count": 0}]


async def test_whois_is_refused_to_a_key_person(harness: Harness) -> None:
    """Only the coordinator may look people up."""
    fatima = await harness.member(2002, "Fatima Yilmaz")

    answer = await harness.say(fatima, "/whois Sanne")

    assert answer.plain_text() == "Dat kan alleen de netwerkregisseur."


async def test_stopping_ends_whatever_dialogue_was_open(harness: Harness) -> None:
    """A person who stops leaves no half-finished dialogue behind (the data register says so)."""
    fatima = await harness.member(2002, "Fatima Yilmaz")
    await send(harness)
    await harness.press(fatima, "❓ Vraag")
    assert await harness.count(Dialogue) == 1

    await harness.say(fatima, "/stop")
    await harness.press(fatima, "Ja, stop")

    assert await harness.count(Dialogue) == 0
