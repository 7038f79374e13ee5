"""Alerts in chat: /alert and its text steps, confirming, /alerts and /templates."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.constants import ParseMode

from bot import dialogue
from bot.alerts import compose, personal, render, service, status
from bot.alerts.audience import Audience, AudienceKind
from bot.errors import StaleAction
from bot.feature import Button, Command, Feature, PersonalData, TextStep, Who
from bot.i18n import LANGUAGE_NAMES, Safe
from bot.membership import require_coordinator
from bot.services import AppContext
from bot.text_keys import ALERT_STATE
from handlers.alerts import compose as alert_compose
from handlers.alerts import feedback as alert_feedback
from handlers.alerts import jobs
from handlers.alerts.confirm import confirm
from handlers.common import answer, keyboard, local_time, parse_id, reply, text
from storage.dialogue_models import Dialogue
from storage.models import Alert, AlertStatus, Person, Role
from storage.repositories import People


async def alert_command(update: Update, context: AppContext) -> None:
    """Start composing (/alert), or show one alert's status and buttons (/alert 12)."""
    user = update.effective_user
    if user is None:
        return
    args = context.args or []
    if not args:
        await alert_compose.start(update, context, user.id)
        return
    number = parse_id(args[0]) if len(args) == 1 else None
    if number is None:
        await reply(update, context, "alert_usage")
        return
    await _show_status(update, context, user.id, number)


async def _show_status(update: Update, context: AppContext, user_id: int, number: int) -> None:
    services = context.services
    chat = update.effective_chat
    if chat is None:
        return
    async with services.db.begin() as session:
        await require_coordinator(session, user_id)
        alert = await service.get(session, number)
        counts = await service.counts(session, number)
        author = await _name(session, alert.created_by_id)
    if alert.status is AlertStatus.DRAFT:
        await reply(update, context, "alerts_line_draft", number=number, name=author)
        return
    lang = context.person.language if context.person else services.t.default_language
    await context.bot.send_message(
        chat.id,
        status.status_text(services.t, lang, alert, counts),
        parse_mode=ParseMode.HTML,
        reply_markup=status.status_buttons(services.t, lang, alert),
    )


async def alerts_command(update: Update, context: AppContext) -> None:
    """List recent alerts of every coordinator: drafts being composed, sending, sent."""
    user = update.effective_user
    if user is None:
        return
    lines: list[Safe] = []
    async with context.services.db.begin() as session:
        await require_coordinator(session, user.id)
        for alert in await service.recent_alerts(session):
            if alert.status is AlertStatus.DRAFT:
                author = await _name(session, alert.created_by_id)
                lines.append(
                    text(update, context, "alerts_line_draft", number=alert.id, name=author)
                )
                continue
            counts = await service.counts(session, alert.id)
            when = alert.confirmed_at or alert.created_at
            lines.append(
                text(
                    update,
                    context,
                    "alerts_line",
                    number=alert.id,
                    state=text(update, context, ALERT_STATE[alert.status]),
                    name=await _name(session, alert.confirmed_by_id or alert.created_by_id),
                    when=local_time(update, context, when),
                    sent=counts.sent,
                    total=counts.total,
                    acked=counts.acked,
                )
            )
    if not lines:
        await reply(update, context, "alerts_none")
        return
    await reply(update, context, "alerts_header", lines=Safe("\n".join(lines)))


async def _name(session: AsyncSession, person_id: int | None) -> str:
    return await People(session).name_of(person_id) or "?"


async def on_compose(update: Update, context: AppContext) -> None:
    """Handle a compose button: confirm and templates here, the draft's steps in alert_compose."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None or query.data is None:
        return
    action, number, arg = alert_compose.parse(query.data)
    if action == alert_compose.CONFIRM:
        await confirm(update, context, user.id, number)
    elif action == alert_compose.USE:
        await _use_template(update, context, user.id, number)
    else:
        await alert_compose.on_button(update, context, user.id, action, number, arg)


async def templates_command(update: Update, context: AppContext) -> None:
    """List the saved templates with a button to start a new alert from each."""
    user = update.effective_user
    if user is None:
        return
    async with context.services.db.begin() as session:
        await require_coordinator(session, user.id)
        found = await service.templates(session)
    if not found:
        await reply(update, context, "templates_none")
        return
    rows = [
        [
            (
                text(update, context, "btn_template_use", name=tpl.name),
                alert_compose.data(alert_compose.USE, tpl.id),
            )
        ]
        for tpl in found
    ]
    await reply(update, context, "templates_header", markup=keyboard(rows))


async def _use_template(update: Update, context: AppContext, user_id: int, number: int) -> None:
    services = context.services
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user_id)
        alert, template = await compose.from_template(
            session, coordinator, number, now=services.clock.now()
        )
    await reply(update, context, "alert_from_template", number=alert.id, name=template.name)
    await alert_compose.send_audience(update, context, alert)
    await answer(update, context)


async def on_text(update: Update, context: AppContext, person: Person, dialogue: Dialogue) -> bool:
    """Use a message for the alert dialogue's step; False if this step does not take it."""
    message = update.message
    body = (
        None if message is None else message.text if message.text is not None else message.caption
    )
    step, number = dialogue.step, dialogue.ref_id
    if body is None or number is None:
        return False
    if step == compose.QUESTION:
        return await alert_feedback.take_question(update, context, person, number, body)
    if person.role is not Role.COORDINATOR:
        return False
    user_id = person.telegram_user_id
    if step == compose.EDIT:
        return await alert_feedback.take_correction(update, context, user_id, number, body)
    if not compose.waits_for_text(step):
        return False
    if step == compose.TEXT or step.startswith(compose.LANGUAGE_STEP):
        await _take_body(update, context, user_id, number, step, body)
    elif step == compose.PEOPLE:
        await _take_people(update, context, user_id, number, body)
    elif step == compose.TIME:
        await _take_time(update, context, user_id, number, body)
    else:
        await _take_template_name(update, context, user_id, number, body)
    return True


async def _take_body(
    update: Update, context: AppContext, user_id: int, number: int, step: str, body: str
) -> None:
    default = context.services.t.default_language
    lang = step[len(compose.LANGUAGE_STEP) :] if step != compose.TEXT else default
    async with context.services.db.begin() as session:
        coordinator, alert = await _at_step(session, context, user_id, number, step)
        compose.set_text(alert, body, lang if lang in context.services.t.languages else default)
        await compose.go_to(
            session, coordinator, alert, compose.MORE, now=context.services.clock.now()
        )
    await reply(
        update,
        context,
        "alert_text_saved",
        languages=", ".join(LANGUAGE_NAMES.get(code, code) for code in alert.texts),
        markup=alert_compose.more_keyboard(update, context, alert),
    )


async def _take_people(
    update: Update, context: AppContext, user_id: int, number: int, body: str
) -> None:
    now = context.services.clock.now()
    async with context.services.db.begin() as session:
        coordinator, alert = await _at_step(session, context, user_id, number, compose.PEOPLE)
        found, missing = await compose.match_people(session, body)
        if found:
            ids = tuple(str(person.id) for person in found)
            compose.set_audience(alert, Audience(AudienceKind.PEOPLE, ids))
            await compose.go_to(session, coordinator, alert, compose.OPTIONS, now=now)
    if not found:
        await reply(update, context, "alert_people_none", names=", ".join(missing))
        return
    await reply(
        update,
        context,
        "alert_people_found",
        found=", ".join(person.display_name for person in found),
        missing=text(update, context, "alert_people_missing", names=", ".join(missing))
        if missing
        else "",
    )
    await alert_compose.send_options(update, context, alert)


async def _take_time(
    update: Update, context: AppContext, user_id: int, number: int, body: str
) -> None:
    now = context.services.clock.now()
    when = compose.parse_send_at(body, now=now, tz=context.services.config.network.timezone)
    if when is None:
        await reply(update, context, "alert_time_invalid")
        return
    if when <= now:
        await reply(update, context, "alert_time_past", when=local_time(update, context, when))
        return
    async with context.services.db.begin() as session:
        coordinator, alert = await _at_step(session, context, user_id, number, compose.TIME)
        compose.schedule(alert, when)
        await compose.go_to(session, coordinator, alert, compose.PREVIEW, now=now)
    await alert_compose.preview(update, context, number)


async def _take_template_name(
    update: Update, context: AppContext, user_id: int, number: int, body: str
) -> None:
    services = context.services
    now = services.clock.now()
    async with services.db.begin() as session:
        coordinator, alert = await _at_step(
            session, context, user_id, number, compose.TEMPLATE_NAME
        )
        template = await service.save_template(session, alert, coordinator, body, now=now)
        await compose.go_to(session, coordinator, alert, compose.PREVIEW, now=now)
    await reply(update, context, "alert_template_saved", name=template.name)
    await alert_compose.preview(update, context, number, show_message=False)


async def _at_step(
    session: AsyncSession, context: AppContext, user_id: int, number: int, step: str
) -> tuple[Person, Alert]:
    coordinator = await require_coordinator(session, user_id)
    alert = await compose.own_draft(session, coordinator, number)
    now = context.services.clock.now()
    if await compose.step_of(session, coordinator, alert, now=now) != step:
        raise StaleAction
    return coordinator, alert


FEATURE = Feature(
    name="alerts",
    on_erase=personal.erase,
    on_export=personal.export,
    text_step=TextStep(dialogue.ALERTS, on_text),
    commands=(
        Command("quiet", alert_feedback.quiet_command, Who.MEMBER, menu=50, text="cmd_quiet"),
        Command("alert", alert_command, Who.COORDINATOR, menu=120, text="cmd_alert"),
        Command("alerts", alerts_command, Who.COORDINATOR, menu=130, text="cmd_alerts"),
        Command("templates", templates_command, Who.COORDINATOR, menu=140, text="cmd_templates"),
    ),
    buttons=(
        Button(alert_compose.COMPOSE, on_compose, Who.COORDINATOR),
        Button(status.MANAGE, alert_feedback.on_manage, Who.COORDINATOR),
        Button(render.ACK, alert_feedback.on_feedback, Who.MEMBER),
    ),
    jobs=jobs.JOBS,
    personal_data=(
        PersonalData(
            "alert_deliveries",
            fields={
                "person_id": "recipient",
                "chat_id": "recipient's chat (their Telegram id)",
                "language": "language of the copy",
                "acked_at": "when they pressed Received",
                "passed_on_at": "when they pressed Passed on",
                "question_at": "when they asked a question",
            },
            other=(
                "id",
                "alert_id",
                "priority",
                "seq",
                "state",
                "work",
                "due_at",
                "claimed_at",
                "attempts",
                "error",
                "sent_at",
                "message_id",
                "delivered_version",
                "deleted_at",
                "reminded_at",
            ),
            purpose="deliver alerts and show the coordinator who received and acknowledged them",
            basis="consent (GDPR art. 6(1)(a)), per theme",
            retention="{delivery_retention} after the alert; then deleted, its figures kept",
            erasure=(
                "/stop: chat id removed, nothing more sent; retention: copies deleted, counts stay"
            ),
        ),
        PersonalData(
            "alerts",
            fields={
                "created_by_id": "coordinator who wrote it",
                "confirmed_by_id": "coordinator who sent it",
                "texts": "the message (may name people or places)",
                "queue_after": "while copies are written: the last recipient given one (cleared)",
            },
            other=(
                "id",
                "created_at",
                "status",
                "audience",
                "urgent",
                "silent",
                "shareable",
                "escalate_minutes",
                "send_at",
                "confirmed_at",
                "finished_at",
                "cancelled_at",
                "retracted_at",
                "version",
                "recipient_count",
                "queued",
                "counts",
                "status_chat_id",
                "status_message_id",
                "status_dirty",
                "kind",
                "meeting_id",
                "attachment",
                "attachment_name",
            ),
            purpose="know who sent which alert",
            basis="public task of the municipality (GDPR art. 6(1)(e))",
            retention="kept with the alert",
            erasure="coordinators' link goes when they are erased (SET NULL)",
        ),
        PersonalData(
            "alert_templates",
            fields={
                "created_by_id": "coordinator who saved it",
            },
            other=("id", "name", "texts", "created_at"),
            purpose="know who made a template",
            basis="public task of the municipality (GDPR art. 6(1)(e))",
            retention="kept with the template",
            erasure="link goes when the coordinator is erased",
        ),
    ),
)
