"""End to end over HTTP: whatever people send, they get a clear answer and nothing breaks."""

from __future__ import annotations

import re

import pytest

from bot.sandbox import SimulatedUser
from storage.models import ConsentEvent, Invite, Person, PersonStatus
from tests.factories import Harness


@pytest.fixture
async def fatima(harness: Harness) -> SimulatedUser:
    """Return an active key person."""
    user = harness.sandbox.user(2002, "Fatima")
    await harness.join(user)
    return user


async def test_unknown_command_is_named_as_unknown(harness: Harness, fatima: SimulatedUser) -> None:
    """A command the bot does not have gets a pointer to /help."""
    reply = await harness.say(fatima, "/verwijderalles")

    assert reply.plain_text() == "Dat commando ken ik niet. Typ /help voor een overzicht."


async def test_free_text_is_answered_and_not_stored(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Free text from a member is answered honestly: it was not stored."""
    reply = await harness.say(fatima, "Er hangen posters bij de moskee")

    assert "niet opgeslagen" in reply.plain_text()


async def test_non_text_content_gets_a_clear_answer(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Stickers, photos, voice, documents, locations and contacts are answered, not crashed on."""
    senders = [
        fatima.send_sticker(),
        fatima.send_photo(caption="kijk"),
        fatima.send_voice(),
        fatima.send_document(),
        fatima.send_location(52.0, 4.36),
        fatima.send_contact(),
    ]
    for send in senders:
        await send
        reply = await fatima.next_message()
        assert reply.plain_text().startswith("Ik kan hier alleen tekst")


async def test_a_5000_character_message_is_refused_with_its_length(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Oversized text is refused with a count, and the bot keeps working."""
    reply = await harness.say(fatima, "a" * 5000)
    after = await harness.say(fatima, "/help")

    assert reply.plain_text() == "Je bericht is te lang (5000 tekens, maximaal 4096)."
    assert "/privacy" in after.plain_text()


async def test_a_5000_character_message_from_a_stranger_stores_nothing(harness: Harness) -> None:
    """A stranger's huge message gets the fixed reply and leaves no trace."""
    stranger = harness.sandbox.user(3003, "Stranger")

    reply = await harness.say(stranger, "<b>" * 1700)

    assert "alleen op uitnodiging" in reply.plain_text()
    assert await harness.person(3003) is None


@pytest.mark.parametrize(
    "name",
    ["<b>Ali</b> & <i>co", "_Mo_ *Bouzid* `x`", "مريم الحسن 🌙", "Zoë 👩🏽‍🏫 van der Berg"],
)
async def test_markup_emoji_and_rtl_names_arrive_literally(harness: Harness, name: str) -> None:
    """Names with HTML, Markdown, emoji or right-to-left text are shown as typed."""
    reply = await harness.say(harness.coordinator, f"/invite {name}")
    token = re.search(r"\?start=([A-Za-z0-9_-]+)", reply.plain_text())
    assert token is not None
    user = harness.sandbox.user(2010, "X")

    welcome = await harness.say(user, f"/start {token.group(1)}")

    assert f"Welkom, {name}!" in welcome.plain_text()
    person = await harness.person(2010)
    assert person is not None and person.display_name == name


async def test_an_overlong_invite_name_is_refused(harness: Harness) -> None:
    """A 300-character name is refused with the usage text and creates no invite."""
    reply = await harness.say(harness.coordinator, "/invite " + "n" * 300)

    assert "Gebruik: /invite Naam" in reply.plain_text()
    assert await harness.count(Invite) == 0


@pytest.mark.parametrize(
    "data", ["ob:c:999", "ob:c:-1", "ob:w:abc", "ob:lang:fr", "zz", "ob:", "lang:xx", "stop:maybe"]
)
async def test_forged_onboarding_callbacks_change_nothing(harness: Harness, data: str) -> None:
    """Forged or malformed button data mid-sign-up is answered and records nothing."""
    bram = harness.sandbox.user(2006, "Bram")
    await harness.say(bram, f"/start {await harness.invite('Bram')}")
    await harness.press(bram, "Verder")

    await bram.press_data(data)
    answer = await bram.expect_answer()

    assert answer.text == "Deze knop werkt niet meer."
    assert await harness.count(ConsentEvent) == 0
    person = await harness.person(2006)
    assert person is not None
    assert person.status is PersonStatus.INVITED
    assert person.language == "nl"


async def test_forged_invite_callback_from_coordinator_is_answered(harness: Harness) -> None:
    """Even a coordinator's malformed invite data is answered, not crashed on."""
    for data in ("inv:abc", "inv:999:0", "inv:1:7"):
        await harness.coordinator.press_data(data)
        answer = await harness.coordinator.expect_answer()
        assert answer.text == "Deze knop werkt niet meer."


async def test_sign_up_buttons_after_joining_are_stale(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Pressing 'Klaar' again after joining is answered as an old button."""
    await fatima.press_data("ob:done")

    answer = await fatima.expect_answer()

    assert answer.text == "Deze knop werkt niet meer."
    assert await harness.count(Person) == 2


async def test_start_by_an_active_member_says_they_are_a_member(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """/start, with or without someone else's token, tells a member they already are one."""
    other = await harness.invite("Someone else")

    plain = await harness.say(fatima, "/start")
    with_token = await harness.say(fatima, f"/start {other}")

    assert "Je bent al lid" in plain.plain_text()
    assert "Je bent al lid" in with_token.plain_text()
    bram = harness.sandbox.user(2006, "Bram")
    assert "Welkom" in (await harness.say(bram, f"/start {other}")).plain_text()


async def test_a_failed_send_is_reported_and_the_bot_keeps_working(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """When Telegram fails once, the person hears something went wrong and can carry on."""
    harness.sandbox.fail_next("sendMessage", error_code=502, description="Bad Gateway")

    await fatima.send("/help")
    reply = await fatima.next_message()
    again = await harness.say(fatima, "/help")

    assert reply.plain_text() == "Er ging iets mis. Probeer het later nog eens."
    assert "/privacy" in again.plain_text()
