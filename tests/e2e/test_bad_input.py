"""End to end over HTTP: whatever people send, they get a clear answer and nothing breaks."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from bot.membership import ensure_coordinator
from bot.sandbox import SimulatedUser
from storage.models import ConsentEvent, Invite, Person, PersonStatus
from storage.signal_models import Signal, SignalEntry
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


async def test_a_coordinators_free_text_is_answered_and_not_stored(harness: Harness) -> None:
    """Free text from a coordinator who is not composing anything is answered: not stored."""
    reply = await harness.say(harness.coordinator, "Er hangen posters bij de moskee")

    assert "niet opgeslagen" in reply.plain_text()


async def test_unsupported_content_gets_a_clear_answer_and_stores_nothing(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Stickers, contacts, polls, videos and video notes are answered, not crashed on or kept."""
    senders: list[Callable[[], Awaitable[int]]] = [
        fatima.send_sticker,
        fatima.send_contact,
        fatima.send_poll,
        fatima.send_video,
        fatima.send_video_note,
    ]
    for send in senders:
        await send()
        reply = await fatima.next_message()
        assert reply.plain_text().startswith("Dit soort bericht kan ik niet doorgeven"), send
    assert await harness.count(Signal) == 0
    assert await harness.count(SignalEntry) == 0


async def test_a_5000_character_message_is_refused_with_its_length(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Oversized text is refused with a count, nothing is stored, and the bot keeps working."""
    reply = await harness.say(fatima, "a" * 5000)
    after = await harness.say(fatima, "/help")

    assert reply.plain_text().startswith("Je bericht is te lang (5000 tekens, hoogstens 3500).")
    assert "/privacy" in after.plain_text()
    assert await harness.count(Signal) == 0


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


@pytest.mark.parametrize("data", ["ob:w:²", "ob:w:٣", "inv:²:0", "inv:99999999999:0", "inv:1:²"])
async def test_non_ascii_and_huge_numbers_in_button_data_are_stale(
    harness: Harness, data: str
) -> None:
    """Digits that are not ASCII, or ids too large for the database, are refused calmly."""
    bram = harness.sandbox.user(2006, "Bram")
    await harness.say(bram, f"/start {await harness.invite('Bram')}")
    user = harness.coordinator if data.startswith("inv:") else bram

    await user.press_data(data)
    answer = await user.expect_answer()

    assert answer.text == "Deze knop werkt niet meer."


async def test_double_taps_on_no_and_on_a_role_button_are_harmless(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """Pressing 'Nee, toch niet' or the same role button twice answers twice and breaks nothing."""
    await harness.say(fatima, "/stop")
    stop_question = fatima.last()
    await harness.press(fatima, "Nee, toch niet")
    await fatima.press_data("stop:no", message_id=stop_question.message_id)
    second = await fatima.expect_answer()
    await harness.say(harness.coordinator, "/invite Ali")
    role_message = harness.coordinator.last()
    await harness.press(harness.coordinator, "Maak achtergrondcontact")
    await harness.coordinator.press_data(
        role_message.buttons[0][0].callback_data or "", message_id=role_message.message_id
    )
    again = await harness.coordinator.expect_answer()

    assert second.text is None
    assert again.text == "Uitnodiging voor Ali is nu voor: sleutelpersoon"
    assert "Er ging iets mis" not in " ".join(m.plain_text() for m in fatima.received())


async def test_stranger_pressing_a_forged_button_is_answered_and_not_stored(
    harness: Harness,
) -> None:
    """A stranger's forged callback gets a harmless answer and leaves no trace."""
    stranger = harness.sandbox.user(3003, "Stranger")

    await stranger.press_data("ob:c:radicalisation-polarisation")
    answer = await stranger.expect_answer()

    assert answer.text == "Deze knop werkt niet meer."
    assert await harness.person(3003) is None


async def test_old_consent_button_after_rejoining_cannot_consent_to_another_theme(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """A consent button means the theme it shows; themes not offered now are refused."""
    await harness.say(fatima, "/stop")
    await harness.press(fatima, "Ja, stop")
    token = await harness.invite(themes=["undermining-crime"])
    await harness.say(fatima, f"/start {token}")
    events_before = await harness.count(ConsentEvent)

    await fatima.press_data("ob:c:radicalisation-polarisation")
    answer = await fatima.expect_answer()

    assert answer.text == "Deze knop werkt niet meer."
    assert await harness.count(ConsentEvent) == events_before


async def test_people_who_left_leave_no_new_traces_but_can_see_their_data(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """After /stop, contact updates nothing stored, and /privacy still shows what is kept."""
    await harness.say(fatima, "/stop")
    await harness.press(fatima, "Ja, stop")
    before = await harness.erased(2002)
    harness.clock.advance(timedelta(hours=3))

    await harness.say(fatima, "hallo")
    await harness.say(fatima, "/start ongeldig-maar-lang-genoeg")
    privacy = await harness.say(fatima, "/privacy")

    after = await harness.erased(2002)
    assert await harness.person(2002) is None
    assert (after.last_seen_at, after.display_name) == (before.last_seen_at, "") == (None, "")
    assert after.status is PersonStatus.LEFT
    assert "je gegevens zijn gewist" in privacy.plain_text()
    assert "bewijs van je toestemmingen" in privacy.plain_text()


async def test_commands_in_capitals_or_addressed_to_the_bot_work(
    harness: Harness, fatima: SimulatedUser
) -> None:
    """/HELP and /help@botname are the same command as /help."""
    upper = await harness.say(fatima, "/HELP")
    addressed = await harness.say(fatima, f"/help@{harness.config.telegram.bot_username}")

    assert "/privacy" in upper.plain_text()
    assert "/privacy" in addressed.plain_text()


async def test_coordinator_with_an_overlong_telegram_name_can_work(harness: Harness) -> None:
    """A 129-character Telegram name is shortened, not a reason to lock the coordinator out."""
    async with harness.db.begin() as session:
        await ensure_coordinator(
            session,
            harness.config,
            telegram_user_id=1010,
            name=None,
            now=harness.clock.now(),
            actor_label="test",
        )
    long_named = harness.sandbox.user(1010, "A" * 64, last_name="B" * 64)

    reply = await harness.say(long_named, "/help")

    assert "/invite" in reply.plain_text()
    person = await harness.person(1010)
    assert person is not None
    assert len(person.display_name) == 128


async def test_the_longest_telegram_account_can_accept_an_invitation(harness: Harness) -> None:
    """Telegram allows 64 + 64 characters of name and a 32-character username: the account's
    name kept beside the invited one fits its column (on PostgreSQL it used to fail)."""
    longest = harness.sandbox.user(2009, "A" * 64, last_name="B" * 64, username="u" * 32)

    person = await harness.join(longest)

    assert person.telegram_name is not None and len(person.telegram_name) == 160
    assert person.telegram_name.startswith("A" * 64)


async def test_an_update_the_library_cannot_read_is_skipped_and_the_bot_answers(
    harness: Harness, fatima: SimulatedUser, caplog: pytest.LogCaptureFixture
) -> None:
    """An update the library cannot parse (a poll from a Bot API before 9.6, without
    allows_revoting) is skipped with one WARNING naming its id, is never looped on, and
    nothing it held reaches the log; /help works right after."""
    caplog.set_level(logging.INFO)
    poll = {"id": "p1", "question": "0612345678 geheim", "options": [], "total_voter_count": 0,
            "is_closed": False, "is_anonymous": True, "type": "regular",
            "allows_multiple_answers": False}  # fmt: skip
    chat = {"id": fatima.chat_id, "type": "private", "first_name": "Fatima"}
    bad = harness.sandbox.world.enqueue_raw_update(
        {"message": {"message_id": 1, "date": 0, "chat": chat, "poll": poll}}
    )

    answer = await harness.say(fatima, "/help")

    assert "/privacy" in answer.plain_text()
    lines = [r.getMessage() for r in caplog.records]
    assert [line for line in lines if f"update {bad} could not be read" in line] != []
    assert sum(f"update {bad}" in line for line in lines) == 1
    assert not any("0612345678" in line or "Received data" in line for line in lines)


async def test_a_huge_typed_argument_is_cut_in_the_answer_and_never_logged(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """'/people naam=<4,100 characters>': the usage answer repeats 40 characters at most, the
    answer fits Telegram's limit, and nothing typed reaches the log."""
    typed = "naam=" + "x" * 4100

    answer = await harness.say(harness.coordinator, f"/people {typed}")

    assert "naam=xxxxxxxx" in answer.plain_text() and "x" * 60 not in answer.plain_text()
    assert not any("xxxxxxxxxx" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
