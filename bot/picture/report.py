"""The periodic report as a PDF for management and the funder: figures, charts and news.

Everything shown is a count from bot.picture.figures, masked below `min_count`, or news text
with members' names blanked out: nobody can be singled out from it.
"""

from __future__ import annotations

import html
import io
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import matplotlib
from babel.dates import format_date, format_timedelta
from babel.numbers import format_decimal
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from bot.config import Config
from bot.i18n import Translator, month_label, right_to_left
from bot.picture import charts, drawing
from bot.picture.figures import MAX_MONTHS, Figures, Period
from bot.picture.figures import figures as gather
from storage.db import Database
from storage.models import PersonStatus, Role

matplotlib.use("Agg")

A4 = (8.27, 11.69)  # inches, portrait
TOP, LINE, SECTION = 0.88, 0.026, 0.018
NEWS_WIDTH = 85  # characters per line of news
NEWS_LINES = 34  # lines of news per page
DEFAULT_MONTHS = 6  # /report without dates: this month and the five before


@dataclass(frozen=True, slots=True)
class Words:
    """What the report says, in one language (a translator and the language)."""

    t: Translator
    language: str
    themes: dict[str, str]  # theme key -> label in this language

    def __call__(self, key: str, **values: object) -> str:
        """Return a catalog text as plain text (the PDF is not Telegram HTML)."""
        template = self.t.template(self.language, key, values.get("count"))
        return html.unescape(template.format(**values))


def shown(count: int, min_count: int, language: str) -> str:
    """Return a count as the report shows it: below min_count (but not zero) as '< min_count'."""
    if 0 < count < min_count:
        return f"< {min_count}"
    return format_decimal(count, locale=language)


def _duration(value: timedelta | None, based_on: int, min_count: int, words: Words) -> str:
    """Return a median, or 'not shown' where it rests on fewer than min_count values."""
    if value is None or based_on < min_count:
        return words("report_not_shown")
    return format_timedelta(value, locale=words.language)


def render(
    figures: Figures,
    words: Words,
    *,
    network: str,
    made: datetime,
    min_count: int,
) -> bytes:
    """Render the report as a multi-page PDF."""
    buffer = io.BytesIO()
    title = words("report_subtitle", **_days(figures, words))
    with (
        matplotlib.rc_context(
            {"pdf.fonttype": 42, "font.family": "DejaVu Sans", "text.parse_math": False}
        ),
        PdfPages(buffer, metadata={"Title": title}) as pdf,
    ):
        for page in _pages(figures, words, network=network, made=made, min_count=min_count):
            figure = Figure(figsize=A4, layout="constrained")
            page(figure)
            pdf.savefig(figure)
    return buffer.getvalue()


def _days(figures: Figures, words: Words) -> dict[str, str]:
    period = figures.period
    return {
        "first": format_date(period.first, "long", locale=words.language),
        "last": format_date(period.last, "long", locale=words.language),
    }


Page = Callable[[Figure], None]


def _pages(
    figures: Figures, words: Words, *, network: str, made: datetime, min_count: int
) -> list[Page]:
    lang = words.language
    rtl = right_to_left(lang)

    def count(value: int) -> str:
        return shown(value, min_count, lang)

    members = figures.members
    status = {s: sum(n for (_, st), n in members.items() if st is s) for s in PersonStatus}
    signals, alerts = figures.signals, figures.alerts
    meetings, groups = figures.meetings, figures.workgroups
    sections: list[tuple[str, list[tuple[str, str]]]] = [
        (
            words("report_members"),
            [
                (words("report_active"), count(status[PersonStatus.ACTIVE])),
                (words("report_invited"), count(status[PersonStatus.INVITED])),
                (
                    words("report_key_persons"),
                    count(members.get((Role.KEY_PERSON, PersonStatus.ACTIVE), 0)),
                ),
                (
                    words("report_contacts"),
                    count(members.get((Role.BACKGROUND_CONTACT, PersonStatus.ACTIVE), 0)),
                ),
                (words("report_joined"), count(figures.joined)),
                (words("report_left"), count(figures.left)),
            ],
        ),
        (
            words("report_signals"),
            [
                (words("report_filed"), count(signals.filed)),
                (words("report_answered"), count(signals.answered)),
                (
                    words("report_median_answer"),
                    _duration(signals.median_first_answer, signals.answered, min_count, words),
                ),
            ],
        ),
        (
            words("report_alerts"),
            [
                (words("report_alerts_sent"), count(alerts.alerts)),
                (words("report_news_sent"), count(alerts.news)),
                (words("report_copies"), count(alerts.copies)),
                (words("report_delivered"), count(alerts.reached)),
                (words("report_acknowledged"), count(alerts.acknowledged)),
                (words("report_passed_on"), count(alerts.passed_on)),
                (words("report_questions"), count(alerts.questions)),
                (
                    words("report_median_ack"),
                    _duration(alerts.median_ack, alerts.timed, min_count, words),
                ),
            ],
        ),
        (
            words("report_meetings"),
            [
                (words("report_held"), count(meetings.held)),
                (words("report_meeting_invited"), count(meetings.invited)),
                (words("report_said_yes"), count(meetings.said_yes)),
                (words("report_came"), count(meetings.attended)),
            ],
        ),
        (
            words("report_workgroups"),
            [
                (words("report_started"), count(groups.started)),
                (words("report_closed"), count(groups.closed)),
                (words("report_seats"), count(groups.invited)),
                (words("report_seats_joined"), count(groups.joined)),
            ],
        ),
    ]
    heading = [
        words("report_title", network=network),
        words("report_subtitle", **_days(figures, words)),
        words("report_anonymous", date=format_date(made, "long", locale=lang), min_count=min_count),
    ]

    def summary(figure: Figure) -> None:
        _text_page(figure, heading, sections, rtl)

    pages: list[Page] = [summary]
    if figures.months:
        pages.append(lambda figure: _trends_page(figure, figures, words, min_count, rtl))
    if figures.coverage.wijken and figures.coverage.themes:
        pages.append(lambda figure: _coverage_page(figure, figures, words, min_count, rtl))
    pages += _news_pages(figures, words, rtl)
    return pages


def _text_page(
    figure: Figure,
    heading: Sequence[str],
    sections: Sequence[tuple[str, Sequence[tuple[str, str]]]],
    rtl: bool,
) -> None:
    """Draw the title, the anonymity note and the figures as label–value rows."""
    left, right = (0.92, 0.08) if rtl else (0.08, 0.92)
    label_align, value_align = ("right", "left") if rtl else ("left", "right")
    title, subtitle, note = heading
    figure.text(left, 0.95, charts.display(title, rtl), fontsize=20, weight="bold", ha=label_align)
    figure.text(left, 0.92, charts.display(subtitle, rtl), fontsize=14, ha=label_align)
    wrapped = textwrap.fill(note, 95)
    figure.text(left, TOP + 0.01, charts.display(wrapped, rtl), fontsize=9, ha=label_align)
    y = TOP - 0.05
    for name, rows in sections:
        figure.text(left, y, charts.display(name, rtl), fontsize=13, weight="bold", ha=label_align)
        y -= LINE
        for label, value in rows:
            figure.text(left, y, charts.display(label, rtl), fontsize=11, ha=label_align)
            figure.text(right, y, value, fontsize=11, ha=value_align)
            y -= LINE
        y -= SECTION


def _label(key: str | None, labels: dict[str, str], none: str) -> str:
    return labels.get(key, key) if key else none


def _trends_page(figure: Figure, figures: Figures, words: Words, min_count: int, rtl: bool) -> None:
    """Draw signals per month by theme and by neighbourhood, small segments folded away."""
    labels = words.themes
    by_theme = {
        _label(key, labels, words("signal_no_theme")): values
        for key, values in figures.by_theme.items()
    }
    by_wijk = {
        _label(key, {}, words("signal_no_wijk")): values for key, values in figures.by_wijk.items()
    }
    charts.draw_trends(
        figure,
        list(figures.months),
        by_theme,
        by_wijk,
        title=words("chart_trends"),
        theme_title=words("chart_by_theme"),
        wijk_title=words("chart_by_wijk"),
        month_labels=[month_label(key, words.language) for key in figures.months],
        other_label=words("chart_other"),
        min_count=min_count,
        rtl=rtl,
    )


def _coverage_page(
    figure: Figure, figures: Figures, words: Words, min_count: int, rtl: bool
) -> None:
    """Draw who is active per neighbourhood and theme, small counts masked."""
    coverage = figures.coverage
    charts.draw_coverage(
        figure,
        list(coverage.wijken),
        [words.themes.get(key, key) for key in coverage.themes],
        [list(row) for row in coverage.counts],
        title=f"{words('chart_coverage')}\n{words('report_coverage_note')}",
        nobody_label=words("chart_nobody"),
        min_count=min_count,
        rtl=rtl,
    )


def _news_pages(figures: Figures, words: Words, rtl: bool) -> list[Page]:
    """Return the pages of network news, as many as its lines need."""
    lines: list[str] = []
    for item in figures.news:
        day = format_date(item.sent_at, "long", locale=words.language)
        lines.append(f"{day}:")
        for paragraph in item.text.splitlines() or [""]:
            lines += textwrap.wrap(paragraph, NEWS_WIDTH) or [""]
        lines.append("")
    if not lines:
        lines = [words("report_no_news")]
    chunks = [lines[i : i + NEWS_LINES] for i in range(0, len(lines), NEWS_LINES)]
    title = words("report_news")

    def page(chunk: list[str]) -> Page:
        def draw(figure: Figure) -> None:
            x, align = (0.92, "right") if rtl else (0.08, "left")
            figure.text(x, 0.95, charts.display(title, rtl), fontsize=16, weight="bold", ha=align)
            for i, line in enumerate(chunk):
                y = 0.91 - i * LINE
                figure.text(x, y, charts.display(line, rtl), fontsize=10, ha=align)

        return draw

    return [page(chunk) for chunk in chunks]


async def make(
    db: Database,
    config: Config,
    t: Translator,
    language: str,
    period: Period,
    *,
    now: datetime,
) -> bytes:
    """Read the period's figures (without holding the writer), then draw the report in the
    drawing process; DrawingFailed if that crashes or takes too long."""
    network = config.network
    async with db.read() as session:
        found = await gather(
            session,
            period,
            wijken=network.neighbourhoods,
            themes=tuple(theme.key for theme in network.themes),
            language=language,
        )
    words = Words(t, language, {theme.key: theme.label(language) for theme in network.themes})
    return await drawing.draw(
        render,
        found,
        words,
        network=network.name,
        made=now.astimezone(network.timezone),
        min_count=config.report.min_count,
    )


def period_of(first: date, last: date, tz: ZoneInfo, *, today: date | None = None) -> Period:
    """Return the period from first to last; ValueError says why it cannot be reported on."""
    if last < first:
        msg = "the end is before the start"
        raise ValueError(msg)
    if today is not None and last > today:
        msg = "the end is in the future"
        raise ValueError(msg)
    period = Period(first, last, tz)
    if len(period.months()) > MAX_MONTHS:
        msg = f"at most {MAX_MONTHS} months"
        raise ValueError(msg)
    return period


def last_months(today: date, tz: ZoneInfo, months: int = DEFAULT_MONTHS) -> Period:
    """Return the period from the first day of the month `months - 1` ago through today."""
    year, month = today.year, today.month - (months - 1)
    while month < 1:
        year, month = year - 1, month + 12
    return Period(date(year, month, 1), today, tz)
