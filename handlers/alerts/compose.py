"""Composing an alert in chat: text, languages, audience, options and the preview."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.alerts import compose, render, service
from bot.alerts.audience import Audience, AudienceKind, read_as
from bot.buttons import Codec, Pressed
from bot.errors import AlertAudienceEmpty, StaleAction
from bot.i18n import LANGUAGE_NAMES, Safe
from bot.membership import require_coordinator
from bot.services import AppContext
from bot.text_keys import ALERT_AUDIENCE, ALERT_SOUND, BTN_AUDIENCE
from handlers.common import (
    answer,
    edit_markup,
    keyboard,
    language,
    local_time,
    parse_id,
    reply,
    text,
)
from storage.models import Alert

# Every button carries the draft's number, so a button of an older draft never changes a newer.
ADD_LANGUAGE, CONTINUE, CHOOSE, WIJK, THEME, TAG, DONE = "l", "c", "a", "w", "t", "g", "d"
OPTION, NOW, LATER, CONFIRM, SAVE, CANCEL, USE = "o", "now", "lat", "y", "tp", "n", "u"
SOUND, SHARE, REMIND = "s", "h", "r"
_ACTIONS = frozenset(
    {ADD_LANGUAGE, CONTINUE, CHOOSE, WIJK, THEME, TAG, DONE}
    | {OPTION, NOW, LATER, CONFIRM, SAVE, CANCEL, USE}
)
COMPOSE = Codec("ac", Pressed, choices={"action": _ACTIONS})
_OPTIONS = {
    SOUND: compose.cycle_sound,
    SHARE: compose.toggle_shareable,
    REMIND: compose.cycle_reminder,
}
_SOUND_LABELS = {"normal": "btn_opt_normal", "urgent": "btn_opt_urgent", "silent": "btn_opt_silent"}


def data(action: str, alert_id: int, arg: str | int | None = None) -> str:
    """Return the callback data of a compose button."""
    return COMPOSE.encode(Pressed(action, alert_id, "" if arg is None else str(arg)))


async def start(update: Update, context: AppContext, user_id: int) -> None:
    """Start a new draft (/alert) and ask for its text."""
    services = context.services
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user_id)
        alert = await compose.start_draft(session, coordinator, now=services.clock.now())
    await reply(
        update,
        context,
        "alert_compose_text",
        number=alert.id,
        language=LANGUAGE_NAMES[services.t.default_language],
        markup=_cancel_keyboard(update, context, alert.id),
    )


async def on_button(
    update: Update, context: AppContext, user_id: int, action: str, number: int, arg: str
) -> None:
    """Handle a draft's buttons up to the preview; the draft and role are re-checked each time."""
    if action in (NOW, LATER):
        await _when(update, context, user_id, number, later=action == LATER)
    else:
        await _edit_draft(update, context, user_id, action, number, arg)


def parse(raw: str | None) -> tuple[str, int, str]:
    """Split compose callback data into action, number and argument; forged data is stale."""
    pressed = COMPOSE.decode(raw)
    return pressed.action, pressed.number, pressed.arg


async def _edit_draft(
    update: Update, context: AppContext, user_id: int, action: str, number: int, arg: str
) -> None:
    services = context.services
    wijken = services.config.network.neighbourhoods
    themes = services.config.network.themes
    now = services.clock.now()
    note: str | None = None
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user_id)
        alert = await compose.own_draft(session, coordinator, number)
        tags = await compose.tags(session) if action in (CHOOSE, TAG, DONE) else []
        # Any button of the draft resumes its dialogue, at the step the button leads to.
        step: str | None = None
        if action == CANCEL:
            await service.cancel(session, alert, coordinator, now=now)
        elif action == ADD_LANGUAGE:
            if arg not in services.t.languages or not alert.texts:
                raise StaleAction
            step = compose.language_step(arg)
        elif action == CONTINUE:
            if not alert.texts:
                raise StaleAction
            step = compose.AUDIENCE
        elif action == CHOOSE:
            kind = _kind(arg)
            if kind is AudienceKind.ALL:
                compose.set_audience(alert, Audience(AudienceKind.ALL))
                step = compose.OPTIONS
            elif kind is AudienceKind.PEOPLE:
                step = compose.PEOPLE
            elif kind is AudienceKind.TAG and not tags:
                note = "alert_no_tags"
            else:  # wijk, theme or tag: start an empty choice of that kind
                compose.set_audience(alert, Audience(kind))
                step = compose.AUDIENCE
        elif action == WIJK:
            compose.toggle(alert, AudienceKind.WIJK, wijken[_index(arg, len(wijken))])
            step = compose.AUDIENCE
        elif action == TAG:
            compose.toggle(alert, AudienceKind.TAG, tags[_index(arg, len(tags))])
            step = compose.AUDIENCE
        elif action == THEME:
            key = themes[_index(arg, len(themes))].key
            compose.set_audience(alert, Audience(AudienceKind.THEME, (key,)))
            step = compose.OPTIONS
        elif action == DONE:
            if compose.audience_of(alert).values:
                step = compose.OPTIONS
            else:
                note = "alert_choose_one"
        elif action == OPTION:
            change = _OPTIONS.get(arg)
            if change is None:
                raise StaleAction
            change(alert)
            step = compose.OPTIONS  # a changed option needs a fresh preview before sending
        elif action == SAVE:
            step = compose.TEMPLATE_NAME
        if step is not None:
            await compose.go_to(session, coordinator, alert, step, now=now)
    if note is not None:
        await answer(update, context, note)
        return
    await _show_step(update, context, alert, (action, step or ""), arg, tags)
    await answer(update, context)


async def _show_step(
    update: Update,
    context: AppContext,
    alert: Alert,
    pressed: tuple[str, str],
    arg: str,
    tags: list[str],
) -> None:
    action, step = pressed
    kind = compose.audience_of(alert).kind
    if action == CANCEL:
        await edit_markup(update, None)
        await reply(update, context, "alert_draft_cancelled")
    elif action == ADD_LANGUAGE:
        await reply(update, context, "alert_language_prompt", language=LANGUAGE_NAMES[arg])
    elif action == CONTINUE:
        await edit_markup(update, None)
        await send_audience(update, context, alert)
    elif action in (WIJK, TAG) or (action == CHOOSE and step == compose.AUDIENCE):
        if action == CHOOSE:
            await edit_markup(update, None)
            key = {AudienceKind.WIJK: "alert_wijk_prompt", AudienceKind.THEME: "alert_theme_prompt"}
            markup = _choice_keyboard(update, context, alert, tags)
            await reply(update, context, key.get(kind, "alert_tag_prompt"), markup=markup)
        else:
            await edit_markup(update, _choice_keyboard(update, context, alert, tags))
    elif action == CHOOSE and step == compose.PEOPLE:
        await edit_markup(update, None)
        await reply(update, context, "alert_people_prompt")
    elif action == OPTION:
        await edit_markup(update, _options_keyboard(update, context, alert))
    elif action == SAVE:
        await reply(update, context, "alert_template_name_prompt")
    else:  # everyone, a theme, or done choosing: on to the options
        await edit_markup(update, None)
        await send_options(update, context, alert)


def _kind(arg: str) -> AudienceKind:
    try:
        kind = AudienceKind(arg)
    except ValueError:
        raise StaleAction from None
    if kind is AudienceKind.COORDINATORS:  # the bot's own notes, never a button's choice
        raise StaleAction
    return kind


def _index(arg: str, limit: int) -> int:
    index = parse_id(arg)
    if index is None or index >= limit:
        raise StaleAction
    return index


async def _when(
    update: Update, context: AppContext, user_id: int, number: int, *, later: bool
) -> None:
    now = context.services.clock.now()
    async with context.services.db.begin() as session:
        coordinator = await require_coordinator(session, user_id)
        alert = await compose.own_draft(session, coordinator, number)
        if not later:
            compose.schedule(alert, None)
        step = compose.TIME if later else compose.PREVIEW
        await compose.go_to(session, coordinator, alert, step, now=now)
    await edit_markup(update, None)
    if later:
        await reply(
            update,
            context,
            "alert_time_prompt",
            timezone=str(context.services.config.network.timezone),
        )
    else:
        await preview(update, context, number)
    await answer(update, context)


async def preview(
    update: Update, context: AppContext, number: int, *, show_message: bool = True
) -> None:
    """Show exactly what recipients will see, with the exact count; no one means back a step."""
    services = context.services
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        return
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        alert = await compose.own_draft(session, coordinator, number)
        readers = await compose.readers(session, alert)
        count = sum(readers.values())
        if count == 0:
            await compose.go_to(
                session, coordinator, alert, compose.AUDIENCE, now=services.clock.now()
            )
        audience = await _describe(update, context, session, alert)
    if count == 0:
        await reply(update, context, AlertAudienceEmpty.message_key)
        await send_audience(update, context, alert)
        return
    if show_message:
        t = services.t
        shown = render.render(alert, t.default_language, t, services.config.network.name)
        await context.bot.send_message(
            chat.id, shown.text, parse_mode=ParseMode.HTML, protect_content=shown.protect_content
        )
    minutes = alert.escalate_minutes
    await reply(
        update,
        context,
        "alert_summary",
        count=count,
        audience=audience,
        sound=text(update, context, ALERT_SOUND[compose.sound(alert)]),
        label=text(
            update, context, "alert_label_shareable" if alert.shareable else "alert_label_internal"
        ),
        remind=text(update, context, "alert_remind_after", count=minutes)
        if minutes
        else text(update, context, "alert_remind_off"),
        when=local_time(update, context, alert.send_at)
        if alert.send_at
        else text(update, context, "alert_when_now"),
        languages=_languages(update, context, alert, readers),
        markup=keyboard(
            [
                [_button(update, context, "btn_alert_send", CONFIRM, number, count=count)],
                [_button(update, context, "btn_alert_save_template", SAVE, number)],
                [_button(update, context, "btn_cancel", CANCEL, number)],
            ]
        ),
    )


def _languages(update: Update, context: AppContext, alert: Alert, readers: dict[str, int]) -> Safe:
    """Say how many recipients get each language's text, and whose language has no text."""
    default = context.services.t.default_language
    got = read_as(readers, alert.texts, default)
    line = " · ".join(f"{LANGUAGE_NAMES.get(code, code)} {n}" for code, n in got.items())
    missing = [
        f"{LANGUAGE_NAMES.get(c, c)} {n}" for c, n in readers.items() if c not in alert.texts
    ]
    if not missing:
        return Safe(line)
    shown = LANGUAGE_NAMES.get(default, default) if default in alert.texts else ""
    note = text(
        update,
        context,
        "alert_languages_missing",
        languages=", ".join(missing),
        default=shown or LANGUAGE_NAMES.get(next(iter(alert.texts)), ""),
    )
    return Safe(f"{line}\n{note}")


async def _describe(
    update: Update, context: AppContext, session: AsyncSession, alert: Alert
) -> str:
    audience = compose.audience_of(alert)
    values: list[str] = list(audience.values)
    if audience.kind is AudienceKind.THEME:
        found = [context.services.config.network.theme(v) for v in values]
        values = [theme.label(language(update, context)) for theme in found if theme is not None]
    elif audience.kind is AudienceKind.PEOPLE:
        values = await compose.names(session, values)
    return text(update, context, ALERT_AUDIENCE[audience.kind], values=", ".join(values))


async def send_audience(update: Update, context: AppContext, alert: Alert) -> None:
    """Ask who the alert goes to."""
    kinds = [
        [AudienceKind.ALL, AudienceKind.WIJK],
        [AudienceKind.THEME, AudienceKind.TAG],
        [AudienceKind.PEOPLE],
    ]
    if not context.services.config.network.neighbourhoods:
        kinds[0].remove(AudienceKind.WIJK)
    rows = [
        [_button(update, context, BTN_AUDIENCE[k], CHOOSE, alert.id, k) for k in row]
        for row in kinds
    ]
    rows.append([_button(update, context, "btn_cancel", CANCEL, alert.id)])
    await reply(update, context, "alert_audience_prompt", markup=keyboard(rows))


def _choice_keyboard(
    update: Update, context: AppContext, alert: Alert, tags: list[str]
) -> InlineKeyboardMarkup:
    audience = compose.audience_of(alert)
    network = context.services.config.network
    if audience.kind is AudienceKind.THEME:
        lang = language(update, context)
        return keyboard(
            [
                [(theme.label(lang), data(THEME, alert.id, i))]
                for i, theme in enumerate(network.themes)
            ]
        )
    items, action = (
        (network.neighbourhoods, WIJK) if audience.kind is AudienceKind.WIJK else (tags, TAG)
    )
    buttons = [
        (
            text(update, context, "btn_chosen", item=item) if item in audience.values else item,
            data(action, alert.id, i),
        )
        for i, item in enumerate(items)
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(text(update, context, "btn_done"), data(DONE, alert.id))])
    return keyboard(rows)


async def send_options(update: Update, context: AppContext, alert: Alert) -> None:
    """Offer sound, label, reminder and when to send."""
    await reply(
        update, context, "alert_options_prompt", markup=_options_keyboard(update, context, alert)
    )


def _options_keyboard(update: Update, context: AppContext, alert: Alert) -> InlineKeyboardMarkup:
    number, minutes = alert.id, alert.escalate_minutes
    share = "btn_opt_shareable" if alert.shareable else "btn_opt_internal"
    remind = "btn_opt_remind" if minutes else "btn_opt_remind_off"
    return keyboard(
        [
            [_button(update, context, _SOUND_LABELS[compose.sound(alert)], OPTION, number, SOUND)],
            [_button(update, context, share, OPTION, number, SHARE)],
            [_button(update, context, remind, OPTION, number, REMIND, minutes=minutes)],
            [
                _button(update, context, "btn_send_now", NOW, number),
                _button(update, context, "btn_send_later", LATER, number),
            ],
            [_button(update, context, "btn_cancel", CANCEL, number)],
        ]
    )


def more_keyboard(update: Update, context: AppContext, alert: Alert) -> InlineKeyboardMarkup:
    """Offer a text in another language, or the next step."""
    rows = [
        [
            _button(
                update,
                context,
                "btn_alert_add_language",
                ADD_LANGUAGE,
                alert.id,
                code,
                language=name,
            )
        ]
        for code, name in LANGUAGE_NAMES.items()
        if code in context.services.t.languages and code != context.services.t.default_language
    ]
    rows.append(
        [
            _button(update, context, "btn_continue", CONTINUE, alert.id),
            _button(update, context, "btn_cancel", CANCEL, alert.id),
        ]
    )
    return keyboard(rows)


def _cancel_keyboard(update: Update, context: AppContext, alert_id: int) -> InlineKeyboardMarkup:
    return keyboard([[_button(update, context, "btn_cancel", CANCEL, alert_id)]])


def _button(
    update: Update,
    context: AppContext,
    key: str,
    action: str,
    alert_id: int,
    arg: str | None = None,
    **values: object,
) -> tuple[str, str]:
    return text(update, context, key, **values), data(action, alert_id, arg)
