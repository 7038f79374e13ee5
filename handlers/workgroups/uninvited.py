"""Someone came into a working group's Telegram group without a seat: the bot removes them at
once, the outbox tells the coordinator, who lets them in as a guest or keeps them out."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.invites import account_name
from bot.membership import require_coordinator
from bot.services import AppContext
from bot.workgroups import intruders
from bot.workgroups.notices import KEEP_OUT, LET_IN, UNINVITED
from handlers.common import answer, edit_markup, reply
from handlers.workgroups.chat import IN_GROUP


async def on_chat_member(update: Update, context: AppContext) -> None:
    """Someone joined a working group's group: without a seat (added directly by a member, or
    through a link the bot did not make) they are removed at once; the coordinator hears."""
    change = update.chat_member
    if change is None or change.chat.type == ChatType.PRIVATE:
        return
    old, new = change.old_chat_member, change.new_chat_member
    if new.status not in IN_GROUP or old.status in IN_GROUP or new.user.id == context.bot.id:
        return
    services, user = context.services, new.user
    async with services.db.begin() as session:
        found = await intruders.arrival(
            session,
            change.chat.id,
            user.id,
            account_name(user.full_name, user.username),
            now=services.clock.now(),
        )
    if found is not None and found.seat_id is not None:
        await services.workgroups.remove_uninvited(found.seat_id, found.number)


async def on_uninvited(update: Update, context: AppContext) -> None:
    """The coordinator lets someone uninvited in as a guest (a link for their account only, to
    forward) or keeps them out (what was kept of them goes)."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    pressed = UNINVITED.decode(query.data)
    services = context.services
    now = services.clock.now()
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        if pressed.action == LET_IN:
            admitted = await intruders.admit(session, pressed.number, coordinator, now=now)
        else:
            await intruders.keep_out(session, pressed.number, coordinator, now=now)
    await edit_markup(update, None)
    await answer(update, context)
    if pressed.action == KEEP_OUT:
        await reply(update, context, "workgroup_uninvited_kept_out")
        return
    link = f"https://t.me/{services.config.telegram.bot_username}?start={admitted.token}"
    await reply(
        update,
        context,
        "workgroup_uninvited_let_in",
        number=admitted.number,
        name=admitted.account,
        link=link,
    )
