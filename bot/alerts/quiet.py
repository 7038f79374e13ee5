"""Quiet hours: a person's night, during which only urgent messages ring."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

_RANGE = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)\s*-\s*([01]?\d|2[0-3])[:.]([0-5]\d)$")


def parse_quiet_hours(text: str) -> str | None:
    """Normalise '23:00-07:00' (or '23.00 - 7.00'); return None if it is not a time range."""
    match = _RANGE.match(text.strip())
    if match is None:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if (h1, m1) == (h2, m2):
        return None
    return f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"


def in_quiet_hours(quiet_hours: str | None, moment: datetime, tz: ZoneInfo) -> bool:
    """Tell whether `moment` falls in the window, read in the network's time zone."""
    if not quiet_hours:
        return False
    start_text, _, end_text = quiet_hours.partition("-")
    start, end = time.fromisoformat(start_text), time.fromisoformat(end_text)
    now = moment.astimezone(tz).time()
    if start < end:
        return start <= now < end
    return now >= start or now < end  # the window crosses midnight


def rings(
    *, urgent: bool, silent: bool, quiet_hours: str | None, moment: datetime, tz: ZoneInfo
) -> bool:
    """Decide whether a message makes a sound: urgent always, silent never, else not at night."""
    if urgent:
        return True
    if silent:
        return False
    return not in_quiet_hours(quiet_hours, moment, tz)
