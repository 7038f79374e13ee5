"""The tests' one calendar: every date a test uses is relative to START, the fake clock's start.

START is a Saturday noon (UTC) in late November, winter time in Amsterdam. Setting
SLEUTELNET_TEST_YEARS_AHEAD=N moves it N × 52 weeks ahead (still a Saturday, still winter
time), which `.ci/run` does once to prove that no test depends on a date that can pass.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

YEARS_AHEAD_ENV = "SLEUTELNET_TEST_YEARS_AHEAD"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _years_ahead() -> int:
    raw = os.environ.get(YEARS_AHEAD_ENV, "0").strip() or "0"
    try:
        return int(raw)
    except ValueError:
        msg = f"{YEARS_AHEAD_ENV} must be a whole number of years, not {raw!r}"
        raise SystemExit(msg) from None


START = datetime(2026, 11, 28, 12, 0, tzinfo=UTC) + timedelta(weeks=52 * _years_ahead())


def local(days: int, hour: int, minute: int = 0) -> datetime:
    """Return hour:minute Amsterdam time, `days` calendar days after START's date."""
    day = START.astimezone(AMSTERDAM).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


def dmy(moment: datetime) -> str:
    """Return a moment's Amsterdam date as typed and shown in Dutch: 28-11-2026."""
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y")


def iso(moment: datetime) -> str:
    """Return a moment as a coordinator types it: 2026-12-05 19:30 (Amsterdam time)."""
    return moment.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M")


def dst_gap_after(moment: datetime) -> str:
    """Return a local time that does not exist (the spring-forward hour) after `moment`."""
    year = moment.astimezone(AMSTERDAM).year + 1
    last_sunday = max(
        datetime(year, 3, day, tzinfo=AMSTERDAM)
        for day in range(25, 32)
        if datetime(year, 3, day).weekday() == 6  # noqa: DTZ001 (a weekday, no instant)
    )
    return f"{last_sunday:%Y-%m-%d} 02:30"
