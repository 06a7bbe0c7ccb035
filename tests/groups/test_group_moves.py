"""The group store's move (a Telegram group upgraded to a supergroup), at the port.

Through Telegram end to end: tests/telegram/test_group_upgrade_e2e.py. Here, what any backend of
`GroupStore.move_group` must do: move settings, trail and schedules in one go, audit it once,
do nothing the second time, and keep what the new id already had.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal

from commands.context import Context
from commands.groups.moves import group_moved

OLD, NEW = "telegram:-5001", "telegram:-1005001"


async def test_everything_moves_once_and_the_move_is_audited(groups) -> None:
    await groups.change(OLD, "telegram:1", {"default_venue": "bybit", "leverage_threshold": Decimal("15")})
    await groups.schedule(OLD, "-5001", "ladder", timedelta(hours=6), "telegram:1")
    await groups.schedule(OLD, "-5001/3", "basics", timedelta(hours=6), "telegram:1")
    assert await groups.move_group(OLD, NEW, "upgraded") is True
    assert await groups.move_group(OLD, NEW, "upgraded") is False   # idempotent
    assert (await groups.settings(NEW)).default_venue == "bybit"
    assert (await groups.settings(OLD)).default_venue is None
    assert sorted(s.channel for s in await groups.schedules(NEW)) == ["-1005001", "-1005001/3"]
    assert await groups.schedules(OLD) == [] and await groups.recent(OLD, 10) == []
    trail = await groups.recent(NEW, 10)
    assert [e.action for e in trail] == ["moved", "schedule", "schedule", "settings"]
    assert "2 schedules" in trail[0].detail and "3 audit entries" in trail[0].detail


async def test_two_moves_at_once_move_once(groups) -> None:
    await groups.change(OLD, "telegram:1", {"default_venue": "okx"})
    results = await asyncio.gather(*(group_moved(Context(groups=groups), "telegram", "-5001", "-1005001")
                                     for _ in range(4)))
    assert sorted(results) == [False, False, False, True]
    assert [e.action for e in await groups.recent(NEW, 10)] == ["moved", "settings"]


async def test_the_new_ids_own_settings_and_schedules_win(groups) -> None:
    await groups.change(OLD, "telegram:1", {"default_venue": "bybit"})
    await groups.schedule(OLD, "-5001", "ladder", timedelta(hours=6), "telegram:1")
    await groups.change(NEW, "telegram:1", {"default_venue": "okx"})
    await groups.schedule(NEW, "-1005001", "basics", timedelta(hours=1), "telegram:1")
    assert await groups.move_group(OLD, NEW, "upgraded") is True
    assert (await groups.settings(NEW)).default_venue == "okx"
    [kept] = await groups.schedules(NEW)
    assert kept.template == "basics"
