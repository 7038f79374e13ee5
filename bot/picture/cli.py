"""`sleutelnet report`: the periodic report as a PDF, from the server."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from bot.admin import AdminError
from bot.clock import Clock
from bot.config import Config
from bot.i18n import Translator
from bot.picture import report
from bot.picture.figures import Period
from storage.db import Database


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `report` to the command line."""
    command = sub.add_parser("report", help="the anonymous periodic report as a PDF")
    command.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
    command.add_argument("--to", dest="last", required=True, help="last day, YYYY-MM-DD")
    command.add_argument("--output", "-o", required=True, help="the PDF file to write (new)")
    command.add_argument(
        "--language", help="the report's language (default: the network's default language)"
    )


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"{option} {text!r}: use YYYY-MM-DD, e.g. 2026-01-01"
        raise AdminError(msg) from None


def period(args: argparse.Namespace, config: Config, clock: Clock) -> Period:
    """Return the period the options name; AdminError says what is wrong with them."""
    first, last = _day(args.first, "--from"), _day(args.last, "--to")
    tz = config.network.timezone
    try:
        return report.period_of(first, last, tz, today=clock.now().astimezone(tz).date())
    except ValueError as error:
        raise AdminError(f"--from {first} --to {last}: {error}") from None


def output(args: argparse.Namespace, config: Config) -> tuple[Path, str]:
    """Return the file to write and the language, refusing an existing file or a bad language."""
    target = Path(args.output)
    if target.exists():
        msg = f"{target} exists already; choose a new file name"
        raise AdminError(msg)
    language = args.language or config.network.default_language
    if language not in config.network.languages:
        offered = ", ".join(config.network.languages)
        msg = f"--language {language}: not offered (network.languages: {offered})"
        raise AdminError(msg)
    return target, language


async def make(db: Database, config: Config, clock: Clock, chosen: Period, language: str) -> bytes:
    """Read the figures and render the report."""
    t = Translator(config.network.default_language, config.network.languages)
    return await report.make(db, config, t, language, chosen, now=clock.now())
