"""The coordinators' side of signals: the card's buttons, replies and closing messages typed
in chat, /signals, /signal 17 (audited), and /trends."""

from __future__ import annotations

import html
import logging

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.constants import ChatAction, MessageLimit, ParseMode

from bot import dialogue
from bot.dialogue import SIGNALS
from bot.errors import SignalClosed, StaleAction
from bot.feature import Button, Command, Feature, Job, PersonalData, TextStep, Who
from bot.i18n import Safe, month_label, right_to_left
from bot.membership import require_coordinator
from bot.picture import charts, drawing
from bot.services import AppContext
from bot.signals import handling, personal, render, reports, service
from bot.signals.notices import names_of
from bot.signals.render import DESK, FORM
from handlers.common import (
    answer,
    edit_markup,
    local_time,
    pack_lines,
    parse_id,
    reply,
    text,
)
from handlers.signals import listing
from handlers.signals import report as signals
from storage.dialogue_models import Dialogue
from storage.models import Person, Role
from storage.repositories import Audit, People
from storage.signal_models import EntryKind, EntryRole, Signal, SignalStatus

log = logging.getLogger(__name__)
DEFAULT_MONTHS, MAX_MONTHS = 6, 24


async def on_desk(update: Update, context: AppContext) -> None:
    """Handle Reply / Take / Close and the closing question's choices on a card."""
    query = update.callback_query
    user = update.effective_user
    if query is None or query.data is None or user is None:
        return
    pressed = DESK.decode(query.data)
    action, number = pressed.action, pressed.number
    services = context.services
    now = services.clock.now()
    desk = services.signals
    async with services.db.begin() as session:
        me = await require_coordinator(session, user.id)
        signal = await service.get(session, number, for_update=True)
        lang = me.language
        if action == render.TAKE:
            await handling.take(session, signal, me, now=now)
        elif action == render.REPLY:
            _require_open(signal)
            await service.set_intent(session, me, signal, service.REPLY, now=now)
        elif action == render.CLOSE:
            _require_open(signal)
        elif action == render.CLOSE_MESSAGE:
            _require_open(signal)
            await service.set_intent(session, me, signal, service.CLOSE, now=now)
        elif action == render.CLOSE_SILENT:
            await handling.close(session, signal, me, None, desk.sealer, now=now)
        elif action == render.DISMISS:
            await service.clear_intent(session, me, number)
        else:
            raise StaleAction
    t = services.t
    if action == render.REPLY:
        markup = render.dismiss_button(t, lang, number)
        await reply(update, context, "signal_reply_prompt", number=number, markup=markup)
    elif action == render.CLOSE:
        markup = render.close_buttons(t, lang, number)
        await reply(update, context, "signal_close_prompt", number=number, markup=markup)
    elif action == render.CLOSE_MESSAGE:
        await edit_markup(update, render.dismiss_button(t, lang, number))
        await reply(update, context, "signal_outcome_prompt", number=number)
    elif action == render.DISMISS:
        await edit_markup(update, None)
    key = {render.TAKE: "signal_taken", render.CLOSE_SILENT: "signal_closed_done"}.get(action)
    await answer(update, context, key, number=number) if key else await answer(update, context)
    if action == render.CLOSE_SILENT:
        await edit_markup(update, None)
        desk.wake()
    if action in (render.TAKE, render.CLOSE_SILENT):
        await desk.refresh_cards(number)


def _require_open(signal: Signal) -> None:
    if signal.status not in service.OPEN_STATES:
        raise SignalClosed(number=signal.id)


async def take_card_reply(
    update: Update, context: AppContext, person: Person, dialogue: Dialogue | None
) -> bool:
    """Use a coordinator's Telegram reply to a signal's card or message as the answer to it.

    That signal is answered whatever dialogue is open: a reply names its signal. The Close
    button pressed last for the same signal makes it the closing message.
    """
    message = update.message
    if person.role is not Role.COORDINATOR:
        return False
    if message is None or message.reply_to_message is None:
        return False
    async with context.services.db.begin() as session:
        replied = await service.signal_of_message(
            session, message.chat_id, message.reply_to_message.message_id
        )
    if replied is None:
        return False
    same = dialogue is not None and dialogue.feature == SIGNALS and dialogue.ref_id == replied
    action = dialogue.step if same and dialogue is not None else service.REPLY
    await _take(update, context, replied, action if action == service.CLOSE else service.REPLY)
    return True


async def on_text(update: Update, context: AppContext, person: Person, dialogue: Dialogue) -> bool:
    """Use a message for the signals dialogue: a coordinator's reply or closing message, or
    what a reporter adds to their signal."""
    if dialogue.step == service.ADD:
        return await signals.on_text(update, context, person, dialogue)
    number = dialogue.ref_id
    if person.role is not Role.COORDINATOR or number is None:
        return False
    if dialogue.step not in (service.REPLY, service.CLOSE):
        return False
    await _take(update, context, number, dialogue.step)
    return True


async def _take(update: Update, context: AppContext, number: int, action: str) -> None:
    message = update.message
    if message is None:
        return
    body = message.text
    limit = context.services.config.signals.max_length
    if body is None:
        await reply(update, context, "signal_reply_text_only", number=number)
        return
    if len(body) > limit:
        await reply(update, context, "signal_too_long", length=len(body), limit=limit)
        return
    await _answer_reporter(update, context, number, action, body)


async def _answer_reporter(
    update: Update, context: AppContext, number: int, action: str, body: str
) -> None:
    services = context.services
    desk = services.signals
    user = update.effective_user
    if user is None:
        return
    now = services.clock.now()
    async with services.db.begin() as session:
        me = await require_coordinator(session, user.id)
        await service.clear_intent(session, me)
        signal = await service.get(session, number, for_update=True)
        if action == service.REPLY:
            reached = await handling.reply(session, signal, me, body, desk.sealer, now=now)
        else:
            reached = await handling.close(session, signal, me, body, desk.sealer, now=now)
    desk.wake()
    if action == service.CLOSE:
        await desk.refresh_cards(number)
        key = "signal_closed_done" if reached else "signal_closed_unreachable"
        await reply(update, context, key, number=number)
    elif reached:
        await reply(update, context, "signal_reply_sent", number=number)
    else:
        await reply(update, context, "signal_reporter_unreachable", number=number)


async def signal_command(update: Update, context: AppContext) -> None:
    """/signal 17 for coordinators (the whole signal, audited); reporters go to handlers.signals."""
    person = context.person
    if person is None:
        return
    if person.role is not Role.COORDINATOR:
        await signals.signal_command(update, context, person)
        return
    args = context.args or []
    number = parse_id(args[0]) if len(args) == 1 else None
    if number is None:
        await reply(update, context, "signal_usage")
        return
    await show(update, context, number)


async def show(update: Update, context: AppContext, number: int) -> None:
    """Send a coordinator the card, the thread and the media of one signal, and audit it."""
    services = context.services
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        return
    desk = services.signals
    async with services.db.begin() as session:
        me = await require_coordinator(session, user.id)
        signal = await service.get(session, number)
        if signal.status is SignalStatus.DRAFT:
            raise StaleAction
        thread = list(await service.entries(session, number))
        names = await names_of(session, signal)
        authors = {e.author_id: await _author(session, e.author_id) for e in thread}
        Audit(session).record(
            at=services.clock.now(), action="signal.opened", actor=me, details={"signal": number}
        )
    lang = me.language
    card, markup = desk.notices.card(signal, thread, names, lang)
    if signal.wiped_at is not None:
        card = Safe(f"{card}\n{text(update, context, 'signal_wiped')}")
    await context.bot.send_message(chat.id, card, parse_mode=ParseMode.HTML, reply_markup=markup)
    lines: list[str] = [text(update, context, "signal_thread_header", number=number)]
    media = []
    for entry in thread:
        opened = desk.notices.open_entry(entry)
        who = authors.get(entry.author_id) or text(update, context, "signal_reporter_gone")
        when = local_time(update, context, entry.created_at)
        if entry.role is EntryRole.OUTCOME:
            who = text(update, context, "signal_thread_outcome", name=who)
        lines.append(render.thread_line(services.t, lang, entry.kind, when, who, opened.text))
        if entry.kind is not EntryKind.TEXT:
            media.append(entry)
    for chunk in pack_lines(lines, MessageLimit.MAX_TEXT_LENGTH):
        await context.bot.send_message(chat.id, chunk, parse_mode=ParseMode.HTML)
    for entry in media:
        await desk.notices.send_entry(chat.id, lang, signal, entry, authors.get(entry.author_id))


async def _author(session: AsyncSession, person_id: int | None) -> str | None:
    return await People(session).name_of(person_id)


async def trends_command(update: Update, context: AppContext) -> None:
    """Show signals per theme and neighbourhood per month as a text table (/trends 12)."""
    user = update.effective_user
    if user is None:
        return
    args = context.args or []
    months = parse_id(args[0]) if len(args) == 1 else (DEFAULT_MONTHS if not args else None)
    if months is None or not 1 <= months <= MAX_MONTHS:
        await reply(update, context, "trends_usage", limit=MAX_MONTHS)
        return
    services = context.services
    config = services.config
    async with services.db.begin() as session:
        me = await require_coordinator(session, user.id)
        counts = await reports.trends(
            session, now=services.clock.now(), tz=config.network.timezone, months=months
        )
    lang = me.language
    t = services.t
    await context.bot.send_chat_action(user.id, ChatAction.UPLOAD_PHOTO)
    try:
        chart = await drawing.draw(
            charts.trends_chart,
            counts.months,
            {render.theme_label(config, key, t, lang): n for key, n in counts.themes.items()},
            {wijk or t(lang, "signal_no_wijk"): n for wijk, n in counts.wijken.items()},
            title=t(lang, "chart_trends"),
            theme_title=t(lang, "chart_by_theme"),
            wijk_title=t(lang, "chart_by_wijk"),
            month_labels=[month_label(key, lang) for key in counts.months],
            other_label=t(lang, "chart_other"),
            rtl=right_to_left(lang),
        )
    except drawing.DrawingFailed as error:  # the table below still comes
        log.warning("the /trends chart could not be drawn: %s", error)
    else:
        await context.bot.send_photo(user.id, chart, caption=t(lang, "trends_table_follows"))
    lines = reports.table(
        counts,
        theme_label=lambda key: render.theme_label(config, key, t, lang),
        wijk_label=lambda wijk: wijk or t(lang, "signal_no_wijk"),
        headings=(t(lang, "trends_themes"), t(lang, "trends_wijken"), t(lang, "trends_total")),
    )
    # Many neighbourhoods over many months: split the table over messages, each a <pre> block.
    blocks = pack_lines(lines, MessageLimit.MAX_TEXT_LENGTH - 200)
    for index, block in enumerate(blocks):
        head = f"{t(lang, 'trends', count=months)}\n" if index == 0 else ""
        table = Safe(f"{head}<pre>{html.escape(block, quote=False)}</pre>")
        await context.bot.send_message(user.id, table, parse_mode=ParseMode.HTML)


async def _housekeeping(context: AppContext) -> None:
    """Send what signals still owe, remind about untouched ones, wipe what retention ends."""
    await context.services.signals.maintain()


FEATURE = Feature(
    name="signals",
    on_erase=personal.erase,
    on_export=personal.export,
    text_step=TextStep(dialogue.SIGNALS, on_text),
    on_message=signals.on_message,
    on_reply=take_card_reply,
    commands=(
        Command("signal", signal_command, Who.MEMBER, menu=10, text="cmd_signal"),
        Command("signals", listing.signals_command, Who.COORDINATOR, menu=160, text="cmd_signals"),
        Command("trends", trends_command, Who.COORDINATOR, menu=170, text="cmd_trends"),
    ),
    buttons=(
        Button(DESK, on_desk, Who.COORDINATOR),
        Button(listing.PAGES, listing.on_page, Who.COORDINATOR),
        Button(FORM, signals.on_form, Who.MEMBER),
    ),
    jobs=(Job("signals.housekeeping", _housekeeping, every=30.0, first=0.0),),
    on_stop=personal.forget_reporter,
    personal_data=(
        PersonalData(
            "signals",
            fields={
                "reporter_id": "who reported",
                "assignee_id": "coordinator handling it",
                "closed_by_id": "coordinator who closed it",
                "theme": "theme",
                "wijk": "neighbourhood",
            },
            other=(
                "id",
                "status",
                "urgency",
                "anonymous",
                "created_at",
                "filed_at",
                "closed_at",
                "wiped_at",
                "form_message_id",
            ),
            purpose="handle a confidential report and answer the reporter",
            basis="consent (GDPR art. 6(1)(a)), per theme",
            retention="{signal_retention} after closing; idle for {signal_max_open}: closed",
            erasure=(
                "reporter removed at /stop; contents wiped after retention, theme and "
                "neighbourhood stay for trends"
            ),
        ),
        PersonalData(
            "signal_entries",
            fields={
                "author_id": "who wrote it",
                "body": "text (encrypted with a key)",
                "file_ref": "Telegram file id (encrypted with a key)",
            },
            other=("id", "signal_id", "role", "kind", "media_group", "created_at"),
            purpose="the report's contents and the answers, encrypted at rest when a key is set",
            basis="consent (GDPR art. 6(1)(a)), per theme",
            retention="{signal_retention} after the signal closed",
            erasure="author removed at /stop; wiped by signal retention",
        ),
        PersonalData(
            "signal_notices",
            fields={
                "person_id": "recipient",
                "chat_id": "recipient's chat",
            },
            other=(
                "id",
                "signal_id",
                "entry_id",
                "kind",
                "state",
                "loud",
                "attempts",
                "claimed_at",
                "created_at",
                "sent_at",
                "message_id",
            ),
            purpose="deliver signal cards, answers and receipts",
            basis="consent (GDPR art. 6(1)(a)), per theme",
            retention="with the signal",
            erasure="/stop: chat removed, unsent ones deleted",
        ),
    ),
)
