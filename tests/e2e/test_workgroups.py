"""End to end over HTTP: a working group from creation to clean closure — binding the Telegram
group, personal links for members and guests, join requests, the end, and guests' erasure."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.sandbox import SimulatedUser
from storage.models import AuditEntry
from storage.workgroup_models import Seat, SeatState, Workgroup, WorkgroupStatus
from tests.factories import Harness

GROUP = -1001


async def workgroup(h: Harness, number: int = 1) -> Workgroup:
    """Return a stored working group."""
    async with h.db.begin() as session:
        found = await session.get(Workgroup, number)
        assert found is not None
        return found


async def seats(h: Harness) -> list[Seat]:
    """Return every seat, oldest first."""
    async with h.db.begin() as session:
        return list((await session.execute(select(Seat).order_by(Seat.id))).scalars())


async def start_workgroup(h: Harness) -> None:
    """Take the coordinator through /workgroup: name, theme, purpose, default end."""
    sanne = h.coordinator
    await h.say(sanne, "/workgroup")
    await h.say(sanne, "Werkgroep Station")
    await sanne.press("Radicalisering en polarisatie")
    await sanne.next_message()
    await h.say(sanne, "Spanningen na het incident bij het station")
    await sanne.press("Tot ")
    await sanne.next_message()


async def bound_group(h: Harness) -> None:
    """Start a working group and let the coordinator create the group and add the bot."""
    await start_workgroup(h)
    h.coordinator.create_group(GROUP, "Werkgroep Station")
    h.coordinator.add_bot(GROUP)
    await h.sandbox.wait_until(
        lambda: any("gekoppeld" in m.plain_text() for m in h.coordinator.received())
    )


def has_link(user: SimulatedUser) -> bool:
    """Tell whether the bot's newest message to a person is their join link (the outbox sends
    it shortly after the invitation, so there may be no message yet)."""
    return bool(user.messages) and "t.me/+" in user.last().plain_text()


def link_in(user: SimulatedUser) -> str:
    """Return the personal join link the bot sent a person."""
    for message in reversed(user.received()):
        found = re.search(r"https://t\.me/\+[\w-]+", message.plain_text())
        if found:
            return found.group(0)
    msg = f"{user.first_name} got no join link"
    raise LookupError(msg)


async def invite(h: Harness, button: str, typed: str) -> str:
    """Press an invite button on the working group page and type the answer; return the reply."""
    sanne = h.coordinator
    await h.say(sanne, "/workgroup 1")
    await sanne.press(button)
    await sanne.expect_answer()
    await sanne.next_message()
    return (await h.say(sanne, typed)).plain_text()


async def confirm_guest(h: Harness, answer: str = "Ja, link sturen") -> str | None:
    """Wait for the coordinator's question about a guest's account and answer it."""
    await h.sandbox.wait_until(
        lambda: any("akkoord gegeven door" in m.plain_text() for m in h.coordinator.received())
    )
    return await h.press(h.coordinator, answer)


async def test_a_working_group_from_creation_to_clean_closure(harness: Harness) -> None:
    """Create, bind, invite a member and a guest, both join with their own links, a stranger
    with a forwarded link is declined, the end is extended, then closed: everyone out, links
    revoked, archived, and the guest's data erased later."""
    fatima = await harness.member(2001, "Fatima Yilmaz")
    guest = harness.sandbox.user(3001, "Jan")
    stranger = harness.sandbox.user(3002, "Onbekend")
    sanne = harness.coordinator

    await start_workgroup(harness)
    instructions = sanne.last().plain_text()
    sanne.create_group(GROUP, "Werkgroep Station")
    sanne.add_bot(GROUP)
    await harness.sandbox.wait_until(lambda: "gekoppeld" in sanne.last().plain_text())
    assert "beheerder" in instructions
    assert (await workgroup(harness)).status is WorkgroupStatus.ACTIVE
    assert harness.sandbox.pinned(GROUP)

    invited = await invite(harness, "➕ Leden uitnodigen", "Fatima Yilmaz")
    await harness.sandbox.wait_until(lambda: has_link(fatima))
    guest_reply = await invite(harness, "🧳 Gast", "Jan Jansen")
    token = re.search(r"start=(wg-[\w-]+)", guest_reply)
    assert "1 uitgenodigd" in invited and token is not None
    welcome = await harness.say(guest, f"/start {token.group(1)}")
    await guest.press("✅ Akkoord")
    await confirm_guest(harness)
    await harness.sandbox.wait_until(lambda: has_link(guest))
    assert "als gast" in welcome.plain_text()

    fatima.request_join(link_in(fatima))
    guest.request_join(link_in(guest))
    stranger.request_join(link_in(fatima))  # a forwarded link
    await harness.sandbox.wait_until(
        lambda: (
            harness.sandbox.member_status(GROUP, 2001) == "member"
            and harness.sandbox.member_status(GROUP, 3001) == "member"
        )
    )
    await harness.sandbox.wait_until(
        lambda: any(c.method == "declineChatJoinRequest" for c in harness.sandbox.calls)
    )
    assert harness.sandbox.member_status(GROUP, 3002) in (None, "left")
    async with harness.db.begin() as session:
        declined = (
            (
                await session.execute(
                    select(AuditEntry).where(AuditEntry.action == "workgroup.join_declined")
                )
            )
            .scalars()
            .all()
        )
        assert len(declined) == 1 and declined[0].details == {"workgroup": 1}

    keeper = harness.app.bot_data.services.workgroups
    group = await workgroup(harness)
    assert group.ends_at is not None
    harness.clock.advance(group.ends_at - timedelta(days=3) - harness.clock.now())
    await keeper.tick()
    await harness.sandbox.wait_until(lambda: "loopt af" in sanne.last().plain_text())
    await sanne.press("⏳ 2 weken verlengen")
    await sanne.expect_answer()
    extended = await workgroup(harness)
    assert extended.ends_at == group.ends_at + timedelta(weeks=2)

    harness.clock.advance(extended.ends_at - harness.clock.now() + timedelta(minutes=1))
    await keeper.tick()

    closed = await workgroup(harness)
    assert closed.status is WorkgroupStatus.CLOSED
    assert harness.sandbox.member_status(GROUP, 2001) == "left"
    assert harness.sandbox.member_status(GROUP, 3001) == "left"
    assert harness.sandbox.member_status(GROUP, sanne.user_id) == "creator"
    assert all(link.is_revoked for link in harness.sandbox.invite_links(GROUP))
    with pytest.raises(LookupError):
        fatima.request_join(link_in(fatima))  # a link after the end is useless
    assert any("gesloten" in m.plain_text() for m in sanne.received())

    harness.clock.advance(timedelta(days=31))
    await keeper.tick()
    guest_seat = next(s for s in await seats(harness) if s.person_id is None)
    assert guest_seat.erased_at is not None
    assert (guest_seat.guest_name, guest_seat.guest_user_id) == (None, None)


async def test_only_a_coordinator_with_a_waiting_working_group_can_add_the_bot(
    harness: Harness,
) -> None:
    """Anyone else adding the bot gets one sentence, and the bot leaves."""
    piet = await harness.member(2002, "Piet")
    piet.create_group(-1002, "Gezellig")

    piet.add_bot(-1002)

    await harness.sandbox.wait_until(lambda: harness.sandbox.bot_status(-1002) == "left")
    said = harness.sandbox.world.bot_messages(-1002)
    assert len(said) == 1 and "verlaat deze groep" in said[0].plain_text()
    assert await harness.count(Workgroup) == 0


async def test_missing_rights_are_named_and_binding_completes_once_granted(
    harness: Harness,
) -> None:
    """Added as a plain member: the coordinator hears which rights are missing; promoted, the
    group is bound and the purpose pinned."""
    await start_workgroup(harness)
    sanne = harness.coordinator
    sanne.create_group(GROUP, "Werkgroep Station")

    sanne.add_bot(GROUP, admin=False)
    await harness.sandbox.wait_until(lambda: "mist rechten" in sanne.last().plain_text())
    assert "leden verwijderen" in sanne.last().plain_text()
    sanne.set_bot_rights(
        GROUP,
        {
            "can_invite_users": True,
            "can_restrict_members": True,
            "can_delete_messages": True,
            "can_pin_messages": True,
        },
    )
    await harness.sandbox.wait_until(lambda: "gekoppeld" in sanne.last().plain_text())

    assert harness.sandbox.pinned(GROUP)


async def test_workgroup_in_a_group_chat_points_to_the_private_chat(harness: Harness) -> None:
    """/workgroup typed in a group is answered there with where to do it."""
    await bound_group(harness)

    await harness.coordinator.send("/workgroup", chat_id=GROUP)

    await harness.sandbox.wait_until(
        lambda: any(
            "privégesprek" in m.plain_text() for m in harness.sandbox.world.bot_messages(GROUP)
        )
    )


async def test_a_member_who_stops_is_removed_from_the_group(harness: Harness) -> None:
    """Leaving the network means leaving its working groups."""
    fatima = await harness.member(2001, "Fatima Yilmaz")
    await bound_group(harness)
    await invite(harness, "➕ Leden uitnodigen", "Fatima Yilmaz")
    await harness.sandbox.wait_until(lambda: has_link(fatima))
    fatima.request_join(link_in(fatima))
    await harness.sandbox.wait_until(lambda: harness.sandbox.member_status(GROUP, 2001) == "member")

    await harness.say(fatima, "/stop")
    await fatima.press("Ja, stop")
    await fatima.next_message()
    await harness.app.bot_data.services.workgroups.tick()

    await harness.drained()

    assert harness.sandbox.member_status(GROUP, 2001) == "left"
    [seat] = await seats(harness)
    assert seat.state is SeatState.GONE
    # Their seat, kept only until they were out, is no guest for the coordinator to confirm.
    assert not any("akkoord gegeven door" in m.plain_text() for m in harness.coordinator.received())


async def test_a_group_upgraded_to_a_supergroup_keeps_working(harness: Harness) -> None:
    """After Telegram moves the group to a new id, invitations still work and the new id is kept."""
    fatima = await harness.member(2001, "Fatima Yilmaz")
    await start_workgroup(harness)
    sanne = harness.coordinator
    sanne.create_group(GROUP, "Werkgroep Station", supergroup=False)
    sanne.add_bot(GROUP)
    await harness.sandbox.wait_until(lambda: "gekoppeld" in sanne.last().plain_text())
    new_id = harness.sandbox.migrate_group(GROUP)

    await invite(harness, "➕ Leden uitnodigen", "Fatima Yilmaz")
    await harness.sandbox.wait_until(lambda: has_link(fatima))

    assert (await workgroup(harness)).chat_id == new_id
    fatima.request_join(link_in(fatima))
    await harness.sandbox.wait_until(
        lambda: harness.sandbox.member_status(new_id, 2001) == "member"
    )


async def test_a_guest_gets_no_coordinator_powers_and_a_clear_answer(harness: Harness) -> None:
    """A guest typing /invite or /workgroup in private is told what a guest can do; nothing
    happens."""
    await bound_group(harness)
    reply = await invite(harness, "🧳 Gast", "Jan Jansen")
    token = re.search(r"start=(wg-[\w-]+)", reply)
    assert token is not None
    guest = harness.sandbox.user(3001, "Jan")
    await harness.say(guest, f"/start {token.group(1)}")

    answers = [
        (await harness.say(guest, command)).plain_text() for command in ("/invite X", "/workgroup")
    ]

    assert all("gast in een werkgroep" in answer for answer in answers)
    assert await harness.count(Workgroup) == 1


async def test_the_same_telegram_group_cannot_be_bound_twice(harness: Harness) -> None:
    """Re-adding the bot to a group that already has a working group keeps that binding and
    says so; the new working group keeps waiting for a group of its own."""
    await bound_group(harness)
    await start_workgroup(harness)
    sanne = harness.coordinator
    sanne.remove_bot(GROUP)

    sanne.add_bot(GROUP)

    await harness.sandbox.wait_until(lambda: "al gekoppeld" in sanne.last().plain_text())
    assert (await workgroup(harness, 1)).chat_id == GROUP
    assert (await workgroup(harness, 2)).status is WorkgroupStatus.WAITING


async def test_after_an_upgrade_join_requests_find_their_group(harness: Harness) -> None:
    """Telegram's upgrade notice moves the binding at once: a link sent before still works."""
    fatima = await harness.member(2001, "Fatima Yilmaz")
    await start_workgroup(harness)
    sanne = harness.coordinator
    sanne.create_group(GROUP, "Werkgroep Station", supergroup=False)
    sanne.add_bot(GROUP)
    await harness.sandbox.wait_until(lambda: "gekoppeld" in sanne.last().plain_text())
    await invite(harness, "➕ Leden uitnodigen", "Fatima Yilmaz")
    await harness.sandbox.wait_until(lambda: has_link(fatima))

    new_id = harness.sandbox.migrate_group(GROUP)
    await harness.sandbox.wait_until(lambda: harness.sandbox.bot_status(new_id) != "left")
    fatima.request_join(link_in(fatima))

    await harness.sandbox.wait_until(
        lambda: harness.sandbox.member_status(new_id, 2001) == "member"
    )
    assert (await workgroup(harness)).chat_id == new_id


async def test_extend_pressed_twice_extends_once(harness: Harness) -> None:
    """A double tap on the end reminder's 'extend' adds the period once."""
    await bound_group(harness)
    group = await workgroup(harness)
    assert group.ends_at is not None
    harness.clock.advance(group.ends_at - timedelta(days=2) - harness.clock.now())
    await harness.app.bot_data.services.workgroups.tick()
    await harness.sandbox.wait_until(lambda: "loopt af" in harness.coordinator.last().plain_text())
    reminder = harness.coordinator.last()
    extend = reminder.buttons[0][0].callback_data or ""

    for _ in range(2):  # the second press finds the keyboard gone: a stale button
        await harness.coordinator.press_data(extend, message_id=reminder.message_id)
        await harness.coordinator.expect_answer()

    assert (await workgroup(harness)).ends_at == group.ends_at + timedelta(weeks=2)


async def test_a_guest_can_stop_and_is_erased_and_removed(harness: Harness) -> None:
    """/stop from a guest takes them out of the group and erases what was kept."""
    await bound_group(harness)
    reply = await invite(harness, "🧳 Gast", "Jan Jansen")
    token = re.search(r"start=(wg-[\w-]+)", reply)
    assert token is not None
    guest = harness.sandbox.user(3001, "Jan")
    await harness.say(guest, f"/start {token.group(1)}")
    await guest.press("✅ Akkoord")
    await confirm_guest(harness)
    await harness.sandbox.wait_until(lambda: has_link(guest))
    guest.request_join(link_in(guest))
    await harness.sandbox.wait_until(lambda: harness.sandbox.member_status(GROUP, 3001) == "member")

    privacy = await harness.say(guest, "/privacy")
    stopped = await harness.say(guest, "/stop")

    assert "Jan Jansen" in privacy.plain_text()
    assert "gewist" in stopped.plain_text()
    assert harness.sandbox.member_status(GROUP, 3001) == "left"
    [seat] = await seats(harness)
    assert (seat.guest_name, seat.guest_user_id, seat.state) == (None, None, SeatState.GONE)


async def test_the_bot_stays_silent_for_group_talk_and_other_bots_commands(
    harness: Harness,
) -> None:
    """Ordinary messages and '/members@OtherBot' in a group get no answer from this bot, and
    a coordinator's /members is answered in private: the names are not for the group."""
    await bound_group(harness)
    await harness.sandbox.wait_until(
        lambda: any("📌" in m.plain_text() for m in harness.sandbox.world.bot_messages(GROUP))
    )
    before = len(harness.sandbox.world.bot_messages(GROUP))
    fatima = await harness.member(2001, "Fatima Yilmaz")
    await invite(harness, "➕ Leden uitnodigen", "Fatima Yilmaz")
    await harness.sandbox.wait_until(lambda: has_link(fatima))
    fatima.request_join(link_in(fatima))
    await harness.sandbox.wait_until(lambda: harness.sandbox.member_status(GROUP, 2001) == "member")
    before = len(harness.sandbox.world.bot_messages(GROUP))

    await harness.coordinator.send("Goedemorgen allemaal", chat_id=GROUP)
    await harness.coordinator.send("/members@AndereBot", chat_id=GROUP)
    await harness.coordinator.send("/members", chat_id=GROUP)
    await fatima.send("/members", chat_id=GROUP)
    await fatima.send("/workgroup", chat_id=GROUP)

    listed = await harness.coordinator.next_message()
    assert "In de groep <b>Werkgroep Station</b>" in listed.text
    await harness.say(harness.coordinator, "/help")  # updates are handled in order
    assert len(harness.sandbox.world.bot_messages(GROUP)) == before


async def test_a_group_that_already_has_other_members_is_not_bound(harness: Harness) -> None:
    """Adding the bot to a group with people already in it: the coordinator hears why and
    what to do, the bot leaves, and the working group still waits for a group of its own."""
    await start_workgroup(harness)
    mo = harness.sandbox.user(4005, "Mo")
    harness.coordinator.create_group(GROUP, "Werkgroep Station", members=[mo])

    harness.coordinator.add_bot(GROUP)

    told = await harness.coordinator.next_message()
    assert "al 1 andere leden" in told.plain_text() and "nieuwe groep" in told.plain_text()
    await harness.sandbox.wait_until(
        lambda: harness.sandbox.member_status(GROUP, harness.sandbox.bot_id) in ("left", "kicked")
    )
    group = await workgroup(harness)
    assert group.chat_id is None


async def test_a_forwarded_guest_link_gets_no_group_link_until_the_coordinator_confirms(
    harness: Harness,
) -> None:
    """Someone else opens the guest's link and agrees: the coordinator sees the account's own
    name next to the guest's, 'not this person' sends no link and erases what was kept."""
    await bound_group(harness)
    guest_reply = await invite(harness, "🧳 Gast", "Jan Jansen")
    token = re.search(r"start=(wg-[\w-]+)", guest_reply)
    assert token is not None
    other = harness.sandbox.user(3009, "Piet")
    await harness.say(other, f"/start {token.group(1)}")

    await other.press("✅ Akkoord")
    waiting = await other.next_message()
    answer = await confirm_guest(harness, "Niet deze persoon")
    await harness.app.bot_data.services.workgroups.tick()

    asked = next(m for m in harness.coordinator.received() if "akkoord gegeven" in m.plain_text())
    assert "<b>Jan Jansen</b>" in asked.text and "<b>Piet</b>" in asked.text
    assert "bevestigt nog even" in waiting.plain_text()
    assert answer == "Geweigerd: er gaat geen link, wat bewaard was is gewist."
    assert not has_link(other)
    guest_seat = next(s for s in await seats(harness) if s.person_id is None)
    assert guest_seat.state is SeatState.GONE and guest_seat.guest_user_id is None
    assert guest_seat.guest_account is None and guest_seat.guest_name is None


async def test_a_name_longer_than_its_column_is_refused_and_can_be_typed_again(
    harness: Harness,
) -> None:
    """A 200-character working group name (the column holds 128): a clear answer, nothing
    stored, and the next, shorter name is taken (on PostgreSQL it used to fail in the store)."""
    sanne = harness.coordinator
    await harness.say(sanne, "/workgroup")

    refused = await harness.say(sanne, "W" * 200)
    taken = await harness.say(sanne, "Werkgroep Station")

    assert refused.plain_text() == "Je bericht is te lang (200 tekens, maximaal 128)."
    assert "Radicalisering" in " ".join(taken.button_texts)
    assert (await workgroup(harness)).name == "Werkgroep Station"


async def test_the_question_about_a_guests_account_survives_a_failed_send(
    harness: Harness,
) -> None:
    """Telegram fails the first try of the coordinator's question: it is asked again later, so
    the guest is not left waiting for ever."""
    await bound_group(harness)
    guest_reply = await invite(harness, "🧳 Gast", "Jan Jansen")
    token = re.search(r"start=(wg-[\w-]+)", guest_reply)
    assert token is not None
    jan = harness.sandbox.user(3001, "Jan")
    await harness.say(jan, f"/start {token.group(1)}")
    harness.sandbox.fail_next(
        "sendMessage",
        error_code=502,
        description="Bad Gateway",
        chat_id=harness.coordinator.chat_id,
    )

    await jan.press("✅ Akkoord")
    await harness.sandbox.wait_until(
        lambda: any(c.method == "sendMessage" and c.status == 502 for c in harness.sandbox.calls)
    )
    await harness.drained()  # the failed try is recorded: due again 30 s later
    harness.clock.advance(timedelta(minutes=1))
    await harness.app.bot_data.services.workgroups.tick()
    await confirm_guest(harness)

    await harness.sandbox.wait_until(lambda: has_link(jan))
