"""The access gate: runs before every handler and decides by the stored role and status."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, NoReturn

from telegram import Update, User
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.buttons import codec_of
from bot.erasure import erased
from bot.feature import Features, Who
from bot.invites import safe_name
from bot.membership import placeholder_name
from bot.services import AppContext
from handlers.common import answer, command_name, reply
from storage.models import Person, PersonStatus, Role
from storage.repositories import Audit, People

log = logging.getLogger(__name__)

LAST_SEEN_RESOLUTION = timedelta(hours=1)


def _changes(person: Person | None, user: User, now: datetime) -> dict[str, Any]:
    """Return what an update from this person changes about them (often nothing)."""
    # Nothing new is stored about people who left: not even when they were last seen.
    if person is None or person.status is PersonStatus.LEFT:
        return {}
    changes: dict[str, Any] = {}
    if person.last_seen_at is None or now - person.last_seen_at >= LAST_SEEN_RESOLUTION:
        changes["last_seen_at"] = now
    if person.unreachable_at is not None:
        changes["unreachable_at"] = None  # they write to us: no longer blocked
    if person.display_name == placeholder_name(user.id):
        # Coordinators bootstrapped from the config get their Telegram name once.
        changes["display_name"] = safe_name(user.full_name, placeholder_name(user.id))
    return changes


class AccessGate:
    """Load the sender's person record and stop every update they may not make."""

    def __init__(self, features: Features) -> None:
        self.coordinator_commands = features.commands_for(Who.COORDINATOR)
        self.coordinator_callbacks = features.buttons_for(Who.COORDINATOR)
        # What a person who is still signing up may use.
        self.onboarding_commands = features.commands_for(Who.ANYONE)
        self.onboarding_callbacks = features.buttons_for(Who.ANYONE)
        self.group_commands = features.group_commands()
        self.guests = features.guests
        self.chat_moved_hooks = features.chat_moved_hooks

    async def __call__(self, update: Update, context: AppContext) -> None:
        """Decide whether this update may reach the feature handlers."""
        user, chat = update.effective_user, update.effective_chat
        if (
            update.my_chat_member is not None
            or update.chat_member is not None
            or update.chat_join_request is not None
        ):
            return  # working groups: those handlers check who did it, and bind or refuse
        if update.message is None and update.callback_query is None:
            raise ApplicationHandlerStop  # edits, channel posts, ...: nothing to do
        if user is None or chat is None or user.is_bot:
            raise ApplicationHandlerStop
        if chat.type != ChatType.PRIVATE:
            await self._in_group(update, context)

        services = context.services
        now = services.clock.now()
        # The gate reads; it writes only when something changed (at most hourly for the time
        # last seen), so incoming chat does not queue for SQLite's single writer.
        async with services.db.read() as session:
            person = await People(session).by_telegram_id(user.id)
            if person is None:  # someone erased: only their pseudonymous record is left
                person = await erased(session, services.config, user.id)
        changes = _changes(person, user, now)
        if person is not None and changes:
            async with services.db.begin() as session:
                await People(session).update_fields(person.id, **changes)
            for key, value in changes.items():
                setattr(person, key, value)
        context.person = person

        command = command_name(update)
        query = update.callback_query
        codec = codec_of(query.data) if query is not None else None
        prefix = codec.prefix if codec is not None else None
        if person is None or person.status is PersonStatus.LEFT:
            if command == "start" and _has_payload(update):
                return  # an invitation: onboarding decides, and stores nothing if it is invalid
            for guests in self.guests if person is None else ():
                if prefix == guests.button.prefix:
                    return  # a guest answering their invitation (checked by the feature)
                if await guests.is_guest(context, user.id):
                    if command in guests.commands:
                        await guests.command(update, context, command)
                        raise ApplicationHandlerStop
                    await _refuse(update, context, "workgroup_guest_private")
            if person is not None and command == "privacy":
                return  # people who left may still see what is kept about them
            await _refuse(update, context, "left_member" if person else "stranger")

        if command in self.coordinator_commands or prefix in self.coordinator_callbacks:
            if person.role is not Role.COORDINATOR or person.status is not PersonStatus.ACTIVE:
                log.warning("refused coordinator action from person %s", person.id)
                async with services.db.begin() as session:
                    Audit(session).record(
                        at=now,
                        action="access.refused",
                        actor=person,
                        details={"command": command} if command else {"callback": f"{prefix}:"},
                    )
                await _refuse(update, context, "not_allowed")
            return

        if person.status is PersonStatus.INVITED:
            allowed = (
                command in self.onboarding_commands
                if command
                else prefix in self.onboarding_callbacks
            )
            if not allowed:
                await _refuse(update, context, "finish_onboarding_first")

    async def _in_group(self, update: Update, context: AppContext) -> None:
        """In groups the bot follows an upgrade to a supergroup and answers the group commands
        addressed to it (each checks who may use it); otherwise it is silent and stores nothing."""
        message = update.message
        chat = update.effective_chat
        moved: tuple[int, int] | None = None
        if message is not None and chat is not None:
            if message.migrate_from_chat_id is not None:
                moved = (message.migrate_from_chat_id, chat.id)
            elif message.migrate_to_chat_id is not None:
                moved = (chat.id, message.migrate_to_chat_id)
            elif command_name(update) in self.group_commands and _addressed_to_us(update, context):
                return
        if moved is not None:
            for hook in self.chat_moved_hooks:
                await hook(context, *moved)
        raise ApplicationHandlerStop


def _addressed_to_us(update: Update, context: AppContext) -> bool:
    """Tell whether a group command is for this bot ('/members' or '/members@ThisBot')."""
    message = update.message
    head = (message.text or "").split(maxsplit=1)[0] if message and message.text else ""
    _, at, name = head.partition("@")
    return not at or name.lower() == (context.bot.username or "").lower()


def _has_payload(update: Update) -> bool:
    message = update.message
    return message is not None and len((message.text or "").split()) > 1


async def _refuse(update: Update, context: AppContext, key: str) -> NoReturn:
    # A stranger's refused update is not audited: nothing at all is stored about strangers.
    chat = update.effective_chat
    if update.callback_query is not None:
        await answer(update, context, "stale_button" if key != "not_allowed" else key)
    elif chat is None or chat.type == ChatType.PRIVATE:
        await reply(update, context, key)
    # In a group a refusal is silent: the group need not know who may do what.
    raise ApplicationHandlerStop
