"""Reading the meeting times a coordinator types, and the occurrences of a recurring meeting.

Everything here is pure: callers pass `now`. Moments go in and come out timezone-aware in UTC;
the network's ZoneInfo only decides how typed wall-clock times are read and how moments are shown.
"""

from __future__ import annotations

import re
from calendar import isleap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, get_day_names
from dateutil.rrule import rrulestr  # type: ignore[import-untyped]

from bot.i18n import CATALOGS, words

# How a meeting's moment is shown (a CLDR pattern; Babel fills in the language's own words).
LABEL_PATTERN = "EEE d MMM HH:mm"

# A start further ahead than this is refused as "too_long" (two calendar years, leap day included).
MAX_AHEAD = timedelta(days=731)
# A meeting may last at most this long.
MAX_DURATION = timedelta(hours=24)
# An end clock time before the start's clock time means the next day only within this window.
OVERNIGHT = timedelta(hours=12)

REASONS = frozenset(
    {
        "format",
        "past",
        "nonexistent",
        "end_before_start",
        "too_long",
        "rrule",
        "rrule_long",
        "rrule_never",
    }
)
# A rule is stored in meetings.rrule (varchar 200), and must occur within this horizon: a rule
# that never does would keep dateutil busy for seconds at every expansion.
MAX_RRULE = 200
HORIZON = timedelta(days=5 * 366)

_HM = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")
_DAY_MONTH = re.compile(r"(\d{1,2})([-/])(\d{1,2})(?:\2(\d{4}))?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_HOUR_UNITS = "u|uur|uren|h|hr|hrs|hour|hours"
_MINUTE_UNITS = "m|min|mins|minuut|minuten|minute|minutes"
_HOURS = re.compile(
    rf"(\d{{1,3}})(?:[.,](\d{{1,2}}))?(?:{_HOUR_UNITS})(?:(\d{{1,2}})(?:{_MINUTE_UNITS})?)?"
)
_MINUTES = re.compile(rf"(\d{{1,4}})(?:{_MINUTE_UNITS})")
_UNTIL = re.compile(r"\d{8}(?:T\d{6}Z?)?")
_TOO_FREQUENT = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
# dateutil works on naive wall times; any one will do to see whether a rule parses.
_ANY_WALL_TIME = datetime.combine(date(2000, 1, 1), time())

# English abbreviations people type that the locale data does not list.
_EXTRA_WEEKDAYS = {"tues": 1, "thur": 3, "thurs": 3}
_DAY_OFFSETS = {"word_today": 0, "word_tomorrow": 1, "word_day_after_tomorrow": 2}


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """The words a typed time may use, in every language with a catalog."""

    weekdays: Mapping[str, int]
    relative_days: Mapping[str, int]
    at_words: frozenset[str]
    until_words: frozenset[str]


@cache
def _vocabulary() -> _Vocabulary:
    """Weekday names from Babel's locale data, day words from the catalogs; ambiguous ones out."""
    meanings: dict[str, set[int]] = {}
    for language in CATALOGS:
        for width in ("wide", "abbreviated", "short"):
            for context in ("format", "stand-alone"):
                names = get_day_names(width, context, locale=language)
                for weekday, name in names.items():
                    meanings.setdefault(name.casefold().rstrip("."), set()).add(weekday)
    for word, weekday in _EXTRA_WEEKDAYS.items():
        meanings.setdefault(word, set()).add(weekday)
    relative: dict[str, set[int]] = {}
    for key, offset in _DAY_OFFSETS.items():
        for word in words(key):
            relative.setdefault(word, set()).add(offset)
    return _Vocabulary(
        weekdays={word: days.pop() for word, days in meanings.items() if len(days) == 1},
        relative_days={word: days.pop() for word, days in relative.items() if len(days) == 1},
        at_words=frozenset(words("word_at")),
        until_words=frozenset(words("word_until")),
    )


class WhenError(ValueError):
    """Why a typed time was refused: `reason` is one of the names in REASONS."""

    def __init__(self, reason: str) -> None:
        if reason not in REASONS:
            msg = f"unknown reason {reason!r}"
            raise ValueError(msg)
        super().__init__(reason)
        self.reason = reason


def _require_aware(name: str, moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        msg = f"{name} must be timezone-aware"
        raise ValueError(msg)


def _words(text: str) -> list[str]:
    return text.casefold().split()


def _clock(word: str) -> time | None:
    match = _HM.fullmatch(word)
    return time(int(match[1]), int(match[2])) if match else None


def _to_utc(wall: datetime, tz: ZoneInfo) -> datetime | None:
    """Return a naive wall time in UTC (first occurrence if repeated); None if DST skips it."""
    local = wall.replace(tzinfo=tz, fold=0)
    if local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall.replace(fold=0):
        return None
    return local.astimezone(UTC)


def _existing(wall: datetime, tz: ZoneInfo) -> datetime:
    moment = _to_utc(wall, tz)
    if moment is None:
        raise WhenError("nonexistent")
    return moment


def _start_day(word: str, at: time, *, now_wall: datetime) -> date:
    """Return the local day a day word means, for a meeting at clock time `at`."""
    today = now_wall.date()
    ahead_today = datetime.combine(today, at) > now_wall
    word = word.rstrip(".,")
    vocabulary = _vocabulary()
    if word in vocabulary.weekdays:
        days = (vocabulary.weekdays[word] - today.weekday()) % 7
        return today + timedelta(days=7 if days == 0 and not ahead_today else days)
    if word in vocabulary.relative_days:
        return today + timedelta(days=vocabulary.relative_days[word])
    try:
        if match := _ISO.fullmatch(word):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if (match := _DAY_MONTH.fullmatch(word)) and match[4]:
            return date(int(match[4]), int(match[3]), int(match[1]))
    except ValueError:  # e.g. 31-02
        raise WhenError("format") from None
    if match := _DAY_MONTH.fullmatch(word):
        chosen: date | None = None
        for year in (today.year, today.year + 1):
            try:
                chosen = date(year, int(match[3]), int(match[1]))
            except ValueError:  # 29-02 outside a leap year, 31-04
                continue
            if datetime.combine(chosen, at) > now_wall:
                break
        if chosen is not None:
            return chosen
    raise WhenError("format")


def parse_start(text: str, *, now: datetime, tz: ZoneInfo) -> datetime:
    """Parse a meeting start; return it in UTC.

    Accepts, in any case, a clock time ("19:30" or "19.30") optionally preceded by an "at" word
    ("om", "at", "saat") and by one day word: "28-11", "28/11" (this year, or next year once
    that moment has passed), "28-11-2026", "2026-12-05", a weekday in any catalog language
    ("za", "zaterdag", "sat", "cumartesi": the next such day, today if the time is still ahead)
    or a day word from the catalogs ("vandaag", "tomorrow", "yarın", "overmorgen"). A clock time
    alone means today if still ahead, else tomorrow.

    A repeated wall time (the hour the clocks go back in October) means its first occurrence.
    Raises WhenError with reason "format", "past", "nonexistent" (skipped by the spring DST jump)
    or "too_long" (more than two years ahead).
    """
    _require_aware("now", now)
    words = _words(text)
    if len(words) >= 2 and words[-2] in _vocabulary().at_words:
        del words[-2]
    at = _clock(words[-1]) if words and len(words) <= 2 else None
    if at is None:
        raise WhenError("format")
    now_wall = now.astimezone(tz).replace(tzinfo=None)
    if len(words) == 1:
        today = now_wall.date()
        ahead_today = datetime.combine(today, at) > now_wall
        day = today if ahead_today else today + timedelta(days=1)
    else:
        day = _start_day(words[0], at, now_wall=now_wall)
    start = _existing(datetime.combine(day, at), tz)
    if start <= now:
        raise WhenError("past")
    if start - now > MAX_AHEAD:
        raise WhenError("too_long")
    return start


def _duration(compact: str) -> timedelta | None:
    """Read "2u", "2h", "90m", "1,5u", "1.5uur", "1h30" (spaces already removed)."""
    if match := _MINUTES.fullmatch(compact):
        return timedelta(minutes=int(match[1]))
    if match := _HOURS.fullmatch(compact):
        hours, fraction, minutes = match[1], match[2], match[3]
        if fraction is not None and minutes is not None:
            return None  # "1,5u30"
        if minutes is not None:
            if int(minutes) >= 60:
                return None
            return timedelta(hours=int(hours), minutes=int(minutes))
        total = round(Decimal(f"{hours}.{fraction or 0}") * 60)
        return timedelta(minutes=total)
    return None


def parse_end(text: str, *, start: datetime, tz: ZoneInfo) -> datetime:
    """Parse an end as a clock time ("21:00") or a duration ("1,5u", "90m"); return it in UTC.

    A clock time is on the start's local day, optionally preceded by "tot"/"until"; one before
    the start's clock time means the next day if that is within 12 hours of the start (start
    22:00, end "01:00"). Durations: "2u", "2h", "2 uur", "90m", "90 min", "1,5u", "1.5 uur",
    "1h30", "1u30"; a duration is elapsed time, also across a DST change.
    Raises WhenError with reason "format", "end_before_start", "nonexistent" or "too_long"
    (more than 24 hours).
    """
    _require_aware("start", start)
    words = _words(text)
    if words and words[0] in _vocabulary().until_words:
        del words[0]
    if not words:
        raise WhenError("format")
    at = _clock(words[0]) if len(words) == 1 else None
    if at is not None:
        start_wall = start.astimezone(tz).replace(tzinfo=None)
        end_wall = datetime.combine(start_wall.date(), at)
        overnight = end_wall <= start_wall and at < start_wall.time()
        if overnight:
            end_wall += timedelta(days=1)
        end = _existing(end_wall, tz)
        if end <= start or (overnight and end - start > OVERNIGHT):
            raise WhenError("end_before_start")
        return end
    duration = _duration("".join(words))
    if duration is None:
        raise WhenError("format")
    if duration <= timedelta(0):
        raise WhenError("end_before_start")
    if duration > MAX_DURATION:
        raise WhenError("too_long")
    return start.astimezone(UTC) + duration


def _rule_parts(text: str) -> list[tuple[str, str]] | None:
    """Split 'FREQ=WEEKLY;COUNT=3' into upper-case name/value pairs; None if malformed."""
    rule = text.strip().upper()
    if rule.startswith("RRULE:"):
        rule = rule.removeprefix("RRULE:").strip()
    rule = rule.rstrip(";")
    if not rule or any(c.isspace() or c == ":" for c in rule):
        return None
    parts: list[tuple[str, str]] = []
    for pair in rule.split(";"):
        name, sep, value = pair.partition("=")
        if not sep or not name or not value or "=" in value:
            return None
        parts.append((name, value))
    return parts


def _until_local(value: str, tz: ZoneInfo) -> str:
    """Rewrite an UNTIL value as a naive local time, as dateutil wants with a naive DTSTART."""
    if len(value) == 8:  # a date: the whole day counts
        return f"{value}T235959"
    if value.endswith("Z"):
        moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return moment.astimezone(tz).strftime("%Y%m%dT%H%M%S")
    return value


def _build_rule(parts: list[tuple[str, str]], *, dtstart: datetime, tz: ZoneInfo) -> Any:
    """Return dateutil's rrule over naive local wall times."""
    rule = ";".join(
        f"{name}={_until_local(value, tz) if name == 'UNTIL' else value}" for name, value in parts
    )
    return rrulestr(rule, dtstart=dtstart)


def parse_rrule(text: str, *, start: datetime | None = None) -> str:
    """Validate an RFC 5545 RRULE ('RRULE:' prefix optional); return it upper case, no prefix.

    Refuses (reason "rrule") anything dateutil cannot parse, rules with FREQ=SECONDLY, MINUTELY or
    HOURLY, rules with both COUNT and UNTIL (RFC 5545 forbids it), repeated parts and UNTIL values
    that are not a date or a date-time; (reason "rrule_long") rules longer than their column
    (MAX_RRULE); and (reason "rrule_never") rules with no occurrence within HORIZON after
    `start`.
    """
    parts = _rule_parts(text)
    if parts is None:
        raise WhenError("rrule")
    values = dict(parts)
    if (
        len(values) != len(parts)
        or values.get("FREQ") in _TOO_FREQUENT
        or ("COUNT" in values and "UNTIL" in values)
        or ("UNTIL" in values and not _UNTIL.fullmatch(values["UNTIL"]))
    ):
        raise WhenError("rrule")
    normal = ";".join(f"{name}={value}" for name, value in parts)
    if len(normal) > MAX_RRULE:
        raise WhenError("rrule_long")
    try:
        rule = _build_rule(parts, dtstart=_ANY_WALL_TIME, tz=ZoneInfo("UTC"))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        raise WhenError("rrule") from None
    del rule
    first = start.replace(tzinfo=None) if start is not None else _ANY_WALL_TIME
    if not _occurs_within_horizon(parts, first):
        raise WhenError("rrule_never")
    return normal


def _occurs_within_horizon(parts: list[tuple[str, str]], start: datetime) -> bool:
    """Tell whether the rule's pattern (COUNT and UNTIL left out) has an occurrence within
    HORIZON after `start`.

    When nothing matches, dateutil searches on to the year 9999: seconds for a daily rule. So
    the search starts instead in a year near the end of the calendar whose next years have the
    same weekdays and leap days as those after `start`: the same occurrences, found or not
    within a few decades of searching (milliseconds)."""
    pattern = [(name, value) for name, value in parts if name not in ("COUNT", "UNTIL")]
    late = _late_twin(start)
    found = _build_rule(pattern, dtstart=late, tz=ZoneInfo("UTC")).after(late, inc=True)
    return found is not None and found <= late + HORIZON


def _late_twin(start: datetime) -> datetime:
    """Return `start` moved to a year after 9900 whose calendar, and that of the years after
    it, match those of `start`'s year (same weekday on 1 January, same leap years)."""
    years = range(HORIZON.days // 365 + 2)
    shape = [(date(start.year + i, 1, 1).weekday(), isleap(start.year + i)) for i in years]
    for year in range(9999 - len(years), 9903, -1):  # the latest first: the shortest search
        if [(date(year + i, 1, 1).weekday(), isleap(year + i)) for i in years] == shape:
            return start.replace(year=year)
    return start  # a calendar no late year repeats (around a skipped century leap day)


def next_start(
    first: datetime,
    *,
    tz: ZoneInfo,
    after: datetime,
    every_weeks: int | None = None,
    rrule: str | None = None,
) -> datetime | None:
    """Return the series' first occurrence strictly after `after`, at the same local wall time.

    UTC in, UTC out; the local wall-clock time is kept across DST changes. None when the series
    has ended (COUNT/UNTIL) or has no recurrence (neither `every_weeks` nor `rrule`). `first`
    itself is the series' first occurrence. Give `every_weeks` (same local weekday and wall time,
    N*7 local days later) or `rrule` (as returned by parse_rrule, expanded by dateutil from the
    naive local start), not both.
    Occurrences whose local time is skipped by the DST jump are left out; repeated wall times
    mean their first occurrence.
    """
    _require_aware("first", first)
    _require_aware("after", after)
    if every_weeks is not None and rrule is not None:
        msg = "give every_weeks or rrule, not both"
        raise ValueError(msg)
    if every_weeks is None and rrule is None:
        return None
    first = first.astimezone(UTC)
    if first > after:
        return first
    first_wall = first.astimezone(tz).replace(tzinfo=None, fold=0)
    after_wall = after.astimezone(tz).replace(tzinfo=None, fold=0)
    if every_weeks is not None:
        if every_weeks < 1:
            msg = "every_weeks must be at least 1"
            raise ValueError(msg)
        step = timedelta(weeks=every_weeks)
        k = max(1, (after_wall - first_wall) // step)
        while True:
            candidate = _to_utc(first_wall + k * step, tz)
            if candidate is not None and candidate > after:
                return candidate
            k += 1
    assert rrule is not None
    parts = _rule_parts(rrule)
    if parts is None:
        raise WhenError("rrule")
    walls: Iterator[datetime] = _build_rule(parts, dtstart=first_wall, tz=tz).xafter(
        after_wall - timedelta(days=1), inc=True
    )
    for wall in walls:
        candidate = _to_utc(wall, tz)
        if candidate is not None and candidate > after:
            return candidate
    return None


def local_label(moment: datetime, tz: ZoneInfo, language: str) -> str:
    """Format a UTC moment for people: Dutch 'za 5 dec 19:30', English 'Sat 5 Dec 19:30'."""
    _require_aware("moment", moment)
    return format_datetime(moment, LABEL_PATTERN, tzinfo=tz, locale=language)
