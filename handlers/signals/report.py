"""Reporting signals: /signal, any message that is not a command, the draft form, the receipt.

A key person types (or sends a photo, file, voice note or location); the bot shows a small
form with sensible defaults, so one tap on 'Send' files it. Everything is refused and nothing
is stored for people who may not report.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.errors import SignalNotAllowed, SignalUnknown, StaleAction
from bot.services import AppContext
from bot.signals import form, render, service
from bot.signals.render import FORM
from bot.signals.service import Content
from handlers import fallback
from handlers.common import answer, edit_markup, parse_id, reply, text
from storage.dialogue_models import Dialogue
from storage.models import Person
from storage.repositories import Consents, People
from storage.signal_models import EntryKind, EntryRole, Signal, SignalStatus

STATUS_KEYS = {
    SignalStatus.OPEN: "signal_status_open",
    SignalStatus.TAKEN: "signal_status_taken",
    SignalStatus.CLOSED: "signal_status_closed",
}


def content_of(message: Message) -> Content | None:
    """Return what a message holds in signal terms, or None for unsupported content."""
    group = message.media_group_id[:64] if message.media_group_id else None  # the column
    if message.text is not None:
        return Content(EntryKind.TEXT, message.text)
    if message.photo:
        return Content(EntryKind.PHOTO, message.caption, message.photo[-1].file_id, group)
    if message.document is not None:
        return Content(EntryKind.DOCUMENT, message.caption, message.document.file_id, group)
    if message.voice is not None:
        return Content(EntryKind.VOICE, message.caption, message.voice.file_id)
    if message.location is not None and message.poll is None:
        where = message.location
        return Content(EntryKind.LOCATION, f"{where.latitude},{where.longitude}")
    return None


async def consented_themes(session: AsyncSession, context: AppContext, person: Person) -> list[str]:
    """Return the themes the person consented to, in the network's order."""
    granted = await Consents(session).granted_themes(person)
    return [t.key for t in context.services.config.network.themes if t.key in granted]


async def on_text(update: Update, context: AppContext, person: Person, dialogue: Dialogue) -> bool:
    """Add a reporter's message to the signal they pressed 'Add' on; False for other steps."""
    message = update.message
    if message is None or dialogue.step != service.ADD or dialogue.ref_id is None:
        return False
    content = content_of(message)
    if content is None:
        return False  # the dialogue stays open for what they send next
    await report(update, context, person, content, adding=dialogue.ref_id)
    return True


async def report(
    update: Update,
    context: AppContext,
    person: Person,
    content: Content,
    *,
    adding: int | None = None,
) -> None:
    """File a message as (part of) a signal: a new draft, the draft, or an open signal."""
    message = update.message
    services = context.services
    if message is None:
        return
    service.check_length(content, services.config)
    async with services.db.begin() as session:
        me = await People(session).by_id(person.id)  # checked again in this transaction
        stored = await _store(session, context, me, message, content, adding) if me else None
    if stored is None:
        raise SignalNotAllowed
    number, status, new_form = stored
    if status is not SignalStatus.DRAFT:
        await reply(update, context, "signal_added", number=number)
        services.signals.wake()
        return
    # Parts of an album arrive together: they refresh the one form instead of adding forms.
    edit = not new_form and content.media_group is not None
    await send_form(update, context, number, replace=not new_form and not edit, edit=edit)


async def _store(
    session: AsyncSession,
    context: AppContext,
    me: Person,
    message: Message,
    content: Content,
    adding: int | None,
) -> tuple[int, SignalStatus, bool] | None:
    """Store the content where it belongs; None if this person may not report."""
    if not service.may_report(me):
        return None
    services = context.services
    now = services.clock.now()
    target = await _target(session, me, message, content, adding, now=now)
    new_form = target is None or target.status is SignalStatus.CLOSED
    if target is None or new_form:
        themes = await consented_themes(session, context, me)
        target = await service.start_draft(session, me, services.config, themes, now=now)
    else:
        await service.check_rate(session, me, services.config, now=now, new=False)
    sealer = services.signals.sealer
    if target.status is SignalStatus.DRAFT:
        service.add_entry(session, target, me, EntryRole.REPORT, content, sealer, now=now)
    else:
        await service.add_to_open(session, target, me, content, sealer, now=now)
    return target.id, target.status, new_form


async def _target(
    session: AsyncSession,
    person: Person,
    message: Message,
    content: Content,
    adding: int | None,
    *,
    now: datetime,
) -> Signal | None:
    """Find the signal this message belongs to: 'add' pressed, a reply, an album, the draft."""
    if adding is not None:
        added_to = await service.take_addition(session, person, adding, now=now)
        if added_to is not None:
            return added_to
    replied = message.reply_to_message
    if replied is not None:
        number = await service.signal_of_message(session, message.chat_id, replied.message_id)
        if number is not None:
            signal = await service.get(session, number, for_update=True)
            if signal.reporter_id == person.id:
                return signal
    if content.media_group is not None:
        album = await service.last_media_group(session, person, content.media_group)
        if album is not None:
            return album
    return await service.draft_of(session, person)


async def send_form(
    update: Update, context: AppContext, number: int, *, replace: bool, edit: bool = False
) -> None:
    """Show the draft form below the person's latest message (or refresh it in place)."""
    services = context.services
    async with services.db.begin() as session:
        signal = await service.get(session, number, for_update=True)
        me = await People(session).by_id(signal.reporter_id) if signal.reporter_id else None
        if me is None or signal.status is not SignalStatus.DRAFT:
            return
        themes = await consented_themes(session, context, me)
        parts = len(await service.entries(session, number))
        old = signal.form_message_id
    lang = me.language
    minutes = int(services.config.signals.draft_timeout.total_seconds() // 60)
    text = render.form_text(services.t, services.config, lang, signal, parts, minutes)
    markup = render.form_buttons(services.t, services.config, lang, signal, themes)
    bot = context.bot
    chat = me.telegram_user_id
    try:
        if edit and old is not None:
            await bot.edit_message_text(
                text, chat_id=chat, message_id=old, parse_mode=ParseMode.HTML, reply_markup=markup
            )
            return
        if replace and old is not None:
            await bot.edit_message_reply_markup(chat_id=chat, message_id=old, reply_markup=None)
    except BadRequest as error:
        if "not modified" in error.message:
            return
        # The old form is gone (deleted by the person): show a fresh one instead.
    shown = await bot.send_message(chat, text, parse_mode=ParseMode.HTML, reply_markup=markup)
    async with services.db.begin() as session:
        await form.remember(session, number, shown.message_id)


async def signal_command(update: Update, context: AppContext, person: Person) -> None:
    """For reporters: /signal opens a signal (with text after it), /signal 17 shows its state."""
    args = context.args or []
    if len(args) == 1 and (number := parse_id(args[0])) is not None:
        await _own_status(update, context, person, number)
        return
    if not args:
        if not service.may_report(person):
            await reply(update, context, "signal_not_allowed")
            return
        await reply(update, context, "signal_prompt")
        return
    message = update.message
    text = message.text if message and message.text else ""
    body = text.split(maxsplit=1)[1] if len(text.split(maxsplit=1)) > 1 else ""
    await report(update, context, person, Content(EntryKind.TEXT, body))


async def _own_status(update: Update, context: AppContext, person: Person, number: int) -> None:
    services = context.services
    try:
        async with services.db.begin() as session:
            status = (await service.own(session, person, number)).status
    except SignalUnknown:
        await _refused(context, person, number)
        raise
    if status is SignalStatus.DRAFT:
        await reply(update, context, "signal_status_draft", number=number)
        return
    await reply(update, context, STATUS_KEYS[status], number=number)


async def _refused(context: AppContext, person: Person, number: int) -> None:
    services = context.services
    async with services.db.begin() as session:
        service.record_refusal(session, person, number, now=services.clock.now())


async def on_form(update: Update, context: AppContext) -> None:
    """Handle the reporter's form and receipt buttons; someone else's signal is refused."""
    query = update.callback_query
    person = context.person
    if query is None or query.data is None or person is None:
        return
    pressed = FORM.decode(query.data)
    action, number, arg = pressed.action, pressed.number, pressed.arg
    services = context.services
    try:
        async with services.db.begin() as session:
            me = await People(session).by_id(person.id)  # checked again in this transaction
            if me is None or not service.may_report(me):
                raise SignalNotAllowed
            signal = await service.own(session, me, number)
            themes = await consented_themes(session, context, me)
            await form.apply(
                session, services.config, me, signal, action, arg, themes, now=services.clock.now()
            )
            status = signal.status
    except SignalUnknown:
        await _refused(context, person, number)
        raise StaleAction from None
    if action == render.ADD:
        await answer(update, context)
        await reply(update, context, "signal_add_prompt", number=number)
        return
    if action == render.SEND:
        await answer(update, context, "signal_sent", number=number)
        services.signals.wake()
        await query.edit_message_text(
            text(update, context, "signal_form_filed", number=number), parse_mode=ParseMode.HTML
        )
        return
    if action == render.CANCEL:
        await edit_markup(update, None)
        await answer(update, context)
        await reply(update, context, "signal_cancelled")
        return
    if status is not SignalStatus.DRAFT:
        raise StaleAction
    await _show(update, context, number, wijken=action == render.WIJKEN)
    await answer(update, context)


async def _show(update: Update, context: AppContext, number: int, *, wijken: bool) -> None:
    services = context.services
    query = update.callback_query
    if query is None:
        return
    async with services.db.begin() as session:
        signal = await service.get(session, number)
        me = await People(session).by_id(signal.reporter_id) if signal.reporter_id else None
        if me is None:
            return
        themes = await consented_themes(session, context, me)
        parts = len(await service.entries(session, number))
    t, config, lang = services.t, services.config, me.language
    if wijken:
        await edit_markup(update, render.wijk_buttons(t, config, lang, signal))
        return
    minutes = int(config.signals.draft_timeout.total_seconds() // 60)
    try:
        await query.edit_message_text(
            render.form_text(t, config, lang, signal, parts, minutes),
            parse_mode=ParseMode.HTML,
            reply_markup=render.form_buttons(t, config, lang, signal, themes),
        )
    except BadRequest as error:
        if "not modified" not in error.message:  # a double tap changes nothing: fine
            raise


async def on_message(update: Update, context: AppContext, person: Person) -> None:
    """File a member's message with no dialogue open as a signal (or say what cannot be)."""
    message = update.message
    content = content_of(message) if message is not None else None
    if content is None:
        await fallback.unsupported(update, context)
        return
    await report(update, context, person, content)
