"""The preview's send button: queue the alert, let its first copy go, then show the status."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode

from bot.alerts import compose, service, status
from bot.errors import AlertAudienceEmpty, StaleAction
from bot.membership import require_coordinator
from bot.services import AppContext
from handlers.alerts import compose as alert_compose
from handlers.common import answer, edit_markup, local_time, reply
from storage.models import AlertStatus

# How long the coordinator's preview edit and status message wait for the alert's first copy.
FIRST_COPY_WAIT = 0.5


async def confirm(update: Update, context: AppContext, user_id: int, number: int) -> None:
    """Send the previewed alert: copies first, then the coordinator's status message."""
    services = context.services
    chat = update.effective_chat
    if chat is None:
        return
    now = services.clock.now()
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user_id)
        alert = await service.get(session, number, for_update=True)
        if alert.created_by_id != coordinator.id:
            raise StaleAction
        if alert.status is AlertStatus.DRAFT and (
            await compose.step_of(session, coordinator, alert, now=now) != compose.PREVIEW
        ):
            raise StaleAction  # only the preview's own button sends: nothing unseen goes out
        try:
            # Counted after the commit: the first copies leave without waiting for it.
            count = await service.confirm(session, alert, coordinator, now=now, count=False)
            due_now = alert.send_at is None or alert.send_at <= now
            if due_now:
                services.alerts.expect_first_copy(number)
        except AlertAudienceEmpty:
            count = 0
            await compose.go_to(session, coordinator, alert, compose.AUDIENCE, now=now)
    if count:
        services.alerts.wake()  # the copies are committed: the first goes out now
        async with services.db.read() as session:  # not in the sender's way
            count = await service.count_recipients(session, number)
        async with services.db.begin() as session:
            await service.record_count(session, number, count)
        async with services.db.read() as session:
            counts = await service.counts(session, number)
        if due_now:  # the alert takes the first free slot, the preview's edit the next
            await services.alerts.first_copy_out(number, within=FIRST_COPY_WAIT)
    await edit_markup(update, None)
    if count == 0:
        await reply(update, context, AlertAudienceEmpty.message_key)
        await alert_compose.send_audience(update, context, alert)
        await answer(update, context)
        return
    lang = coordinator.language
    shown = await context.bot.send_message(
        chat.id,
        status.status_text(services.t, lang, alert, counts),
        parse_mode=ParseMode.HTML,
        reply_markup=status.status_buttons(services.t, lang, alert),
    )
    async with services.db.begin() as session:
        await status.remember_message(session, number, chat.id, shown.message_id)
    if alert.send_at is not None and alert.send_at > now:
        await reply(
            update,
            context,
            "alert_scheduled",
            number=number,
            when=local_time(update, context, alert.send_at),
        )
    await answer(update, context, "alert_confirmed", number=number, count=count)
