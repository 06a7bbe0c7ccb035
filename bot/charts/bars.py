"""Horizontal bar charts: the leverage ladder and the positions overview share one layout.

Each row is a labelled bar whose length is a distance to liquidation in %, with the figure at its
end. The daily range is a dashed line across the bars (one for the ladder, one short mark per row
in the overview, since each position is a different asset): a bar that ends left of it can be
liquidated by one ordinary day. Colour says the danger, and so does the position of the line.
Words come from the catalogue, in the language `render.layout` speaks for the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PIL import Image

from bot.charts import canvas, style
from bot.charts.geometry import Box, LegendRow, Text, header, legend, legend_height, place
from commands.charts.model import LEVELS, LeverageLadder, PositionsOverview
from commands import display
from core.i18n import N_, _, _n

ROW = 40   # pixels per bar row: a thumb-sized target, and 25 rows still fit a tall phone screen
BAR = 24
LEVEL_WORDS = {"danger": N_("danger"), "warn": N_("warning"), "info": N_("note"), "ok": N_("no warning")}


@dataclass(frozen=True)
class BarRow:
    label: str
    value: Decimal | None  # None: no bar (no liquidation)
    colour: tuple[int, int, int]
    mark: Decimal | None = None  # this row's own reference (an asset's daily range)


@dataclass(frozen=True)
class PlacedBar:
    label: Text
    bar: Box | None
    value: Text
    mark_x: int | None
    colour: tuple[int, int, int]


@dataclass(frozen=True)
class BarsLayout:
    width: int
    height: int
    title: Text
    subtitle: Text
    area: Box                # where bars may reach: x0 is zero distance
    rows: tuple[PlacedBar, ...]
    reference_x: int | None  # the one dashed line across every row
    legend: tuple[LegendRow, ...]

    def texts(self) -> tuple[Text, ...]:
        return (self.title, self.subtitle, *(r.label for r in self.rows), *(r.value for r in self.rows),
                *(r.text for r in self.legend))


def bars_layout(title: str, subtitle: str, rows: list[BarRow], reference: Decimal | None,
                items: list[tuple[tuple[int, int, int], str, bool]], width: int = style.WIDTH) -> BarsLayout:
    title_text, subtitle_text, top = header(title, subtitle, width)
    legend_bottom = top + 8 + len(rows) * ROW + 24 + legend_height(len(items))
    height = max(style.BARS_MIN_HEIGHT, legend_bottom + style.MARGIN)
    face = style.font(style.LABEL_SIZE, True)
    label_room = min(max(face.getlength(r.label) for r in rows), width * 0.38)
    label_size = min(style.fit(r.label, style.LABEL_SIZE, label_room, True)[1].size for r in rows)  # one size
    values = [display.pct(r.value) if r.value is not None else _("no liquidation") for r in rows]
    value_room = max(style.font(style.SMALL_SIZE).getlength(v) for v in values)
    x0 = style.MARGIN + round(label_room) + 16
    x1 = width - style.MARGIN - round(value_room) - 10
    area = Box(x0, top + 8, x1, top + 8 + len(rows) * ROW)
    scale = max([r.value for r in rows if r.value is not None] + [r.mark for r in rows if r.mark is not None]
                + ([reference] if reference is not None else []) + [Decimal(1)]) * Decimal("1.08")

    def column(value: Decimal) -> int:
        return x0 + round(float(value / scale) * (x1 - x0))

    placed = []
    label_h = style.text_height(style.font(label_size, True))
    small_h = style.text_height(style.font(style.SMALL_SIZE))
    for i, (row, value_text) in enumerate(zip(rows, values)):
        middle = area.y0 + i * ROW + ROW // 2
        bar = None if row.value is None else Box(x0, middle - BAR // 2, max(x0 + 3, column(row.value)),
                                                 middle + BAR // 2)
        placed.append(PlacedBar(
            place(row.label, x0 - 16, middle - label_h // 2, label_size, label_room, bold=True, right=True),
            bar, place(value_text, (bar.x1 if bar else x0) + 8, middle - small_h // 2, style.SMALL_SIZE,
                       width - style.MARGIN - (bar.x1 if bar else x0) - 8, colour=style.TEXT if bar else row.colour),
            None if row.mark is None or bar is None else column(row.mark), row.colour))
    return BarsLayout(width, height, title_text, subtitle_text, area, tuple(placed),
                      None if reference is None else column(reference),
                      legend(items, width, legend_bottom))


def draw_bars(layout: BarsLayout) -> Image.Image:
    image, draw = canvas.card(layout.width, layout.height)
    area = layout.area
    canvas.text(draw, layout.title)
    canvas.text(draw, layout.subtitle)
    draw.line((area.x0, area.y0 - 6, area.x0, area.y1 + 6), fill=style.MUTED, width=2)
    for row in layout.rows:
        if row.bar is not None:
            draw.rectangle((row.bar.x0, row.bar.y0, row.bar.x1, row.bar.y1), fill=row.colour)
        if row.mark_x is not None:
            middle = (row.label.box.y0 + row.label.box.y1) // 2
            canvas.dashed_vertical(draw, row.mark_x, middle - ROW // 2 + 2, middle + ROW // 2 - 2, style.TEXT, 4)
    if layout.reference_x is not None:
        canvas.dashed_vertical(draw, layout.reference_x, area.y0 - 6, area.y1 + 6, style.TEXT)
    for row in layout.rows:  # figures last, on a patch of background, so a dashed line never strikes one out
        canvas.text(draw, row.label)
        canvas.text(draw, row.value, backed=True)
    canvas.legend(draw, layout.legend)
    return image


def ladder_bars(chart: LeverageLadder) -> BarsLayout:
    """Rungs coloured danger when one day's range reaches liquidation, else ok."""
    daily = chart.daily_move_pct
    rows = [BarRow(display.leverage(r.leverage), r.distance_pct,
                   style.LEVEL_COLOURS["danger" if daily is not None and r.distance_pct < daily else "ok"])
            for r in chart.rungs]
    items = [(style.VERMILLION, _("liquidated within one day's range"), False),
             (style.BLUISH_GREEN, _("survives one day's range"), False)]
    if daily is not None:
        items.insert(0, (style.TEXT, chart.daily_label or _("one day's range {move}", move=display.pct(daily)), True))
    return bars_layout(chart.title, chart.subtitle, rows, daily, items)


def overview_bars(chart: PositionsOverview) -> BarsLayout:
    rows = [BarRow(b.label, b.distance_pct, style.LEVEL_COLOURS[b.level], b.daily_move_pct) for b in chart.bars]
    used = [level for level in reversed(LEVELS) if any(b.level == level for b in chart.bars)]
    items = [(style.LEVEL_COLOURS[level], _(LEVEL_WORDS[level]), False) for level in used]
    if any(b.daily_move_pct is not None for b in chart.bars):
        items.insert(0, (style.TEXT, _("the asset's usual daily range"), True))
    subtitle = _("distance to liquidation, coloured by the worst warning")
    if chart.hidden:
        subtitle = _n("distance to liquidation, coloured by the worst warning; {count} more not shown",
                      "distance to liquidation, coloured by the worst warning; {count} more not shown", chart.hidden)
    return bars_layout(chart.title, subtitle, rows, None, items)
