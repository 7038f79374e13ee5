"""What simulated people do with groups: create them, add the bot, join through links, leave."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from bot.sandbox.groups import (
    ADMINS,
    PRESENT,
    change_member,
    find_link,
    group,
    join,
    link_dict,
    now,
    service_message,
)
from bot.sandbox.world import Chat, Person, World

if TYPE_CHECKING:
    from bot.sandbox.users import SimulatedUser


def _shown_rights(rights: Mapping[str, bool]) -> str:
    granted = [right.removeprefix("can_") for right, on in rights.items() if on]
    return ", ".join(granted) or "none"


class GroupActions:
    """A person's actions in groups; mixed into ``SimulatedUser``."""

    _world: World
    _person: Person

    def create_group(
        self,
        chat_id: int,
        title: str,
        *,
        members: Iterable[SimulatedUser] = (),
        supergroup: bool = True,
    ) -> int:
        """Create a group (negative id) with this person as creator; the bot is not in it yet."""
        if chat_id >= 0 or chat_id in self._world.chats:
            msg = f"cannot create group {chat_id}: ids are negative and unique"
            raise ValueError(msg)
        chat = Chat(
            id=chat_id,
            type="supergroup" if supergroup else "group",
            title=title,
            members={member.user_id: "member" for member in members} | {self._me: "creator"},
            bot_status="left",
        )
        self._world.chats[chat_id] = chat
        self._world.log(chat_id, "create", "", from_bot=False, user_id=self._me)
        return chat_id

    def add_bot(
        self, chat_id: int, *, admin: bool = True, rights: Mapping[str, bool] | None = None
    ) -> None:
        """Add the bot as administrator (``rights``, else the defaults) or as plain member."""
        chat = self._group_i_run(chat_id, need_admin=admin)
        if chat.bot_status in PRESENT:
            msg = f"the bot is already in {chat.title}: use set_bot_rights or demote_bot"
            raise LookupError(msg)
        status = "administrator" if admin else "member"
        self._change_bot(chat, status, rights)
        bot = self._world.bot_user()
        service_message(self._world, chat, self._person.to_dict(), {"new_chat_members": [bot]})
        shown = f"administrator ({_shown_rights(chat.bot_rights)})" if admin else "member"
        self._world.log(chat_id, "bot_added", shown, from_bot=False, user_id=self._me)

    def set_bot_rights(self, chat_id: int, rights: Mapping[str, bool]) -> None:
        """Make the bot an administrator with exactly ``rights`` (others false)."""
        chat = self._group_i_run(chat_id, need_admin=True)
        self._require_bot(chat)
        self._change_bot(chat, "administrator", rights)
        shown = _shown_rights(chat.bot_rights)
        self._world.log(chat_id, "bot_rights", shown, from_bot=False, user_id=self._me)

    def demote_bot(self, chat_id: int) -> None:
        """Take the bot's administrator rights away: it stays as a plain member."""
        chat = self._group_i_run(chat_id, need_admin=True)
        self._require_bot(chat)
        self._change_bot(chat, "member", None)
        self._world.log(chat_id, "bot_demoted", "", from_bot=False, user_id=self._me)

    def remove_bot(self, chat_id: int) -> None:
        """Remove the bot from the group (it becomes ``kicked``)."""
        chat = self._group_i_run(chat_id, need_admin=True)
        self._require_bot(chat)
        self._change_bot(chat, "kicked", None)
        self._world.log(chat_id, "bot_removed", "", from_bot=False, user_id=self._me)

    def promote(
        self, chat_id: int, user: SimulatedUser, rights: Mapping[str, bool] | None = None
    ) -> None:
        """Make another member of a group this person created an administrator."""
        chat = self._group_i_run(chat_id, need_admin=True)
        if chat.members.get(user.user_id) != "member":
            msg = f"{user.first_name} is not a plain member of {chat.title}"
            raise LookupError(msg)
        me = self._person.to_dict()
        change_member(self._world, chat, user.user_id, "administrator", actor=me, rights=rights)
        self._world.log(chat_id, "promote", "", from_bot=False, user_id=user.user_id)

    def request_join(self, invite_link: str) -> None:
        """Open an invite link: ask to join (links that create join requests) or join directly.

        Raises LookupError ``INVITE_HASH_EXPIRED`` for a revoked, expired or used-up link or a
        deleted group, and ``USER_ALREADY_PARTICIPANT`` for a member.
        """
        world = self._world
        chat, link = find_link(world, invite_link)
        status = chat.members.get(self._me, "left")
        if status in PRESENT:
            msg = "USER_ALREADY_PARTICIPANT"
            raise LookupError(msg)
        if status == "kicked":
            msg = "USER_BANNED_IN_CHANNEL"
            raise LookupError(msg)
        if not link.creates_join_request:
            join(world, chat, self._me, link, approved=False)
            return
        chat.join_requests[self._me] = link.invite_link
        world.log(chat.id, "request", "", from_bot=False, user_id=self._me)
        # Only an administrator allowed to invite users hears about join requests.
        if chat.bot_status == "administrator" and chat.bot_rights.get("can_invite_users"):
            world.enqueue_update(
                "chat_join_request",
                {
                    "chat": chat.to_dict(),
                    "from": self._person.to_dict(),
                    "user_chat_id": self._me,
                    "date": now(),
                    "invite_link": link_dict(chat, link),
                },
            )

    def add_member(self, chat_id: int, user: SimulatedUser) -> None:
        """Add someone to a group directly, as any member may in a group that allows it: no
        link, no join request; the bot (as administrator) sees a chat_member update."""
        chat = self._group_i_run(chat_id, need_admin=False)
        if chat.members.get(user.user_id) in PRESENT:
            msg = "USER_ALREADY_PARTICIPANT"
            raise LookupError(msg)
        me = self._person.to_dict()
        change_member(self._world, chat, user.user_id, "member", actor=me)
        added = self._world.people[user.user_id].to_dict()
        service_message(self._world, chat, me, {"new_chat_members": [added]})
        self._world.log(chat_id, "add", "", from_bot=False, user_id=user.user_id)

    def leave(self, chat_id: int) -> None:
        """Leave a group."""
        chat = group(self._world, chat_id)
        if chat.members.get(self._me) not in PRESENT:
            msg = f"{self._person.first_name} is not in {chat.title}"
            raise LookupError(msg)
        me = self._person.to_dict()
        change_member(self._world, chat, self._me, "left", actor=me)
        service_message(self._world, chat, me, {"left_chat_member": me})
        self._world.log(chat_id, "leave", "", from_bot=False, user_id=self._me)

    @property
    def _me(self) -> int:
        return self._person.id

    def _group_i_run(self, chat_id: int, *, need_admin: bool) -> Chat:
        chat = group(self._world, chat_id)
        status = chat.members.get(self._me)
        if status not in (ADMINS if need_admin else PRESENT):
            role = "an administrator" if need_admin else "a member"
            msg = f"{self._person.first_name} is not {role} of {chat.title}"
            raise PermissionError(msg)
        return chat

    def _require_bot(self, chat: Chat) -> None:
        if chat.bot_status not in PRESENT:
            msg = f"the bot is not in {chat.title} (status {chat.bot_status})"
            raise LookupError(msg)

    def _change_bot(self, chat: Chat, status: str, rights: Mapping[str, bool] | None) -> None:
        me = self._person.to_dict()
        change_member(self._world, chat, self._world.bot_id, status, actor=me, rights=rights)
