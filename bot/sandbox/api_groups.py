"""Bot API methods about group members: statuses, bans, pinned messages and leaving."""

from __future__ import annotations

from datetime import timedelta

from bot.sandbox.groups import (
    ADMINS,
    PRESENT,
    change_member,
    member_dict,
    now,
    require_group,
    require_right,
    status_of,
    user_dict,
)
from bot.sandbox.models import JSON, bad_request
from bot.sandbox.params import Params
from bot.sandbox.registry import api_method
from bot.sandbox.world import Chat, World

RESTRICT = "restrict/unrestrict chat member"
PIN = "manage pinned messages in the chat"
SUPERGROUPS_ONLY = "method is available for supergroup and channel chats only"
# Telegram bans "forever" (until_date 0) when the date is under 30 s or over 366 days away.
MIN_BAN = timedelta(seconds=30).total_seconds()
MAX_BAN = timedelta(days=366).total_seconds()


@api_method("getChatMember")
async def get_chat_member(world: World, params: Params) -> JSON:
    """Return the ChatMember object for a person (or the bot) in a chat."""
    chat = world.chat(params.chat_ref())
    return member_dict(world, chat, params.req_int("user_id"))


@api_method("getChatAdministrators")
async def get_chat_administrators(world: World, params: Params) -> list[JSON]:
    """Return the creator and administrators who are people (Telegram leaves bots out)."""
    chat = world.chat(params.chat_ref())
    if chat.person is not None:
        return [member_dict(world, chat, chat.person.id)]
    admins = [user_id for user_id, status in chat.members.items() if status in ADMINS]
    return [member_dict(world, chat, user_id) for user_id in admins]


@api_method("getChatMemberCount")
async def get_chat_member_count(world: World, params: Params) -> int:
    """Return how many people and bots are in the chat (the bot counts if present)."""
    chat = world.chat(params.chat_ref())
    if chat.person is not None:
        return 2
    people = sum(1 for status in chat.members.values() if status in PRESENT)
    return people + (1 if chat.bot_status in PRESENT else 0)


def _check_removable(world: World, chat: Chat, user_id: int) -> None:
    if user_id == world.bot_id:
        raise bad_request("can't restrict self")
    user_dict(world, user_id)  # 400 user not found
    status = status_of(world, chat, user_id)
    if status == "creator":
        raise bad_request("can't remove chat owner")
    if status == "administrator":
        raise bad_request("user is an administrator of the chat")


def _until(params: Params) -> int:
    until = params.get_int("until_date") or 0
    return until if MIN_BAN <= until - now() <= MAX_BAN else 0


@api_method("banChatMember")
async def ban_chat_member(world: World, params: Params) -> bool:
    """Ban a person: status ``kicked`` until ``until_date`` (0: forever)."""
    chat = world.chat(params.chat_ref())
    require_group(world, chat)
    require_right(world, chat, "can_restrict_members", RESTRICT)
    user_id = params.req_int("user_id")
    _check_removable(world, chat, user_id)
    until = _until(params)
    params.get_bool("revoke_messages")  # accepted; the sandbox keeps every message
    change_member(world, chat, user_id, "kicked", actor=world.bot_user(), until_date=until)
    world.log(chat.id, "ban", "", from_bot=True, user_id=user_id)
    return True


@api_method("unbanChatMember")
async def unban_chat_member(world: World, params: Params) -> bool:
    """Lift a ban (``kicked`` becomes ``left``); on a current member it removes them.

    ``only_if_banned`` leaves members alone, as in Telegram.
    """
    chat = world.chat(params.chat_ref())
    require_group(world, chat)
    if chat.type != "supergroup":
        raise bad_request(SUPERGROUPS_ONLY)
    require_right(world, chat, "can_restrict_members", RESTRICT)
    user_id = params.req_int("user_id")
    status = status_of(world, chat, user_id)
    if status == "kicked":
        change_member(world, chat, user_id, "left", actor=world.bot_user())
        world.log(chat.id, "unban", "", from_bot=True, user_id=user_id)
    elif status in PRESENT and not params.get_bool("only_if_banned"):
        _check_removable(world, chat, user_id)
        change_member(world, chat, user_id, "left", actor=world.bot_user())
        world.log(chat.id, "remove", "", from_bot=True, user_id=user_id)
    return True


def _pinnable(world: World, params: Params) -> Chat:
    chat = world.chat(params.chat_ref())
    if chat.is_group:
        require_right(world, chat, "can_pin_messages", PIN)
    else:
        world.check_can_send(chat)
    return chat


def _log_pin(world: World, chat: Chat, message_id: int, kind: str) -> None:
    message = world.message(chat.id, message_id)
    shown = f"message {message_id}"
    if message is not None:
        shown = message.plain_text() or f"[{message.kind}]"
    world.log(chat.id, kind, shown, from_bot=True, user_id=None)


@api_method("pinChatMessage")
async def pin_chat_message(world: World, params: Params) -> bool:
    """Pin a message (pinning it again makes it the newest pin)."""
    chat = _pinnable(world, params)
    message_id = params.req_int("message_id")
    if world.message(chat.id, message_id) is None:
        raise bad_request("message to pin not found")
    params.get_bool("disable_notification")
    if message_id in chat.pinned:
        chat.pinned.remove(message_id)
    chat.pinned.append(message_id)
    _log_pin(world, chat, message_id, "pin")
    return True


@api_method("unpinChatMessage")
async def unpin_chat_message(world: World, params: Params) -> bool:
    """Unpin one message, or the newest pin when no message_id is given."""
    chat = _pinnable(world, params)
    message_id = params.get_int("message_id")
    if message_id is None:
        message_id = chat.pinned[-1] if chat.pinned else None
    elif message_id not in chat.pinned and world.message(chat.id, message_id) is None:
        raise bad_request("message to unpin not found")
    if message_id is not None and message_id in chat.pinned:
        chat.pinned.remove(message_id)
        _log_pin(world, chat, message_id, "unpin")
    return True


@api_method("unpinAllChatMessages")
async def unpin_all_chat_messages(world: World, params: Params) -> bool:
    """Unpin every pinned message."""
    chat = _pinnable(world, params)
    for message_id in list(chat.pinned):
        _log_pin(world, chat, message_id, "unpin")
    chat.pinned.clear()
    return True


@api_method("leaveChat")
async def leave_chat(world: World, params: Params) -> bool:
    """Make the bot leave a group (status ``left``)."""
    chat = world.chat(params.chat_ref())
    require_group(world, chat)
    change_member(world, chat, world.bot_id, "left", actor=world.bot_user())
    world.log(chat.id, "bot_left", "", from_bot=True, user_id=None)
    return True
