"""End to end over HTTP: the coordinator's picture. /network in one message and two charts,
its lists a tap away, inviting someone for a neighbourhood nobody covers, /trends as a chart
followed by its table, /report as a PDF, and a keep-warm nudge that names names."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from bot.picture import drawing
from bot.picture.keepwarm import Pair
from storage.models import Alert, AlertKind, Invite
from tests.factories import Harness
from tests.picture_world import QUIET, TANTHOF, seed


async def test_network_shows_the_health_in_one_message_and_two_charts(harness: Harness) -> None:
    """Members, coverage, quiet ones, acknowledgements, signals and meetings in one message,
    then the coverage heat map and the acknowledgement chart as images."""
    await seed(harness.db, harness.clock)
    sanne = harness.coordinator

    health = (await harness.say(sanne, "/network")).plain_text()
    heatmap, acks = await sanne.next_message(), await sanne.next_message()

    assert "Leden – actief: 10" in health  # 6 + 2 + the quiet one + the coordinator
    assert "uitgenodigd: 1" in health
    assert "Dekking (wijk × thema met iemand actief): 3 van 12" in health
    assert "Stil (3 maanden geen bevestiging, antwoord op een uitnodiging of signaal): 1" in health
    assert "bevestigd: 83%" in health  # five of six
    assert "binnengekomen: 9 · beantwoord: 1; mediane tijd tot het eerste antwoord 2 uur" in health
    assert "gehouden: 1 · uitgenodigd: 6 · ja gezegd: 6 · gekomen: 6" in health
    assert (heatmap.kind, acks.kind) == ("photo", "photo")
    assert heatmap.plain_text() == "Actieve leden per wijk en thema"
    assert acks.plain_text() == "Hoe snel de laatste berichten bevestigd werden"


async def test_the_quiet_list_names_who_has_not_responded_for_three_months(
    harness: Harness,
) -> None:
    """Only the member who joined long ago and never answered is listed, with 'never'."""
    await seed(harness.db, harness.clock)
    sanne = harness.coordinator
    await harness.say(sanne, "/network")
    await sanne.next_message()
    await sanne.next_message()

    await sanne.press("😶 Stille leden (1)")
    listed = (await sanne.next_message()).plain_text()

    assert QUIET in listed
    assert "nooit" in listed
    assert not any(name in listed for name in TANTHOF)


async def test_a_neighbourhood_nobody_covers_gets_an_invitation_in_two_taps(
    harness: Harness,
) -> None:
    """The list of empty pairs has a button per pair; the coordinator types a name and gets an
    invitation link that suggests that neighbourhood and theme."""
    await seed(harness.db, harness.clock)
    sanne = harness.coordinator
    await harness.say(sanne, "/network")
    await sanne.next_message()
    await sanne.next_message()
    await sanne.press("🗺 Niemand actief voor … (9)")
    listed = await sanne.next_message()
    assert "• Buitenhof · Ondermijning" in listed.plain_text()

    await sanne.press("➕ Buitenhof · Ondermijning")
    prompt = await sanne.next_message()
    done = await harness.say(sanne, "Hatice Aydın")

    assert "Wie nodig je uit voor Buitenhof · Ondermijning?" in prompt.plain_text()
    assert "Hatice Aydın" in done.plain_text() and "https://t.me/" in done.plain_text()
    async with harness.db.begin() as session:
        invite = (await session.scalars(select(Invite).order_by(Invite.id.desc()))).first()
    assert invite is not None
    assert (invite.neighbourhoods, invite.themes) == (["Buitenhof"], ["undermining-crime"])


async def test_trends_is_a_chart_followed_by_the_table_for_screen_readers(
    harness: Harness,
) -> None:
    """The chart comes first, as an image; the same figures follow as a text table."""
    await seed(harness.db, harness.clock)
    sanne = harness.coordinator

    chart = await harness.say(sanne, "/trends")
    table = await sanne.next_message()

    assert chart.kind == "photo"
    assert chart.plain_text() == "Dezelfde cijfers als tabel, voor schermlezers:"
    assert "Signalen per maand" in table.plain_text()
    assert "Tanthof" in table.plain_text()


async def test_report_sends_an_anonymous_pdf(harness: Harness) -> None:
    """/report answers with a PDF of the last six months that names nobody."""
    await seed(harness.db, harness.clock)
    sanne = harness.coordinator

    sent = await harness.say(sanne, "/report")

    assert sent.file_name == "rapportage.pdf"
    assert sent.file_bytes is not None and sent.file_bytes.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(sent.file_bytes)).pages)
    assert "Signalen binnengekomen" in text
    assert not any(name in text for name in (*TANTHOF, QUIET))


async def test_report_with_bad_dates_says_how_to_ask(harness: Harness) -> None:
    """Dates it cannot read, or a backwards period, get the usage with an example."""
    for typed in ("/report gisteren", "/report 2026-06-30 2026-01-01", "/report 2026-01-01"):
        answer = await harness.say(harness.coordinator, typed)
        assert "/report 2026-01-01 2026-06-30" in answer.plain_text()


async def test_the_keep_warm_nudge_names_the_quiet_and_links_to_invite_for_empty_pairs(
    harness: Harness,
) -> None:
    """After four quiet weeks the nudge names the quiet member and the empty pairs, each a
    link that asks the coordinator for a name to invite."""
    await seed(harness.db, harness.clock)
    harness.clock.advance(timedelta(weeks=5))
    meetings = harness.app.bot_data.services.meetings

    assert await meetings.nudge_if_quiet()
    await harness.drained()

    async with harness.db.begin() as session:
        nudge = (await session.scalars(select(Alert).where(Alert.kind == AlertKind.NOTE))).one()
    text = nudge.texts["nl"]
    assert QUIET in text
    link = Pair.of("Buitenhof", "undermining-crime").payload()
    assert (
        f'<a href="https://t.me/sleutelnet_sandbox_bot?start={link}">Buitenhof · Ondermijning</a>'
        in text
    )
    prompt = await harness.say(harness.coordinator, f"/start {link}")
    assert "Wie nodig je uit voor Buitenhof · Ondermijning?" in prompt.plain_text()


async def test_the_invite_link_means_nothing_to_anyone_but_a_coordinator(
    harness: Harness,
) -> None:
    """A key person opening a nudge's link is answered as for an unknown invitation."""
    await seed(harness.db, harness.clock)
    ayse = harness.sandbox.user(3000, "Ayşe")
    link = Pair.of("Buitenhof", "undermining-crime").payload()

    answer = await harness.say(ayse, f"/start {link}")

    assert "Wie nodig je uit" not in answer.plain_text()
    assert "Buitenhof" not in answer.plain_text()


async def test_trends_still_sends_its_table_when_the_chart_cannot_be_drawn(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crashed or stuck drawing process costs the picture, never the figures."""
    await seed(harness.db, harness.clock)

    async def broken(*args: object, **kwargs: object) -> bytes:
        raise drawing.DrawingFailed("BrokenProcessPool")

    monkeypatch.setattr(drawing, "draw", broken)

    table = await harness.say(harness.coordinator, "/trends")

    assert table.kind == "text"
    assert "Signalen per maand" in table.plain_text()


async def test_the_nudge_cannot_be_forwarded(harness: Harness) -> None:
    """It names members: Telegram is asked to protect it from forwarding and saving."""
    await seed(harness.db, harness.clock)
    harness.clock.advance(timedelta(weeks=5))

    assert await harness.app.bot_data.services.meetings.nudge_if_quiet()
    await harness.drained()

    nudge = harness.coordinator.last()
    assert "Stille Willem" in nudge.plain_text()
    assert nudge.protect_content
