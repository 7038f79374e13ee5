"""Configuration of meetings ([meetings]): reminder lead times, defaults and keeping warm."""

from dataclasses import dataclass
from datetime import timedelta

from bot.config_parsing import Table, describe, parse_duration

MEETING_KEYS = (
    "reminders",
    "coordinator_reminder",
    "default_duration",
    "every_weeks",
    "keep_warm_after",
)
MAX_REMINDERS = 5


@dataclass(frozen=True, slots=True)
class MeetingConfig:
    """When reminders go out, what a meeting looks like by default, and when to nudge."""

    # Before the start, to everyone invited who has not declined.
    reminders: tuple[timedelta, ...] = (timedelta(days=2), timedelta(hours=2))
    # Before the start, to the coordinators: who is coming.
    coordinator_reminder: timedelta = timedelta(days=1)
    default_duration: timedelta = timedelta(hours=2)
    # The network meets at least this often; the planning dialogue offers it first.
    every_weeks: int = 6
    # Nothing sent to the network for this long: the coordinators get a nudge.
    keep_warm_after: timedelta = timedelta(weeks=4)


def read_meetings(root: Table) -> MeetingConfig:
    """Read [meetings]."""
    meetings = root.table("meetings", MEETING_KEYS)
    default = MeetingConfig()
    reminders: list[timedelta] = []
    hint = "e.g. reminders = ['2d', '2h'] (units: m, h, d, w)"
    values = meetings.array("reminders", hint)
    if "reminders" not in meetings.data:
        reminders = list(default.reminders)
    if len(values) > MAX_REMINDERS:
        raise meetings.error("reminders", f"at most {MAX_REMINDERS} lead times", hint)
    for i, value in enumerate(values):
        where = f"reminders[{i}]"
        if not isinstance(value, str):
            raise meetings.error(where, f"expected a duration, got {describe(value)}", hint)
        try:
            lead = parse_duration(value)
        except ValueError as exc:
            raise meetings.error(where, str(exc), hint) from exc
        if lead in reminders:
            raise meetings.error(f"reminders[{i}]", "listed twice", hint)
        reminders.append(lead)
    every = meetings.data.get("every_weeks", default.every_weeks)
    every_weeks = int(meetings.positive(every, meetings.key("every_weeks"), whole=True))
    return MeetingConfig(
        reminders=tuple(sorted(reminders, reverse=True)),
        coordinator_reminder=meetings.duration(
            "coordinator_reminder", default.coordinator_reminder, "1d"
        ),
        default_duration=meetings.duration("default_duration", default.default_duration, "2h"),
        every_weeks=every_weeks,
        keep_warm_after=meetings.duration("keep_warm_after", default.keep_warm_after, "4w"),
    )
