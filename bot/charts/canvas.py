"""The drawing steps every chart shares: the card, text runs, the legend, and PNG encoding.

PNG output is deterministic: Pillow writes no timestamp or other varying chunk, and zlib at a
fixed level gives the same bytes for the same pixels. Encoding is most of the time an image takes:
on the 800×1000 ladder, level 3 took 9 ms for 58 kB, zlib's default 6 took 12.5 ms for 49 kB, and
9 took 50 ms; every one is far below the platforms' size limits, so the fast level wins.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from bot.charts import style
from bot.charts.geometry import LegendRow, Text

PNG_LEVEL = 3


def card(width: int, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A dark card with a thin border (which keeps its edge visible on a light chat theme too).
    The draw handle blends RGBA fills, so shading is translucent over what is beneath."""
    image = Image.new("RGB", (width, height), style.BACKGROUND)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.rectangle((0, 0, width - 1, height - 1), outline=style.BORDER, width=2)
    return image, draw


def text(draw: ImageDraw.ImageDraw, run: Text, backed: bool = False) -> None:
    """One run of text; `backed` clears a patch of background under it first."""
    if backed and run.text:
        box = run.box
        draw.rectangle((box.x0 - 3, box.y0, box.x1 + 3, box.y1), fill=style.BACKGROUND)
    if run.text:
        draw.text((run.x, run.y), run.text, fill=run.colour, font=style.font(run.size, run.bold))


def legend(draw: ImageDraw.ImageDraw, rows: tuple[LegendRow, ...]) -> None:
    for row in rows:
        box = row.swatch
        if row.thin:
            middle = (box.y0 + box.y1) // 2
            draw.line((box.x0, middle, box.x1, middle), fill=row.colour, width=style.LINE_WIDTH)
        else:
            draw.rectangle((box.x0, box.y0, box.x1, box.y1), fill=row.colour)
        text(draw, row.text)


def dashed_vertical(draw: ImageDraw.ImageDraw, x: int, y0: int, y1: int, colour, dash: int = 8) -> None:
    """A dashed vertical line: a reference (the daily range) that must not read as a bar."""
    for y in range(y0, y1, 2 * dash):
        draw.line((x, y, x, min(y + dash, y1)), fill=colour, width=style.LINE_WIDTH)


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=PNG_LEVEL)
    return out.getvalue()
