"""/signals for coordinators: filed signals newest first, as many as fit one message, with
buttons to page in place and for the whole list as a file (no contents, only the facts)."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode

from bot.buttons import Codec
from bot.errors import StaleAction
from bot.i18n import Safe, words
from bot.membership import require_coordinator
from bot.people_list import as_csv
from bot.services import AppContext
from bot.signals import render, reports
from handlers.common import (
    answer,
    echo,
    edit_text,
    fitting_lines,
    keyboard,
    local_time,
    reply,
    text,
)
from storage.models import Person
from storage.repositories import Audit, People
from storage.signal_models import Signal, Urgency

# The word for each state, in every catalog: "/signals mijn", "/signals mine", "benim".
STATE_WORDS = {
    word: state
    for key, state in (
        ("word_open", reports.OPEN),
        ("word_mine", reports.MINE),
        ("word_closed", reports.CLOSED),
        ("word_all", reports.ALL),
    )
    for word in words(key)
}
THEME_WORDS = words("word_theme") | {"thema", "theme"}
WIJK_WORDS = words("word_neighbourhood") | {"wijk", "neighbourhood"}
PAGE_OF, FILE = "p", "f"


@dataclass(frozen=True, slots=True)
class SignalPage:
    """A paging or file button: where the page starts and the filter (indexes into the
    config)."""

    what: str
    offset: int
    state: str = reports.OPEN
    theme: int = 0  # 1-based index into network.themes; 0: any
    wijk: int = 0  # 1-based index into network.neighbourhoods; 0: any


PAGES = Codec("sp", SignalPage, choices={"what": (PAGE_OF, FILE), "state": tuple(reports.STATES)})


async def signals_command(update: Update, context: AppContext) -> None:
    """List signals: open (default), mine, closed or all, by thema= or wijk=."""
    user = update.effective_user
    if user is None:
        return
    try:
        wanted = _parse_list(context.args or [], context)
    except ValueError as error:
        await reply(update, context, "signals_usage", problem=echo(str(error)))
        return
    await _show(update, context, wanted, 0, user.id, edit=False)


async def on_page(update: Update, context: AppContext) -> None:
    """Show another page in place, or send the whole list as a CSV file."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    pressed = PAGES.decode(query.data)
    network = context.services.config.network
    if not 0 <= pressed.theme <= len(network.themes):
        raise StaleAction
    if not 0 <= pressed.wijk <= len(network.neighbourhoods):
        raise StaleAction
    wanted = reports.ListFilter(
        pressed.state,
        network.themes[pressed.theme - 1].key if pressed.theme else None,
        network.neighbourhoods[pressed.wijk - 1] if pressed.wijk else None,
    )
    if pressed.what == FILE:
        await _file(update, context, wanted, user.id)
    else:
        await _show(update, context, wanted, pressed.offset, user.id, edit=True)
    await answer(update, context)


async def _show(
    update: Update,
    context: AppContext,
    wanted: reports.ListFilter,
    offset: int,
    user_id: int,
    *,
    edit: bool,
) -> None:
    services = context.services
    async with services.db.begin() as session:
        me = await require_coordinator(session, user_id)
        found, total = await reports.listing(session, wanted, me, offset=offset)
        if not found and total:  # fewer than before (closed meanwhile): the last page
            offset = max(0, total - reports.LIST_LIMIT)
            found, total = await reports.listing(session, wanted, me, offset=offset)
        names = {s.assignee_id: await People(session).name_of(s.assignee_id) for s in found}
    if not found:
        await reply(update, context, "signals_none")
        return
    header = text(update, context, "signals_header", count=total)
    lines = fitting_lines(header, (_line(update, context, me, s, names) for s in found))
    after = offset + len(lines)
    markup = None
    if offset > 0 or after < total:
        header = Safe(header + text(update, context, "people_range", first=offset + 1, last=after))
        markup = _buttons(update, context, wanted, offset, after, total)
    body = "\n".join([header, *lines])
    if edit:
        await edit_text(update, body, markup)
    else:
        await context.bot.send_message(
            user_id, body, parse_mode=ParseMode.HTML, reply_markup=markup
        )


def _line(
    update: Update,
    context: AppContext,
    me: Person,
    signal: Signal,
    names: dict[int | None, str | None],
) -> str:
    services = context.services
    lang = me.language
    state = render.state_line(
        services.t, lang, signal, render.Names(None, names.get(signal.assignee_id), None)
    )
    return text(
        update,
        context,
        "signals_line",
        number=signal.id,
        urgent="‼️ " if signal.urgency is Urgency.URGENT else "",
        when=local_time(update, context, signal.filed_at or signal.created_at),
        theme=render.theme_label(services.config, signal.theme, services.t, lang),
        wijk=signal.wijk or text(update, context, "signal_no_wijk"),
        state=state,
    )


def _buttons(
    update: Update,
    context: AppContext,
    wanted: reports.ListFilter,
    offset: int,
    after: int,
    total: int,
) -> InlineKeyboardMarkup:
    network = context.services.config.network
    keys = [theme.key for theme in network.themes]
    theme = keys.index(wanted.theme) + 1 if wanted.theme else 0
    wijk = network.neighbourhoods.index(wanted.wijk) + 1 if wanted.wijk else 0

    def data(what: str, start: int) -> str:
        return PAGES.encode(SignalPage(what, start, wanted.state, theme, wijk))

    row = []
    if offset > 0:
        start = max(0, offset - reports.LIST_LIMIT)
        row.append((text(update, context, "btn_people_prev"), data(PAGE_OF, start)))
    if after < total:
        row.append((text(update, context, "btn_people_next"), data(PAGE_OF, after)))
    return keyboard([row, [(text(update, context, "btn_people_file"), data(FILE, offset))]])


async def _file(
    update: Update, context: AppContext, wanted: reports.ListFilter, user_id: int
) -> None:
    """Send every matching signal as CSV: number, filed, theme, urgency, wijk, state, taken by."""
    services = context.services
    async with services.db.begin() as session:
        me = await require_coordinator(session, user_id)
        found, total = await reports.listing(session, wanted, me, limit=None)
        names = {s.assignee_id: await People(session).name_of(s.assignee_id) for s in found}
        Audit(session).record(
            at=services.clock.now(),
            action="signals.list_file",
            actor=me,
            details={"count": total},
        )
    lang = me.language
    rows = [
        [
            str(signal.id),
            local_time(update, context, signal.filed_at or signal.created_at),
            render.theme_label(services.config, signal.theme, services.t, lang),
            text(
                update, context, "mydata_yes" if signal.urgency is Urgency.URGENT else "mydata_no"
            ),
            signal.wijk or "",
            signal.status.value,
            names.get(signal.assignee_id) or "",
        ]
        for signal in found
    ]
    columns = text(update, context, "signals_file_columns").split(",")
    await context.bot.send_document(
        user_id,
        InputFile(as_csv(rows, columns), filename=text(update, context, "signals_file_name")),
        caption=text(update, context, "signals_file", count=total),
        parse_mode=ParseMode.HTML,
        protect_content=True,
    )


def _parse_list(args: list[str], context: AppContext) -> reports.ListFilter:
    state, theme, wijk = reports.OPEN, None, None
    network = context.services.config.network
    for arg in args:
        key, sep, value = arg.partition("=")
        if not sep and arg.casefold() in STATE_WORDS:
            state = STATE_WORDS[arg.casefold()]
        elif key.casefold() in THEME_WORDS and network.theme(value) is not None:
            theme = value
        elif key.casefold() in WIJK_WORDS:
            known = {w.casefold(): w for w in network.neighbourhoods}
            if value.casefold() not in known:
                raise ValueError(arg)
            wijk = known[value.casefold()]
        else:
            raise ValueError(arg)
    return reports.ListFilter(state, theme, wijk)
