"""Draws the three example charts shown in docs/charts.md, so the pictures in the docs are the
renderer's real output and can be remade after any change to it:

    .venv/bin/python docs/make_charts.py

The docs keep half-size copies (the full-size art is 800 px wide, meant to be shown at half that
on a phone): a few tens of kB each, so the repository carries no heavy binaries besides the font.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # run as a script: import the package and the shared cases from this checkout

from PIL import Image  # noqa: E402

from bot.charts import canvas, render  # noqa: E402
from tests.charts import cases  # noqa: E402

OUT = ROOT / "docs" / "charts"
EXAMPLES = {
    "price-ladder.png": cases.typical_ladder,
    "leverage-ladder.png": cases.typical_leverage,
    "positions.png": cases.typical_overview,
}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, example in EXAMPLES.items():
        picture = render.image(example())
        half = picture.resize((picture.width // 2, picture.height // 2), Image.Resampling.LANCZOS)
        data = canvas.png(half.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE))  # a palette PNG: small
        (OUT / name).write_bytes(data)
        print(f"docs/charts/{name}: {half.width}x{half.height}, {len(data) / 1024:.0f} kB")


if __name__ == "__main__":
    main()
