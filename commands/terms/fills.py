"""Reading fills for /avg: `0.5@60000 0.3@58000`, quantity at price, up to 20 of them.

The grammar reads one `qty@price` as a position's size and entry; /avg takes several, in the order
they were filled (the first is shown alone for comparison). Both halves go through the strict
number reader, so `1e9@60000` or Arabic-Indic digits are refused with the reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from commands.errors import UsageError
from commands.numbers import read_positive
from core.calculators.averaging import MAX_FILLS
from core.i18n import N_, _

EXAMPLE = "/avg long BTC 0.5@60000 0.3@58000 25x"


def is_fill(token: str) -> bool:
    """A token shaped like a fill (`something@something`), valid or not: the caller routes it here."""
    size, at, price = token.partition("@")
    return bool(at and size and price)


def read_fill(token: str) -> tuple[Decimal, Decimal]:
    size, at, price = token.partition("@")
    if not at:
        raise UsageError(_("Write each fill as quantity@price (got '{token}').", token=token[:24]), EXAMPLE)
    try:
        return read_positive(size, N_("fill quantity")), read_positive(price, N_("fill price"))
    except UsageError as error:
        raise UsageError(error.message, EXAMPLE) from None


def read_fills(tokens: Iterable[str]) -> tuple[tuple[Decimal, Decimal], ...]:
    fills = []
    for token in tokens:
        if len(fills) == MAX_FILLS:
            raise UsageError(_("At most {count} fills, please.", count=MAX_FILLS), EXAMPLE)
        fills.append(read_fill(token))
    if not fills:
        raise UsageError(_("Give the fills as quantity@price."), EXAMPLE)
    return tuple(fills)
