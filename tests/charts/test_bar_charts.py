"""The leverage ladder and the positions overview: bar lengths follow the distances, colours follow
the danger, the daily range is drawn where the layout says, and text stays on the canvas."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from bot.charts import render, style
from commands.charts import build
from bot.charts.bars import ladder_bars, overview_bars
from commands.charts.model import PositionBar, PositionsOverview
from tests.charts import cases
from tests.charts.images import assert_fits_telegram, assert_text_on_canvas_and_apart


def test_leverage_bars_shorten_as_leverage_rises():
    chart = cases.typical_leverage()
    layout = ladder_bars(chart)
    assert [r.label.text for r in layout.rows] == ["5x", "10x", "20x", "25x", "50x", "75x", "100x"]
    lengths = [r.bar.x1 - r.bar.x0 for r in layout.rows]
    assert lengths == sorted(lengths, reverse=True) and lengths[0] > 5 * lengths[-1]


def test_rungs_inside_one_days_range_are_danger_coloured_and_end_left_of_the_line():
    chart = cases.typical_leverage()
    layout = ladder_bars(chart)
    for rung, row in zip(chart.rungs, layout.rows):
        inside = rung.distance_pct < chart.daily_move_pct
        assert (row.colour == style.VERMILLION) is inside
        assert (row.bar.x1 < layout.reference_x) is inside


def test_drawn_bars_and_daily_line_are_where_the_layout_says():
    chart = cases.typical_leverage()
    layout = ladder_bars(chart)
    image = assert_fits_telegram(render.render(chart))
    assert image.size == (layout.width, layout.height)
    for row in layout.rows:
        middle = (row.bar.y0 + row.bar.y1) // 2
        assert image.getpixel((row.bar.x0 + 2, middle)) == row.colour
        assert image.getpixel((row.bar.x1 + 4, row.bar.y0)) != row.colour, "the bar ends where the layout says"
    column = [image.getpixel((layout.reference_x, y)) for y in range(layout.area.y0, layout.area.y1)]
    assert column.count(style.TEXT) > len(column) / 4, "a dashed light line runs across the bars"


def test_venue_without_high_leverage_shows_only_the_rungs_it_offers():
    # Hyperliquid's BTC contract offers at most 40x (its shipped margin table, "tiered 40x"), so the
    # 50x, 75x and 100x rungs are left out, as /liq would refuse them.
    layout = ladder_bars(build.leverage_ladder("hyperliquid"))
    assert [r.label.text for r in layout.rows] == ["5x", "10x", "20x", "25x"]


def test_overview_colours_each_bar_by_its_warning_level():
    chart = cases.typical_overview()
    layout = overview_bars(chart)
    image = assert_fits_telegram(render.render(chart))
    for bar, row in zip(chart.bars, layout.rows):
        assert row.colour == style.LEVEL_COLOURS[bar.level]
        if row.bar is not None:
            assert image.getpixel((row.bar.x0 + 2, (row.bar.y0 + row.bar.y1) // 2)) == row.colour
    assert {b.level for b in chart.bars} >= {"danger", "ok"}, "the sample spans the levels"
    no_liq = [row for bar, row in zip(chart.bars, layout.rows) if bar.distance_pct is None]
    assert no_liq and all(r.bar is None and r.value.text == "no liquidation" for r in no_liq)


@pytest.mark.parametrize("chart", [cases.typical_leverage(), cases.typical_overview(), cases.extreme_overview()],
                         ids=["leverage", "overview", "25 long labels"])
def test_text_on_canvas_and_apart(chart):
    layout = render.layout(chart)
    assert_text_on_canvas_and_apart(layout.texts(), layout.width, layout.height)
    for row in layout.rows:
        assert row.label.box.x1 < layout.area.x0, "labels stay left of the bars"


def test_twenty_five_bars_grow_the_canvas_within_telegrams_limits():
    chart = cases.extreme_overview()
    image = assert_fits_telegram(render.render(chart))
    assert image.height > style.BARS_MIN_HEIGHT and image.width == style.WIDTH
    assert "15 more" in render.layout(chart).subtitle.text


def test_one_bar_keeps_the_phone_sized_card():
    chart = PositionsOverview("Your saved positions (1)", (PositionBar("#1 BTC long 25x", D("3.6"), "danger"),))
    assert decode_size(render.render(chart)) == (style.WIDTH, style.BARS_MIN_HEIGHT)


def decode_size(data: bytes) -> tuple[int, int]:
    return assert_fits_telegram(data).size
