"""Liveness for container health checks: the running bot touches a heartbeat file; `riskbot health`
says whether it was touched recently. It asks the process itself (through the file it writes),
not a port, so it works the same for polling, webhooks and the gateway."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

INTERVAL = 15.0
MAX_AGE = 60.0


def heartbeat_path(db_path: Path) -> Path:
    return db_path.parent / "heartbeat"


def beat(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{time.time():.0f}\n", encoding="ascii")


async def keep_beating(path: Path, interval: float = INTERVAL) -> None:
    while True:
        await asyncio.to_thread(beat, path)
        await asyncio.sleep(interval)


def check(path: Path, max_age: float = MAX_AGE, now: float | None = None) -> tuple[bool, str]:
    try:
        age = (now if now is not None else time.time()) - path.stat().st_mtime
    except FileNotFoundError:
        return False, f"no heartbeat at {path}"
    if age > max_age:
        return False, f"last heartbeat {age:.0f}s ago"
    return True, f"ok ({age:.0f}s ago)"
