"""Charts for riskbot answers: the price ladder of a position, the leverage ladder and the
positions overview, drawn with Pillow off the event loop.

`model` holds the inputs (plain data), `build` fills them from core results, `render` turns one
into PNG bytes, and `ChartRenderer` runs `render` in a worker with a bounded queue. Import the
renderer lazily (`bot.charts.executor`, `bot.charts.render`): the inputs need no Pillow.
"""
