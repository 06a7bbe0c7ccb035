"""A Reply's chart, drawn: what adapters call between `dispatch` and sending.

A command puts a chart spec on its Reply (`Reply.chart`, commands/charts/); the adapter awaits
`drawn(reply, renderer)`, which draws it in the `ChartRenderer`'s worker and returns the Reply
with the PNG as its attachment (`image/png`: Telegram sends it as a photo, Discord shows it in the
embed, the console writes it to the --chart file). A chart that would wait too long, or a bot run
without a renderer, gives the text answer alone with a note: never a slower answer.

No Pillow here: in the default process mode the image is drawn in the worker, and the bot's own
process never loads it.
"""

from __future__ import annotations

from dataclasses import replace

from bot.charts.executor import SKIPPED_NOTE, ChartRenderer
from commands.charts.model import Chart, LeverageLadder, PositionsOverview, PriceLadder
from commands.reply import Attachment, Reply
from core.i18n import N_, _, speaking

MEDIA_TYPE = "image/png"
FILENAMES = {PriceLadder: "price-ladder.png", LeverageLadder: "leverage-ladder.png",
             PositionsOverview: "positions.png"}
NOT_HERE = N_("No chart here: this bot runs without its chart renderer.")


def filename(chart: Chart) -> str:
    """The attachment name adapters use (Discord's embed refers to it as attachment://NAME)."""
    return FILENAMES[type(chart)]


def attachment(chart: Chart, data: bytes) -> Attachment:
    """Rendered bytes as the Reply's attachment; adapters tell a chart from an /export by its
    media type (`is_image`)."""
    return Attachment(filename(chart), data, MEDIA_TYPE)


def is_image(reply: Reply) -> bool:
    return reply.attachment is not None and reply.attachment.media_type == MEDIA_TYPE


async def drawn(reply: Reply, renderer: ChartRenderer | None) -> Reply:
    """`reply` with its chart drawn and attached, or with a note instead; unchanged if it has none."""
    chart = reply.chart
    if chart is None:
        return reply
    data = await renderer.render(chart) if renderer is not None else None
    if data is None:
        with speaking(reply.speech):   # after dispatch: the note joins the reply in its language
            note = _(SKIPPED_NOTE if renderer is not None else NOT_HERE)
        return replace(reply, chart=None, notes=(note, *reply.notes))
    return replace(reply, chart=None, attachment=attachment(chart, data))
