"""Working groups seen from Telegram: the bot being added to a group (bind it, or leave),
join requests (only the person a link was made for gets in), /members in the group, and a
guest's deep link with consent for this one group."""

from __future__ import annotations

import logging

from sqlalchemy import select
from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import TelegramError

from bot.buttons import Codec, Pressed
from bot.errors import StaleAction
from bot.services import AppContext
from bot.workgroups import service
from handlers.common import answer, edit_markup, keyboard, reply, text
from storage.models import Person
from storage.repositories import Audit
from storage.workgroup_models import Seat, SeatState, WorkgroupStatus

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
    async with services.db.begin() as session:
        group = await service.by_chat(session, chat.id)
        adder = await service.is_coordinator(session, change.from_user.id)
        waiting = await service.waiting_of(session, adder) if adder else None
        fresh = group is None
        if group is None and present and waiting is not None and adder is not None:
            service.bind(waiting, chat.id, lacking, now=now)
            Audit(session).record(
                at=now, action="workgroup.bind", actor=adder, details={"workgroup": waiting.id}
            )
            group = waiting
        if group is None:
            owner = None
        else:
            owner = await session.get(Person, group.created_by_id) if group.created_by_id else None
            had_all = not fresh and group.missing_rights == ""
            # Without the bot in the group nothing can be done there: every right is missing.
            group.missing_rights = ",".join(lacking)
            number, name, live = group.id, group.name, group.status is WorkgroupStatus.ACTIVE
            pinned = group.pinned_message_id is not None
    if group is None:
        if present:  # not added by a coordinator with a working group waiting for it
            await _leave(context, chat.id)
        return
    if not fresh and waiting is not None and adder is not None and waiting.id != number:
        await _tell(context, adder, "workgroup_already_bound", number=number, name=name)
    if owner is None or not live:
        return  # an archived group: nothing to bind, pin or send any more
    if not present:
        await _tell(context, owner, "workgroup_bot_removed", number=number, name=name)
    elif lacking:
        labels = ", ".join(text(update, context, f"right_{r}") for r in lacking)
        await _tell(context, owner, "workgroup_rights_missing", number=number, rights=labels)
        await _send(context, chat.id, "workgroup_rights_missing_group", rights=labels)
    elif not had_all:
        if not pinned:
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
    end = (
        f"{group.ends_at.astimezone(services.config.network.timezone):%d-%m-%Y}"
        if group.ends_at
        else "?"
    )
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
        stored = await service.get(session, number, for_update=True)
        stored.pinned_message_id = sent.message_id


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
    approve = False
    seat_id = None
    async with services.db.begin() as session:
        group = await service.by_chat(session, request.chat.id)
        seat = await service.seat_of_link(session, group, link) if group and link else None
        if group is not None and group.status is WorkgroupStatus.ACTIVE and seat is not None:
            owner = await service.telegram_id(session, seat)
            # JOINED too: someone who left the group may come back with their own link.
            live = seat.state in (SeatState.INVITED, SeatState.JOINED)
            approve = owner == request.from_user.id and live
            seat_id = seat.id
        if not approve and group is not None:
            # Nothing about the stranger is kept: only that a request was declined.
            Audit(session).record(
                at=services.clock.now(),
                action="workgroup.join_declined",
                actor=None,
                actor_label="system",
                details={"workgroup": group.id},
            )
    try:
        if approve:
            await request.approve()
        else:
            await request.decline()
    except TelegramError as error:
        log.warning("join request not answered: %s", error)
        return  # the seat stays as it was: they can ask again
    if approve:
        async with services.db.begin() as session:
            stored = await session.get(Seat, seat_id)
            if stored is not None:
                stored.state, stored.joined_at = SeatState.JOINED, services.clock.now()


async def members_command(update: Update, context: AppContext) -> None:
    """In a working group: list who is in (coordinators only; others are ignored)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    services = context.services
    lines = []
    async with services.db.begin() as session:
        if await service.is_coordinator(session, user.id) is None:
            return
        group = await service.by_chat(session, chat.id)
        if group is None:
            return
        for seat in await service.seats(session, group.id):
            if seat.state is SeatState.JOINED:
                lines.append(f"• {await service.name_of(session, seat)}")
    await reply(
        update,
        context,
        "workgroup_members",
        count=len(lines),
        lines="\n".join(lines) or text(update, context, "none"),
    )


async def guest_start(update: Update, context: AppContext, token: str) -> bool:
    """Open a guest invitation (/start wg-…); False if the token is not a guest's."""
    user = update.effective_user
    if user is None:
        return False
    services = context.services
    async with services.db.begin() as session:
        seat = await service.guest_seat(session, token)
        if seat is None:
            return False
        group = await service.get(session, seat.workgroup_id)
        if group.status is not WorkgroupStatus.ACTIVE or seat.erased_at is not None:
            key = "workgroup_guest_closed"
        elif seat.guest_user_id not in (None, user.id):
            key = "invite_used"
        else:
            seat.guest_user_id = user.id  # kept only for this group; erased if they decline
            seat.guest_language = services.t.language_for(user.language_code)
            key = ""
        number, name, purpose, seat_id = group.id, group.name, group.purpose, seat.id
        end = (
            f"{group.ends_at.astimezone(services.config.network.timezone):%d-%m-%Y}"
            if group.ends_at
            else "?"
        )
    if key:
        await reply(update, context, key)
        return True
    rows = [
        [(text(update, context, "btn_guest_agree"), GUEST.encode(Pressed(AGREE, seat_id)))],
        [(text(update, context, "btn_guest_refuse"), GUEST.encode(Pressed(REFUSE, seat_id)))],
    ]
    await reply(
        update,
        context,
        "workgroup_guest_welcome",
        name=name,
        purpose=purpose,
        end=end,
        number=number,
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
        seat = await session.get(Seat, seat_id, with_for_update=True)
        if seat is None or seat.guest_user_id != user.id or seat.consented_at is not None:
            raise StaleAction
        group = await service.get(session, seat.workgroup_id)
        if action == AGREE and group.status is WorkgroupStatus.ACTIVE:
            seat.consented_at = services.clock.now()
        elif action == REFUSE:
            seat.guest_user_id = seat.guest_language = seat.guest_token_hash = None
            seat.guest_name = None
            seat.state, seat.gone_at = SeatState.GONE, services.clock.now()
            seat.erased_at = services.clock.now()
        else:
            raise StaleAction
    await edit_markup(update, None)
    await answer(update, context)
    if action == AGREE:
        await services.workgroups.tick()
    else:
        await reply(update, context, "workgroup_guest_refused")


async def rebind(context: AppContext, old: int, new: int) -> None:
    """Follow a group that Telegram upgraded to a supergroup (its id changes)."""
    services = context.services
    async with services.db.begin() as session:
        group = await service.by_chat(session, old)
        if group is not None and await service.by_chat(session, new) is None:
            group.chat_id = new
            log.info("working group %s moved to a supergroup", group.id)


async def guest_command(update: Update, context: AppContext, command: str) -> None:
    """A guest's /privacy (what is kept, until when) or /stop (erase it and leave the group)."""
    user = update.effective_user
    if user is None:
        return
    services = context.services
    now = services.clock.now()
    lines = []
    async with services.db.begin() as session:
        stmt = select(Seat).where(Seat.guest_user_id == user.id, Seat.erased_at.is_(None))
        for seat in (await session.execute(stmt)).scalars():
            group = await service.get(session, seat.workgroup_id)
            until = service.end_label(group.ends_at, services.config)
            lines.append(f"• {group.name} ({seat.guest_name}, {until})")
            if command == "stop":
                seat.guest_name = seat.guest_token_hash = seat.guest_language = None
                seat.state = SeatState.LEAVING if seat.state is SeatState.JOINED else SeatState.GONE
                seat.gone_at = now
                if seat.state is SeatState.GONE:
                    seat.guest_user_id, seat.erased_at = None, now
    if command == "stop":
        await services.workgroups.tick()  # out of the group; then the id is erased too
        await reply(update, context, "workgroup_guest_stopped")
    else:
        await reply(update, context, "workgroup_guest_privacy", lines="\n".join(lines))


async def is_guest(context: AppContext, telegram_user_id: int) -> bool:
    """Tell whether this Telegram user is a guest of a working group (not a network member)."""
    services = context.services
    async with services.db.begin() as session:
        stmt = select(Seat.id).where(
            Seat.guest_user_id == telegram_user_id, Seat.erased_at.is_(None)
        )
        return (await session.execute(stmt.limit(1))).first() is not None
