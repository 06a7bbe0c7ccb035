"""Where everything on the price ladder goes: a pure function of the chart input.

Columns, left to right: tick prices, the axis, the ladder (where the lines, the loss shading and
the daily band are), then the labels. Each line's label wants to sit level with its line; labels
that would collide are fanned apart (`geometry.spread`) and joined to their line by a leader.
Prices map linearly to rows, high prices at the top, so a long's liquidation is below its entry.
Words come from the catalogue, in the language `render.layout` speaks for the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.charts import axis, style
from bot.charts.geometry import Box, LegendRow, Text, header, legend, legend_height, place, spread
from commands.charts.model import LINE_KINDS, PriceLadder, PriceLine
from commands import display
from core.i18n import _

HUNDRED = Decimal(100)
LADDER_SHARE = 0.40  # of the width after the tick column: the rest holds the labels
LABEL_GAP = 6
PAD = 0.06  # of the price span, above and below, so no line sits on the plot's edge


@dataclass(frozen=True)
class PlacedLine:
    """One line of the ladder: its row `y`, and its label (name and % on top, price below)."""

    kind: str
    price: Decimal
    y: int
    name: Text
    change: Text
    value: Text

    @property
    def box(self) -> Box:
        return self.name.box.union(self.change.box).union(self.value.box)

    @property
    def label_centre(self) -> int:
        box = self.box
        return (box.y0 + box.y1) // 2


@dataclass(frozen=True)
class LadderLayout:
    width: int
    height: int
    title: Text
    subtitle: Text
    plot: Box                      # the ladder column: lines run from x0 to x1
    label_x: int
    lines: tuple[PlacedLine, ...]  # in drawing order: the entry last, on top
    ticks: tuple[tuple[int, Text], ...]
    loss: tuple[int, int] | None   # rows shaded as the loss side (top, bottom)
    band: tuple[int, int] | None   # rows of the daily range around entry
    legend: tuple[LegendRow, ...]

    def texts(self) -> tuple[Text, ...]:
        """Every run of text on the chart, for the checks that all of it is on the canvas."""
        runs = [self.title, self.subtitle, *(t for _y, t in self.ticks), *(r.text for r in self.legend)]
        for line in self.lines:
            runs += [line.name, line.change, line.value]
        return tuple(runs)

    def line(self, kind: str) -> PlacedLine | None:
        return next((line for line in self.lines if line.kind == kind), None)


def _domain(chart: PriceLadder, prices: list[Decimal]) -> tuple[float, float]:
    """The price range shown: every line and the daily band, padded; never below zero."""
    values = [float(p) for p in prices]
    if chart.daily_move_pct is not None:
        reach = float(chart.entry * chart.daily_move_pct / HUNDRED)
        values += [float(chart.entry) - reach, float(chart.entry) + reach]
    low, high = min(values), max(values)
    span = high - low or float(chart.entry) * 0.01
    return max(0.0, low - span * PAD), high + span * PAD


def _loss_rows(chart: PriceLadder, row, plot: Box) -> tuple[int, int]:
    """From entry to liquidation (or to the plot's edge when there is none), on the loss side."""
    entry_y, liq = row(chart.entry), chart.liquidation()
    far = (plot.y1 if chart.side > 0 else plot.y0) if liq is None else row(liq)
    return min(entry_y, far), max(entry_y, far)


def _label(line: PriceLine, entry: Decimal, x: int, room: int) -> PlacedLine:
    """The label drafted at the top of the canvas; `_moved` then puts it in its place."""
    y = 0
    colour = style.LINE_COLOURS[line.kind]
    name = place(line.label, x, y, style.LABEL_SIZE, room * 0.6, bold=True, colour=colour)
    change = "" if line.kind == "entry" else display.pct((line.price - entry) / entry * HUNDRED, signed=True)
    left = name.box.x1 + 10
    change_text = place(change, left, y + 1, style.SMALL_SIZE, x + room - left, colour=style.MUTED)
    value = place(display.price(line.price), x, name.box.y1 + 1, style.LABEL_SIZE, room)
    return PlacedLine(line.kind, line.price, 0, name, change_text, value)


def _moved(placed: PlacedLine, top: int, y: int) -> PlacedLine:
    """The same label with its top at `top`, for the line at row `y`."""
    dy = top - placed.name.y

    def shift(t: Text) -> Text:
        return Text(t.text, t.x, t.y + dy, t.size, t.bold, t.colour)

    return PlacedLine(placed.kind, placed.price, y, shift(placed.name), shift(placed.change), shift(placed.value))


def _ticks(low: float, high: float, row, right: int, plot: Box) -> tuple[tuple[int, Text], ...]:
    values = axis.ticks(low, high, 6)
    size = axis.step(high - low, 6)
    face = style.font(style.SMALL_SIZE)
    half = style.text_height(face) // 2
    out = []
    for value in values:
        y = row(value)
        if plot.y0 + half <= y <= plot.y1 - half:
            out.append((y, place(axis.label(value, size), right, y - half, style.SMALL_SIZE, right - style.MARGIN,
                                 colour=style.MUTED, right=True)))
    return tuple(out)


def ladder_layout(chart: PriceLadder, width: int = style.WIDTH, height: int = style.LADDER_HEIGHT) -> LadderLayout:
    title, subtitle, plot_top = header(chart.title, chart.subtitle, width)
    items: list[tuple[str, tuple[int, int, int], bool]] = []
    if chart.daily_move_pct is not None:
        items.append((style.DAILY_EDGE, chart.daily_label or _("one day's range ±{move}",
                                                               move=display.pct(chart.daily_move_pct)), False))
    items.append((style.VERMILLION, _("loss side, up to liquidation"), False))
    if chart.note:
        items.append((style.MUTED, chart.note, True))
    foot = height - style.MARGIN
    plot_bottom = foot - legend_height(len(items)) - 16

    lines = sorted(chart.lines + (PriceLine("entry", _("Entry"), chart.entry),),
                   key=lambda line: LINE_KINDS.index(line.kind))
    low, high = _domain(chart, [line.price for line in lines])
    tick_width = max(style.font(style.SMALL_SIZE).getlength(axis.label(v, axis.step(high - low, 6)))
                     for v in (Decimal(repr(low)), Decimal(repr(high))))
    axis_x = style.MARGIN + min(round(tick_width), width // 5) + 10
    ladder_right = axis_x + round((width - style.MARGIN - axis_x) * LADDER_SHARE)
    plot = Box(axis_x, plot_top + 24, ladder_right, plot_bottom - 24)

    def row(price: Decimal | float) -> int:
        return round(plot.y0 + (high - float(price)) / (high - low) * (plot.y1 - plot.y0))

    label_x = ladder_right + 36
    room = width - style.MARGIN - label_x
    drafts = [(row(line.price), _label(line, chart.entry, label_x, room)) for line in lines]
    label_height = max(d.box.y1 - d.box.y0 for _y, d in drafts)
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i][0], i))
    tops = spread([drafts[i][0] for i in order], label_height, LABEL_GAP, plot_top, plot_bottom)
    placed = [None] * len(drafts)
    for i, top in zip(order, tops):
        placed[i] = _moved(drafts[i][1], top, drafts[i][0])

    band = None
    if chart.daily_move_pct is not None:
        reach = chart.entry * chart.daily_move_pct / HUNDRED
        band = (max(plot.y0, row(chart.entry + reach)), min(plot.y1, row(chart.entry - reach)))
    return LadderLayout(width, height, title, subtitle, plot, label_x, tuple(placed),
                        _ticks(low, high, row, axis_x - 10, plot), _loss_rows(chart, row, plot), band,
                        legend(items, width, foot))
