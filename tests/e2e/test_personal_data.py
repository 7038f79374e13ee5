"""Every feature declares what it holds about a person, and hands it over (issue 11, 12)."""

from __future__ import annotations

import json
from typing import Any

from bot.sandbox import SentMessage, SimulatedUser
from storage.repositories import People
from tests.e2e.test_alerts_chat import ACK_BUTTON, send
from tests.e2e.test_meetings import answer, plan
from tests.e2e.test_workgroups import GROUP, bound_group, has_link, invite, link_in
from tests.factories import Harness, file_text


def documents(user: SimulatedUser) -> list[SentMessage]:
    """Return the files the bot sent a person."""
    return [m for m in user.received() if m.kind == "document"]


async def export(h: Harness, telegram_user_id: int) -> dict[str, Any]:
    """Return what every feature holds about a person, as the export hooks give it."""
    services = h.app.bot_data.services
    async with services.db.read() as session:
        person = await People(session).by_telegram_id(telegram_user_id)
        assert person is not None
        return await services.features.export(session, services.config, person)


async def test_a_person_who_used_every_feature_gets_all_of_it_back(harness: Harness) -> None:
    """Profile, consents, neighbourhoods, the signal with its thread (decrypted), the alert with
    the acknowledgement, the meeting with the answer and the working-group seat."""
    h = harness
    fatima = await h.member(2001, "Fatima Yilmaz", wijken=("Tanthof-Oost",), tags=("jongeren",))
    await file_text(h, fatima, "Spanning bij het buurthuis")
    await send(h)
    await h.press(fatima, ACK_BUTTON)
    await plan(h)
    await answer(fatima, "✅ Ik kom")
    await bound_group(h)
    await invite(h, "➕ Leden uitnodigen", "Fatima Yilmaz")
    await h.sandbox.wait_until(lambda: has_link(fatima))
    fatima.request_join(link_in(fatima))
    await h.sandbox.wait_until(lambda: h.sandbox.member_status(GROUP, 2001) == "member")
    await h.say(fatima, "/quiet 23:00-07:00")  # updates are handled in order: joined by now

    data = await export(h, 2001)

    assert data["account"]["profile"]["name"] == "Fatima Yilmaz"
    assert data["account"]["profile"]["telegram_user_id"] == 2001
    assert {c["theme"] for c in data["onboarding"]["consents"] if c["granted"]}
    assert all(c["notice_version"] for c in data["onboarding"]["consents"])
    assert data["onboarding"]["neighbourhoods"] == ["Tanthof-Oost"]
    [signal] = data["signals"]["signals_reported"]
    assert signal["thread"][0]["text"] == "Spanning bij het buurthuis"
    received = data["alerts"]["alerts_received"]
    [alert] = [a for a in received if a["kind"] == "alert"]
    assert alert["acknowledged_at"] is not None and "buurthuis" in alert["text"]
    [meeting] = data["meetings"]["meetings_invited"]
    assert (meeting["title"], meeting["rsvp"]) == ("Netwerkoverleg", "yes")
    [seat] = data["workgroups"]["working_groups"]
    assert (seat["group"], seat["seat"]) == ("Werkgroep Station", "joined")
    assert data["people"]["tags"] == ["jongeren"]
    assert data["account"]["profile"]["quiet_hours"] == "23:00-07:00"


async def test_an_export_holds_nobody_else(harness: Harness) -> None:
    """Another member's signal, name and answers are not in a person's export."""
    h = harness
    await h.member(2001, "Fatima Yilmaz")
    mo = await h.member(2002, "Mo Bouzid")
    await file_text(h, mo, "Iets dat alleen Mo zag")
    await send(h)
    await h.press(mo, ACK_BUTTON)

    text = repr(await export(h, 2001))

    assert "Mo Bouzid" not in text and "alleen Mo" not in text
    assert "2002" not in text


async def test_mydata_sends_a_readable_copy_and_json_with_everything(harness: Harness) -> None:
    """/mydata: two files, a text a person can read and JSON, both with their signal's text,
    their neighbourhood and their consent; the hand-over is audited."""
    h = harness
    fatima = await h.member(2001, "Fatima Yilmaz", wijken=("Tanthof-Oost",))
    await file_text(h, fatima, "Spanning bij het buurthuis")

    await h.say(fatima, "/mydata")
    await h.sandbox.wait_until(lambda: len(documents(fatima)) == 2)

    readable, machine = documents(fatima)
    assert (readable.file_name, machine.file_name) == (
        "sleutelnet-data.txt",
        "sleutelnet-data.json",
    )
    text = (readable.file_bytes or b"").decode("utf-8")
    data = json.loads(machine.file_bytes or b"{}")
    assert "== Signalen die je stuurde ==" in text and "== Toestemmingen ==" in text  # Dutch
    for needle in ("Fatima Yilmaz", "Spanning bij het buurthuis", "Tanthof-Oost"):
        assert needle in text
        assert needle in json.dumps(data, ensure_ascii=False)
    assert data["data"]["onboarding"]["consents"][0]["granted"] is True
    assert "/mydata" in (await h.say(fatima, "/privacy")).plain_text()

    await h.say(fatima, "/mydata")  # the first hand-over is now in the audit entries about her
    await h.sandbox.wait_until(lambda: len(documents(fatima)) == 4)
    again = json.loads(documents(fatima)[-1].file_bytes or b"{}")
    assert [a["action"] for a in again["data"]["people"]["audit"]] == ["person.export"]
