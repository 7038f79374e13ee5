"""End to end over HTTP: what coordinators can do, and that nobody else can."""

from __future__ import annotations

import re

from sqlalchemy import select

from storage.models import AuditEntry, Invite, PersonStatus, Role
from tests.factories import RADICALISATION, UNDERMINING, Harness
from tests.timeline import START, dmy


def _token(text: str) -> str:
    match = re.search(r"\?start=([A-Za-z0-9_-]+)", text)
    assert match is not None, text
    return match.group(1)


async def test_coordinator_creates_an_invite_in_chat_that_works(harness: Harness) -> None:
    """/invite answers with a single-use t.me link that signs the named person up."""
    reply = await harness.say(harness.coordinator, "/invite Fatima Yilmaz")
    link = reply.plain_text()
    assert f"https://t.me/{harness.config.telegram.bot_username}?start=" in link
    fatima = harness.sandbox.user(2002, "Fatima")

    welcome = await harness.say(fatima, f"/start {_token(link)}")

    assert "Welkom, Fatima Yilmaz" in welcome.plain_text()
    async with harness.db.begin() as session:
        actions = [e.action for e in (await session.scalars(select(AuditEntry))).all()]
    assert "invite.create" in actions
    assert "invite.redeem" in actions


async def test_coordinator_can_turn_an_invite_into_a_background_contact(harness: Harness) -> None:
    """The role button on a fresh invite changes the role the invitee will get."""
    reply = await harness.say(harness.coordinator, "/invite Huismeester Jan")

    answer = await harness.press(harness.coordinator, "Maak achtergrondcontact")

    assert answer == "Uitnodiging voor Huismeester Jan is nu voor: achtergrondcontact"
    jan = harness.sandbox.user(2005, "Jan")
    await harness.say(jan, f"/start {_token(reply.plain_text())}")
    person = await harness.person(2005)
    assert person is not None and person.role is Role.BACKGROUND_CONTACT


async def test_invite_without_a_name_explains_usage(harness: Harness) -> None:
    """/invite on its own tells the coordinator how to use it and creates nothing."""
    reply = await harness.say(harness.coordinator, "/invite")

    assert "Gebruik: /invite Naam" in reply.plain_text()
    assert await harness.count(Invite) == 0


async def test_help_is_role_aware(harness: Harness) -> None:
    """Coordinators see their commands in /help; key persons do not."""
    fatima = harness.sandbox.user(2002, "Fatima")
    await harness.join(fatima)

    member_help = await harness.say(fatima, "/help")
    coordinator_help = await harness.say(harness.coordinator, "/help")

    assert "/invite" not in member_help.plain_text()
    assert "/privacy" in member_help.plain_text()
    assert "/invite" in coordinator_help.plain_text()
    assert "/people" in coordinator_help.plain_text()


async def test_key_person_cannot_use_coordinator_commands(harness: Harness) -> None:
    """/people and /invite from a key person are refused, audited, and reveal nobody."""
    fatima = harness.sandbox.user(2002, "Fatima")
    await harness.join(fatima)

    people = await harness.say(fatima, "/people")
    invite = await harness.say(fatima, "/invite Ali")

    assert people.plain_text() == "Dat kan alleen de netwerkregisseur."
    assert invite.plain_text() == "Dat kan alleen de netwerkregisseur."
    assert await harness.count(Invite) == 1  # only the one Fatima joined with
    async with harness.db.begin() as session:
        refused = (
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "access.refused"))
        ).all()
    assert len(refused) == 2


async def test_forged_coordinator_callback_from_key_person_is_refused(harness: Harness) -> None:
    """A key person who forges invite-role callback data changes nothing."""
    await harness.say(harness.coordinator, "/invite Ali")
    fatima = harness.sandbox.user(2002, "Fatima")
    await harness.join(fatima)

    await fatima.press_data("inv:1:1")
    answer = await fatima.expect_answer()

    assert answer.text == "Dat kan alleen de netwerkregisseur."
    async with harness.db.begin() as session:
        ali = (await session.scalars(select(Invite).where(Invite.name == "Ali"))).one()
    assert ali.role is Role.KEY_PERSON


async def test_people_lists_members_with_filters(harness: Harness) -> None:
    """/people lists everyone for the coordinator, filtered by wijk, theme and status."""
    await harness.join(harness.sandbox.user(2002, "Fatima"), name="Fatima", wijken=("Tanthof",))
    await harness.join(
        harness.sandbox.user(2003, "Ali"), name="Ali", themes=(UNDERMINING,), wijken=("Voorhof",)
    )
    await harness.say(harness.sandbox.user(2004, "Bram"), f"/start {await harness.invite('Bram')}")

    everyone = (await harness.say(harness.coordinator, "/people")).plain_text()
    tanthof = (await harness.say(harness.coordinator, "/people wijk=tanthof")).plain_text()
    undermining = (
        await harness.say(harness.coordinator, "/people thema=undermining-crime")
    ).plain_text()
    invited = (await harness.say(harness.coordinator, "/people status=invited")).plain_text()

    assert all(name in everyone for name in ("Fatima", "Ali", "Bram"))
    assert "Fatima" in tanthof and "Ali" not in tanthof
    assert "Ali" in undermining and "Fatima" not in undermining
    assert UNDERMINING in undermining
    assert "Bram" in invited and "Fatima" not in invited


async def test_people_with_a_bad_filter_explains_the_syntax(harness: Harness) -> None:
    """An unknown filter or value is named back with the accepted syntax."""
    unknown_key = await harness.say(harness.coordinator, "/people kleur=blauw")
    bad_status = await harness.say(harness.coordinator, "/people status=boos")
    bad_theme = await harness.say(harness.coordinator, "/people thema=voetbal")
    bad_wijk = await harness.say(harness.coordinator, "/people wijk=Atlantis")

    assert "Onbekend filter: kleur=blauw" in unknown_key.plain_text()
    assert "status=boos" in bad_status.plain_text()
    assert "Onbekend filter: thema=voetbal" in bad_theme.plain_text()
    assert "Gebruik: /people" in bad_theme.plain_text()
    assert "Onbekend filter: wijk=Atlantis" in bad_wijk.plain_text()


async def test_a_long_member_list_comes_a_page_at_a_time_and_whole_as_a_file(
    harness: Harness,
) -> None:
    """60 people: one message with the first ones (never over 4096 characters) and buttons;
    'next' pages in place through all of them once; the file holds everyone."""
    for i in range(60):
        token = await harness.invite(f"Persoon {i:02d} " + "x" * 60)
        await harness.say(harness.sandbox.user(5000 + i, f"P{i}"), f"/start {token}")
    sanne = harness.coordinator

    first = await harness.say(sanne, "/people status=invited")
    seen = [first.plain_text()]
    while "Volgende ▶" in sanne.last().button_texts:
        await harness.press(sanne, "Volgende ▶")
        seen.append(sanne.last().plain_text())
    await harness.press(sanne, "Hele lijst als bestand")
    sent = await sanne.next_message()

    assert all(len(page) <= 4096 for page in seen) and len(seen) >= 3
    names = [line for page in seen for line in page.splitlines() if "Persoon" in line]
    assert len(names) == len(set(names)) == 60
    assert "Leden gevonden: 60" in seen[0] and " · 1–" in seen[0]
    assert sent.file_name == "personen.csv" and sent.file_bytes is not None and sent.protect_content
    rows = sent.file_bytes.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("naam,") and len(rows) == 61


async def test_a_forged_listing_button_is_refused(harness: Harness) -> None:
    """A listing button with a filter index the network does not have is stale."""
    await harness.say(harness.coordinator, "/people")

    await harness.coordinator.press_data("pl:p:0::key_person:99")
    answer = await harness.coordinator.expect_answer()

    assert answer.text == "Deze knop werkt niet meer."


async def test_key_persons_never_see_each_other(harness: Harness) -> None:
    """Nothing the bot sends a key person mentions another member."""
    fatima = harness.sandbox.user(2002, "Fatima")
    ali = harness.sandbox.user(2003, "Ali")
    await harness.join(fatima, name="Fatima Yilmaz")
    await harness.join(ali, name="Ali Bouzid", themes=(RADICALISATION, UNDERMINING))
    for command in ("/help", "/privacy", "/people", "/people wijk=Tanthof", "/invite x"):
        await harness.say(fatima, command)

    assert not any("Ali" in m.plain_text() for m in fatima.received())
    assert not any("Fatima" in m.plain_text() for m in ali.received())


async def test_privacy_shows_what_is_stored_about_me(harness: Harness) -> None:
    """/privacy shows the notice and this person's data and consent history."""
    fatima = harness.sandbox.user(2002, "Fatima")
    await harness.join(fatima, wijken=("Buitenhof",))

    reply = (await harness.say(fatima, "/privacy")).plain_text()

    assert "Privacyverklaring (versie 2026-11)" in reply
    assert "Naam: Fatima Yilmaz" in reply
    assert "Wijk(en): Buitenhof" in reply
    assert f"{RADICALISATION}: gegeven op {dmy(START)} 13:00 (versie 2026-11)" in reply


async def test_configured_coordinator_gets_their_telegram_name(harness: Harness) -> None:
    """A coordinator bootstrapped from the config is named after their Telegram name."""
    await harness.say(harness.coordinator, "/help")

    person = await harness.person(harness.coordinator.user_id)

    assert person is not None
    assert person.display_name == "Sanne"
    assert person.status is PersonStatus.ACTIVE


async def test_people_who_left_are_in_no_list_any_more(harness: Harness) -> None:
    """After /stop a person is erased: not in /people, and not under status=left either."""
    fatima = harness.sandbox.user(2002, "Fatima")
    await harness.join(fatima)
    await harness.say(fatima, "/stop")
    await harness.press(fatima, "Ja, stop")

    everyone = (await harness.say(harness.coordinator, "/people")).plain_text()
    left = (await harness.say(harness.coordinator, "/people status=left")).plain_text()

    assert "Fatima" not in everyone
    assert "Fatima" not in left


async def test_a_forwarded_invitation_is_shown_to_the_coordinator_who_can_take_it_back(
    harness: Harness,
) -> None:
    """Someone else opens Fatima's link: the coordinator sees the account's own Telegram name
    next to the name invited, and 'not this person' puts the account out, erased."""
    reply = await harness.say(harness.coordinator, "/invite Fatima Yilmaz")
    bram = harness.sandbox.user(2009, "Bram")

    await harness.say(bram, f"/start {_token(reply.plain_text())}")
    notice = await harness.coordinator.next_message()
    listed = await harness.say(harness.coordinator, "/people")
    assert "Fatima Yilmaz (Bram)" in listed.plain_text()  # the account's name beside hers
    card = await harness.say(harness.coordinator, "/whois Fatima")
    assert "Fatima Yilmaz (Telegram: Bram)" in card.plain_text()
    answer = await harness.press(harness.coordinator, "Niet deze persoon")
    after = await harness.say(bram, "/help")

    assert "<b>Fatima Yilmaz</b>" in notice.text and "<b>Bram</b>" in notice.text
    assert answer == "Ingetrokken: het account is uit het netwerk en gewist."
    assert await harness.person(2009) is None
    assert "uitgeschreven" in after.plain_text()
    async with harness.db.begin() as session:
        actions = [e.action for e in (await session.scalars(select(AuditEntry))).all()]
    assert "invite.wrong_person" in actions and "person.erase" in actions
