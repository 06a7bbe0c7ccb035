"""Boxes and placed text: what a layout computes and a test can check before any pixel is drawn.

A layout is a pure function of the chart input (text is measured with the bundled fonts, which is
deterministic), so tests assert on boxes and rows directly, then check the pixels agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.charts import style


@dataclass(frozen=True)
class Box:
    x0: int
    y0: int
    x1: int
    y1: int

    def intersects(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def inside(self, width: int, height: int) -> bool:
        return 0 <= self.x0 <= self.x1 <= width and 0 <= self.y0 <= self.y1 <= height

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))


@dataclass(frozen=True)
class Text:
    """One run of text, its top-left corner at (x, y) and its face. `box` is where its glyphs go."""

    text: str
    x: int
    y: int
    size: int
    bold: bool = False
    colour: tuple[int, int, int] = style.TEXT

    @property
    def box(self) -> Box:
        face = style.font(self.size, self.bold)
        return Box(self.x, self.y, self.x + round(face.getlength(self.text)),
                   self.y + style.text_height(face))


def place(text: str, x: int, y: int, size: int, max_width: float, bold: bool = False,
          colour: tuple[int, int, int] = style.TEXT, right: bool = False) -> Text:
    """Text at (x, y), shrunk or cut to `max_width`; with `right`, x is where it ends."""
    shown, face = style.fit(text, size, max_width, bold)
    left = x - round(face.getlength(shown)) if right else x
    return Text(shown, left, y, face.size, bold, colour)


@dataclass(frozen=True)
class LegendRow:
    """One row at the foot of a chart: a swatch (a block, or a thin line for a reference line)
    and its explanation."""

    swatch: Box
    colour: tuple[int, int, int]
    text: Text
    thin: bool = False


def legend(items: list[tuple[tuple[int, int, int], str, bool]], width: int, bottom: int) -> tuple[LegendRow, ...]:
    """Rows (colour, words, thin) stacked upwards from `bottom`, each fitted to the canvas width."""
    line = style.text_height(style.font(style.SMALL_SIZE)) + 6
    rows = []
    for i, (colour, words, thin) in enumerate(reversed(items)):
        top = bottom - (i + 1) * line
        swatch = Box(style.MARGIN, top + 4, style.MARGIN + 26, top + line - 6)
        x = swatch.x1 + 10
        rows.append(LegendRow(swatch, colour, place(words, x, top, style.SMALL_SIZE, width - style.MARGIN - x,
                                                     colour=style.MUTED), thin))
    return tuple(reversed(rows))


def legend_height(count: int) -> int:
    return count * (style.text_height(style.font(style.SMALL_SIZE)) + 6)


def header(title: str, subtitle: str, width: int) -> tuple[Text, Text, int]:
    """The title and subtitle lines at the top of every chart, and the y where the plot may start."""
    room = width - 2 * style.MARGIN
    top = place(title, style.MARGIN, style.MARGIN - 4, style.TITLE_SIZE, room, bold=True)
    sub = place(subtitle, style.MARGIN, top.box.y1 + 4, style.SUBTITLE_SIZE, room, colour=style.MUTED)
    return top, sub, sub.box.y1 + 14


def spread(centres: list[float], height: int, gap: int, low: int, high: int) -> list[int]:
    """Tops for boxes of one `height` that want to be centred on sorted `centres`, moved apart so
    none overlap and all lie in [low, high]. Overlapping neighbours merge into a cluster centred on
    their mean, so a crowd of labels fans out around its lines instead of drifting one way.
    Raises ValueError when they cannot all fit: a caller bounds its label count instead."""
    pitch = height + gap
    if len(centres) * pitch - gap > high - low:
        raise ValueError(f"{len(centres)} labels of {height} px do not fit in {high - low} px")
    clusters: list[tuple[int, int, float]] = []  # (first index, count, top)
    for i, centre in enumerate(centres):
        clusters.append((i, 1, centre - height / 2))
        while len(clusters) > 1:
            (first, count_a, top_a), (_, count_b, top_b) = clusters[-2], clusters[-1]
            if top_a + count_a * pitch <= top_b:
                break
            count = count_a + count_b
            mean = sum(centres[first:first + count]) / count
            clusters[-2:] = [(first, count, mean - (count * pitch - gap) / 2)]
    tops = [top + k * pitch for _, count, top in clusters for k in range(count)]
    for i in range(len(tops)):  # push down off the top edge, keeping the pitch
        tops[i] = max(tops[i], low if i == 0 else tops[i - 1] + pitch)
    for i in reversed(range(len(tops))):  # then up off the bottom edge
        tops[i] = min(tops[i], high - height if i == len(tops) - 1 else tops[i + 1] - pitch)
    return [round(t) for t in tops]
