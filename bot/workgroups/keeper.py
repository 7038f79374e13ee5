"""The Telegram side of working groups: making personal join links, removals and closing;
everything resumes from the database after a restart (a minute tick drives it).

These are group actions, not messages the bot promised a person: the links and the end
reminder are sent by the outbox (bot.workgroups.notices), which the tick wakes. Closing's
goodbye in the group and its report to the coordinator belong to the closing action itself.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select, update
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import ExtBot

from bot import events
from bot.clock import Clock
from bot.config import Config
from bot.i18n import Translator
from bot.outbox.elected import Outbox
from bot.workgroups import service
from bot.workgroups.notices import AT_END, CLOSE_NOW, END, EXTEND, KIND, WorkgroupSource
from storage.db import Database
from storage.models import Person
from storage.workgroup_models import Seat, SeatState, Workgroup, WorkgroupStatus

log = logging.getLogger(__name__)

__all__ = ["AT_END", "CLOSE_NOW", "END", "EXTEND", "WorkgroupKeeper"]

T = TypeVar("T")


IN_GROUP = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER)


@dataclass(frozen=True, slots=True)
class Closed:
    """What closing a group did: how many it removed, whom it could not, and how many it never
    saw come in are still there."""

    removed: int
    failed: list[str]
    unseen: int

    def left_in(self, t: Translator, lang: str) -> list[str]:
        """Name who is still in the group, in the reader's language."""
        unseen = [t(lang, "workgroup_unseen", count=self.unseen)] if self.unseen else []
        return self.failed + unseen


class WorkgroupKeeper:
    """Make links, remove people and close groups, from the rows; register the messages."""

    def __init__(
        self, db: Database, clock: Clock, config: Config, t: Translator, outbox: Outbox
    ) -> None:
        self.db, self.clock, self.config, self.t = db, clock, config, t
        self.outbox = outbox
        outbox.register(WorkgroupSource(clock, config, t))
        self.bot: ExtBot[Any] | None = None
        self._lock = asyncio.Lock()

    def start(self, bot: ExtBot[Any]) -> None:
        """Start working through this bot."""
        self.bot = bot

    async def tick(self) -> None:
        """Do whatever is due: links, removals, closings, guest erasure; wake the outbox."""
        if self.bot is None:
            return
        async with self._lock:
            now = self.clock.now()
            await self._make_links(now)
            await self._remove_leavers()
            for number in await self._due_to_close(now):
                await self._close(number, now)
            await self._erase_guests(now)
        self.outbox.wake(KIND)  # links made meanwhile, or an end reminder now due

    async def group_call(self, number: int, call: Callable[[int], Awaitable[T]]) -> T:
        """Call the Bot API for a working group's chat; follow an upgrade to a supergroup."""
        async with self.db.begin() as session:
            group = await service.get(session, number)
            chat = group.chat_id
        assert chat is not None
        try:
            return await call(chat)
        except ChatMigrated as moved:
            async with self.db.begin() as session:
                group = await service.get(session, number, for_update=True)
                group.chat_id = moved.new_chat_id
            log.info("working group %s moved to a supergroup", number)
            return await call(moved.new_chat_id)

    async def _make_links(self, now: datetime) -> None:
        """Make each invitee's personal link (a join request only they can use); the outbox
        sends it."""
        bot = self.bot
        assert bot is not None
        async with self.db.begin() as session:
            stmt = (
                select(Seat)
                .join(Workgroup, Workgroup.id == Seat.workgroup_id)
                .where(
                    Workgroup.status == WorkgroupStatus.ACTIVE,
                    Workgroup.missing_rights == "",
                    Seat.state == SeatState.INVITED,
                    Seat.link_sent_at.is_(None),
                    Seat.invite_link.is_(None),
                    # A guest's link waits for the coordinator's confirmation.
                    Seat.person_id.is_not(None) | Seat.confirmed_at.is_not(None),
                )
                .order_by(Seat.id)
            )
            seats = [
                (seat.id, seat.workgroup_id)
                for seat in (await session.execute(stmt)).scalars()
                if await service.telegram_id(session, seat) is not None  # guests who agreed
            ]
        for seat_id, number in seats:
            name = f"wg{number}-s{seat_id}"
            try:
                made = await self.group_call(
                    number,
                    functools.partial(
                        bot.create_chat_invite_link, name=name, creates_join_request=True
                    ),
                )
            except (Forbidden, BadRequest) as error:
                # Retrying every minute changes nothing.
                log.warning("working group link for seat %s not made: %s", seat_id, error)
                async with self.db.begin() as session:
                    seat = await session.get(Seat, seat_id)
                    if seat is not None:
                        seat.link_sent_at = now
                continue
            except TelegramError as error:
                log.info("working group link for seat %s postponed: %s", seat_id, error)
                continue
            async with self.db.begin() as session:
                stored = await session.get(Seat, seat_id)
                if stored is not None and stored.invite_link is None:
                    stored.invite_link = made.invite_link  # stored before it is sent

    async def _remove_leavers(self) -> None:
        """Remove everyone marked as leaving from their group (ban + unban: no lasting ban)."""
        async with self.db.begin() as session:
            stmt = (
                select(Seat.id, Seat.workgroup_id)
                .join(Workgroup, Workgroup.id == Seat.workgroup_id)
                .where(Seat.state == SeatState.LEAVING, Workgroup.status.in_(service.LIVE))
            )
            leaving = list((await session.execute(stmt)).all())
        for seat_id, number in leaving:
            await self._remove(seat_id, number)

    async def _remove(self, seat_id: int, number: int) -> bool:
        bot = self.bot
        assert bot is not None
        async with self.db.begin() as session:
            seat = await session.get(Seat, seat_id)
            person = await session.get(Person, seat.person_id) if seat and seat.person_id else None
            user_id = service.account_id(seat, person) if seat else None
            coordinator = person is not None and person.role.value == "coordinator"
        try:
            if user_id is not None and not coordinator:
                await self.group_call(number, lambda chat: bot.ban_chat_member(chat, user_id))
                await self.group_call(
                    number, lambda chat: bot.unban_chat_member(chat, user_id, only_if_banned=True)
                )
            if seat is not None and seat.invite_link:
                link = seat.invite_link
                await self.group_call(number, lambda chat: bot.revoke_chat_invite_link(chat, link))
        except TelegramError as error:
            log.warning("working group %s: seat %s not removed: %s", number, seat_id, error)
            return False
        async with self.db.begin() as session:
            stored = await session.get(Seat, seat_id)
            if stored is not None:
                stored.state, stored.gone_at = SeatState.GONE, self.clock.now()
                if stored.person_id is None and stored.guest_name is stored.guest_account is None:
                    # A guest who said /stop, or someone uninvited the coordinator kept out:
                    # once out of the group, nothing of them is kept.
                    stored.guest_user_id, stored.erased_at = None, self.clock.now()
        return True

    async def remove_uninvited(self, seat_id: int, number: int) -> bool:
        """Remove someone who came in without a seat at once; then the outbox tells the
        coordinator how that went (the seat was held until now)."""
        try:
            return await self._remove(seat_id, number)
        finally:
            async with self.db.begin() as session:
                seat = await session.get(Seat, seat_id)
                if seat is not None:
                    seat.claimed_at = None
            self.outbox.wake(KIND)

    async def _due_to_close(self, now: datetime) -> list[int]:
        async with self.db.begin() as session:
            stmt = select(Workgroup).where(
                (Workgroup.status == WorkgroupStatus.CLOSING)
                | ((Workgroup.status == WorkgroupStatus.ACTIVE) & (Workgroup.ends_at <= now))
            )
            groups = list((await session.execute(stmt.with_for_update())).scalars())
            for group in groups:
                if group.status is WorkgroupStatus.ACTIVE:
                    await service.start_closing(session, group, now=now)
            return [g.id for g in groups]

    async def close_now(self, number: int) -> Closed:
        """Close a group at once (the coordinator pressed 'close now'); return the report."""
        now = self.clock.now()
        async with self.db.begin() as session:
            group = await service.get(session, number, for_update=True)
            if group.status is WorkgroupStatus.ACTIVE:
                await service.start_closing(session, group, now=now)
        async with self._lock:
            return await self._close(number, now, report=False)  # the caller reports

    async def _close(self, number: int, now: datetime, *, report: bool = True) -> Closed:
        """Say goodbye, remove everyone but coordinators, revoke the links, archive; count who
        is still there that the bot never saw come in."""
        bot = self.bot
        assert bot is not None
        async with self.db.begin() as session:
            group = await service.get(session, number)
            if group.status is not WorkgroupStatus.CLOSING:
                return Closed(0, [], 0)
            lang = self.t.default_language
            goodbye = self.t(lang, "workgroup_goodbye", name=group.name)
            seat_rows = list(await service.seats(session, number))
        try:
            await self.group_call(
                number, lambda chat: bot.send_message(chat, goodbye, parse_mode=ParseMode.HTML)
            )
        except TelegramError as error:
            log.info("working group %s: goodbye not sent: %s", number, error)
        removed, failed = 0, []
        for seat in seat_rows:
            if seat.state is SeatState.LEAVING or (
                seat.invite_link is not None and seat.state is not SeatState.GONE
            ):
                if await self._remove(seat.id, number):
                    removed += 1
                else:
                    async with self.db.begin() as session:
                        failed.append(await service.name_of(session, seat))
            elif seat.invite_link is not None:
                await self._revoke(number, seat.invite_link)
        unseen = await self._unseen(number, len(failed))
        async with self.db.begin() as session:
            group = await service.get(session, number, for_update=True)
            group.status = WorkgroupStatus.CLOSED
            group.closed_at = now
            group.close_failures = len(failed)
            events.workgroup_closed(number, len(failed))
            owner = await session.get(Person, group.created_by_id) if group.created_by_id else None
            await session.execute(
                update(Seat)
                .where(Seat.workgroup_id == number, Seat.state == SeatState.LEAVING)
                .values(state=SeatState.GONE, gone_at=now)
            )
        closed = Closed(removed, failed, unseen)
        if owner is not None and report:
            lang = owner.language
            key = (
                "workgroup_closed_failures" if closed.left_in(self.t, lang) else "workgroup_closed"
            )
            names = ", ".join(closed.left_in(self.t, lang))
            try:
                await bot.send_message(
                    owner.telegram_user_id,
                    self.t(lang, key, name=group.name, count=removed, names=names),
                    parse_mode=ParseMode.HTML,
                )
            except TelegramError as error:
                log.info("working group %s: closing report not sent: %s", number, error)
        return closed

    async def _unseen(self, number: int, failed: int) -> int:
        """Count who is still in the group without the bot having seen them come in (added
        while it was no administrator): Telegram's count less the bot, the coordinators there
        and those it failed to remove. 0 when Telegram cannot tell."""
        bot = self.bot
        assert bot is not None
        async with self.db.begin() as session:
            coordinators = await service.coordinator_ids(session)
        try:
            count = await self.group_call(number, bot.get_chat_member_count)
            present = 0
            for user_id in coordinators:
                member = await self.group_call(
                    number, functools.partial(bot.get_chat_member, user_id=user_id)
                )
                present += member.status in IN_GROUP
        except TelegramError as error:
            log.info("working group %s: members left unknown: %s", number, error)
            return 0
        return max(0, count - 1 - present - failed)

    async def _revoke(self, number: int, link: str) -> None:
        bot = self.bot
        assert bot is not None
        try:
            await self.group_call(number, lambda chat: bot.revoke_chat_invite_link(chat, link))
        except TelegramError as error:
            log.info("working group %s: link not revoked: %s", number, error)

    async def _erase_guests(self, now: datetime) -> None:
        """Erase what is kept about guests once their group's purpose has ended."""
        keep = self.config.workgroups.guest_retention
        async with self.db.begin() as session:
            stmt = (
                select(Seat)
                .join(Workgroup, Workgroup.id == Seat.workgroup_id)
                .where(
                    Workgroup.status == WorkgroupStatus.CLOSED,
                    Workgroup.closed_at <= now - keep,
                    Seat.person_id.is_(None),
                    Seat.erased_at.is_(None),
                )
            )
            for seat in (await session.execute(stmt)).scalars():
                seat.guest_name = seat.guest_user_id = seat.guest_language = None
                seat.guest_account = None
                seat.guest_token_hash = seat.invite_link = None
                seat.erased_at = now
