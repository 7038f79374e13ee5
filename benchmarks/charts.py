"""Benchmark drawing the charts of /trends, /network and the report (bot.picture.charts).

Renders a year of trends (10,000 signals over 6 themes and 11 neighbourhoods: counts only, no
database), the coverage heatmap and the acknowledgement chart 5 times each, and prints each
chart's median time as a ratio against the one second a coordinator may wait. With --samples
it also writes one PNG of each chart with Dutch labels (trends.png, coverage.png, acks.png).
Exits 0 whatever the figures are.

    .venv/bin/python -m benchmarks.charts
    .venv/bin/python -m benchmarks.charts --samples docs/
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import Config, load_config
from bot.i18n import Translator
from bot.picture import report
from bot.picture.charts import ack_chart, coverage_heatmap, trends_chart
from bot.signals import reports
from storage.db import Database
from storage.migrate import upgrade
from storage.signal_models import Signal, SignalStatus, Urgency

LIMIT_S = 1.0  # a chart should arrive within a second of asking
REPORT_LIMIT_S = 10.0  # "the report for any period renders in seconds"
RUNS = 5
SIGNALS = 10_000
MONTHS = tuple(f"{2025 + (m > 12):04d}-{(m - 1) % 12 + 1:02d}" for m in range(2, 14))
MONTH_NAMES = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
THEMES = (
    "Veiligheid",
    "Zorg en welzijn",
    "Jeugd",
    "Wonen en leefbaarheid",
    "Armoede en schulden",
    "Radicalisering en polarisatie",
)
WIJKEN = (
    "Binnenstad",
    "Oude Haven",
    "Het Zand",
    "Molenwijk",
    "Nieuw-Zuid",
    "Bloemenbuurt",
    "De Vaart",
    "Rivierenwijk",
    "Stationskwartier",
    "Hoograven-Oost",
    "Lunetten",
)


def month_label(key: str) -> str:
    """Return 'YYYY-MM' as a Dutch label such as 'feb 2025'."""
    year, month = key.split("-")
    return f"{MONTH_NAMES[int(month) - 1]} {year}"


def year_of_signals(rng: random.Random) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Spread SIGNALS signals over the months, themes and neighbourhoods, unevenly."""
    by_theme = {theme: [0] * len(MONTHS) for theme in THEMES}
    by_wijk = {wijk: [0] * len(MONTHS) for wijk in WIJKEN}
    theme_weights = [30, 22, 18, 14, 10, 6]
    wijk_weights = [16, 12, 11, 10, 9, 8, 8, 7, 7, 6, 6]
    month_weights = [8 + (m % 5) for m in range(len(MONTHS))]
    for _ in range(SIGNALS):
        month = rng.choices(range(len(MONTHS)), month_weights)[0]
        by_theme[rng.choices(THEMES, theme_weights)[0]][month] += 1
        by_wijk[rng.choices(WIJKEN, wijk_weights)[0]][month] += 1
    return by_theme, by_wijk


def charts(rng: random.Random) -> dict[str, Callable[[], bytes]]:
    """Return the three charts, each ready to render with Dutch labels."""
    by_theme, by_wijk = year_of_signals(rng)
    coverage = [[rng.choice((0, 0, 1, 2, 3, 4, 6, 9)) for _ in THEMES] for _ in WIJKEN]
    alerts = [f"#{n}" for n in range(31, 41)]
    medians: list[float | None] = [
        None if n == 3 else round(rng.uniform(2, 45), 1) for n in range(len(alerts))
    ]
    shares = [0.0 if m is None else round(rng.uniform(0.3, 1), 2) for m in medians]
    return {
        "trends": lambda: trends_chart(
            MONTHS,
            by_theme,
            by_wijk,
            title="Signalen per maand",
            theme_title="Per thema",
            wijk_title="Per wijk",
            month_labels=[month_label(key) for key in MONTHS],
            other_label="Overig",
        ),
        "coverage": lambda: coverage_heatmap(
            WIJKEN,
            THEMES,
            coverage,
            title="Actieve leden per wijk en thema",
            nobody_label="niemand",
        ),
        "acks": lambda: ack_chart(
            alerts,
            medians,
            shares,
            title="Bevestiging van de laatste alerts",
            minutes_label="Mediaan minuten tot bevestiging",
            share_label="Deel bevestigd",
        ),
    }


async def _with_database(rng: random.Random) -> None:
    """Time /trends as the bot does it (query + chart) and a year's report, on SQLite."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        db = Database(url)
        await upgrade(db)
        now = datetime(2026, 1, 31, 12, tzinfo=UTC)
        print(f"writing {SIGNALS:,} signals over a year into SQLite ...", flush=True)
        async with db.begin() as session:
            for n in range(SIGNALS):
                filed = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
                session.add(
                    Signal(
                        status=SignalStatus.CLOSED,
                        theme=rng.choice(("radicalisation-polarisation", "undermining-crime")),
                        urgency=Urgency.NORMAL,
                        wijk=rng.choice(WIJKEN),
                        created_at=filed,
                        filed_at=filed,
                    )
                )
                if n % 2000 == 1999:
                    await session.flush()
        config = _config(url)
        tz = config.network.timezone
        t = Translator("nl")
        trends_times, report_times = [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            async with db.begin() as session:
                counts = await reports.trends(session, now=now, tz=tz, months=12)
            await asyncio.to_thread(
                trends_chart,
                counts.months,
                {str(k): v for k, v in counts.themes.items()},
                {str(k): v for k, v in counts.wijken.items()},
                title="Signalen per maand",
                theme_title="Per thema",
                wijk_title="Per wijk",
                other_label="Overig",
            )
            trends_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            period = report.period_of(now.date().replace(year=2025, day=1), now.date(), tz)
            async with db.begin() as session:
                await report.make(session, config, t, "nl", period, now=now)
            report_times.append(time.perf_counter() - started)
        await db.dispose()
    trends_s, report_s = statistics.median(trends_times), statistics.median(report_times)
    print(
        f"{'/trends':<10} {trends_s * 1000:>10.0f}  ratio {trends_s / LIMIT_S:.2f} of the 1 s "
        f"limit (query + chart, {SIGNALS:,} signals)"
    )
    print(
        f"{'report':<10} {report_s * 1000:>10.0f}  ratio {report_s / REPORT_LIMIT_S:.2f} of "
        f"the {REPORT_LIMIT_S:.0f} s limit (13 months, figures + PDF)"
    )


def _config(url: str) -> Config:
    """Return config.example.toml with these neighbourhoods, on this database."""
    example = load_config(Path(__file__).resolve().parent.parent / "config.example.toml", {})
    network = replace(example.network, neighbourhoods=WIJKEN)
    return replace(example, database=replace(example.database, url=url), network=network)


def main() -> None:
    """Time each chart RUNS times; write the samples where --samples says."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, help="write one PNG of each chart here")
    args = parser.parse_args()
    asyncio.run(_with_database(random.Random(2026)))
    drawn = charts(random.Random(2026))
    print(f"{'chart':<10} {'median ms':>10}  (of {RUNS} runs)")
    for name, render in drawn.items():
        times: list[float] = []
        for _ in range(RUNS):
            started = time.perf_counter()
            image = render()
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        print(f"{name:<10} {median * 1000:>10.0f}  ratio {median / LIMIT_S:.2f} of the 1 s limit")
        if args.samples is not None:
            args.samples.mkdir(parents=True, exist_ok=True)
            (args.samples / f"{name}.png").write_bytes(image)


if __name__ == "__main__":
    main()
