"""End to end over HTTP: nobody stays in a working group without a seat. Someone added straight
into the group is removed at once and the coordinator decides: let them in as a guest, or keep
them out; closing removes whoever the bot saw come in and names whom it could not."""

from __future__ import annotations

import re

from sqlalchemy import select

from storage.models import AuditEntry
from storage.workgroup_models import SeatState
from tests.e2e.test_workgroups import GROUP, bound_group, has_link, invite, link_in, seats
from tests.factories import Harness

REPORTED = "zonder uitnodiging"
ALL_RIGHTS = {
    "can_invite_users": True,
    "can_restrict_members": True,
    "can_delete_messages": True,
    "can_pin_messages": True,
}


async def with_member(h: Harness) -> None:
    """Bind the group and let Fatima join it with her own link."""
    fatima = await h.member(2001, "Fatima Yilmaz")
    await bound_group(h)
    await invite(h, "➕ Leden uitnodigen", "Fatima Yilmaz")
    await h.sandbox.wait_until(lambda: has_link(fatima))
    fatima.request_join(link_in(fatima))
    await h.sandbox.wait_until(lambda: h.sandbox.member_status(GROUP, 2001) == "member")


async def reported(h: Harness) -> str:
    """Wait for the coordinator's report of someone uninvited; return its text."""
    await h.sandbox.wait_until(
        lambda: any(REPORTED in m.plain_text() for m in h.coordinator.received())
    )
    return next(m for m in h.coordinator.received() if REPORTED in m.plain_text()).plain_text()


async def test_someone_added_without_a_seat_is_removed_at_once_and_the_coordinator_told(
    harness: Harness,
) -> None:
    """A member adds a stranger straight into the group (no link, no request): the bot
    removes them at once and tells the coordinator who it was; the member stays."""
    await with_member(harness)
    stranger = harness.sandbox.user(4004, "Indringer", username="indr")
    fatima = harness.sandbox.user(2001, "Fatima Yilmaz")

    fatima.add_member(GROUP, stranger)

    told = await reported(harness)
    assert "Indringer (@indr)" in told and "meteen verwijderd" in told
    assert harness.sandbox.member_status(GROUP, 4004) == "left"
    assert harness.sandbox.member_status(GROUP, 2001) == "member"
    async with harness.db.begin() as session:
        audited = (
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "workgroup.intruder")
            )
        ).all()
    assert [a.details for a in audited] == [{"workgroup": 1}]


async def test_let_in_as_a_guest_gives_a_link_only_their_account_can_use(
    harness: Harness,
) -> None:
    """'Let in as a guest': the coordinator gets a link to forward; someone else who opens it
    is refused; the person themself agrees and gets their own group link without being asked
    about again, and joins."""
    await with_member(harness)
    stranger = harness.sandbox.user(4004, "Mo")
    harness.sandbox.user(2001, "Fatima Yilmaz").add_member(GROUP, stranger)
    await reported(harness)

    await harness.coordinator.press("Toelaten als gast")
    forwarded = await harness.coordinator.next_message()
    token = re.search(r"start=(wg-[\w-]+)", forwarded.plain_text())
    assert token is not None and "Alleen dat Telegram-account" in forwarded.plain_text()
    other = harness.sandbox.user(4005, "Piet")
    refused = await harness.say(other, f"/start {token.group(1)}")
    welcome = await harness.say(stranger, f"/start {token.group(1)}")
    await stranger.press("✅ Akkoord")
    await harness.sandbox.wait_until(lambda: has_link(stranger))
    stranger.request_join(link_in(stranger))
    await harness.sandbox.wait_until(lambda: harness.sandbox.member_status(GROUP, 4004) == "member")

    assert "al gebruikt" in refused.plain_text()
    assert "als gast" in welcome.plain_text()
    assert not any("akkoord gegeven door" in m.plain_text() for m in harness.coordinator.received())
    seat = next(s for s in await seats(harness) if s.guest_user_id == 4004)
    assert seat.guest_name == "Mo" and seat.consented_at is not None


async def test_keep_out_erases_what_was_kept_of_them(harness: Harness) -> None:
    """'Keep out': the account's id and name are erased; a later press of the other button on
    the same message is stale."""
    await with_member(harness)
    harness.sandbox.user(2001, "Fatima Yilmaz").add_member(GROUP, harness.sandbox.user(4004, "Mo"))
    await reported(harness)
    report = next(m for m in harness.coordinator.received() if REPORTED in m.plain_text())

    await harness.press(harness.coordinator, "Buiten houden")
    said = (await harness.coordinator.next_message()).plain_text()

    assert "gewist" in said
    seat = next(s for s in await seats(harness) if s.uninvited_at is not None)
    assert (seat.guest_user_id, seat.guest_account) == (None, None)
    assert seat.erased_at is not None and seat.state is SeatState.GONE
    await harness.coordinator.press_data(
        f"wx:g:{seat.id}", message_id=report.message_id, chat_id=harness.coordinator.chat_id
    )
    stale = await harness.coordinator.expect_answer()
    assert stale.text and "niet meer" in stale.text.lower()


async def test_without_the_right_to_ban_the_coordinator_hears_and_closing_names_them(
    harness: Harness,
) -> None:
    """The bot may not ban: the coordinator hears the stranger is still in; closing tries
    again and names them in its report when it still cannot."""
    await with_member(harness)
    harness.coordinator.set_bot_rights(GROUP, {**ALL_RIGHTS, "can_restrict_members": False})
    harness.sandbox.user(2001, "Fatima Yilmaz").add_member(GROUP, harness.sandbox.user(4004, "Mo"))

    told = await reported(harness)
    assert "nog niet verwijderen" in told
    assert harness.sandbox.member_status(GROUP, 4004) == "member"

    closed = await harness.app.bot_data.services.workgroups.close_now(1)

    assert closed.failed == ["Fatima Yilmaz", "Mo"]
    assert harness.sandbox.member_status(GROUP, 4004) == "member"


async def test_once_the_right_to_ban_is_given_the_stranger_is_removed(harness: Harness) -> None:
    """Whoever could not be removed is removed by the next round once the bot may ban."""
    await with_member(harness)
    harness.coordinator.set_bot_rights(GROUP, {**ALL_RIGHTS, "can_restrict_members": False})
    harness.sandbox.user(2001, "Fatima Yilmaz").add_member(GROUP, harness.sandbox.user(4004, "Mo"))
    await reported(harness)

    harness.coordinator.set_bot_rights(GROUP, ALL_RIGHTS)
    await harness.app.bot_data.services.workgroups.tick()

    assert harness.sandbox.member_status(GROUP, 4004) == "left"
    seat = next(s for s in await seats(harness) if s.uninvited_at is not None)
    assert seat.state is SeatState.GONE


async def test_closing_counts_members_the_bot_never_saw_come_in(harness: Harness) -> None:
    """Someone added while the bot was no administrator (Telegram then sends the bot nothing):
    closing cannot name them, but says how many are still there for the coordinator to
    remove."""
    await with_member(harness)
    harness.coordinator.demote_bot(GROUP)
    harness.sandbox.user(2001, "Fatima Yilmaz").add_member(GROUP, harness.sandbox.user(4004, "Mo"))
    harness.coordinator.set_bot_rights(GROUP, ALL_RIGHTS)
    await harness.sandbox.wait_until(lambda: "gekoppeld" in harness.coordinator.last().plain_text())

    await harness.say(harness.coordinator, "/workgroup 1")
    await harness.coordinator.press("Nu sluiten")
    report = await harness.coordinator.next_message()

    assert report.plain_text() == (
        "Werkgroep #1 is gesloten; 1 persoon uit de groep gehaald. Niet gelukt bij: 1 lid dat "
        "de bot niet zag binnenkomen (toegevoegd toen de bot geen beheerder was). Haal hen "
        "zelf uit de groep."
    )
    assert harness.sandbox.member_status(GROUP, 2001) == "left"
    assert not any(REPORTED in m.plain_text() for m in harness.coordinator.received())
    assert sum("gesloten" in m.plain_text() for m in harness.coordinator.received()) == 1


async def test_coming_back_is_removed_again_without_telling_the_coordinator_twice(
    harness: Harness,
) -> None:
    """Added again after removal: removed again, one report."""
    await with_member(harness)
    fatima, mo = harness.sandbox.user(2001, "Fatima Yilmaz"), harness.sandbox.user(4004, "Mo")
    fatima.add_member(GROUP, mo)
    await reported(harness)
    await harness.sandbox.wait_until(lambda: harness.sandbox.member_status(GROUP, 4004) == "left")

    fatima.add_member(GROUP, mo)
    await harness.sandbox.wait_until(lambda: harness.sandbox.member_status(GROUP, 4004) == "left")
    await harness.app.bot_data.services.workgroups.tick()

    assert sum(REPORTED in m.plain_text() for m in harness.coordinator.received()) == 1
    assert len([s for s in await seats(harness) if s.uninvited_at is not None]) == 1


async def test_someone_uninvited_who_says_stop_is_still_removed(harness: Harness) -> None:
    """/stop erases what is kept of a guest, but someone still to be removed is removed first:
    saying /stop to the bot is no way to stay in the group."""
    await with_member(harness)
    harness.coordinator.set_bot_rights(GROUP, {**ALL_RIGHTS, "can_restrict_members": False})
    mo = harness.sandbox.user(4004, "Mo")
    harness.sandbox.user(2001, "Fatima Yilmaz").add_member(GROUP, mo)
    await reported(harness)

    await harness.say(mo, "/stop")
    harness.coordinator.set_bot_rights(GROUP, ALL_RIGHTS)
    await harness.app.bot_data.services.workgroups.tick()

    assert harness.sandbox.member_status(GROUP, 4004) == "left"
    seat = next(s for s in await seats(harness) if s.uninvited_at is not None)
    assert seat.erased_at is not None and seat.guest_user_id is None
