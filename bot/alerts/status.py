"""The coordinator's live status message, end-of-send summary, and escalation reminders."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ExtBot

from bot import events
from bot.alerts import answers, service
from bot.alerts.service import Counts
from bot.buttons import Codec, Pressed
from bot.i18n import Safe, Translator
from bot.text_keys import ALERT_STATE
from storage.db import Database
from storage.models import Alert, AlertStatus, DeliveryState, Person

log = logging.getLogger(__name__)

UNACKED, CANCEL, RETRACT, EDIT = "u", "c", "x", "e"
# Follow-ups the status message's buttons lead to: confirm or keep a retraction, stop editing.
RETRACT_YES, RETRACT_NO, EDIT_STOP = "xy", "xn", "es"
MANAGE = Codec(
    "as",
    Pressed,
    choices={"action": (UNACKED, CANCEL, RETRACT, EDIT, RETRACT_YES, RETRACT_NO, EDIT_STOP)},
)


def status_text(t: Translator, lang: str, alert: Alert, counts: Counts) -> Safe:
    """Render the figures of one alert."""
    return t(
        lang,
        "alert_status",
        number=alert.id,
        state=t(lang, ALERT_STATE[alert.status]),
        **asdict(counts),
    )


def manage_data(action: str, alert_id: int) -> str:
    """Return the callback data of a status-message button (coordinators only)."""
    return MANAGE.encode(Pressed(action, alert_id))


def status_buttons(t: Translator, lang: str, alert: Alert) -> InlineKeyboardMarkup | None:
    """Offer what can still be done with the alert."""
    row = [(t(lang, "btn_alert_unacked"), manage_data(UNACKED, alert.id))]
    if alert.status is AlertStatus.QUEUED:
        row.append((t(lang, "btn_alert_cancel"), manage_data(CANCEL, alert.id)))
    if alert.status in (AlertStatus.QUEUED, AlertStatus.SENT):
        row.append((t(lang, "btn_alert_edit"), manage_data(EDIT, alert.id)))
        row.append((t(lang, "btn_alert_retract"), manage_data(RETRACT, alert.id)))
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for label, data in row]
    )


async def remember_message(
    session: AsyncSession, alert_id: int, chat_id: int, message_id: int
) -> None:
    """Remember where an alert's live status is shown, to be kept up to date there."""
    stored = await service.get(session, alert_id, for_update=True)
    stored.status_chat_id, stored.status_message_id = chat_id, message_id
    stored.status_dirty = True  # the sender may have moved on while we were away


async def refresh(
    db: Database, bot: ExtBot[Any], t: Translator, alert_ids: set[int], *, now: Any
) -> None:
    """Bring the status messages of the given (and all flagged) alerts up to date."""
    async with db.begin() as session:
        flagged = set((await session.scalars(select(Alert.id).where(Alert.status_dirty))).all())
    for alert_id in sorted(alert_ids | flagged):
        async with db.begin() as session:
            alert = await session.get(Alert, alert_id, with_for_update=True)
            if alert is None or alert.status is AlertStatus.DRAFT:
                continue
            counts = await service.counts(session, alert_id)
            finished = (
                alert.status is AlertStatus.QUEUED and counts.done and alert.queue_after is None
            )
            if finished:
                alert.status = AlertStatus.SENT
                alert.finished_at = now
                took = now - (alert.confirmed_at or now)
                events.alert_finished(alert.id, counts.sent, counts.blocked, counts.failed, took)
            alert.status_dirty = False
            lang = await _coordinator_language(session, alert, t)
            blocked = (
                await answers.people_in_state(session, alert_id, DeliveryState.BLOCKED)
                if finished
                else []
            )
        await _show(bot, t, lang, alert, counts)
        if finished and blocked and alert.status_chat_id is not None:
            names = ", ".join(p.display_name for p in blocked)
            await _send(
                bot,
                alert.status_chat_id,
                t(lang, "alert_blocked_summary", number=alert.id, names=names),
            )


async def _coordinator_language(session: AsyncSession, alert: Alert, t: Translator) -> str:
    """Return the language of the coordinator who confirmed the alert."""
    person = await session.get(Person, alert.confirmed_by_id) if alert.confirmed_by_id else None
    return person.language if person else t.default_language


async def _show(bot: ExtBot[Any], t: Translator, lang: str, alert: Alert, counts: Counts) -> None:
    if alert.status_chat_id is None or alert.status_message_id is None:
        return
    try:
        await bot.edit_message_text(
            status_text(t, lang, alert, counts),
            alert.status_chat_id,
            alert.status_message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=status_buttons(t, lang, alert),
        )
    except BadRequest as error:
        if "not modified" not in error.message:
            log.warning("status message of alert %s not updated: %s", alert.id, error.message)
    except TelegramError as error:
        log.warning("status message of alert %s not updated: %s", alert.id, type(error).__name__)


async def _send(bot: ExtBot[Any], chat_id: int, text: str) -> None:
    try:
        await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
    except TelegramError as error:
        log.warning("could not tell the coordinator: %s", type(error).__name__)


async def escalate(db: Database, bot: ExtBot[Any], t: Translator, *, now: Any) -> int:
    """Queue reminders for unacknowledged copies that are due, and tell the coordinators."""
    async with db.begin() as session:
        queued = await answers.schedule_reminders(session, now=now)
        notices = []
        for alert_id, count in queued.items():
            alert = await session.get(Alert, alert_id)
            if alert is None or alert.status_chat_id is None:
                continue
            lang = await _coordinator_language(session, alert, t)
            notices.append(
                (
                    alert.status_chat_id,
                    t(lang, "alert_reminders_sent", number=alert_id, count=count),
                )
            )
    for chat_id, text in notices:
        await _send(bot, chat_id, text)
    return sum(queued.values())
