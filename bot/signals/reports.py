"""Looking at signals as a whole: lists with filters, monthly trends, and the partner export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.signals.crypto import Sealer, UnreadableError
from bot.signals.service import FILED_STATES, OPEN_STATES, entries, opened
from bot.spreadsheet import cell
from storage.models import Person
from storage.signal_models import EntryKind, EntryRole, Signal, SignalStatus

LIST_LIMIT = 30
OPEN, MINE, CLOSED, ALL = "open", "mine", "closed", "all"
STATES = frozenset({OPEN, MINE, CLOSED, ALL})
NAME_WIDTH = 14


@dataclass(frozen=True, slots=True)
class ListFilter:
    """Which signals /signals shows."""

    state: str = OPEN
    theme: str | None = None
    wijk: str | None = None


async def listing(
    session: AsyncSession,
    wanted: ListFilter,
    me: Person,
    limit: int | None = LIST_LIMIT,
    offset: int = 0,
) -> tuple[Sequence[Signal], int]:
    """Return matching filed signals, newest first (`limit` of them from `offset`), and how
    many match in all."""
    stmt = _listed(wanted, me)
    total = int(await session.scalar(stmt.with_only_columns(func.count(Signal.id))) or 0)
    rows = await session.execute(stmt.order_by(Signal.id.desc()).offset(offset).limit(limit))
    return list(rows.scalars()), total


def _listed(wanted: ListFilter, me: Person) -> Select[Signal]:
    stmt = select(Signal).where(Signal.status.in_(FILED_STATES))
    if wanted.state == OPEN:
        stmt = stmt.where(Signal.status.in_(OPEN_STATES))
    elif wanted.state == MINE:
        stmt = stmt.where(Signal.status.in_(OPEN_STATES), Signal.assignee_id == me.id)
    elif wanted.state == CLOSED:
        stmt = stmt.where(Signal.status == SignalStatus.CLOSED)
    if wanted.theme is not None:
        stmt = stmt.where(Signal.theme == wanted.theme)
    if wanted.wijk is not None:
        stmt = stmt.where(Signal.wijk == wanted.wijk)
    return stmt


@dataclass(frozen=True, slots=True)
class Trends:
    """Filed signals counted per month, per theme and per neighbourhood."""

    months: tuple[str, ...]
    themes: dict[str | None, list[int]]
    wijken: dict[str | None, list[int]]
    total: list[int]


def month_keys(now: datetime, tz: ZoneInfo, count: int) -> tuple[str, ...]:
    """Return the last `count` months as 'YYYY-MM', oldest first, ending with this month."""
    local = now.astimezone(tz)
    year, month = local.year, local.month
    keys: list[str] = []
    for _ in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return tuple(reversed(keys))


async def trends(session: AsyncSession, *, now: datetime, tz: ZoneInfo, months: int) -> Trends:
    """Count filed signals (wiped ones included: their counts stay) per month; only the
    months asked for are read (by the index on filed_at), however long the history."""
    keys = month_keys(now, tz, months)
    index = {key: i for i, key in enumerate(keys)}
    year, month = (int(part) for part in keys[0].split("-"))
    since = datetime(year, month, 1, tzinfo=tz).astimezone(UTC)
    stmt = select(Signal.theme, Signal.wijk, Signal.filed_at).where(
        Signal.filed_at >= since, Signal.status.in_(FILED_STATES)
    )
    themes: dict[str | None, list[int]] = {}
    wijken: dict[str | None, list[int]] = {}
    total = [0] * len(keys)
    for theme, wijk, filed_at in (await session.execute(stmt)).all():
        assert filed_at is not None
        local = filed_at.astimezone(tz)
        column = index.get(f"{local.year:04d}-{local.month:02d}")
        if column is None:
            continue
        themes.setdefault(theme, [0] * len(keys))[column] += 1
        wijken.setdefault(wijk, [0] * len(keys))[column] += 1
        total[column] += 1
    return Trends(keys, themes, wijken, total)


def table(
    trends: Trends,
    *,
    theme_label: Callable[[str | None], str],
    wijk_label: Callable[[str | None], str],
    headings: tuple[str, str, str],
) -> list[str]:
    """Render the counts as the lines of a fixed-width text table (for <pre> blocks)."""
    months = [key[5:] for key in trends.months]
    width = max(3, *(len(str(n)) for n in trends.total))

    def row(label: str, counts: Sequence[int]) -> str:
        name = label if len(label) <= NAME_WIDTH else label[: NAME_WIDTH - 1] + "…"
        cells = " ".join(f"{n:>{width}}" for n in counts)
        return f"{name:<{NAME_WIDTH}} {cells} {sum(counts):>{width}}"

    theme_heading, wijk_heading, total_heading = headings
    head = f"{'':<{NAME_WIDTH}} " + " ".join(f"{m:>{width}}" for m in months) + f" {'Σ':>{width}}"
    lines = [head, theme_heading]
    lines += [row(theme_label(key), counts) for key, counts in _by_total(trends.themes)]
    lines.append(wijk_heading)
    lines += [row(wijk_label(key), counts) for key, counts in _by_total(trends.wijken)]
    lines.append(row(total_heading, trends.total))
    return lines


def _by_total(counts: dict[str | None, list[int]]) -> list[tuple[str | None, list[int]]]:
    return sorted(counts.items(), key=lambda item: (-sum(item[1]), item[0] or "\uffff"))


EXPORT_FIELDS = ("number", "filed", "theme", "urgency", "wijk", "status", "reporter", "text")


async def export_csv(
    session: AsyncSession, sealer: Sealer, *, tz: ZoneInfo, since: datetime | None = None
) -> str:
    """Write filed signals as CSV for partners: no reporter where they asked not to be named."""
    stmt = select(Signal).where(Signal.status.in_(FILED_STATES), Signal.wiped_at.is_(None))
    if since is not None:
        stmt = stmt.where(or_(Signal.filed_at >= since, Signal.closed_at >= since))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_FIELDS)
    for signal in (await session.execute(stmt.order_by(Signal.id))).scalars():
        reporter = None
        if not signal.anonymous and signal.reporter_id is not None:
            person = await session.get(Person, signal.reporter_id)
            reporter = person.display_name if person else None
        texts: list[str] = []
        for entry in await entries(session, signal.id):
            if entry.role is not EntryRole.REPORT:
                continue
            try:
                text = opened(entry, sealer).text
            except UnreadableError:
                text = "[unreadable]"
            if entry.kind is not EntryKind.TEXT:
                text = f"[{entry.kind.value}] {text or ''}".strip()
            if text:
                texts.append(text)
        filed = (
            signal.filed_at.astimezone(tz).isoformat(timespec="minutes") if signal.filed_at else ""
        )
        writer.writerow(
            cell(value)
            for value in (
                signal.id,
                filed,
                signal.theme or "",
                signal.urgency.value,
                signal.wijk or "",
                signal.status.value,
                reporter or "",
                "\n".join(texts),
            )
        )
    return out.getvalue()
