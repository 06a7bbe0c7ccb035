"""/portfolio: the user's saved cross positions through core/portfolio.py.

Input design: `balance=` is the cross wallet; `mark=` gives mark prices, `mark=31967.27` when every
cross position is in one symbol, else `mark=BTC:31967.27,ETH:1335.18`; a symbol without a mark is
valued at its (average) entry. Tiers come from each position's saved mmr=/cum= or the shipped table.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from core.portfolio import CrossLeg, cross_liquidation
from core.tiers import load_table
from tests.positions.conftest import Chat, needs_overrides

OWNER = "telegram:1001"
BTC_TABLE = load_table("binance_usdm_brackets.json", "BTCUSDT", "notional_at_lp")
ETH_TABLE = load_table("binance_usdm_brackets.json", "ETHUSDT", "notional_at_lp")


@needs_overrides
async def test_faq_cross_example_through_the_command(opted_in: Chat) -> None:
    # Binance FAQ B1/B2: the FAQ used its 2021 tables, so the tiers go in as the positions' mmr=/cum=.
    await opted_in.ok("/save long BTC 32481.98 cross 20x qty=109.488 mmr=2.5% cum=16300")
    await opted_in.ok("/save long ETH 1456.84 cross 10x qty=3683.979 mmr=10% cum=135365")
    reply = await opted_in.ok("/portfolio balance=1535443.01 mark=BTC:31967.27,ETH:1335.18")
    btc, eth = reply.result["symbols"]
    assert abs(btc["liquidation_price"] - 26316.8933) < 1e-4 and abs(eth["liquidation_price"] - 1153.2565) < 1e-4
    assert btc["other_maintenance"] == pytest.approx(356512.508122) and btc["other_upnl"] == pytest.approx(-448192.88514)
    assert reply.private and "26,316.89" in reply.lines[0].value and "1,153.26" in reply.lines[1].value


async def test_the_command_matches_core_with_the_shipped_tables_and_entry_marks(opted_in: Chat) -> None:
    await opted_in.ok("/save long BTC 60000 cross 10x qty=2")
    await opted_in.ok("/save short ETH 3000 cross 10x qty=20")
    await opted_in.ok("/save long BTC 61000 25x qty=1")            # isolated: not counted
    reply = await opted_in.ok("/portfolio balance=20000")
    expected = cross_liquidation(D(20000), [CrossLeg("BTC", 1, D(2), D(60000), BTC_TABLE),
                                            CrossLeg("ETH", -1, D(20), D(3000), ETH_TABLE)],
                                 {"BTC": D(60000), "ETH": D(3000)})
    got = {s["symbol"]: s["liquidation_price"] for s in reply.result["symbols"]}
    assert got == {s.symbol: pytest.approx(float(s.liquidation_price), abs=1e-6) for s in expected.symbols}
    assert reply.result["upnl"] == 0 and reply.result["excluded_ids"] == [3]
    assert any("#3 (isolated)" in note for note in reply.notes)
    assert any("(entry)" in note for note in reply.notes)
    assert "cross_whole_balance" in [w.code for w in reply.warnings]


async def test_a_long_and_a_short_of_one_symbol_share_one_price(opted_in: Chat) -> None:
    await opted_in.ok("/save long BTC 60000 cross 10x qty=3")
    await opted_in.ok("/save short BTC 62000 cross 10x qty=1")
    reply = await opted_in.ok("/portfolio balance=30000")
    [btc] = reply.result["symbols"]
    assert btc["hedge"] is True and [p["side"] for p in btc["positions"]] == ["long", "short"]
    assert reply.lines[0].label == "BTC hedge #1 long + #2 short"


async def test_portfolio_needs_a_balance_and_cross_positions(opted_in: Chat) -> None:
    assert (await opted_in.say("/portfolio")).error.code == "usage"
    empty = await opted_in.ok("/portfolio balance=1000")
    assert empty.result == {"symbols": []} and "cross" in empty.title


@needs_overrides
async def test_a_symbol_without_a_shipped_table_uses_its_saved_mmr(opted_in: Chat) -> None:
    # XYZ is not listed on Binance USDⓈ-M (SOL, used here before, now has a shipped table).
    refused = await opted_in.say("/save long XYZ 150 cross 10x qty=100")
    assert refused.error.code == "usage" and "mmr=" in refused.error.message
    await opted_in.ok("/save long XYZ 150 cross 10x qty=100 mmr=1%")
    reply = await opted_in.ok("/portfolio balance=2000")
    [xyz] = reply.result["symbols"]
    assert xyz["positions"][0]["mmr"] == 0.01 and any("XYZ: your mmr=" in note for note in reply.notes)


async def test_mark_prices_must_name_known_symbols(opted_in: Chat) -> None:
    await opted_in.ok("/save long BTC 60000 cross 10x qty=1")
    await opted_in.ok("/save long ETH 3000 cross 10x qty=10")
    assert "say which mark" in (await opted_in.say("/portfolio balance=5000 mark=59000")).error.message
    unknown = await opted_in.say("/portfolio balance=5000 mark=XRP:1")
    assert "XRP" in unknown.error.message and unknown.error.code == "usage" and unknown.private
    one = await opted_in.ok("/portfolio balance=5000 mark=BTC:59000")
    assert [s["mark"] for s in one.result["symbols"]] == [59000, 3000]


async def test_one_symbol_takes_a_bare_mark(opted_in: Chat) -> None:
    await opted_in.ok("/save short BTC 60000 cross 10x qty=1")
    reply = await opted_in.ok("/portfolio balance=8000 mark=61,500")
    [btc] = reply.result["symbols"]
    assert btc["mark"] == 61500 and reply.result["upnl"] == -1500


async def test_liq_cross_with_only_a_balance_is_the_portfolio(opted_in: Chat) -> None:
    """The issue's form, `/liq cross balance=10000`, over the saved cross positions."""
    await opted_in.ok("/save long BTC 60000 cross 10x qty=2")
    await opted_in.ok("/save short ETH 3000 cross 10x qty=20")
    via_liq = await opted_in.ok("/liq cross balance=20000")
    via_portfolio = await opted_in.ok("/portfolio balance=20000")
    assert via_liq.private and via_liq.result == via_portfolio.result
    assert via_liq.lines == via_portfolio.lines
    one = await opted_in.say("/liq cross balance=20000 long BTC 60000 10x")      # a position named: /liq as ever
    assert one.ok and one.command == "liq" and "liquidation_price" in one.result


async def test_the_title_counts_one_position_in_the_singular(opted_in: Chat) -> None:
    await opted_in.ok("/save long BTC 60000 cross 10x qty=2")
    assert (await opted_in.ok("/portfolio balance=20000")).title == "Cross margin · Binance USDⓈ-M · 1 position"
    await opted_in.ok("/save short ETH 3000 cross 10x qty=20")
    assert (await opted_in.ok("/portfolio balance=20000")).title == "Cross margin · Binance USDⓈ-M · 2 positions"
