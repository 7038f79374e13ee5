"""Configuration of the periodic report ([report]): how small a count it never shows."""

from dataclasses import dataclass

from bot.config_parsing import ConfigError, Table

REPORT_KEYS = ("min_count",)


@dataclass(frozen=True, slots=True)
class ReportConfig:
    """A count from 1 to min_count - 1 is shown as '< min_count', so nobody is singled out."""

    min_count: int = 5


def read_report(root: Table) -> ReportConfig:
    """Read [report]."""
    report = root.table("report", REPORT_KEYS)
    value = report.data.get("min_count", ReportConfig().min_count)
    where = report.key("min_count")
    min_count = int(report.positive(value, where, whole=True))
    if min_count < 2:
        msg = f"must be at least 2, got {min_count}"
        raise ConfigError(report.path, where, msg, "the default 5 hides counts of 1 to 4")
    return ReportConfig(min_count)
