"""Helpers for checking a rendered chart as an image: decode it, and hold it to the platforms'
photo limits. Structural checks only; no golden bytes, so a font hinting change cannot fail them."""

from __future__ import annotations

import io
from itertools import combinations

from PIL import Image

from bot.charts.geometry import Text

TELEGRAM_PHOTO_BYTES = 10 * 1024 * 1024
TELEGRAM_SIDES_SUM = 10_000
TELEGRAM_RATIO = 20


def decode(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG" and image.mode == "RGB"
    return image


def assert_fits_telegram(data: bytes) -> Image.Image:
    image = decode(data)
    width, height = image.size
    assert len(data) <= TELEGRAM_PHOTO_BYTES
    assert width + height <= TELEGRAM_SIDES_SUM
    assert max(width, height) / min(width, height) <= TELEGRAM_RATIO
    return image


def assert_text_on_canvas_and_apart(texts: tuple[Text, ...], width: int, height: int) -> None:
    """Every run of text lies inside the canvas and no two runs share a pixel."""
    shown = [t for t in texts if t.text]
    for run in shown:
        assert run.box.inside(width, height), (run.text, run.box)
    for a, b in combinations(shown, 2):
        assert not a.box.intersects(b.box), (a.text, b.text)
