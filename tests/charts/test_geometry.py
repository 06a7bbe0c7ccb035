"""The pieces under every layout: label spreading, tick values, fitting text, and the font."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, strategies as st
from PIL import Image, ImageDraw

from bot.charts import axis, style
from bot.charts.geometry import spread

HEIGHT, GAP, LOW, HIGH = 50, 6, 100, 900


@given(st.lists(st.floats(min_value=-200, max_value=1200, allow_nan=False), min_size=1, max_size=14))
def test_spread_keeps_order_stays_in_bounds_and_never_overlaps(centres):
    centres = sorted(centres)
    tops = spread(centres, HEIGHT, GAP, LOW, HIGH)
    assert len(tops) == len(centres)
    assert all(LOW <= t and t + HEIGHT <= HIGH for t in tops)
    assert all(b - a >= HEIGHT + GAP - 1 for a, b in zip(tops, tops[1:]))


def test_spread_leaves_labels_that_fit_where_they_want_to_be():
    assert spread([200.0, 400.0, 600.0], HEIGHT, GAP, LOW, HIGH) == [175, 375, 575]


def test_spread_refuses_more_than_fit():
    with pytest.raises(ValueError):
        spread([500.0] * 20, HEIGHT, GAP, LOW, HIGH)


@pytest.mark.parametrize("low, high, first, last", [
    (57_000.0, 66_500.0, D(58000), D(66000)),
    (0.0000110, 0.0000136, D("0.0000110"), D("0.0000135")),
])
def test_ticks_are_round_and_inside(low, high, first, last):
    values = axis.ticks(low, high, 6)
    assert values[0] == first and values[-1] == last
    assert all(low <= float(v) <= high for v in values)


def test_tick_labels_are_grouped_and_never_exponents():
    assert axis.label(D(58000), axis.step(9500, 6)) == "58,000"
    assert axis.label(D("0.0000125"), axis.step(0.0000026, 6)) == "0.0000125"
    assert axis.ticks(5.0, 5.0) == ()


def test_fit_shrinks_then_cuts():
    text, face = style.fit("Liquidation", style.LABEL_SIZE, 10_000)
    assert (text, face.size) == ("Liquidation", style.LABEL_SIZE)
    text, face = style.fit("x" * 200, style.LABEL_SIZE, 300)
    assert face.size == style.MIN_SIZE and text.endswith("…") and face.getlength(text) <= 300


@pytest.mark.parametrize("sample", ["Ликвидация", "Ρευστοποίηση", "Thanh lý vị thế", "Liquidación €"])
def test_bundled_font_covers_cyrillic_greek_and_vietnamese(sample):
    """Each glyph differs from the font's 'missing glyph' box, so the words really render."""
    missing = _pixels("\u0378")  # unassigned in Unicode: drawn as the font's missing-glyph box
    for ch in sample.replace(" ", ""):
        assert _pixels(ch) != missing, ch


def _pixels(ch: str) -> bytes:
    image = Image.new("L", (40, 40))
    ImageDraw.Draw(image).text((6, 4), ch, fill=255, font=style.font(style.LABEL_SIZE))
    return image.tobytes()


def test_fonts_and_licence_ship_with_the_package():
    assert {p.name for p in style.FONT_DIR.iterdir()} >= {style.REGULAR, style.BOLD, "LICENSE"}
    assert "Bitstream" in (style.FONT_DIR / "LICENSE").read_text("utf-8")
