"""Benchmark the check that refuses a repeat rule with no meeting in five years.

dateutil searches on to the year 9999 when a rule never matches (30 February): seconds for a
daily rule, inside the coordinator's transaction. The check searches from a late year with
the same calendar instead. Prints each rule's worst time of 20 as a ratio against the 50 ms
limit of issue 13, and exits 0 whatever the figures are.

    .venv/bin/python -m benchmarks.rrule
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.meetings.when import WhenError, parse_rrule

LIMIT_MS = 50.0
RULES = (
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=WEEKLY;BYMONTH=4,6;BYMONTHDAY=31",
    "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30,31",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",
    "FREQ=WEEKLY;INTERVAL=6;BYDAY=TH",
)


def main() -> None:
    """Time parse_rrule on rules that never occur and on an ordinary one."""
    print(f"{'rule':<48} {'outcome':<12} {'worst ms':>9} {'/ 50 ms':>8}")
    for rule in RULES:
        worst, outcome = 0.0, "accepted"
        for _ in range(20):
            started = time.perf_counter()
            try:
                parse_rrule(rule)
            except WhenError as error:
                outcome = error.reason
            worst = max(worst, (time.perf_counter() - started) * 1000)
        print(f"{rule:<48} {outcome:<12} {worst:>9.1f} {worst / LIMIT_MS:>8.2f}")


if __name__ == "__main__":
    main()
