"""Meetings after planning: RSVP from members, and for coordinators /meetings, one meeting's
page with who is coming, moving, cancelling (one or the series) and attendance."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.buttons import Codec, Pressed
from bot.errors import StaleAction
from bot.i18n import Safe
from bot.meetings import attendance, changes, service, texts
from bot.meetings.when import WhenError, parse_start
from bot.membership import require_coordinator
from bot.services import AppContext
from bot.text_keys import MEETING_RSVP, MEETING_STATE, WHEN_ERROR
from handlers.common import answer, edit_markup, keyboard, language, parse_id, reply, text
from storage.meeting_models import Meeting, MeetingStatus, Rsvp
from storage.models import Person

WHO, MOVE, CANCEL, CANCEL_ALL, SURE, SURE_ALL, PRESENT, TOGGLE = (
    "who", "mv", "cx", "cs", "y1", "ya", "pr", "tg",
)  # fmt: skip
DESK = Codec(
    "md",
    Pressed,
    choices={"action": (WHO, MOVE, CANCEL, CANCEL_ALL, SURE, SURE_ALL, PRESENT, TOGGLE)},
)
# Telegram: 4096 characters per message and about 100 buttons per keyboard.
MAX_NAMES, MAX_BUTTONS = 60, 90


def data(action: str, number: int, arg: str | int = "") -> str:
    """Return a meeting page button's callback data."""
    return DESK.encode(Pressed(action, number, str(arg)))


async def on_rsvp(update: Update, context: AppContext) -> None:
    """Record Yes / Maybe / No from someone the invitation went to."""
    query = update.callback_query
    person = context.person
    if query is None or person is None:
        return
    choice = texts.RSVP.decode(query.data)
    rsvp, number = choice.answer, choice.meeting
    services = context.services
    async with services.db.begin() as session:
        await service.answer(session, number, person, rsvp, now=services.clock.now())
    await answer(update, context, MEETING_RSVP[rsvp])


async def meetings_command(update: Update, context: AppContext) -> None:
    """List upcoming meetings with their answers so far."""
    user = update.effective_user
    if user is None:
        return
    services = context.services
    lang = language(update, context)
    async with services.db.begin() as session:
        await require_coordinator(session, user.id)
        found = list(await service.upcoming(session, now=services.clock.now()))
        figures = {m.id: await service.counts(session, m.id) for m in found}
    if not found:
        await reply(update, context, "meetings_none")
        return
    lines = [
        text(
            update,
            context,
            "meetings_line",
            number=m.id,
            when=texts.when(m, services.config, lang),
            title=m.title,
            yes=figures[m.id].yes,
            maybe=figures[m.id].maybe,
            no=figures[m.id].no,
            invited=figures[m.id].invited,
        )
        for m in found
    ]
    rows = [[(f"#{m.id} {m.title[:30]}", data(WHO, m.id))] for m in found]
    await reply(
        update, context, "meetings_header", lines=Safe("\n".join(lines)), markup=keyboard(rows)
    )


async def show(update: Update, context: AppContext, number: int) -> None:
    """Show one meeting with its answers and what can be done with it."""
    services = context.services
    user = update.effective_user
    if user is None:
        return
    lang = language(update, context)
    async with services.db.begin() as session:
        await require_coordinator(session, user.id)
        meeting = await service.get(session, number)
        figures = await service.counts(session, number)
    if meeting.status is MeetingStatus.DRAFT or meeting.starts_at is None:
        raise StaleAction
    rows = [[(text(update, context, "btn_meeting_who"), data(WHO, number))]]
    if meeting.status is MeetingStatus.PLANNED:
        started = meeting.starts_at <= services.clock.now()
        if started:
            rows.append([(text(update, context, "btn_meeting_present"), data(PRESENT, number))])
        else:
            rows.append([(text(update, context, "btn_meeting_move"), data(MOVE, number))])
            rows.append([(text(update, context, "btn_meeting_cancel"), data(CANCEL, number))])
            if meeting.every_weeks or meeting.rrule:
                rows.append(
                    [(text(update, context, "btn_meeting_cancel_all"), data(CANCEL_ALL, number))]
                )
    await reply(
        update,
        context,
        "meeting_page",
        number=number,
        title=meeting.title,
        when=texts.when(meeting, services.config, lang),
        state=text(update, context, MEETING_STATE[meeting.status]),
        yes=figures.yes,
        maybe=figures.maybe,
        no=figures.no,
        invited=figures.invited,
        markup=keyboard(rows),
    )


async def on_desk(update: Update, context: AppContext) -> None:
    """Handle a meeting page's buttons (coordinators only, checked again here)."""
    query = update.callback_query
    user = update.effective_user
    if query is None or query.data is None or user is None:
        return
    pressed = DESK.decode(query.data)
    action, number, arg = pressed.action, pressed.number, pressed.arg
    services = context.services
    now = services.clock.now()
    deps = (services.t, services.config)
    told = 0
    groups: dict[str, str] = {}
    marks: list[tuple[Person, bool]] = []
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        meeting = await service.get(session, number, for_update=True)
        if action == WHO:
            groups = await _who(update, context, session, number)
        elif action == MOVE:
            _require_ahead(meeting, now)
            await service.go_to(session, coordinator, meeting, service.MOVE, now=now)
        elif action in (SURE, SURE_ALL):
            _require_ahead(meeting, now)
            told = await changes.cancel(
                session, meeting, coordinator, deps, now=now, series=action == SURE_ALL
            )
        elif action == PRESENT:
            marks = await attendance.attendance(session, meeting, now=now, limit=MAX_BUTTONS)
        elif action == TOGGLE:
            marks = await attendance.toggle(
                session, meeting, parse_id(arg), now=now, limit=MAX_BUTTONS
            )
        elif action not in (CANCEL, CANCEL_ALL):
            raise StaleAction
    if action == WHO:
        await reply(
            update,
            context,
            "meeting_who",
            number=number,
            title=meeting.title,
            yes=groups["yes"],
            maybe=groups["maybe"],
            no=groups["no"],
            open=groups["open"],
        )
    elif action in (PRESENT, TOGGLE):
        await _attendance(update, context, number, action, marks)
    await answer(update, context)
    if action == MOVE:
        await reply(update, context, "meeting_ask_move", number=number)
    elif action in (CANCEL, CANCEL_ALL):
        sure = SURE if action == CANCEL else SURE_ALL
        rows = [[(text(update, context, "btn_meeting_sure"), data(sure, number))]]
        key = "meeting_cancel_confirm" if action == CANCEL else "meeting_cancel_all_confirm"
        await reply(update, context, key, number=number, markup=keyboard(rows))
    elif action in (SURE, SURE_ALL):
        await edit_markup(update, None)
        services.alerts.wake()
        await services.meetings.sync()
        await reply(update, context, "meeting_cancelled_done", number=number, count=told)


def _require_ahead(meeting: Meeting, now: datetime) -> None:
    if meeting.status is not MeetingStatus.PLANNED or meeting.starts_at is None:
        raise StaleAction
    if meeting.starts_at <= now:
        raise StaleAction


async def _who(
    update: Update, context: AppContext, session: AsyncSession, number: int
) -> dict[str, str]:
    """Return the names of the invited by answer: yes, maybe, no and open."""
    none = text(update, context, "none")
    groups: dict[str, str] = {}
    choices: tuple[tuple[str, tuple[Rsvp | None, ...]], ...] = (
        ("yes", (Rsvp.YES,)),
        ("maybe", (Rsvp.MAYBE,)),
        ("no", (Rsvp.NO,)),
        ("open", (None,)),
    )
    for key, answers in choices:
        people = await service.invitees(session, number, answers)
        names = [p.display_name for p in people[:MAX_NAMES]]
        if len(people) > MAX_NAMES:
            names.append(f"… +{len(people) - MAX_NAMES}")
        groups[key] = ", ".join(names) or none
    return groups


async def _attendance(
    update: Update,
    context: AppContext,
    number: int,
    action: str,
    marks: list[tuple[Person, bool]],
) -> None:
    """Show (or, after a toggle, update) who was there, among those who said yes or maybe."""
    rows = [
        [(("✅ " if there else "▫️ ") + p.display_name, data(TOGGLE, number, p.id))]
        for p, there in marks
    ]
    if action == TOGGLE:
        await edit_markup(update, keyboard(rows))
    else:
        await reply(update, context, "meeting_attendance", number=number, markup=keyboard(rows))


async def take_move(update: Update, context: AppContext, person: Person, number: int) -> None:
    """Use a coordinator's text as meeting `number`'s new start (they pressed 'Move')."""
    message = update.message
    if message is None:
        return
    services = context.services
    body = (message.text or "").strip()
    now = services.clock.now()
    try:
        starts = parse_start(body, now=now, tz=services.config.network.timezone)
    except WhenError as error:
        await reply(update, context, WHEN_ERROR[error.reason])
        return
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, person.telegram_user_id)
        meeting = await changes.take_move(session, coordinator, number, now=now)
        assert meeting.starts_at is not None and meeting.ends_at is not None
        length = meeting.ends_at - meeting.starts_at
        told = await changes.move(
            session,
            meeting,
            coordinator,
            starts,
            starts + length,
            (services.t, services.config),
            now=now,
        )
    services.alerts.wake()
    await services.meetings.sync()
    await reply(update, context, "meeting_moved_done", number=number, count=told)
