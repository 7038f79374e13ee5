"""/whois NAME: one person's card for the coordinator (status, neighbourhoods, themes, last
response), so they need not scroll through /people."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode

from bot import whois
from bot.feature import Command, Feature, Who
from bot.membership import require_coordinator
from bot.services import AppContext
from bot.text_keys import PERSON_STATUS, ROLE
from handlers.common import language, local_time, reply, text
from storage.repositories import Audit

MAX_QUERY = 64  # characters of a name to look for


async def whois_command(update: Update, context: AppContext) -> None:
    """Show the cards of the people whose name contains the text after /whois."""
    user = update.effective_user
    if user is None:
        return
    name = " ".join(context.args or []).strip()
    if not name or len(name) > MAX_QUERY:
        await reply(update, context, "whois_usage")
        return
    services = context.services
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        found = await whois.find(session, name)
        Audit(session).record(
            at=services.clock.now(),
            action="people.whois",
            actor=coordinator,
            details={"count": found.total},
        )
    if not found.cards:
        await reply(update, context, "whois_none", name=name)
        return
    chat = update.effective_chat
    for card in found.cards:
        body = text(update, context, "whois_card", **_card_values(update, context, card))
        if chat is not None:
            await context.bot.send_message(chat.id, body, parse_mode=ParseMode.HTML)
    if found.total > len(found.cards):
        await reply(update, context, "whois_more", count=found.total - len(found.cards))


def _card_values(update: Update, context: AppContext, card: whois.Card) -> dict[str, object]:
    person, network = card.person, context.services.config.network
    lang = language(update, context)
    none = text(update, context, "whois_nothing")
    themes = [t.label(lang) if (t := network.theme(k)) else k for k in card.themes]
    return {
        "name": person.display_name
        + (f" (Telegram: {person.telegram_name})" if person.telegram_name else ""),
        "role": text(update, context, ROLE[person.role]),
        "status": text(update, context, PERSON_STATUS[person.status]),
        "wijken": ", ".join(n.wijk for n in person.neighbourhoods) or none,
        "themes": ", ".join(themes) or none,
        "last": local_time(update, context, card.last_response)
        if card.last_response
        else text(update, context, "whois_never"),
    }


FEATURE = Feature(
    name="whois",
    commands=(Command("whois", whois_command, Who.COORDINATOR, menu=115, text="cmd_whois"),),
)
