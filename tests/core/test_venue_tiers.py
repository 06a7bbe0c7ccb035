"""The readers that turn Bitget, Gate, MEXC and BloFin tier fields into tiers, and the shipped
snapshots' honesty: every row used is complete, carries its source and date, and says what is
partial. Reader inputs below are in each venue's documented shape; where a number is only there
to fill the shape, the comment says so.
"""

from __future__ import annotations

from core.markets import CATALOGUE, SHIPPED

import json
from decimal import Decimal as D
from importlib import resources

import pytest

from core.tiers import load_table
from core.venue_tiers import (bitget_tiers, blofin_tiers, gate_tiers, maintenance_ceiling, mexc_tiers, offsets,
                              opened_before)
from core.venues import VENUES

NEW = ("bitget", "gate", "mexc", "blofin")


def test_offsets_follow_the_cum_recursion():
    # Binance's FAQ illustration of the same rule: 250,000 × (1% − 0.5%) + 50 = 1,300.
    assert offsets([D(0), D(50_000), D(250_000)], [D("0.004"), D("0.005"), D("0.01")]) == (0, 50, 1300)


def test_bitget_reader_derives_the_offset():
    # Shape of query-position-lever; rates and bounds are the article's, leverage only fills the shape.
    rows = [{"level": "2", "startUnit": "200000", "endUnit": "330000", "leverage": "1", "keepMarginRate": "0.005"},
            {"level": "1", "startUnit": "0", "endUnit": "200000", "leverage": "1", "keepMarginRate": "0.004"}]
    one, two = bitget_tiers(rows)
    assert (one.number, one.maintenance_amount, two.maintenance_amount) == (1, 0, 200)


def test_gate_reader_takes_floors_from_the_previous_limit_and_keeps_the_deduction():
    # Shape of risk_limit_tiers; the numbers only fill it (the research gives no Gate rows).
    rows = [{"tier": 1, "risk_limit": "1000", "maintenance_rate": "0.01", "leverage_max": "50", "deduction": "0"},
            {"tier": 2, "risk_limit": "3000", "maintenance_rate": "0.02", "leverage_max": "25", "deduction": "10"}]
    one, two = gate_tiers(rows)
    assert (one.floor, one.cap, two.floor, two.cap, two.maintenance_amount) == (0, 1000, 1000, 3000, 10)


def test_mexc_levels_derived_from_the_risk_steps():
    # Synthetic contract detail: base 10,000 contracts, +200,000 per level, 0.4% then +0.4% per level,
    # 3 levels, contractSize 0.0001 BTC. By hand: 0–1 BTC at 0.4%, 1–21 BTC at 0.8%, 21–41 BTC at 1.2%.
    detail = {"maintenanceMarginRate": 0.004, "riskBaseVol": 10000, "riskIncrVol": 200000, "riskIncrMmr": 0.004,
              "riskLevelLimit": 3, "contractSize": 0.0001, "initialMarginRate": 0.008, "riskIncrImr": 0.004}
    tiers = mexc_tiers(detail)
    assert [(t.floor, t.cap, t.mmr) for t in tiers] == [
        (0, 1, D("0.004")), (1, 21, D("0.008")), (21, 41, D("0.012"))]
    assert [t.max_leverage for t in tiers] == [125, 83, 62]   # ⌊1/0.008⌋, ⌊1/0.012⌋, ⌊1/0.016⌋
    assert all(t.maintenance_amount == 0 for t in tiers)


def test_mexc_without_contract_size_counts_contracts_and_without_imr_uses_the_ceiling():
    detail = {"maintenanceMarginRate": "0.004", "riskBaseVol": "100", "riskIncrVol": "0", "riskIncrMmr": "0",
              "riskLevelLimit": "1"}
    (only,) = mexc_tiers(detail)
    assert (only.cap, only.max_leverage) == (100, maintenance_ceiling(D("0.004"))) == (100, 250)


def test_blofin_reader_counts_contracts():
    rows = [{"minSize": "0", "maxSize": "500", "maintenanceMarginRate": "0.004", "maxLeverage": "100"}]
    (only,) = blofin_tiers(rows)
    assert (only.floor, only.cap, only.maintenance_amount) == (0, 500, 0)


@pytest.mark.parametrize("bad", [
    [{"level": "1", "startUnit": "0", "endUnit": "200000", "leverage": "1", "keepMarginRate": ""}],
    [{"level": "1", "startUnit": "0", "endUnit": "100", "leverage": "1", "keepMarginRate": "0.004"},
     {"level": "2", "startUnit": "200", "endUnit": "300", "leverage": "1", "keepMarginRate": "0.005"}],
    [{"level": "1", "startUnit": "0", "endUnit": "100", "leverage": "1", "keepMarginRate": "NaN"}],
])
def test_readers_refuse_shapes_they_cannot_trust(bad):
    with pytest.raises(ValueError):
        bitget_tiers(bad)


def test_mexc_reader_refuses_absurd_level_counts():
    with pytest.raises(ValueError):
        mexc_tiers({"maintenanceMarginRate": 0.004, "riskBaseVol": 1, "riskIncrVol": 1, "riskIncrMmr": 0,
                    "riskLevelLimit": 10**9})


def _snapshot(filename: str) -> dict:
    return json.loads(resources.files("core").joinpath("data", filename).read_text("utf-8"))


@pytest.mark.parametrize("key", ("bitget", "mexc"))
def test_each_new_snapshot_says_where_it_comes_from_and_what_is_missing(key):
    data = _snapshot(SHIPPED[(key, "linear")])
    assert data["venue"] == key and data["source"] and data["as_of"] and data["notes"]
    rows = data["symbols"][CATALOGUE.resolve("BTC", key, "linear").contract.symbol]
    assert all(None not in row.values() for row in rows)          # rows with gaps would be dropped anyway
    # Each file says what is missing: "Partial: ..." beside its rows, or "No rows: ..." and why.
    assert any(note.startswith("Partial:" if rows else "No rows:") for note in data["notes"])


def test_shipped_offsets_match_the_derivation():
    table = load_table("bitget_usdt_futures_tiers.json", "BTCUSDT", "notional_at_lp")
    assert tuple(t.maintenance_amount for t in table.tiers) == offsets([t.floor for t in table.tiers],
                                                                       [t.mmr for t in table.tiers])


def test_no_invented_rows_for_gate_and_blofin():
    # The research gives no tier numbers for them: nothing ships, every answer asks for mmr= until
    # a refresh (bot/markets/) brings the venue's own table.
    for key in ("gate", "blofin"):
        assert (key, "linear") not in SHIPPED
        assert CATALOGUE.resolve("BTC", key, "linear").status == "no_table"


@pytest.mark.parametrize("text, before", [
    ("2025-11-09", True), ("2025-11-11", False), ("2025-11-10T07:59:59Z", True), ("2025-11-10T08:00", False),
    ("2025-11-10T09:30+02:00", True), ("2025-11-10 03:30-05:00", False),
])
def test_opened_is_compared_in_utc(text, before):
    assert opened_before(text, "2025-11-10T08:00:00+00:00") is before


@pytest.mark.parametrize("text", ["yesterday", "2025-13-01", "2025-02-29", "٢٠٢٥-١١-٠١", "2025-11-01T25:00", "9" * 60])
def test_unreadable_opened_dates_are_refused_in_words(text):
    from core.errors import CalculationError
    with pytest.raises(CalculationError):
        opened_before(text, "2025-11-10T08:00:00+00:00")
