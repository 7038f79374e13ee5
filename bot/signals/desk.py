"""The signal desk of one bot process: its notices as an outbox source, card refreshes, and the
scheduled housekeeping (filing forgotten drafts, wiping content after the retention period)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ExtBot

from bot import dialogue
from bot.clock import Clock
from bot.config import Config
from bot.i18n import Translator
from bot.outbox.elected import Outbox
from bot.signals import service
from bot.signals.crypto import Sealer
from bot.signals.notices import KIND, NoticeSource, names_of
from storage.db import Database
from storage.models import Person
from storage.signal_models import (
    EntryKind,
    NoticeKind,
    NoticeState,
    Signal,
    SignalEntry,
    SignalNotice,
    SignalStatus,
)

log = logging.getLogger(__name__)

WIPE_BATCH = 200  # signals wiped per housekeeping run at most


class SignalDesk:
    """Send what signals promised, keep cards current, and run the signals' housekeeping."""

    def __init__(
        self, db: Database, clock: Clock, config: Config, t: Translator, outbox: Outbox
    ) -> None:
        self.db, self.clock, self.config, self.t = db, clock, config, t
        self.outbox = outbox
        self.sealer = Sealer.from_config(config.security)
        self.notices = NoticeSource(db, clock, config, t, self.sealer)
        outbox.register(self.notices)

    def start(self, bot: ExtBot[Any]) -> None:
        """Refresh cards and blank wiped messages through this bot."""
        self.notices.bot = bot

    def wake(self) -> None:
        """Have the outbox send pending notices now (postponed ones too), without waiting."""
        self.notices.retry_now()
        self.outbox.wake(KIND)

    async def maintain(self) -> None:
        """File drafts left too long, wipe expired content, and wake the notices' sender."""
        now = self.clock.now()
        filed = await self.file_stale_drafts(now)
        wiped = await self.wipe_expired(now)
        if filed or wiped:
            log.info("signals: %s drafts filed automatically, %s wiped", len(filed), wiped)
        if wiped:
            await self.db.forget_on_disk()  # wiped contents do not linger in SQLite's -wal
        self.wake()
        for number in filed:
            await self.close_form(number)

    async def file_stale_drafts(self, now: datetime) -> list[int]:
        """File every draft older than the draft timeout, as its reporter left it."""
        cutoff = now - self.config.signals.draft_timeout
        async with self.db.begin() as session:
            stmt = select(Signal).where(
                Signal.status == SignalStatus.DRAFT, Signal.created_at <= cutoff
            )
            drafts = list((await session.execute(stmt.with_for_update())).scalars())
            for signal in drafts:
                await service.file(session, signal, now=now)
            return [signal.id for signal in drafts]

    async def wipe_expired(self, now: datetime) -> int:
        """Wipe content and names of signals closed longer ago than their theme's retention,
        in the store and, as far as Telegram allows, in the chats the bot sent them to."""
        retention = self.config.signals
        shown: list[_Shown] = []
        # Per theme its own retention; the index on unwiped closed signals serves each part,
        # and a run takes at most WIPE_BATCH (the next run, half a minute on, takes more).
        special = retention.retention_per_theme
        due = [
            (Signal.theme == theme) & (Signal.closed_at <= now - keep)
            for theme, keep in special.items()
        ]
        others = Signal.theme.is_(None) | Signal.theme.not_in(list(special))
        due.append(others & (Signal.closed_at <= now - retention.retention))
        async with self.db.begin() as session:
            stmt = (
                select(Signal)
                .where(
                    Signal.wiped_at.is_(None),
                    Signal.closed_at.is_not(None),
                    Signal.status == SignalStatus.CLOSED,
                    or_(*due),
                )
                .order_by(Signal.closed_at)
                .limit(WIPE_BATCH)
            )
            expired = list((await session.execute(stmt)).scalars())
            for signal in expired:
                shown += await _shown(session, signal.id)
                await wipe(session, signal, now=now)
        for message in shown:
            await self._blank(message)
        return len(expired)

    async def _blank(self, message: _Shown) -> None:
        """Replace a sent card or relay with a short 'wiped' note (media keep only a caption)."""
        bot = self.notices.bot
        if bot is None:
            return
        note = self.t(message.language, "signal_wiped_note", number=message.number)
        chat, message_id = message.chat_id, message.message_id
        try:
            if message.media:
                await bot.edit_message_caption(
                    chat, message_id, caption=note, parse_mode=ParseMode.HTML
                )
            else:
                await bot.edit_message_text(
                    note, chat_id=chat, message_id=message_id, parse_mode=ParseMode.HTML
                )
        except TelegramError as error:  # e.g. a location, or a chat that is gone
            log.info("wiped signal %s: message not blanked: %s", message.number, error)

    async def close_form(self, number: int) -> None:
        """Take the buttons off a reporter's form once the draft is filed."""
        async with self.db.begin() as session:
            signal = await session.get(Signal, number)
            reporter = await session.get(Person, signal.reporter_id) if signal else None
        if signal is None or reporter is None or signal.form_message_id is None:
            return
        bot = self.notices.bot
        assert bot is not None
        try:
            await bot.edit_message_text(
                self.t(reporter.language, "signal_form_filed", number=number),
                chat_id=reporter.telegram_user_id,
                message_id=signal.form_message_id,
                parse_mode=ParseMode.HTML,
            )
        except TelegramError as error:
            log.info("form of signal %s not updated: %s", number, type(error).__name__)

    async def refresh_cards(self, number: int) -> None:
        """Show every coordinator's card with the signal's current state and buttons."""
        async with self.db.begin() as session:
            signal = await service.get(session, number)
            thread = list(await service.entries(session, number))
            names = await names_of(session, signal)
            cards = await _sent_cards(session, number)
        bot = self.notices.bot
        assert bot is not None
        for notice, person in cards:
            assert notice.chat_id is not None and notice.message_id is not None
            text, markup = self.notices.card(signal, thread, names, person.language)
            try:
                await bot.edit_message_text(
                    text,
                    chat_id=notice.chat_id,
                    message_id=notice.message_id,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                )
            except BadRequest as error:
                if "not modified" not in error.message:
                    log.info("card of signal %s not updated: %s", number, error.message)
            except TelegramError as error:
                log.info("card of signal %s not updated: %s", number, type(error).__name__)


@dataclass(frozen=True, slots=True)
class _Shown:
    """A message the bot sent about a signal, to blank when the signal is wiped."""

    number: int
    chat_id: int
    message_id: int
    language: str
    media: bool


async def _shown(session: AsyncSession, number: int) -> list[_Shown]:
    stmt = (
        select(SignalNotice, Person.language, SignalEntry.kind)
        .join(Person, Person.id == SignalNotice.person_id)
        .outerjoin(SignalEntry, SignalEntry.id == SignalNotice.entry_id)
        .where(SignalNotice.signal_id == number, SignalNotice.state == NoticeState.SENT)
    )
    return [
        _Shown(number, notice.chat_id, notice.message_id, language, _is_media(kind))
        for notice, language, kind in (await session.execute(stmt)).all()
        if notice.chat_id is not None and notice.message_id is not None
    ]


def _is_media(kind: EntryKind | None) -> bool:
    return kind is not None and kind is not EntryKind.TEXT


async def _sent_cards(session: AsyncSession, number: int) -> Sequence[tuple[SignalNotice, Person]]:
    stmt = (
        select(SignalNotice, Person)
        .join(Person, Person.id == SignalNotice.person_id)
        .where(
            SignalNotice.signal_id == number,
            SignalNotice.kind == NoticeKind.CARD,
            SignalNotice.state == NoticeState.SENT,
        )
    )
    return [(notice, person) for notice, person in (await session.execute(stmt)).all()]


async def wipe(session: AsyncSession, signal: Signal, *, now: datetime) -> None:
    """Keep only what trends need: theme, neighbourhood, urgency and dates."""
    # Lock the notices in id order before the cascades touch them, as the outbox's writer
    # does: a wipe beside a batch of outcomes for this signal never deadlocks (PostgreSQL).
    await session.execute(
        select(SignalNotice.id)
        .where(SignalNotice.signal_id == signal.id)
        .order_by(SignalNotice.id)
        .with_for_update()
    )
    await session.execute(delete(SignalEntry).where(SignalEntry.signal_id == signal.id))
    await session.execute(delete(SignalNotice).where(SignalNotice.signal_id == signal.id))
    await dialogue.end_about(session, dialogue.SIGNALS, signal.id)
    signal.reporter_id = signal.assignee_id = signal.closed_by_id = None
    signal.form_message_id = None
    signal.wiped_at = now
