"""Round tick values for a price or percentage axis, in Decimal so a tick never reads 0.30000000000000004.

Ticks are 1, 2 or 5 × 10^k apart and printed with just the places their step needs, grouped the way
the bot groups numbers ("57,500", "0.0000125"), never in exponent form.
"""

from __future__ import annotations

import math
from decimal import Decimal


def step(span: float, count: int) -> Decimal:
    """The round step that gives about `count` intervals over `span` (> 0)."""
    raw = span / max(count, 1)
    power = math.floor(math.log10(raw))
    for mantissa in (1, 2, 5, 10):
        if mantissa * 10.0 ** power >= raw:
            break
    return Decimal(mantissa).scaleb(power).normalize()


def ticks(low: float, high: float, count: int = 5) -> tuple[Decimal, ...]:
    """Multiples of a round step inside [low, high]; empty when the range is empty."""
    if not high > low:
        return ()
    size = step(high - low, count)
    first = math.ceil(Decimal(repr(low)) / size)
    last = math.floor(Decimal(repr(high)) / size)
    return tuple(size * k for k in range(first, last + 1))


def label(value: Decimal, size: Decimal) -> str:
    """`value` with the decimal places of `size`, thousands grouped."""
    places = max(0, -size.normalize().as_tuple().exponent)
    return f"{value.quantize(Decimal(1).scaleb(-places)):,f}"
