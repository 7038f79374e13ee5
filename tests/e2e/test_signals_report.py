"""End to end over HTTP: key persons report signals (text and media), with the short form,
additions, limits, and refusals for people who may not report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.sandbox import SimulatedUser
from storage.models import AuditEntry, Role
from storage.signal_models import (
    EntryKind,
    NoticeKind,
    Signal,
    SignalEntry,
    SignalNotice,
    SignalStatus,
    Urgency,
)
from tests.factories import Harness, card_of, file_text, signals, thread

RADICALISATION = "radicalisation-polarisation"
UNDERMINING = "undermining-crime"


@pytest.fixture
async def fatima(harness: Harness) -> SimulatedUser:
    """Return an active key person in Tanthof-Oost who consented to one theme."""
    return await harness.member(2002, "Fatima Yilmaz", wijken=("Tanthof-Oost",))


async def test_a_typed_message_is_filed_with_one_tap_and_arrives_silently(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Typing then 'Send' files the signal: a receipt with its number, a silent card for the
    coordinator with theme, neighbourhood, reporter and text, and Reply/Take/Close."""
    receipt = await file_text(harness, fatima, "Groepje jongeren reist ineens veel naar Syrië")

    card = await card_of(harness, harness.coordinator, 1)
    assert "#1" in receipt.plain_text() and "ontvangen" in receipt.plain_text()
    assert receipt.button_texts == ["➕ Iets toevoegen aan #1"]
    text = card.plain_text()
    assert "Radicalisering en polarisatie" in text and "Tanthof-Oost" in text
    assert "Fatima Yilmaz" in text and "Groepje jongeren reist ineens veel naar Syrië" in text
    assert card.disable_notification is True
    assert card.button_texts == ["↩️ Antwoorden", "🙋 Oppakken", "✅ Afsluiten"]
    [signal] = await signals(harness)
    assert (signal.status, signal.urgency, signal.wijk) == (
        SignalStatus.OPEN,
        Urgency.NORMAL,
        "Tanthof-Oost",
    )


async def test_a_photo_in_two_taps_reaches_the_coordinator_loudly_with_the_photo(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """A photo with a caption, 'Urgent' and 'Send': the card rings and the same photo follows."""
    await fatima.send_photo(caption="Deze flyers liggen bij de school")
    await fatima.next_message()
    await fatima.press("‼️ Urgent")
    await fatima.expect_answer()
    await fatima.press("✅ Versturen")
    await fatima.next_message()

    card = await card_of(harness, harness.coordinator, 1)
    await harness.sandbox.wait_until(
        lambda: any(m.kind == "photo" for m in harness.coordinator.received())
    )
    photo = next(m for m in harness.coordinator.received() if m.kind == "photo")
    assert "URGENT" in card.plain_text() and card.disable_notification is False
    assert "Deze flyers liggen bij de school" in photo.caption
    [entry] = await thread(harness, 1)
    sent = next(c for c in harness.sandbox.calls_to("sendPhoto") if c.ok)
    assert entry.kind is EntryKind.PHOTO
    assert entry.file_ref is not None and str(sent.params["photo"]) in entry.file_ref


@pytest.mark.parametrize("kind", ["document", "voice", "location"])
async def test_documents_voice_notes_and_locations_are_passed_on(
    harness: Harness, fatima: SimulatedUser, kind: str
) -> None:
    """Each supported kind of content is stored by reference and reaches the coordinator."""
    if kind == "document":
        await fatima.send_document("pamflet.pdf", b"%PDF-1.4", mime_type="application/pdf")
    elif kind == "voice":
        await fatima.send_voice()
    else:
        await fatima.send_location(52.0116, 4.3571)
    await fatima.next_message()
    await fatima.press("✅ Versturen")
    await fatima.next_message()

    await card_of(harness, harness.coordinator, 1)
    await harness.sandbox.wait_until(
        lambda: any(m.kind == kind for m in harness.coordinator.received())
    )
    relayed = next(m for m in harness.coordinator.received() if m.kind == kind)
    [entry] = await thread(harness, 1)
    assert entry.kind.value == kind
    if kind == "location":
        assert relayed.location == {"latitude": 52.0116, "longitude": 4.3571}
    else:
        assert entry.file_ref is not None


async def test_the_form_can_be_completed_theme_urgency_neighbourhood_and_name(
    harness: Harness,
) -> None:
    """Every choice on the form ends up on the signal and on the coordinator's card; the name
    stays with the coordinators unless the reporter chooses to let it be passed on."""
    mo = await harness.member(2003, "Mo Bouzid", themes=(RADICALISATION, UNDERMINING))
    form = await harness.say(mo, "Er wordt gedeald bij het winkelcentrum")
    assert "Thema: geen thema" in form.plain_text()  # two themes: no guess
    assert "niet doorgeven aan partners" in form.plain_text()  # private by default

    for button in (
        "Ondermijning",
        "‼️ Urgent",
        "📍 Wijk",
        "Voorhof",
        "👤 Naam mag doorgegeven worden",
    ):
        await mo.press(button)
        await mo.expect_answer()
    await mo.press("✅ Versturen")
    await mo.next_message()

    card = await card_of(harness, harness.coordinator, 1)
    [signal] = await signals(harness)
    assert (signal.theme, signal.urgency, signal.wijk, signal.anonymous) == (
        UNDERMINING,
        Urgency.URGENT,
        "Voorhof",
        False,
    )
    assert "Ondermijning" in card.plain_text() and "Voorhof" in card.plain_text()
    assert "🙈 Naam niet doorgeven" not in card.plain_text()


async def test_a_forgotten_draft_is_filed_automatically_after_the_timeout(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Nothing is lost when the reporter never presses Send: the draft goes out by itself, and
    with the private default: the name is not passed on to partners."""
    await harness.say(fatima, "Spanning in de wijk na het incident")
    desk = harness.app.bot_data.services.signals

    await desk.maintain()
    assert (await signals(harness))[0].status is SignalStatus.DRAFT
    harness.clock.advance(timedelta(minutes=16))
    await desk.maintain()

    card = await card_of(harness, harness.coordinator, 1)
    assert "Spanning in de wijk" in card.plain_text()
    await harness.sandbox.wait_until(lambda: "#1" in fatima.last().plain_text())
    [signal] = await signals(harness)
    assert (signal.status, signal.anonymous) == (SignalStatus.OPEN, True)
    assert "🙈 Naam niet doorgeven" in card.plain_text()


async def test_cancelling_the_form_keeps_nothing(harness: Harness, fatima: SimulatedUser) -> None:
    """'Cancel' deletes the draft's content (an empty row counts for the hourly limit); the
    coordinator never sees it."""
    await harness.say(fatima, "Laat maar")
    await fatima.press("Annuleren")
    reply = await fatima.next_message()

    assert "niets bewaard" in reply.plain_text()
    [cancelled] = await signals(harness)
    assert (cancelled.status, cancelled.theme, cancelled.wijk) == (
        SignalStatus.CANCELLED,
        None,
        None,
    )
    assert await harness.count(SignalEntry) == 0
    assert not harness.coordinator.received()


async def test_more_messages_before_send_join_the_same_draft(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """A text, then a photo, then Send: one signal whose card announces the attachment."""
    await harness.say(fatima, "Kijk wat er op de muur staat")
    await fatima.send_photo()
    second = await fatima.next_message()
    assert "Berichten: 2" in second.plain_text()
    await fatima.press("✅ Versturen", message=second)
    await fatima.next_message()

    card = await card_of(harness, harness.coordinator, 1)
    assert "1 bijlage" in card.plain_text()
    assert [e.kind for e in await thread(harness, 1)] == [EntryKind.TEXT, EntryKind.PHOTO]
    assert await harness.count(Signal) == 1


async def test_an_album_stays_one_signal(harness: Harness, fatima: SimulatedUser) -> None:
    """Photos sent together (one media group) are one draft with one form."""
    for _ in range(3):
        await fatima.send_photo(media_group_id="album-1")
    await harness.sandbox.wait_until(
        lambda: bool(fatima.messages) and "Berichten: 3" in fatima.last().plain_text()
    )

    forms = [m for m in fatima.received() if m.plain_text().startswith("📝")]
    assert len(forms) == 1
    assert len(await thread(harness, 1)) == 3


async def test_the_reporter_adds_to_a_filed_signal_with_the_button_or_a_reply(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """'Add' and Telegram's reply both add to the filed signal and reach the coordinator."""
    receipt = await file_text(harness, fatima, "Posters bij de moskee")
    await card_of(harness, harness.coordinator, 1)

    await fatima.press("➕ Iets toevoegen aan #1")
    prompt = await fatima.next_message()
    added = await harness.say(fatima, "Ze zijn inmiddels weggehaald")
    await fatima.send("En er zijn er nieuwe bij", reply_to=receipt.message_id)
    again = await fatima.next_message()

    assert "toevoegen aan signaal #1" in prompt.plain_text()
    assert added.plain_text() == again.plain_text() == "➕ Toegevoegd aan je signaal #1."
    await harness.sandbox.wait_until(
        lambda: "En er zijn er nieuwe bij" in harness.coordinator.last().plain_text()
    )
    texts = [m.plain_text() for m in harness.coordinator.received()]
    assert any(t.startswith("➕ #1 · Fatima Yilmaz") and "weggehaald" in t for t in texts)
    assert len(await thread(harness, 1)) == 3 and await harness.count(Signal) == 1


async def test_strangers_and_people_who_left_cannot_report_and_nothing_is_stored(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Only active members report: a stranger's and a stopped member's messages leave no trace."""
    stranger = harness.sandbox.user(3003, "Onbekend")
    await stranger.send_photo(caption="Geheime info")
    refused = await stranger.next_message()
    await harness.say(fatima, "/stop")
    await fatima.press("Ja, stop")
    await fatima.next_message()
    after_stop = await harness.say(fatima, "Nog een signaal")

    assert "alleen op uitnodiging" in refused.plain_text()
    assert "uitgeschreven" in after_stop.plain_text()
    assert await harness.count(Signal) == 0 and await harness.count(SignalEntry) == 0


async def test_background_contacts_report_too_but_coordinators_do_not_file_signals(
    harness: Harness,
) -> None:
    """A background contact gets the form; a coordinator's free text is not a signal."""
    wim = await harness.member(2004, "Wim", role=Role.BACKGROUND_CONTACT)

    form = await harness.say(wim, "Melding van de wijkagent")
    answer = await harness.say(harness.coordinator, "Zomaar een zin")

    assert form.plain_text().startswith("📝 Nieuw signaal")
    assert "niet opgeslagen" in answer.plain_text()
    assert await harness.count(Signal) == 1


async def test_too_many_new_signals_in_an_hour_are_refused_clearly(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """The sixth new signal within an hour is refused with the limit, and not stored."""
    for n in range(5):
        await file_text(harness, fatima, f"Signaal {n}")

    refused = await harness.say(fatima, "Nog één")
    harness.clock.advance(timedelta(minutes=61))
    accepted = await harness.say(fatima, "Een uur later")

    assert "hoogstens 5" in refused.plain_text() and "niet opgeslagen" in refused.plain_text()
    assert accepted.plain_text().startswith("📝 Nieuw signaal")
    assert await harness.count(Signal) == 6


async def test_additions_beyond_thirty_messages_an_hour_are_refused_and_reach_nobody(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """The signal and 29 additions reach the coordinator; the 31st message within the hour is
    refused clearly, not stored and not passed on."""
    receipt = await file_text(harness, fatima, "Posters bij de moskee")
    for n in range(29):
        await fatima.send(f"Aanvulling {n}", reply_to=receipt.message_id)
        await fatima.next_message()

    await fatima.send("Eén te veel", reply_to=receipt.message_id)
    refused = await fatima.next_message()
    await harness.drained()

    assert "hoogstens 30" in refused.plain_text() and "niet opgeslagen" in refused.plain_text()
    assert len(await thread(harness, 1)) == 30
    assert not any("Eén te veel" in m.plain_text() for m in harness.coordinator.received())


async def test_someone_elses_signal_cannot_be_sent_read_or_added_to(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Forged form data and /signal N for another person's signal are refused and audited."""
    piet = await harness.member(2005, "Piet")
    await harness.say(fatima, "Mijn concept")
    draft_before = (await signals(harness))[0]

    answers = []
    for data in ("sf:s:1", "sf:c:1", "sf:a:1", "sf:+:1", "sf:t:1:0"):
        await piet.press_data(data)
        answers.append((await piet.expect_answer()).text)
    peek = await harness.say(piet, "/signal 1")

    assert answers == ["Deze knop werkt niet meer."] * 5
    assert "geen signaal #1" in peek.plain_text()
    [draft] = await signals(harness)
    assert (draft.status, draft.anonymous, draft.theme) == (
        SignalStatus.DRAFT,
        draft_before.anonymous,
        draft_before.theme,
    )
    async with harness.db.begin() as session:
        refused = (
            await session.execute(select(AuditEntry).where(AuditEntry.action == "signal.refused"))
        ).scalars()
        assert len(list(refused)) == 6
    assert not harness.coordinator.received()


async def test_a_failed_card_is_sent_later_from_the_database(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """A Telegram error while sending the card loses nothing: the stored notice goes out later."""
    harness.sandbox.fail_next(
        "sendMessage",
        error_code=502,
        description="Bad Gateway",
        chat_id=harness.coordinator.chat_id,
    )
    await file_text(harness, fatima, "Belangrijk")
    async with harness.db.begin() as session:
        pending = (
            await session.execute(select(SignalNotice).where(SignalNotice.kind == NoticeKind.CARD))
        ).scalar_one()
    assert pending.sent_at is None

    await harness.app.bot_data.services.signals.maintain()

    card = await card_of(harness, harness.coordinator, 1)
    assert "Belangrijk" in card.plain_text()


async def test_without_a_key_texts_are_stored_as_marked_plaintext(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Without security.encryption_key the text is kept readable (the encrypted case differs)."""
    await file_text(harness, fatima, "Leesbaar opgeslagen")

    [entry] = await thread(harness, 1)

    assert entry.body == "p:Leesbaar opgeslagen"


async def test_privacy_tells_the_reporter_how_many_signals_are_kept(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """/privacy lists the signals a person sent and how long they are kept after closing."""
    await file_text(harness, fatima, "Eén")
    await file_text(harness, fatima, "Twee")

    privacy = await harness.say(fatima, "/privacy")

    assert "Signalen die je stuurde: 2 (bewaard tot 1 jaar na afsluiten)" in privacy.plain_text()


async def test_a_form_button_that_changes_nothing_is_answered_quietly(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """'Normal' on a normal draft (or a double tap) is no error: the press is just answered."""
    await harness.say(fatima, "Iets")

    await fatima.press("Normaal")
    answer = await fatima.expect_answer()

    assert answer.text is None
    assert not any("ging iets mis" in m.plain_text() for m in fatima.received())
