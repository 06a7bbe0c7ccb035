"""Draw charts off the event loop, and never let a burst of them delay a text answer.

`ChartRenderer.render(chart)` returns PNG bytes, or None when the chart would wait too long: the
pool already holds `max_pending` charts (queued or drawing), or this one is not done within
`deadline` seconds. The caller then sends the text answer alone with `SKIPPED_NOTE`. A chart that
times out while still queued is withdrawn; one already being drawn finishes and is dropped, and
it keeps its place in the bound until then, so the bound counts real work, not waiting callers.

Workers: one process by default, chosen by measurement (benchmarks/charts.py, 16 charts at once
on a 2-vCPU host, the median over rounds of each round's worst stall): one process 1.3 ms, one
thread 4.4 ms, two threads 8.3 ms, two processes 4.4 ms, idle loop 2.5 ms, drawing on the loop
31 ms. Pillow drops the GIL while it encodes the PNG (about half of an image's time), which is why
one thread is nearly as good; but layout and text still hold the GIL, and the loop then queues
behind the drawer for it. A process shares nothing with the loop but a pipe. Its costs: about a
second to spawn and import Pillow, so call `start()` at start-up (in a task: it does not hold the
loop); 34 MB resident; pickling a few hundred bytes in and ~50 kB out. `mode="thread"` needs
none of that and still keeps the stall far under the 20 ms aim.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor

from commands.charts.model import Chart
from core.i18n import N_

log = logging.getLogger(__name__)

SKIPPED_NOTE = N_("No chart this time: too many are being drawn right now. Ask again in a moment.")
MODES = ("thread", "process")


def _render(chart: Chart) -> bytes:
    from bot.charts.render import render  # imported in the worker: Pillow loads where it draws
    return render(chart)


def _warm() -> None:
    """Load Pillow and the fonts before the first chart, so it does not pay for them."""
    from bot.charts import style
    for size in (style.TITLE_SIZE, style.SUBTITLE_SIZE, style.LABEL_SIZE, style.SMALL_SIZE):
        style.font(size), style.font(size, True)


class ChartRenderer:
    def __init__(self, mode: str = "process", workers: int = 1, max_pending: int = 8, deadline: float = 1.0,
                 draw: Callable[[Chart], bytes] = _render) -> None:
        if mode not in MODES:
            raise ValueError(f"mode is one of {MODES}")
        if workers < 1 or max_pending < 1 or deadline <= 0:
            raise ValueError("workers, max_pending and deadline must be positive")
        self.mode, self.workers, self.max_pending, self.deadline = mode, workers, max_pending, deadline
        self._draw = draw
        self._pool: Executor | None = None
        self._pending = 0
        self._lock = threading.Lock()  # released from worker threads, taken on the loop
        self.rendered = self.skipped_full = self.skipped_late = self.failed = 0

    def _executor(self) -> Executor:
        if self._pool is None:
            if self.mode == "thread":
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="chart", initializer=_warm)
            else:  # spawn: a forked child of a process with running threads can inherit a held lock
                self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_warm)
        return self._pool

    async def start(self) -> None:
        """Start the workers now (at bot start-up) rather than on the first chart: a spawned
        process takes a few hundred ms to import Pillow."""
        pool = self._executor()
        await asyncio.gather(*(asyncio.wrap_future(pool.submit(_warm)) for _ in range(self.workers)))

    @property
    def pending(self) -> int:
        return self._pending

    def _release(self, _: Future) -> None:
        with self._lock:
            self._pending -= 1

    async def render(self, chart: Chart) -> bytes | None:
        """The chart as PNG bytes, or None if it would wait too long (or, a bug, failed to draw)."""
        with self._lock:
            if self._pending >= self.max_pending:
                self.skipped_full += 1
                return None
            self._pending += 1
        try:
            job = self._executor().submit(self._draw, chart)
        except RuntimeError:  # the pool is shutting down
            with self._lock:
                self._pending -= 1
            return None
        job.add_done_callback(self._release)
        waiter = asyncio.wrap_future(job)
        done, _ = await asyncio.wait({waiter}, timeout=self.deadline)
        if not done:
            job.cancel()  # withdrawn if still queued; a chart being drawn runs on and is dropped
            waiter.cancel()
            self.skipped_late += 1
            return None
        try:
            data = waiter.result()
        except Exception:  # a drawing bug must not cost the user the text answer
            log.exception("chart failed to render: %s", type(chart).__name__)
            self.failed += 1
            return None
        self.rendered += 1
        return data

    async def close(self) -> None:
        """Stop the workers; charts still queued are withdrawn."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await asyncio.to_thread(pool.shutdown, True, cancel_futures=True)

    async def __aenter__(self) -> ChartRenderer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
