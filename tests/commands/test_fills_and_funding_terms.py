"""/avg fills (qty@price) and the funding options (funding=, every=, hold=), read strictly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commands.errors import UsageError
from commands.terms.fills import is_fill, read_fills
from commands.terms.funding import read_every, read_funding_rate, read_hold


def test_fills_read_in_order():
    assert read_fills(["0.5@60000", "0.3@58k"]) == ((Decimal("0.5"), Decimal(60000)), (Decimal("0.3"), Decimal(58000)))
    assert is_fill("0.5@60000") and not is_fill("@bot") and not is_fill("60000")


@pytest.mark.parametrize("tokens, says", [
    ([], "quantity@price"),
    (["0.1@60000"] * 21, "At most 20"),
    (["1e9@60000"], "scientific"),
    (["0@60000"], "more than zero"),
    (["0.5@٦٠٠٠٠"], "digits 0-9"),
    (["0.5-60000"], "quantity@price"),
])
def test_bad_fills_are_refused(tokens, says):
    with pytest.raises(UsageError, match=says):
        read_fills(tokens)


@pytest.mark.parametrize("raw, rate", [
    ("0.01%", Decimal("0.0001")), ("-0.01%", Decimal("-0.0001")), ("+0.0375%", Decimal("0.000375")),
    ("0.0001", Decimal("0.0001")),
])
def test_funding_rates(raw, rate):
    assert read_funding_rate(raw) == rate


@pytest.mark.parametrize("raw", ["1", "10%", "nan", "-", "1e-4", "٠٫٠١%"])
def test_bad_funding_rates(raw):
    with pytest.raises(UsageError):
        read_funding_rate(raw)


def test_intervals_and_holds_in_hours():
    assert [read_every(x) for x in ("1h", "4h", "8h")] == [1, 4, 8]
    assert (read_hold("12h"), read_hold("3d"), read_hold("365d")) == (12, 3 * 24, 365 * 24)


@pytest.mark.parametrize("reader, raw", [
    (read_every, "2h"), (read_every, "1d"), (read_every, "8"), (read_hold, "1.5d"), (read_hold, "366d"),
    (read_hold, "0h"), (read_hold, "3 days"), (read_hold, "9" * 50 + "d"),
])
def test_bad_intervals_and_holds(reader, raw):
    with pytest.raises(UsageError):
        reader(raw)
