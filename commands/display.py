"""How numbers look in replies: grouped thousands, precision that suits the price, no exponents.

Only replies round; core keeps full Decimal precision. Inputs are bounded by the parser, so
formatting never meets a 10-megabyte number.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal

from core.i18n import current_symbols

_STEPS = tuple(Decimal(1).scaleb(-places) for places in range(13))  # 1, 0.1, ... 1E-12


def _step(places: int) -> Decimal:
    return _STEPS[places] if 0 <= places < len(_STEPS) else Decimal(1).scaleb(-places)


def _local(text: str) -> str:
    """Canonical separators (`57,831.33`), or the language's own where the group chose regional
    numbers (/set numbers=regional: `57 831,33`); the input grammar accepts only the first."""
    table = current_symbols()
    return text if table is None else text.translate(table)


_TWO_PLACES, _FOUR_PLACES = _STEPS[2], _STEPS[4]
_ZERO, _ONE, _HUNDRED = Decimal(0), Decimal(1), Decimal(100)


def price(value: Decimal) -> str:
    magnitude = abs(value)
    if magnitude >= _HUNDRED:
        step = _TWO_PLACES
    elif magnitude >= _ONE:
        step = _FOUR_PLACES
    elif magnitude == _ZERO:
        step = _TWO_PLACES
    else:
        step = _step(min(12, 5 - magnitude.adjusted()))  # six significant digits for small prices
    return _local(f"{value.quantize(step, ROUND_HALF_EVEN):,f}")


def amount(value: Decimal, places: int = 2) -> str:
    return _local(f"{value.quantize(_step(places), ROUND_HALF_EVEN):,f}")


def quantity(value: Decimal) -> str:
    return _local(f"{value.quantize(_STEPS[8], ROUND_HALF_EVEN).normalize():,f}")


def pct(value: Decimal, places: int = 2, signed: bool = False) -> str:
    text = format(value.quantize(_step(places), ROUND_HALF_EVEN), "+,f" if signed else ",f")
    return _local(text.replace("-", "−") + "%")


def rate(value: Decimal) -> str:
    return _local(f"{(value * 100).normalize():f}%")


def leverage(value: Decimal) -> str:
    shown = value.quantize(_STEPS[2]).normalize()
    return _local(f"{shown:f}x")


# Rounds to 13 significant digits, half-even: the same digits as round(value, 12 - adjusted), in a
# third less time (a reply converts a dozen numbers).
_JSON_DIGITS = Context(prec=13, rounding=ROUND_HALF_EVEN)
_to_json_digits = _JSON_DIGITS.plus


def number(value: Decimal | None) -> float | None:
    """For JSON: a plain number (12 significant digits are far beyond any venue's tick)."""
    return None if value is None else float(_to_json_digits(value) if value else value)
