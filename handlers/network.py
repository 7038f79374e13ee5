"""/network: the network's health in one message and two pictures, with the detail lists a
tap away (who has gone quiet, which neighbourhood and theme have nobody)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from babel.dates import format_timedelta
from babel.numbers import format_percent
from telegram import Update
from telegram.constants import ChatAction, MessageLimit, ParseMode

from bot.buttons import Codec
from bot.errors import StaleAction
from bot.feature import Button, Command, Feature, Who
from bot.i18n import Safe, right_to_left
from bot.membership import require_coordinator
from bot.picture import charts, drawing, health, keepwarm, report
from bot.picture.figures import MAX_MONTHS
from bot.services import AppContext
from handlers.common import answer, keyboard, language, local_time, pack_lines, reply, text
from storage.models import PersonStatus, Role
from storage.repositories import Audit

log = logging.getLogger(__name__)
QUIET, EMPTY = "q", "e"
# The quiet list names at most this many (the rest counted): a chat is not a spreadsheet.
MOST_LISTED = 50


@dataclass(frozen=True, slots=True)
class Detail:
    """A button under /network that opens one of its lists."""

    what: str


DETAILS = Codec("net", Detail, choices={"what": (QUIET, EMPTY)})


async def network_command(update: Update, context: AppContext) -> None:
    """Send the health message with its buttons, then the coverage and acknowledgement charts."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    services = context.services
    network = services.config.network
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        picture = await health.health(
            session,
            now=services.clock.now(),
            wijken=network.neighbourhoods,
            themes=[theme.key for theme in network.themes],
        )
        Audit(session).record(at=services.clock.now(), action="network.view", actor=coordinator)
    lang = language(update, context)
    body = text(update, context, "network_health", **_figures(picture, lang, update, context))
    empty = picture.coverage.empty()
    markup = keyboard(
        [
            [(text(update, context, "btn_network_quiet", count=len(picture.quiet)), _data(QUIET))],
            [(text(update, context, "btn_network_empty", count=len(empty)), _data(EMPTY))],
        ]
    )
    await context.bot.send_message(chat.id, body, parse_mode=ParseMode.HTML, reply_markup=markup)
    rtl = right_to_left(lang)
    pictures: list[tuple[Callable[..., bytes], tuple[Any, ...], dict[str, Any], str]] = []
    if network.neighbourhoods:
        pictures.append(
            (
                charts.coverage_heatmap,
                (
                    list(network.neighbourhoods),
                    [theme.label(lang) for theme in network.themes],
                    [list(row) for row in picture.coverage.counts],
                ),
                {
                    "title": text(update, context, "chart_coverage"),
                    "nobody_label": text(update, context, "chart_nobody"),
                    "rtl": rtl,
                },
                text(update, context, "chart_coverage"),
            )
        )
    if picture.ack_times:
        acks = picture.ack_times
        pictures.append(
            (
                charts.ack_chart,
                (
                    [f"#{a.alert_id}" for a in acks],
                    [a.median.total_seconds() / 60 if a.median else None for a in acks],
                    [a.acknowledged / a.sent if a.sent else 0.0 for a in acks],
                ),
                {
                    "title": text(update, context, "chart_acks"),
                    "minutes_label": text(update, context, "chart_ack_minutes"),
                    "share_label": text(update, context, "chart_ack_share"),
                    "rtl": rtl,
                },
                text(update, context, "chart_acks"),
            )
        )
    for chart, args, labels, caption in pictures:
        try:
            image = await drawing.draw(chart, *args, **labels)
        except drawing.DrawingFailed as error:
            log.warning("a /network chart could not be drawn: %s", error)
            await reply(update, context, "chart_failed")
            return
        await context.bot.send_photo(chat.id, image, caption=caption)


def _data(what: str) -> str:
    return DETAILS.encode(Detail(what))


def _figures(
    picture: health.Health, lang: str, update: Update, context: AppContext
) -> dict[str, object]:
    """Return the values of the health message, counts and durations in the reader's words."""
    none = text(update, context, "network_no_value")

    def status(which: PersonStatus) -> int:
        return sum(n for (_, s), n in picture.members.items() if s is which)

    def active(role: Role) -> int:
        return picture.members.get((role, PersonStatus.ACTIVE), 0)

    def duration(value: timedelta | None) -> str:
        return format_timedelta(value, locale=lang) if value is not None else none

    sent = sum(a.sent for a in picture.ack_times)
    acked = sum(a.acknowledged for a in picture.ack_times)
    waits = [a.median for a in picture.ack_times if a.median is not None]
    coverage, signals, meetings = picture.coverage, picture.signals, picture.meetings
    pairs = len(coverage.wijken) * len(coverage.themes)
    return {
        "active": status(PersonStatus.ACTIVE),
        "invited": status(PersonStatus.INVITED),
        "paused": status(PersonStatus.PAUSED),
        "left": status(PersonStatus.LEFT),
        "key_persons": active(Role.KEY_PERSON),
        "contacts": active(Role.BACKGROUND_CONTACT),
        "coordinators": active(Role.COORDINATOR),
        "covered": pairs - len(coverage.empty()),
        "pairs": pairs,
        "quiet": len(picture.quiet),
        "alerts": len(picture.ack_times),
        "median_ack": duration(health.median(waits)),
        "ack_share": format_percent(acked / sent, locale=lang) if sent else none,
        "filed": signals.filed,
        "answered": signals.answered,
        "median_answer": duration(signals.median_first_answer),
        "held": meetings.held,
        "invited_people": meetings.invited,
        "yes": meetings.said_yes,
        "attended": meetings.attended,
        "registered": meetings.registered,
    }


async def on_detail(update: Update, context: AppContext) -> None:
    """Open a list under /network: the quiet members, or the pairs nobody covers."""
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    if query is None or user is None or chat is None:
        return
    detail = DETAILS.decode(query.data)
    await answer(update, context)  # answered at once: the lists may take a few messages
    services = context.services
    network = services.config.network
    async with services.db.read() as session:
        await require_coordinator(session, user.id)
        now = services.clock.now()
        if detail.what == QUIET:
            quiet = await health.quiet(session, now=now)
        elif detail.what == EMPTY:
            themes = [theme.key for theme in network.themes]
            cover = await health.coverage(session, network.neighbourhoods, themes)
        else:  # the codec only lets through known choices
            raise StaleAction
    if detail.what == QUIET:
        lines: list[str] = [text(update, context, "network_quiet_header", count=len(quiet))]
        lines += [
            text(
                update,
                context,
                "network_quiet_line",
                name=q.name,
                last=local_time(update, context, q.last_response, time=False)
                if q.last_response
                else text(update, context, "whois_never"),
            )
            for q in quiet[:MOST_LISTED]
        ]
        if len(quiet) > MOST_LISTED:
            lines.append(f"(+{len(quiet) - MOST_LISTED})")
        if not quiet:
            lines = [text(update, context, "network_quiet_none")]
    else:
        lang = language(update, context)
        labels = {theme.key: theme.label(lang) for theme in network.themes}
        empty = cover.empty()
        lines = [text(update, context, "network_empty_header", count=len(empty))]
        lines += [
            text(update, context, "network_empty_line", wijk=wijk, theme=labels[theme])
            for wijk, theme in empty
        ]
        if not empty:
            lines = [text(update, context, "network_empty_none")]
    markup = None
    if detail.what == EMPTY and empty:
        markup = keyboard(
            [
                [_invite_button(update, context, wijk, theme)]
                for wijk, theme in empty[: keepwarm.MOST_NAMED]
            ]
        )
    blocks = pack_lines(lines, MessageLimit.MAX_TEXT_LENGTH - 100)
    for index, block in enumerate(blocks):
        last = index == len(blocks) - 1
        await context.bot.send_message(
            chat.id, Safe(block), parse_mode=ParseMode.HTML, reply_markup=markup if last else None
        )


def _invite_button(update: Update, context: AppContext, wijk: str, theme: str) -> tuple[str, str]:
    """Return the button that invites someone for this neighbourhood and theme."""
    network = context.services.config.network
    pair = keepwarm.Pair.of(wijk, theme)
    label = network.theme(theme)
    shown = label.label(language(update, context)) if label else theme
    return (
        text(update, context, "btn_network_invite", wijk=wijk, theme=shown),
        keepwarm.INVITE_FOR.encode(pair),
    )


async def report_command(update: Update, context: AppContext) -> None:
    """Send the anonymous report as a PDF: /report (6 months) or /report FIRST LAST."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    services = context.services
    tz = services.config.network.timezone
    args = context.args or []
    try:
        if not args:
            period = report.last_months(services.clock.now().astimezone(tz).date(), tz)
        elif len(args) == 2:
            first, last = (date.fromisoformat(arg) for arg in args)
            today = services.clock.now().astimezone(tz).date()
            period = report.period_of(first, last, tz, today=today)
        else:
            raise ValueError(args)
    except ValueError:
        await reply(update, context, "report_usage", months=MAX_MONTHS)
        return
    lang = language(update, context)
    now = services.clock.now()
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        Audit(session).record(at=now, action="network.report", actor=coordinator)
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    try:
        pdf = await report.make(services.db, services.config, services.t, lang, period, now=now)
    except drawing.DrawingFailed as error:
        log.warning("the report could not be drawn: %s", error)
        await reply(update, context, "chart_failed")
        return
    days = {"first": period.first.isoformat(), "last": period.last.isoformat()}
    await context.bot.send_document(
        chat.id,
        pdf,
        filename=text(update, context, "report_file_name"),
        caption=text(update, context, "report_caption", **days),
    )


FEATURE = Feature(
    name="network",
    commands=(
        Command("network", network_command, Who.COORDINATOR, menu=168, text="cmd_network"),
        Command("report", report_command, Who.COORDINATOR, menu=172, text="cmd_report"),
    ),
    buttons=(Button(DETAILS, on_detail, Who.COORDINATOR),),
)
