"""Planning a meeting in chat (/meeting): title, start, end, place, agenda, audience, repeat,
a preview, and the invitations; every step accepts typing or a button."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import InlineKeyboardMarkup, Update

from bot import dialogue
from bot.alerts.audience import Audience, AudienceKind
from bot.buttons import Codec, Pressed
from bot.errors import StaleAction
from bot.feature import Button, Command, Feature, Job, PersonalData, TextStep, Who
from bot.meetings import drafts, personal, service, texts
from bot.meetings.scheduler import KEEP_WARM_JOB
from bot.meetings.service import (
    AGENDA,
    AUDIENCE,
    END,
    MOVE,
    PLACE,
    PREVIEW,
    REPEAT,
    RRULE,
    START,
    TEXT_STEPS,
    TITLE,
)
from bot.meetings.when import WhenError, local_label
from bot.membership import require_coordinator
from bot.services import AppContext
from bot.text_keys import WHEN_ERROR
from handlers.common import answer, edit_markup, keyboard, language, parse_id, reply, text
from handlers.meetings import desk as meeting_desk
from storage.dialogue_models import Dialogue
from storage.meeting_models import Meeting
from storage.models import Person, Role

# Button actions: a suggested start, a duration, no place, no agenda, audience, repeat, send,
# cancel.
AT, FOR, NO_PLACE, NO_AGENDA, TO, EVERY, GO, STOP = "at", "du", "np", "na", "au", "rp", "go", "x"
DURATIONS = (60, 90, 120, 180)
PLAN = Codec("mp", Pressed, choices={"action": (AT, FOR, NO_PLACE, NO_AGENDA, TO, EVERY, GO, STOP)})
MAX_TITLE, MAX_TEXT = 200, 2000


def data(action: str, number: int, arg: str | int = "") -> str:
    """Return a planning button's callback data."""
    return PLAN.encode(Pressed(action, number, str(arg)))


async def meeting_command(update: Update, context: AppContext) -> None:
    """Start planning (/meeting), or show one meeting (/meeting 12)."""
    user = update.effective_user
    if user is None:
        return
    args = context.args or []
    if args:
        number = parse_id(args[0]) if len(args) == 1 else None
        if number is None:
            await reply(update, context, "meeting_usage")
            return
        await meeting_desk.show(update, context, number)
        return
    services = context.services
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        meeting = await service.start_planning(session, coordinator, now=services.clock.now())
    await reply(
        update,
        context,
        "meeting_ask_title",
        markup=keyboard([[(text(update, context, "btn_cancel"), data(STOP, meeting.id))]]),
    )


async def on_text(update: Update, context: AppContext, person: Person, dialogue: Dialogue) -> bool:
    """Use a message for the meeting dialogue's step; False if this step does not take it."""
    message = update.message
    number, step = dialogue.ref_id, dialogue.step
    if message is None or number is None or person.role is not Role.COORDINATOR:
        return False
    if step == MOVE:
        await meeting_desk.take_move(update, context, person, number)
        return True
    if step not in TEXT_STEPS:
        return False
    if message.location is not None and step == PLACE:
        await _set(update, context, number, PLACE, location=message.location)
        return True
    body = (message.text or "").strip()
    if not body:
        await reply(update, context, "meeting_text_only")
        return True
    if len(body) > (MAX_TITLE if step == TITLE else MAX_TEXT):
        limit = MAX_TITLE if step == TITLE else MAX_TEXT
        await reply(update, context, "too_long", length=len(body), limit=limit)
        return True
    await _set(update, context, number, step, body=body)
    return True


async def _set(
    update: Update,
    context: AppContext,
    number: int,
    step: str,
    *,
    body: str = "",
    location: object = None,
) -> None:
    services = context.services
    user = update.effective_user
    assert user is not None
    pin = None
    if location is not None:
        pin = drafts.Pin(
            float(getattr(location, "latitude", 0.0)),
            float(getattr(location, "longitude", 0.0)),
            text(update, context, "meeting_pin"),
        )
    try:
        async with services.db.begin() as session:
            coordinator = await require_coordinator(session, user.id)
            following = await drafts.write(
                session,
                coordinator,
                number,
                step,
                body=body,
                pin=pin,
                tz=services.config.network.timezone,
                now=services.clock.now(),
            )
    except WhenError as error:
        await reply(update, context, WHEN_ERROR[error.reason])
        return
    await ask_next(update, context, number, following)


def _suggestions(now: datetime, context: AppContext) -> list[datetime]:
    """Offer tomorrow, next week and the usual interval, at 19:30 local time."""
    config = context.services.config
    tz = config.network.timezone
    local = now.astimezone(tz)
    days = (1, 7, 7 * config.meetings.every_weeks)
    found = []
    for offset in days:
        day = (local + timedelta(days=offset)).date()
        moment = datetime(day.year, day.month, day.day, 19, 30, tzinfo=tz)
        found.append(moment.astimezone(now.tzinfo))
    return found


async def ask_next(update: Update, context: AppContext, number: int, step: str) -> None:
    """Ask for whatever the draft needs at `step` (or show the preview)."""
    services = context.services
    async with services.db.begin() as session:
        meeting = await service.get(session, number)
    lang = language(update, context)
    cancel = (text(update, context, "btn_cancel"), data(STOP, number))
    tz = services.config.network.timezone
    if step == START:
        rows = [
            [(local_label(moment, tz, lang), data(AT, number, int(moment.timestamp()) // 60))]
            for moment in _suggestions(services.clock.now(), context)
        ]
        await reply(update, context, "meeting_ask_start", markup=keyboard([*rows, [cancel]]))
    elif step == END:
        rows = [
            [
                (text(update, context, "btn_minutes", minutes=m), data(FOR, number, m))
                for m in DURATIONS
            ],
            [cancel],
        ]
        await reply(update, context, "meeting_ask_end", markup=keyboard(rows))
    elif step == PLACE:
        rows = [[(text(update, context, "btn_meeting_no_place"), data(NO_PLACE, number))], [cancel]]
        await reply(update, context, "meeting_ask_place", markup=keyboard(rows))
    elif step == AGENDA:
        rows = [
            [(text(update, context, "btn_meeting_no_agenda"), data(NO_AGENDA, number))],
            [cancel],
        ]
        await reply(update, context, "meeting_ask_agenda", markup=keyboard(rows))
    elif step == AUDIENCE:
        await reply(
            update, context, "meeting_ask_audience", markup=_audiences(update, context, number)
        )
    elif step == REPEAT:
        every = services.config.meetings.every_weeks
        rows = [
            [(text(update, context, "btn_meeting_once"), data(EVERY, number, 0))],
            [(text(update, context, "btn_meeting_every", count=every), data(EVERY, number, every))],
            [(text(update, context, "btn_meeting_rrule"), data(EVERY, number, "r"))],
            [cancel],
        ]
        await reply(update, context, "meeting_ask_repeat", markup=keyboard(rows))
    elif step == RRULE:
        await reply(update, context, "meeting_ask_rrule", markup=keyboard([[cancel]]))
    else:
        await _preview(update, context, meeting)


def _audiences(update: Update, context: AppContext, number: int) -> InlineKeyboardMarkup:
    network = context.services.config.network
    lang = language(update, context)
    rows: list[list[tuple[str, str]]] = [
        [(text(update, context, "btn_meeting_everyone"), data(TO, number, "all"))]
    ]
    rows += [
        [(theme.label(lang), data(TO, number, f"t{i}"))] for i, theme in enumerate(network.themes)
    ]
    wijken = [(wijk, data(TO, number, f"w{i}")) for i, wijk in enumerate(network.neighbourhoods)]
    rows += [wijken[i : i + 2] for i in range(0, len(wijken), 2)]
    return keyboard(rows)


async def _preview(update: Update, context: AppContext, meeting: Meeting) -> None:
    services = context.services
    lang = language(update, context)
    shown = texts.message(meeting, services.t, services.config, lang, "meeting_invitation")
    rows = [
        [(text(update, context, "btn_meeting_send"), data(GO, meeting.id))],
        [(text(update, context, "btn_cancel"), data(STOP, meeting.id))],
    ]
    await reply(
        update,
        context,
        "meeting_preview",
        invitation=shown,
        repeat=_repeat_label(update, context, meeting),
        audience=_audience_label(update, context, meeting),
        markup=keyboard(rows),
    )


def _repeat_label(update: Update, context: AppContext, meeting: Meeting) -> str:
    if meeting.rrule:
        return meeting.rrule
    if meeting.every_weeks:
        return str(text(update, context, "meeting_repeat_every", count=meeting.every_weeks))
    return str(text(update, context, "meeting_repeat_once"))


def _audience_label(update: Update, context: AppContext, meeting: Meeting) -> str:
    audience = Audience.from_json(meeting.audience)
    network = context.services.config.network
    if audience.kind is AudienceKind.THEME and audience.values:
        theme = network.theme(audience.values[0])
        return theme.label(language(update, context)) if theme else audience.values[0]
    if audience.kind is AudienceKind.WIJK:
        return ", ".join(audience.values)
    return str(text(update, context, "meeting_everyone"))


async def on_plan(update: Update, context: AppContext) -> None:
    """Handle the planning dialogue's buttons; the draft and the role are checked each time."""
    query = update.callback_query
    user = update.effective_user
    if query is None or query.data is None or user is None:
        return
    pressed = PLAN.decode(query.data)
    action, number, arg = pressed.action, pressed.number, pressed.arg
    services = context.services
    now = services.clock.now()
    config = services.config
    invited = 0
    following = PREVIEW
    try:
        async with services.db.begin() as session:
            coordinator = await require_coordinator(session, user.id)
            meeting, step = await drafts.open_draft(session, coordinator, number, now=now)
            if action == STOP:
                await service.drop_draft(session, coordinator, meeting)
            elif action == AT and step == START:
                minutes = parse_id(arg)
                if minutes is None:
                    raise StaleAction
                moment = datetime.fromtimestamp(minutes * 60, tz=now.tzinfo)
                following = await drafts.start_at(session, coordinator, meeting, moment, now=now)
            elif action == FOR and step == END and (m := parse_id(arg)) in DURATIONS:
                assert m is not None
                length = timedelta(minutes=m)
                following = await drafts.lasting(session, coordinator, meeting, length, now=now)
            elif (action, step) in ((NO_PLACE, PLACE), (NO_AGENDA, AGENDA)):
                assert step is not None
                following = await drafts.skip(session, coordinator, meeting, step, now=now)
            elif action == TO and step == AUDIENCE:
                chosen = _chosen(arg, context)
                following = await drafts.address(session, coordinator, meeting, chosen, now=now)
            elif action == EVERY and step == REPEAT:
                if arg == "r":
                    following = await drafts.ask_rule(session, coordinator, meeting, now=now)
                else:
                    weeks = parse_id(arg)
                    if weeks not in (0, config.meetings.every_weeks):
                        raise StaleAction
                    following = await drafts.repeat(
                        session, coordinator, meeting, weeks or None, now=now
                    )
            elif action == GO and step == PREVIEW:
                invited = await service.plan(
                    session, meeting, coordinator, (services.t, config), now=now
                )
            else:
                raise StaleAction
    except WhenError as error:
        await answer(update, context, WHEN_ERROR[error.reason])
        return
    await edit_markup(update, None)
    await answer(update, context)
    if action == STOP:
        await reply(update, context, "meeting_dropped")
    elif action == GO:
        services.alerts.wake()
        await services.meetings.sync()
        await reply(update, context, "meeting_planned", number=number, count=invited)
    else:
        await ask_next(update, context, number, following)


def _chosen(arg: str, context: AppContext) -> Audience:
    network = context.services.config.network
    if arg == "all":
        return Audience(AudienceKind.ALL)
    index = parse_id(arg[1:])
    if arg.startswith("t") and index is not None and index < len(network.themes):
        return Audience(AudienceKind.THEME, (network.themes[index].key,))
    if arg.startswith("w") and index is not None and index < len(network.neighbourhoods):
        return Audience(AudienceKind.WIJK, (network.neighbourhoods[index],))
    raise StaleAction


TICK_JOB = "meetings.tick"


async def _tick(context: AppContext) -> None:
    """Turn reminders written by another process (or missed) into jobs, or send them."""
    await context.services.meetings.tick()


async def _keep_warm(context: AppContext) -> None:
    """Nudge the coordinators when the network has been quiet for too long."""
    await context.services.meetings.nudge_if_quiet()


FEATURE = Feature(
    name="meetings",
    on_erase=personal.erase,
    on_export=personal.export,
    text_step=TextStep(dialogue.MEETINGS, on_text),
    commands=(
        Command("meeting", meeting_command, Who.COORDINATOR, menu=180, text="cmd_meeting"),
        Command(
            "meetings",
            meeting_desk.meetings_command,
            Who.COORDINATOR,
            menu=190,
            text="cmd_meetings",
        ),
    ),
    buttons=(
        Button(PLAN, on_plan, Who.COORDINATOR),
        Button(meeting_desk.DESK, meeting_desk.on_desk, Who.COORDINATOR),
        Button(texts.RSVP, meeting_desk.on_rsvp, Who.MEMBER),
    ),
    jobs=(
        Job(TICK_JOB, _tick, every=60.0),
        Job(KEEP_WARM_JOB, _keep_warm, every=6 * 3600.0),
    ),
    personal_data=(
        PersonalData(
            "meeting_invitees",
            fields={
                "person_id": "invitee",
                "rsvp": "their answer",
                "rsvp_at": "when they answered",
                "attended": "whether they came",
            },
            other=("meeting_id",),
            purpose="invite people to meetings and count who comes",
            basis="consent (GDPR art. 6(1)(a)), per theme",
            retention="with the meeting; invitations to meetings still to come go at /stop",
            erasure=(
                "/stop: upcoming invitations deleted, past answers stay with the pseudonymous "
                "record; deleted with it"
            ),
        ),
        PersonalData(
            "meetings",
            fields={
                "created_by_id": "coordinator who planned it",
            },
            other=(
                "id",
                "created_at",
                "status",
                "title",
                "starts_at",
                "ends_at",
                "location",
                "latitude",
                "longitude",
                "agenda",
                "audience",
                "series_id",
                "every_weeks",
                "rrule",
                "sequence",
                "cancelled_at",
            ),
            purpose="know who planned a meeting",
            basis="public task of the municipality (GDPR art. 6(1)(e))",
            retention="kept with the meeting",
            erasure="link goes when the coordinator is erased",
        ),
    ),
)
