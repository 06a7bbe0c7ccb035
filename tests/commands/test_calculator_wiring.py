"""Issue 16 through dispatch: every figure derived by hand here from the published formulas.

Binance USDⓈ-M BTCUSDT (the catalogue snapshot as of 2026-05-01): tier 1 up to 300,000 notional,
MMR 0.4%, maintenance amount 0; tier 2 up to 800,000, MMR 0.5%, amount 300. Binance's isolated
long liquidation (FAQ "How to Calculate Liquidation Price"): LP = (Q·EP − WB − cum)/(Q·(1 − MMR)).
Taker fee 0.05% (Binance's VIP 0 USDⓈ-M taker rate, core/venues.py).
"""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from commands.dispatch import dispatch
from commands.invocation import Invocation
from commands.render_text import plain_text

FEE, MMR = D("0.0005"), D("0.004")
SIGNALS = Path(__file__).parent / "signals"


async def answer(text: str, reference: str | None = None):
    return await dispatch(Invocation(text=text, reference=reference))


async def result(text: str, reference: str | None = None) -> dict:
    reply = await answer(text, reference)
    assert reply.error is None, reply.error
    return reply.result


def close(value, expected: D) -> bool:
    return value == pytest.approx(float(expected), rel=1e-9)


def long_lp(entry: D, wallet: D, qty: D = D(1), mmr: D = MMR, cum: D = D(0)) -> D:
    return (qty * entry - wallet - cum) / (qty * (1 - mmr))


async def test_pnl_per_target_net_of_fees_and_rr_against_the_stop():
    r = await result("/pnl long BTC 60000 10x qty=1 sl=58000 tp=62000:50%,64000:30%")
    loss_per_btc = D(2000) + FEE * (D(60000) + D(58000))               # 2,059: the stop, fees in and out
    first = D("0.5") * 2000 - FEE * D("0.5") * (60000 + 62000)          # 969.5
    second = D("0.3") * 4000 - FEE * D("0.3") * (60000 + 64000)         # 1,181.4
    [t1, t2] = r["targets"]
    assert close(t1["net_pnl"], first) and close(t1["rr"], first / (loss_per_btc * D("0.5")))
    assert close(t2["net_pnl"], second) and close(t2["rr"], second / (loss_per_btc * D("0.3")))
    assert close(r["targets_net_pnl"], first + second)
    assert close(r["blended_rr"], (first + second) / (loss_per_btc * D("0.8")))
    assert close(r["left_open_pct"], D(20))


async def test_equal_parts_and_a_bad_list_gets_the_form():
    r = await result("/liq long BTC 60000 10x qty=3 tp=63000,66000,69000")
    assert [t["quantity"] for t in r["targets"]] == [1, 1, 1]
    bad = await answer("/liq long BTC 60000 10x tp=63000:60%,66000:50%")
    assert "more than 100%" in bad.error.message and "tp=64000:50%" in bad.example


@pytest.mark.parametrize("every, hold, intervals, maybe_more", [("8h", "3d", 9, False), ("4h", "3d", 18, False),
                                                               ("1h", "12h", 12, False), ("8h", "30h", 3, True)])
async def test_funding_over_n_intervals_and_the_liquidation_after_it(every, hold, intervals, maybe_more):
    reply = await answer(f"/pnl long BTC 60000 10x qty=1 funding=0.01% every={every} hold={hold}")
    r = reply.result
    per = -D("0.0001") * 60000                                            # a long pays 6 USDT each time
    assert r["funding_intervals"] == intervals and close(r["funding_total"], per * intervals)
    assert close(r["liquidation_after_funding"], long_lp(D(60000), D(6000) + per * intervals))
    assert ("one more funding time" in " ".join(reply.notes)) == maybe_more


async def test_a_short_receives_positive_funding_on_liq():
    r = await result("/liq short BTC 60000 10x qty=1 funding=0.01% hold=1d")
    assert close(r["funding_total"], D(3) * D(6))                         # 3 intervals, received


async def test_average_entry_and_the_liquidation_before_and_after():
    r = await result("/avg long BTC 0.5@60000 0.3@58000 25x")
    entry = (D("0.5") * 60000 + D("0.3") * 58000) / D("0.8")              # 59,250
    assert close(r["average_entry"], entry) and close(r["total_quantity"], D("0.8"))
    assert close(r["margin"], D("0.8") * entry / 25)                      # 1,896
    assert close(r["liquidation_price"], entry * (1 - D(1) / 25) / (1 - MMR))
    assert close(r["first_fill_liquidation"], D(60000) * (1 - D(1) / 25) / (1 - MMR))


async def test_margin_to_add_for_a_target_liquidation_across_a_tier_change():
    # 10 BTC at 60,000, 10x: margin 60,000; at its LP the notional is ~542,000, tier 2.
    r = await result("/liq long BTC 60000 10x qty=10 liq=25000")
    assert r["tier"] == 2 and close(r["liquidation_price"], long_lp(D(60000), D(60000), D(10), D("0.005"), D(300)))
    # At 25,000 the notional is 250,000: tier 1, so W = Q·EP − LP·Q·(1 − MMR) = 600,000 − 249,000.
    assert close(r["margin_needed"], D(351000)) and close(r["margin_to_add"], D(291000))
    # Round trip: that margin added back through addmargin= puts the liquidation at the target.
    back = await result("/liq long BTC 60000 10x qty=10 addmargin=291000")
    assert close(back["liquidation_after_margin"], D(25000))


async def test_the_leverage_ladder_against_liq_at_each_rung():
    r = await result("/lev long BTC 60000 sl=58000")
    limit = D(58000) - max(D(2000) * D("0.1"), D(60000) * D("0.005"))    # 57,700
    assert close(r["limit"], limit) and r["safe_leverage"] == 23
    assert [rung["leverage"] for rung in r["ladder"]] == [23, 20, 10, 5, 3]
    for rung in r["ladder"]:
        lev = D(rung["leverage"])
        by_hand = D(60000) * (1 - 1 / lev) / (1 - MMR)
        liq = await result(f"/liq long BTC 60000 {rung['leverage']}x")
        assert close(rung["liquidation_price"], by_hand) and close(liq["liquidation_price"], by_hand)
        assert by_hand < limit
    assert D(60000) * (1 - D(1) / 24) / (1 - MMR) > limit                 # 24x would not be safe
    # Round trip: /lev's leverage fed to /liq with the stop: the stop fires before liquidation.
    reply = await answer("/liq long BTC 60000 23x sl=58000")
    assert reply.result["liquidation_price"] < 58000
    assert "stop_beyond_liquidation" not in [w.code for w in reply.warnings]
    assert (await result("/size long BTC 60000 sl=58000 risk=1% balance=10000"))["safe_leverage"] == 23


def fixtures() -> list[tuple[str, dict]]:
    expected = json.loads((SIGNALS / "expected.json").read_text())
    return [(name, fields) for name, fields in expected.items() if not name.startswith("_")]


@pytest.mark.parametrize("name, fields", fixtures(), ids=[name for name, _ in fixtures()])
async def test_each_signal_fixture_through_plan(name, fields):
    text = (SIGNALS / name).read_text()
    for reply in (await answer("/plan risk=1% balance=1000", reference=text),
                  await answer(f"/plan risk=1% balance=1000 {text}")):
        assert reply.error is None, reply.error
        r = reply.result
        entry, stop = D(fields["entry"]), D(fields["stop"])
        assert close(r["entry"], entry) and close(r["stop"], stop)
        assert close(r["quantity"], D(10) / abs(entry - stop))            # 1% of 1,000 lost at the stop
        assert r["side"] == ("long" if fields["side"] > 0 else "short")
        assert any(line.label == "Read stop" for line in reply.lines)
        assert (r.get("liquidation_price") is not None) == (fields["leverage"] is not None)


async def test_plan_puts_the_stop_beyond_liquidation_first():
    text = "#BTC/USDT Long\nEntry: 60000\nTargets: 62000\nStop: 50000\nLeverage: 20x"
    reply = await answer("/plan risk=1% balance=1000", reference=text)
    assert reply.warnings[0].code == "stop_beyond_liquidation"


@pytest.mark.parametrize("text", [
    "gm everyone, BTC to the moon today 🚀🚀",
    "🔥" * 2000 + "Entry 60000 Stop 58000",
    "<b>Entry</b> <a href='x'>60000</a> @everyone @here Stop 58000 #BTC/USDT",
    "\u202eEntry 60000\u202c Stop\u200b 58000 \u2066#BTC\u2069 long",
    "Entry 1e999999 Stop nan #BTC",
    "x" * 5000,
    "👨‍👩‍👧‍👦" * 500,
])
async def test_hostile_signal_texts_get_a_clean_answer(text):
    reply = await answer("/plan", reference=text)
    assert reply.error is None or reply.error.code == "usage", reply.error
    shown = plain_text(reply)
    assert "\u202e" not in shown and "Traceback" not in shown and "<a " not in shown and "@everyone" not in shown


async def test_not_a_signal_gets_the_sentence_and_an_example():
    reply = await answer("/plan risk=1% balance=1000", reference="see you at the meetup")
    assert reply.error.message == "I couldn't find an entry and a stop in that message."
    assert "Entry:" in reply.example and "Stop:" in reply.example


async def test_guided_buttons_only_when_only_the_side_or_the_leverage_is_missing():
    side = await answer("/size BTC 60000 sl=58000 risk=1% balance=10000")
    assert [a.command for a in side.actions] == ["/size BTC 60000 sl=58000 risk=1% balance=10000 long",
                                                 "/size BTC 60000 sl=58000 risk=1% balance=10000 short"]
    assert (await answer("/pnl long BTC 60000 qty=1 exit=65000")).actions[0].command.endswith(" 5x")
    assert (await answer("/liq BTC 60000")).actions == ()                # two things missing: the usage text


class FundingFeed:
    """A price feed that also publishes funding (the optional `funding` of the price port)."""

    def __init__(self, rate: D, hours: D) -> None:
        self.rate, self.hours = rate, hours

    async def mark(self, venue, contract, symbol):
        raise AssertionError("an entry price was given")

    async def funding(self, venue, contract, symbol):
        from datetime import datetime, timezone
        from commands.calculators.price_port import FundingRate
        return FundingRate(venue, contract, symbol, f"{symbol}USDT", self.rate, self.hours,
                           datetime(2026, 11, 29, 19, 0, tzinfo=timezone.utc))


async def test_live_funding_uses_the_feeds_rate_and_interval_and_says_when():
    from commands.context import Context
    context = Context(prices=FundingFeed(D("0.000125"), D(1)))        # Hyperliquid-style: hourly
    reply = await dispatch(Invocation(text="/pnl long BTC 60000 10x qty=1 funding=live hold=1d"), context)
    assert reply.error is None, reply.error
    assert reply.result["funding_intervals"] == 24
    assert close(reply.result["funding_total"], -D("0.000125") * 60000 * 24)   # 180 paid
    assert "read 2026-11-29 19:00 UTC" in reply.notes[0] and "0.0125%" in reply.notes[0]
    without = await dispatch(Invocation(text="/pnl long BTC 60000 10x qty=1 funding=live hold=1d"), Context())
    assert "funding=0.01%" in without.error.message
