"""Bot API methods about invite links and join requests."""

from __future__ import annotations

from dataclasses import dataclass

from bot.sandbox.groups import join, link_dict, new_link, now, require_right
from bot.sandbox.models import JSON, InviteLink, bad_request
from bot.sandbox.params import Params
from bot.sandbox.registry import api_method
from bot.sandbox.world import Chat, World

INVITE = "manage chat invite link"
MAX_LINK_NAME = 32
MAX_MEMBER_LIMIT = 99_999
LIMIT_WITH_REQUESTS = "member limit can't be specified for links requiring administrator approval"


@dataclass(frozen=True)
class _LinkFields:
    name: str | None
    expire_date: int | None
    member_limit: int | None
    creates_join_request: bool


def _inviting_chat(world: World, params: Params) -> Chat:
    chat = world.chat(params.chat_ref())
    require_right(world, chat, "can_invite_users", INVITE)
    return chat


def _fields(params: Params) -> _LinkFields:
    name = params.get_str("name") or None
    if name is not None and len(name) > MAX_LINK_NAME:
        raise bad_request("invite link name is too long")
    expire_date = params.get_int("expire_date") or None
    if expire_date is not None and expire_date <= now():
        raise bad_request("EXPIRE_DATE_INVALID")
    member_limit = params.get_int("member_limit")
    if member_limit is not None and not 1 <= member_limit <= MAX_MEMBER_LIMIT:
        raise bad_request("USAGE_LIMIT_INVALID")
    creates_join_request = params.get_bool("creates_join_request")
    if creates_join_request and member_limit is not None:
        raise bad_request(LIMIT_WITH_REQUESTS)
    return _LinkFields(name, expire_date, member_limit, creates_join_request)


def _shown(link: InviteLink) -> str:
    return f"{link.invite_link} ({link.name})" if link.name else link.invite_link


def _existing(chat: Chat, params: Params) -> InviteLink:
    link = chat.links.get(params.req_str("invite_link"))
    if link is None:
        raise bad_request("INVITE_HASH_EXPIRED")
    return link


@api_method("createChatInviteLink")
async def create_chat_invite_link(world: World, params: Params) -> JSON:
    """Create an additional invite link (needs can_invite_users)."""
    chat = _inviting_chat(world, params)
    fields = _fields(params)
    link = new_link(
        world,
        chat,
        name=fields.name,
        expire_date=fields.expire_date,
        member_limit=fields.member_limit,
        creates_join_request=fields.creates_join_request,
    )
    world.log(chat.id, "link", _shown(link), from_bot=True, user_id=None)
    return link_dict(chat, link)


@api_method("editChatInviteLink")
async def edit_chat_invite_link(world: World, params: Params) -> JSON:
    """Replace a link's name, expiry, member limit and approval setting (omitted: cleared)."""
    chat = _inviting_chat(world, params)
    link = _existing(chat, params)
    if link.is_revoked:
        raise bad_request("INVITE_HASH_EXPIRED")
    fields = _fields(params)
    link.name, link.expire_date = fields.name, fields.expire_date
    link.member_limit, link.creates_join_request = fields.member_limit, fields.creates_join_request
    return link_dict(chat, link)


@api_method("revokeChatInviteLink")
async def revoke_chat_invite_link(world: World, params: Params) -> JSON:
    """Revoke a link; revoking the primary link creates a new primary one, as in Telegram."""
    chat = _inviting_chat(world, params)
    link = _existing(chat, params)
    if not link.is_revoked:
        link.is_revoked = True
        world.log(chat.id, "revoke", _shown(link), from_bot=True, user_id=None)
        if link.is_primary:
            new_link(world, chat, is_primary=True)
    return link_dict(chat, link)


@api_method("exportChatInviteLink")
async def export_chat_invite_link(world: World, params: Params) -> str:
    """Revoke the primary link and return a new one."""
    chat = _inviting_chat(world, params)
    for link in chat.links.values():
        if link.is_primary and not link.is_revoked:
            link.is_revoked = True
    link = new_link(world, chat, is_primary=True)
    world.log(chat.id, "link", _shown(link), from_bot=True, user_id=None)
    return link.invite_link


def _request(world: World, params: Params) -> tuple[Chat, int, InviteLink]:
    chat = _inviting_chat(world, params)
    user_id = params.req_int("user_id")
    url = chat.join_requests.pop(user_id, None)
    if url is None:
        raise bad_request("HIDE_REQUESTER_MISSING")
    return chat, user_id, chat.links[url]


@api_method("approveChatJoinRequest")
async def approve_chat_join_request(world: World, params: Params) -> bool:
    """Let a person who asked to join in: they become a member."""
    chat, user_id, link = _request(world, params)
    join(world, chat, user_id, link, approved=True)
    return True


@api_method("declineChatJoinRequest")
async def decline_chat_join_request(world: World, params: Params) -> bool:
    """Turn a join request down."""
    chat, user_id, _ = _request(world, params)
    world.log(chat.id, "decline", "", from_bot=True, user_id=user_id)
    return True
