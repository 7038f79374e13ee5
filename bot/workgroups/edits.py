"""What a coordinator does to a working group from their private chat: answer the planning
questions, press its page's and end reminder's buttons, invite people by name, neighbourhood or
theme. Each function re-checks the group in the caller's transaction; nothing here commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.audience import Audience, AudienceKind, resolve
from bot.alerts.compose import match_people
from bot.config import Config, NetworkConfig
from bot.errors import StaleAction, fitting
from bot.i18n import words
from bot.meetings.when import parse_start
from bot.workgroups import service
from bot.workgroups.notices import EXTEND
from bot.workgroups.service import END_DATE, GUEST, NAME, PEOPLE, PURPOSE, THEME
from storage.models import Person
from storage.workgroup_models import Workgroup, WorkgroupStatus

# The page's and the dialogue's buttons besides a theme (THEME), inviting people (PEOPLE) or a
# guest (GUEST): the default end, who is in, extend, close.
ENDS, WHO, LONGER, CLOSE = "en", "who", "ex", "cl"


def end_marker(group: Workgroup) -> str:
    """Return the end an extend button carries (minutes since the epoch), so it extends once."""
    return str(int(group.ends_at.timestamp()) // 60) if group.ends_at else ""


async def take_text(
    session: AsyncSession,
    coordinator: Person,
    number: int,
    step: str,
    body: str,
    *,
    config: Config,
    now: datetime,
) -> str | None:
    """Store the answer to a planning question; return the next step, None when planned.

    An end date that cannot be read raises WhenError (nothing is stored then).
    """
    following: str | None = None
    group = await service.get(session, number, for_update=True)
    if (
        group.status is not WorkgroupStatus.DRAFT
        or await service.step_of(session, coordinator, group, now=now) != step
    ):
        raise StaleAction
    if step == NAME:
        group.name, following = fitting(body, Workgroup.name), THEME
    elif step == PURPOSE:
        group.purpose, following = fitting(body, Workgroup.purpose), END_DATE
    else:
        group.ends_at = parse_start(f"{body} 23:59", now=now, tz=config.network.timezone)
    if following is None:
        await service.finish_planning(session, coordinator, group)
    else:
        await service.go_to(session, coordinator, group, following, now=now)
    return following


async def press(
    session: AsyncSession,
    coordinator: Person,
    number: int,
    action: str,
    arg: str,
    *,
    index: int | None,
    config: Config,
    now: datetime,
) -> tuple[Workgroup, str | None]:
    """Do what a button of the dialogue or the page asks; return the group and the next step.

    `arg` is the button's argument, `index` the same read as a number (a theme's), if it is one.
    """
    following: str | None = None
    group = await service.get(session, number, for_update=True)
    draft = group.status is WorkgroupStatus.DRAFT
    step = await service.step_of(session, coordinator, group, now=now) if draft else None
    if action == THEME and step == THEME:
        themes = config.network.themes
        if arg != "x" and (index is None or index >= len(themes)):
            raise StaleAction
        group.theme = themes[index].key if index is not None else None
        following = PURPOSE
        await service.go_to(session, coordinator, group, following, now=now)
    elif action == ENDS and step == END_DATE:
        await service.finish_planning(session, coordinator, group)
    elif action in (PEOPLE, GUEST) and group.status is WorkgroupStatus.ACTIVE:
        await service.go_to(session, coordinator, group, action, now=now)
    elif action == LONGER:
        # The button carries the end it extends: a double tap extends once.
        if arg != end_marker(group):
            raise StaleAction
        service.extend(group, config.workgroups.extend_by, coordinator, session, now=now)
    elif action not in (WHO, CLOSE):
        raise StaleAction
    if action == CLOSE and group.status is not WorkgroupStatus.ACTIVE:
        raise StaleAction
    return group, following


async def answer_reminder(
    session: AsyncSession,
    coordinator: Person,
    number: int,
    action: str,
    *,
    config: Config,
    now: datetime,
) -> Workgroup:
    """Check the end reminder's button still applies; extend the group if it asks to."""
    group = await service.get(session, number, for_update=True)
    if group.status is not WorkgroupStatus.ACTIVE:
        raise StaleAction
    if action == EXTEND:
        if group.reminded_at is None:
            raise StaleAction  # already extended (a double tap)
        service.extend(group, config.workgroups.extend_by, coordinator, session, now=now)
    return group


async def invite_named(
    session: AsyncSession, number: int, body: str, network: NetworkConfig, *, now: datetime
) -> tuple[list[Person], list[str]]:
    """Invite people by name, "wijk: …" or "theme: …"; return who got a seat, and the misses."""
    group = await service.get(session, number, for_update=True)
    head, _, value = body.partition(":")
    if head.strip().casefold() in words("word_neighbourhood") | {"wijk", "neighbourhood"}:
        wijken = [w for w in network.neighbourhoods if w.casefold() == value.strip().casefold()]
        found = list(await resolve(session, Audience(AudienceKind.WIJK, tuple(wijken))))
        missing = [] if wijken else [value.strip()]
    elif head.strip().casefold() in words("word_theme") | {"thema", "theme"}:
        key = value.strip()
        found = list(await resolve(session, Audience(AudienceKind.THEME, (key,))))
        missing = [] if network.theme(key) else [key]
    else:
        found, missing = await match_people(session, body)
    added = await service.invite_people(session, group, found, now=now)
    return added, missing


async def listed(session: AsyncSession) -> list[Workgroup]:
    """Return the working groups that wait for their Telegram group or are active, by number."""
    stmt = select(Workgroup).where(
        Workgroup.status.in_((WorkgroupStatus.WAITING, WorkgroupStatus.ACTIVE))
    )
    return list((await session.execute(stmt.order_by(Workgroup.id))).scalars())
