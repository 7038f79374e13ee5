"""Coordinator tools for membership: /invite and /people."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode

from bot import membership, people_list, personal
from bot.buttons import Codec
from bot.errors import InvalidInvite, StaleAction
from bot.feature import Button, Command, Feature, PersonalData, Who
from bot.i18n import Safe, words
from bot.invites import WRONG_PERSON, change_role, create_invite
from bot.membership import require_coordinator
from bot.people_list import PAGE
from bot.services import AppContext
from bot.text_keys import PERSON_STATUS, ROLE
from handlers.common import (
    answer,
    echo,
    edit_markup,
    edit_text,
    fitting_lines,
    keyboard,
    language,
    reply,
    reply_invitation,
    text,
)
from storage.models import Person, PersonStatus, Role
from storage.repositories import Audit, PeopleFilter


@dataclass(frozen=True, slots=True)
class InviteRole:
    """A button that changes the role an unused invitation grants (role: its index)."""

    invite: int
    role: int


INVITE_ROLE = Codec("inv", InviteRole)
INVITABLE_ROLES = (Role.KEY_PERSON, Role.BACKGROUND_CONTACT)
# The filter words in every catalog ("wijk=", "neighbourhood=", "mahalle="), and the fields.
FILTER_KEYS = {
    **dict.fromkeys(words("word_neighbourhood") | {"wijk", "neighbourhood"}, "wijk"),
    **dict.fromkeys(words("word_theme") | {"thema", "theme"}, "theme"),
    **dict.fromkeys(words("word_role") | {"rol", "role"}, "role"),
    "status": "status",
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
    markup = _role_keyboard(update, context, new.invite.id, new.invite.role)
    await reply_invitation(update, context, new, markup=markup)


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
                        role=text(update, context, ROLE[r]),
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
    role_text = text(update, context, ROLE[role])
    await edit_markup(update, _role_keyboard(update, context, invite_id, role))
    await answer(update, context, "invite_role_set", name=name, role=role_text)


def parse_filter(args: list[str], context: AppContext) -> PeopleFilter:
    """Turn 'wijk=Tanthof status=active' into a PeopleFilter; ValueError names the bad part."""
    values: dict[str, str] = {}
    for arg in args:
        key, sep, value = arg.partition("=")
        field = FILTER_KEYS.get(key.casefold())
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
    """List members for the coordinator, optionally filtered: one page, with buttons to page
    and for the whole list as a file."""
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
        shown = await people_list.page_of(session, where, 0)
        Audit(session).record(
            at=services.clock.now(),
            action="people.list",
            actor=coordinator,
            details={"filters": args, "count": shown.total},
        )
    if not shown.total:
        filters = f" ({' '.join(args)})" if args else ""
        await reply(update, context, "people_none", filters=filters)
        return
    body, markup = _page(update, context, where, shown)
    await context.bot.send_message(chat.id, body, parse_mode=ParseMode.HTML, reply_markup=markup)


async def on_listing(update: Update, context: AppContext) -> None:
    """Show another page of the listing in place, or send the whole list as a file."""
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    if query is None or user is None or chat is None:
        return
    pressed = people_list.LISTING.decode(query.data)
    services = context.services
    where = people_list.filter_of(pressed, services.config)
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        if pressed.what == people_list.FILE:
            shown = await people_list.everyone(session, where)
        else:
            shown = await people_list.page_of(session, where, pressed.offset)
        Audit(session).record(
            at=services.clock.now(),
            action="people.export" if pressed.what == people_list.FILE else "people.list",
            actor=coordinator,
            details={"count": shown.total, "from": shown.offset},
        )
    if pressed.what == people_list.FILE:
        data = people_list.as_csv(_rows(update, context, shown), _columns(update, context))
        await context.bot.send_document(
            chat.id,
            InputFile(data, filename=text(update, context, "people_file_name")),
            caption=text(update, context, "people_file", count=shown.total),
            parse_mode=ParseMode.HTML,
            protect_content=True,
        )
    else:
        body, markup = _page(update, context, where, shown)
        await edit_text(update, body, markup)
    await answer(update, context)


def _page(
    update: Update, context: AppContext, where: PeopleFilter, shown: people_list.Page
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Render as many of the page's people as fit one message, with the paging buttons."""
    words = " ".join(f"{k}={v}" for k, v in _filter_words(where).items())
    filters = f" ({words})" if words else ""
    header = text(update, context, "people_header", count=shown.total, filters=filters)
    lines = fitting_lines(
        header,
        (
            text(update, context, "people_line", **_fields(update, context, p, shown.themes[p.id]))
            for p in shown.people
        ),
    )
    first, after = shown.offset, shown.offset + len(lines)
    if first == 0 and after == shown.total:
        return "\n".join([header, *lines]), None
    header = Safe(header + text(update, context, "people_range", first=first + 1, last=after))
    config = context.services.config
    row = []
    if first > 0:
        data = people_list.button(people_list.PAGE_OF, max(0, first - PAGE), where, config)
        row.append((text(update, context, "btn_people_prev"), data))
    if after < shown.total:
        data = people_list.button(people_list.PAGE_OF, after, where, config)
        row.append((text(update, context, "btn_people_next"), data))
    whole = people_list.button(people_list.FILE, first, where, config)
    rows = [row, [(text(update, context, "btn_people_file"), whole)]]
    return "\n".join([header, *lines]), keyboard(rows)


def _filter_words(where: PeopleFilter) -> dict[str, str]:
    words = {"status": where.status.value if where.status else None}
    words |= {"rol": where.role.value if where.role else None}
    words |= {"wijk": where.wijk, "thema": where.theme}
    return {key: value for key, value in words.items() if value}


def _fields(update: Update, context: AppContext, p: Person, themes: set[str]) -> dict[str, str]:
    """Return one person's line values: name (and account), role, status, wijken, themes."""
    lang = language(update, context)
    wijken = ", ".join(n.wijk for n in p.neighbourhoods)
    labels = ", ".join(_theme_label(context, k, lang) for k in sorted(themes))
    return {
        "name": p.display_name + (f" ({p.telegram_name})" if p.telegram_name else ""),
        "role": text(update, context, ROLE[p.role]),
        "status": text(update, context, PERSON_STATUS[p.status]),
        "wijken": f" · {wijken}" if wijken else "",
        "themes": f" · {labels}" if labels else "",
    }


def _columns(update: Update, context: AppContext) -> list[str]:
    return text(update, context, "people_file_columns").split(",")


def _rows(update: Update, context: AppContext, shown: people_list.Page) -> list[list[str]]:
    lang = language(update, context)
    return [
        [
            p.display_name,
            p.telegram_name or "",
            text(update, context, ROLE[p.role]),
            text(update, context, PERSON_STATUS[p.status]),
            ", ".join(n.wijk for n in p.neighbourhoods),
            ", ".join(_theme_label(context, k, lang) for k in sorted(shown.themes[p.id])),
        ]
        for p in shown.people
    ]


def _theme_label(context: AppContext, key: str, lang: str) -> str:
    theme = context.services.config.network.theme(key)
    return theme.label(lang) if theme else key


FEATURE = Feature(
    name="people",
    on_export=personal.export_records,
    commands=(
        Command("invite", invite_command, Who.COORDINATOR, menu=100, text="cmd_invite"),
        Command("people", people_command, Who.COORDINATOR, menu=110, text="cmd_people"),
    ),
    buttons=(
        Button(INVITE_ROLE, on_invite_role, Who.COORDINATOR),
        Button(WRONG_PERSON, on_wrong_person, Who.COORDINATOR),
        Button(people_list.LISTING, on_listing, Who.COORDINATOR),
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
                "tags": "coordinator's labels to give them",
                "language": "the language chosen for them",
            },
            other=("id", "token_hash", "created_at", "expires_at", "used_at", "revoked_at", "role"),
            purpose="invite a named person into the network with a single-use link",
            basis="public task of the municipality (GDPR art. 6(1)(e))",
            retention="unused: deleted when expired; used: kept with the person",
            erasure="name, tags and language blanked at /stop; unused ones deleted by retention",
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
