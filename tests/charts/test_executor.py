"""ChartRenderer: charts are drawn off the loop, a burst is bounded, and a chart that would wait
too long is skipped (None) so the text answer goes out alone. Real drawing, real pools; the
skip tests hold the drawer on an Event so the queue state is exact, not timing luck."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.charts import attach, render
from bot.charts.executor import SKIPPED_NOTE, ChartRenderer
from tests.charts import cases
from tests.charts.images import assert_fits_telegram
from tests.charts.stall import worst_stall

STALL_AIM_MS = 20


class HeldDrawer:
    """A drawer that waits for `release` before drawing, so a test decides when work finishes."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = 0

    def __call__(self, chart) -> bytes:
        self.started += 1
        self.release.wait(10)
        return render.render(chart)


async def test_renders_png_off_the_loop_in_a_thread():
    async with ChartRenderer("thread") as renderer:
        data = await renderer.render(cases.typical_ladder())
    assert_fits_telegram(data)
    assert data == render.render(cases.typical_ladder())
    assert renderer.rendered == 1
    attached = attach.attachment(cases.typical_ladder(), data)
    assert (attached.filename, attached.media_type) == ("price-ladder.png", "image/png")


async def test_a_process_pool_gives_the_same_bytes():
    charts = [cases.typical_ladder(), cases.typical_leverage(), cases.typical_overview()]
    async with ChartRenderer("process", workers=1) as renderer:
        got = await asyncio.gather(*(renderer.render(c) for c in charts))
    assert got == [render.render(c) for c in charts]


async def test_a_full_queue_skips_at_once():
    drawer = HeldDrawer()
    renderer = ChartRenderer("thread", workers=1, max_pending=2, deadline=5, draw=drawer)
    try:
        held = [asyncio.create_task(renderer.render(cases.typical_leverage())) for _ in range(2)]
        await asyncio.sleep(0.05)
        assert renderer.pending == 2
        assert await asyncio.wait_for(renderer.render(cases.typical_leverage()), 0.05) is None
        assert renderer.skipped_full == 1
        drawer.release.set()
        assert all(await asyncio.gather(*held))
        assert renderer.pending == 0
    finally:
        drawer.release.set()
        await renderer.close()


async def test_past_the_deadline_the_chart_is_skipped_and_a_queued_one_withdrawn():
    drawer = HeldDrawer()
    renderer = ChartRenderer("thread", workers=1, max_pending=4, deadline=0.1, draw=drawer)
    try:
        first, second = await asyncio.gather(renderer.render(cases.typical_ladder()),
                                             renderer.render(cases.typical_ladder()))
        assert first is None and second is None and renderer.skipped_late == 2
        assert renderer.pending == 1, "the one being drawn keeps its place; the queued one was withdrawn"
        drawer.release.set()
        for _ in range(100):
            if renderer.pending == 0:
                break
            await asyncio.sleep(0.02)
        assert renderer.pending == 0 and drawer.started == 1
    finally:
        drawer.release.set()
        await renderer.close()


async def test_a_drawing_failure_costs_only_the_chart(caplog):
    def broken(chart) -> bytes:
        raise RuntimeError("boom")

    async with ChartRenderer("thread", draw=broken) as renderer:
        assert await renderer.render(cases.typical_ladder()) is None
    assert renderer.failed == 1 and "chart failed to render" in caplog.text


async def test_sixteen_charts_at_once_never_stall_the_loop():
    """The issue's measure: the longest time the loop is held while 16 charts render. The
    default renderer; the burst fits its bound when the bound is 16."""
    charts = ([cases.typical_ladder(), cases.typical_leverage(), cases.typical_overview()] * 6)[:16]
    async with ChartRenderer(max_pending=16, deadline=30) as renderer:
        results, stall_ms = await worst_stall(asyncio.gather(*(renderer.render(c) for c in charts)))
    assert all(results)
    assert stall_ms < STALL_AIM_MS, f"loop stalled {stall_ms:.1f} ms"


async def test_a_burst_beyond_the_bound_is_partly_skipped_and_still_does_not_stall():
    charts = [cases.typical_ladder()] * 24
    async with ChartRenderer("thread", max_pending=8, deadline=30) as renderer:
        results, stall_ms = await worst_stall(asyncio.gather(*(renderer.render(c) for c in charts)))
    drawn = [r for r in results if r is not None]
    assert len(drawn) == 8 and renderer.skipped_full == 16
    assert stall_ms < STALL_AIM_MS


def test_settings_are_checked_and_the_note_reads_as_a_sentence():
    for bad in ({"mode": "gpu"}, {"workers": 0}, {"max_pending": 0}, {"deadline": 0}):
        with pytest.raises(ValueError):
            ChartRenderer(**bad)
    assert SKIPPED_NOTE.endswith(".") and "chart" in SKIPPED_NOTE
