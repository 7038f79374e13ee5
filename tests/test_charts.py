"""Charts of trends, coverage and acknowledgement times (bot.picture.charts).

Every warning fails a test here (pytest's filterwarnings = error), so each render also proves
that the font has every glyph of the language drawn.
"""

from __future__ import annotations

import ast
import io
import os
import random
from collections.abc import Sequence
from pathlib import Path

import matplotlib.image
import pytest
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from bot.picture import charts, drawing
from bot.picture.charts import (
    DPI,
    MAX_SERIES,
    ROW_IN,
    ack_chart,
    cell_text,
    coverage_heatmap,
    display,
    draw_acks,
    draw_coverage,
    draw_trends,
    fold,
    shaped,
    trends_chart,
)

MONTHS = tuple(f"2025-{m:02d}" for m in range(1, 13))
DUTCH_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
TURKISH_MONTHS = (
    "Oca",
    "Şub",
    "Mar",
    "Nis",
    "May",
    "Haz",
    "Tem",
    "Ağu",
    "Eyl",
    "Eki",
    "Kas",
    "Ara",
)


class Labels:
    """The texts of one language, as a caller passes them: already translated."""

    def __init__(
        self,
        *,
        months: Sequence[str],
        themes: Sequence[str],
        wijken: Sequence[str],
        words: dict[str, str],
        rtl: bool = False,
    ) -> None:
        self.months, self.themes, self.wijken = list(months), list(themes), list(wijken)
        self.words, self.rtl = words, rtl


DUTCH = Labels(
    months=[f"{m} 2025" for m in DUTCH_MONTHS],
    themes=[
        "Veiligheid",
        "Zorg en welzijn",
        "Jeugd",
        "Wonen en leefbaarheid",
        "Armoede en schulden",
        "Radicalisering en polarisatie",
    ],
    wijken=[
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
    ],
    words={"title": "Signalen per maand", "theme": "Per thema", "wijk": "Per wijk"}
    | {"other": "Overig", "nobody": "niemand", "minutes": "Mediaan minuten", "share": "Deel"},
)
TURKISH = Labels(
    months=[f"{m} 2025" for m in TURKISH_MONTHS],
    themes=["Güvenlik", "Sağlık ve refah", "Gençlik", "Konut", "Yoksulluk", "Kutuplaşma"],
    wijken=[
        *("Çarşı", "Ağaçlı", "İstiklal", "Öğretmenler", "Şişli", "Üsküdar"),
        *("Işıklar", "Gülbahçe", "Boğaziçi", "Değirmen", "Köprübaşı"),
    ],
    words={"title": "Aylık sinyaller", "theme": "Konuya göre", "wijk": "Mahalleye göre"}
    | {"other": "Diğer", "nobody": "kimse", "minutes": "Medyan dakika", "share": "Onaylayan"},
)
ARABIC = Labels(
    months=[
        f"{m} 2025"
        for m in (
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "مايو",
            "يونيو",
            "يوليو",
            "أغسطس",
            "سبتمبر",
            "أكتوبر",
            "نوفمبر",
            "ديسمبر",
        )
    ],
    themes=["الأمن", "الصحة والرعاية", "الشباب", "السكن", "الفقر والديون", "الاستقطاب"],
    wijken=[
        f"حي {name}"
        for name in (
            "النور",
            "الميناء",
            "الرمال",
            "الطاحونة",
            "الجنوب",
            "الزهور",
            "القناة",
            "الأنهار",
            "المحطة",
            "الشرق",
            "الغرب",
        )
    ],
    words={"title": "البلاغات شهريًا", "theme": "حسب الموضوع", "wijk": "حسب الحي"}
    | {"other": "أخرى", "nobody": "لا أحد", "minutes": "الوسيط بالدقائق", "share": "نسبة"},
    rtl=True,
)
A4 = (8.27, 11.69)
LANGUAGES = [pytest.param(DUTCH, id="nl"), pytest.param(TURKISH, id="tr")]
LANGUAGES.append(pytest.param(ARABIC, id="ar-rtl"))


def spread(labels: Sequence[str], total: int, rng: random.Random) -> dict[str, list[int]]:
    """Spread `total` signals unevenly over the labels and twelve months."""
    counts = {label: [0] * len(MONTHS) for label in labels}
    weights = list(range(len(labels), 0, -1))
    for _ in range(total):
        counts[rng.choices(labels, weights)[0]][rng.randrange(len(MONTHS))] += 1
    return counts


def decoded(png: bytes) -> tuple[int, int]:
    """Return (height, width) of a PNG, decoding it as a viewer would."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
    return pixels.shape[0], pixels.shape[1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_year_of_trends_renders_per_theme_and_per_neighbourhood(language: Labels) -> None:
    rng = random.Random(1)
    png = trends_chart(
        MONTHS,
        spread(language.themes, 2000, rng),
        spread(language.wijken, 2000, rng),
        title=language.words["title"],
        theme_title=language.words["theme"],
        wijk_title=language.words["wijk"],
        month_labels=language.months,
        other_label=language.words["other"],
        rtl=language.rtl,
    )
    height, width = decoded(png)
    assert width >= 1000
    assert height > width  # two panels, one above the other: a phone's portrait screen


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_coverage_heatmap_annotates_every_cell(language: Labels) -> None:
    rng = random.Random(2)
    counts = [[rng.choice((0, 1, 2, 4, 7)) for _ in language.themes] for _ in language.wijken]
    png = coverage_heatmap(
        language.wijken,
        language.themes,
        counts,
        title=language.words["title"],
        nobody_label=language.words["nobody"],
        min_count=3 if language.rtl else None,
        rtl=language.rtl,
    )
    assert decoded(png)[1] >= 1000


def test_forty_neighbourhoods_get_a_taller_heatmap_with_rows_as_high_as_ever() -> None:
    wijken = [f"{name} {n}" for n in range(4) for name in DUTCH.wijken[:10]]
    counts = [[(row * 7 + column) % 9 for column in range(6)] for row in range(40)]
    png = coverage_heatmap(wijken, DUTCH.themes, counts, title="Dekking", nobody_label="—")
    height, width = decoded(png)
    assert width >= 1000
    assert height >= 40 * ROW_IN * DPI


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_ack_chart_keeps_a_slot_for_an_alert_nobody_acknowledged(language: Labels) -> None:
    png = ack_chart(
        [f"#{n}" for n in range(31, 41)],
        [4, 12.5, None, 30, 2, 8, 15, 61, 3, 9],
        [0.9, 0.5, 0.0, 0.7, 1.0, 0.6, 0.4, 0.2, 1.0, 0.8],
        title=language.words["title"],
        minutes_label=language.words["minutes"],
        share_label=language.words["share"],
        rtl=language.rtl,
    )
    assert decoded(png)[1] >= 1000


def test_the_report_draws_the_charts_into_its_own_pdf_pages() -> None:
    rng = random.Random(3)
    out = io.BytesIO()
    with PdfPages(out) as pdf:
        trends_page = Figure(figsize=A4, layout="constrained")
        draw_trends(
            trends_page,
            MONTHS,
            spread(DUTCH.themes, 500, rng),
            spread(DUTCH.wijken, 500, rng),
            title="Trends",
            theme_title="Per thema",
            wijk_title="Per wijk",
            month_labels=DUTCH.months,
            other_label="Overig",
            min_count=5,
        )
        pdf.savefig(trends_page)
        network_page = Figure(figsize=A4, layout="constrained")
        halves = network_page.add_gridspec(2, 1)
        draw_coverage(
            network_page.add_subfigure(halves[0]),
            DUTCH.wijken[:4],
            DUTCH.themes[:3],
            [[0, 2, 9], [4, 0, 1], [7, 7, 7], [3, 5, 0]],
            title="Dekking",
            nobody_label="—",
            min_count=3,
        )
        draw_acks(
            network_page.add_subfigure(halves[1]),
            ["#1", "#2"],
            [3.0, None],
            [1.0, 0.0],
            title="Alerts",
            minutes_label="minuten",
            share_label="deel",
        )
        pdf.savefig(network_page)
    assert out.getvalue().startswith(b"%PDF")


def test_a_chart_comes_as_pdf_when_asked() -> None:
    pdf = ack_chart(["#1"], [5.0], [1.0], title="t", minutes_label="m", share_label="s", fmt="pdf")
    assert pdf.startswith(b"%PDF")


def test_a_glyph_the_font_lacks_would_fail_these_tests() -> None:
    with pytest.warns(UserWarning, match="missing from font"):
        ack_chart(["#1"], [5.0], [1.0], title="警报", minutes_label="m", share_label="s")


def test_a_network_without_any_data_yet_still_gets_its_charts() -> None:
    trends = trends_chart(MONTHS, {}, {}, title="t", theme_title="", wijk_title="", other_label="")
    assert decoded(trends)[1] >= 1000
    assert decoded(coverage_heatmap([], [], [], title="t", nobody_label="—"))[1] >= 1000
    assert decoded(ack_chart([], [], [], title="t", minutes_label="m", share_label="s"))[1] >= 1000


def test_months_and_their_labels_must_match() -> None:
    with pytest.raises(ValueError, match="label per month"):
        trends_chart(
            MONTHS,
            {},
            {},
            title="t",
            theme_title="a",
            wijk_title="b",
            month_labels=["jan"],
            other_label="o",
        )


class TestCellText:
    """What a heatmap cell says."""

    def test_a_count_is_shown_as_it_is(self) -> None:
        assert cell_text(3, None, "niemand") == "3"

    def test_nobody_is_said_in_words(self) -> None:
        assert cell_text(0, None, "niemand") == "niemand"
        assert cell_text(0, 5, "niemand") == "niemand"

    def test_below_the_minimum_only_the_minimum_is_shown(self) -> None:
        assert [cell_text(n, 5, "—") for n in (1, 2, 4)] == ["< 5"] * 3

    def test_the_minimum_itself_is_shown(self) -> None:
        assert cell_text(5, 5, "—") == "5"


class TestFold:
    """Which series a stacked bar chart draws, and what it adds up as "other"."""

    def test_the_largest_series_come_first_and_the_rest_is_other(self) -> None:
        series = {f"s{n}": [n, 1] for n in range(1, 10)}
        stack = fold(series)
        assert [label for label, _ in stack.series] == [f"s{n}" for n in range(9, 2, -1)]
        assert len(stack.series) == MAX_SERIES
        assert stack.other == (1 + 2, 1 + 1)

    def test_ties_go_by_label_and_empty_series_are_left_out(self) -> None:
        stack = fold({"b": [1, 1], "a": [2, 0], "nothing": [0, 0]})
        assert stack.series == (("a", (2, 0)), ("b", (1, 1)))
        assert stack.other == (0, 0)

    def test_small_counts_move_to_other(self) -> None:
        stack = fold({"a": [10, 9], "b": [7, 2], "c": [5, 3]}, min_count=5)
        assert dict(stack.series) == {"a": (10, 9), "b": (7, 0), "c": (5, 0)}
        assert stack.other == (0, 5)

    def test_an_other_too_small_takes_the_smallest_count_with_it(self) -> None:
        # "c" alone in "other" would read as c = 2: "b" (the smallest left) joins it.
        stack = fold({"a": [20], "b": [6], "c": [2]}, min_count=5)
        assert stack.series == (("a", (20,)),)
        assert stack.other == (8,)

    def test_a_month_too_small_altogether_shows_no_bar(self) -> None:
        """Four signals in a month: no bar at all (its height would give the count away)."""
        stack = fold({"a": [3, 10], "b": [1, 10]}, min_count=5)
        assert stack.series == (("a", (0, 10)), ("b", (0, 10)))
        assert stack.other == (0, 0)
        assert stack.hidden == (0,)

    @pytest.mark.parametrize("seed", range(20))
    def test_with_a_minimum_no_bar_segment_below_it_can_be_read(self, seed: int) -> None:
        rng = random.Random(seed)
        series = {f"s{n}": [rng.choice((0, 1, 2, 3, 6, 9)) for _ in range(12)] for n in range(9)}
        stack = fold(series, min_count=5)
        for month in range(12):
            shown = [counts[month] for _, counts in stack.series]
            assert all(count == 0 or count >= 5 for count in shown)
            total = sum(counts[month] for counts in series.values())
            assert sum(shown) + stack.other[month] == total
            assert stack.other[month] == 0 or stack.other[month] >= 5 or not any(shown)

    def test_series_of_different_lengths_are_refused(self) -> None:
        with pytest.raises(ValueError, match="different lengths"):
            fold({"a": [1, 2], "b": [1]})


class TestDisplay:
    """Right-to-left text, as handed to matplotlib."""

    def test_left_to_right_text_is_left_alone(self) -> None:
        assert display("Şişli Güvenlik", False) == "Şişli Güvenlik"

    def test_this_matplotlib_shapes_arabic_itself(self) -> None:
        # matplotlib >= 3.11 joins letters and orders runs (libraqm): shaping twice reverses.
        assert charts.MATPLOTLIB_SHAPES_TEXT
        assert display("حي النور", True) == "حي النور"

    def test_without_that_arabic_is_joined_and_put_in_visual_order(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(charts, "MATPLOTLIB_SHAPES_TEXT", False)
        assert display("حي النور", True) == shaped("حي النور")

    def test_shaping_joins_letters_and_reverses_each_line(self) -> None:
        # سلام: initial seen, the lam-alef ligature, isolated meem; read from the right.
        assert shaped("سلام\nحي") == "\ufee1\ufefc\ufeb3\n\ufef2\ufea3"


def test_the_charts_never_touch_pyplot() -> None:
    source = Path(charts.__file__).read_text(encoding="utf-8")
    imported = {
        alias.name if isinstance(node, ast.Import) else f"{node.module}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any("pyplot" in name for name in imported)


async def test_charts_are_drawn_in_another_process_than_the_bot() -> None:
    """The drawing process is not the bot's, and asks for CPU at a lower priority."""
    try:
        pid, niceness = (int(n) for n in (await drawing.draw(_whoami)).split())
    finally:
        drawing.stop()

    assert pid != os.getpid()
    assert niceness >= os.nice(0) + drawing.NICENESS


def _whoami() -> bytes:
    return f"{os.getpid()} {os.nice(0)}".encode()
