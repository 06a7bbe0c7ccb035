"""How long the event loop goes without running: shared by the executor test and benchmarks/charts.py.

A probe coroutine asks to wake every millisecond and records how late each wake-up is. Any code
that holds the loop (or the GIL the loop thread needs) shows up as a late wake-up, so the largest
lateness is the longest stall a text answer would have waited behind.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from typing import Any

TICK = 0.001


class StallProbe:
    def __init__(self) -> None:
        self.late: list[float] = []
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(TICK)
            self.late.append(time.perf_counter() - asked - TICK)

    async def __aenter__(self) -> StallProbe:
        self._task = asyncio.create_task(self._run())
        await asyncio.sleep(0)  # let the probe take its first step before the work starts
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass

    @property
    def worst_ms(self) -> float:
        return max(self.late, default=0.0) * 1000


async def worst_stall(work: Awaitable[Any]) -> tuple[Any, float]:
    """Run `work` under a probe: its result and the longest stall in ms."""
    async with StallProbe() as probe:
        result = await work
    return result, probe.worst_ms
