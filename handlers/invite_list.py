"""A coordinator sends a CSV file of people to invite and gets their personal links back.

The same checks as `sleutelnet invite import` (bot.invite_import): the whole file first, every
bad line named, nothing stored unless all is well; people already invited or members are
skipped. The links come back as a file in the coordinator's chat.
"""

from __future__ import annotations

import html

from telegram import InputFile, Update
from telegram.constants import ParseMode

from bot import invite_import
from bot.feature import Feature
from bot.services import AppContext
from handlers.common import fitting_lines, reply, text
from storage.models import Person


def _is_csv(update: Update) -> bool:
    message = update.message
    document = message.document if message is not None else None
    if document is None:
        return False
    name = (document.file_name or "").lower()
    return name.endswith(".csv") or document.mime_type in (
        "text/csv",
        "text/comma-separated-values",
    )


async def on_file(update: Update, context: AppContext, person: Person) -> bool:
    """Take a coordinator's CSV file as a list of people to invite."""
    message = update.message
    chat = update.effective_chat
    if not _is_csv(update) or message is None or message.document is None or chat is None:
        return False
    document = message.document
    if (document.file_size or 0) > invite_import.MAX_BYTES:
        await reply(update, context, "invite_import_too_big", kb=invite_import.MAX_BYTES // 1000)
        return True
    data = bytes(await (await document.get_file()).download_as_bytearray())
    services = context.services
    try:
        rows = invite_import.parse(data, services.config)
    except invite_import.ImportRefused as refused:
        header = text(update, context, "invite_import_refused")
        lines = fitting_lines(header, [html.escape(p) for p in refused.problems])
        await context.bot.send_message(
            chat.id, "\n".join([header, *lines]), parse_mode=ParseMode.HTML
        )
        return True
    async with services.db.begin() as session:
        done = await invite_import.invite_all(
            session,
            services.config,
            rows,
            now=services.clock.now(),
            expires_in=None,
            created_by=person,
            actor_label=None,
        )
    skipped = ", ".join(str(row.line) for row in done.skipped) or "–"
    caption = text(update, context, "invite_import_done", count=len(done.invited), skipped=skipped)
    if not done.invited:
        await context.bot.send_message(chat.id, caption, parse_mode=ParseMode.HTML)
        return True
    await context.bot.send_document(
        chat.id,
        InputFile(
            invite_import.links_csv(done, services.config),
            filename=text(update, context, "invite_import_file_name"),
        ),
        caption=caption,
        parse_mode=ParseMode.HTML,
    )
    return True


FEATURE = Feature(name="invite_list", on_file=on_file)
