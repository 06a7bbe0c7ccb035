"""tp= lists: equal parts or shares, and a usage message with the form for every bad list."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commands.errors import UsageError
from commands.terms.targets import EXAMPLE, read_targets


def test_equal_parts_add_up_to_exactly_one():
    got = read_targets("64000,66000,68000")
    assert [p for p, _ in got] == [Decimal(64000), Decimal(66000), Decimal(68000)]
    assert got[0][1] == got[1][1] == Decimal(1) / 3
    assert sum(s for _, s in got) == 1  # the last part takes 1 − 2·(1/3), so nothing is "left open"


def test_shares_are_fractions_and_may_leave_some_open():
    assert read_targets("64000:50%,66000:30%,68000:20%") == (
        (Decimal(64000), Decimal("0.5")), (Decimal(66000), Decimal("0.3")), (Decimal(68000), Decimal("0.2")))
    got = read_targets("64k:50%, 66k:25%")
    assert got == ((Decimal(64000), Decimal("0.5")), (Decimal(66000), Decimal("0.25")))  # 25% left open


@pytest.mark.parametrize("raw, says", [
    ("64000:60%,66000:50%", "add up to 110"),
    ("64000,abc", "couldn't read 'abc'"),
    (",".join(str(60000 + i) for i in range(21)), "At most 20"),
    ("64000,66000,64000", "listed twice"),
    ("64,000,66,000", "without thousands commas"),
    ("64000:50", "as a percentage"),
    ("64000:50%,66000", "to every target, or to none"),
    ("64000:0%", "above 0%"),
    ("64000:101%", "at most 100%"),
    ("64000,,66000", "between every pair of commas"),
    ("", "between every pair of commas"),
    ("1e1000000", "scientific notation"),
    ("٦٤٠٠٠", "digits 0-9"),
    ("nan,inf", "couldn't read 'nan'"),
    ("0,64000", "more than zero"),
    ("9" * 5000, "too long"),
])
def test_a_bad_list_gets_a_usage_message_with_the_form(raw, says):
    with pytest.raises(UsageError, match=says) as raised:
        read_targets(raw)
    assert raised.value.example == EXAMPLE
