"""Specification of the sandbox's groups: people, the bot's rights, invite links, bans, moves."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, ChatMigrated, Forbidden
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from bot.sandbox import Sandbox, SimulatedUser

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
Json = dict[str, Any]
GROUP = -1001234567890
BASIC = -4242
TITLE = "Werkgroep Groen"
LINK_RE = re.compile(r"https://t\.me/\+[A-Za-z0-9_-]{16}")


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """A running sandbox with default limits."""
    async with Sandbox() as running:
        yield running


@pytest.fixture
async def bot(sandbox: Sandbox) -> AsyncIterator[Bot]:
    """A PTB Bot pointed at the sandbox."""
    async with Bot(sandbox.token, base_url=sandbox.base_url) as client:
        yield client


@pytest.fixture
async def raw(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for polling updates as they are on the wire."""
    async with httpx.AsyncClient(base_url=f"{sandbox.base_url}{sandbox.token}/") as client:
        yield client


@pytest.fixture
def anna(sandbox: Sandbox) -> SimulatedUser:
    """The person who creates the working group."""
    return sandbox.user(1001, "Anna")


@pytest.fixture
def bram(sandbox: Sandbox) -> SimulatedUser:
    """A member of the working group."""
    return sandbox.user(1002, "Bram")


@pytest.fixture
def cor(sandbox: Sandbox) -> SimulatedUser:
    """A person outside the group who may join later."""
    return sandbox.user(1003, "Cor")


@pytest.fixture
async def werkgroep(anna: SimulatedUser, bram: SimulatedUser, raw: httpx.AsyncClient) -> int:
    """A supergroup Anna created with Bram, the bot added as administrator, updates drained."""
    chat_id = anna.create_group(GROUP, TITLE, members=[bram])
    anna.add_bot(chat_id)
    await _take(raw, allowed_updates=[])
    return chat_id


async def _take(raw: httpx.AsyncClient, **params: Any) -> list[Json]:
    """Return the pending updates (getUpdates with ``params``) and confirm them."""
    updates: list[Json] = (await raw.post("getUpdates", json=params)).json()["result"]
    if updates:
        await raw.post("getUpdates", json={"offset": updates[-1]["update_id"] + 1})
    return updates


def _kinds(updates: list[Json]) -> list[str]:
    return [next(key for key in update if key != "update_id") for update in updates]


def _only(updates: list[Json], kind: str) -> Json:
    found = [update for update in updates if kind in update]
    assert len(found) == 1, _kinds(updates)
    return found[0]


# --- the group's life: people and the bot ---------------------------------------------------


async def test_a_person_creates_a_group_the_bot_is_not_in(
    sandbox: Sandbox, anna: SimulatedUser, bram: SimulatedUser, raw: httpx.AsyncClient
) -> None:
    """A new group has its creator and members; the bot is left and hears nothing said there."""
    chat_id = anna.create_group(GROUP, TITLE, members=[bram])
    await bram.send("hallo allemaal", chat_id=chat_id)

    assert sandbox.members(chat_id) == {anna.user_id: "creator", bram.user_id: "member"}
    assert sandbox.bot_status(chat_id) == "left"
    assert sandbox.member_status(chat_id, sandbox.bot_id) == "left"
    assert sandbox.member_status(chat_id, 9999) is None
    assert await _take(raw) == []


async def test_adding_the_bot_sends_my_chat_member_that_ptb_parses(
    sandbox: Sandbox, anna: SimulatedUser, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """add_bot enqueues my_chat_member (left → administrator with the default rights)."""
    chat_id = anna.create_group(GROUP, TITLE)
    anna.add_bot(chat_id)
    updates = await _take(raw)

    assert _kinds(updates) == ["my_chat_member", "message"]
    update = Update.de_json(_only(updates, "my_chat_member"), bot)
    change = update.my_chat_member
    assert change is not None
    assert (change.chat.id, change.chat.type, change.from_user.id) == (
        chat_id,
        "supergroup",
        anna.user_id,
    )
    assert change.old_chat_member.status == "left"
    new = change.new_chat_member
    assert isinstance(new, ChatMemberAdministrator)
    assert new.user.id == sandbox.bot_id
    assert (new.can_invite_users, new.can_restrict_members) == (True, True)
    assert (new.can_delete_messages, new.can_pin_messages) == (True, True)
    assert (new.can_promote_members, new.can_change_info, new.can_manage_topics) == (
        False,
        False,
        False,
    )
    joined = Update.de_json(_only(updates, "message"), bot).message
    assert joined is not None and [u.id for u in joined.new_chat_members] == [sandbox.bot_id]


async def test_changing_the_bots_place_sends_my_chat_member_each_time(
    sandbox: Sandbox, anna: SimulatedUser, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """Member → administrator with other rights → member → kicked, one update per step."""
    chat_id = anna.create_group(GROUP, TITLE)
    anna.add_bot(chat_id, admin=False)
    anna.set_bot_rights(chat_id, {"can_pin_messages": True})
    rights = sandbox.bot_rights(chat_id)
    anna.demote_bot(chat_id)
    anna.remove_bot(chat_id)

    changes = [
        Update.de_json(update, bot).my_chat_member
        for update in await _take(raw)
        if "my_chat_member" in update
    ]
    steps = [(c.old_chat_member.status, c.new_chat_member.status) for c in changes if c]
    assert steps == [
        ("left", "member"),
        ("member", "administrator"),
        ("administrator", "member"),
        ("member", "kicked"),
    ]
    assert [right for right, on in rights.items() if on] == ["can_manage_chat", "can_pin_messages"]
    assert sandbox.bot_status(chat_id) == "kicked"


@pytest.mark.parametrize(("supergroup", "kind"), [(False, "group"), (True, "supergroup")])
async def test_a_removed_bot_cannot_send_to_the_group(
    sandbox: Sandbox, anna: SimulatedUser, bot: Bot, supergroup: bool, kind: str
) -> None:
    """After remove_bot, sends answer 403 'bot was kicked from the group chat'."""
    chat_id = anna.create_group(BASIC, TITLE, supergroup=supergroup)
    anna.add_bot(chat_id)
    anna.remove_bot(chat_id)

    with pytest.raises(Forbidden, match=f"bot was kicked from the {kind} chat"):
        await bot.send_message(chat_id, "hallo?")


async def test_only_administrators_manage_the_bot(anna: SimulatedUser, bram: SimulatedUser) -> None:
    """A plain member may add the bot as member, not as administrator; unknown rights fail."""
    chat_id = anna.create_group(GROUP, TITLE, members=[bram])

    with pytest.raises(PermissionError):
        bram.add_bot(chat_id)
    with pytest.raises(ValueError, match="can_fly"):
        anna.add_bot(chat_id, rights={"can_fly": True})
    bram.add_bot(chat_id, admin=False)
    with pytest.raises(PermissionError):
        bram.remove_bot(chat_id)
    with pytest.raises(LookupError):
        anna.add_bot(chat_id)


async def test_the_bot_leaving_is_a_my_chat_member_update(
    sandbox: Sandbox, werkgroep: int, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """leaveChat makes the bot left, reported to it; then sends answer 403 not a member."""
    assert await bot.leave_chat(werkgroep)

    (update,) = await _take(raw)
    change = Update.de_json(update, bot).my_chat_member
    assert change is not None and change.new_chat_member.status == "left"
    assert sandbox.bot_status(werkgroep) == "left"
    with pytest.raises(Forbidden, match="bot is not a member of the supergroup chat"):
        await bot.send_message(werkgroep, "nog iemand?")


# --- messages and commands in groups --------------------------------------------------------


async def _members(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_user is not None
    count = await context.bot.get_chat_member_count(update.effective_message.chat_id)
    await update.effective_message.reply_text(f"{update.effective_user.first_name}: {count}")


@pytest.fixture
async def app(sandbox: Sandbox) -> AsyncIterator[AnyApplication]:
    """A polling PTB Application answering /members with the sender and the member count."""
    application = ApplicationBuilder().token(sandbox.token).base_url(sandbox.base_url).build()
    application.add_handler(CommandHandler("members", _members))
    async with application:
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0)
        await application.start()
        yield application
        await application.updater.stop()
        await application.stop()


async def test_group_commands_reach_ptb_with_group_and_sender(
    sandbox: Sandbox, werkgroep: int, bram: SimulatedUser, app: AnyApplication
) -> None:
    """'/members' and '/members@<bot>' in a group are commands from the person in that group."""
    await bram.send("/members", chat_id=werkgroep)
    await bram.send(f"/members@{sandbox.bot_username}", chat_id=werkgroep)
    await sandbox.wait_until(lambda: len(sandbox.sent_to(werkgroep)) == 2)

    assert [m.text for m in sandbox.sent_to(werkgroep)] == ["Bram: 3", "Bram: 3"]
    assert bram.messages == []


async def test_only_members_write_in_a_group_and_it_starts_no_private_chat(
    sandbox: Sandbox, werkgroep: int, anna: SimulatedUser, cor: SimulatedUser, bot: Bot
) -> None:
    """Outsiders cannot post in a group; writing there does not let the bot message privately."""
    quiet = sandbox.user(1010, "Stil", started=False)
    with pytest.raises(LookupError, match="not a member"):
        await cor.send("mag ik erin?", chat_id=werkgroep)
    quiet_group = anna.create_group(-100777, "Stille groep", members=[quiet])
    await quiet.send("hoi", chat_id=quiet_group)

    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(quiet.chat_id, "hallo")


async def test_a_press_in_a_group_reaches_the_bot_from_that_group(
    sandbox: Sandbox, werkgroep: int, bram: SimulatedUser, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """Pressing a button under the bot's group message sends a callback query from the group."""
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ik kom", callback_data="rsvp")]])
    await bot.send_message(werkgroep, "Vergadering?", reply_markup=keyboard)
    await bram.press("Ik kom", message=sandbox.sent_to(werkgroep)[-1])

    (update,) = await _take(raw)
    query = Update.de_json(update, bot).callback_query
    assert query is not None and query.message is not None
    assert (query.message.chat.id, query.from_user.id, query.data) == (
        werkgroep,
        bram.user_id,
        "rsvp",
    )


async def test_deleting_others_messages_in_a_group_needs_can_delete_messages(
    anna: SimulatedUser, bram: SimulatedUser, werkgroep: int, bot: Bot
) -> None:
    """The bot deletes its own group messages freely, other people's only with the right."""
    said = await bram.send("koop nu!", chat_id=werkgroep)
    own = await bot.send_message(werkgroep, "Agenda")
    anna.set_bot_rights(werkgroep, {"can_invite_users": True})

    with pytest.raises(BadRequest, match=r"(?i)message can't be deleted for everyone"):
        await bot.delete_message(werkgroep, said)
    assert await bot.delete_message(werkgroep, own.message_id)
    anna.set_bot_rights(werkgroep, {"can_delete_messages": True})
    assert await bot.delete_message(werkgroep, said)


# --- invite links ---------------------------------------------------------------------------


async def test_create_chat_invite_link_returns_a_named_t_me_link(
    sandbox: Sandbox, werkgroep: int, bot: Bot
) -> None:
    """The link is https://t.me/+<16 chars>, made by the bot, with the name, expiry and limit."""
    expires = int(time.time()) + 3600
    link = await bot.create_chat_invite_link(
        werkgroep, name="Nieuwe leden", expire_date=expires, member_limit=5
    )

    assert LINK_RE.fullmatch(link.invite_link)
    assert link.creator.id == sandbox.bot_id
    assert (link.name, link.member_limit, link.creates_join_request) == ("Nieuwe leden", 5, False)
    assert link.expire_date is not None and int(link.expire_date.timestamp()) == expires
    assert (link.is_primary, link.is_revoked) == (False, False)
    (stored,) = sandbox.invite_links(werkgroep)
    assert (stored.invite_link, stored.name, stored.is_revoked) == (
        link.invite_link,
        "Nieuwe leden",
        False,
    )


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"name": "x" * 33}, "name is too long"),
        ({"member_limit": 0}, "usage_limit_invalid"),
        ({"member_limit": 100_000}, "usage_limit_invalid"),
        ({"expire_date": 1_000_000}, "expire_date_invalid"),
        (
            {"member_limit": 5, "creates_join_request": True},
            "member limit can't be specified for links requiring administrator approval",
        ),
    ],
)
async def test_invalid_invite_link_arguments_are_bad_requests(
    werkgroep: int, bot: Bot, arguments: dict[str, Any], error: str
) -> None:
    """Names over 32 characters, limits outside 1–99999, past dates and limit+approval fail."""
    with pytest.raises(BadRequest, match=f"(?i){re.escape(error)}"):
        await bot.create_chat_invite_link(werkgroep, **arguments)


async def test_invite_links_need_an_administrator_who_may_invite(
    sandbox: Sandbox, anna: SimulatedUser, werkgroep: int, bot: Bot
) -> None:
    """Without can_invite_users: 400 not enough rights; unknown chat: 400 chat not found."""
    anna.set_bot_rights(werkgroep, {"can_pin_messages": True})
    with pytest.raises(BadRequest, match=r"(?i)not enough rights to manage chat invite link"):
        await bot.create_chat_invite_link(werkgroep)
    anna.demote_bot(werkgroep)
    with pytest.raises(BadRequest, match=r"(?i)not enough rights to manage chat invite link"):
        await bot.create_chat_invite_link(werkgroep)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.create_chat_invite_link(-100999)
    assert sandbox.invite_links(werkgroep) == []


async def test_a_plain_link_lets_a_person_join_directly(
    sandbox: Sandbox, werkgroep: int, cor: SimulatedUser, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """Opening a link without approval makes the person a member at once, reported to the bot."""
    link = await bot.create_chat_invite_link(werkgroep, name="Nieuwe leden")
    cor.request_join(link.invite_link)

    assert sandbox.member_status(werkgroep, cor.user_id) == "member"
    updates = await _take(raw, allowed_updates=["message", "chat_member"])
    change = Update.de_json(_only(updates, "chat_member"), bot).chat_member
    assert change is not None and change.invite_link is not None
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("left", "member")
    assert change.invite_link.invite_link == link.invite_link
    message = Update.de_json(_only(updates, "message"), bot).message
    assert message is not None and [u.id for u in message.new_chat_members] == [cor.user_id]
    with pytest.raises(LookupError, match="USER_ALREADY_PARTICIPANT"):
        cor.request_join(link.invite_link)


async def test_used_up_revoked_expired_and_orphaned_links_are_expired(
    sandbox: Sandbox, werkgroep: int, cor: SimulatedUser, bot: Bot
) -> None:
    """Links past their member limit or date, revoked, or of a deleted group no longer work."""
    dirk, eva = sandbox.user(1004, "Dirk"), sandbox.user(1005, "Eva")
    once = await bot.create_chat_invite_link(werkgroep, member_limit=1)
    cor.request_join(once.invite_link)
    with pytest.raises(LookupError, match="INVITE_HASH_EXPIRED"):
        dirk.request_join(once.invite_link)

    revoked = await bot.create_chat_invite_link(werkgroep, name="Oud")
    answer = await bot.revoke_chat_invite_link(werkgroep, revoked.invite_link)
    assert answer.is_revoked
    with pytest.raises(LookupError, match="INVITE_HASH_EXPIRED"):
        dirk.request_join(revoked.invite_link)

    expiring = await bot.create_chat_invite_link(werkgroep, expire_date=int(time.time()) + 60)
    sandbox.invite_links(werkgroep)[-1].expire_date = int(time.time()) - 1  # time passes
    with pytest.raises(LookupError, match="INVITE_HASH_EXPIRED"):
        dirk.request_join(expiring.invite_link)
    assert [(link.name, link.is_revoked) for link in sandbox.invite_links(werkgroep)] == [
        (None, False),
        ("Oud", True),
        (None, False),
    ]

    still_good = await bot.create_chat_invite_link(werkgroep)
    sandbox.delete_group(werkgroep)
    with pytest.raises(LookupError, match="INVITE_HASH_EXPIRED"):
        eva.request_join(still_good.invite_link)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.get_chat_member_count(werkgroep)


async def test_edit_chat_invite_link_replaces_its_settings(werkgroep: int, bot: Bot) -> None:
    """editChatInviteLink sets name, limit and approval anew; a revoked link cannot be edited."""
    link = await bot.create_chat_invite_link(werkgroep, name="Eerst", member_limit=3)
    edited = await bot.edit_chat_invite_link(
        werkgroep, link.invite_link, name="Daarna", creates_join_request=True
    )

    assert (edited.invite_link, edited.name) == (link.invite_link, "Daarna")
    assert (edited.member_limit, edited.creates_join_request) == (None, True)
    await bot.revoke_chat_invite_link(werkgroep, link.invite_link)
    with pytest.raises(BadRequest, match=r"(?i)invite_hash_expired"):
        await bot.edit_chat_invite_link(werkgroep, link.invite_link, name="Nooit")


# --- join requests --------------------------------------------------------------------------


async def test_join_request_reaches_the_bot_and_approval_makes_a_member(
    sandbox: Sandbox, werkgroep: int, cor: SimulatedUser, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """A link needing approval yields chat_join_request; approving makes the person a member."""
    link = await bot.create_chat_invite_link(werkgroep, name="Aanmelden", creates_join_request=True)
    cor.request_join(link.invite_link)

    assert sandbox.member_status(werkgroep, cor.user_id) is None
    assert sandbox.join_requests(werkgroep) == {cor.user_id: link.invite_link}
    (update,) = await _take(raw, allowed_updates=["chat_join_request", "chat_member"])
    request = Update.de_json(update, bot).chat_join_request
    assert request is not None and request.invite_link is not None
    assert (request.chat.id, request.from_user.id, request.user_chat_id) == (
        werkgroep,
        cor.user_id,
        cor.user_id,
    )
    assert (request.invite_link.invite_link, request.invite_link.name) == (
        link.invite_link,
        "Aanmelden",
    )
    assert request.invite_link.pending_join_request_count == 1

    assert await request.approve()
    assert sandbox.member_status(werkgroep, cor.user_id) == "member"
    assert sandbox.join_requests(werkgroep) == {}
    (joined,) = await _take(raw)
    change = Update.de_json(joined, bot).chat_member
    assert change is not None and change.invite_link is not None
    assert (change.new_chat_member.status, change.invite_link.invite_link) == (
        "member",
        link.invite_link,
    )


async def test_declining_a_request_keeps_the_person_out(
    sandbox: Sandbox, werkgroep: int, cor: SimulatedUser, bot: Bot
) -> None:
    """declineChatJoinRequest drops the request; answering it again is HIDE_REQUESTER_MISSING."""
    link = await bot.create_chat_invite_link(werkgroep, creates_join_request=True)
    cor.request_join(link.invite_link)

    assert await bot.decline_chat_join_request(werkgroep, cor.user_id)
    assert sandbox.member_status(werkgroep, cor.user_id) is None
    with pytest.raises(BadRequest, match=r"(?i)hide_requester_missing"):
        await bot.decline_chat_join_request(werkgroep, cor.user_id)
    with pytest.raises(BadRequest, match=r"(?i)hide_requester_missing"):
        await bot.approve_chat_join_request(werkgroep, cor.user_id)


async def test_join_requests_need_can_invite_users(
    sandbox: Sandbox,
    anna: SimulatedUser,
    werkgroep: int,
    cor: SimulatedUser,
    bot: Bot,
    raw: httpx.AsyncClient,
) -> None:
    """Without can_invite_users the bot neither hears of nor answers requests."""
    link = await bot.create_chat_invite_link(werkgroep, creates_join_request=True)
    anna.set_bot_rights(werkgroep, {"can_restrict_members": True})
    await _take(raw)
    cor.request_join(link.invite_link)

    assert await _take(raw) == []
    assert sandbox.join_requests(werkgroep) == {cor.user_id: link.invite_link}
    with pytest.raises(BadRequest, match=r"(?i)not enough rights"):
        await bot.approve_chat_join_request(werkgroep, cor.user_id)


# --- bans and statuses ----------------------------------------------------------------------


async def test_ban_then_unban_moves_a_member_through_kicked_to_left(
    sandbox: Sandbox, werkgroep: int, bram: SimulatedUser, bot: Bot
) -> None:
    """banChatMember makes Bram kicked (and unable to rejoin); unbanChatMember makes him left."""
    until = int(time.time()) + 86_400
    link = await bot.create_chat_invite_link(werkgroep)
    assert await bot.ban_chat_member(werkgroep, bram.user_id, until_date=until)

    banned = await bot.get_chat_member(werkgroep, bram.user_id)
    assert isinstance(banned, ChatMemberBanned)
    assert int(banned.until_date.timestamp()) == until
    with pytest.raises(LookupError, match="USER_BANNED_IN_CHANNEL"):
        bram.request_join(link.invite_link)
    with pytest.raises(LookupError, match="not a member"):
        await bram.send("hallo?", chat_id=werkgroep)

    assert await bot.unban_chat_member(werkgroep, bram.user_id, only_if_banned=True)
    assert isinstance(await bot.get_chat_member(werkgroep, bram.user_id), ChatMemberLeft)
    bram.request_join(link.invite_link)
    assert sandbox.member_status(werkgroep, bram.user_id) == "member"


async def test_unban_removes_a_current_member_unless_only_if_banned(
    sandbox: Sandbox, werkgroep: int, bram: SimulatedUser, bot: Bot
) -> None:
    """In a supergroup unbanChatMember on a member removes them; only_if_banned leaves them."""
    assert await bot.unban_chat_member(werkgroep, bram.user_id, only_if_banned=True)
    assert sandbox.member_status(werkgroep, bram.user_id) == "member"

    assert await bot.unban_chat_member(werkgroep, bram.user_id)
    assert sandbox.member_status(werkgroep, bram.user_id) == "left"


async def test_the_owner_administrators_and_the_bot_cannot_be_banned(
    sandbox: Sandbox, werkgroep: int, anna: SimulatedUser, bram: SimulatedUser, bot: Bot
) -> None:
    """Banning the creator, an administrator or the bot itself is a bad request."""
    anna.promote(werkgroep, bram)

    with pytest.raises(BadRequest, match=r"(?i)can't remove chat owner"):
        await bot.ban_chat_member(werkgroep, anna.user_id)
    with pytest.raises(BadRequest, match=r"(?i)user is an administrator of the chat"):
        await bot.ban_chat_member(werkgroep, bram.user_id)
    with pytest.raises(BadRequest, match=r"(?i)can't restrict self"):
        await bot.ban_chat_member(werkgroep, sandbox.bot_id)
    with pytest.raises(BadRequest, match=r"(?i)user is an administrator of the chat"):
        await bot.unban_chat_member(werkgroep, bram.user_id)
    with pytest.raises(BadRequest, match=r"(?i)user not found"):
        await bot.ban_chat_member(werkgroep, 999_999)


async def test_banning_needs_can_restrict_members_and_unbanning_a_supergroup(
    anna: SimulatedUser, bram: SimulatedUser, bot: Bot
) -> None:
    """Without can_restrict_members bans fail; basic groups do not know unbanChatMember."""
    chat_id = anna.create_group(BASIC, TITLE, members=[bram], supergroup=False)
    anna.add_bot(chat_id, rights={"can_invite_users": True})

    with pytest.raises(BadRequest, match=re.escape("restrict/unrestrict chat member")):
        await bot.ban_chat_member(chat_id, bram.user_id)
    with pytest.raises(BadRequest, match=r"(?i)supergroup and channel chats only"):
        await bot.unban_chat_member(chat_id, bram.user_id)


async def test_get_chat_member_reflects_every_status(
    sandbox: Sandbox,
    werkgroep: int,
    anna: SimulatedUser,
    bram: SimulatedUser,
    cor: SimulatedUser,
    bot: Bot,
) -> None:
    """Creator, administrator, member, left and kicked parse in PTB, for people and the bot."""
    dirk = sandbox.user(1004, "Dirk")
    link = await bot.create_chat_invite_link(werkgroep)
    dirk.request_join(link.invite_link)
    anna.promote(werkgroep, bram)
    await bot.ban_chat_member(werkgroep, dirk.user_id)

    statuses = {
        user_id: await bot.get_chat_member(werkgroep, user_id)
        for user_id in (anna.user_id, bram.user_id, cor.user_id, dirk.user_id, sandbox.bot_id)
    }
    assert isinstance(statuses[anna.user_id], ChatMemberOwner)
    assert isinstance(statuses[bram.user_id], ChatMemberAdministrator)
    assert isinstance(statuses[cor.user_id], ChatMemberLeft)
    assert isinstance(statuses[dirk.user_id], ChatMemberBanned)
    me = statuses[sandbox.bot_id]
    assert isinstance(me, ChatMemberAdministrator) and me.can_invite_users
    dirk_unbanned = await bot.unban_chat_member(werkgroep, dirk.user_id)
    dirk.request_join(link.invite_link)
    assert dirk_unbanned
    assert isinstance(await bot.get_chat_member(werkgroep, dirk.user_id), ChatMemberMember)

    admins = await bot.get_chat_administrators(werkgroep)
    assert sorted(admin.user.id for admin in admins) == [anna.user_id, bram.user_id]
    assert await bot.get_chat_member_count(werkgroep) == 4  # Anna, Bram, Dirk and the bot
    anna.remove_bot(werkgroep)
    assert (await bot.get_chat_member(werkgroep, sandbox.bot_id)).status == "kicked"


async def test_people_leaving_are_reported_as_chat_member_updates(
    sandbox: Sandbox, werkgroep: int, bram: SimulatedUser, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """A person leaving becomes left, with a chat_member update and a left_chat_member message."""
    bram.leave(werkgroep)

    updates = await _take(raw, allowed_updates=["message", "chat_member"])
    assert _kinds(updates) == ["chat_member", "message"]
    change = Update.de_json(updates[0], bot).chat_member
    assert change is not None and change.new_chat_member.status == "left"
    message = Update.de_json(updates[1], bot).message
    assert message is not None and message.left_chat_member is not None
    assert message.left_chat_member.id == bram.user_id
    assert sandbox.member_status(werkgroep, bram.user_id) == "left"


# --- pinned messages ------------------------------------------------------------------------


async def test_pin_and_unpin_messages(sandbox: Sandbox, werkgroep: int, bot: Bot) -> None:
    """Pinned messages show in pinned() and getChat; unpinning removes the newest or the one."""
    first = await bot.send_message(werkgroep, "Agenda")
    second = await bot.send_message(werkgroep, "Notulen")
    assert await bot.pin_chat_message(werkgroep, first.message_id, disable_notification=True)
    assert await bot.pin_chat_message(werkgroep, second.message_id)

    assert [m.text for m in sandbox.pinned(werkgroep)] == ["Agenda", "Notulen"]
    chat = await bot.get_chat(werkgroep)
    assert chat.pinned_message is not None and chat.pinned_message.text == "Notulen"
    assert await bot.unpin_chat_message(werkgroep)
    assert [m.text for m in sandbox.pinned(werkgroep)] == ["Agenda"]
    assert await bot.unpin_chat_message(werkgroep, first.message_id)
    assert sandbox.pinned(werkgroep) == []
    with pytest.raises(BadRequest, match=r"(?i)message to pin not found"):
        await bot.pin_chat_message(werkgroep, 999)


async def test_pinning_needs_can_pin_messages(
    anna: SimulatedUser, werkgroep: int, bot: Bot
) -> None:
    """Without can_pin_messages pinning is 400 not enough rights to manage pinned messages."""
    message = await bot.send_message(werkgroep, "Agenda")
    anna.set_bot_rights(werkgroep, {"can_invite_users": True})

    with pytest.raises(BadRequest, match=r"(?i)not enough rights to manage pinned messages"):
        await bot.pin_chat_message(werkgroep, message.message_id)


# --- migration to a supergroup --------------------------------------------------------------


async def test_a_migrated_group_answers_chat_migrated_with_the_new_id(
    sandbox: Sandbox,
    anna: SimulatedUser,
    bram: SimulatedUser,
    cor: SimulatedUser,
    bot: Bot,
    raw: httpx.AsyncClient,
) -> None:
    """After migrate_group every call to the old id raises ChatMigrated; all else moved along."""
    chat_id = anna.create_group(BASIC, TITLE, members=[bram], supergroup=False)
    anna.add_bot(chat_id)
    link = await bot.create_chat_invite_link(chat_id)
    await _take(raw)

    new_id = sandbox.migrate_group(chat_id)

    assert re.fullmatch(r"-100\d+", str(new_id))
    with pytest.raises(ChatMigrated) as send:
        await bot.send_message(chat_id, "hallo")
    assert send.value.new_chat_id == new_id
    with pytest.raises(ChatMigrated):
        await bot.get_chat_member(chat_id, bram.user_id)
    assert sandbox.members(new_id) == {anna.user_id: "creator", bram.user_id: "member"}
    assert sandbox.bot_status(new_id) == "administrator"
    assert (await bot.get_chat(new_id)).type == "supergroup"
    await bot.send_message(new_id, "hallo supergroep")
    cor.request_join(link.invite_link)
    assert sandbox.member_status(new_id, cor.user_id) == "member"

    messages = [Update.de_json(update, bot).message for update in (await _take(raw))[:2]]
    assert [(m.chat.id, m.migrate_to_chat_id, m.migrate_from_chat_id) for m in messages if m] == [
        (chat_id, new_id, None),
        (new_id, None, chat_id),
    ]


async def test_only_a_basic_group_can_be_migrated(sandbox: Sandbox, werkgroep: int) -> None:
    """Supergroups cannot be upgraded again."""
    with pytest.raises(ValueError, match="not a basic group"):
        sandbox.migrate_group(werkgroep)


# --- allowed_updates ------------------------------------------------------------------------


async def _group_events(bot: Bot, anna: SimulatedUser, cor: SimulatedUser) -> None:
    """Add the bot (my_chat_member, message), then let Cor join (chat_member, message)."""
    chat_id = anna.create_group(GROUP, TITLE)
    anna.add_bot(chat_id)
    link = await bot.create_chat_invite_link(chat_id)
    cor.request_join(link.invite_link)


@pytest.mark.parametrize(
    ("params", "delivered"),
    [
        ({}, ["my_chat_member", "message", "message"]),
        ({"allowed_updates": []}, ["my_chat_member", "message", "message"]),
        ({"allowed_updates": ["message"]}, ["message", "message"]),
        ({"allowed_updates": ["my_chat_member"]}, ["my_chat_member"]),
        ({"allowed_updates": ["chat_member"]}, ["chat_member"]),
        (
            {"allowed_updates": ["message", "my_chat_member", "chat_member"]},
            ["my_chat_member", "message", "chat_member", "message"],
        ),
    ],
)
async def test_allowed_updates_choose_what_is_delivered(
    anna: SimulatedUser,
    cor: SimulatedUser,
    bot: Bot,
    raw: httpx.AsyncClient,
    params: Json,
    delivered: list[str],
) -> None:
    """Only listed types arrive; by default (absent or empty) everything but chat_member does."""
    await _group_events(bot, anna, cor)

    assert _kinds(await _take(raw, **params)) == delivered


async def test_allowed_updates_stay_until_changed(
    anna: SimulatedUser, cor: SimulatedUser, bot: Bot, raw: httpx.AsyncClient
) -> None:
    """A getUpdates without allowed_updates keeps the previous choice, as Telegram does."""
    await _take(raw, allowed_updates=["chat_member"])
    await _group_events(bot, anna, cor)

    assert _kinds(await _take(raw)) == ["chat_member"]


# --- transcript -----------------------------------------------------------------------------


async def test_group_events_read_like_a_conversation(
    sandbox: Sandbox,
    anna: SimulatedUser,
    bram: SimulatedUser,
    cor: SimulatedUser,
    bot: Bot,
) -> None:
    """Creating, adding the bot, links, joining, requests, bans, pins and leaving are all told."""
    dirk = sandbox.user(1004, "Dirk")
    chat_id = anna.create_group(GROUP, TITLE, members=[bram])
    anna.add_bot(chat_id)
    link = await bot.create_chat_invite_link(chat_id, name="Nieuwe leden")
    asking = await bot.create_chat_invite_link(chat_id, creates_join_request=True)
    cor.request_join(link.invite_link)
    dirk.request_join(asking.invite_link)
    await bot.approve_chat_join_request(chat_id, dirk.user_id)
    await bot.revoke_chat_invite_link(chat_id, link.invite_link)
    await bot.ban_chat_member(chat_id, cor.user_id)
    await bot.unban_chat_member(chat_id, cor.user_id)
    pinned = await bot.send_message(chat_id, "Agenda")
    await bot.pin_chat_message(chat_id, pinned.message_id)
    bram.leave(chat_id)
    await bot.leave_chat(chat_id)

    rights = "manage_chat, delete_messages, restrict_members, invite_users, pin_messages"
    assert sandbox.format_transcript().splitlines() == [
        f"Anna creates {TITLE}",
        f"Anna adds the bot to {TITLE} as administrator ({rights})",
        f"bot creates invite link {link.invite_link} (Nieuwe leden) for {TITLE}",
        f"bot creates invite link {asking.invite_link} for {TITLE}",
        f"Cor joins {TITLE} (via invite link Nieuwe leden)",
        f"Dirk asks to join {TITLE}",
        f"bot approves Dirk's request to join {TITLE}",
        f"bot revokes invite link {link.invite_link} (Nieuwe leden) of {TITLE}",
        f"bot bans Cor from {TITLE}",
        f"bot unbans Cor in {TITLE}",
        f"bot → {TITLE}: Agenda",
        f"bot pins in {TITLE}: Agenda",
        f"Bram leaves {TITLE}",
        f"bot leaves {TITLE}",
    ]
    assert [line.kind for line in sandbox.transcript()][-3:] == ["pin", "leave", "bot_left"]
