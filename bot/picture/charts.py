"""Charts of trends, coverage and acknowledgement times, drawn large enough to read on a phone.

Every text drawn is passed in already translated; this module translates nothing. Each chart
comes twice: ``draw_*`` draws into a figure (or subfigure) the caller owns, as the report does
for its PDF pages, and ``*_chart``/``coverage_heatmap`` return the image as bytes (PNG unless
``fmt`` says otherwise). Colours are the Okabe–Ito palette (safe for colour-blind readers),
with the grey of the same family for "other"; counts use the sequential cividis colormap.

With ``min_count`` (the anonymous report) no count from 1 to ``min_count - 1`` can be read:
the heatmap writes "< min_count" in a neutral cell, and the trends chart folds such bar
segments into "other" (see `fold`).
"""

from __future__ import annotations

import functools
import io
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import matplotlib
from arabic_reshaper import reshape  # type: ignore[import-untyped]
from bidi.algorithm import get_display  # type: ignore[import-untyped]
from matplotlib import ft2font
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure, FigureBase, SubFigure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.textpath import text_to_path
from matplotlib.ticker import MaxNLocator, MultipleLocator, PercentFormatter
from matplotlib.typing import RcKeyType

matplotlib.use("Agg")

Format = Literal["png", "pdf", "svg"]

PALETTE: Final = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
)
OTHER_COLOUR: Final = "#999999"  # the grey that goes with the Okabe–Ito palette
TEXT_COLOUR: Final = "#222222"
GRID_COLOUR: Final = "#DDDDDD"
NOBODY_FACE: Final = "#FFFFFF"
NOBODY_HATCH: Final = "#B0B0B0"
MASKED_FACE: Final = "#E4E4E4"
COLORMAP: Final = "cividis"

MAX_SERIES: Final = 7  # bar series drawn; the rest are added up as "other"
FONT: Final = "DejaVu Sans"  # bundled with matplotlib; has Latin, Turkish and Arabic glyphs
BASE_PT: Final = 14.0
PANEL_PT: Final = 16.0
TITLE_PT: Final = 19.0
WIDTH_IN: Final = 8.0
HEIGHT_IN: Final = 6.0
TRENDS_HEIGHT_IN: Final = 11.0  # two panels, each with its legend: a phone's portrait screen
DPI: Final = 150
AXIS_IN: Final = 1.1  # room the value axis of a bar chart takes from its figure's width
LEGEND_WRAP: Final = 22
COLUMN_WRAP: Final = 16
BAR_WIDTH: Final = 0.72
ACK_STEPS: Final = 5  # gridlines of the acknowledgement chart: every 20 %
NICE_STEPS: Final = (1, 2, 5, 10, 15, 20, 30, 60, 120, 240, 480, 720, 1440)
ROW_IN: Final = 0.42  # heatmap row height: 14 pt text with air around it

# matplotlib >= 3.11 lays text out with libraqm, which joins Arabic letters and orders
# right-to-left runs itself; shaping the text beforehand would reverse it a second time.
MATPLOTLIB_SHAPES_TEXT: Final = hasattr(ft2font, "__libraqm_version__")

_RC: Final[dict[RcKeyType, Any]] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": BASE_PT,
    "text.color": TEXT_COLOUR,
    "axes.edgecolor": "#888888",
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
    "hatch.linewidth": 1.5,
    "legend.frameon": False,
    "text.parse_math": False,  # a label with two "$" in it is a label, not a formula
}


def display(text: str, rtl: bool) -> str:
    """Return text as it must be handed to matplotlib to show correctly in its direction."""
    if not rtl or MATPLOTLIB_SHAPES_TEXT:
        return text
    return shaped(text)


def shaped(text: str) -> str:
    """Join Arabic letters and put each line in visual order, for text engines without bidi."""
    return "\n".join(get_display(reshape(line)) for line in text.split("\n"))


def cell_text(count: int, min_count: int | None, nobody: str) -> str:
    """Return what a heatmap cell says: the count, `nobody` for 0, or "< n" for a small one."""
    if count == 0:
        return nobody
    if min_count is not None and count < min_count:
        return f"< {min_count}"
    return str(count)


@dataclass(frozen=True, slots=True)
class Stack:
    """The bar series of a stacked chart, largest first, and what is added up as "other"."""

    series: tuple[tuple[str, tuple[int, ...]], ...]
    other: tuple[int, ...]
    # Months whose whole total is below min_count: no bar, only "< min_count" over the slot.
    hidden: tuple[int, ...] = ()


def fold(
    series: Mapping[str, Sequence[int]], *, keep: int = MAX_SERIES, min_count: int | None = None
) -> Stack:
    """Keep the `keep` largest series and add the rest up as "other", month by month.

    With `min_count`, every count from 1 to min_count - 1 moves to "other" too; and while a
    month's "other" is itself below min_count (so that the one series missing from the bar
    would give its count away), that month's smallest remaining count joins it. Series left
    with nothing to show are dropped.
    """
    lengths = {len(counts) for counts in series.values()}
    if len(lengths) > 1:
        raise ValueError(f"series of different lengths: {sorted(lengths)}")
    months = lengths.pop() if lengths else 0
    ranked = sorted(series.items(), key=lambda item: (-sum(item[1]), item[0]))
    kept = [(label, list(counts)) for label, counts in ranked[:keep]]
    other = [sum(counts[month] for _, counts in ranked[keep:]) for month in range(months)]
    hidden: list[int] = []
    if min_count is not None:
        for month in range(months):
            for _, counts in kept:
                if 0 < counts[month] < min_count:
                    other[month] += counts[month]
                    counts[month] = 0
            while 0 < other[month] < min_count:
                shown = [counts for _, counts in kept if counts[month] > 0]
                if not shown:  # the month's total itself is small: show no bar at all
                    hidden.append(month)
                    other[month] = 0
                    break
                smallest = min(shown, key=lambda counts: counts[month])
                other[month] += smallest[month]
                smallest[month] = 0
    return Stack(
        tuple((label, tuple(counts)) for label, counts in kept if any(counts)),
        tuple(other),
        tuple(hidden),
    )


def trends_chart(
    months: Sequence[str],
    by_theme: Mapping[str, Sequence[int]],
    by_wijk: Mapping[str, Sequence[int]],
    *,
    title: str,
    theme_title: str,
    wijk_title: str,
    month_labels: Sequence[str] | None = None,
    other_label: str,
    min_count: int | None = None,
    rtl: bool = False,
    fmt: Format = "png",
) -> bytes:
    """Render signals per theme and per neighbourhood per month as two stacked-bar panels."""
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(WIDTH_IN, TRENDS_HEIGHT_IN), dpi=DPI, layout="constrained")
        draw_trends(
            fig,
            months,
            by_theme,
            by_wijk,
            title=title,
            theme_title=theme_title,
            wijk_title=wijk_title,
            month_labels=month_labels,
            other_label=other_label,
            min_count=min_count,
            rtl=rtl,
        )
        return _saved(fig, fmt)


def draw_trends(
    fig: FigureBase,
    months: Sequence[str],
    by_theme: Mapping[str, Sequence[int]],
    by_wijk: Mapping[str, Sequence[int]],
    *,
    title: str,
    theme_title: str,
    wijk_title: str,
    month_labels: Sequence[str] | None = None,
    other_label: str,
    min_count: int | None = None,
    rtl: bool = False,
) -> None:
    """Draw the trends chart into `fig`; with min_count, small segments go to "other" (`fold`).

    `by_theme` and `by_wijk` map series labels to counts per month, in the order of `months`
    ('YYYY-MM'); `month_labels` (default: `months`) are shown under the bars.
    """
    labels = list(months if month_labels is None else month_labels)
    if len(labels) != len(months):
        raise ValueError("one month label per month")
    if any(len(counts) != len(months) for counts in [*by_theme.values(), *by_wijk.values()]):
        raise ValueError("one count per month in every series")
    with matplotlib.rc_context(_RC):
        fig.suptitle(display(title, rtl), fontsize=TITLE_PT, fontweight="bold", **_title_place(rtl))
        grid = fig.add_gridspec(2, 1)
        for row, series, heading in ((0, by_theme, theme_title), (1, by_wijk, wijk_title)):
            panel = fig.add_subfigure(grid[row])
            stack = fold(series, min_count=min_count)
            _stacked_panel(panel, stack, heading, labels, other_label, rtl, min_count)


def _stacked_panel(
    panel: FigureBase,
    stack: Stack,
    heading: str,
    month_labels: Sequence[str],
    other_label: str,
    rtl: bool,
    min_count: int | None = None,
) -> None:
    ax = panel.subplots()
    slots = range(len(month_labels))
    base = [0] * len(slots)
    layers = [*stack.series, (other_label, stack.other)] if any(stack.other) else stack.series
    legend: list[Artist] = []
    for index, (label, counts) in enumerate(layers):
        colour = OTHER_COLOUR if index == len(stack.series) else PALETTE[index]
        # One collection per series: a patch per bar would cost a limit update per bar.
        bars = [
            _box(slot - BAR_WIDTH / 2, below, slot + BAR_WIDTH / 2, below + count)
            for slot, below, count in zip(slots, base, counts, strict=True)
            if count
        ]
        ax.add_collection(
            PolyCollection(bars, facecolors=colour, edgecolors="white", linewidths=0.8, zorder=2),
            autolim=False,
        )
        legend.append(Patch(facecolor=colour, label=display(_wrapped(label, LEGEND_WRAP), rtl)))
        base = [b + c for b, c in zip(base, counts, strict=True)]
    top = max(max(base, default=0) * 1.15, 5)
    for slot, total in zip(slots, base, strict=True):
        if total or slot in stack.hidden:
            ax.text(
                slot,
                total + top * 0.01,
                str(total) if total else f"< {min_count}",
                ha="center",
                va="bottom",
                fontsize=BASE_PT - 1,
                color="#555555",
            )
    ax.set_ylim(0, top)
    ax.set_xlim(-0.6, len(slots) - 0.4)
    stacked = [_two_lines(label) for label in month_labels]
    slot_in = (_width_in(panel) - AXIS_IN) / max(len(slots), 1)
    slanted = max((_text_in(label) for label in stacked), default=0.0) > slot_in * 0.9
    shown = list(month_labels) if slanted else stacked
    ax.set_xticks(slots, [display(label, rtl) for label in shown])
    if slanted:  # even on two lines the months would touch: slant them instead
        _slant(ax.get_xticklabels(), rtl)
    ax.set_title(display(heading, rtl), fontsize=PANEL_PT, **_title_place(rtl, axes=True))
    _plain_axes(ax, rtl)
    if legend:
        _legend(panel, legend, [str(handle.get_label()) for handle in legend], rtl)


def coverage_heatmap(
    wijken: Sequence[str],
    themes: Sequence[str],
    counts: Sequence[Sequence[int]],
    *,
    title: str,
    nobody_label: str,
    min_count: int | None = None,
    rtl: bool = False,
    fmt: Format = "png",
) -> bytes:
    """Render how many members cover each neighbourhood (row) and theme (column)."""
    with matplotlib.rc_context(_RC):
        fig = Figure(
            figsize=(WIDTH_IN, coverage_height(len(wijken), themes)), dpi=DPI, layout="constrained"
        )
        draw_coverage(
            fig,
            wijken,
            themes,
            counts,
            title=title,
            nobody_label=nobody_label,
            min_count=min_count,
            rtl=rtl,
        )
        return _saved(fig, fmt)


def coverage_height(rows: int, themes: Sequence[str]) -> float:
    """Return the figure height (inches) that keeps `rows` neighbourhoods readable."""
    header_lines = max(
        (len(_wrapped(theme, COLUMN_WRAP).split("\n")) for theme in themes), default=1
    )
    return max(HEIGHT_IN, 1.6 + 0.3 * header_lines + ROW_IN * rows)


def draw_coverage(
    fig: FigureBase,
    wijken: Sequence[str],
    themes: Sequence[str],
    counts: Sequence[Sequence[int]],
    *,
    title: str,
    nobody_label: str,
    min_count: int | None = None,
    rtl: bool = False,
) -> None:
    """Draw the coverage heatmap into `fig`: counts in cividis, nobody hatched, small masked."""
    if len(counts) != len(wijken) or any(len(row) != len(themes) for row in counts):
        raise ValueError("counts must have one row per neighbourhood, one column per theme")
    with matplotlib.rc_context(_RC):
        fig.suptitle(display(title, rtl), fontsize=TITLE_PT, fontweight="bold", **_title_place(rtl))
        ax = fig.subplots()
        largest = max((count for row in counts for count in row), default=0)
        values = sorted({count for row in counts for count in row})
        colours = matplotlib.colormaps[COLORMAP](Normalize(vmin=0, vmax=max(largest, 1))(values))
        shade_of = {value: tuple(colour) for value, colour in zip(values, colours, strict=True)}
        heads = [_wrapped(theme, COLUMN_WRAP) for theme in themes]
        column_in = _column_in(heads, wijken, _width_in(fig))
        shaded: list[list[tuple[float, float]]] = []
        shades: list[tuple[float, ...]] = []
        masked: list[list[tuple[float, float]]] = []
        nobody: list[list[tuple[float, float]]] = []
        for y, row in enumerate(counts):
            for x, count in enumerate(row):
                cell = _box(x - 0.5, y - 0.5, x + 0.5, y + 0.5)
                text = display(cell_text(count, min_count, nobody_label), rtl)
                if count == 0:
                    nobody.append(cell)
                    ink, size, weight = TEXT_COLOUR, _fitted_pt(text, column_in), "normal"
                elif min_count is not None and count < min_count:
                    masked.append(cell)
                    ink, size, weight = TEXT_COLOUR, _fitted_pt(text, column_in), "normal"
                else:
                    shade = shade_of[count]
                    shaded.append(cell)
                    shades.append(shade)
                    ink, size, weight = _ink_on(shade), BASE_PT, "bold"
                ax.text(
                    x,
                    y,
                    text,
                    ha="center",
                    va="center",
                    fontsize=size,
                    fontweight=weight,
                    color=ink,
                    # keeps the hatching of an empty cell from crossing its text
                    bbox={"facecolor": NOBODY_FACE, "edgecolor": "none", "pad": 1}
                    if count == 0
                    else None,
                )
        for cells, faces in ((shaded, shades), (masked, [MASKED_FACE]), (nobody, [NOBODY_FACE])):
            collection = PolyCollection(cells, facecolors=faces, edgecolors="white", linewidths=2)
            if cells is nobody:
                collection.set_hatch("//")
                collection.set_hatchcolor(NOBODY_HATCH)
            ax.add_collection(collection, autolim=False)
        columns, rows = max(len(themes), 1), max(len(wijken), 1)  # an empty grid is one cell
        if rtl:
            ax.set_xlim(columns - 0.5, -0.5)
        else:
            ax.set_xlim(-0.5, columns - 0.5)
        ax.set_ylim(rows - 0.5, -0.5)
        ax.set_xticks(range(len(themes)), [display(head, rtl) for head in heads])
        ax.set_yticks(range(len(wijken)), [display(wijk, rtl) for wijk in wijken])
        ax.xaxis.tick_top()
        if rtl:
            ax.yaxis.tick_right()
        ax.tick_params(length=0, labelsize=BASE_PT, labelfontfamily=FONT)
        if max((_text_in(head) for head in heads), default=0.0) + 0.1 > column_in:
            _slant(ax.get_xticklabels(), rtl, above=True)
        for spine in ax.spines.values():
            spine.set_visible(False)


def ack_chart(
    labels: Sequence[str],
    medians_minutes: Sequence[float | None],
    acknowledged_share: Sequence[float],
    *,
    title: str,
    minutes_label: str,
    share_label: str,
    rtl: bool = False,
    fmt: Format = "png",
) -> bytes:
    """Render per alert the median minutes to acknowledge (bars) and the share acknowledged."""
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
        draw_acks(
            fig,
            labels,
            medians_minutes,
            acknowledged_share,
            title=title,
            minutes_label=minutes_label,
            share_label=share_label,
            rtl=rtl,
        )
        return _saved(fig, fmt)


def draw_acks(
    fig: FigureBase,
    labels: Sequence[str],
    medians_minutes: Sequence[float | None],
    acknowledged_share: Sequence[float],
    *,
    title: str,
    minutes_label: str,
    share_label: str,
    rtl: bool = False,
) -> None:
    """Draw the acknowledgement chart into `fig`; a None median leaves its slot empty."""
    if not len(labels) == len(medians_minutes) == len(acknowledged_share):
        raise ValueError("one median and one share per alert")
    bar_colour, line_colour = PALETTE[4], PALETTE[5]
    with matplotlib.rc_context(_RC):
        fig.suptitle(display(title, rtl), fontsize=TITLE_PT, fontweight="bold", **_title_place(rtl))
        ax = fig.subplots()
        share = ax.twinx()  # first: twinx puts the host's ticks back on the left
        slots = list(range(len(labels)))
        timed = [(slot, m) for slot, m in zip(slots, medians_minutes, strict=True) if m is not None]
        ax.bar(
            [slot for slot, _ in timed],
            [m for _, m in timed],
            width=0.6,
            color=bar_colour,
            zorder=2,
        )
        # Both axes share the gridlines: ACK_STEPS steps of minutes, and of 100 / ACK_STEPS %.
        step = _nice_step(max((m for _, m in timed), default=0) * 1.05 / ACK_STEPS)
        ax.set_xlim(-0.6, len(slots) - 0.4)
        ax.set_ylim(0, step * ACK_STEPS)
        ax.set_xticks(slots, [display(label, rtl) for label in labels])
        ax.set_ylabel(display(minutes_label, rtl), color=bar_colour, fontsize=BASE_PT)
        _plain_axes(ax, rtl)
        ax.yaxis.set_major_locator(MultipleLocator(step))
        ax.tick_params(axis="y", labelcolor=bar_colour)
        share.plot(
            slots,
            acknowledged_share,
            color=line_colour,
            linewidth=2.5,
            marker="o",
            markersize=9,
            zorder=3,
            clip_on=False,
        )
        share.set_ylim(0, 1)
        share.yaxis.set_major_locator(MultipleLocator(1 / ACK_STEPS))
        share.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
        share.set_ylabel(display(share_label, rtl), color=line_colour, fontsize=BASE_PT)
        share.tick_params(labelsize=BASE_PT, labelfontfamily=FONT, length=0, labelcolor=line_colour)
        share.spines[["top", "left", "right", "bottom"]].set_visible(False)
        if rtl:
            share.yaxis.tick_left()
            share.yaxis.set_label_position("left")
        handles: list[Artist] = [
            Patch(color=bar_colour),
            Line2D([], [], color=line_colour, linewidth=2.5, marker="o", markersize=9),
        ]
        _legend(fig, handles, [display(minutes_label, rtl), display(share_label, rtl)], rtl)


def _saved(fig: Figure, fmt: Format) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format=fmt, dpi=DPI, facecolor="white")
    return out.getvalue()


def _plain_axes(ax: Axes, rtl: bool) -> None:
    """Integer counts on a light grid, no frame, the value axis on the reading side."""
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.grid(axis="y", color=GRID_COLOUR, linewidth=1, zorder=0)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=BASE_PT, labelfontfamily=FONT)
    ax.tick_params(axis="x", length=0)
    ax.tick_params(axis="y", length=0)
    ax.spines[["top", "left", "right"]].set_visible(False)
    if rtl:
        ax.invert_xaxis()
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position("right")


def _title_place(rtl: bool, *, axes: bool = False) -> dict[str, Any]:
    if axes:
        return {"loc": "right" if rtl else "left"}
    return {"x": 0.98, "ha": "right"} if rtl else {"x": 0.02, "ha": "left"}


def _wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _legend(fig: FigureBase, handles: Sequence[Artist], texts: Sequence[str], rtl: bool) -> None:
    """Put the legend under the chart, in as many columns as fit; right to left if rtl."""
    columns = _legend_columns(texts, _width_in(fig))
    entries = list(zip(handles, texts, strict=True))
    if rtl and columns > 1:
        # Legends fill column by column, left first: pad the columns to equal length and
        # hand them over in reverse, so the first column is on the right.
        rows = math.ceil(len(entries) / columns)
        entries += [(Patch(fill=False, edgecolor="none"), "")] * (rows * columns - len(entries))
        by_column = [entries[column * rows : (column + 1) * rows] for column in range(columns)]
        entries = [entry for column in reversed(by_column) for entry in column]
    fig.legend(
        [handle for handle, _ in entries],
        [text for _, text in entries],
        loc="outside lower center",
        ncols=columns,
        fontsize=BASE_PT,
        handlelength=1.2,
        columnspacing=1.4,
        markerfirst=not rtl,
        alignment="right" if rtl else "left",
    )


def _slant(labels: Sequence[Text], rtl: bool, *, above: bool = False) -> None:
    """Slant tick labels that do not fit side by side; mirrored when rtl."""
    for label in labels:
        label.set(
            rotation=(-1 if rtl else 1) * (35 if above else 40),
            ha="right" if rtl == above else "left",
            va="bottom" if above else "top",
            rotation_mode="anchor",
        )


def _two_lines(label: str) -> str:
    """Put a month label such as "dec 2026" on two lines, so twelve fit side by side."""
    return label.replace(" ", "\n", 1)


@functools.lru_cache(maxsize=1024)  # cell texts repeat: "< 5", "nobody"
def _text_in(text: str, points: float = BASE_PT) -> float:
    """Measure the width in inches of the widest line of `text` in the chart font."""
    font = FontProperties(family=FONT, size=points)
    return (
        max(
            text_to_path.get_text_width_height_descent(line, font, ismath=False)[0]
            for line in text.split("\n")
        )
        / 72
    )


def _width_in(fig: FigureBase) -> float:
    if isinstance(fig, SubFigure):
        return float(fig.bbox.width / fig.dpi)
    assert isinstance(fig, Figure)
    return float(fig.get_size_inches()[0])


def _legend_columns(labels: Sequence[str], width_in: float) -> int:
    entry_in = max((_text_in(label) for label in labels), default=0.0) + 0.9
    return max(1, min(len(labels), math.floor((width_in - 0.4) / entry_in)))


def _nice_step(at_least: float) -> int:
    """Return the first round number of minutes (1, 2, 5, 10, 15, ... a day) >= at_least."""
    for step in NICE_STEPS:
        if step >= at_least:
            return step
    return math.ceil(at_least / NICE_STEPS[-1]) * NICE_STEPS[-1]


def _column_in(heads: Sequence[str], rows: Sequence[str], width_in: float) -> float:
    """Estimate the width in inches of one heatmap column, next to the row labels."""
    rows_in = max((_text_in(row) for row in rows), default=0.0)
    return (width_in - rows_in - 0.5) / max(len(heads), 1)


def _fitted_pt(text: str, width_in: float) -> float:
    """Return the base size, or smaller (not below 10 pt) if `text` would overflow its cell."""
    wanted = _text_in(text) + 0.12
    return BASE_PT if wanted <= width_in else max(10.0, BASE_PT * width_in / wanted)


def _box(left: float, bottom: float, right: float, top: float) -> list[tuple[float, float]]:
    return [(left, bottom), (left, top), (right, top), (right, bottom)]


def _ink_on(face: tuple[float, ...]) -> str:
    """Return black or white, whichever reads better on the RGB(A) colour `face`."""
    red, green, blue = face[:3]
    return "#000000" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.45 else "#FFFFFF"
