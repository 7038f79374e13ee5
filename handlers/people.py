"""Coordinator tools for membership: /invite and /people."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import MessageLimit, ParseMode

from bot import membership, personal
from bot.buttons import Codec
from bot.errors import InvalidInvite, StaleAction
from bot.feature import Button, Command, Feature, PersonalData, Who
from bot.invites import WRONG_PERSON, change_role, create_invite
from bot.membership import require_coordinator
from bot.services import AppContext
from handlers.common import (
    answer,
    echo,
    edit_markup,
    keyboard,
    language,
    local_time,
    pack_lines,
    reply,
    text,
)
from storage.models import PersonStatus, Role
from storage.repositories import Audit, Consents, People, PeopleFilter


@dataclass(frozen=True, slots=True)
class InviteRole:
    """A button that changes the role an unused invitation grants (role: its index)."""

    invite: int
    role: int


INVITE_ROLE = Codec("inv", InviteRole)
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
            coordinator = await require_coordinator(session, user.id)
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
                    INVITE_ROLE.encode(InviteRole(invite_id, INVITABLE_ROLES.index(r))),
                )
                for r in others
            ]
        ]
    )


async def on_wrong_person(update: Update, context: AppContext) -> None:
    """'Not this person': the account that opened the invitation leaves at once, erased."""
    user = update.effective_user
    query = update.callback_query
    if user is None or query is None:
        return
    pressed = WRONG_PERSON.decode(query.data)
    services = context.services
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        await membership.wrong_person(
            session,
            services.config,
            coordinator,
            pressed.person,
            now=services.clock.now(),
            stop_hooks=services.features.stop_hooks,
            erase_hooks=services.features.erase_hooks,
        )
    await services.db.forget_on_disk()
    await edit_markup(update, None)
    await answer(update, context, "invite_wrong_person_done")


async def on_invite_role(update: Update, context: AppContext) -> None:
    """Change the role an unused invitation grants."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    pressed = INVITE_ROLE.decode(query.data)
    if pressed.role >= len(INVITABLE_ROLES):
        raise StaleAction
    invite_id, role = pressed.invite, INVITABLE_ROLES[pressed.role]
    services = context.services
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        invite = await change_role(
            session, invite_id, role, by=coordinator, now=services.clock.now()
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
        await reply(update, context, "people_usage", problem=echo(str(error)))
        return
    services = context.services
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        people = await People(session).find(where)
        granted = await Consents(session).granted_themes_of([p.id for p in people])
        themes = {pid: sorted(keys) for pid, keys in granted.items()}
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
                name=p.display_name + (f" ({p.telegram_name})" if p.telegram_name else ""),
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


FEATURE = Feature(
    name="people",
    on_export=personal.export_records,
    commands=(
        Command("invite", invite_command, Who.COORDINATOR, menu=100),
        Command("people", people_command, Who.COORDINATOR, menu=110),
    ),
    buttons=(
        Button(INVITE_ROLE, on_invite_role, Who.COORDINATOR),
        Button(WRONG_PERSON, on_wrong_person, Who.COORDINATOR),
    ),
    personal_data=(
        PersonalData(
            "invites",
            fields={
                "name": "name of the invitee",
                "created_by_id": "coordinator who invited",
                "used_by_id": "who used it",
                "neighbourhoods": "preselected neighbourhoods",
                "themes": "themes offered",
            },
            other=("id", "token_hash", "created_at", "expires_at", "used_at", "revoked_at", "role"),
            purpose="invite a named person into the network with a single-use link",
            basis="public task of the municipality (GDPR art. 6(1)(e))",
            retention="unused: deleted when expired; used: kept with the person",
            erasure="name blanked at /stop; unused ones deleted by retention",
        ),
        PersonalData(
            "person_tags",
            fields={
                "person_id": "whose",
                "tag": "coordinator's label for alerts",
            },
            other=(),
            purpose="address alerts to groups the coordinator defines",
            basis="consent (GDPR art. 6(1)(a)), per theme",
            retention="while a member",
            erasure="deleted at /stop",
        ),
        PersonalData(
            "audit_log",
            fields={
                "actor_id": "who did it",
                "subject_id": "to whom",
                "actor_label": "config, CLI or invitee",
                "details": "ids of what was touched, never contents",
            },
            other=("id", "at", "action"),
            purpose="account for what coordinators did and who was refused",
            basis="public task of the municipality (GDPR art. 6(1)(e))",
            retention="{audit_retention}",
            erasure=(
                "subject becomes the pseudonymous record at /stop; entries deleted after "
                "{audit_retention}"
            ),
        ),
    ),
)
