"""Meetings from the server: `sleutelnet meeting create` and `sleutelnet meeting list`."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from bot.admin import acting_coordinator
from bot.alerts.audience import parse_audience
from bot.clock import Clock
from bot.config import Config
from bot.i18n import Translator
from bot.meetings import service, texts
from bot.meetings.when import WhenError, parse_end, parse_rrule, parse_start
from storage.db import Database
from storage.meeting_models import MeetingStatus

WHEN_HELP = "e.g. '2026-12-05 19:30', '05-12 19:30' or 'za 19:30' (network time zone)"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `meeting create` and `meeting list` to the command line."""
    meeting = sub.add_parser("meeting", help="meetings").add_subparsers(
        dest="meeting_command", required=True
    )
    create = meeting.add_parser("create", help="plan a meeting and send the invitations")
    create.add_argument("--title", required=True, help="what the invitation calls it")
    create.add_argument("--start", required=True, help=WHEN_HELP)
    create.add_argument(
        "--end", help="end time ('21:30') or duration ('2h'); default: meetings.default_duration"
    )
    create.add_argument("--location", help="where (shown in the invitation and the .ics file)")
    create.add_argument("--agenda", help="what will be discussed")
    create.add_argument(
        "--audience", default="all", help="all | wijk:A,B | theme:KEY | tag:T (default: all)"
    )
    repeat = create.add_mutually_exclusive_group()
    repeat.add_argument("--every-weeks", type=int, help="repeat every N weeks (e.g. 6)")
    repeat.add_argument("--rrule", help="an RFC 5545 RRULE, e.g. FREQ=WEEKLY;INTERVAL=6")
    create.add_argument("--as", dest="actor", type=int, help="coordinator's Telegram id")
    create.add_argument("--yes", action="store_true", help="really send the invitations")
    meeting.add_parser("list", help="upcoming meetings with their answers")


class MeetingInputError(ValueError):
    """A meeting request the command line cannot plan (message names the option)."""


@dataclass(frozen=True, slots=True)
class Planned:
    """What `meeting create` did."""

    number: int
    invited: int


async def create(db: Database, config: Config, clock: Clock, args: argparse.Namespace) -> Planned:
    """Plan a meeting as a coordinator and queue its invitations for the running bot."""
    now = clock.now()
    tz = config.network.timezone
    network = config.network
    try:
        starts = parse_start(args.start, now=now, tz=tz)
        ends = (
            parse_end(args.end, start=starts, tz=tz)
            if args.end
            else starts + config.meetings.default_duration
        )
        rrule = parse_rrule(args.rrule, start=starts) if args.rrule else None
    except WhenError as error:
        msg = f"--start/--end/--rrule: {error.reason.replace('_', ' ')} ({WHEN_HELP})"
        raise MeetingInputError(msg) from error
    if args.every_weeks is not None and args.every_weeks < 1:
        msg = "--every-weeks must be 1 or more"
        raise MeetingInputError(msg)
    audience = parse_audience(
        args.audience,
        neighbourhoods=network.neighbourhoods,
        themes=[theme.key for theme in network.themes],
    )
    async with db.begin() as session:
        coordinator = await acting_coordinator(session, config, args.actor)
        meeting = await service.new_draft(session, coordinator, now=now)
        meeting.title = args.title.strip()[:200]
        meeting.starts_at, meeting.ends_at = starts, ends
        meeting.location, meeting.agenda = args.location, args.agenda
        meeting.audience = audience.to_json()
        meeting.every_weeks, meeting.rrule = args.every_weeks, rrule
        t = Translator(network.default_language, network.languages)
        invited = await service.plan(session, meeting, coordinator, (t, config), now=now)
        return Planned(meeting.id, invited)


async def upcoming(db: Database, config: Config, clock: Clock) -> list[str]:
    """Return one line per upcoming meeting with its answers."""
    t = Translator(config.network.default_language, config.network.languages)
    lang = t.default_language
    lines = []
    async with db.begin() as session:
        for meeting in await service.upcoming(session, now=clock.now(), limit=50):
            if meeting.status is not MeetingStatus.PLANNED:
                continue
            c = await service.counts(session, meeting.id)
            lines.append(
                f"#{meeting.id}  {texts.when(meeting, config, lang)}  {meeting.title}  "
                f"yes {c.yes}  maybe {c.maybe}  no {c.no}  invited {c.invited}"
            )
    return lines
