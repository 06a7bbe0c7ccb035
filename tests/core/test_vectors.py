"""Every published and open-source liquidation vector, matched to its stated tolerance.

The vectors (with their source and status) live in tests/liquidation_vectors.json, copied from the
project's research; each test id is the vector id, and the source is shown when a vector fails.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from core.liquidation import PositionSpec, liquidation
from core.markets import HISTORICAL_BINANCE_USDM, SHIPPED, Catalogue

VECTORS = json.loads((Path(__file__).parent.parent / "liquidation_vectors.json").read_text("utf-8"))

# B1/B2: the other leg's maintenance margin and unrealised PnL, at mark, as the FAQ defines them.
OTHER_LEG = {
    "B1": (Decimal("3683.979") * Decimal("1335.18") * Decimal("0.10") - 135365,
           (Decimal("1335.18") - Decimal("1456.84")) * Decimal("3683.979")),
    "B2": (Decimal("109.488") * Decimal("31967.27") * Decimal("0.025") - 16300,
           (Decimal("31967.27") - Decimal("32481.98")) * Decimal("109.488")),
}


def _d(value):
    return None if value is None else Decimal(str(value))


def spec_of(v: dict) -> PositionSpec:
    cross = v["margin_mode"] == "cross"
    other_mm, other_upnl = OTHER_LEG.get(v["id"], (Decimal(0), Decimal(0)))
    # Vectors whose formula has no fee carry fee null; the venue's own formula ignores it there.
    return PositionSpec(
        venue=v["venue"], symbol="BTC", side=1 if v["side"] == "long" else -1, entry=_d(v["entry"]),
        contract=v["contract"], margin_mode=v["margin_mode"], leverage=_d(v["leverage"]),
        quantity=_d(v["quantity"]), notional=_d(v["notional_usd"]),
        margin=None if cross else _d(v["margin_or_balance"]), balance=_d(v["margin_or_balance"]) if cross else None,
        mmr=_d(v["mmr"]), cum=_d(v["maintenance_amount"]), fee=_d(v["fee"]) if v["fee"] is not None else Decimal(0),
        other_maintenance=other_mm, other_upnl=other_upnl)


@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_vector(vector):
    result = liquidation(spec_of(vector))
    expected = Decimal(str(vector["expected_liquidation_price"]))
    assert result.liquidation_price is not None, vector["source"]
    rel = abs(result.liquidation_price - expected) / expected
    assert rel <= Decimal(str(vector["tolerance_rel"])), f"{vector['id']} ({vector['source']}): {result.liquidation_price}"


def test_vectors_cover_every_venue_in_the_research():
    assert {v["venue"] for v in VECTORS} == {"binance", "bybit", "okx", "hyperliquid"}
    assert len(VECTORS) == 22


def test_binance_first_tier_headline_example():
    # Source: Binance USDⓈ-M one-position formula on the shipped BTCUSDT table (2026-05-01), bracket 1
    # 0–300,000 at MMR 0.4%, cum 0 (the 2024-10-24 table had the same rate): (60000/25 − 60000)/(0.004 − 1)
    # = 57,831.3253...
    r = liquidation(PositionSpec("binance", "BTC", 1, Decimal(60000), leverage=Decimal(25)))
    assert r.liquidation_price.quantize(Decimal("0.01")) == Decimal("57831.33")
    assert r.bankruptcy_price == Decimal(57600)
    assert not r.sized and r.tier.number == 1
    assert r.table.as_of == "2026-05-01" and r.contract_symbol == "BTCUSDT"


def test_stale_coinm_maintenance_amount_reproduces_the_users_wrong_answer():
    # Source: dev.binance.vision thread (C1): the stale cum 11.81 gives 33,578.86, the calculator 33,599.40.
    base = dict(venue="binance", symbol="BTC", side=1, entry=Decimal(45000), contract="inverse",
                margin_mode="cross", notional=Decimal(10_000_000), balance=Decimal(101), mmr=Decimal("0.125"))
    stale = liquidation(PositionSpec(**base, cum=Decimal("11.81"))).liquidation_price
    assert abs(stale - Decimal("33578.86")) < Decimal("0.01")


HISTORICAL = Catalogue({**SHIPPED, ("binance", "linear"): HISTORICAL_BINANCE_USDM})


def test_tier_is_chosen_at_the_liquidation_price_not_at_entry_on_the_2024_table():
    # Computed on the 2024-10-24 BTCUSDT snapshot (core/data/historical/), explicitly: entry notional
    # 620,000 is in bracket 3 (600k–3M) but at 10x the notional at LP (~558k) is in bracket 2
    # (50k–600k, MMR 0.5%, cum 50); the self-consistent answer uses bracket 2.
    r = liquidation(PositionSpec("binance", "BTC", 1, Decimal(62000), leverage=Decimal(10), quantity=Decimal(10)),
                    HISTORICAL)
    assert r.table.as_of == "2024-10-24"
    assert r.tier.number == 2
    assert r.tier.holds(r.quantity * r.liquidation_price)
    expected = (Decimal(620000) - Decimal(62000) - 50) / (Decimal(10) * (1 - Decimal("0.005")))
    assert r.liquidation_price == expected


def test_tier_is_chosen_at_the_liquidation_price_not_at_entry():
    # Shipped BTCUSDT table (2026-05-01): bracket 2 is 300,000–800,000 at MMR 0.5%, cum 300; bracket 3
    # 800,000–3,000,000 at 0.65%, cum 1,500. Long 13 BTC at 62,000, 10x: entry notional 806,000 is in
    # bracket 3, WB = 80,600. Bracket 3 at LP: (806,000 − 80,600 − 1,500)/(13·0.9935) = 56,048.93, notional
    # 728,636 < 800,000: not in bracket 3. Bracket 2: (806,000 − 80,600 − 300)/(13·0.995) = 56,057.21,
    # notional 728,744 in [300,000, 800,000): kept.
    r = liquidation(PositionSpec("binance", "BTC", 1, Decimal(62000), leverage=Decimal(10), quantity=Decimal(13)))
    assert r.table.as_of == "2026-05-01"
    assert r.max_leverage_at_entry == 75  # bracket 3, where the entry notional is
    assert (r.tier.number, r.tier.mmr, r.tier.maintenance_amount) == (2, Decimal("0.005"), 300)
    expected = (Decimal(806000) - Decimal(80600) - 300) / (Decimal(13) * (1 - Decimal("0.005")))
    assert r.liquidation_price == expected
    assert r.liquidation_price.quantize(Decimal("0.01")) == Decimal("56057.21")
