"""Network news (/news): a silent, shareable message to everyone, to celebrate what went well
and keep the network warm; it goes through the alert outbox like any alert."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update

from bot.alerts import service
from bot.alerts.audience import Audience, AudienceKind
from bot.buttons import Codec
from bot.errors import AlertAudienceEmpty, StaleAction
from bot.feature import Button, Command, Feature, Who
from bot.membership import require_coordinator
from bot.services import AppContext
from handlers.common import answer, edit_markup, keyboard, reply, text
from storage.models import AlertKind, AlertStatus

GO, DROP = "go", "x"


@dataclass(frozen=True, slots=True)
class NewsChoice:
    """Send or drop prepared news."""

    action: str
    number: int


NEWS = Codec("nw", NewsChoice, choices={"action": (GO, DROP)})


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
        [(text(update, context, "btn_news_send"), NEWS.encode(NewsChoice(GO, number)))],
        [(text(update, context, "btn_cancel"), NEWS.encode(NewsChoice(DROP, number)))],
    ]
    await reply(update, context, "news_preview", text=body, markup=keyboard(rows))


async def on_news(update: Update, context: AppContext) -> None:
    """Send or drop prepared news (the author only, and only once)."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    choice = NEWS.decode(query.data)
    action, number = choice.action, choice.number
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


FEATURE = Feature(
    name="news",
    commands=(Command("news", news_command, Who.COORDINATOR, menu=150),),
    buttons=(Button(NEWS, on_news, Who.COORDINATOR),),
)
