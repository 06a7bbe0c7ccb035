"""Reading a list of take-profits: `tp=64000,66000,68000` (equal parts) or
`tp=64000:50%,66000:30%,68000:20%` (shares, adding up to 100% at most; the rest is left open).

Commas separate targets, so a price may not carry thousands commas here (`64,000,66,000` cannot be
told apart from four targets); such a list is refused with that said. Shares need their `%`: a bare
`64000:50` could mean a half or fifty of something. Every number goes through the strict reader.
"""

from __future__ import annotations

import re
from decimal import Decimal

from commands.errors import UsageError
from commands.numbers import read_number, read_positive
from core.calculators.targets import MAX_TARGETS, equal_shares
from core.i18n import N_, _

EXAMPLE = "tp=64000,66000,68000 or tp=64000:50%,66000:30%,68000:20%"
MAX_TEXT = 20 * 40
HUNDRED = Decimal(100)
GROUP_OF_THREE = re.compile(r"[0-9]{3}(?:\.[0-9]*)?(?:[:%].*)?", re.ASCII)


def _share(raw: str, piece: str) -> Decimal:
    if not raw.endswith("%"):
        raise UsageError(_("Write the share of '{target}' as a percentage, like 50%.", target=piece[:24]), EXAMPLE)
    try:
        value = read_number(raw[:-1], N_("target share"))
    except UsageError as error:
        raise UsageError(error.message, EXAMPLE) from None
    if not 0 < value <= HUNDRED:
        raise UsageError(_("A target share is above 0% and at most 100% (got {share}).", share=raw[:12]), EXAMPLE)
    return value / HUNDRED


def read_targets(raw: str) -> tuple[tuple[Decimal, Decimal], ...]:
    """[(price, share)] with shares as fractions, in the order given."""
    if len(raw) > MAX_TEXT:
        raise UsageError(_("That target list is too long."), EXAMPLE)
    pieces = [piece.strip() for piece in raw.split(",")]
    if not raw.strip() or any(not piece for piece in pieces):
        raise UsageError(_("A target list has a price between every pair of commas."), EXAMPLE)
    if len(pieces) > MAX_TARGETS:
        raise UsageError(_("At most {count} targets, please.", count=MAX_TARGETS), EXAMPLE)
    if len(pieces) > 1 and any(GROUP_OF_THREE.fullmatch(piece) for piece in pieces[1:]):
        raise UsageError(_("Commas separate the targets here: write the prices without thousands commas "
                           "(64000, or 64k)."), EXAMPLE)
    shared = [":" in piece for piece in pieces]
    if any(shared) and not all(shared):
        raise UsageError(_("Give a share to every target, or to none (equal parts)."), EXAMPLE)
    prices, shares = [], []
    for piece in pieces:
        price, _colon, share = piece.partition(":")
        try:
            prices.append(read_positive(price.strip(), N_("target price")))
        except UsageError as error:
            raise UsageError(error.message, EXAMPLE) from None
        if share:
            shares.append(_share(share.strip(), piece))
    if len(set(prices)) != len(prices):
        raise UsageError(_("A target price is listed twice."), EXAMPLE)
    if not shares:
        shares = list(equal_shares(len(prices)))
    elif sum(shares) > 1:
        total = f"{sum(shares) * HUNDRED:f}%"
        raise UsageError(_("The shares add up to {total}, more than 100%.", total=total), EXAMPLE)
    return tuple(zip(prices, shares))
