"""A member's own account: /help, /language, /privacy and /stop."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InputFile, Update
from telegram.constants import ParseMode

from bot import membership, mydata, personal
from bot.buttons import Codec
from bot.config_privacy import describe_period
from bot.erasure import is_erased
from bot.errors import StaleAction
from bot.feature import Button, Command, Feature, PersonalData, Who
from bot.i18n import LANGUAGE_NAMES, LANGUAGES_PER_ROW, Safe
from bot.services import AppContext
from bot.signals import service as signal_service
from bot.text_keys import PERSON_STATUS, ROLE
from handlers.common import answer, edit_markup, keyboard, local_time, reply, text
from storage.models import PersonStatus, Role
from storage.repositories import Consents, People


@dataclass(frozen=True, slots=True)
class Language:
    """A language button: its catalog code."""

    code: str


@dataclass(frozen=True, slots=True)
class StopAnswer:
    """The answer to 'are you sure you want to stop?'."""

    answer: str


YES, NO = "yes", "no"
LANG = Codec("lang", Language)
STOP = Codec("stop", StopAnswer, choices={"answer": (YES, NO)})


async def help_command(update: Update, context: AppContext) -> None:
    """Explain the commands this person may use."""
    person = context.person
    if person is None:
        return
    if person.status is PersonStatus.INVITED:
        await reply(update, context, "help_invited")
        return
    body = text(update, context, "help_member")
    if person.role is Role.COORDINATOR:
        body = Safe(body + text(update, context, "help_coordinator"))
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(chat.id, body, parse_mode=ParseMode.HTML)


async def language_command(update: Update, context: AppContext) -> None:
    """Offer the network's languages, three to a row."""
    buttons = [
        (LANGUAGE_NAMES[code], LANG.encode(Language(code))) for code in context.services.t.languages
    ]
    rows = [buttons[i : i + LANGUAGES_PER_ROW] for i in range(0, len(buttons), LANGUAGES_PER_ROW)]
    await reply(update, context, "language_prompt", markup=keyboard(rows))


async def on_language(update: Update, context: AppContext) -> None:
    """Store the chosen language and confirm in it."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    code = LANG.decode(query.data).code
    if code not in context.services.t.languages:
        await answer(update, context, "stale_button")
        return
    async with context.services.db.begin() as session:
        person = await membership.change_language(session, user.id, code)
    context.person = person
    await reply(update, context, "language_set")
    await answer(update, context)


async def privacy_command(update: Update, context: AppContext) -> None:
    """Show the privacy notice and everything stored about this person."""
    user = update.effective_user
    if user is None:
        return
    services = context.services
    gone = context.person
    if gone is not None and is_erased(gone):  # only the proof of consent is left
        notice = services.config.network.privacy_notice
        lang = gone.language
        until = gone.created_at + services.config.privacy.consent_proof_retention
        await reply(
            update,
            context,
            "privacy_erased",
            version=notice.version,
            notice=notice.text(lang, services.t.default_language),
            until=local_time(update, context, until, time=False),
        )
        return
    async with services.db.begin() as session:
        person = await People(session).by_telegram_id(user.id)
        if person is None:
            return
        current = await Consents(session).current(person)
        sent = await signal_service.count_filed(session, person)
    lang = person.language
    notice = services.config.network.privacy_notice
    lines = []
    for key, event in sorted(current.items()):
        theme = services.config.network.theme(key)
        lines.append(
            text(
                update,
                context,
                "privacy_consent_line",
                theme=theme.label(lang) if theme else key,
                state=text(
                    update, context, "consent_granted" if event.granted else "consent_withdrawn"
                ),
                date=local_time(update, context, event.at),
                version=event.notice_version,
            )
        )
    none = text(update, context, "none")
    await reply(
        update,
        context,
        "privacy",
        version=notice.version,
        notice=notice.text(lang, services.t.default_language),
        name=person.display_name,
        role=text(update, context, ROLE[person.role]),
        status=text(update, context, PERSON_STATUS[person.status]),
        language=LANGUAGE_NAMES.get(lang, lang),
        wijken=", ".join(n.wijk for n in person.neighbourhoods) or none,
        organisation=person.organisation or none,
        joined=local_time(update, context, person.joined_at, time=False)
        if person.joined_at
        else text(update, context, "not_yet"),
        consents=Safe("\n".join(lines)) if lines else none,
        signals=sent,
        retention=describe_period(services.config.signals.retention, lang),
    )


async def mydata_command(update: Update, context: AppContext) -> None:
    """Send the person a copy of everything held about them: readable text and JSON."""
    chat = update.effective_chat
    if chat is None or context.person is None:
        return
    services = context.services
    async with services.db.begin() as session:
        person = await People(session).by_id(context.person.id)
        if person is None:
            raise StaleAction
        data = await mydata.collect(
            session,
            services.config,
            services.features,
            person,
            now=services.clock.now(),
            by="telegram:/mydata",
        )
    lang = person.language
    caption = text(update, context, "mydata_caption")
    await context.bot.send_document(
        chat.id, InputFile(mydata.as_text(services.t, lang, data), filename=mydata.TEXT_NAME)
    )
    await context.bot.send_document(
        chat.id,
        InputFile(mydata.as_json(data), filename=mydata.JSON_NAME),
        caption=caption,
        parse_mode=ParseMode.HTML,
    )


async def stop_command(update: Update, context: AppContext) -> None:
    """Ask for confirmation before withdrawing all consent."""
    await reply(
        update,
        context,
        "stop_confirm",
        markup=keyboard(
            [
                [
                    (text(update, context, "btn_stop_yes"), STOP.encode(StopAnswer(YES))),
                    (text(update, context, "btn_stop_no"), STOP.encode(StopAnswer(NO))),
                ]
            ]
        ),
    )


async def on_stop(update: Update, context: AppContext) -> None:
    """Withdraw all consent and leave, or keep things as they are."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    choice = STOP.decode(query.data).answer
    if choice == NO:
        await edit_markup(update, None)
        await reply(update, context, "stop_cancelled")
        await answer(update, context)
        return
    services = context.services
    async with services.db.begin() as session:
        person = await People(session).by_telegram_id(user.id)
        if person is None or person.status is PersonStatus.LEFT:
            raise StaleAction
        await membership.stop(
            session,
            services.config,
            person,
            now=services.clock.now(),
            hooks=services.features.stop_hooks,
            erase_hooks=services.features.erase_hooks,
        )
    await services.db.forget_on_disk()
    await edit_markup(update, None)
    await reply(update, context, "stopped")
    await answer(update, context)


FEATURE = Feature(
    name="account",
    on_export=personal.export_profile,
    commands=(
        Command("help", help_command, Who.ANYONE, menu=20, text="cmd_help"),
        Command("privacy", privacy_command, Who.ANYONE, menu=30, text="cmd_privacy"),
        Command("mydata", mydata_command, Who.ANYONE, menu=35, text="cmd_mydata"),
        Command("language", language_command, Who.ANYONE, menu=40, text="cmd_language"),
        Command("stop", stop_command, Who.ANYONE, menu=60, text="cmd_stop"),
    ),
    buttons=(
        Button(LANG, on_language, Who.ANYONE),
        Button(STOP, on_stop, Who.ANYONE),
    ),
    personal_data=(
        PersonalData(
            "people",
            fields={
                "telegram_user_id": "Telegram user id (a pseudonym once erased)",
                "display_name": "name as invited",
                "telegram_name": "the Telegram account's own name when it opened the invitation",
                "language": "language the bot speaks",
                "status": "invited, active, paused or left",
                "role": "key person, partner or coordinator",
                "organisation": "organisation (partners)",
                "created_at": "when invited (erased: when erased)",
                "joined_at": "when sign-up completed",
                "left_at": "when they left",
                "last_seen_at": "last contact, at most hourly",
                "quiet_hours": "hours without sound",
                "unreachable_at": "when Telegram said the bot is blocked",
            },
            other=("id",),
            purpose="reach the person in their language and know their role in the network",
            basis="consent (GDPR art. 6(1)(a)), per theme",
            retention="while a member; then a pseudonymous record for {consent_proof_retention}",
            erasure=(
                "/stop, people erase, or retention: name, id, language, times replaced; the "
                "record deleted after {consent_proof_retention}"
            ),
        ),
        PersonalData(
            "dialogues",
            fields={
                "person_id": "whose dialogue",
                "feature": "which feature it belongs to",
                "step": "what the next message means",
                "ref_id": "the draft, signal or alert it is about",
            },
            other=("id", "started_at", "expires_at"),
            purpose="know what the person's next message means (a draft, a reply, a question)",
            basis="consent (GDPR art. 6(1)(a)), per theme",
            retention="until the dialogue ends or expires",
            erasure="deleted at /stop",
        ),
    ),
)
