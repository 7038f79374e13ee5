"""The one place that decides where a message that is not a command goes.

The person's dialogue (bot.dialogue) says what their next message means, and its feature takes
it. Coordinators' Telegram replies to a signal's card answer that signal whatever dialogue is
open. Without a dialogue a member's message is a signal; a coordinator's file goes to the
feature that takes it (a list of people to invite), and otherwise coordinators get a clear
answer from the fallbacks.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot import dialogue
from bot.services import AppContext
from handlers import fallback
from storage.models import Role


async def on_message(update: Update, context: AppContext) -> None:
    """Route a plain message (text, photo, file, voice note, location, ...) to its feature."""
    message = update.message
    person = context.person
    if message is None or person is None:
        return
    services = context.services
    async with services.db.begin() as session:
        current = await dialogue.current(session, person.id, now=services.clock.now())
    coordinator = person.role is Role.COORDINATOR
    for take_reply in services.features.reply_hooks:
        if await take_reply(update, context, person, current):
            return
    step = services.features.text_steps.get(current.feature) if current is not None else None
    if (
        current is not None
        and step is not None
        and await step.callback(update, context, person, current)
    ):
        return
    if coordinator:
        for take_file in services.features.file_hooks if message.document else ():
            if await take_file(update, context, person):
                return
        if message.text is None:
            await fallback.other_content(update, context)
        else:
            await fallback.plain_text(update, context)
        return
    if services.features.on_message is None:
        await fallback.unsupported(update, context)
        return
    await services.features.on_message(update, context, person)


HANDLERS = [MessageHandler(~filters.COMMAND & ~filters.StatusUpdate.ALL, on_message)]
