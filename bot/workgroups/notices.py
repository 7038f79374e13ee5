"""The messages working groups promise people, as a source of the outbox: each invitee's
personal join link, the coordinator's reminder before a group ends, and the coordinator's
report of someone who came in uninvited or question whether a guest's account is theirs.

A seat's link is made (a group action, bot.workgroups.keeper) and stored before this source
sends it; a seat is claimed through its `claimed_at`. A group's end reminder has no claim
column: it is held in memory while in flight, which suffices because exactly one process
sends the outbox and a restart forgets nothing that was recorded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.buttons import Codec, Pressed
from bot.clock import Clock
from bot.config import Config
from bot.i18n import Translator
from bot.outbox.source import Backlog, Outcome
from bot.workgroups import intruders, service
from storage.models import Person
from storage.workgroup_models import Seat, SeatState, Workgroup, WorkgroupStatus

log = logging.getLogger(__name__)

KIND = "workgroups"
# The end reminder's buttons: extend, close now, close at the end date.
EXTEND, CLOSE_NOW, AT_END = "x", "c", "e"
END = Codec("we", Pressed, choices={"action": (EXTEND, CLOSE_NOW, AT_END)})
# Someone uninvited: the coordinator lets them in as a guest or keeps them out.
LET_IN, KEEP_OUT = "g", "o"
UNINVITED = Codec("wx", Pressed, choices={"action": (LET_IN, KEEP_OUT)})
# A guest's account: the coordinator confirms it is them, or not.
RIGHT, WRONG = "right", "wrong"
GUEST_CHECK = Codec("gc", Pressed, choices={"action": (RIGHT, WRONG)})
LINK, REMINDER, REPORT = "link", "reminder", "report"
# The column that records a job done.
DONE_AT = {LINK: "link_sent_at", REMINDER: "reminded_at", REPORT: "reported_at"}
BACKOFF = timedelta(seconds=30)


@dataclass(frozen=True, slots=True)
class Job:
    """One message to send: a seat's link or a group's end reminder, rendered when claimed."""

    what: str  # LINK (row: a seat) or REMINDER (row: a working group)
    row_id: int
    chat_id: int
    text: str
    markup: InlineKeyboardMarkup | None
    claimed: datetime


class WorkgroupSource:
    """Working-group messages to people as rows of the outbox."""

    kind = KIND
    workers = 2
    batch = 20

    def __init__(self, clock: Clock, config: Config, t: Translator) -> None:
        self.clock, self.config, self.t = clock, config, t
        self._reminding: set[int] = set()  # groups whose reminder is claimed
        # (what, row id) -> when Telegram may be tried again. In memory, as _reminding.
        self._later: dict[tuple[str, int], datetime] = {}

    async def recover(self, session: AsyncSession) -> int:
        """Release every seat left claimed (and forget reminders in flight)."""
        self._reminding.clear()
        self._later.clear()
        result = await session.execute(
            update(Seat).where(Seat.claimed_at.is_not(None)).values(claimed_at=None)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def claim(self, session: AsyncSession, limit: int, now: datetime) -> list[Job]:
        """Claim links ready to go and reminders due, if their group still wants them."""
        self._later = {key: at for key, at in self._later.items() if at > now}
        jobs = await self._claim_links(session, limit, now)
        jobs += await self._claim_reports(session, limit - len(jobs), now)
        return jobs + await self._claim_reminders(session, limit - len(jobs), now)

    async def _claim_reports(self, session: AsyncSession, limit: int, now: datetime) -> list[Job]:
        """Tell the coordinator about someone who came in uninvited (removed, or not yet), or
        ask them to confirm a guest's account."""
        if limit <= 0:
            return []
        waiting = [row for what, row in self._later if what == REPORT]
        jobs: list[Job] = []
        for seat in await intruders.unreported(session, limit, waiting):
            group = await service.get(session, seat.workgroup_id)
            owner = await session.get(Person, group.created_by_id) if group.created_by_id else None
            if owner is None or group.status is not WorkgroupStatus.ACTIVE:
                seat.reported_at = now  # closing removes them and reports what it could not
                continue
            text, rows = self._report(seat, group, owner.language)
            seat.claimed_at = now
            jobs.append(
                Job(REPORT, seat.id, owner.telegram_user_id, text, InlineKeyboardMarkup(rows), now)
            )
        return jobs

    def _report(
        self, seat: Seat, group: Workgroup, lang: str
    ) -> tuple[str, list[list[InlineKeyboardButton]]]:
        """Render a report about someone uninvited, or a guest's confirmation question."""
        if seat.uninvited_at is None:
            text = self.t(
                lang,
                "workgroup_guest_confirm",
                number=group.id,
                name=group.name,
                invited=seat.guest_name or "?",
                account=seat.guest_account or "?",
            )
            choices = ((RIGHT, "btn_guest_right"), (WRONG, "btn_guest_wrong"))
            codec = GUEST_CHECK
        else:
            removed = seat.state is SeatState.GONE
            text = self.t(
                lang,
                "workgroup_intruder_removed" if removed else "workgroup_intruder_stays",
                number=group.id,
                name=group.name,
                who=seat.guest_account or "?",
            )
            choices = ((LET_IN, "btn_uninvited_let_in"), (KEEP_OUT, "btn_uninvited_out"))
            codec = UNINVITED
        row = [
            _button(self.t(lang, key), codec.encode(Pressed(action, seat.id)))
            for action, key in choices
        ]
        return text, [row] if codec is GUEST_CHECK else [[button] for button in row]

    async def _claim_links(self, session: AsyncSession, limit: int, now: datetime) -> list[Job]:
        waiting = [row for what, row in self._later if what == LINK]
        stmt = (
            select(Seat, Workgroup)
            .join(Workgroup, Workgroup.id == Seat.workgroup_id)
            .where(
                Workgroup.status == WorkgroupStatus.ACTIVE,
                Workgroup.missing_rights == "",
                Seat.state == SeatState.INVITED,
                Seat.invite_link.is_not(None),
                Seat.link_sent_at.is_(None),
                Seat.claimed_at.is_(None),
                Seat.id.not_in(waiting),
            )
            .order_by(Seat.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=Seat)
        )
        jobs: list[Job] = []
        for seat, group in (await session.execute(stmt)).all():
            user_id = await service.telegram_id(session, seat)
            if user_id is None or seat.invite_link is None:  # the member's account is gone
                seat.link_sent_at = now
                continue
            person = await session.get(Person, seat.person_id) if seat.person_id else None
            lang = person.language if person else (seat.guest_language or self.t.default_language)
            text = self.t(
                lang,
                "workgroup_link",
                name=group.name,
                purpose=group.purpose,
                end=service.end_label(group.ends_at, self.config),
                link=seat.invite_link,
            )
            seat.claimed_at = now
            jobs.append(Job(LINK, seat.id, user_id, text, None, now))
        return jobs

    async def _claim_reminders(self, session: AsyncSession, limit: int, now: datetime) -> list[Job]:
        if limit <= 0:
            return []
        held = list(self._reminding) + [row for what, row in self._later if what == REMINDER]
        stmt = (
            select(Workgroup)
            .where(
                Workgroup.status == WorkgroupStatus.ACTIVE,
                Workgroup.reminded_at.is_(None),
                Workgroup.ends_at <= now + self.config.workgroups.remind_before,
                Workgroup.id.not_in(held),
            )
            .order_by(Workgroup.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        jobs: list[Job] = []
        for group in (await session.execute(stmt)).scalars():
            owner = await session.get(Person, group.created_by_id) if group.created_by_id else None
            if owner is None:  # nobody to ask
                group.reminded_at = now
                continue
            lang = owner.language
            weeks = max(1, self.config.workgroups.extend_by.days // 7)
            rows = [
                [
                    _button(
                        self.t(lang, "btn_wg_extend", count=weeks),
                        END.encode(Pressed(EXTEND, group.id)),
                    )
                ],
                [
                    _button(
                        self.t(lang, "btn_wg_close_now"), END.encode(Pressed(CLOSE_NOW, group.id))
                    )
                ],
                [
                    _button(
                        self.t(lang, "btn_wg_close_at_end"), END.encode(Pressed(AT_END, group.id))
                    )
                ],
            ]
            text = self.t(
                lang,
                "workgroup_end_soon",
                name=group.name,
                end=service.end_label(group.ends_at, self.config),
            )
            self._reminding.add(group.id)
            jobs.append(
                Job(
                    REMINDER,
                    group.id,
                    owner.telegram_user_id,
                    text,
                    InlineKeyboardMarkup(rows),
                    now,
                )
            )
        return jobs

    async def backlog(self, session: AsyncSession, now: datetime) -> Backlog:
        """Count the join links waiting to be sent (when each became due is not kept)."""
        due = await session.scalar(
            select(func.count())
            .select_from(Seat)
            .join(Workgroup, Workgroup.id == Seat.workgroup_id)
            .where(
                Workgroup.status == WorkgroupStatus.ACTIVE,
                Seat.state == SeatState.INVITED,
                Seat.invite_link.is_not(None),
                Seat.link_sent_at.is_(None),
            )
        )
        return Backlog(int(due or 0))

    async def perform(self, bot: ExtBot[Any], job: Job) -> Outcome[Job]:
        """Send the message and classify Telegram's answer."""
        done_at = {DONE_AT[job.what]: self.clock.now()}
        try:
            await bot.send_message(
                job.chat_id, job.text, parse_mode=ParseMode.HTML, reply_markup=job.markup
            )
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return self._postpone(job, "flood", timedelta(seconds=seconds))
        except (Forbidden, BadRequest) as error:
            # Blocked the bot, or never started it: trying again changes nothing.
            log.warning("working group %s %s not sent: %s", job.what, job.row_id, error)
            return Outcome(job, done_at)
        except TelegramError as error:
            return self._postpone(job, type(error).__name__, BACKOFF)
        return Outcome(job, done_at, sent=True)

    def failed(self, job: Job) -> Outcome[Job]:
        """Try a message whose sending failed unexpectedly again later."""
        return self._postpone(job, "internal", BACKOFF)

    def _postpone(self, job: Job, reason: str, delay: timedelta) -> Outcome[Job]:
        log.info("working group %s %s postponed: %s", job.what, job.row_id, reason)
        self._later[job.what, job.row_id] = self.clock.now() + delay
        return Outcome(job, done=False)

    async def record(
        self, session: AsyncSession, outcomes: list[Outcome[Job]], now: datetime
    ) -> None:
        """Mark links sent and groups reminded; release the seats."""
        for outcome in outcomes:
            job = outcome.job
            if job.what in (LINK, REPORT):
                await session.execute(
                    update(Seat)
                    .where(Seat.id == job.row_id)
                    .values(claimed_at=None, **outcome.values)
                )
            elif outcome.values:
                await session.execute(
                    update(Workgroup).where(Workgroup.id == job.row_id).values(**outcome.values)
                )

    def settled(self, outcomes: list[Outcome[Job]]) -> None:
        """Reminders recorded are no longer in flight."""
        for outcome in outcomes:
            if outcome.job.what == REMINDER:
                self._reminding.discard(outcome.job.row_id)


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)
