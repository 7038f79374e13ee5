"""Working groups seen from Telegram: the bot being added to a group (bind it, or leave),
join requests (only the person a link was made for gets in), /members in the group, and a
guest's deep link with consent for this one group."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import Forbidden, TelegramError

from bot.buttons import Codec, Pressed
from bot.invites import account_name
from bot.membership import require_coordinator
from bot.services import AppContext
from bot.text_keys import ADMIN_RIGHT
from bot.workgroups import chats, guests, service
from bot.workgroups.notices import GUEST_CHECK, RIGHT
from handlers.common import answer, edit_markup, keyboard, reply, text
from storage.models import Person

log = logging.getLogger(__name__)

AGREE, REFUSE = "y", "n"
GUEST = Codec("gu", Pressed, choices={"action": (AGREE, REFUSE)})
IN_GROUP = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER)


async def on_my_chat_member(update: Update, context: AppContext) -> None:
    """The bot was added to, promoted or demoted in, or removed from a group."""
    change = update.my_chat_member
    if change is None or change.chat.type == ChatType.PRIVATE:
        return
    services = context.services
    chat, new = change.chat, change.new_chat_member
    present = new.status in IN_GROUP
    rights = {right: bool(getattr(new, right, False)) for right in service.NEEDED_RIGHTS}
    if new.status == ChatMemberStatus.ADMINISTRATOR:
        lacking = service.missing(rights)
    else:
        lacking = list(service.NEEDED_RIGHTS)
    now = services.clock.now()
    others = await _others(context, chat.id) if present else 0
    async with services.db.begin() as session:
        placed = await chats.place_bot(
            session,
            chat.id,
            change.from_user.id,
            present=present,
            lacking=lacking,
            now=now,
            others=others,
        )
    if placed is None:
        if present:  # not added by a coordinator with a working group waiting for it
            await _leave(context, chat.id)
        return
    number, name, owner = placed.number, placed.name, placed.owner
    if placed.crowded and owner is not None:
        await _tell(context, owner, "workgroup_crowded", number=number, others=others)
        await _leave(context, chat.id)
        return
    if placed.bound_elsewhere is not None:
        await _tell(
            context, placed.bound_elsewhere, "workgroup_already_bound", number=number, name=name
        )
    if owner is None or not placed.live:
        return  # an archived group: nothing to bind, pin or send any more
    if not present:
        await _tell(context, owner, "workgroup_bot_removed", number=number, name=name)
    elif lacking:
        labels = ", ".join(text(update, context, ADMIN_RIGHT[r]) for r in lacking)
        await _tell(context, owner, "workgroup_rights_missing", number=number, rights=labels)
        await _send(context, chat.id, "workgroup_rights_missing_group", rights=labels)
    elif not placed.had_all:
        if not placed.pinned:
            await _welcome(context, number)
        await _tell(context, owner, "workgroup_bound", number=number, name=name)
        await services.workgroups.tick()


async def _leave(context: AppContext, chat_id: int) -> None:
    """Anyone but a coordinator with a waiting working group: one sentence, then leave."""
    await _send(context, chat_id, "workgroup_not_for_me")
    try:
        await context.bot.leave_chat(chat_id)
    except TelegramError as error:
        log.info("could not leave group: %s", error)


async def _welcome(context: AppContext, number: int) -> None:
    """Pin the purpose, the end date and the rule that the group ends."""
    services = context.services
    async with services.db.begin() as session:
        group = await service.get(session, number)
    lang = services.t.default_language
    end = service.end_label(group.ends_at, services.config)
    note = services.t(lang, "workgroup_pinned", name=group.name, purpose=group.purpose, end=end)
    try:
        sent = await services.workgroups.group_call(
            number, lambda chat: context.bot.send_message(chat, note, parse_mode=ParseMode.HTML)
        )
        await services.workgroups.group_call(
            number,
            lambda chat: context.bot.pin_chat_message(
                chat, sent.message_id, disable_notification=True
            ),
        )
    except TelegramError as error:
        log.info("working group %s: purpose not pinned: %s", number, error)
        return
    async with services.db.begin() as session:
        await chats.pinned(session, number, sent.message_id)


async def _others(context: AppContext, chat_id: int) -> int:
    """Return how many members a group has besides the one who added the bot and the bot."""
    try:
        return max(0, await context.bot.get_chat_member_count(chat_id) - 2)
    except TelegramError as error:
        log.info("member count of a new group unknown (%s): not binding it", type(error).__name__)
        return 1


async def _tell(context: AppContext, person: Person, key: str, **values: object) -> None:
    try:
        await context.bot.send_message(
            person.telegram_user_id,
            context.services.t(person.language, key, **values),
            parse_mode=ParseMode.HTML,
        )
    except TelegramError as error:
        log.info("could not tell person %s about a working group: %s", person.id, error)


async def _send(context: AppContext, chat_id: int, key: str, **values: object) -> None:
    t = context.services.t
    try:
        await context.bot.send_message(
            chat_id, t(t.default_language, key, **values), parse_mode=ParseMode.HTML
        )
    except TelegramError as error:
        log.info("could not write in group: %s", error)


async def on_join_request(update: Update, context: AppContext) -> None:
    """Approve a join request only from the person its link was made for; decline the rest."""
    request = update.chat_join_request
    if request is None:
        return
    services = context.services
    link = request.invite_link.invite_link if request.invite_link else None
    async with services.db.begin() as session:
        seat_id = await chats.join_request(
            session, request.chat.id, link, request.from_user.id, now=services.clock.now()
        )
    try:
        if seat_id is not None:
            await request.approve()
        else:
            await request.decline()
    except TelegramError as error:
        log.warning("join request not answered: %s", error)
        return  # the seat stays as it was: they can ask again
    if seat_id is not None:
        async with services.db.begin() as session:
            await chats.joined(session, seat_id, now=services.clock.now())


async def members_command(update: Update, context: AppContext) -> None:
    """In a working group: tell a coordinator, in private, who is in; the group sees nothing
    (names are not for every member), and others are ignored."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    services = context.services
    async with services.db.begin() as session:
        found = await chats.joined_names(session, user.id, chat.id)
    if found is None:
        return
    group, names = found
    lines = [f"• {name}" for name in names]
    members = text(
        update,
        context,
        "workgroup_members",
        group=group,
        count=len(lines),
        lines="\n".join(lines) or text(update, context, "none"),
    )
    try:
        await context.bot.send_message(user.id, members, parse_mode=ParseMode.HTML)
    except Forbidden:  # no private chat with the bot yet: still nothing in the group
        log.info("working group members not sent: the coordinator has no chat with the bot")


async def guest_start(update: Update, context: AppContext, token: str) -> bool:
    """Open a guest invitation (/start wg-…); False if the token is not a guest's."""
    user = update.effective_user
    if user is None:
        return False
    services = context.services
    lang = services.t.language_for(user.language_code)
    async with services.db.begin() as session:
        invitation = await guests.open_invitation(session, token, user.id, lang)
    if invitation is None:
        return False
    if invitation.refused:
        await reply(update, context, invitation.refused)
        return True
    seat_id = invitation.seat_id
    rows = [
        [(text(update, context, "btn_guest_agree"), GUEST.encode(Pressed(AGREE, seat_id)))],
        [(text(update, context, "btn_guest_refuse"), GUEST.encode(Pressed(REFUSE, seat_id)))],
    ]
    await reply(
        update,
        context,
        "workgroup_guest_welcome",
        name=invitation.name,
        purpose=invitation.purpose,
        end=service.end_label(invitation.ends_at, services.config),
        number=invitation.number,
        markup=keyboard(rows),
    )
    return True


async def on_guest(update: Update, context: AppContext) -> None:
    """A guest agrees (their personal link follows) or declines (what was kept is erased)."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    pressed = GUEST.decode(query.data)
    action, seat_id = pressed.action, pressed.number
    services = context.services
    async with services.db.begin() as session:
        waiting = await guests.answer(
            session,
            seat_id,
            user.id,
            agree=action == AGREE,
            now=services.clock.now(),
            account=account_name(user.full_name, user.username),
            confirm=services.config.workgroups.confirm_guests,
        )
    await edit_markup(update, None)
    await answer(update, context)
    if action != AGREE:
        await reply(update, context, "workgroup_guest_refused")
        return
    if waiting:
        await reply(update, context, "workgroup_guest_waiting")
    await services.workgroups.tick()  # their link, or the coordinator's question


async def on_guest_check(update: Update, context: AppContext) -> None:
    """The coordinator confirms a guest's account (their link follows) or refuses it."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    pressed = GUEST_CHECK.decode(query.data)
    services = context.services
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        await guests.confirm(
            session,
            pressed.number,
            coordinator,
            right=pressed.action == RIGHT,
            now=services.clock.now(),
        )
    await edit_markup(update, None)
    await answer(
        update,
        context,
        "workgroup_guest_confirmed" if pressed.action == RIGHT else "workgroup_guest_not_them",
    )
    if pressed.action == RIGHT:
        await services.workgroups.tick()


async def rebind(context: AppContext, old: int, new: int) -> None:
    """Follow a group that Telegram upgraded to a supergroup (its id changes)."""
    services = context.services
    async with services.db.begin() as session:
        number = await chats.move_chat(session, old, new)
    if number is not None:
        log.info("working group %s moved to a supergroup", number)


async def guest_command(update: Update, context: AppContext, command: str) -> None:
    """A guest's /privacy (what is kept, until when) or /stop (erase it and leave the group)."""
    user = update.effective_user
    if user is None:
        return
    services = context.services
    if command == "stop":
        async with services.db.begin() as session:
            await guests.stop(session, user.id, now=services.clock.now())
        await services.workgroups.tick()  # out of the group; then the id is erased too
        await reply(update, context, "workgroup_guest_stopped")
        return
    async with services.db.begin() as session:
        kept = await guests.kept(session, user.id)
    lines = [
        f"• {k.group} ({k.name}, {service.end_label(k.ends_at, services.config)})" for k in kept
    ]
    await reply(update, context, "workgroup_guest_privacy", lines="\n".join(lines))


async def is_guest(context: AppContext, telegram_user_id: int) -> bool:
    """Tell whether this Telegram user is a guest of a working group (not a network member)."""
    services = context.services
    async with services.db.begin() as session:
        return await guests.is_guest(session, telegram_user_id)
