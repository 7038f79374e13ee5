"""Group state changes shared by simulated people, Bot API methods and the sandbox itself.

Every change of someone's status goes through ``change_member``, which keeps the transcript
and enqueues the ``chat_member`` / ``my_chat_member`` update Telegram would send.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import UTC, datetime

from bot.sandbox.models import JSON, InviteLink, SentMessage, bad_request
from bot.sandbox.world import Chat, World, timestamp

PRESENT = frozenset({"creator", "administrator", "member", "restricted"})
ADMINS = frozenset({"creator", "administrator"})
ADMIN_RIGHTS = (
    *("can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members"),
    *("can_promote_members", "can_change_info", "can_invite_users", "can_post_stories"),
    *("can_edit_stories", "can_delete_stories", "can_pin_messages", "can_manage_topics"),
)
DEFAULT_BOT_RIGHTS = frozenset(
    {"can_invite_users", "can_restrict_members", "can_delete_messages", "can_pin_messages"}
)
# Telegram's sender of service messages when no person is at hand.
GROUP_ANONYMOUS_BOT: JSON = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}


def now() -> int:
    """Return the current Unix time, as Telegram dates are."""
    return timestamp(datetime.now(UTC))


def admin_rights(rights: Mapping[str, bool] | None = None) -> dict[str, bool]:
    """Return a full set of administrator rights: the defaults, or ``rights`` over all-False.

    ``can_manage_chat`` is always true: Telegram implies it for every administrator.
    """
    unknown = set(rights or {}) - set(ADMIN_RIGHTS)
    if unknown:
        msg = f"unknown administrator rights {sorted(unknown)}; known: {list(ADMIN_RIGHTS)}"
        raise ValueError(msg)
    if rights is None:
        chosen = {right: right in DEFAULT_BOT_RIGHTS for right in ADMIN_RIGHTS}
    else:
        chosen = {right: bool(rights.get(right, False)) for right in ADMIN_RIGHTS}
    chosen["can_manage_chat"] = True
    return chosen


def group(world: World, chat_id: int) -> Chat:
    """Return a current group for simulated people, or raise LookupError."""
    chat = world.chats.get(chat_id)
    if chat is None or not chat.is_group:
        msg = f"there is no group {chat_id}"
        raise LookupError(msg)
    if chat.migrated_to is not None:
        msg = f"group {chat_id} was upgraded to supergroup {chat.migrated_to}"
        raise LookupError(msg)
    return chat


def status_of(world: World, chat: Chat, user_id: int) -> str:
    """Return someone's status in a chat; people never seen there have ``left``."""
    if user_id == world.bot_id:
        return chat.bot_status
    if chat.person is not None:
        return "member" if chat.person.id == user_id else "left"
    return chat.members.get(user_id, "left")


def user_dict(world: World, user_id: int) -> JSON:
    """Return the ``User`` object of the bot or a person, or raise 400 user not found."""
    if user_id == world.bot_id:
        return world.bot_user()
    if user_id in world.people:
        return world.people[user_id].to_dict()
    raise bad_request("user not found")


def member_dict(world: World, chat: Chat, user_id: int) -> JSON:
    """Return the ``ChatMember`` object for the bot or a person, as getChatMember answers."""
    status = status_of(world, chat, user_id)
    member: JSON = {"status": status, "user": user_dict(world, user_id)}
    if status == "administrator":
        rights = chat.bot_rights if user_id == world.bot_id else chat.admin_rights.get(user_id)
        member.update(can_be_edited=False, is_anonymous=False)
        member.update(rights or admin_rights())
    elif status == "creator":
        member["is_anonymous"] = False
    elif status == "kicked":
        member["until_date"] = chat.until_dates.get(user_id, 0)
    return member


def change_member(
    world: World,
    chat: Chat,
    user_id: int,
    status: str,
    *,
    actor: JSON,
    rights: Mapping[str, bool] | None = None,
    until_date: int = 0,
    extra: JSON | None = None,
) -> None:
    """Set someone's status and enqueue the ``chat_member``/``my_chat_member`` update.

    ``chat_member`` updates only exist while the bot is an administrator, as in Telegram.
    """
    old = member_dict(world, chat, user_id)
    granted = admin_rights(rights) if status == "administrator" else {}
    is_bot = user_id == world.bot_id
    if is_bot:
        chat.bot_status, chat.bot_rights = status, granted
    else:
        chat.members[user_id] = status
        chat.admin_rights.pop(user_id, None)
        if granted:
            chat.admin_rights[user_id] = granted
    chat.until_dates.pop(user_id, None)
    if status == "kicked":
        chat.until_dates[user_id] = until_date
    if status in PRESENT or status == "kicked":
        chat.join_requests.pop(user_id, None)
    if not is_bot and chat.bot_status != "administrator":
        return
    update: JSON = {
        "chat": chat.to_dict(),
        "from": actor,
        "date": now(),
        "old_chat_member": old,
        "new_chat_member": member_dict(world, chat, user_id),
    }
    world.enqueue_update("my_chat_member" if is_bot else "chat_member", update | (extra or {}))


def bot_sees(chat: Chat) -> bool:
    """Return whether the bot receives what happens in the chat."""
    return chat.person is not None or chat.bot_status in PRESENT


def service_message(world: World, chat: Chat, sender: JSON, fields: JSON) -> SentMessage:
    """Store a service message (someone joined, left, the group moved) and deliver it."""
    message = SentMessage(
        message_id=world.next_message_id(chat.id),
        chat_id=chat.id,
        text="",
        date=datetime.now(UTC),
        from_bot=False,
        kind="service",
        raw={"from": sender, **fields},
    )
    world.add_message(message)
    if bot_sees(chat):
        world.enqueue_update("message", world.message_dict(message))
    return message


def require_right(world: World, chat: Chat, right: str, action: str) -> None:
    """Raise the 403 of a bot outside the chat, or 400 ``not enough rights to {action}``."""
    world.check_can_send(chat)
    if chat.bot_status != "administrator" or not chat.bot_rights.get(right):
        raise bad_request(f"not enough rights to {action}")


def require_group(world: World, chat: Chat) -> None:
    """Raise what Telegram answers when a group-only method is used on a private chat."""
    if not chat.is_group:
        raise bad_request("chat member status can't be changed in private chats")
    world.check_can_send(chat)


def new_link(
    world: World,
    chat: Chat,
    *,
    name: str | None = None,
    expire_date: int | None = None,
    member_limit: int | None = None,
    creates_join_request: bool = False,
    is_primary: bool = False,
) -> InviteLink:
    """Create an invite link ``https://t.me/+`` plus 16 random characters, made by the bot."""
    url = f"https://t.me/+{secrets.token_urlsafe(12)}"
    link = InviteLink(
        url,
        chat.id,
        world.bot_user(),
        creates_join_request=creates_join_request,
        name=name,
        expire_date=expire_date,
        member_limit=member_limit,
        is_primary=is_primary,
    )
    chat.links[url] = link
    return link


def pending_through(chat: Chat, link: InviteLink) -> int:
    """Return how many join requests through ``link`` wait for an answer."""
    return sum(1 for used in chat.join_requests.values() if used == link.invite_link)


def link_dict(chat: Chat, link: InviteLink) -> JSON:
    """Return the ``ChatInviteLink`` object with its pending request count."""
    return link.to_dict(pending_through(chat, link))


def find_link(world: World, url: str) -> tuple[Chat, InviteLink]:
    """Return the group and link a person opens, or raise LookupError as Telegram's apps do."""
    for chat in world.chats.values():
        link = chat.links.get(url)
        if link is not None and chat.migrated_to is None:
            if not link.usable(now()):
                msg = "INVITE_HASH_EXPIRED"
                raise LookupError(msg)
            return chat, link
    if url.startswith("https://t.me/+"):
        msg = "INVITE_HASH_EXPIRED"
        raise LookupError(msg)
    msg = "INVITE_HASH_INVALID"
    raise LookupError(msg)


def join(world: World, chat: Chat, user_id: int, link: InviteLink, *, approved: bool) -> None:
    """Make a person a member through ``link`` (directly or after approval) and announce it."""
    person = world.people[user_id].to_dict()
    link.joined += 1
    # Telegram sets via_join_request only for requests made without a link.
    extra: JSON = {"invite_link": link_dict(chat, link)}
    change_member(world, chat, user_id, "member", actor=person, extra=extra)
    service_message(world, chat, person, {"new_chat_members": [person]})
    if approved:
        world.log(chat.id, "approve", "", from_bot=True, user_id=user_id)
    else:
        shown = f"via invite link {link.name or link.invite_link}"
        world.log(chat.id, "join", shown, from_bot=False, user_id=user_id)


def migrate(world: World, chat: Chat, sender: JSON) -> Chat:
    """Upgrade a basic group to a new supergroup, moving members, rights, links and requests."""
    if chat.type != "group" or chat.migrated_to is not None:
        msg = f"chat {chat.id} is not a basic group"
        raise ValueError(msg)
    new_id = -int(f"100{abs(chat.id) % 10**10:010d}")
    while new_id in world.chats:
        new_id -= 1
    supergroup = Chat(
        id=new_id,
        type="supergroup",
        title=chat.title,
        members=dict(chat.members),
        bot_status=chat.bot_status,
        bot_rights=dict(chat.bot_rights),
        admin_rights={user: dict(rights) for user, rights in chat.admin_rights.items()},
        until_dates=dict(chat.until_dates),
        links=chat.links,
        join_requests=chat.join_requests,
    )
    for link in supergroup.links.values():
        link.chat_id = new_id
    chat.links, chat.join_requests = {}, {}
    world.chats[new_id] = supergroup
    service_message(world, chat, sender, {"migrate_to_chat_id": new_id})
    chat.migrated_to = new_id
    service_message(world, supergroup, sender, {"migrate_from_chat_id": chat.id})
    world.log(chat.id, "migrate", str(new_id), from_bot=False, user_id=None)
    return supergroup
