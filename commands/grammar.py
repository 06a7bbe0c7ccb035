"""The one parser of the command language: tokens in any order, each recognised by its shape.

`long BTC 60000 25x isolated qty=2` and `side=long symbol=BTC price=60000 leverage=25 mode=isolated
qty=2` (the form Discord's typed options arrive in) give the same request. Each command declares the
option names it takes; anything else is refused with the token named and an example shown.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable

from commands.errors import UsageError
from commands.language.words import mode_word, side_word
from commands.numbers import NUMBER, looks_numeric, read_number, read_positive, read_rate
from commands.registry import Command
from commands.terms.targets import read_targets
from core.i18n import N_, _
from core.markets.resolver import parse_query
from core.venues import ALIASES, VENUES

def venue_words() -> str:
    """The venues' keys as a list, in the asker's language (only the "or" is translated: the
    names are brands)."""
    names = list(VENUES)
    return _("{names} or {last}", names=", ".join(names[:-1]), last=names[-1])


SIDES = {"long": 1, "buy": 1, "l": 1, "short": -1, "sell": -1, "s": -1}
MODES = {"isolated": "isolated", "iso": "isolated", "cross": "cross"}
CONTRACTS = {"linear": "linear", "inverse": "inverse"}
LEVERAGE = re.compile(r"(?:([0-9]{1,4}(?:\.[0-9]{1,2})?)[x×]|[x×]([0-9]{1,4}(?:\.[0-9]{1,2})?))", re.ASCII | re.I)
LEVERAGE_LIKE = re.compile(r"^[-+0-9.e]+[x×]$|^[x×][-+0-9.e]+$", re.I)
NOT_NUMBERS = {"nan", "inf", "infinity", "snan", "-inf", "+inf", "-nan"}
SYMBOL = re.compile(r"([a-z0-9]{1,15})(?:[/_:.-][a-z0-9]{1,10}){0,3}", re.ASCII | re.I)
SIMPLE_SYMBOL = re.compile(r"([a-z0-9]{1,15})(?:[/-]([a-z]{2,6}))?", re.ASCII | re.I)  # BTC, ETHUSDT, SOL/USDT
QUOTES = ("USDT", "USDC", "PERP", "USD")
TRUE_WORDS = {"yes", "true", "1", "on"}

# key=value names, with their aliases, and how their value is read.
KEYS = {
    "side": "side", "symbol": "symbol", "price": "price", "entry": "price", "leverage": "leverage",
    "lev": "leverage", "mode": "mode", "margin_mode": "mode", "contract": "contract", "venue": "venue",
    "qty": "qty", "quantity": "qty", "size": "qty", "notional": "notional", "margin": "margin",
    "balance": "balance", "mmr": "mmr", "cum": "cum", "fee": "fee", "sl": "sl", "stop": "sl",
    "tp": "tp", "risk": "risk", "exit": "exit", "roe": "roe", "explain": "explain", "id": "id",
    "label": "label", "consent": "consent", "confirm": "confirm", "mark": "mark", "chart": "chart",
    "quote": "quote", "opened": "opened",
    "funding": "funding", "every": "every", "hold": "hold", "addmargin": "addmargin", "liq": "liq",
    "buffer": "buffer",
}
POSITION_ID = re.compile(r"#?([0-9]{1,18})", re.ASCII)
FILL = re.compile(r"[0-9][0-9.,]{0,20}[kmb]?@[0-9][0-9.,]{0,20}[kmb]?", re.ASCII | re.I)
LABEL = re.compile(r"[A-Za-z0-9_.-]{1,32}", re.ASCII)


def clean_tokens(text: str) -> list[str]:
    # Invisible format characters (zero-width spaces, bidi overrides) carry no meaning: drop them.
    # ASCII has none (its control characters are Cc), so most messages skip the per-character walk.
    if text.isascii():
        return text.split()
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return visible.split()


def read_symbol(token: str) -> tuple[str, str | None]:
    match = SYMBOL.fullmatch(token)
    if match is None or not any(ch.isalpha() for ch in match.group(1)):
        raise UsageError(_("'{token}' is not a symbol I know the shape of. Use letters and digits, like BTC or ETHUSDT.",
                           token=token[:24]))
    simple = SIMPLE_SYMBOL.fullmatch(token)
    if simple is None:
        # A venue's own name (SOL-USDT-SWAP, BTC_USDT, BTC/USDT:USDT, SOLUSDT.P): read by the
        # catalogue's resolver rules. A dated contract keeps its whole name, which the resolver
        # finds as the venue's symbol (BTCUSDT_260626), rather than falling back to the perpetual.
        q = parse_query(token)
        return (token.upper(), None) if q.expiry else (q.base, q.quote)
    base, quote = simple.group(1).upper(), (simple.group(2) or "").upper() or None
    if quote is None:
        for suffix in QUOTES:
            if base.endswith(suffix) and len(base) > len(suffix):
                base, quote = base[: -len(suffix)], suffix
                break
    return base.removesuffix("_"), quote


def read_opened(raw: str) -> str:
    """`opened=2025-11-01` or `opened=2025-11-10T09:00` (UTC unless an offset is given), as ISO text
    for `PositionSpec.opened`; anything else is refused rather than guessed."""
    try:
        datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(_("opened= is a date or date and time, like 2025-11-01 or 2025-11-10T09:00 (UTC), "
                           "not '{value}'.", value=raw[:24])) from None
    return raw


def read_leverage(token: str) -> Decimal:
    match = LEVERAGE.fullmatch(token)
    if match is None:
        raise UsageError(_("I couldn't read '{token}' as a leverage. Write it like 25x.", token=token[:24]))
    value = Decimal(match.group(1) or match.group(2))
    if value < 1:
        raise UsageError(_("Leverage must be at least 1x."))
    return value


def _value(name: str, raw: str) -> Any:
    if name == "side":
        side = SIDES.get(raw.lower()) or side_word(raw)
        if side is None:
            raise UsageError(_("Side '{side}' should be long or short.", side=raw[:12]))
        return side
    if name == "symbol":
        return read_symbol(raw)
    if name == "mode":
        mode = MODES.get(raw.lower()) or mode_word(raw)
        if mode is None:
            raise UsageError(_("Margin mode '{mode}' should be isolated or cross.", mode=raw[:12]))
        return mode
    if name == "contract":
        if raw.lower() not in CONTRACTS:
            raise UsageError(_("Contract '{contract}' should be linear or inverse.", contract=raw[:12]))
        return raw.lower()
    if name == "venue":
        if raw.lower() not in ALIASES:
            raise UsageError(_("I don't know the venue '{venue}'. Try {venues}.", venue=raw[:16], venues=venue_words()))
        return ALIASES[raw.lower()]
    if name == "quote":
        if raw.upper() not in ("USDT", "USDC"):
            raise UsageError(_("quote= is usdt or usdc, not '{quote}'.", quote=raw[:12]))
        return raw.upper()
    if name == "opened":
        return read_opened(raw)
    if name == "leverage":
        return read_leverage(raw if raw.lower().endswith(("x", "×")) else raw + "x")
    if name in ("mmr", "fee"):
        return read_rate(raw, {"mmr": N_("mmr"), "fee": N_("fee")}[name])
    if name == "risk":
        return ("pct", read_rate(raw, N_("risk"))) if raw.endswith("%") else ("amount", read_positive(raw, N_("risk")))
    if name == "roe":
        return read_number(raw.removesuffix("%"), N_("ROE")) if not raw.startswith("-") else -read_number(raw[1:].removesuffix("%"), N_("ROE"))
    if name in ("explain", "consent", "confirm", "chart"):
        return raw.lower() in TRUE_WORDS
    if name == "id":
        match = POSITION_ID.fullmatch(raw)
        if match is None:
            raise UsageError(_("'{token}' is not a position id; ids are numbers like 3.", token=raw[:16]))
        return int(match.group(1))
    if name == "label":
        if LABEL.fullmatch(raw) is None:
            raise UsageError(_("A label is up to 32 letters, digits, '_', '.' or '-'."))
        return raw
    if name == "mark":
        return _marks(raw)
    if name == "cum":
        return read_number(raw, N_("cum"))
    if name in TERMS:
        return TERMS[name](raw)
    return read_positive(raw, NUMBER_NAMES.get(name, name))


# What each number is called in an error about it ("The {what} must be more than zero."): the
# readers speak these, so every key read as a positive number has its words here.
NUMBER_NAMES = {"price": N_("price"), "qty": N_("quantity"), "sl": N_("stop"), "addmargin": N_("added margin"),
                "liq": N_("target liquidation price"), "notional": N_("notional"), "margin": N_("margin"),
                "balance": N_("balance"), "exit": N_("exit price"), "buffer": N_("buffer")}


# The issue-16 options, each read by its own strict reader in commands/terms/.
# funding=, every= and hold= stay text here (their reader uses the duration format of
# commands/groups/args.py, which imports this module): commands/calculators/extras/funding.py reads them.
TERMS: dict[str, Callable[[str], Any]] = {
    "tp": read_targets, "funding": str, "every": str, "hold": str,
    "buffer": lambda raw: read_rate(raw, "buffer"),
}

MARK_SEPARATOR = re.compile(r",(?=[A-Za-z])")


def _marks(raw: str) -> dict[str | None, Decimal]:
    """`60000` (one symbol) or `BTC:60000,ETH:3000`."""
    if ":" not in raw:
        return {None: read_positive(raw, N_("mark price"))}
    marks: dict[str | None, Decimal] = {}
    # Split only where a symbol starts, so a price may keep its thousands commas (BTC:60,000).
    for part in MARK_SEPARATOR.split(raw):
        symbol, _sep, price = part.partition(":")
        name = read_symbol(symbol)[0]
        if name in marks:
            raise UsageError(_("mark= names {symbol} twice; give each symbol once, e.g. mark=BTC:60000,ETH:3000.",
                               symbol=name))
        marks[name] = read_positive(price, N_("mark price"))
    return marks


@lru_cache(maxsize=4096)
def _shape(token: str) -> tuple[str, Any]:
    """What a bare token is, by its shape. Pure, and chat repeats its tokens (`long`, `BTC`, `25x`),
    so answers are cached; a token that raises UsageError is not, and raises again next time."""
    low = token.lower()
    if low == "confirm":
        return "confirm", True
    if low in SIDES:
        return "side", SIDES[low]
    if low in MODES:
        return "mode", MODES[low]
    # The words traders type in their own language (лонг, 做空, aislado…): before the shapes below,
    # which would read `largo` as a symbol.
    if (side := side_word(token)) is not None:
        return "side", side
    if (mode := mode_word(token)) is not None:
        return "mode", mode
    if low in CONTRACTS:
        return "contract", low
    if low in ALIASES:
        return "venue", ALIASES[low]
    if low == "explain":
        return "explain", True
    if low == "chart":
        return "chart", True
    if LEVERAGE.fullmatch(token) or LEVERAGE_LIKE.fullmatch(token):
        return "leverage", read_leverage(token)
    if token.isascii() and NUMBER.fullmatch(token):
        return "price", read_positive(token, N_("price"))
    if token.isascii() and SYMBOL.fullmatch(token) and sum(ch.isalpha() for ch in token) >= 2 \
            and low not in NOT_NUMBERS:
        return "symbol", read_symbol(token)
    if looks_numeric(token) or token[0].isnumeric():
        return "price", read_positive(token, N_("price"))
    return "symbol", read_symbol(token)


@lru_cache(maxsize=4096)
def _keyed(name: str, raw: str) -> Any:
    """`_value` for a `key=value` token, cached like `_shape` and for the same reason (`qty=1`,
    `risk=1%`, `balance=10000` come back again and again). Every value read here is immutable
    (Decimal, str, int, bool, tuple), so sharing one between answers is safe; `mark=` reads into a
    dict and is never cached. A value that raises is not cached."""
    return _value(name, raw)


_ALLOWED: dict[str, tuple[tuple[Any, ...], frozenset[str]]] = {}


def _allowed(command: Command) -> frozenset[str]:
    """The option names `command` takes, worked out once per command. The entry keeps the options
    tuple it was built from and is used only while `command.options` is that very tuple, so a
    command built elsewhere under the same name (tests do) gets its own set."""
    entry = _ALLOWED.get(command.name)
    if entry is None or entry[0] is not command.options:
        entry = _ALLOWED[command.name] = (command.options, frozenset(option.name for option in command.options))
    return entry[1]


def parse(text: str, command: Command) -> dict[str, Any]:
    allowed = _allowed(command)
    args: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for token in clean_tokens(text):
        if "=" in token:
            key, _sep, raw = token.partition("=")
            name = KEYS.get(key.lower())
            if name is None or name not in allowed:
                raise UsageError(_("/{command} doesn't take '{key}='.", command=command.name, key=key[:16]))
            if not raw:
                raise UsageError(_("'{key}=' needs a value.", key=key[:16]))
            value = _value(name, raw) if name == "mark" else _keyed(name, raw)
        elif FILL.fullmatch(token) and "qty" in allowed:
            size, _sep, at = token.partition("@")
            for name, value in (("qty", read_positive(size, N_("quantity"))), ("price", read_positive(at, N_("price")))):
                if name in args and args[name] != value:
                    raise UsageError(_("You gave the {name} twice ('{token}').", name=name, token=token[:24]))
                args[name] = value
                seen[name] = token
            continue
        elif "id" in allowed and "id" not in args and POSITION_ID.fullmatch(token):
            name, value = "id", _value("id", token)
        else:
            name, value = _shape(token)
            if name not in allowed:
                raise UsageError(_("I didn't understand '{token}' here.", token=token[:24]))
        if name in args and args[name] != value:
            raise UsageError(_("I read both '{first}' and '{second}' as the {name}; give it once.",
                               first=seen[name][:24], second=token[:24], name=name))
        args[name] = value
        seen[name] = token
    return args
