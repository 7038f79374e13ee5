"""Joining the network: /start with an invitation, privacy notice, consent per theme, wijk."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot import membership, personal
from bot.buttons import Codec
from bot.config import Theme
from bot.errors import SleutelnetError, StaleAction
from bot.feature import Button, Command, Feature, PersonalData, Who
from bot.i18n import LANGUAGE_NAMES, LANGUAGES_PER_ROW
from bot.invites import WRONG_PERSON, WrongPerson, account_name
from bot.services import AppContext
from handlers.common import answer, edit_markup, keyboard, parse_id, reply, text
from storage.models import Person, PersonStatus

log = logging.getLogger(__name__)

LANG, NEXT, CONSENT, CONSENT_DONE, WIJK, DONE = "lang", "next", "c", "cnext", "w", "done"


@dataclass(frozen=True, slots=True)
class Step:
    """An onboarding button: what it does and its argument (language, theme key, wijk index)."""

    action: str
    arg: str = ""


OB = Codec("ob", Step, choices={"action": (LANG, NEXT, CONSENT, CONSENT_DONE, WIJK, DONE)})


async def start(update: Update, context: AppContext) -> None:
    """Redeem an invitation (/start <token>) or resume an unfinished sign-up."""
    services = context.services
    person = context.person
    user = update.effective_user
    if user is None:
        return
    if not context.args:
        if person is not None and person.status is PersonStatus.INVITED:
            await _send_welcome(update, context, person)
        else:
            await reply(update, context, "already_member")
        return
    link = services.features.start_link(context.args[0])
    if link is not None and await link.callback(update, context, context.args[0]):
        return
    try:
        async with services.db.begin() as session:
            now = services.clock.now()
            person = await membership.start(
                session,
                services.config,
                now=now,
                token=context.args[0],
                telegram_user_id=user.id,
                language=services.t.language_for(user.language_code),
                telegram_name=account_name(user.full_name, user.username),
            )
            opened = await membership.redeemed(session, person, now=now)
    except SleutelnetError as error:
        await reply(update, context, error.message_key)
        return
    context.person = person
    await _send_welcome(update, context, person)
    if opened.fresh and opened.coordinator is not None:
        await _tell_inviter(context, opened)


async def _tell_inviter(context: AppContext, opened: membership.Redeemed) -> None:
    """Show the coordinator who opened their invitation, with 'not this person'."""
    coordinator = opened.coordinator
    assert coordinator is not None
    t = context.services.t
    lang = coordinator.language
    button = InlineKeyboardButton(
        t(lang, "btn_wrong_person"),
        callback_data=WRONG_PERSON.encode(WrongPerson(opened.person_id)),
    )
    shown = t(lang, "invite_opened", invited=opened.invited_as, account=opened.telegram_name or "?")
    try:
        await context.bot.send_message(
            coordinator.telegram_user_id,
            shown,
            parse_mode=ParseMode.HTML,
            reply_markup=InlineKeyboardMarkup([[button]]),
        )
    except TelegramError as error:
        log.info("invitation notice not sent (%s)", type(error).__name__)


async def _send_welcome(update: Update, context: AppContext, person: Person) -> None:
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(
            chat.id,
            _welcome_text(update, context, person),
            parse_mode=ParseMode.HTML,
            reply_markup=_welcome_keyboard(update, context, person),
        )


def _welcome_text(update: Update, context: AppContext, person: Person) -> str:
    notice = context.services.config.network.privacy_notice
    return text(
        update,
        context,
        "welcome",
        name=person.display_name,
        version=notice.version,
        notice=notice.text(person.language, context.services.t.default_language),
    )


def _welcome_keyboard(update: Update, context: AppContext, person: Person) -> InlineKeyboardMarkup:
    others = [
        (LANGUAGE_NAMES[code], OB.encode(Step(LANG, code)))
        for code in context.services.t.languages
        if code != person.language
    ]
    rows = [others[i : i + LANGUAGES_PER_ROW] for i in range(0, len(others), LANGUAGES_PER_ROW)]
    return keyboard([*rows, [(text(update, context, "btn_continue"), OB.encode(Step(NEXT)))]])


async def on_callback(update: Update, context: AppContext) -> None:
    """Handle every onboarding button; state is re-checked in the database each time."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    await _dispatch(update, context, OB.decode(query.data), user.id)


async def _dispatch(update: Update, context: AppContext, step: Step, user_id: int) -> None:
    services = context.services
    config = services.config
    wijken = config.network.neighbourhoods
    theme: Theme | None = None
    granted = needs_consent = False
    async with services.db.begin() as session:
        person = await membership.invited_person(session, user_id)
        context.person = person
        state = await membership.onboarding(session, config, person)
        now = services.clock.now()
        action = step.action
        if action == LANG:
            if step.arg not in services.t.languages:
                raise StaleAction
            membership.set_language(person, step.arg)
        elif action == CONSENT:
            # The theme key, not a position, so a button always means the theme it shows.
            key = step.arg
            theme = next((t for t in state.offered if t.key == key), None)
            if theme is None:
                raise StaleAction
            granted = await membership.grant(session, config, person, theme, now=now)
            state = await membership.onboarding(session, config, person)
        elif action == WIJK:
            index = parse_id(step.arg)
            if index is None or index >= len(wijken):
                raise StaleAction
            membership.toggle_neighbourhood(session, person, wijken[index])
        elif action == CONSENT_DONE:
            if not state.granted:
                needs_consent = True
            elif not wijken:
                await membership.activate(session, person, now=now)
        elif action == DONE:
            await membership.activate(session, person, now=now)
    # The transaction is committed; now tell the person, and answer the button last so the
    # spinner stops only when everything it caused is visible.
    note: str | None = None
    if needs_consent:
        await answer(update, context, "consent_needed")
        return
    if action == LANG:
        await _edit_welcome(update, context, person)
    elif action == NEXT:
        await reply(
            update,
            context,
            "consent_intro",
            version=config.network.privacy_notice.version,
            markup=_consent_keyboard(update, context, state),
        )
    elif theme is not None:
        note = "consent_recorded" if granted else "consent_already"
        await edit_markup(update, _consent_keyboard(update, context, state))
    elif action == WIJK:
        await edit_markup(update, _wijk_keyboard(update, context, person))
    elif action == CONSENT_DONE and wijken:
        await edit_markup(update, None)
        await reply(update, context, "wijk_intro", markup=_wijk_keyboard(update, context, person))
    else:  # activated
        await edit_markup(update, None)
        await reply(update, context, "onboarding_done")
    if note is not None and theme is not None:
        await answer(update, context, note, theme=theme.label(person.language))
    else:
        await answer(update, context)


def _consent_keyboard(
    update: Update, context: AppContext, state: membership.Onboarding
) -> InlineKeyboardMarkup:
    lang = state.person.language
    rows = [
        [
            (
                text(
                    update,
                    context,
                    "btn_consented" if t.key in state.granted else "btn_consent",
                    theme=t.label(lang),
                ),
                OB.encode(Step(CONSENT, t.key)),
            )
        ]
        for t in state.offered
    ]
    if state.granted:
        rows.append([(text(update, context, "btn_continue"), OB.encode(Step(CONSENT_DONE)))])
    return keyboard(rows)


def _wijk_keyboard(update: Update, context: AppContext, person: Person) -> InlineKeyboardMarkup:
    chosen = {n.wijk for n in person.neighbourhoods}
    buttons = [
        (
            text(update, context, "btn_chosen", item=w) if w in chosen else w,
            OB.encode(Step(WIJK, str(i))),
        )
        for i, w in enumerate(context.services.config.network.neighbourhoods)
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(text(update, context, "btn_done"), OB.encode(Step(DONE)))])
    return keyboard(rows)


async def _edit_welcome(update: Update, context: AppContext, person: Person) -> None:
    query = update.callback_query
    if query is None:
        return
    try:
        await query.edit_message_text(
            _welcome_text(update, context, person),
            parse_mode=ParseMode.HTML,
            reply_markup=_welcome_keyboard(update, context, person),
        )
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


FEATURE = Feature(
    name="onboarding",
    on_export=personal.export_consents,
    commands=(Command("start", start, Who.ANYONE),),
    buttons=(Button(OB, on_callback, Who.ANYONE),),
    personal_data=(
        PersonalData(
            "consent_events",
            fields={
                "person_id": "whose consent (pseudonymous after erasure)",
                "theme": "theme consented to",
                "notice_version": "privacy notice version",
                "granted": "given or withdrawn",
                "at": "when",
                "via": "how (chat, /stop, CLI)",
            },
            other=("id", "latest"),
            purpose="prove which consent was given or withdrawn, when, under which notice",
            basis="legal obligation to prove consent (GDPR art. 7(1))",
            retention="while a member, then {consent_proof_retention} under a pseudonym",
            erasure="kept under the pseudonym, deleted after {consent_proof_retention}",
        ),
        PersonalData(
            "person_neighbourhoods",
            fields={
                "person_id": "whose",
                "wijk": "neighbourhood they are active in",
            },
            other=(),
            purpose="send alerts and meetings to the right neighbourhoods",
            basis="consent (GDPR art. 6(1)(a)), per theme",
            retention="while a member",
            erasure="deleted at /stop",
        ),
    ),
)
