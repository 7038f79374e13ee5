"""Send the notices signals promised: claim a stored row, render it, send it, record it.

Rows are written in the same transaction as the signal change they belong to, so a crash
between the two loses nothing: the next flush (after start-up, or every half minute) sends
what is still pending. A claim is a conditional UPDATE, so two processes never send one row.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.clock import Clock
from bot.config import Config
from bot.i18n import Safe, Translator
from bot.signals import render
from bot.signals.crypto import Sealer, UnreadableError
from bot.signals.service import Opened, first_text, opened
from storage.db import Database
from storage.models import Person, PersonStatus, Role
from storage.repositories import Audit
from storage.signal_models import (
    EntryKind,
    EntryRole,
    NoticeKind,
    NoticeState,
    Signal,
    SignalEntry,
    SignalNotice,
)

log = logging.getLogger(__name__)

BATCH = 50
MAX_ATTEMPTS = 8
# A claim older than this belongs to a process that died mid-send: take it over. Far longer
# than one send can take, even when the pacer holds it back behind a broadcast.
STALE_CLAIM = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Job:
    """Everything needed to send one notice, read in one transaction."""

    notice: SignalNotice
    signal: Signal
    recipient: Person
    entry: SignalEntry | None
    thread: list[SignalEntry]
    names: render.Names
    author: str | None
    card_message_id: int | None
    claimed: datetime


class NoticeSender:
    """Send pending signal notices through the bot (and so through the pacer)."""

    def __init__(
        self, db: Database, clock: Clock, config: Config, t: Translator, sealer: Sealer
    ) -> None:
        self.db, self.clock, self.config, self.t, self.sealer = db, clock, config, t, sealer
        self.bot: ExtBot[Any] | None = None
        self._lock = asyncio.Lock()

    async def flush(self) -> int:
        """Send everything pending now, in order per recipient; return how many went out."""
        if self.bot is None:
            return 0
        sent = 0
        async with self._lock:
            blocked: set[int] = set()
            while True:
                ids = await self._pending(blocked)
                if not ids:
                    return sent
                progress = False
                for notice_id in ids:
                    outcome = await self._one(notice_id, blocked)
                    sent += outcome
                    progress = progress or outcome >= 0
                if not progress:
                    return sent

    async def _pending(self, blocked: set[int]) -> list[int]:
        stale = self.clock.now() - STALE_CLAIM
        stmt = (
            select(SignalNotice.id)
            .where(
                SignalNotice.state == NoticeState.PENDING,
                or_(SignalNotice.claimed_at.is_(None), SignalNotice.claimed_at < stale),
            )
            .order_by(SignalNotice.id)
            .limit(BATCH)
        )
        if blocked:
            stmt = stmt.where(SignalNotice.person_id.not_in(blocked))
        async with self.db.begin() as session:
            return list((await session.execute(stmt)).scalars())

    async def _one(self, notice_id: int, blocked: set[int]) -> int:
        """Claim, send and record one notice: 1 sent, 0 dropped, -1 to retry later."""
        job = await self._claim(notice_id)
        if job is None:
            return 0
        try:
            message = await self._send(job)
        except RetryAfter as error:
            blocked.add(job.notice.person_id)
            await self._release(notice_id, str(error.retry_after))
            return -1
        except (Forbidden, BadRequest) as error:
            log.warning("signal notice %s not sent: %s", notice_id, type(error).__name__)
            await self._finish(notice_id, NoticeState.FAILED, None, job)
            return 0
        except TelegramError as error:
            # Later notices to this person wait, so they keep their order.
            blocked.add(job.notice.person_id)
            await self._release(notice_id, type(error).__name__)
            return -1
        await self._finish(notice_id, NoticeState.SENT, message, job)
        return 1

    async def _claim(self, notice_id: int) -> Job | None:
        now = self.clock.now()
        async with self.db.begin() as session:
            claimed = await session.execute(
                update(SignalNotice)
                .where(
                    SignalNotice.id == notice_id,
                    SignalNotice.state == NoticeState.PENDING,
                    or_(
                        SignalNotice.claimed_at.is_(None),
                        SignalNotice.claimed_at < now - STALE_CLAIM,
                    ),
                )
                .values(claimed_at=now, attempts=SignalNotice.attempts + 1)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                return None
            notice = await session.get(SignalNotice, notice_id)
            assert notice is not None
            signal = await session.get(Signal, notice.signal_id)
            recipient = await session.get(Person, notice.person_id)
            if signal is None or recipient is None:
                notice.state = NoticeState.FAILED
                return None
            if notice.attempts > MAX_ATTEMPTS:
                log.warning("signal notice %s given up after %s tries", notice_id, MAX_ATTEMPTS)
                notice.state = NoticeState.FAILED
                return None
            thread = list(
                (
                    await session.execute(
                        select(SignalEntry)
                        .where(SignalEntry.signal_id == signal.id)
                        .order_by(SignalEntry.id)
                    )
                ).scalars()
            )
            entry = next((e for e in thread if e.id == notice.entry_id), None)
            if not _may_receive(notice, recipient, signal, entry):
                log.info("signal notice %s dropped: the recipient may not see it", notice_id)
                notice.state = NoticeState.FAILED
                return None
            card = await session.scalar(
                select(SignalNotice.message_id).where(
                    SignalNotice.signal_id == signal.id,
                    SignalNotice.person_id == recipient.id,
                    SignalNotice.kind == NoticeKind.CARD,
                    SignalNotice.state == NoticeState.SENT,
                )
            )
            return Job(
                notice=notice,
                signal=signal,
                recipient=recipient,
                entry=entry,
                thread=thread,
                names=await names_of(session, signal),
                author=await _name(session, entry.author_id if entry else None),
                card_message_id=card,
                claimed=now,
            )

    async def _release(self, notice_id: int, reason: str) -> None:
        log.info("signal notice %s postponed: %s", notice_id, reason)
        async with self.db.begin() as session:
            notice = await session.get(SignalNotice, notice_id)
            if notice is not None:
                notice.claimed_at = None
                # Telegram being busy or away is no fault of the notice: retry it as long as
                # it takes (attempts count sends that never came back, e.g. a crash).
                notice.attempts -= 1

    async def _finish(
        self, notice_id: int, state: NoticeState, message: Message | None, job: Job
    ) -> None:
        now = self.clock.now()
        async with self.db.begin() as session:
            notice = await session.get(SignalNotice, notice_id)
            if notice is None or notice.claimed_at != job.claimed:
                return  # another process took the claim over meanwhile; its outcome stands
            notice.state = state
            notice.claimed_at = None
            if message is not None:
                notice.sent_at = now
                notice.chat_id = message.chat_id
                notice.message_id = message.message_id
            if state is NoticeState.SENT and job.notice.kind is NoticeKind.CARD:
                recipient = await session.get(Person, job.recipient.id)
                Audit(session).record(
                    at=now,
                    action="signal.shown",
                    actor=recipient,
                    details={"signal": job.signal.id},
                )

    async def _send(self, job: Job) -> Message:
        bot = self.bot
        assert bot is not None
        lang = job.recipient.language
        chat = job.recipient.telegram_user_id
        kind = job.notice.kind
        silent = not job.notice.loud
        if kind is NoticeKind.CARD:
            text, markup = self.card(job.signal, job.thread, job.names, lang)
            return await bot.send_message(
                chat,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                disable_notification=silent,
            )
        if kind is NoticeKind.RECEIPT:
            return await bot.send_message(
                chat,
                self.t(lang, "signal_receipt", number=job.signal.id),
                parse_mode=ParseMode.HTML,
                reply_markup=render.receipt_buttons(self.t, lang, job.signal.id),
            )
        assert job.entry is not None
        if job.entry.role is EntryRole.REPORT:
            return await self.send_entry(
                chat,
                lang,
                job.signal,
                job.entry,
                job.author,
                silent=silent,
                reply_to=job.card_message_id,
            )
        return await bot.send_message(chat, self._to_reporter(job, lang), parse_mode=ParseMode.HTML)

    def card(
        self, signal: Signal, thread: list[SignalEntry], names: render.Names, lang: str
    ) -> tuple[Safe, InlineKeyboardMarkup | None]:
        """Render a coordinator's card with its buttons."""
        on_card = first_text(thread)
        body = self.open_entry(on_card).text if on_card else None
        reports = [e for e in thread if e.role is EntryRole.REPORT and e is not on_card]
        filed = signal.filed_at or signal.created_at
        text = render.card_text(
            self.t,
            self.config,
            lang,
            signal,
            names,
            body,
            attachments=len(reports),
            filed=render.local(filed, self.config, self.t(lang, "datetime_format")),
        )
        return text, render.card_buttons(self.t, lang, signal)

    def open_entry(self, entry: SignalEntry) -> Opened:
        """Open an entry; one sealed with an unknown key shows as a lock, and is logged."""
        try:
            return opened(entry, self.sealer)
        except (UnreadableError, ValueError):
            log.error("signal entry %s is sealed with an unknown key", entry.id)
            return Opened(entry, "🔒", None)

    async def send_entry(
        self,
        chat: int,
        lang: str,
        signal: Signal,
        stored: SignalEntry,
        author: str | None,
        *,
        silent: bool = True,
        reply_to: int | None = None,
    ) -> Message:
        """Send one of the reporter's entries (text or media) with a header saying whose."""
        bot = self.bot
        assert bot is not None
        entry = self.open_entry(stored)
        header = render.entry_header(self.t, lang, signal.id, author)
        common: dict[str, Any] = {
            "disable_notification": silent,
            "reply_parameters": ReplyParameters(reply_to, allow_sending_without_reply=True)
            if reply_to is not None
            else None,
        }
        caption = render.caption(header, entry.text, self.t, lang, signal.id)
        media = {"caption": caption, "parse_mode": ParseMode.HTML, **common}
        kind = stored.kind
        where = _coordinates(entry.text) if kind is EntryKind.LOCATION else None
        if where is not None:
            return await bot.send_location(chat, *where, **common)
        if kind is EntryKind.PHOTO and entry.file_id:
            return await bot.send_photo(chat, entry.file_id, **media)
        if kind is EntryKind.DOCUMENT and entry.file_id:
            return await bot.send_document(chat, entry.file_id, **media)
        if kind is EntryKind.VOICE and entry.file_id:
            return await bot.send_voice(chat, entry.file_id, **media)
        body = self.t(lang, "signal_card_body", text=entry.text or "")
        return await bot.send_message(
            chat, Safe(f"{header}\n{body}"), parse_mode=ParseMode.HTML, **common
        )

    def _to_reporter(self, job: Job, lang: str) -> Safe:
        assert job.entry is not None
        text = self.open_entry(job.entry).text
        number = job.signal.id
        if job.entry.role is EntryRole.REPLY:
            return self.t(lang, "signal_reply_to_reporter", number=number, text=text or "")
        closed = self.t(lang, "signal_closed_to_reporter", number=number)
        if text:
            return Safe(f"{closed}\n\n{self.t(lang, 'signal_closed_message', text=text)}")
        return closed


def _coordinates(text: str | None) -> tuple[float, float] | None:
    """Return (latitude, longitude) from a stored location, or None if it cannot be read."""
    latitude, _, longitude = (text or "").partition(",")
    try:
        return float(latitude), float(longitude)
    except ValueError:
        return None


def _may_receive(
    notice: SignalNotice, recipient: Person, signal: Signal, entry: SignalEntry | None
) -> bool:
    """Check again at sending time: the role or the reporter may have changed since."""
    if recipient.status is not PersonStatus.ACTIVE:
        return False
    if notice.kind is NoticeKind.RECEIPT:
        return recipient.id == signal.reporter_id
    if notice.kind is NoticeKind.CARD or (entry is not None and entry.role is EntryRole.REPORT):
        return recipient.role is Role.COORDINATOR
    return entry is not None and recipient.id == signal.reporter_id


async def names_of(session: AsyncSession, signal: Signal) -> render.Names:
    """Resolve the reporter's, assignee's and closer's names for a card."""
    return render.Names(
        reporter=await _name(session, signal.reporter_id),
        assignee=await _name(session, signal.assignee_id),
        closer=await _name(session, signal.closed_by_id),
    )


async def _name(session: AsyncSession, person_id: int | None) -> str | None:
    if person_id is None:
        return None
    person = await session.get(Person, person_id)
    return person.display_name if person is not None else None
