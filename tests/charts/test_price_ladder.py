"""The price ladder: its layout orders lines as the prices do, keeps labels apart and on the
canvas for the extreme inputs, and the drawn pixels agree with the layout."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from bot.charts import render, style
from bot.charts.ladder_layout import ladder_layout
from tests.charts import cases
from tests.charts.images import assert_fits_telegram, assert_text_on_canvas_and_apart

EXTREMES = cases.extreme_ladders()
ALL = {"typical": cases.typical_ladder(), **EXTREMES}


@pytest.mark.parametrize("name", ALL)
def test_rows_order_as_the_prices_do(name):
    layout = ladder_layout(ALL[name])
    by_price = sorted(layout.lines, key=lambda line: line.price, reverse=True)
    rows = [line.y for line in by_price]
    assert rows == sorted(rows), "a higher price must never sit below a lower one"
    for line in layout.lines:
        assert layout.plot.y0 <= line.y <= layout.plot.y1


@pytest.mark.parametrize("side, below", [(1, True), (-1, False)])
def test_liquidation_is_below_entry_for_a_long_and_above_for_a_short(side, below):
    layout = ladder_layout(cases.typical_ladder() if side > 0 else EXTREMES["125x short, liquidation 0.4% away"])
    entry, liq = layout.line("entry").y, layout.line("liquidation").y
    assert (liq > entry) is below and liq != entry


@pytest.mark.parametrize("name", ALL)
def test_labels_never_overlap_and_all_text_is_on_the_canvas(name):
    layout = ladder_layout(ALL[name])
    assert_text_on_canvas_and_apart(layout.texts(), layout.width, layout.height)
    for line in layout.lines:
        assert line.box.x0 > layout.plot.x1, "labels stay out of the ladder column"


def test_crowded_labels_fan_out_around_their_lines():
    """125x: entry, stop, liquidation and bankruptcy lie within 0.8%: the labels are moved apart,
    still in price order, and the crowd stays centred on its lines rather than drifting."""
    layout = ladder_layout(EXTREMES["125x long, liquidation 0.4% away"])
    ordered = sorted(layout.lines, key=lambda line: line.y)
    centres = [line.label_centre for line in ordered]
    assert centres == sorted(centres)
    assert any(line.label_centre != line.y for line in ordered), "these labels needed moving"
    mean_line = sum(line.y for line in ordered) / len(ordered)
    assert abs(sum(centres) / len(centres) - mean_line) < 2


def test_no_liquidation_says_so_and_shades_to_the_edge():
    layout = ladder_layout(EXTREMES["1x long, no liquidation"])
    assert layout.line("liquidation") is None and layout.line("bankruptcy") is None
    assert any("No liquidation" in row.text.text for row in layout.legend)
    assert layout.loss == (layout.line("entry").y, layout.plot.y1)


def test_sub_cent_prices_print_in_full_without_exponents():
    layout = ladder_layout(EXTREMES["sub-cent prices"])
    printed = [line.value.text for line in layout.lines] + [tick.text for _, tick in layout.ticks]
    assert "0.0000117800" in printed
    assert all("E" not in text and "e" not in text for text in printed)
    assert len(layout.ticks) >= 3


def test_band_spans_one_days_range_around_entry():
    chart = cases.typical_ladder()
    layout = ladder_layout(chart)
    top, bottom = layout.band
    entry = layout.line("entry").y
    assert top < entry < bottom and abs((entry - top) - (bottom - entry)) <= 1
    # The stop at −2.5% is inside BTC's ±3.08% day; the liquidation at −3.6% is outside it.
    assert top < layout.line("stop").y < bottom < layout.line("liquidation").y


@pytest.mark.parametrize("name", ["typical", "sub-cent prices", "1x short, liquidation at double"])
def test_drawn_rows_have_the_line_colour(name):
    layout = ladder_layout(ALL[name])
    image = assert_fits_telegram(render.render(ALL[name]))
    assert image.size == (layout.width, layout.height) == (style.WIDTH, style.LADDER_HEIGHT)
    drawn_after = {}
    for i, line in enumerate(layout.lines):
        covered = any(abs(later.y - line.y) <= style.LINE_WIDTH for later in layout.lines[i + 1:])
        if covered:  # a later line drawn over this row: its colour wins there
            continue
        drawn_after[line.kind] = line.y
        for x in range(layout.plot.x0 + 4, layout.plot.x1, 37):
            assert image.getpixel((x, line.y)) == style.LINE_COLOURS[line.kind], (line.kind, x)
    assert "entry" in drawn_after and len(drawn_after) >= 3


def test_loss_side_is_shaded_and_the_profit_side_is_not():
    layout = ladder_layout(cases.typical_ladder())
    image = render.image(cases.typical_ladder())
    x = layout.plot.x1 - 5
    loss_row = (layout.line("liquidation").y + layout.line("stop").y) // 2
    above_band = (layout.band[0] + layout.line("target").y) // 2
    shaded, plain = image.getpixel((x, loss_row)), image.getpixel((x, above_band))
    assert plain == style.BACKGROUND
    assert shaded[0] > style.BACKGROUND[0] + 10, "vermillion tint on the loss side"


def test_same_input_gives_the_same_bytes():
    chart = EXTREMES["eight targets and a stop"]
    assert render.render(chart) == render.render(chart)


def test_eight_targets_fit_and_nine_are_refused():
    chart = EXTREMES["eight targets and a stop"]
    assert sum(1 for line in chart.lines if line.kind == "target") == 8
    with pytest.raises(ValueError):
        type(chart)(chart.title, chart.subtitle, chart.side, chart.entry,
                    chart.lines + (chart.lines[0],), chart.daily_move_pct)


def test_one_price_only_still_has_a_range():
    chart = type(cases.typical_ladder())("X long 2x", "", 1, D("42"))
    layout = ladder_layout(chart)
    assert layout.plot.y0 < layout.line("entry").y < layout.plot.y1
