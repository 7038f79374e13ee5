"""End to end over HTTP: coordinators answer, take and close signals, list them, read one
(audited), see trends, and the retention job wipes old content on a fake clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.admin import AlertRequest, remove_coordinator, send_alert
from bot.alerts.audience import Audience, AudienceKind
from bot.alerts.status import EDIT, manage_data
from bot.sandbox import SentMessage, SimulatedUser
from storage.dialogue_models import Dialogue
from storage.models import Alert, AuditEntry, Role
from storage.signal_models import (
    EntryRole,
    NoticeState,
    Signal,
    SignalEntry,
    SignalNotice,
    SignalStatus,
    Urgency,
)
from tests.factories import Harness, card_of, file_text, signals, thread


@pytest.fixture
async def fatima(harness: Harness) -> SimulatedUser:
    """Return an active key person in Tanthof-Oost."""
    return await harness.member(2002, "Fatima Yilmaz", wijken=("Tanthof-Oost",))


@pytest.fixture
async def piet(harness: Harness) -> SimulatedUser:
    """Return a second coordinator."""
    return await harness.member(1002, "Piet de Vries", role=Role.COORDINATOR, themes=())


async def filed(h: Harness, reporter: SimulatedUser, text: str = "Posters bij de moskee") -> int:
    """File a signal and wait for the configured coordinator's card; return its number."""
    receipt = await file_text(h, reporter, text)
    number = int(receipt.plain_text().split("#")[1].split(".")[0].split()[0])
    await card_of(h, h.coordinator, number)
    return number


async def audit(h: Harness, action: str) -> list[AuditEntry]:
    """Return the audit entries of one action."""
    async with h.db.begin() as session:
        stmt = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return list((await session.execute(stmt)).scalars())


async def newest_with(h: Harness, user: SimulatedUser, fragment: str) -> SentMessage:
    """Wait until the user has a message containing a fragment and the bot has recorded what
    it sent; return the newest such one."""
    await h.sandbox.wait_until(lambda: any(fragment in m.plain_text() for m in user.received()))
    await h.drained()
    return next(m for m in reversed(user.received()) if fragment in m.plain_text())


async def test_replies_are_relayed_both_ways_and_kept_as_the_thread(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Reply on the card reaches only the reporter; their Telegram reply comes back to the desk."""
    sanne = harness.coordinator
    await filed(harness, fatima)

    await sanne.press("↩️ Antwoorden")
    prompt = await sanne.next_message()
    confirmation = await harness.say(sanne, "Dank je! Weet je sinds wanneer ze er hangen?")
    answer = await newest_with(harness, fatima, "Antwoord van de netwerkregisseur")
    await fatima.send("Sinds gisteravond", reply_to=answer.message_id)
    await fatima.next_message()
    back = await newest_with(harness, sanne, "Sinds gisteravond")

    assert "alleen naar de melder" in prompt.plain_text()
    assert "naar de melder gestuurd" in confirmation.plain_text()
    assert "Weet je sinds wanneer" in answer.plain_text()
    assert "#1 · Fatima Yilmaz" in back.plain_text()
    roles = [entry.role for entry in await thread(harness, 1)]
    assert roles == [EntryRole.REPORT, EntryRole.REPLY, EntryRole.REPORT]


async def test_cards_reports_and_replies_cannot_be_forwarded(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """The card, the reporter's words at the desk and the coordinator's answer to the reporter
    are all sent with Telegram's protect_content: no forwarding, no saving."""
    sanne = harness.coordinator
    await filed(harness, fatima)
    card = await card_of(harness, sanne, 1)
    await sanne.press("↩️ Antwoorden")
    await sanne.next_message()
    await harness.say(sanne, "Dank je voor je melding.")
    answer = await newest_with(harness, fatima, "Antwoord van de netwerkregisseur")
    await fatima.send("Nog iets: er hangen er meer", reply_to=answer.message_id)
    await fatima.next_message()
    relayed = await newest_with(harness, sanne, "er hangen er meer")

    assert card.protect_content and answer.protect_content and relayed.protect_content


async def test_a_coordinator_can_answer_by_replying_to_the_card(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Telegram's own 'reply' on a card is an answer to that signal's reporter."""
    await filed(harness, fatima)
    card = await card_of(harness, harness.coordinator, 1)

    await harness.coordinator.send("Goed dat je het meldt.", reply_to=card.message_id)
    await harness.coordinator.next_message()

    answer = await newest_with(harness, fatima, "Goed dat je het meldt.")
    assert "#1" in answer.plain_text()


async def test_two_coordinators_see_one_take_and_one_close_with_outcome(
    harness: Harness, fatima: SimulatedUser, piet: SimulatedUser
) -> None:
    """Sanne takes: both cards say so and Piet cannot take it too; she closes with a message
    the reporter receives, and both cards lose their buttons."""
    sanne = harness.coordinator
    await filed(harness, fatima)
    piets_card = await card_of(harness, piet, 1)

    assert await harness.press(sanne, "🙋 Oppakken") == "Je hebt signaal #1 opgepakt."
    await harness.sandbox.wait_until(lambda: "opgepakt door Sanne" in piets_card.plain_text())
    assert "🙋 Oppakken" not in piets_card.button_texts
    await piet.press_data("sd:t:1", message_id=piets_card.message_id)
    assert (await piet.expect_answer()).text == "Signaal #1 is al opgepakt door Sanne."

    await sanne.press("✅ Afsluiten")
    await sanne.next_message()
    await sanne.press("✉️ Afsluiten met bericht")
    await sanne.next_message()
    done = await harness.say(sanne, "De politie is ingelicht. Dank voor je oplettendheid!")
    closing = await newest_with(harness, fatima, "is afgesloten")

    assert "afgesloten" in done.plain_text()
    assert "De politie is ingelicht" in closing.plain_text()
    await harness.sandbox.wait_until(lambda: "afgesloten door Sanne" in piets_card.plain_text())
    sannes_card = await card_of(harness, sanne, 1)
    assert piets_card.buttons == [] and sannes_card.buttons == []
    [signal] = await signals(harness)
    assert signal.status is SignalStatus.CLOSED and signal.closed_at is not None
    assert [a.details for a in await audit(harness, "signal.take")] == [{"signal": 1}]


async def test_closing_without_a_message_thanks_the_reporter(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """'Close without a message' still tells the reporter, with the standard thanks."""
    await filed(harness, fatima)

    await harness.coordinator.press("✅ Afsluiten")
    await harness.coordinator.next_message()
    answer = await harness.press(harness.coordinator, "Afsluiten zonder eigen bericht")
    closing = await newest_with(harness, fatima, "is afgesloten")

    assert answer is not None and "afgesloten" in answer
    assert closing.plain_text() == "✅ Je signaal #1 is afgesloten. Dank je wel!"
    await harness.coordinator.press_data("sd:r:1")  # a stale Reply button
    stale = await harness.coordinator.expect_answer()
    assert stale.text == "Signaal #1 is al afgesloten."


async def test_forged_desk_buttons_from_a_key_person_are_refused_and_audited(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """A key person who forges 'close' or 'reply' data changes nothing and is audited."""
    await filed(harness, fatima)
    mo = await harness.member(2003, "Mo")

    answers = []
    for data in ("sd:cn:1", "sd:r:1", "sd:t:1"):
        await mo.press_data(data)
        answers.append((await mo.expect_answer()).text)

    assert all(a and "netwerkregisseur" in a for a in answers), answers
    [signal] = await signals(harness)
    assert signal.status is SignalStatus.OPEN and signal.assignee_id is None
    assert len(await audit(harness, "access.refused")) == 3


async def test_signal_command_shows_card_thread_and_media_and_is_audited(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """/signal 1 shows everything about the signal and writes who opened it to the audit log."""
    await harness.say(fatima, "Zie foto")
    await fatima.send_photo(caption="De muur")
    form = await fatima.next_message()
    await fatima.press("✅ Versturen", message=form)
    await fatima.next_message()
    await card_of(harness, harness.coordinator, 1)

    await harness.coordinator.send("/signal 1")
    await harness.sandbox.wait_until(
        lambda: sum(m.kind == "photo" for m in harness.coordinator.received()) == 2
    )

    texts = [m.plain_text() for m in harness.coordinator.received()]
    assert any(t.startswith("🧵 Verloop van #1") and "Zie foto" in t for t in texts)
    assert any("[foto] De muur" in t for t in texts)
    opened = await audit(harness, "signal.opened")
    assert [(a.details, a.actor_label) for a in opened] == [({"signal": 1}, "person:1")]
    assert len(await audit(harness, "signal.shown")) == 1  # the card itself


async def test_signals_lists_open_mine_closed_and_filters(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """/signals shows open ones by default; mijn, gesloten, thema= and wijk= narrow it down."""
    for text in ("Eerste", "Tweede", "Derde"):
        await filed(harness, fatima, text)
    sanne = harness.coordinator
    await sanne.press_data("sd:t:2")
    await sanne.expect_answer()
    await sanne.press_data("sd:cn:3")
    await sanne.expect_answer()

    listing = {
        query: (await harness.say(sanne, f"/signals {query}".strip())).plain_text()
        for query in ("", "mijn", "gesloten", "wijk=tanthof-oost", "thema=undermining-crime")
    }
    bad = await harness.say(sanne, "/signals wijk=Atlantis")

    assert "#1" in listing[""] and "#2" in listing[""] and "#3" not in listing[""]
    assert "#2" in listing["mijn"] and "#1" not in listing["mijn"]
    assert "#3" in listing["gesloten"] and "#1" not in listing["gesloten"]
    assert "(2)" in listing["wijk=tanthof-oost"]
    assert listing["thema=undermining-crime"] == "Geen signalen gevonden."
    assert "wijk=Atlantis" in bad.plain_text()


async def _trends_table(harness: Harness, command: str) -> SentMessage:
    """Ask for /trends and return the table that follows its chart."""
    chart = await harness.say(harness.coordinator, command)
    assert chart.kind == "photo"
    return await harness.coordinator.next_message()


async def test_trends_count_per_theme_and_neighbourhood_per_month(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """/trends counts filed signals per month, theme and neighbourhood."""
    await filed(harness, fatima, "Oktober")
    harness.clock.advance(timedelta(days=31))
    await filed(harness, fatima, "November een")
    await filed(harness, fatima, "November twee")

    reply = await _trends_table(harness, "/trends 3")
    this_month = await _trends_table(harness, "/trends 1")
    usage = await harness.say(harness.coordinator, "/trends 99")

    rows = {line.split()[0][:8]: line.split() for line in reply.plain_text().splitlines()[1:]}
    # Each row: the label, three months (this one last), and the sum.
    assert rows["Radicali"][-4:] == ["0", "1", "2", "3"]
    assert rows["Tanthof-"][-4:] == ["0", "1", "2", "3"]
    assert rows["Totaal"][-4:] == ["0", "1", "2", "3"]
    total = next(line for line in this_month.plain_text().splitlines() if "Totaal" in line)
    assert total.split()[-2:] == ["2", "2"]  # October is not read for one month
    assert "hoogstens 24" in usage.plain_text()


async def test_retention_wipes_content_but_keeps_the_counts(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """A year after closing, the job wipes texts, media and names; /trends still counts."""
    await filed(harness, fatima, "Gevoelige inhoud")
    await harness.coordinator.press_data("sd:cn:1")
    await harness.coordinator.expect_answer()
    desk = harness.app.bot_data.services.signals

    harness.clock.advance(timedelta(days=364))
    await desk.maintain()
    assert await harness.count(SignalEntry) == 2
    harness.clock.advance(timedelta(days=2))
    await desk.maintain()

    [signal] = await signals(harness)
    assert signal.wiped_at is not None and signal.reporter_id is None
    assert await harness.count(SignalEntry) == 0 and await harness.count(SignalNotice) == 0
    assert (signal.theme, signal.wijk, signal.filed_at is not None) == (
        "radicalisation-polarisation",
        "Tanthof-Oost",
        True,
    )
    card = await card_of(harness, harness.coordinator, 1)
    await harness.sandbox.wait_until(lambda: "gewist" in card.plain_text())
    assert "Gevoelige inhoud" not in card.plain_text()
    trends = await _trends_table(harness, "/trends 24")
    assert trends.plain_text().splitlines()[-1].split()[-1] == "1"


async def test_a_reporter_who_stops_is_no_longer_named_or_reachable(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """After /stop the signal stays with the coordinators without the name; replies are kept
    but cannot be delivered, and the coordinator is told."""
    await filed(harness, fatima)
    await harness.say(fatima, "/stop")
    await fatima.press("Ja, stop")
    await fatima.next_message()

    await harness.coordinator.press_data("sd:r:1")
    await harness.coordinator.next_message()
    told = await harness.say(harness.coordinator, "Nog een vraag")

    assert "niet meer bereikbaar" in told.plain_text()
    [signal] = await signals(harness)
    assert signal.reporter_id is None and signal.anonymous is True
    assert all(e.author_id is None for e in await thread(harness, 1) if e.role is EntryRole.REPORT)


async def test_a_signal_reply_never_becomes_an_alert_correction(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """'Correct text' on an alert, then Reply on a card: the typed text goes to the reporter
    only, and the alert stays as it was."""
    await filed(harness, fatima)
    request = AlertRequest({"nl": "Bijeenkomst vanavond."}, Audience(AudienceKind.ALL))
    alert_id, _ = await send_alert(harness.db, harness.config, harness.clock, request, actor=None)
    harness.app.bot_data.services.alerts.wake()
    await harness.drained()
    sanne = harness.coordinator
    await sanne.press_data(manage_data(EDIT, alert_id))
    await sanne.next_message()

    await sanne.press("↩️ Antwoorden")
    await sanne.next_message()
    sent = await harness.say(sanne, "Vertrouwelijk: alleen voor jou")

    assert "naar de melder gestuurd" in sent.plain_text()
    answer = await newest_with(harness, fatima, "Vertrouwelijk")
    assert "Antwoord van de netwerkregisseur" in answer.plain_text()
    async with harness.db.begin() as session:
        alert = await session.get(Alert, alert_id)
        assert alert is not None
        assert alert.texts == {"nl": "Bijeenkomst vanavond."}
        about = select(Dialogue).where(Dialogue.feature == "alerts", Dialogue.ref_id == alert_id)
        assert (await session.execute(about)).scalar_one_or_none() is None  # no edit waits


async def test_starting_an_alert_after_pressing_reply_takes_the_next_text(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """The newest dialogue owns the next message: /alert after Reply gets the text."""
    await filed(harness, fatima)
    sanne = harness.coordinator
    await sanne.press("↩️ Antwoorden")
    await sanne.next_message()

    await harness.say(sanne, "/alert")
    saved = await harness.say(sanne, "Tekst voor het netwerk")

    assert "Tekst voor het netwerk" not in "".join(m.plain_text() for m in fatima.received())
    assert "Nederlands" in saved.plain_text()


async def test_a_telegram_reply_to_another_card_wins_over_an_earlier_reply_button(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Reply pressed on #1, then a swipe-reply on #2's card: the text goes to #2's reporter."""
    mo = await harness.member(2003, "Mo Bouzid")
    await filed(harness, fatima, "Van Fatima")
    await filed(harness, mo, "Van Mo")
    sanne = harness.coordinator
    first = await card_of(harness, sanne, 1)
    second = await card_of(harness, sanne, 2)
    await sanne.press("↩️ Antwoorden", message=first)
    await sanne.next_message()

    await sanne.send("Dit is voor Mo", reply_to=second.message_id)
    await sanne.next_message()

    await newest_with(harness, mo, "Dit is voor Mo")
    assert all("Dit is voor Mo" not in m.plain_text() for m in fatima.received())


async def test_a_too_long_or_non_text_reply_is_refused_and_the_reply_stays_open(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """An oversized reply or a photo is refused clearly; the next text still goes out."""
    await filed(harness, fatima)
    sanne = harness.coordinator
    await sanne.press("↩️ Antwoorden")
    await sanne.next_message()

    too_long = await harness.say(sanne, "x" * 3600)
    await sanne.send_photo(caption="foto als antwoord")
    photo = await sanne.next_message()
    sent = await harness.say(sanne, "Kort antwoord")

    assert "te lang (3600 tekens, hoogstens 3500)" in too_long.plain_text()
    assert "alleen tekst" in photo.plain_text()
    assert "naar de melder gestuurd" in sent.plain_text()
    await newest_with(harness, fatima, "Kort antwoord")


async def test_a_former_coordinator_gets_no_signal_still_waiting_for_them(
    harness: Harness, fatima: SimulatedUser, piet: SimulatedUser
) -> None:
    """Notices are re-checked at sending time: someone who lost the role receives nothing."""
    harness.sandbox.fail_next(
        "sendMessage", error_code=502, description="Bad Gateway", chat_id=piet.chat_id
    )
    await filed(harness, fatima)
    await harness.drained()  # the first try failed and was recorded
    await remove_coordinator(harness.db, harness.config, harness.clock, piet.user_id)

    await harness.app.bot_data.services.signals.maintain()
    await harness.drained()

    assert all("ignaal #1" not in m.plain_text() for m in piet.received())
    person = await harness.erased(piet.user_id)  # no consent on record: removed and erased
    async with harness.db.begin() as session:
        notices = await session.scalars(
            select(SignalNotice).where(SignalNotice.person_id == person.id)
        )
        assert {n.state for n in notices} == {NoticeState.FAILED}


async def test_a_long_name_and_caption_still_fit_telegrams_caption_limit(
    harness: Harness,
) -> None:
    """A 124-character name and a 1,000-character caption: the photo still reaches the desk."""
    long = await harness.member(2007, "Abdelkader " + "Benali-" * 15 + "Ouazzani")
    await long.send_photo(caption="Lange uitleg. " * 71)
    await long.next_message()
    await long.press("✅ Versturen")
    await long.next_message()

    await harness.sandbox.wait_until(
        lambda: any(m.kind == "photo" for m in harness.coordinator.received())
    )
    photo = next(m for m in harness.coordinator.received() if m.kind == "photo")
    assert len(photo.caption) <= 1024 and "/signal 1" in photo.caption


async def test_a_long_signal_list_pages_in_place_and_comes_whole_as_a_file(
    harness: Harness,
) -> None:
    """40 open signals: the newest first in one message with buttons, 'next' shows the rest in
    place, and the file lists all 40 without any content."""
    now = harness.clock.now()
    async with harness.db.begin() as session:
        for n in range(40):
            session.add(
                Signal(
                    status=SignalStatus.OPEN,
                    theme="radicalisation-polarisation",
                    urgency=Urgency.NORMAL,
                    wijk="Tanthof-Oost",
                    created_at=now,
                    filed_at=now + timedelta(minutes=n),
                )
            )
    sanne = harness.coordinator

    first = (await harness.say(sanne, "/signals")).plain_text()  # edited in place below
    await harness.press(sanne, "Volgende ▶")
    second = sanne.last().plain_text()
    await harness.press(sanne, "Hele lijst als bestand")
    sent = await sanne.next_message()

    numbers = [line.split()[0] for page in (first, second) for line in page.splitlines()[1:]]
    assert numbers == [f"#{n}" for n in range(40, 0, -1)]
    assert "(40)" in first and "1–30" in first and "31–40" in second
    assert sent.file_name == "signalen.csv" and sent.protect_content
    assert sent.file_bytes is not None
    rows = sent.file_bytes.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("nummer,") and len(rows) == 41
