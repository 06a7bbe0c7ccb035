"""Charts for riskbot answers: the price ladder of a position, the leverage ladder and the
positions overview, drawn with Pillow off the event loop.

The inputs live in `commands/charts/` (`model`: plain data; `build`: filled from core results),
because commands put them on their Reply and commands may not import `bot`. Here: `render` turns
one into PNG bytes, `ChartRenderer` runs `render` in a worker with a bounded queue, and `attach`
swaps a Reply's chart for the drawn image. Import the renderer lazily (`bot.charts.executor`,
`bot.charts.render`): the inputs need no Pillow.
"""
