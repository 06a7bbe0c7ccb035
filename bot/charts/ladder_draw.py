"""Draws a price ladder from its layout. Everything about position is decided in `ladder_layout`;
this module only puts paint where the layout says, so the tests of the layout hold for the image."""

from __future__ import annotations

from PIL import Image

from bot.charts import canvas, style
from bot.charts.ladder_layout import LadderLayout


def draw_ladder(layout: LadderLayout) -> Image.Image:
    image, draw = canvas.card(layout.width, layout.height)
    plot = layout.plot
    canvas.text(draw, layout.title)
    canvas.text(draw, layout.subtitle)
    if layout.band is not None:
        top, bottom = layout.band
        draw.rectangle((plot.x0, top, plot.x1, bottom), fill=style.DAILY_FILL)
        for edge in (top, bottom):
            draw.line((plot.x0, edge, plot.x1, edge), fill=style.DAILY_EDGE, width=1)
    if layout.loss is not None:
        top, bottom = layout.loss
        draw.rectangle((plot.x0, top, plot.x1, bottom), fill=style.LOSS_FILL)
    for y, tick in layout.ticks:
        draw.line((plot.x0 - 6, y, plot.x0, y), fill=style.MUTED, width=1)
        canvas.text(draw, tick)
    draw.line((plot.x0, plot.y0 - 16, plot.x0, plot.y1 + 16), fill=style.MUTED, width=2)
    for line in layout.lines:
        colour = style.LINE_COLOURS[line.kind]
        draw.line((plot.x0, line.y, plot.x1, line.y), fill=colour, width=style.LINE_WIDTH)
        # The leader runs level from the line, then slants to its label when the label was moved.
        draw.line((plot.x1, line.y, plot.x1 + 12, line.y, layout.label_x - 8, line.label_centre),
                  fill=colour, width=2)
        for run in (line.name, line.change, line.value):
            canvas.text(draw, run)
    canvas.legend(draw, layout.legend)
    return image
