"""Small helpers every feature module shares: language, replies, keyboards, command names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest

from bot.buttons import parse_index
from bot.i18n import Safe
from bot.invites import NewInvite
from bot.services import AppContext
from bot.text_keys import ROLE


def language(update: Update, context: AppContext) -> str:
    """Return the language to answer in: the person's, else their Telegram language."""
    if context.person is not None:
        return context.person.language
    user = update.effective_user
    return context.services.t.language_for(user.language_code if user else None)


def text(update: Update, context: AppContext, key: str, /, **values: object) -> Safe:
    """Render a catalog entry for whoever sent this update."""
    services = context.services
    values.setdefault("network", services.config.network.name)
    return services.t(language(update, context), key, **values)


def local_time(update: Update, context: AppContext, moment: datetime, *, time: bool = True) -> str:
    """Format a UTC moment in the network's time zone and the reader's date format."""
    services = context.services
    tz = services.config.network.timezone
    return services.t.moment(language(update, context), moment, tz, time=time)


async def reply(
    update: Update,
    context: AppContext,
    key: str,
    /,
    *,
    markup: InlineKeyboardMarkup | None = None,
    **values: object,
) -> Message | None:
    """Send a catalog text to the chat the update came from."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await context.bot.send_message(
        chat_id=chat.id,
        text=text(update, context, key, **values),
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
    )


async def answer(
    update: Update, context: AppContext, key: str | None = None, /, **values: object
) -> None:
    """Answer the update's callback query, with a short catalog text if given."""
    query = update.callback_query
    if query is None:
        return
    await query.answer(text(update, context, key, **values) if key else None)


def keyboard(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """Build an inline keyboard from rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def command_name(update: Update) -> str | None:
    """Return the lower-case command of a message ('/Start@bot x' -> 'start'), or None."""
    message = update.message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    entities = message.entities
    if not entities or entities[0].offset != 0 or entities[0].type != "bot_command":
        return None
    return message.text[1 : entities[0].length].split("@", 1)[0].lower()


parse_id = parse_index
ECHO_LIMIT = 40  # characters of something a person typed that a usage answer repeats


def fitting_lines(header: str, lines: Iterable[str]) -> list[str]:
    """Return the leading lines that fit one message under `header`, leaving room for the
    range shown after it (each line cut to fit on its own; always at least one line)."""
    most = MessageLimit.MAX_TEXT_LENGTH - len(header) - 64  # 64: the range, e.g. " · 26–50"
    room = most
    kept: list[str] = []
    for line in lines:
        line = cut_html(line, most)
        room -= len(line) + 1
        if room < 0 and kept:
            break
        kept.append(line)
    return kept


def cut_html(line: str, most: int) -> str:
    """Shorten an HTML line (no tags) to `most` characters without breaking an entity."""
    if len(line) <= most:
        return line
    line = line[: most - 1]
    if line.rfind("&") > line.rfind(";"):
        line = line[: line.rfind("&")]
    return line + "…"


def echo(typed: str, limit: int = ECHO_LIMIT) -> str:
    """Shorten what a person typed before an answer repeats it ('…' marks the cut)."""
    return typed if len(typed) <= limit else typed[: limit - 1] + "…"


async def edit_markup(update: Update, markup: InlineKeyboardMarkup | None) -> None:
    """Replace the keyboard of the pressed message; a double tap's identical edit is harmless."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    try:
        await query.edit_message_reply_markup(markup)
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


async def edit_text(update: Update, body: str, markup: InlineKeyboardMarkup | None) -> None:
    """Replace the pressed message's text and keyboard (HTML); an identical edit is harmless."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    try:
        await query.edit_message_text(body, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


def pack_lines(lines: Sequence[str], limit: int) -> list[str]:
    """Pack lines into as few messages as fit Telegram's length limit."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit and current:
            chunks.append(current)
            candidate = line
        current = candidate
    if current:
        chunks.append(current)
    return chunks


async def reply_invitation(
    update: Update,
    context: AppContext,
    new: NewInvite,
    *,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Answer with a new invitation: who it is for, the role, until when, and the link."""
    await reply(
        update,
        context,
        "invite_created",
        name=new.invite.name,
        role=text(update, context, ROLE[new.invite.role]),
        expires=local_time(update, context, new.invite.expires_at),
        link=new.link,
        markup=markup,
    )
