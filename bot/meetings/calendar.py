"""The iCalendar (.ics) file every meeting invitation carries, built with `icalendar`.

Times are written as local wall times with the network's TZID, and the VTIMEZONE that defines
it travels along, so phones show the meeting at the right hour on either side of a DST change.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

PRODID = "-//Sleutelnet//Meetings//NL"
# The phone reminds this long before the start.
REMINDER_BEFORE = timedelta(hours=2)
FALLBACK_FILENAME = "bijeenkomst"
MAX_SLUG = 40

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _require_aware(name: str, moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        msg = f"{name} must be timezone-aware"
        raise ValueError(msg)


def _description(
    description: str | None, organizer: str | None, organizer_label: str
) -> str | None:
    """Join the agenda and the organiser line ("Organisator: Sleutelnet Noord")."""
    parts = [
        *([description.strip()] if description and description.strip() else []),
        *([f"{organizer_label}: {organizer.strip()}"] if organizer and organizer.strip() else []),
    ]
    return "\n\n".join(parts) or None


def event_ics(
    *,
    uid: str,
    sequence: int,
    title: str,
    starts: datetime,
    ends: datetime,
    tz: ZoneInfo,
    created: datetime,
    location: str | None = None,
    geo: tuple[float, float] | None = None,
    description: str | None = None,
    cancelled: bool = False,
    organizer: str | None = None,
    organizer_label: str = "Organisator",
) -> bytes:
    """Return a one-event iCalendar file (METHOD:REQUEST, or METHOD:CANCEL with STATUS:CANCELLED).

    DTSTART/DTEND are local times with TZID=tz.key and the calendar carries the VTIMEZONE phones
    need (a UTC zone is written as plain UTC times instead). `created` is the DTSTAMP, in UTC.
    An ORGANIZER must be a URI (an e-mail address) that a Telegram network does not have, so the
    organiser's name goes into DESCRIPTION as "<organizer_label>: <organizer>" instead. A
    reminder (VALARM, DISPLAY) rings 2 hours before the start, except on a cancellation.
    """
    for name, moment in (("starts", starts), ("ends", ends), ("created", created)):
        _require_aware(name, moment)
    if ends <= starts:
        msg = "ends must be after starts"
        raise ValueError(msg)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", created.astimezone(UTC))
    event.add("dtstart", starts.astimezone(tz))
    event.add("dtend", ends.astimezone(tz))
    event.add("summary", title)
    if location:
        event.add("location", location)
    if geo is not None:
        event.add("geo", geo)
    text = _description(description, organizer, organizer_label)
    if text:
        event.add("description", text)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if not cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", -REMINDER_BEFORE)
        event.add_component(alarm)
    calendar.add_component(event)
    # Only the years around the meeting: a short VTIMEZONE instead of every change since 1970.
    calendar.add_missing_timezones(
        first_date=date(starts.astimezone(tz).year, 1, 1),
        last_date=date(ends.astimezone(tz).year + 2, 1, 1),
    )
    data: bytes = calendar.to_ical()
    return data


def ics_filename(title: str) -> str:
    """Return a safe ASCII file name for a meeting's .ics: 'netwerkoverleg-noord.ics'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_title.lower()).strip("-")
    slug = slug[:MAX_SLUG].rstrip("-")
    return f"{slug or FALLBACK_FILENAME}.ics"
