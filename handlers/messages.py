"""The one place that decides where a message that is not a command goes.

Coordinators: the alert draft waiting for text, an alert correction, a signal reply or closing
message. Members: the question they pressed 'Question' for, else a signal. Anything else gets
a clear answer from the fallbacks.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.services import AppContext
from handlers import (
    alert_feedback,
    alerts,
    fallback,
    meetings,
    signal_desk,
    signals,
    workgroups,
)
from storage.models import Role


async def on_message(update: Update, context: AppContext) -> None:
    """Route a plain message (text, photo, file, voice note, location, ...) to its feature."""
    message = update.message
    user = update.effective_user
    person = context.person
    if message is None or user is None or person is None:
        return
    body = message.text if message.text is not None else message.caption
    if person.role is Role.COORDINATOR:
        # A signal reply first: its intent is cleared whenever an alert dialogue starts.
        if await signal_desk.take_text(update, context, person):
            return
        if await meetings.take_text(update, context, person):
            return
        if await workgroups.take_text(update, context, person):
            return
        if body is not None and (
            await alerts.take_text(update, context, user.id, body)
            or await alert_feedback.take_correction(update, context, user.id, body)
        ):
            return
        if message.text is None:
            await fallback.other_content(update, context)
        else:
            await fallback.plain_text(update, context)
        return
    if body is not None and await alert_feedback.take_question(update, context, person, body):
        return
    content = signals.content_of(message)
    if content is None:
        await fallback.unsupported(update, context)
        return
    await signals.report(update, context, person, content)


HANDLERS = [MessageHandler(~filters.COMMAND & ~filters.StatusUpdate.ALL, on_message)]
