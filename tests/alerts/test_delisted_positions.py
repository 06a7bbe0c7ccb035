"""A saved position whose contract the venue delisted: its owner is told once by direct message
(not skipped silently), and /positions and /position say "delisted" on it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from commands.dispatch import dispatch
from commands.invocation import Invocation
from core.markets import CATALOGUE
from tests.alerts.conftest import OWNER, btc_long

SOL = [{"floor": "0", "cap": "50000", "max_leverage": "50", "mmr": "0.01", "maintenance_amount": "0"}]


@pytest.fixture
def doge_delisted(monkeypatch):
    """Binance USDⓈ-M refreshed with SOLUSDT only: every other shipped contract, DOGEUSDT among
    them, is kept and marked delisted (core/markets/catalogue.py)."""
    monkeypatch.setattr(CATALOGUE, "_books", dict(CATALOGUE._books))
    report = CATALOGUE.install("binance", "linear", {"SOLUSDT": SOL}, "test refresh", "2026-11-29",
                               fetched_at=datetime(2026, 11, 29, tzinfo=timezone.utc))
    assert "DOGEUSDT" in report.delisted


async def test_the_owner_is_told_once_and_the_listing_says_delisted(world, doge_delisted) -> None:
    doge = await world.saved(btc_long(symbol="DOGE", entry=Decimal("0.3"), quantity=Decimal("1000"),
                                      leverage=Decimal("10")))
    await world.alerts.change_settings(OWNER, enabled=True)
    report = await world.job.tick()
    assert report.sent == 1
    [(user, notice)] = world.messenger.direct_messages
    assert user == "1001" and notice.private
    assert notice.title == f"#{doge} DOGE long: contract delisted"
    assert notice.lines[0].value.startswith("DOGEUSDT was delisted from Binance USDⓈ-M (last table as of 2026-05-01)")
    assert f"/delete {doge}" in notice.notes[0]
    world.clock.advance(hours=24)
    assert (await world.job.tick()).sent == 0          # once, not every poll or every repeat window
    assert len(world.messenger.direct_messages) == 1

    context = replace(world.context, store=world.positions)
    listing = await dispatch(Invocation(text="/positions", platform="telegram", user_id="1001"), context)
    [row] = listing.result["positions"]
    assert row["delisted"] is True and listing.lines[0].value.startswith("delisted: DOGEUSDT was delisted")
    one = await dispatch(Invocation(text=f"/position {doge}", platform="telegram", user_id="1001"), context)
    assert one.error is not None and "DOGEUSDT was delisted" in one.error.message


async def test_a_position_without_a_liquidation_price_is_not_called_delisted(world) -> None:
    await world.saved(btc_long(leverage=Decimal("1")))   # a 1x long: no liquidation price, still listed
    await world.alerts.change_settings(OWNER, enabled=True)
    assert (await world.job.tick()).sent == 0
    assert world.messenger.direct_messages == []
