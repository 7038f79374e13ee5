"""Last-resort answers: unknown commands, unexpected content, stale buttons, and errors."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Update
from telegram.constants import MessageLimit, ParseMode
from telegram.error import Conflict, Forbidden, TelegramError
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.errors import SleutelnetError
from bot.logsetup import frames
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
    if update is None and isinstance(error, Conflict):
        # Polling: another process asked Telegram for updates with this token. One WARNING
        # per ten minutes (with the count), no traceback, no admin report: it is not a bug.
        held = _hold_back(context, "Conflict")
        if held is not None:
            log.warning(
                "Telegram answered 409 Conflict (%d more since the last warning): another "
                "process polls with this bot token; only one may",
                held,
            )
        return
    if isinstance(error, Forbidden):
        # The person blocked the bot (or left the chat): their doing, not a fault of ours.
        log.info("update %s: the person can no longer be written to", update_id)
        return
    outage = error is not None and is_transient(error)
    if outage:
        # The database is away for now: one line, no traceback (its query holds what people
        # wrote), and the person is told to try again; nothing was stored half-way.
        what = describe(error) if error is not None else "unknown"
        log.warning("update %s not handled: database unavailable (%s)", update_id, what)
    else:
        # Never log the update, nor an exception's message: they carry what people wrote.
        what = f"{describe(error)}\n{frames(error)}" if error is not None else "unknown"
        log.error("error while handling update %s: %s", update_id, what)
    # Decided when the error happens (the bot's clock), before anything is sent.
    held_back = _hold_back(context, "outage" if outage else type(error).__name__)
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
    if admin_chat is not None and held_back is not None:
        t = context.services.t
        try:
            await context.bot.send_message(
                admin_chat,
                t(
                    t.default_language,
                    "admin_error_more" if held_back else "admin_error",
                    update_id=update_id,
                    error=type(error).__name__,
                    more=held_back,
                ),
                parse_mode=ParseMode.HTML,
            )
        except TelegramError:
            log.warning("cannot reach the admin chat %s", admin_chat)


REPORT_EVERY = timedelta(minutes=10)  # one admin report per kind of error, counting the rest


def _hold_back(context: AppContext, kind: str) -> int | None:
    """Return how many errors of this kind went unreported since the last report, if one is
    due now; None while the last report of this kind is younger than REPORT_EVERY."""
    now = context.services.clock.now()
    reports = context.bot_data.reports
    last, held = reports.get(kind, (None, 0))
    if last is not None and now - last < REPORT_EVERY:
        reports[kind] = (last, held + 1)
        return None
    reports[kind] = (now, 0)
    return held


HANDLERS = [
    MessageHandler(filters.COMMAND, unknown_command),
    MessageHandler(filters.TEXT, plain_text),
    MessageHandler(filters.ALL, other_content),
    CallbackQueryHandler(stale_button),
]
