"""Network news (/news): a silent, shareable message to everyone, to celebrate what went well
and keep the network warm; it goes through the alert outbox like any alert."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update

from bot import news
from bot.alerts.service import clean_text
from bot.buttons import Codec
from bot.feature import Button, Command, Feature, Who
from bot.membership import require_coordinator
from bot.services import AppContext
from handlers.common import answer, edit_markup, keyboard, reply, text

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
    body = clean_text(parts[1])
    services = context.services
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        alert = await news.prepare(
            session,
            coordinator,
            body,
            language=services.t.default_language,
            now=services.clock.now(),
        )
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
        if action == DROP:
            await news.drop(session, coordinator, number)
        else:
            count = await news.send(session, coordinator, number, now=services.clock.now())
    await edit_markup(update, None)
    await answer(update, context)
    if action == DROP:
        await reply(update, context, "news_dropped")
        return
    services.alerts.wake()
    await reply(update, context, "news_sent", number=number, count=count)


FEATURE = Feature(
    name="news",
    commands=(Command("news", news_command, Who.COORDINATOR, menu=150, text="cmd_news"),),
    buttons=(Button(NEWS, on_news, Who.COORDINATOR),),
)
