"""Saved positions keep their take-profit list and funding assumption (memory and SQLite alike),
show them on the card, and /positions names the next target."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commands.saved.store_port import PositionStore
from tests.positions.conftest import Chat

OWNER = "telegram:1001"


async def test_targets_and_funding_are_saved_and_shown(opted_in: Chat, store: PositionStore) -> None:
    await opted_in.ok("/save long BTC 60000 10x qty=1 sl=58000 tp=62000:50%,64000:30% funding=0.01% hold=3d")
    [row] = await store.list(OWNER)
    assert row.take_profit == 62000 and row.targets == "62000:0.5,64000:0.3" and row.funding == "0.0001/8/72"
    card = await opted_in.ok(f"/position {row.id}")
    # Half at 62,000: 0.5·2,000 − 0.0005·0.5·122,000 = 969.50 net; 9 fundings of 6 = 54 paid.
    assert [t["net_pnl"] for t in card.result["targets"]][0] == pytest.approx(969.5)
    assert card.result["funding_total"] == pytest.approx(-54) and card.result["left_open_pct"] == pytest.approx(20)
    listing = await opted_in.ok("/positions")
    assert "next target 62,000.00" in listing.lines[0].value
    assert listing.result["positions"][0]["next_target"] == 62000


async def test_a_single_take_profit_still_saves_as_before(opted_in: Chat, store: PositionStore) -> None:
    await opted_in.ok("/save short ETH 3000 10x qty=2 tp=2700")
    [row] = await store.list(OWNER)
    assert row.take_profit == Decimal(2700) and row.targets == "2700:1" and row.funding is None


async def test_live_funding_is_not_saved(opted_in: Chat, store: PositionStore) -> None:
    reply = await opted_in.say("/save long BTC 60000 10x qty=1 funding=live hold=1d")
    assert reply.error is not None and "funding=0.01%" in reply.error.message
    assert await store.list(OWNER) == []
