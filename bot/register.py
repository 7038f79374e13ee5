"""The data register for the DPIA: every personal column the product stores, from the
features' declarations, with its purpose, legal basis, retention (from the config) and how it
is erased. `sleutelnet privacy register` prints it as Markdown, or CSV with --csv."""

from __future__ import annotations

import argparse
import csv
import io
from dataclasses import dataclass
from datetime import timedelta

from bot.config import Config
from bot.config_privacy import fill_periods, notice_periods
from bot.feature import Features

COLUMNS = ("table", "column", "what it is", "purpose", "legal basis", "retention", "erasure")


@dataclass(frozen=True, slots=True)
class Entry:
    """One personal column in the register."""

    table: str
    column: str
    what: str
    purpose: str
    basis: str
    retention: str
    erasure: str

    def cells(self) -> tuple[str, ...]:
        """Return the entry in the order of COLUMNS."""
        return (self.table, self.column, self.what, self.purpose, self.basis, self.retention,
                self.erasure)  # fmt: skip


def periods(config: Config) -> dict[str, timedelta]:
    """Return every configured period a register entry may name."""
    found = notice_periods(config.privacy, config.signals.retention, config.signals.max_open)
    found["guest_retention"] = config.workgroups.guest_retention
    return found


def entries(features: Features, config: Config) -> list[Entry]:
    """Return the register: one entry per personal column, periods filled in from the config."""
    known = periods(config)

    def fill(text: str, where: str) -> str:
        return fill_periods({"en": text}, known, None, where)["en"]

    found: list[Entry] = []
    for feature in features.all:
        for data in feature.personal_data:
            where = f"{feature.name}: {data.table}"
            retention, erasure = fill(data.retention, where), fill(data.erasure, where)
            for column, what in data.fields.items():
                found.append(
                    Entry(data.table, column, what, data.purpose, data.basis, retention, erasure)
                )
    return found


def as_markdown(register: list[Entry]) -> str:
    """Return the register as a Markdown table."""
    rows = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for entry in register:
        cells = (cell.replace("|", "\\|") for cell in entry.cells())
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def as_csv(register: list[Entry]) -> str:
    """Return the register as CSV with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(entry.cells() for entry in register)
    return out.getvalue()


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `privacy register [--csv]` to the command line."""
    privacy = sub.add_parser("privacy", help="privacy").add_subparsers(
        dest="privacy_command", required=True
    )
    register = privacy.add_parser("register", help="every personal field, for the DPIA")
    register.add_argument("--csv", action="store_true", help="CSV instead of Markdown")


def render(features: Features, config: Config, *, as_csv_file: bool) -> str:
    """Return the register for `privacy register`."""
    register = entries(features, config)
    return as_csv(register) if as_csv_file else as_markdown(register)
