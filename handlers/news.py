"""Network news (/news): a silent, shareable message to everyone, to celebrate what went well
and keep the network warm; it goes through the alert outbox like any alert."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.alerts import service
from bot.alerts.audience import Audience, AudienceKind
from bot.alerts.compose import require_coordinator
from bot.errors import AlertAudienceEmpty, StaleAction
from bot.services import AppContext
from handlers.common import answer, edit_markup, keyboard, parse_id, reply, text
from storage.models import AlertKind, AlertStatus

NEWS = "nw:"
GO, DROP = "go", "x"
COMMANDS = frozenset({"news"})
CALLBACKS = frozenset({NEWS})


async def news_command(update: Update, context: AppContext) -> None:
    """Prepare network news from the text after /news, and show it before it goes out."""
    user = update.effective_user
    message = update.message
    if user is None or message is None:
        return
    parts = (message.text or "").split(maxsplit=1)
    if len(parts) < 2 or not parts[1].strip():
        await reply(update, context, "news_usage")
        return
    body = service.clean_text(parts[1])
    services = context.services
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        alert = await service.blank_alert(session, coordinator, now=services.clock.now())
        alert.kind = AlertKind.NEWS
        alert.texts = {services.t.default_language: body}
        alert.audience = Audience(AudienceKind.ALL).to_json()
        alert.silent = alert.shareable = True  # it waits for a button, never for text
        number = alert.id
    rows = [
        [(text(update, context, "btn_news_send"), f"{NEWS}{GO}:{number}")],
        [(text(update, context, "btn_cancel"), f"{NEWS}{DROP}:{number}")],
    ]
    await reply(update, context, "news_preview", text=body, markup=keyboard(rows))


async def on_news(update: Update, context: AppContext) -> None:
    """Send or drop prepared news (the author only, and only once)."""
    query = update.callback_query
    user = update.effective_user
    if query is None or query.data is None or user is None:
        return
    action, _, raw = query.data[len(NEWS) :].partition(":")
    number = parse_id(raw)
    if number is None or action not in (GO, DROP):
        raise StaleAction
    services = context.services
    count = 0
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        alert = await service.get(session, number, for_update=True)
        if (
            alert.kind is not AlertKind.NEWS
            or alert.status is not AlertStatus.DRAFT
            or alert.created_by_id != coordinator.id
        ):
            raise StaleAction
        if action == DROP:
            await session.delete(alert)
        else:
            try:
                count = await service.confirm(session, alert, coordinator, now=services.clock.now())
            except AlertAudienceEmpty:
                await session.delete(alert)
    await edit_markup(update, None)
    await answer(update, context)
    if action == DROP:
        await reply(update, context, "news_dropped")
        return
    services.alerts.wake()
    await reply(update, context, "news_sent", number=number, count=count)


HANDLERS = [
    CommandHandler("news", news_command),
    CallbackQueryHandler(on_news, pattern=f"^{NEWS}"),
]
