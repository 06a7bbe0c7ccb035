"""How each venue names its contracts, read back into base, quote, settlement and multiplier.

Names are the venues' own: Binance, Bybit and Bitget glue base and quote (`SOLUSDT`, `BTCUSDC`,
`1000PEPEUSDT`, quarterlies `BTCUSDT_260626`, COIN-M `BTCUSD_PERP`); OKX uses dashes
(`SOL-USDT-SWAP`), BloFin too (`SOL-USDT`), Gate and MEXC an underscore (`SOL_USDT`); Hyperliquid uses the coin (`SOL`), with `k` in front of coins quoted per
1,000 units (`kPEPE`). A leading 1000 / 1000000 / 1M likewise means the price is per that many
units: `1000PEPEUSDT` is priced per 1,000 PEPE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.i18n import N_
from core.markets.model import INVERSE, LINEAR

MULTIPLIERS = {"1000000": 1_000_000, "100000": 100_000, "10000": 10_000, "1000": 1_000, "1M": 1_000_000}
_MULTIPLIER = re.compile(r"(1000000|100000|10000|1000|1M)(?=[^\d])")
_GLUED = re.compile(r"(?P<body>.+?)(?P<quote>USDT|USDC|USD)(?:_(?P<expiry>PERP|\d{6}))?")
QUOTES = ("USDT", "USDC", "USD")

# A book's name in English (the operator CLI and logs use it as it is). Those with words a trader
# reads in their language ("perpetuals", "swaps") are marked for the catalogue and spoken where a
# trader sees them (core.markets.resolver); the venues' own product names (USDⓈ-M) stay as they are.
LABELS = {
    ("binance", LINEAR): "Binance USDⓈ-M", ("binance", INVERSE): "Binance COIN-M",
    ("bybit", LINEAR): N_("Bybit linear"), ("bybit", INVERSE): N_("Bybit inverse"),
    ("okx", LINEAR): N_("OKX USDT swaps"), ("okx", INVERSE): N_("OKX inverse swaps"),
    ("hyperliquid", LINEAR): N_("Hyperliquid perpetuals"),
    ("bitmex", LINEAR): N_("BitMEX linear"), ("bitmex", INVERSE): N_("BitMEX inverse"),
    ("bitget", LINEAR): "Bitget USDT-M", ("gate", LINEAR): N_("Gate USDT perpetuals"),
    ("mexc", LINEAR): "MEXC USDT-M", ("blofin", LINEAR): N_("BloFin USDT perpetuals"),
}
SEPARATOR = {"okx": "-", "blofin": "-", "gate": "_", "mexc": "_"}  # venues that write BASE<sep>QUOTE
# The quote a bare coin (`SOL`) means on each book; a trader asks for USDC with `BTCUSDC`/quote=usdc.
DEFAULT_QUOTE = {LINEAR: "USDT", INVERSE: "USD"}
ONLY_QUOTE = {"hyperliquid": "USDC"}  # venues whose linear perpetuals all settle in one coin


@dataclass(frozen=True)
class Naming:
    base: str
    quote: str
    settle: str
    multiplier: int = 1
    expiry: str | None = None


def label(venue: str, kind: str) -> str:
    return LABELS.get((venue, kind), f"{venue} {kind}")


def default_quote(venue: str, kind: str) -> str:
    return ONLY_QUOTE.get(venue, DEFAULT_QUOTE[LINEAR]) if kind == LINEAR else DEFAULT_QUOTE[INVERSE]


def split_multiplier(body: str) -> tuple[str, int]:
    """`1000PEPE` -> (`PEPE`, 1000); `1INCH` -> (`1INCH`, 1): only the venues' own prefixes count,
    and only in front of a name (a coin called `1000` stays itself)."""
    match = _MULTIPLIER.match(body)
    if match is None:
        return body, 1
    return body[match.end():], MULTIPLIERS[match.group(1)]


def split_symbol(venue: str, kind: str, symbol: str) -> Naming:
    """The parts of one of the venue's own symbols. A name that does not follow the venue's
    pattern is kept whole as the base, with the book's default quote."""
    if venue == "hyperliquid":
        quote = ONLY_QUOTE["hyperliquid"]
        if len(symbol) > 1 and symbol[0] == "k" and symbol[1:].isupper():
            return Naming(symbol[1:], quote, quote, 1000)
        return Naming(symbol, quote, quote)
    if venue in SEPARATOR:
        parts = symbol.split(SEPARATOR[venue])
        if len(parts) >= 2:
            base, mult = split_multiplier(parts[0])
            expiry = parts[2] if len(parts) > 2 and parts[2] != "SWAP" else None
            return Naming(base, parts[1], parts[0] if kind == INVERSE else parts[1], mult, expiry)
    if venue == "bybit" and symbol.endswith("PERP") and len(symbol) > 4:
        base, mult = split_multiplier(symbol[:-4])  # Bybit's USDC perpetuals: BTCPERP
        return Naming(base, "USDC", "USDC", mult)
    match = _GLUED.fullmatch(symbol)
    if match is None:
        quote = default_quote(venue, kind)
        return Naming(symbol, quote, symbol if kind == INVERSE else quote)
    base, mult = split_multiplier(match.group("body"))
    expiry = match.group("expiry")
    quote = match.group("quote")
    return Naming(base, quote, base if kind == INVERSE else quote, mult, None if expiry in (None, "PERP") else expiry)
