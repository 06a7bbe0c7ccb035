"""Chart input in, PNG bytes out: the one synchronous entry point, run off the event loop by
`ChartRenderer`. Module-level and picklable by name, so a process pool can call it too.

The renderer's own words (legends, "no liquidation") come from the same catalogue as the answer,
spoken in the language the chart was built in (`Chart.language`). The worker has no request
context, so `layout` sets it from the chart. A zh-CN chart was built in English and is drawn in
English: the bundled DejaVu font has no CJK glyphs (commands/charts/speech.py).
"""

from __future__ import annotations

from PIL import Image

from bot.charts import canvas
from bot.charts.bars import BarsLayout, draw_bars, ladder_bars, overview_bars
from bot.charts.ladder_draw import draw_ladder
from bot.charts.ladder_layout import LadderLayout, ladder_layout
from commands.charts.model import Chart, LeverageLadder, PositionsOverview, PriceLadder
from commands.charts.speech import speech_named
from core.i18n import speaking


def layout(chart: Chart) -> LadderLayout | BarsLayout:
    """Where everything goes, without drawing: what the tests check. Its words are in the chart's
    language."""
    if not isinstance(chart, (PriceLadder, LeverageLadder, PositionsOverview)):
        raise TypeError(f"not a chart: {type(chart).__name__}")
    with speaking(speech_named(chart.language, chart.regional)):
        if isinstance(chart, PriceLadder):
            return ladder_layout(chart)
        if isinstance(chart, LeverageLadder):
            return ladder_bars(chart)
        return overview_bars(chart)


def image(chart: Chart) -> Image.Image:
    placed = layout(chart)
    return draw_ladder(placed) if isinstance(placed, LadderLayout) else draw_bars(placed)


def render(chart: Chart) -> bytes:
    """The chart as PNG bytes; the same input always gives the same bytes."""
    return canvas.png(image(chart))

