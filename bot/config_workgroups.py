"""Configuration of working groups ([workgroups]): length, the end reminder, guests' data."""

from dataclasses import dataclass
from datetime import timedelta

from bot.config_parsing import Table

WORKGROUP_KEYS = (
    "default_duration",
    "remind_before",
    "extend_by",
    "guest_retention",
    "confirm_guests",
)


@dataclass(frozen=True, slots=True)
class WorkgroupConfig:
    """How long a working group runs, when the coordinator is asked about its end, and how
    long a guest's data outlives it."""

    default_duration: timedelta = timedelta(weeks=6)
    remind_before: timedelta = timedelta(days=3)
    extend_by: timedelta = timedelta(weeks=2)
    guest_retention: timedelta = timedelta(days=30)
    # A guest's group link waits until the coordinator confirms the account that agreed.
    confirm_guests: bool = True


def read_workgroups(root: Table) -> WorkgroupConfig:
    """Read [workgroups]."""
    table = root.table("workgroups", WORKGROUP_KEYS)
    default = WorkgroupConfig()
    return WorkgroupConfig(
        default_duration=table.duration("default_duration", default.default_duration, "6w"),
        remind_before=table.duration("remind_before", default.remind_before, "3d"),
        extend_by=table.duration("extend_by", default.extend_by, "2w"),
        guest_retention=table.duration("guest_retention", default.guest_retention, "30d"),
        confirm_guests=_flag(table, "confirm_guests", default.confirm_guests),
    )


def _flag(table: Table, key: str, default: bool) -> bool:
    value = table.data.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise table.error(key, f"expected true or false, got {value!r}", "true or false, no quotes")
    return value
