"""Altcoin liquidation prices on the shipped tables, each with its derivation.

Binance USDⓈ-M (core/data/binance_usdm_brackets.json, as of 2026-05-01) and Hyperliquid
(core/data/hyperliquid_margin.json, as of 2026-11-29). Both venues' one-position formula:
long LP = (N − WB − cum) / (Q·(1 − MMR)), short LP = (N + WB + cum) / (Q·(1 + MMR)), with
N = Q·entry, WB = N / leverage (isolated), and the bracket the one that holds Q·LP (Binance FAQ:
the bracket is chosen at the liquidation price). Hyperliquid's MMR is 1/(2·tier max leverage),
its deduction by the continuity rule (docs 'Margin tiers').
"""

from __future__ import annotations

from decimal import Decimal as D

from core.liquidation import PositionSpec, liquidation


def _tier(r):
    return r.tier.number, r.tier.mmr, r.tier.maintenance_amount


def test_sol_unsized_uses_bracket_one():
    # /liq long SOL 150 20x — SOLUSDT bracket 1: 0–50,000 at MMR 0.5%, cum 0.
    # LP = 150·(1 − 1/20) / (1 − 0.005) = 142.5 / 0.995 = 143.2160804...
    r = liquidation(PositionSpec("binance", "SOL", 1, D(150), leverage=D(20)))
    assert r.contract_symbol == "SOLUSDT" and r.table_as_of == "2026-05-01"
    assert _tier(r) == (1, D("0.005"), 0)
    assert r.liquidation_price == D("142.5") / D("0.995")


def test_sol_short_moves_up_a_bracket_at_its_liquidation_price():
    # Short 2,600 SOL at 150, 20x: N = 390,000 (bracket 2, 50,000–400,000), WB = 19,500.
    # Bracket 2 (0.65%, cum 75): (390,000 + 19,500 + 75)/(2,600·1.0065) = 156.5115, Q·LP = 406,930 ≥ 400,000: no.
    # Bracket 3 (400,000–1,000,000, 1%, cum 1,475): (390,000 + 19,500 + 1,475)/(2,600·1.01) = 410,975/2,626
    # = 156.50228..., Q·LP = 406,906 in bracket 3: kept.
    r = liquidation(PositionSpec("binance", "SOL", -1, D(150), leverage=D(20), quantity=D(2600)))
    assert _tier(r) == (3, D("0.01"), 1475)
    assert r.max_leverage_at_entry == 75  # bracket 2, where the entry notional is
    assert r.liquidation_price == D(410975) / D(2626)


def test_thousand_pepe_contract_priced_per_thousand():
    # /liq long PEPE 0.012 10x qty=1000000 — Binance lists PEPE as 1000PEPEUSDT: price 0.012 USDT per
    # 1,000 PEPE, qty in lots of 1,000 PEPE. N = 12,000 (bracket 1: 0–20,000, MMR 0.65%, cum 0), WB = 1,200.
    # LP = (12,000 − 1,200)/(1,000,000·0.9935) = 10,800/993,500 = 0.010870659..., Q·LP = 10,871: bracket 1.
    r = liquidation(PositionSpec("binance", "PEPE", 1, D("0.012"), leverage=D(10), quantity=D(1_000_000)))
    assert r.contract_symbol == "1000PEPEUSDT" and r.price_unit == "USDT per 1,000 PEPE"
    assert "1000PEPEUSDT" in r.note and "per 1,000 PEPE" in r.note
    assert _tier(r) == (1, D("0.0065"), 0)
    assert r.liquidation_price == D(10800) / D(993500)


def test_thousand_pepe_large_position_in_bracket_four():
    # 30,000,000 lots at 0.012, 10x: N = 360,000, WB = 36,000. Bracket 3 (200,000–300,000, 1.5%, cum 1,070):
    # (360,000 − 36,000 − 1,070)/(3e7·0.985) = 0.0109282, Q·LP = 327,846 ≥ 300,000: no. Bracket 4
    # (300,000–1,500,000, 2%, cum 2,570): 321,430/29,400,000 = 0.0109330..., Q·LP = 327,990: kept.
    r = liquidation(PositionSpec("binance", "1000PEPEUSDT", 1, D("0.012"), leverage=D(10), quantity=D(30_000_000)))
    assert _tier(r) == (4, D("0.02"), 2570)
    assert r.liquidation_price == D(321430) / D(29400000)


def test_usdc_contract_when_asked():
    # ETHUSDC (not ETHUSDT): long 20 ETH at 3,000, 50x: N = 60,000, WB = 1,200. ETHUSDC bracket 1 (0–50,000,
    # 0.4%): 58,800/(20·0.996) = 2,951.81, Q·LP = 59,036 ≥ 50,000: no. Bracket 2 (50,000–500,000, 0.5%, cum 50):
    # (60,000 − 1,200 − 50)/(20·0.995) = 58,750/19.9 = 2,952.2613..., Q·LP = 59,045: kept.
    r = liquidation(PositionSpec("binance", "ETH", 1, D(3000), leverage=D(50), quantity=D(20), quote="USDC"))
    assert r.contract_symbol == "ETHUSDC" and r.price_unit == "USDC per ETH"
    assert _tier(r) == (2, D("0.005"), 50)
    assert r.liquidation_price == D(58750) / D("19.9")
    same = liquidation(PositionSpec("binance", "ETHUSDC", 1, D(3000), leverage=D(50), quantity=D(20)))
    assert same.liquidation_price == r.liquidation_price


def test_sub_dollar_price_doge():
    # Long 1,000,000 DOGE at 0.30, 10x: N = 300,000, WB = 30,000. DOGEUSDT bracket 1 (0–80,000, 0.65%):
    # 270,000/993,500 = 0.27177, Q·LP = 271,766: no. Bracket 2 (80,000–150,000, 1%, cum 280): 269,720/990,000
    # = 0.27244: no. Bracket 3 (150,000–750,000, 1.25%, cum 655): (300,000 − 30,000 − 655)/(1,000,000·0.9875)
    # = 269,345/987,500 = 0.27275443..., Q·LP = 272,754: kept.
    r = liquidation(PositionSpec("binance", "DOGE", 1, D("0.30"), leverage=D(10), quantity=D(1_000_000)))
    assert _tier(r) == (3, D("0.0125"), 655)
    assert r.liquidation_price == D(269345) / D(987500)


def test_hyperliquid_eth():
    # /liq long ETH 3000 20x hyperliquid qty=10 — ETH tier 1: 0–100,000,000 at 25x, MMR 1/(2·25) = 2%, no
    # deduction. N = 30,000, WB = 1,500: LP = (30,000 − 1,500)/(10·0.98) = 28,500/9.8 = 2,908.1632...
    r = liquidation(PositionSpec("hyperliquid", "ETH", 1, D(3000), leverage=D(20), quantity=D(10)))
    assert r.contract_symbol == "ETH" and r.table_as_of == "2026-11-29" and r.price_unit == "USDC per ETH"
    assert _tier(r) == (1, D("0.02"), 0)
    assert r.liquidation_price == D(28500) / D("9.8")


def test_hyperliquid_above_the_first_tier():
    # BTC 'tiered 40x' (docs): 40x (1.25%) below 150,000,000, 20x (2.5%) above, deduction
    # 150,000,000·(0.025 − 0.0125) = 1,875,000. Long 2,000 BTC at 100,000, 10x: N = 200,000,000, WB = 20,000,000.
    # Tier 1: 180,000,000/(2,000·0.9875) = 91,139.24, Q·LP = 182,278,481 ≥ 150,000,000: no.
    # Tier 2: (200,000,000 − 20,000,000 − 1,875,000)/(2,000·0.975) = 178,125,000/1,950 = 91,346.1538...: kept.
    r = liquidation(PositionSpec("hyperliquid", "BTC", 1, D(100000), leverage=D(10), quantity=D(2000)))
    assert _tier(r) == (2, D("0.025"), 1875000)
    assert r.liquidation_price == D(178125000) / D(1950)
    assert r.tier.holds(r.quantity * r.liquidation_price)


def test_hyperliquid_kpepe():
    # kPEPE, priced per 1,000 PEPE; tier 1 10x, MMR 5%. Long 1,000,000 lots at 0.012, 5x: N = 12,000,
    # WB = 2,400: LP = 9,600/(1,000,000·0.95) = 0.0101052...
    r = liquidation(PositionSpec("hyperliquid", "PEPE", 1, D("0.012"), leverage=D(5), quantity=D(1_000_000)))
    assert r.contract_symbol == "kPEPE" and r.price_unit == "USDC per 1,000 PEPE"
    assert r.liquidation_price == D(9600) / D(950000)
