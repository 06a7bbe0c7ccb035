"""Colours, type and sizes shared by every chart.

Palette: Okabe & Ito's eight colours, chosen to stay distinct under the common colour-vision
deficiencies, on a near-black card that sits well in both Telegram's and Discord's dark themes
(and, with its own border, on their light themes too). Every line also carries a word, so no
meaning rests on colour alone.

Fonts: DejaVu Sans (Latin, Cyrillic, Greek, Vietnamese), shipped in `fonts/` with its licence and
loaded by path, never looked up on the system, so every machine draws the same pixels. The two
faces are DejaVu 2.37 as Debian packages it (fonts-dejavu-core); LICENSE is upstream's text.
DejaVu has no CJK glyphs, so a chart asked for in Simplified Chinese is labelled in English
(the decision and its reasons: commands/charts/speech.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"

# Okabe–Ito.
ORANGE, SKY_BLUE, BLUISH_GREEN = (230, 159, 0), (86, 180, 233), (0, 158, 115)
YELLOW, BLUE, VERMILLION, REDDISH_PURPLE = (240, 228, 66), (0, 114, 178), (213, 94, 0), (204, 121, 167)

BACKGROUND = (21, 25, 30)
BORDER = (70, 78, 88)
TEXT = (236, 239, 242)
MUTED = (160, 168, 178)
GRID = (48, 54, 62)

LINE_COLOURS = {
    "entry": TEXT, "target": BLUISH_GREEN, "stop": YELLOW,
    "liquidation": VERMILLION, "bankruptcy": REDDISH_PURPLE,
}
LEVEL_COLOURS = {"ok": BLUISH_GREEN, "info": SKY_BLUE, "warn": ORANGE, "danger": VERMILLION}
LOSS_FILL = VERMILLION + (46,)     # drawn with alpha over the background
DAILY_FILL = SKY_BLUE + (40,)
DAILY_EDGE = SKY_BLUE

# Sizes in pixels. Telegram shows a photo about 400 px wide on a phone, so 800 px art is halved:
# 22 px type reads as 11 pt there, the smallest that stays legible.
WIDTH = 800
LADDER_HEIGHT = 1000
BARS_MIN_HEIGHT = 500
MARGIN = 24
TITLE_SIZE, SUBTITLE_SIZE, LABEL_SIZE, SMALL_SIZE = 30, 20, 22, 18
MIN_SIZE = 14  # text shrinks to fit, but not below this; past it, it is cut with an ellipsis
LINE_WIDTH = 3


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """One loaded face per (size, weight) per process: loading costs more than drawing a label."""
    return ImageFont.truetype(str(FONT_DIR / (BOLD if bold else REGULAR)), size)


def fit(text: str, size: int, max_width: float, bold: bool = False) -> tuple[str, ImageFont.FreeTypeFont]:
    """The text and a face in which it fits `max_width`: the given size if it fits, else smaller
    down to MIN_SIZE, else cut with an ellipsis. A title must never run off the canvas."""
    for candidate in range(size, MIN_SIZE - 1, -2):
        face = font(candidate, bold)
        if face.getlength(text) <= max_width:
            return text, face
    face = font(MIN_SIZE, bold)
    while text and face.getlength(text + "…") > max_width:
        text = text[:-1]
    return text + "…", face


def text_height(face: ImageFont.FreeTypeFont) -> int:
    """Height of one line of this face, ascender to descender, so boxes hold any glyph."""
    ascent, descent = face.getmetrics()
    return ascent + descent
