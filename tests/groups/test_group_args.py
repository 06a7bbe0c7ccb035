"""The moderator commands' own parser: a sentence for the warning, strict everything else."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from commands.errors import UsageError
from commands.groups.args import parse_count, parse_riskwarn, parse_set


@pytest.mark.parametrize("text,changes", [
    ("venue=bybit", {"default_venue": "bybit"}),
    ("venue=default threshold=25x", {"default_venue": None, "leverage_threshold": Decimal(25)}),
    ("threshold=12.5 nudge=on cooldown=2h", {"leverage_threshold": Decimal("12.5"), "nudge": True,
                                             "nudge_cooldown": 7200}),
    ("nudge=off warning=Keep it under 10x, please", {"nudge": False, "warning_text": "Keep it under 10x, please"}),
    # Discord sends its text option as plain words after the typed options
    ("nudge=on Keep it under 10x", {"nudge": True, "warning_text": "Keep it under 10x"}),
    ("warning=default", {"warning_text": None}),
])
def test_set_reads_settings(text, changes):
    assert parse_set(text) == changes


@pytest.mark.parametrize("text,needle", [
    ("", "What should change"),
    ("25x", "didn't understand '25x'"),             # a forgotten key is not taken as a warning
    ("thresold=25", "no setting 'thresold'"),
    ("venue=kraken", "don't know the venue"),
    ("threshold=1", "between 2x and 200x"),
    ("threshold=1e3", "between 2x and 200x"),
    ("nudge=maybe", "on or off"),
    ("cooldown=10", "like 30m"),
    ("cooldown=30s", "between 1m and 7d"),
    ("warning=" + "x" * 301, "under 300"),
    ("venue=bybit venue=okx", "twice"),
])
def test_set_refuses_what_it_cannot_read(text, needle):
    with pytest.raises(UsageError, match=needle) as caught:
        parse_set(text)
    assert caught.value.example and caught.value.example.startswith("/set")


@pytest.mark.parametrize("text,args", [
    ("", {}),
    ("ladder", {"template": "ladder"}),
    ("template=modes every=6h", {"template": "modes", "every": timedelta(hours=6)}),
    ("every=2d liq", {"template": "liq", "every": timedelta(days=2)}),
    ("stop", {"every": "stop"}),
    ("every=off", {"every": "stop"}),
])
def test_riskwarn_reads_template_and_schedule(text, args):
    assert parse_riskwarn(text) == args


@pytest.mark.parametrize("text,needle", [
    ("every=30m", "between 1h and 7d"),
    ("every=8d", "between 1h and 7d"),
    ("poem", "didn't understand 'poem'"),
    ("ladder modes", "template twice"),
])
def test_riskwarn_refuses(text, needle):
    with pytest.raises(UsageError, match=needle):
        parse_riskwarn(text)


def test_audit_count():
    assert parse_count("") == {} and parse_count("25") == {"last": 25}
    for bad in ("0", "26", "ten", "5 6", "٥"):
        with pytest.raises(UsageError, match="1 to 25"):
            parse_count(bad)
