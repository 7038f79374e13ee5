"""The notices signals promised, as a source of the outbox: claim, render, send, record.

Rows are written in the same transaction as the signal change they belong to, so a crash
between the two loses nothing: the outbox engine (bot.outbox.engine) releases what a dead
process left claimed at start-up and sends what is still pending.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.clock import Clock
from bot.config import Config
from bot.i18n import Safe, Translator
from bot.outbox.source import Backlog, Outcome
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

KIND = "signals"
BATCH = 20
WORKERS = 4
MAX_ATTEMPTS = 8
# Telegram busy or away: no fault of the notice; later ones to the same person wait with it.
BACKOFF = timedelta(seconds=5)


@dataclass(frozen=True, slots=True)
class Job:
    """Everything needed to send one notice, read in the claiming transaction."""

    notice: SignalNotice
    signal: Signal
    recipient: Person
    entry: SignalEntry | None
    thread: list[SignalEntry]
    names: render.Names
    author: str | None
    card_message_id: int | None
    claimed: datetime


class NoticeSource:
    """Signal notices as rows of the outbox; renders cards and entries for the desk too.

    Notices to one person go out one at a time, in the order they were written: a person's
    next notice is claimed only once the one before is recorded (so a report's photo can
    reply to the card sent just before it).
    """

    kind = KIND
    workers = WORKERS
    batch = BATCH

    def __init__(
        self, db: Database, clock: Clock, config: Config, t: Translator, sealer: Sealer
    ) -> None:
        self.db, self.clock, self.config, self.t, self.sealer = db, clock, config, t, sealer
        self.bot: ExtBot[Any] | None = None  # for the desk's direct replies
        # Person id -> when Telegram may be tried again for them (or at the desk's next wake,
        # whichever is first). In memory: one process sends, and after a restart trying at
        # once is right.
        self._later: dict[int, datetime] = {}

    def retry_now(self) -> None:
        """Let notices postponed after a failure go at the next claim."""
        self._later.clear()

    async def recover(self, session: AsyncSession) -> int:
        """Release every pending notice left claimed."""
        self._later.clear()
        result = await session.execute(
            update(SignalNotice)
            .where(SignalNotice.state == NoticeState.PENDING, SignalNotice.claimed_at.is_not(None))
            .values(claimed_at=None)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def claim(self, session: AsyncSession, limit: int, now: datetime) -> list[Job]:
        """Claim each waiting person's oldest pending notice, if they may still see it."""
        self._later = {p: t for p, t in self._later.items() if t > now}
        busy = select(SignalNotice.person_id).where(
            SignalNotice.state == NoticeState.PENDING, SignalNotice.claimed_at.is_not(None)
        )
        stmt = (
            select(SignalNotice.id, SignalNotice.person_id)
            .where(
                SignalNotice.state == NoticeState.PENDING,
                SignalNotice.claimed_at.is_(None),
                SignalNotice.person_id.not_in(busy),
            )
            .order_by(SignalNotice.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if self._later:
            stmt = stmt.where(SignalNotice.person_id.not_in(list(self._later)))
        while True:
            heads: dict[int, int] = {}
            for notice_id, person_id in (await session.execute(stmt)).all():
                heads.setdefault(person_id, notice_id)
            if not heads:
                return []
            jobs = [job for i in heads.values() if (job := await self._claim(session, i, now))]
            if jobs:
                return jobs
            # Every head was dropped: the next notices of those people are due now.
            await session.flush()

    async def _claim(self, session: AsyncSession, notice_id: int, now: datetime) -> Job | None:
        notice = await session.get(SignalNotice, notice_id)
        assert notice is not None
        notice.attempts += 1
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
        notice.claimed_at = now
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

    async def backlog(self, session: AsyncSession, now: datetime) -> Backlog:
        """Count the notices waiting to be sent, and since when the oldest waits."""
        due, oldest = (
            await session.execute(
                select(func.count(), func.min(SignalNotice.created_at)).where(
                    SignalNotice.state == NoticeState.PENDING
                )
            )
        ).one()
        return Backlog(int(due), oldest)

    async def perform(self, bot: ExtBot[Any], job: Job) -> Outcome[Job]:
        """Send one notice and classify Telegram's answer."""
        notice_id = job.notice.id
        try:
            message = await self._send(bot, job)
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return self._postpone(job, "flood", timedelta(seconds=seconds))
        except (Forbidden, BadRequest) as error:
            log.warning("signal notice %s not sent: %s", notice_id, type(error).__name__)
            return Outcome(job, {"state": NoticeState.FAILED})
        except TelegramError as error:
            return self._postpone(job, type(error).__name__, BACKOFF)
        values = {
            "state": NoticeState.SENT,
            "sent_at": self.clock.now(),
            "chat_id": message.chat_id,
            "message_id": message.message_id,
        }
        return Outcome(job, values, sent=True)

    def failed(self, job: Job) -> Outcome[Job]:
        """Try a notice whose sending failed unexpectedly again later (it counts as a try)."""
        self._later[job.notice.person_id] = self.clock.now() + BACKOFF
        return Outcome(job, done=False)

    def _postpone(self, job: Job, reason: str, delay: timedelta) -> Outcome[Job]:
        log.info("signal notice %s postponed: %s", job.notice.id, reason)
        self._later[job.notice.person_id] = self.clock.now() + delay
        # Telegram being busy or away is no fault of the notice: retry it as long as it takes
        # (attempts count sends that never came back, e.g. a crash).
        return Outcome(job, {"attempts": SignalNotice.attempts - 1}, done=False)

    async def record(
        self, session: AsyncSession, outcomes: list[Outcome[Job]], now: datetime
    ) -> None:
        """Write each notice's outcome; a card shown is audited."""
        # In id order, as a wipe locks them: two transactions never wait for each other.
        for outcome in sorted(outcomes, key=lambda o: o.job.notice.id):
            job = outcome.job
            notice = await session.get(SignalNotice, job.notice.id)
            if notice is None or notice.claimed_at != job.claimed:
                continue  # wiped meanwhile, or released and claimed again: that outcome stands
            await session.execute(
                update(SignalNotice)
                .where(SignalNotice.id == notice.id)
                .values(claimed_at=None, **outcome.values)
            )
            if outcome.sent and job.notice.kind is NoticeKind.CARD:
                recipient = await session.get(Person, job.recipient.id)
                Audit(session).record(
                    at=now,
                    action="signal.shown",
                    actor=recipient,
                    details={"signal": job.signal.id},
                )

    def settled(self, outcomes: list[Outcome[Job]]) -> None:
        """Nothing to note: the rows say it all."""

    async def _send(self, bot: ExtBot[Any], job: Job) -> Message:
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
                protect_content=True,  # a signal stays in the coordinators' chats
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
                via=bot,
            )
        return await bot.send_message(
            chat, self._to_reporter(job, lang), parse_mode=ParseMode.HTML, protect_content=True
        )

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
            filed=self.t.moment(lang, filed, self.config.network.timezone),
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
        via: ExtBot[Any] | None = None,
    ) -> Message:
        """Send one of the reporter's entries (text or media) with a header saying whose."""
        bot = via or self.bot
        assert bot is not None
        entry = self.open_entry(stored)
        header = render.entry_header(self.t, lang, signal.id, author)
        common: dict[str, Any] = {
            "disable_notification": silent,
            "protect_content": True,
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
