"""After an alert is sent: recipients' feedback buttons and questions, /quiet, and the
coordinator's status buttons (who has not confirmed, stop, correct, retract)."""

from __future__ import annotations

import logging

from telegram import Update

from bot.alerts import answers, compose, render, service, status
from bot.alerts.answers import Ack
from bot.alerts.quiet import parse_quiet_hours
from bot.errors import AlertNotDraft, StaleAction
from bot.i18n import LANGUAGE_NAMES
from bot.membership import require_coordinator, set_quiet_hours
from bot.services import AppContext
from bot.signals import questions
from handlers.common import answer, edit_markup, keyboard, reply, text
from storage.models import Alert, AlertStatus, Person, PersonStatus
from storage.repositories import People

log = logging.getLogger(__name__)

# Room for the "Question from <name> about message #<n>" line within Telegram's 4096.
MAX_QUESTION = 3500
QUIET_OFF = frozenset({"off", "uit", "nee", "no"})
RETRACT_YES, RETRACT_NO, EDIT_STOP = status.RETRACT_YES, status.RETRACT_NO, status.EDIT_STOP


async def on_feedback(update: Update, context: AppContext) -> None:
    """Record 'Received', 'Passed on' or 'Question' from the person the copy was sent to."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    pressed = render.ACK.decode(query.data)
    ack, number = pressed.ack, pressed.alert
    services = context.services
    async with services.db.begin() as session:
        person = await People(session).by_telegram_id(user.id)
        if person is None or person.status is not PersonStatus.ACTIVE:
            raise StaleAction
        await answers.acknowledge(session, number, person, ack, now=services.clock.now())
    services.alerts.touch(number)
    if ack is Ack.QUESTION:
        await reply(update, context, "alert_question_prompt", number=number)
    await answer(update, context, "alert_ack_thanks")


async def take_question(
    update: Update, context: AppContext, person: Person, number: int, body: str
) -> bool:
    """Keep the person's question about alert `number` as a signal for the coordinators."""
    services = context.services
    if len(body) > MAX_QUESTION:
        await reply(update, context, "too_long", length=len(body), limit=MAX_QUESTION)
        return True
    now = services.clock.now()
    async with services.db.begin() as session:
        alert = await compose.question_about(session, person, number, now=now)
        if alert is None:
            return False
        await questions.ask(
            session,
            services.config,
            services.t,
            services.signals.sealer,
            person,
            number,
            body,
            now=now,
        )
        await compose.close_question(session, person, number)
    services.signals.wake()  # the receipt ("received as #N") tells them it went through
    return True


async def quiet_command(update: Update, context: AppContext) -> None:
    """Show, set (/quiet 23:00-07:00) or clear (/quiet off) the person's quiet hours."""
    user = update.effective_user
    if user is None:
        return
    wanted = " ".join(context.args or []).strip()
    hours: str | None = None
    if wanted and wanted.lower() not in QUIET_OFF:
        hours = parse_quiet_hours(wanted)
        if hours is None:
            await reply(update, context, "quiet_usage")
            return
    async with context.services.db.begin() as session:
        person = await People(session).by_telegram_id(user.id)
        if person is None:  # the access gate lets only members through
            return
        if wanted:
            set_quiet_hours(person, hours)
        current = person.quiet_hours
    if wanted:
        await reply(update, context, "quiet_set" if current else "quiet_off", hours=current or "")
    elif current:
        await reply(update, context, "quiet_show", hours=current)
    else:
        await reply(update, context, "quiet_none")


async def on_manage(update: Update, context: AppContext) -> None:
    """Handle the status message's buttons: who has not confirmed, stop, correct, retract."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    pressed = status.MANAGE.decode(query.data)
    action, number = pressed.action, pressed.number
    services = context.services
    now = services.clock.now()
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user.id)
        lang = coordinator.language
        alert = await service.get(session, number, for_update=True)
        if alert.status is AlertStatus.DRAFT:
            raise StaleAction  # drafts are managed in their own dialogue
        names: list[str] = []
        stopped = deleted = too_old = 0
        if action == status.UNACKED:
            names = [p.display_name for p in await answers.unacknowledged(session, number)]
        elif action == status.CANCEL:
            stopped = await service.cancel(session, alert, coordinator, now=now)
        elif action == status.EDIT:
            await compose.start_edit(session, alert, coordinator, now=now)
        elif action == EDIT_STOP:
            await compose.stop_edit(session, coordinator, alert)
        elif action == status.RETRACT:
            if alert.status not in (AlertStatus.QUEUED, AlertStatus.SENT):
                raise AlertNotDraft(number=number)
        elif action == RETRACT_YES:
            deleted, too_old = await service.retract(session, alert, coordinator, now=now)
    if action in (status.CANCEL, RETRACT_YES):
        services.alerts.halt(number)
    await _after_manage(update, context, alert, action, lang, names, (stopped, deleted, too_old))


async def _after_manage(
    update: Update,
    context: AppContext,
    alert: Alert,
    action: str,
    lang: str,
    names: list[str],
    figures: tuple[int, int, int],
) -> None:
    number = alert.id
    stopped, deleted, too_old = figures
    if action == status.UNACKED:
        if names:
            await reply(
                update,
                context,
                "alert_unacked",
                number=number,
                count=len(names),
                names=", ".join(names),
            )
        else:
            await reply(update, context, "alert_all_acked", number=number)
    elif action == status.CANCEL:
        await edit_markup(update, status.status_buttons(context.services.t, lang, alert))
        await reply(update, context, "alert_cancel_done", number=number, count=stopped)
    elif action == status.EDIT:
        await reply(
            update,
            context,
            "alert_edit_prompt",
            number=number,
            language=LANGUAGE_NAMES[context.services.t.default_language],
            markup=keyboard([[(text(update, context, "btn_cancel"), _data(EDIT_STOP, number))]]),
        )
    elif action == EDIT_STOP:
        await edit_markup(update, None)
        await reply(update, context, "alert_edit_stopped", number=number)
    elif action == status.RETRACT:
        rows = [
            [
                (text(update, context, "btn_retract_yes"), _data(RETRACT_YES, number)),
                (text(update, context, "btn_retract_no"), _data(RETRACT_NO, number)),
            ]
        ]
        await reply(update, context, "alert_retract_confirm", number=number, markup=keyboard(rows))
    elif action == RETRACT_NO:
        await edit_markup(update, None)
        await reply(update, context, "alert_retract_kept", number=number)
    else:
        await edit_markup(update, None)
        await reply(update, context, "alert_retract_done", number=number, count=deleted)
        if too_old:
            await reply(update, context, "alert_retract_too_old", number=number, count=too_old)
    await answer(update, context)


def _data(action: str, number: int) -> str:
    return status.manage_data(action, number)


async def take_correction(
    update: Update, context: AppContext, user_id: int, number: int, body: str
) -> bool:
    """Use a text message as the corrected text of sent alert `number`, which is being edited."""
    services = context.services
    now = services.clock.now()
    async with services.db.begin() as session:
        coordinator = await require_coordinator(session, user_id)
        alert = await compose.take_edit(session, coordinator, number, now=now)
        if alert is None:
            return False
        editable = alert.status in (AlertStatus.QUEUED, AlertStatus.SENT)
        if editable:
            count = await service.edit(
                session,
                alert,
                coordinator,
                body,
                language=services.t.default_language,
                now=now,
            )
    if not editable:
        await reply(update, context, "alert_not_draft", number=number)
        return True
    services.alerts.wake()
    await reply(update, context, "alert_edit_done", number=number, count=count)
    return True
