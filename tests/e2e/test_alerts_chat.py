"""End to end over HTTP: a coordinator composes, sends and manages alerts in chat; recipients
acknowledge and ask questions; members set quiet hours."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.config import Config
from bot.i18n import CATALOGS, LANGUAGE_NAMES, Translator
from bot.sandbox import Sandbox, SentMessage, SimulatedUser
from bot.signals.crypto import FERNET_PREFIX, PLAIN_PREFIX
from storage.db import Database
from storage.dialogue_models import Dialogue
from storage.models import (
    Alert,
    AlertDelivery,
    AlertStatus,
    AlertTemplate,
    AuditEntry,
    Role,
)
from storage.signal_models import Signal, SignalEntry
from tests.e2e.test_alert_engine import members
from tests.factories import RADICALISATION, Harness, card_of, running
from tests.timeline import dmy, local

UNDERMINING_KEY = "undermining-crime"
ACK_BUTTON = "✅ Ontvangen"


# The "Received" button under an alert copy, in every language.
RECEIVED_BUTTONS = frozenset(Translator("nl")(code, "btn_ack_received") for code in CATALOGS)


def alerts_received(user: SimulatedUser) -> list[SentMessage]:
    """Return the alert copies a person received (they carry the feedback buttons)."""
    return [m for m in user.received() if any(text in RECEIVED_BUTTONS for text in m.button_texts)]


def status_message(user: SimulatedUser) -> SentMessage:
    """Return the coordinator's newest live status message."""
    return next(m for m in reversed(user.messages) if m.plain_text().startswith("📊"))


async def last_says(h: Harness, user: SimulatedUser, fragment: str) -> SentMessage:
    """Wait until the bot's newest message to the user contains a fragment; return it."""
    await h.sandbox.wait_until(lambda: bool(user.messages) and fragment in user.last().plain_text())
    return user.last()


async def compose(
    h: Harness,
    text: str = "Vanavond om 20:00 bijeenkomst in het buurthuis.",
    *,
    audience: tuple[str, ...] = ("Iedereen",),
    options: tuple[str, ...] = (),
    english: str | None = None,
    translations: dict[str, str] | None = None,
) -> SentMessage:
    """Take the coordinator from /alert to the preview; return the summary with its buttons."""
    sanne = h.coordinator
    await h.say(sanne, "/alert")
    await h.say(sanne, text)
    more = ({"en": english} if english is not None else {}) | (translations or {})
    for code, translated in more.items():
        await h.press(sanne, f"Tekst toevoegen: {LANGUAGE_NAMES[code]}")
        await h.say(sanne, translated)
    await h.press(sanne, "Verder")
    for label in audience:
        await h.press(sanne, label)
    for label in options:
        await h.press(sanne, label)
    await h.press(sanne, "Nu versturen")
    return sanne.last()


def copies(h: Harness, number: int) -> int:
    """Count the copies of alert #number that all simulated people received."""
    marker = f"(#{number})"
    return sum(marker in m.plain_text() for u in h.sandbox.users for m in alerts_received(u))


async def send(h: Harness, **kwargs: object) -> int:
    """Compose, confirm and wait until every copy is out; return the alert's number."""
    await compose(h, **kwargs)  # type: ignore[arg-type]
    answer = await h.press(h.coordinator, "Verstuur naar")
    assert answer is not None and answer.startswith("Bericht #"), answer
    async with h.db.begin() as session:
        alert = (await session.scalars(select(Alert).order_by(Alert.id.desc()).limit(1))).one()
    await h.drained()
    assert copies(h, alert.id) == alert.recipient_count
    await h.app.bot_data.services.alerts.report_now()
    return alert.id


async def deliveries(h: Harness) -> list[AlertDelivery]:
    """Return every outbox row."""
    async with h.db.begin() as session:
        return list((await session.scalars(select(AlertDelivery))).all())


async def test_alert_reaches_every_eligible_person_once_and_nobody_else(harness: Harness) -> None:
    """By theme: consenting members get it once; no consent, /stop and coordinators do not."""
    fatima = await harness.member(2002, "Fatima Yilmaz")
    john = await harness.member(2003, "John Smith", language="en")
    ali = await harness.member(2004, "Ali Bakker", themes=(UNDERMINING_KEY,))
    bram = await harness.member(2005, "Bram de Vries")
    await harness.say(bram, "/stop")
    await harness.press(bram, "Ja, stop")

    summary = await compose(harness, audience=("Per thema", RADICALISATION))
    assert "Ontvangers: 2 (thema: Radicalisering en polarisatie)" in summary.plain_text()
    preview = harness.coordinator.messages[-2]
    assert "Bericht van Sleutelnetwerk Delft (#1)" in preview.plain_text()
    answer = await harness.press(harness.coordinator, "Verstuur naar 2 ontvangers")
    await harness.drained()

    assert answer == "Bericht #1 gaat naar 2 ontvangers."
    assert len(alerts_received(fatima)) == 1
    assert len(alerts_received(john)) == 1
    assert alerts_received(ali) == []
    assert alerts_received(bram) == []
    assert alerts_received(harness.coordinator) == []
    assert sorted(d.chat_id for d in await deliveries(harness)) == [2002, 2003]
    assert "Bericht #1" in status_message(harness.coordinator).plain_text()


async def test_the_first_copy_goes_out_before_the_coordinator_sees_the_preview_change(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At Telegram's 30/s every message waits its turn: the confirm lets the alert's first copy
    take the first free slot, and only then edits the preview and sends the live status."""
    await members(harness, range(2100, 2110))
    await compose(harness)
    source = harness.app.bot_data.services.alerts.source
    perform = source.perform

    async def waits_for_a_slot(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(0.1)  # the pacer's next free slot at 30/s is up to 33 ms away
        return await perform(*args, **kwargs)

    monkeypatch.setattr(source, "perform", waits_for_a_slot)
    before = len(harness.sandbox.calls)

    await harness.press(harness.coordinator, "Verstuur naar")
    await harness.drained()

    calls = [
        (call.method, call.chat_id)
        for call in harness.sandbox.calls[before:]
        if call.method in ("sendMessage", "editMessageReplyMarkup") and call.ok
    ]
    first_copy = next(i for i, (_, chat) in enumerate(calls) if chat in range(2100, 2110))
    preview_edit = calls.index(("editMessageReplyMarkup", harness.coordinator.user_id))
    assert first_copy < preview_edit


async def test_english_readers_get_the_english_text(harness: Harness) -> None:
    """A text added in English goes to English readers; Dutch readers get the Dutch one."""
    fatima = await harness.member(2002, "Fatima Yilmaz")
    john = await harness.member(2003, "John Smith", language="en")

    await send(harness, text="Bijeenkomst vanavond.", english="Meeting tonight.")

    [dutch] = alerts_received(fatima)
    [english] = alerts_received(john)
    assert "Bijeenkomst vanavond." in dutch.plain_text()
    assert "Message from Sleutelnetwerk Delft" in english.plain_text()
    assert "Meeting tonight." in english.plain_text()
    assert "Bijeenkomst" not in english.plain_text()


async def test_the_preview_counts_who_gets_which_language(harness: Harness) -> None:
    """With a Turkish text added, the preview says how many get Dutch and Turkish, and that the
    English reader gets Dutch for want of an English text; each then gets what it said."""
    await harness.member(2001, "Fatima Yilmaz")
    ayse = await harness.member(2002, "Ayşe Kaya", language="tr")
    await harness.member(2003, "Emre Demir", language="tr")
    john = await harness.member(2004, "John Smith", language="en")

    summary = await compose(harness, text="Markt dicht.", translations={"tr": "Pazar kapalı."})

    assert "Talen: Nederlands 2 · Türkçe 2" in summary.plain_text()
    assert (
        "(Nog geen tekst voor English 1: zij krijgen de tekst in het Nederlands.)"
        in summary.plain_text()
    )
    await harness.press(harness.coordinator, "Verstuur naar")
    await harness.drained()
    [turkish] = alerts_received(ayse)
    [dutch] = alerts_received(john)
    assert "Pazar kapalı." in turkish.plain_text()
    assert "Markt dicht." in dutch.plain_text()


async def test_the_coordinator_is_offered_only_the_configured_languages(
    sandbox: Sandbox, db: Database, clock: FakeClock, config: Config
) -> None:
    """A network offering Dutch and Turkish gets one button to add a text: Turkish."""
    network = replace(config.network, languages=("nl", "tr"))
    async with running(sandbox, db, clock, replace(config, network=network)) as h:
        await h.say(h.coordinator, "/alert")

        offer = await h.say(h.coordinator, "Markt dicht.")

    added = [b for b in offer.button_texts if b.startswith("Tekst toevoegen: ")]
    assert added == ["Tekst toevoegen: Türkçe"]


@pytest.mark.parametrize(
    ("clicks", "header", "silent"),
    [
        ((), "Bericht van", False),
        (("Geluid: normaal",), "Dringend bericht van", False),
        (("Geluid: normaal", "🔔 Dringend"), "Bericht van", True),
    ],
    ids=["normal", "urgent", "silent"],
)
async def test_sound_option_decides_the_notification(
    harness: Harness, clicks: tuple[str, ...], header: str, silent: bool
) -> None:
    """Normal and urgent ring (urgent with its own header); silent arrives without sound."""
    fatima = await harness.member(2002, "Fatima Yilmaz")

    await send(harness, options=clicks)

    [copy] = alerts_received(fatima)
    assert header in copy.plain_text()
    assert copy.disable_notification is silent


async def test_shareable_alert_carries_its_clean_text_in_a_copyable_block(
    harness: Harness,
) -> None:
    """A shareable alert may be forwarded and holds the text to pass on in a <pre> block."""
    fatima = await harness.member(2002, "Fatima Yilmaz")

    await send(harness, text="Deel dit gerust.", options=("Intern",))

    [copy] = alerts_received(fatima)
    assert copy.protect_content is False
    assert "<pre>Deel dit gerust.</pre>" in copy.text
    assert "Mag gedeeld worden met je achterban" in copy.plain_text()


async def test_empty_text_is_refused_and_the_draft_waits(harness: Harness) -> None:
    """A blank message is not an alert; the next real text is taken."""
    sanne = harness.coordinator
    await harness.say(sanne, "/alert")

    empty = await harness.say(sanne, "   ")
    saved = await harness.say(sanne, "Nu wel tekst.")

    assert "zonder tekst" in empty.plain_text()
    assert "Tekst opgeslagen" in saved.plain_text()


async def test_overlong_text_is_refused_with_its_length(harness: Harness) -> None:
    """A 4000-character text is refused with the count and the limit; nothing is stored."""
    sanne = harness.coordinator
    await harness.say(sanne, "/alert")

    refused = await harness.say(sanne, "a" * 4000)

    assert "4000 tekens" in refused.plain_text()
    assert "maximaal 3800" in refused.plain_text()
    async with harness.db.begin() as session:
        draft = (await session.scalars(select(Alert))).one()
    assert draft.texts == {}


async def test_html_in_the_text_arrives_literally_in_an_internal_alert(harness: Harness) -> None:
    """Typed markup is shown as text; an alert is internal (not forwardable) by default."""
    fatima = await harness.member(2002, "Fatima Yilmaz")

    await send(harness, text="<b>Let op</b> & kom <niet>")

    [copy] = alerts_received(fatima)
    assert "<b>Let op</b> & kom <niet>" in copy.plain_text()
    assert copy.protect_content is True  # internal by default: not forwardable
    assert "<pre>" not in copy.text
    assert "niet doorsturen" in copy.plain_text()


async def test_audience_matching_nobody_sends_nothing(harness: Harness) -> None:
    """Nobody consented to the theme: the coordinator is told and goes back a step."""
    ali = await harness.member(2004, "Ali Bakker", themes=(UNDERMINING_KEY,))

    await compose(harness, audience=("Per thema", RADICALISATION))

    sanne = harness.coordinator
    assert "Aan wie?" in sanne.last().plain_text()
    assert any("Niemand past bij deze keuze" in m.plain_text() for m in sanne.messages)
    assert await harness.count(AlertDelivery) == 0
    assert alerts_received(ali) == []


async def test_confirm_pressed_twice_makes_one_alert(harness: Harness) -> None:
    """A second tap on confirm is answered calmly and queues nothing more."""
    fatima = await harness.member(2002, "Fatima Yilmaz")
    await compose(harness)
    await harness.press(harness.coordinator, "Verstuur naar")

    await harness.coordinator.press_data("ac:y:1")
    second = await harness.coordinator.expect_answer()
    await harness.drained()

    assert second.text == "Bericht #1 is al bevestigd, gestopt of ingetrokken."
    assert await harness.count(Alert) == 1
    assert len(await deliveries(harness)) == 1
    assert len(alerts_received(fatima)) == 1


async def test_forged_confirm_is_refused_and_audited(harness: Harness) -> None:
    """A key person's forged confirm is refused and audited; a stranger's leaves no trace."""
    fatima = await harness.member(2002, "Fatima Yilmaz")
    await compose(harness)
    stranger = harness.sandbox.user(3003, "Stranger")

    await fatima.press_data("ac:y:1")
    refused = await fatima.expect_answer()
    await stranger.press_data("ac:y:1")
    ignored = await stranger.expect_answer()

    assert refused.text == "Dat kan alleen de netwerkregisseur."
    assert ignored.text == "Deze knop werkt niet meer."
    async with harness.db.begin() as session:
        alert = (await session.scalars(select(Alert))).one()
        audit = (
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "access.refused"))
        ).all()
    assert alert.status is AlertStatus.DRAFT
    assert [a.details for a in audit] == [{"callback": "ac:"}]
    assert await harness.count(AlertDelivery) == 0


async def test_confirm_before_the_preview_is_refused(harness: Harness) -> None:
    """A send button pressed before the preview was shown (stale or forged) sends nothing."""
    await harness.member(2002, "Fatima Yilmaz")
    sanne = harness.coordinator
    await harness.say(sanne, "/alert")
    await harness.say(sanne, "Nog niet klaar.")
    await harness.press(sanne, "Verder")
    await harness.press(sanne, "Iedereen")

    await sanne.press_data("ac:y:1")
    refused = await sanne.expect_answer()

    assert refused.text == "Deze knop werkt niet meer."
    assert await harness.count(AlertDelivery) == 0


async def test_acknowledgements_are_counted_in_the_live_status(harness: Harness) -> None:
    """Received and passed-on taps show in the status; 'not confirmed' lists the others."""
    fatima = await harness.member(2002, "Fatima Yilmaz")
    john = await harness.member(2003, "John Smith", language="en")
    await harness.member(2004, "Carla Jansen")
    await send(harness)

    received = await harness.press(fatima, ACK_BUTTON)
    passed = await harness.press(john, "📣 Passed on")
    await harness.app.bot_data.services.alerts.report_now()
    await harness.press(harness.coordinator, "Wie heeft niet bevestigd?")

    assert received == "Dank je, genoteerd."
    assert passed == "Thanks, noted."
    shown = status_message(harness.coordinator).plain_text()
    assert "verzonden 3" in shown
    assert "ontvangen 2 · 📣 doorgegeven 1" in shown
    assert harness.coordinator.last().plain_text() == (
        "Bericht #1: nog niet bevestigd (1): Carla Jansen"
    )


async def test_feedback_on_unknown_or_malformed_alerts_is_answered_harmlessly(
    harness: Harness,
) -> None:
    """Buttons for alerts that do not exist, or forged data, change nothing."""
    fatima = await harness.member(2002, "Fatima Yilmaz")

    answers = []
    for data in ("al:r:999", "al:z:1", "al:r:1x", "al:r:"):
        await fatima.press_data(data)
        answers.append((await fatima.expect_answer()).text)

    assert answers == ["Deze knop werkt niet meer."] * 4


async def test_a_question_becomes_a_signal_every_coordinator_gets_and_can_answer(
    harness: Harness,
) -> None:
    """The next message after 'Question' is filed as a signal (sealed like one, audited),
    reaches every coordinator through the outbox, and the answer goes back to the asker."""
    fatima = await harness.member(2002, "Fatima Yilmaz")
    piet = await harness.member(1002, "Piet Coördinator", role=Role.COORDINATOR, themes=())
    await send(harness)
    question = "Waar precies is de bijeenkomst?"

    await harness.press(fatima, "❓ Vraag")
    prompt = fatima.last()
    sent = await harness.say(fatima, question)
    afterwards = await harness.say(fatima, "Nog iets.")

    assert "Typ je vraag over bericht #1" in prompt.plain_text()
    assert sent.plain_text().startswith("✅ Je signaal is ontvangen als #1")  # the receipt
    for coordinator in (harness.coordinator, piet):
        card = await card_of(harness, coordinator, 1)
        assert question in card.plain_text() and "Vraag over bericht #1" in card.plain_text()
        assert "Fatima Yilmaz" in card.plain_text()
    assert afterwards.plain_text().startswith("📝 Nieuw signaal")  # not a question any more
    [delivery] = await deliveries(harness)
    assert delivery.question_at is not None
    async with harness.db.begin() as session:
        open_questions = select(Dialogue).where(Dialogue.step == "question")
        assert (await session.execute(open_questions)).scalar_one_or_none() is None
        [entry] = await session.scalars(select(SignalEntry).where(SignalEntry.signal_id == 1))
        audited = (await session.scalars(select(AuditEntry.action))).all()
    sealer = harness.app.bot_data.services.signals.sealer
    assert sealer.open(entry.body or "") == f"❓ Vraag over bericht #1:\n{question}"
    assert (entry.body or "").startswith(FERNET_PREFIX if sealer.enabled else PLAIN_PREFIX)
    assert "alert.question" in audited


async def test_questions_are_limited_like_signals_and_the_refused_one_is_said_so(
    harness: Harness,
) -> None:
    """Six questions within the hour: five reach the coordinator, the sixth gets a clear
    answer (it was not kept) and reaches nobody."""
    fatima = await harness.member(2002, "Fatima Yilmaz")
    await send(harness)
    alert_message = fatima.last()

    for n in range(5):
        await fatima.press("❓ Vraag", message=alert_message)
        await fatima.next_message()
        await harness.say(fatima, f"Vraag {n}")
    await fatima.press("❓ Vraag", message=alert_message)
    await fatima.next_message()
    refused = await harness.say(fatima, "Vraag 5")
    await harness.drained()

    assert "Dit bericht is niet opgeslagen" in refused.plain_text()
    assert await harness.count(Signal) == 5
    cards = [m for m in harness.coordinator.received() if "Vraag over bericht #1" in m.plain_text()]
    assert len(cards) == 5 and not any("Vraag 5" in m.plain_text() for m in cards)


async def test_cancel_stops_a_send_before_it_goes_out(harness: Harness) -> None:
    """Stopping a queued alert means the remaining recipients get nothing."""
    fatima = await harness.member(2002, "Fatima Yilmaz")
    sanne = harness.coordinator
    await harness.say(sanne, "/alert")
    await harness.say(sanne, "Later vandaag.")
    await harness.press(sanne, "Verder")
    await harness.press(sanne, "Iedereen")
    await harness.press(sanne, "Later…")
    await harness.say(sanne, "19:30")
    await last_says(harness, sanne, "Ontvangers: 1")
    await harness.press(sanne, "Verstuur naar")

    await harness.press(sanne, "Stop verzenden")
    harness.clock.advance(timedelta(hours=8))
    await harness.drained()

    assert "gestopt. 1 ontvanger krijgt het niet meer" in sanne.last().plain_text()
    assert alerts_received(fatima) == []
    async with harness.db.begin() as session:
        alert = (await session.scalars(select(Alert))).one()
    assert alert.status is AlertStatus.CANCELLED


async def test_edit_corrects_the_text_recipients_see(harness: Harness) -> None:
    """A corrected text replaces the delivered copy's text."""
    fatima = await harness.member(2002, "Fatima Yilmaz")
    await send(harness, text="Bijeenkomst om 20:00.")

    prompt_answer = await harness.press(harness.coordinator, "Tekst verbeteren")
    prompt = harness.coordinator.last()
    done = await harness.say(harness.coordinator, "Bijeenkomst om 21:00.")
    await harness.drained()

    assert prompt_answer is None
    assert "Stuur de verbeterde tekst van bericht #1" in prompt.plain_text()
    assert "1 verstuurd bericht wordt aangepast" in done.plain_text()
    [copy] = alerts_received(fatima)
    assert copy.edited
    assert "Bijeenkomst om 21:00." in copy.plain_text()


async def test_retract_deletes_delivered_copies_and_later_taps_are_harmless(
    harness: Harness,
) -> None:
    """After 'Sure?', retracting deletes the copies; their buttons then change nothing."""
    fatima = await harness.member(2002, "Fatima Yilmaz")
    await send(harness)

    await harness.press(harness.coordinator, "Intrekken")
    assert "intrekken?" in harness.coordinator.last().plain_text()
    await harness.press(harness.coordinator, "Ja, intrekken")
    await harness.drained()
    await fatima.press_data("al:r:1")
    late = await fatima.expect_answer()

    assert "1 bericht wordt verwijderd" in harness.coordinator.last().plain_text()
    [copy] = alerts_received(fatima)
    assert copy.deleted
    assert late.text == "Deze knop werkt niet meer."


async def test_retract_after_48_hours_says_what_cannot_be_deleted(harness: Harness) -> None:
    """Copies older than Telegram's 48-hour window are counted honestly, not deleted."""
    fatima = await harness.member(2002, "Fatima Yilmaz")
    await send(harness)
    harness.clock.advance(timedelta(hours=49))

    await harness.press(harness.coordinator, "Intrekken")
    await harness.press(harness.coordinator, "Ja, intrekken")
    await harness.drained()

    said = [m.plain_text() for m in harness.coordinator.messages[-2:]]
    assert "0 berichten worden verwijderd" in said[0]
    assert "1 bericht van #1 is ouder dan 48 uur" in said[1]
    assert not alerts_received(fatima)[0].deleted


async def test_second_coordinator_sees_drafts_and_sent_alerts(harness: Harness) -> None:
    """/alerts shows every coordinator's alerts, including one still being composed."""
    await harness.member(2002, "Fatima Yilmaz")
    piet = await harness.member(1002, "Piet Coördinator", role=Role.COORDINATOR, themes=())
    await send(harness)
    await harness.say(harness.coordinator, "/alert")

    overview = (await harness.say(piet, "/alerts")).plain_text()
    detail = await harness.say(piet, "/alert 1")

    assert "#2 – concept, wordt opgesteld door Sanne" in overview
    assert "#1 – verzonden" in overview
    assert "1/1 verzonden" in overview
    assert detail.plain_text().startswith("📊 Bericht #1 – verzonden")
    assert "Wie heeft niet bevestigd?" in detail.button_texts


async def test_a_template_name_longer_than_its_column_is_refused_and_can_be_typed_again(
    harness: Harness,
) -> None:
    """A 65-character template name (the column holds 64): a clear answer, nothing stored,
    and the next name is taken."""
    await harness.member(2002, "Fatima Yilmaz")
    sanne = harness.coordinator
    await compose(harness, text="Wateroverlast: blijf binnen.")
    await harness.press(sanne, "Bewaar als sjabloon")

    refused = await harness.say(sanne, "W" * 65)
    await harness.say(sanne, "Wateroverlast")

    assert refused.plain_text() == "Je bericht is te lang (65 tekens, maximaal 64)."
    async with harness.db.begin() as session:
        names = (await session.scalars(select(AlertTemplate.name))).all()
    assert names == ["Wateroverlast"]


async def test_templates_are_saved_from_the_preview_and_reused(harness: Harness) -> None:
    """A saved template starts a new draft with its text, straight at the audience step."""
    await harness.member(2002, "Fatima Yilmaz")
    sanne = harness.coordinator
    await compose(harness, text="Wateroverlast: blijf binnen.")
    await harness.press(sanne, "Bewaar als sjabloon")
    await harness.say(sanne, "Wateroverlast")
    await last_says(harness, sanne, "Ontvangers: 1")
    await harness.press(sanne, "Annuleren")

    listing = await harness.say(sanne, "/templates")
    await harness.press(sanne, "Gebruik: Wateroverlast")
    await harness.press(sanne, "Iedereen")
    await harness.press(sanne, "Nu versturen")

    assert listing.button_texts == ["Gebruik: Wateroverlast"]
    assert "Wateroverlast: blijf binnen." in sanne.messages[-2].plain_text()
    assert "Ontvangers: 1" in sanne.last().plain_text()
    assert await harness.count(AlertTemplate) == 1
    async with harness.db.begin() as session:
        alert = (await session.scalars(select(Alert))).one()
    assert alert.texts == {"nl": "Wateroverlast: blijf binnen."}


async def test_neighbourhood_tag_and_people_audiences_count_exactly(harness: Harness) -> None:
    """Wijk, tag and named people each give the exact count; unknown names are reported."""
    await harness.member(2002, "Fatima Yilmaz", wijken=("Tanthof",), tags=("moskee",))
    await harness.member(2003, "Ali Bakker", wijken=("Voorhof",), tags=("moskee", "sport"))
    await harness.member(2004, "Carla Jansen", wijken=("Tanthof",))
    sanne = harness.coordinator

    by_wijk = await compose(harness, audience=("Per wijk", "Voorhof", "Tanthof", "Klaar"))
    await harness.press(sanne, "Annuleren")
    by_tag = await compose(harness, audience=("Per label", "sport", "Klaar"))
    await harness.press(sanne, "Annuleren")
    await harness.say(sanne, "/alert")
    await harness.say(sanne, "Tekst")
    await harness.press(sanne, "Verder")
    await harness.press(sanne, "Personen")
    found = await harness.say(sanne, "fatima yilmaz, Onbekend")
    await last_says(harness, sanne, "Opties")
    await harness.press(sanne, "Nu versturen")

    assert "Ontvangers: 3 (wijk: Voorhof, Tanthof)" in by_wijk.plain_text()
    assert "Ontvangers: 1 (label: sport)" in by_tag.plain_text()
    assert found.plain_text() == (
        "Ontvangers: Fatima Yilmaz\nNiet gevonden (of niet actief): Onbekend"
    )
    assert "Ontvangers: 1 (personen: Fatima Yilmaz)" in sanne.last().plain_text()


async def test_scheduled_alert_waits_for_its_time(harness: Harness) -> None:
    """'Later' takes a local time, refuses past and unreadable ones, and sends when it is due."""
    fatima = await harness.member(2002, "Fatima Yilmaz")
    sanne = harness.coordinator
    today = local(0, 13)  # the clock's start: 13:00 in Amsterdam
    await harness.say(sanne, "/alert")
    await harness.say(sanne, "Vanavond.")
    await harness.press(sanne, "Verder")
    await harness.press(sanne, "Iedereen")
    await harness.press(sanne, "Later…")

    unreadable = await harness.say(sanne, "straks")
    past = await harness.say(sanne, f"{today:%d-%m} 10:00")
    await harness.say(sanne, "19:30")
    summary = await last_says(harness, sanne, "Ontvangers: 1")
    await harness.press(sanne, "Verstuur naar")
    await harness.drained()
    before = len(alerts_received(fatima))
    harness.clock.advance(timedelta(hours=7))
    await harness.drained()

    assert "begrijp ik niet" in unreadable.plain_text()
    assert f"{dmy(today)} 10:00 is al voorbij" in past.plain_text()
    assert f"Versturen: {dmy(today)} 19:30" in summary.plain_text()
    assert f"wordt verstuurd op {dmy(today)} 19:30" in sanne.messages[-1].plain_text()
    assert before == 0
    assert len(alerts_received(fatima)) == 1


async def test_quiet_hours_are_set_shown_refused_and_cleared(harness: Harness) -> None:
    """/quiet sets, shows and clears a member's night; bad input gets an example."""
    fatima = await harness.member(2002, "Fatima Yilmaz")

    none = await harness.say(fatima, "/quiet")
    bad = await harness.say(fatima, "/quiet 25:00-07:00")
    set_ = await harness.say(fatima, "/quiet 23.00 - 7.00")
    shown = await harness.say(fatima, "/quiet")
    stored = await harness.person(2002)
    off = await harness.say(fatima, "/quiet off")

    assert "geen stille uren" in none.plain_text()
    assert "Voorbeeld: /quiet 23:00-07:00" in bad.plain_text()
    assert set_.plain_text().startswith("Je stille uren: 23:00-07:00.")
    assert shown.plain_text().startswith("Je stille uren: 23:00-07:00.")
    assert stored is not None and stored.quiet_hours == "23:00-07:00"
    assert "staan uit" in off.plain_text()
    cleared = await harness.person(2002)
    assert cleared is not None and cleared.quiet_hours is None


async def test_help_lists_the_alert_commands_by_role(harness: Harness) -> None:
    """Members see /quiet; coordinators also see /alert, /alerts and /templates."""
    fatima = await harness.member(2002, "Fatima Yilmaz")

    member = (await harness.say(fatima, "/help")).plain_text()
    coordinator = (await harness.say(harness.coordinator, "/help")).plain_text()

    assert "/quiet" in member and "/alert" not in member
    assert all(c in coordinator for c in ("/alert ", "/alerts", "/templates", "/quiet"))


async def test_key_person_cannot_list_or_compose_alerts(harness: Harness) -> None:
    """Coordinator commands for alerts are refused to key persons."""
    fatima = await harness.member(2002, "Fatima Yilmaz")

    replies = [
        (await harness.say(fatima, cmd)).plain_text() for cmd in ("/alert", "/alerts", "/templates")
    ]

    assert replies == ["Dat kan alleen de netwerkregisseur."] * 3
    assert await harness.count(Alert) == 0
