"""Coordinator tools for membership: /invite and /people."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import MessageLimit, ParseMode
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.errors import InvalidInvite, NotACoordinator, StaleAction
from bot.invites import create_invite
from bot.services import AppContext
from handlers.common import (
    answer,
    edit_markup,
    keyboard,
    language,
    local_time,
    pack_lines,
    parse_id,
    parse_index,
    reply,
    text,
)
from storage.models import Person, PersonStatus, Role
from storage.repositories import Audit, Consents, Invites, People, PeopleFilter

INVITE_ROLE = "inv:"
COMMANDS = frozenset({"invite", "people"})
CALLBACKS = frozenset({INVITE_ROLE})
INVITABLE_ROLES = (Role.KEY_PERSON, Role.BACKGROUND_CONTACT)
FILTER_KEYS = {
    "wijk": "wijk",
    "neighbourhood": "wijk",
    "thema": "theme",
    "theme": "theme",
    "status": "status",
    "rol": "role",
    "role": "role",
}


async def _coordinator(context: AppContext, session_people: People, user_id: int) -> Person:
    person = await session_people.by_telegram_id(user_id)
    if (
        person is None
        or person.role is not Role.COORDINATOR
        or person.status is not PersonStatus.ACTIVE
    ):
        raise NotACoordinator
    return person


async def invite_command(update: Update, context: AppContext) -> None:
    """Create a single-use invitation link for the named person."""
    user = update.effective_user
    if user is None:
        return
    name = " ".join(context.args or [])
    if not name.strip():
        await reply(update, context, "invite_usage")
        return
    services = context.services
    try:
        async with services.db.begin() as session:
            coordinator = await _coordinator(context, People(session), user.id)
            new = await create_invite(
                session,
                services.config,
                now=services.clock.now(),
                name=name,
                created_by=coordinator,
            )
    except InvalidInvite:
        await reply(update, context, "invite_usage")
        return
    await reply(
        update,
        context,
        "invite_created",
        name=new.invite.name,
        role=text(update, context, f"role_{new.invite.role.value}"),
        expires=local_time(update, context, new.invite.expires_at),
        link=new.link,
        markup=_role_keyboard(update, context, new.invite.id, new.invite.role),
    )


def _role_keyboard(
    update: Update, context: AppContext, invite_id: int, current: Role
) -> InlineKeyboardMarkup:
    others = [r for r in INVITABLE_ROLES if r is not current]
    return keyboard(
        [
            [
                (
                    text(
                        update,
                        context,
                        "btn_make_role",
                        role=text(update, context, f"role_{r.value}"),
                    ),
                    f"{INVITE_ROLE}{invite_id}:{INVITABLE_ROLES.index(r)}",
                )
                for r in others
            ]
        ]
    )


async def on_invite_role(update: Update, context: AppContext) -> None:
    """Change the role an unused invitation grants."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None or query.data is None:
        return
    head, _, role_part = query.data[len(INVITE_ROLE) :].partition(":")
    invite_id = parse_id(head)
    role_index = parse_index(role_part, "", len(INVITABLE_ROLES))
    if invite_id is None or role_index is None:
        raise StaleAction
    role = INVITABLE_ROLES[role_index]
    services = context.services
    async with services.db.begin() as session:
        coordinator = await _coordinator(context, People(session), user.id)
        invite = await Invites(session).by_id(invite_id)
        now = services.clock.now()
        if (
            invite is None
            or invite.used_at is not None
            or invite.revoked_at is not None
            or invite.expires_at <= now
        ):
            raise StaleAction
        changed = invite.role is not role
        invite.role = role
        if changed:
            Audit(session).record(
                at=now,
                action="invite.role",
                actor=coordinator,
                details={"invite_id": invite.id, "role": role.value},
            )
        name = invite.name
    role_text = text(update, context, f"role_{role.value}")
    await edit_markup(update, _role_keyboard(update, context, invite_id, role))
    await answer(update, context, "invite_role_set", name=name, role=role_text)


def parse_filter(args: list[str], context: AppContext) -> PeopleFilter:
    """Turn 'wijk=Tanthof status=active' into a PeopleFilter; ValueError names the bad part."""
    values: dict[str, str] = {}
    for arg in args:
        key, sep, value = arg.partition("=")
        field = FILTER_KEYS.get(key.lower())
        if not sep or field is None or not value:
            raise ValueError(arg)
        if field == "status" and value not in {s.value for s in PersonStatus}:
            raise ValueError(arg)
        if field == "role" and value not in {r.value for r in Role}:
            raise ValueError(arg)
        if field == "theme" and context.services.config.network.theme(value) is None:
            raise ValueError(arg)
        if field == "wijk":
            known = {w.casefold(): w for w in context.services.config.network.neighbourhoods}
            if value.casefold() not in known:
                raise ValueError(arg)
            value = known[value.casefold()]
        values[field] = value
    return PeopleFilter(
        status=PersonStatus(values["status"]) if "status" in values else None,
        role=Role(values["role"]) if "role" in values else None,
        wijk=values.get("wijk"),
        theme=values.get("theme"),
        # People who left are only listed when asked for: /people status=left.
        hide_left="status" not in values,
    )


async def people_command(update: Update, context: AppContext) -> None:
    """List members for the coordinator, optionally filtered."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        return
    args = context.args or []
    try:
        where = parse_filter(args, context)
    except ValueError as error:
        await reply(update, context, "people_usage", problem=str(error))
        return
    services = context.services
    async with services.db.begin() as session:
        coordinator = await _coordinator(context, People(session), user.id)
        people = await People(session).find(where)
        consents = Consents(session)
        themes = {p.id: sorted(await consents.granted_themes(p)) for p in people}
        Audit(session).record(
            at=services.clock.now(),
            action="people.list",
            actor=coordinator,
            details={"filters": args, "count": len(people)},
        )
    filters = f" ({' '.join(args)})" if args else ""
    if not people:
        await reply(update, context, "people_none", filters=filters)
        return
    lang = language(update, context)
    lines = [text(update, context, "people_header", count=len(people), filters=filters)]
    for p in people:
        wijken = ", ".join(n.wijk for n in p.neighbourhoods)
        lines.append(
            text(
                update,
                context,
                "people_line",
                name=p.display_name,
                role=text(update, context, f"role_{p.role.value}"),
                status=text(update, context, f"status_{p.status.value}"),
                wijken=f" · {wijken}" if wijken else "",
                themes=f" · {', '.join(_theme_label(context, k, lang) for k in themes[p.id])}"
                if themes[p.id]
                else "",
            )
        )
    for chunk in pack_lines(lines, MessageLimit.MAX_TEXT_LENGTH):
        await context.bot.send_message(chat.id, chunk, parse_mode=ParseMode.HTML)


def _theme_label(context: AppContext, key: str, lang: str) -> str:
    theme = context.services.config.network.theme(key)
    return theme.label(lang) if theme else key


HANDLERS = [
    CommandHandler("invite", invite_command),
    CommandHandler("people", people_command),
    CallbackQueryHandler(on_invite_role, pattern=f"^{INVITE_ROLE}"),
]
