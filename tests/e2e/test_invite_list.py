"""A coordinator invites a list of people by sending the bot a CSV file."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import Invite
from tests.factories import Harness

PEOPLE = b"name,neighbourhoods,tags\nFatima Yilmaz,Tanthof,moskee\nMo Bouzid,,\n"


async def _invites(h: Harness) -> int:
    async with h.db.begin() as session:
        return int(await session.scalar(select(func.count()).select_from(Invite)) or 0)


async def test_a_csv_sent_to_the_bot_comes_back_as_one_link_per_person(harness: Harness) -> None:
    """The coordinator sends people.csv and gets a file with each person's own link; sending
    it again invites nobody twice."""
    sanne = harness.coordinator

    await sanne.send_document("mensen.csv", PEOPLE, mime_type="text/csv")
    links = await sanne.next_message()
    await sanne.send_document("mensen.csv", PEOPLE, mime_type="text/csv")
    again = await sanne.next_message()

    assert links.file_name == "uitnodigingen.csv"
    rows = (links.file_bytes or b"").decode().splitlines()
    assert rows[0] == "line,name,link,valid until"
    assert [row.split(",")[1] for row in rows[1:]] == ["Fatima Yilmaz", "Mo Bouzid"]
    assert "2 uitnodigingen" in links.plain_text()
    assert "0 uitnodigingen" in again.plain_text() and "regels: 2, 3" in again.plain_text()
    assert await _invites(harness) == 2


async def test_a_bad_list_is_answered_line_by_line_and_invites_nobody(harness: Harness) -> None:
    """Every bad line is named in the chat; nobody is invited until the file is right."""
    sanne = harness.coordinator

    await sanne.send_document(
        "mensen.csv", b"name,neighbourhoods\nFatima,Atlantis\n<b>Mo</b>,,\n", mime_type="text/csv"
    )
    answer = await sanne.next_message()

    assert answer.plain_text().startswith("Niemand uitgenodigd.")
    assert "line 2: unknown neighbourhood 'Atlantis'" in answer.plain_text()
    assert "line 3: more cells than columns" in answer.plain_text()
    assert await _invites(harness) == 0


async def test_a_key_persons_csv_is_a_signal_not_a_list_of_invitations(harness: Harness) -> None:
    """Only coordinators invite: a key person's CSV file is what they report."""
    fatima = await harness.member(2001, "Fatima Yilmaz")

    await fatima.send_document("mensen.csv", PEOPLE, mime_type="text/csv")
    await fatima.next_message()

    assert await _invites(harness) == 0
