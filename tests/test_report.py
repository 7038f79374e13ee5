"""Specification of the periodic report: anonymous by construction, small counts masked, any
period in seconds, read back from the PDF as a funder would read it."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from bot.clock import FakeClock
from bot.config import Config
from bot.i18n import Translator
from bot.picture import report
from bot.picture.figures import BLANK
from storage.db import Database
from tests.picture_world import NEWS, QUIET, RETRACTED, SECRET, TANTHOF, VOORHOF, seed


async def _pages(db: Database, config: Config, clock: FakeClock, language: str = "nl") -> list[str]:
    await seed(db, clock)
    tz = config.network.timezone
    today = clock.now().astimezone(tz).date()
    period = report.period_of(today - timedelta(days=180), today, tz)
    t = Translator(config.network.default_language, config.network.languages)
    pdf = await report.make(db, config, t, language, period, now=clock.now())
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 4
    return [page.extract_text() for page in reader.pages]


async def _pdf(db: Database, config: Config, clock: FakeClock, language: str = "nl") -> str:
    return "\n".join(await _pages(db, config, clock, language))


async def test_the_report_names_nobody_and_shows_no_signal_text(
    db: Database, config: Config, clock: FakeClock
) -> None:
    """No member's name, whole or in part, and no signal's contents are anywhere in the PDF;
    a news item naming someone keeps its news, without the name; retracted news is left out."""
    text = await _pdf(db, config, clock)

    for name in (*TANTHOF, *VOORHOF, QUIET, "Nog Uitgenodigd"):
        assert name not in text
        assert name.split()[0] not in text
    assert SECRET not in text
    assert "kelder" not in text
    assert NEWS.replace("Fatima Yilmaz", BLANK) in text
    assert RETRACTED not in text


async def test_small_counts_are_masked_and_larger_ones_shown(
    db: Database, config: Config, clock: FakeClock
) -> None:
    """Nine signals are shown as 9; one working group and the two active in Voorhof are shown
    as '< 5', in the figures and in the coverage chart alike; no bar shows a small number."""
    pages = await _pages(db, config, clock)
    text = "\n".join(pages)
    flat = re.sub(r"\s+", " ", text)
    summary, trends, coverage = pages[:3]

    assert "Signalen binnengekomen 9" in flat
    assert "Gestart < 5" in flat
    # One signal answered: its median answer time would be that one person's.
    assert "Mediane tijd tot het eerste antwoord niet getoond (te weinig)" in flat
    assert "Actieve sleutelpersonen 9" in flat
    assert "Actieve leden per wijk en thema" in coverage
    assert coverage.count("< 5") == 2
    assert "6" in coverage.split()
    assert "Signalen per maand" in trends
    assert "7" in trends.split()  # the month with seven signals
    assert "< 5" in trends  # the month with two: no bar, and no number
    assert "Anoniem" in summary


async def test_the_report_reads_in_arabic_and_turkish_too(
    db: Database, config: Config, clock: FakeClock
) -> None:
    """The report can be made in any offered language."""
    turkish = await _pdf(db, config, clock, "tr")

    assert Translator("nl")("tr", "report_signals") in turkish


@pytest.mark.parametrize(
    ("first", "last", "problem"),
    [
        (date(2026, 6, 30), date(2026, 1, 1), "the end is before the start"),
        (date(2020, 1, 1), date(2026, 1, 1), "at most 36 months"),
        (date(2026, 1, 1), date(2027, 1, 1), "the end is in the future"),
    ],
)
def test_a_period_that_cannot_be_reported_on_says_why(
    config: Config, first: date, last: date, problem: str
) -> None:
    """A backwards or overlong period is refused with the reason."""
    with pytest.raises(ValueError, match=problem):
        report.period_of(first, last, config.network.timezone, today=date(2026, 12, 1))


def test_the_default_period_is_this_month_and_the_five_before(config: Config) -> None:
    """/report without dates covers six calendar months up to today."""
    period = report.last_months(date(2026, 3, 14), config.network.timezone)

    assert (period.first, period.last) == (date(2025, 10, 1), date(2026, 3, 14))
    assert len(period.months()) == 6
