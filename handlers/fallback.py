"""Last-resort answers: unknown commands, unexpected content, stale buttons, and errors."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.constants import MessageLimit, ParseMode
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.errors import SleutelnetError
from bot.services import AppContext
from bot.supervisor import describe
from handlers.common import answer, reply, text
from storage.db import is_transient

log = logging.getLogger(__name__)


async def unknown_command(update: Update, context: AppContext) -> None:
    """Say the command does not exist."""
    await reply(update, context, "unknown_command")


async def plain_text(update: Update, context: AppContext) -> None:
    """Say free text is not stored (yet): only commands are understood."""
    message = update.message
    length = len(message.text or "") if message else 0
    if length > MessageLimit.MAX_TEXT_LENGTH:
        await reply(update, context, "too_long", length=length, limit=MessageLimit.MAX_TEXT_LENGTH)
        return
    await reply(update, context, "not_understood")


async def other_content(update: Update, context: AppContext) -> None:
    """Say stickers, photos, voice and the like are not handled here."""
    await reply(update, context, "text_only")


async def unsupported(update: Update, context: AppContext) -> None:
    """Say which kinds of message a signal can hold (stickers, polls, contacts cannot)."""
    await reply(update, context, "signal_unsupported")


async def stale_button(update: Update, context: AppContext) -> None:
    """Answer a button whose data no handler recognises (old or forged)."""
    person = context.person
    log.info("unrecognised callback data from person %s", person.id if person else None)
    await answer(update, context, "stale_button")


async def on_error(update: object, context: AppContext) -> None:
    """Turn domain errors into friendly answers; log and report everything else."""
    error = context.error
    if isinstance(update, Update) and isinstance(error, SleutelnetError):
        if update.callback_query is not None:
            await answer(update, context, error.message_key, **error.values)
        else:
            message = text(update, context, error.message_key, **error.values)
            if update.effective_chat is not None:
                await context.bot.send_message(
                    update.effective_chat.id, message, parse_mode=ParseMode.HTML
                )
        return
    update_id = update.update_id if isinstance(update, Update) else None
    outage = error is not None and is_transient(error)
    if outage:
        # The database is away for now: one line, no traceback (its query holds what people
        # wrote), and the person is told to try again; nothing was stored half-way.
        what = describe(error) if error is not None else "unknown"
        log.warning("update %s not handled: database unavailable (%s)", update_id, what)
    else:
        # Never log the update itself: it carries what people wrote.
        log.error("error while handling update %s", update_id, exc_info=error)
    if isinstance(update, Update):
        key = "error_unavailable" if outage else "error_generic"
        try:
            if update.callback_query is not None:
                await answer(update, context, key)
            else:
                await reply(update, context, key)
        except TelegramError:  # the user may have blocked us; the log has the original error
            log.warning("could not tell the user about error in update %s", update_id)
    admin_chat = context.services.config.admin_chat_id
    if admin_chat is not None and not (outage and _reported_recently(context)):
        t = context.services.t
        try:
            await context.bot.send_message(
                admin_chat,
                t(
                    t.default_language,
                    "admin_error",
                    update_id=update_id,
                    error=type(error).__name__,
                ),
                parse_mode=ParseMode.HTML,
            )
        except TelegramError:
            log.warning("cannot reach the admin chat %s", admin_chat)


OUTAGE_REPORT_EVERY = 600.0  # seconds: one admin report per database outage, not one per update


def _reported_recently(context: AppContext) -> bool:
    """Tell whether an outage was reported to the admin chat in the last OUTAGE_REPORT_EVERY."""
    now = asyncio.get_running_loop().time()
    last = context.bot_data.outage_reported_at
    if last is not None and now - last < OUTAGE_REPORT_EVERY:
        return True
    context.bot_data.outage_reported_at = now
    return False


HANDLERS = [
    MessageHandler(filters.COMMAND, unknown_command),
    MessageHandler(filters.TEXT, plain_text),
    MessageHandler(filters.ALL, other_content),
    CallbackQueryHandler(stale_button),
]
