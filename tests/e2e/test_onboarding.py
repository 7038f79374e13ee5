"""End to end over HTTP: invitation, consent, neighbourhood, language, /stop and rejoining."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from bot.clock import FakeClock
from bot.config import Config
from bot.i18n import Translator
from bot.sandbox import Sandbox
from storage.db import Database
from storage.models import AuditEntry, ConsentEvent, Invite, Person, PersonStatus
from tests.factories import RADICALISATION, UNDERMINING, Harness, running


async def _consents(h: Harness) -> list[ConsentEvent]:
    async with h.db.begin() as session:
        return list((await session.scalars(select(ConsentEvent).order_by(ConsentEvent.id))).all())


async def test_invited_person_consents_and_becomes_active(harness: Harness) -> None:
    """An invitation leads through notice, consent and neighbourhood to an active membership."""
    fatima = harness.sandbox.user(2002, "Fatima")
    token = await harness.invite("Fatima Yilmaz")

    welcome = await harness.say(fatima, f"/start {token}")
    assert "Welkom, Fatima Yilmaz" in welcome.plain_text()
    assert "Privacyverklaring (versie 2026-11)" in welcome.plain_text()
    await harness.press(fatima, "Verder")
    assert (
        await harness.press(fatima, RADICALISATION) == f"Toestemming vastgelegd: {RADICALISATION}"
    )
    await harness.press(fatima, "Verder")
    await harness.press(fatima, "Tanthof")
    await harness.press(fatima, "Klaar")

    assert "Je bent nu lid" in fatima.last().plain_text()
    person = await harness.person(2002)
    assert person is not None
    assert person.status is PersonStatus.ACTIVE
    assert [n.wijk for n in person.neighbourhoods] == ["Tanthof"]
    [event] = await _consents(harness)
    assert (event.theme, event.granted, event.notice_version) == (
        "radicalisation-polarisation",
        True,
        "2026-11",
    )


async def test_an_invitation_brings_the_tags_and_language_it_was_made_with(
    harness: Harness,
) -> None:
    """Someone invited from a list with tags and a language is welcomed in that language (not
    their phone's) and joins with those tags."""
    mo = harness.sandbox.user(2003, "Mo")
    token = await harness.invite("Mo Bouzid", tags=("moskee", "jongeren"), language="en")

    welcome = await harness.say(mo, f"/start {token}")

    assert welcome.plain_text().startswith("Welcome, Mo Bouzid!")
    person = await harness.person(2003)
    assert person is not None
    assert person.language == "en"
    assert sorted(t.tag for t in person.tags) == ["jongeren", "moskee"]


async def test_person_stays_invited_until_consent_is_given(harness: Harness) -> None:
    """Continuing without any consent is refused and the person is not active."""
    fatima = harness.sandbox.user(2002, "Fatima")
    await harness.say(fatima, f"/start {await harness.invite()}")
    await harness.press(fatima, "Verder")

    await fatima.press_data("ob:cnext")
    answer = await fatima.expect_answer()

    assert answer.text == "Geef eerst toestemming voor minstens één onderwerp."
    person = await harness.person(2002)
    assert person is not None and person.status is PersonStatus.INVITED


async def test_signing_up_person_cannot_do_anything_else(harness: Harness) -> None:
    """Until consent, free text is answered with a pointer to finish signing up."""
    fatima = harness.sandbox.user(2002, "Fatima")
    await harness.say(fatima, f"/start {await harness.invite()}")

    reply = await harness.say(fatima, "hallo?")

    assert "aanmelding is nog niet af" in reply.plain_text()


async def test_stranger_gets_one_polite_reply_and_nothing_is_stored(harness: Harness) -> None:
    """Someone without an invitation is answered politely and leaves no trace."""
    stranger = harness.sandbox.user(3003, "Stranger")
    people_before, audit_before = await harness.count(Person), await harness.count(AuditEntry)

    for text in ("Hallo, wie ben jij?", "/help", "/people", "/start"):
        reply = await harness.say(stranger, text)
        assert "alleen op uitnodiging" in reply.plain_text()
    await stranger.send_sticker()
    await stranger.next_message()

    assert await harness.person(3003) is None
    assert await harness.count(Person) == people_before
    assert await harness.count(AuditEntry) == audit_before


async def test_unknown_expired_and_used_invites_are_refused_without_storing(
    harness: Harness,
) -> None:
    """Bad tokens get a clear reason and store nothing about the person who used them."""
    fatima = harness.sandbox.user(2002, "Fatima")
    expired = await harness.invite("Late", expires_in=timedelta(days=1))
    used = await harness.invite("Fatima Yilmaz")
    await harness.say(fatima, f"/start {used}")
    harness.clock.advance(timedelta(days=2))
    ali = harness.sandbox.user(2003, "Ali")

    unknown_reply = await harness.say(ali, "/start AAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    expired_reply = await harness.say(ali, f"/start {expired}")
    used_reply = await harness.say(ali, f"/start {used}")
    garbage_reply = await harness.say(ali, "/start <script>")

    assert "klopt niet" in unknown_reply.plain_text()
    assert "verlopen" in expired_reply.plain_text()
    assert "al gebruikt" in used_reply.plain_text()
    assert "klopt niet" in garbage_reply.plain_text()
    assert await harness.person(2003) is None


async def test_duplicate_start_resumes_without_a_second_record(harness: Harness) -> None:
    """Opening the invitation link twice shows the welcome again and keeps one person."""
    fatima = harness.sandbox.user(2002, "Fatima")
    token = await harness.invite()
    await harness.say(fatima, f"/start {token}")

    again = await harness.say(fatima, f"/start {token}")

    assert "Welkom" in again.plain_text()
    assert await harness.count(Person) == 2  # Fatima and the configured coordinator


async def test_consent_pressed_twice_is_recorded_once(harness: Harness) -> None:
    """A double tap on a consent button records one consent event and says so."""
    fatima = harness.sandbox.user(2002, "Fatima")
    await harness.say(fatima, f"/start {await harness.invite()}")
    await harness.press(fatima, "Verder")
    first = await harness.press(fatima, RADICALISATION)

    second = await harness.press(fatima, RADICALISATION)

    assert first is not None and first.startswith("Toestemming vastgelegd")
    assert second is not None and second.startswith("Je had al toestemming")
    assert len(await _consents(harness)) == 1


async def test_themes_are_consented_separately(harness: Harness) -> None:
    """Consent is purpose-bound: each theme is its own recorded decision."""
    fatima = harness.sandbox.user(2002, "Fatima")

    await harness.join(fatima, themes=(RADICALISATION, UNDERMINING))

    assert sorted(e.theme for e in await _consents(harness)) == [
        "radicalisation-polarisation",
        "undermining-crime",
    ]


async def test_language_can_be_switched_during_signup_and_later(harness: Harness) -> None:
    """The welcome switches to English on request, and /language switches back."""
    fatima = harness.sandbox.user(2002, "Fatima")
    await harness.say(fatima, f"/start {await harness.invite()}")

    await harness.press(fatima, "English")
    assert "Welcome, Fatima Yilmaz" in fatima.messages[-1].plain_text()
    await harness.press(fatima, "Continue")
    await harness.press(fatima, "Radicalisation and polarisation")
    await harness.press(fatima, "Continue")
    await harness.press(fatima, "Done")
    assert "You are now a member" in fatima.last().plain_text()

    await harness.say(fatima, "/language")
    await harness.press(fatima, "Nederlands")
    assert fatima.last().plain_text() == "De taal is nu Nederlands."
    person = await harness.person(2002)
    assert person is not None and person.language == "nl"


async def test_only_the_offered_languages_can_be_chosen(
    sandbox: Sandbox, db: Database, clock: FakeClock, config: Config
) -> None:
    """A network offering Dutch and Turkish shows those two, welcomes a Turkish phone in
    Turkish, an Arabic phone in Dutch, and a forged button for Arabic changes nothing."""
    network = replace(config.network, languages=("nl", "tr"))
    async with running(sandbox, db, clock, replace(config, network=network)) as h:
        elif_ = h.sandbox.user(2005, "Elif", language_code="tr")
        amira = h.sandbox.user(2006, "Amira", language_code="ar")
        await h.member(2007, "Fatima Yilmaz")
        fatima = h.sandbox.user(2007, "Fatima")

        turkish = await h.say(elif_, f"/start {await h.invite('Elif Yildiz')}")
        dutch = await h.say(amira, f"/start {await h.invite('Amira Haddad')}")
        offer = await h.say(fatima, "/language")
        await fatima.press_data("lang:ar")
        stale = await fatima.expect_answer()
        person = await h.person(2007)

    assert turkish.plain_text().startswith("Hoş geldiniz")
    assert dutch.plain_text().startswith("Welkom, Amira Haddad")
    assert offer.button_texts == ["Nederlands", "Türkçe"]
    assert stale.text == Translator("nl")("nl", "stale_button")
    assert person is not None and person.language == "nl"


async def test_english_telegram_users_are_welcomed_in_english(harness: Harness) -> None:
    """A person whose Telegram is in English gets the English texts from the start."""
    john = harness.sandbox.user(2004, "John", language_code="en-GB")

    welcome = await harness.say(john, f"/start {await harness.invite('John Smith')}")

    assert "Welcome, John Smith" in welcome.plain_text()


async def test_stop_withdraws_every_consent_and_the_person_receives_nothing(
    harness: Harness,
) -> None:
    """/stop, once confirmed, records withdrawals and turns the person away afterwards."""
    fatima = harness.sandbox.user(2002, "Fatima")
    await harness.join(fatima, themes=(RADICALISATION, UNDERMINING), wijken=("Voorhof",))

    confirm = await harness.say(fatima, "/stop")
    assert "Weet je zeker" in confirm.plain_text()
    await harness.press(fatima, "Ja, stop")

    assert "uitgeschreven" in fatima.last().plain_text()
    assert await harness.person(2002) is None  # their Telegram id is no longer in the store
    person = await harness.erased(2002)
    assert person.status is PersonStatus.LEFT and person.display_name == ""
    assert person.neighbourhoods == []
    events = await _consents(harness)
    assert [(e.theme, e.granted, e.via) for e in events[2:]] == [
        ("radicalisation-polarisation", False, "telegram:/stop"),
        ("undermining-crime", False, "telegram:/stop"),
    ]
    after = await harness.say(fatima, "/help")
    assert "Je bent uitgeschreven" in after.plain_text()


async def test_stop_can_be_cancelled(harness: Harness) -> None:
    """Saying no to the /stop question keeps the membership as it was."""
    fatima = harness.sandbox.user(2002, "Fatima")
    await harness.join(fatima)
    await harness.say(fatima, "/stop")

    await harness.press(fatima, "Nee, toch niet")

    person = await harness.person(2002)
    assert person is not None and person.status is PersonStatus.ACTIVE
    assert len(await _consents(harness)) == 1


async def test_buttons_pressed_after_stop_change_nothing(harness: Harness) -> None:
    """Old consent and stop buttons after /stop are answered harmlessly and record nothing."""
    fatima = harness.sandbox.user(2002, "Fatima")
    await harness.say(fatima, f"/start {await harness.invite()}")
    await harness.press(fatima, "Verder")
    consent_message = fatima.last()
    await harness.say(fatima, "/stop")
    await harness.press(fatima, "Ja, stop")
    events_before = len(await _consents(harness))

    await fatima.press(RADICALISATION, message=consent_message)
    answer = await fatima.expect_answer()
    await fatima.press_data("stop:yes")
    second = await fatima.expect_answer()

    assert answer.text == "Deze knop werkt niet meer."
    assert second.text == "Deze knop werkt niet meer."
    assert len(await _consents(harness)) == events_before


async def test_rejoining_after_stop_needs_a_fresh_invite(harness: Harness) -> None:
    """A person who left can come back with a new invitation and consents anew."""
    fatima = harness.sandbox.user(2002, "Fatima")
    await harness.join(fatima)
    await harness.say(fatima, "/stop")
    await harness.press(fatima, "Ja, stop")

    person = await harness.join(fatima, themes=(UNDERMINING,))

    assert person.status is PersonStatus.ACTIVE
    # The coordinator, the pseudonymous proof of Fatima's first consents, and Fatima anew.
    assert await harness.count(Person) == 3
    assert (await harness.erased(2002)).id != person.id
    granted = [e.theme for e in await _consents(harness) if e.granted]
    assert granted == ["radicalisation-polarisation", "undermining-crime"]


async def test_invite_presets_limit_themes_and_preselect_neighbourhoods(harness: Harness) -> None:
    """An invite for one theme offers only that theme and pre-ticks the given wijk."""
    fatima = harness.sandbox.user(2002, "Fatima")
    token = await harness.invite(themes=["undermining-crime"], neighbourhoods=["Wippolder"])
    await harness.say(fatima, f"/start {token}")
    await harness.press(fatima, "Verder")

    consent = fatima.last()
    assert [b.text for row in consent.buttons for b in row] == [f"Ik doe mee: {UNDERMINING}"]
    await harness.press(fatima, UNDERMINING)
    await harness.press(fatima, "Verder")
    assert "✓ Wippolder" in [b.text for row in fatima.last().buttons for b in row]


async def test_invite_used_marks_who_used_it(harness: Harness) -> None:
    """A redeemed invite records when and by whom; only its hash is stored."""
    fatima = harness.sandbox.user(2002, "Fatima")
    token = await harness.invite()

    person = await harness.join(fatima)

    async with harness.db.begin() as session:
        invites = list((await session.scalars(select(Invite))).all())
    used = [i for i in invites if i.used_by_id == person.id]
    assert used and used[-1].used_at is not None
    assert all(token not in (i.token_hash, i.name) for i in invites)
