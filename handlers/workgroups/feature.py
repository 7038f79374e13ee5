"""Working groups in the coordinator's private chat: /workgroup (name, theme, purpose, end),
then what to do in Telegram; /workgroup 3 to invite members or guests, see who is in, extend
or close; /workgroups lists them."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ChatJoinRequestHandler, ChatMemberHandler

from bot import dialogue
from bot.buttons import Codec, Pressed
from bot.feature import (
    Button,
    Command,
    Feature,
    Guests,
    Job,
    PersonalData,
    StartLink,
    TextStep,
    Who,
)
from bot.i18n import Safe
from bot.meetings.when import WhenError
from bot.membership import require_coordinator
from bot.services import AppContext
from bot.text_keys import WHEN_ERROR, WORKGROUP_SEAT, WORKGROUP_STATE
from bot.workgroups import edits, personal, service
from bot.workgroups.edits import CLOSE, ENDS, LONGER, WHO
from bot.workgroups.keeper import CLOSE_NOW, END, EXTEND
from bot.workgroups.notices import GUEST_CHECK, UNINVITED
from bot.workgroups.service import END_DATE, GUEST, NAME, PEOPLE, PURPOSE, TEXT_STEPS, THEME
from handlers.common import answer, edit_markup, keyboard, language, parse_id, reply, text
from handlers.workgroups import chat, uninvited
from storage.dialogue_models import Dialogue
from storage.models import Person, Role
from storage.workgroup_models import SeatState, Workgroup, WorkgroupStatus

# Buttons: a theme (THEME), the default end (ENDS), invite people (PEOPLE) or a guest (GUEST),
# who is in (WHO), extend (LONGER), close (CLOSE).
WG = Codec("wg", Pressed, choices={"action": (THEME, ENDS, PEOPLE, GUEST, WHO, LONGER, CLOSE)})
MAX_NAME, MAX_PURPOSE = 128, 300


def data(action: str, number: int, arg: str | int = "") -> str:
    """Return a working group button's callback data."""
    return WG.encode(Pressed(action, number, str(arg)))


async def workgroup_command(update: Update, context: AppContext) -> None:
    """Start a working group (/workgroup) or show one (/workgroup 3); private chat only."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    if chat.type != ChatType.PRIVATE:
        await reply(update, context, "workgroup_private_only")
        return
    args = context.args or []
    if args:
        number = parse_id(args[0]) if len(args) == 1 else None
        if number is None:
            await reply(update, context, "workgroup_usage")
            return
        await show(update, context, number)
        return
    services = context.services
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        group = await service.start_planning(
            session,
            coordinator,
            now=services.clock.now(),
            length=services.config.workgroups.default_duration,
        )
    await reply(update, context, "workgroup_ask_name", number=group.id)


async def on_text(update: Update, context: AppContext, person: Person, dialogue: Dialogue) -> bool:
    """Use a coordinator's text for the working group step that waits for it."""
    message = update.message
    number, step = dialogue.ref_id, dialogue.step
    if message is None or message.text is None or number is None:
        return False
    if person.role is not Role.COORDINATOR:
        return False
    body = message.text.strip()
    if step in TEXT_STEPS:
        await _dialogue(update, context, number, step, body)
    elif step in (PEOPLE, GUEST):
        await _answer(update, context, number, step, body)
    else:
        return False
    return True


async def _answer(update: Update, context: AppContext, number: int, step: str, body: str) -> None:
    services = context.services
    user = update.effective_user
    assert user is not None
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        await service.take_answer(session, coordinator, number, step, now=services.clock.now())
    if step == PEOPLE:
        await _invite_people(update, context, number, body)
    else:
        await _invite_guest(update, context, number, body)


async def _dialogue(update: Update, context: AppContext, number: int, step: str, body: str) -> None:
    services = context.services
    user = update.effective_user
    assert user is not None
    limit = MAX_NAME if step == NAME else MAX_PURPOSE
    if step != END_DATE and not 0 < len(body) <= limit:
        await reply(update, context, "too_long", length=len(body), limit=limit)
        return
    now, config = services.clock.now(), services.config
    try:
        async with services.db.begin() as session:
            coordinator = await require_coordinator(session, user.id)
            following = await edits.take_text(
                session, coordinator, number, step, body, now=now, config=config
            )
    except WhenError as error:
        await reply(update, context, WHEN_ERROR[error.reason])
        return
    await _ask_next(update, context, number, following)


async def _ask_next(update: Update, context: AppContext, number: int, step: str | None) -> None:
    services = context.services
    async with services.db.begin() as session:
        group = await service.get(session, number)
    lang = language(update, context)
    if step == THEME:
        themes = services.config.network.themes
        rows = [[(theme.label(lang), data(THEME, number, i))] for i, theme in enumerate(themes)]
        rows.append([(text(update, context, "signal_no_theme"), data(THEME, number, "x"))])
        await reply(update, context, "workgroup_ask_theme", markup=keyboard(rows))
    elif step == PURPOSE:
        await reply(update, context, "workgroup_ask_purpose")
    elif step == END_DATE:
        default = _date(group, context)
        rows = [[(text(update, context, "btn_wg_default_end", date=default), data(ENDS, number))]]
        await reply(update, context, "workgroup_ask_end", markup=keyboard(rows))
    elif group.status is WorkgroupStatus.WAITING:
        await reply(
            update,
            context,
            "workgroup_instructions",
            number=number,
            name=group.name,
            bot=services.config.telegram.bot_username,
        )


def _date(group: Workgroup, context: AppContext) -> str:
    return service.end_label(group.ends_at, context.services.config)


async def show(update: Update, context: AppContext, number: int) -> None:
    """Show a working group with its seats and what can be done."""
    services = context.services
    user = update.effective_user
    assert user is not None
    async with services.db.begin() as session:
        await require_coordinator(session, user.id)
        group = await service.get(session, number)
        all_seats = await service.seats(session, number)
    counts = {state: sum(s.state is state for s in all_seats) for state in SeatState}
    rows = []
    if group.status is WorkgroupStatus.ACTIVE:
        rows = [
            [(text(update, context, "btn_wg_people"), data(PEOPLE, number))],
            [(text(update, context, "btn_wg_guest"), data(GUEST, number))],
            [(text(update, context, "btn_wg_who"), data(WHO, number))],
            [
                (
                    text(update, context, "btn_wg_extend_short"),
                    data(LONGER, number, edits.end_marker(group)),
                )
            ],
            [(text(update, context, "btn_wg_close_now"), data(CLOSE, number))],
        ]
    await reply(
        update,
        context,
        "workgroup_page",
        number=number,
        name=group.name,
        purpose=group.purpose,
        end=_date(group, context),
        state=text(update, context, WORKGROUP_STATE[group.status]),
        invited=counts[SeatState.INVITED],
        joined=counts[SeatState.JOINED],
        markup=keyboard(rows) if rows else None,
    )


async def on_button(update: Update, context: AppContext) -> None:
    """Handle the dialogue's and the page's buttons (coordinators only, checked here too)."""
    query, user = update.callback_query, update.effective_user
    if query is None or query.data is None or user is None:
        return
    pressed = WG.decode(query.data)
    action, number, arg = pressed.action, pressed.number, pressed.arg
    services = context.services
    now, config = services.clock.now(), services.config
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        group, following = await edits.press(
            session, coordinator, number, action, arg, index=parse_id(arg), config=config, now=now
        )
    await answer(update, context)
    if action in (THEME, ENDS):
        await edit_markup(update, None)
        await _ask_next(update, context, number, following)
    elif action == PEOPLE:
        await reply(update, context, "workgroup_ask_people", number=number)
    elif action == GUEST:
        await reply(update, context, "workgroup_ask_guest", number=number)
    elif action == WHO:
        await who(update, context, number)
    elif action == LONGER:
        await reply(update, context, "workgroup_extended", number=number, end=_date(group, context))
    elif action == CLOSE:
        await _close(update, context, number)


async def on_end(update: Update, context: AppContext) -> None:
    """Handle the end reminder: extend, close now, or close at the end date."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    pressed = END.decode(query.data)
    action, number = pressed.action, pressed.number
    services = context.services
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        group = await edits.answer_reminder(
            session, coordinator, number, action, config=services.config, now=services.clock.now()
        )
    await edit_markup(update, None)
    await answer(update, context)
    if action == EXTEND:
        await reply(update, context, "workgroup_extended", number=number, end=_date(group, context))
    elif action == CLOSE_NOW:
        await _close(update, context, number)
    else:
        await reply(
            update, context, "workgroup_closes_at_end", number=number, end=_date(group, context)
        )


async def _close(update: Update, context: AppContext, number: int) -> None:
    closed = await context.services.workgroups.close_now(number)
    left = closed.left_in(context.services.t, language(update, context))
    if left:
        await reply(
            update,
            context,
            "workgroup_closed_report_failures",
            number=number,
            count=closed.removed,
            names=", ".join(left),
        )
    else:
        await reply(update, context, "workgroup_closed_report", number=number, count=closed.removed)


async def who(update: Update, context: AppContext, number: int) -> None:
    """List who was invited, who joined and who has not (yet)."""
    services = context.services
    lines = []
    async with services.db.begin() as session:
        group = await service.get(session, number)
        for seat in await service.seats(session, number):
            name = await service.name_of(session, seat)
            guest = text(update, context, "workgroup_guest") if seat.person_id is None else ""
            state = text(update, context, WORKGROUP_SEAT[seat.state])
            lines.append(f"• {name}{guest}: {state}")
    none = text(update, context, "none")
    await reply(
        update,
        context,
        "workgroup_who",
        number=number,
        name=group.name,
        lines="\n".join(lines) or none,
    )


async def _invite_people(update: Update, context: AppContext, number: int, body: str) -> None:
    services = context.services
    user = update.effective_user
    assert user is not None
    async with services.db.begin() as session:
        await require_coordinator(session, user.id)
        added, missing = await edits.invite_named(
            session, number, body, services.config.network, now=services.clock.now()
        )
    await services.workgroups.tick()
    await reply(
        update,
        context,
        "workgroup_people_invited",
        number=number,
        count=len(added),
        names=", ".join(p.display_name for p in added) or text(update, context, "none"),
        missing=", ".join(missing) or text(update, context, "none"),
    )


async def _invite_guest(update: Update, context: AppContext, number: int, body: str) -> None:
    services = context.services
    user = update.effective_user
    assert user is not None
    if not 0 < len(body) <= MAX_NAME:
        await reply(update, context, "too_long", length=len(body), limit=MAX_NAME)
        return
    async with services.db.begin() as session:
        await require_coordinator(session, user.id)
        group = await service.get(session, number, for_update=True)
        _, token = await service.invite_guest(session, group, body, now=services.clock.now())
    link = f"https://t.me/{services.config.telegram.bot_username}?start={token}"
    await reply(update, context, "workgroup_guest_link", number=number, name=body, link=link)


async def workgroups_command(update: Update, context: AppContext) -> None:
    """List the working groups that are not archived."""
    user = update.effective_user
    if user is None:
        return
    services = context.services
    async with services.db.begin() as session:
        await require_coordinator(session, user.id)
        groups = await edits.listed(session)
    if not groups:
        await reply(update, context, "workgroups_none")
        return
    lines = [
        text(
            update,
            context,
            "workgroups_line",
            number=g.id,
            name=g.name,
            state=text(update, context, WORKGROUP_STATE[g.status]),
            end=_date(g, context),
        )
        for g in groups
    ]
    await reply(update, context, "workgroups_header", lines=Safe("\n".join(lines)))


async def _tick(context: AppContext) -> None:
    """Send links and end reminders, remove leavers, close groups whose time is up."""
    await context.services.workgroups.tick()


FEATURE = Feature(
    name="workgroups",
    on_erase=personal.erase,
    on_export=personal.export,
    text_step=TextStep(dialogue.WORKGROUPS, on_text),
    commands=(
        Command(
            "workgroup",
            workgroup_command,
            Who.COORDINATOR,
            menu=200,
            text="cmd_workgroup",
            in_groups=True,
        ),
        Command("workgroups", workgroups_command, Who.COORDINATOR, menu=210, text="cmd_workgroups"),
        Command("members", chat.members_command, Who.MEMBER, in_groups=True),
    ),
    buttons=(
        Button(WG, on_button, Who.COORDINATOR),
        Button(END, on_end, Who.COORDINATOR),
        # A guest is not a member: the access gate lets a stranger's answer through (checked there).
        Button(chat.GUEST, chat.on_guest, Who.MEMBER),
        Button(GUEST_CHECK, chat.on_guest_check, Who.COORDINATOR),
        Button(UNINVITED, uninvited.on_uninvited, Who.COORDINATOR),
    ),
    start_links=(StartLink(service.GUEST_PREFIX, chat.guest_start),),
    guests=Guests(chat.GUEST, chat.is_guest, chat.guest_command),
    on_chat_moved=chat.rebind,
    handlers=(
        ChatMemberHandler(chat.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
        ChatMemberHandler(uninvited.on_chat_member, ChatMemberHandler.CHAT_MEMBER),
        ChatJoinRequestHandler(chat.on_join_request),
    ),
    jobs=(Job("workgroups.tick", _tick, every=60.0),),
    on_stop=service.leave_all,
    personal_data=(
        PersonalData(
            "workgroup_seats",
            fields={
                "person_id": "member invited",
                "guest_name": "guest's name",
                "guest_user_id": "guest's Telegram id (or an uninvited arrival's)",
                "guest_language": "guest's language",
                "guest_account": (
                    "the Telegram account's own name that agreed as the guest, or that came "
                    "into the group uninvited"
                ),
                "invite_link": "personal join link",
            },
            other=(
                "id",
                "workgroup_id",
                "guest_token_hash",
                "consented_at",
                "confirmed_at",
                "uninvited_at",
                "reported_at",
                "erased_at",
                "state",
                "invited_at",
                "link_sent_at",
                "claimed_at",
                "joined_at",
                "gone_at",
            ),
            purpose="give each member of a working group a personal invite link",
            basis="consent (GDPR art. 6(1)(a)), per theme",
            retention=(
                "guests: until {guest_retention} after the group closes; members: with the group"
            ),
            erasure=(
                "/stop: unlinked (the id kept only until removed from the group); guests erased "
                "after the group"
            ),
        ),
        PersonalData(
            "workgroups",
            fields={
                "created_by_id": "coordinator who started it",
            },
            other=(
                "id",
                "created_at",
                "status",
                "name",
                "theme",
                "purpose",
                "ends_at",
                "chat_id",
                "missing_rights",
                "pinned_message_id",
                "bound_at",
                "reminded_at",
                "closed_at",
                "close_failures",
            ),
            purpose="know who started a working group",
            basis="public task of the municipality (GDPR art. 6(1)(e))",
            retention="kept with the group",
            erasure="link goes when the coordinator is erased",
        ),
    ),
)
