"""The command language, table-driven: forms that must give the same request, and bad inputs
(reliability catalogue §6.1) that must get one short usage message naming the problem."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commands.dispatch import dispatch
from commands.errors import UsageError
from commands.grammar import parse
from commands.invocation import Invocation
from commands.registry import find

LIQ = find("liq")
CANONICAL = {"side": 1, "symbol": ("BTC", "USDT"), "price": Decimal(60000), "leverage": Decimal(25), "mode": "isolated"}

SAME_REQUEST = [
    "long BTCUSDT 60000 25x isolated",
    "BTC/USDT l 60k x25 iso",
    "isolated 25X 60,000 btcusdt LONG",
    "buy btc-usdt 60000 25× isolated",
    "side=long symbol=BTCUSDT price=60000 leverage=25 mode=isolated",
    "LONG\u00a0BTCUSDT\t60000\u200b 25x\nisolated",
]


@pytest.mark.parametrize("text", SAME_REQUEST)
def test_equivalent_forms_parse_to_the_same_request(text):
    assert parse(text, LIQ) == CANONICAL


@pytest.mark.parametrize("token,value", [
    ("60000", "60000"), ("60k", "60000"), ("1.5m", "1500000"), ("60,000", "60000"), ("60,000.5", "60000.5"),
    ("0.11586", "0.11586"), ("1,234,567.89", "1234567.89"),
])
def test_number_forms(token, value):
    assert parse(f"long BTC {token} 10x", LIQ)["price"] == Decimal(value)


@pytest.mark.parametrize("text,needle", [
    ("long BTC 1e308 25x", "1e308"), ("long BTC 1e999 25x", "1e999"), ("long BTC nan 25x", "nan"),
    ("long BTC NaN 25x", "NaN"), ("long BTC inf 25x", "inf"), ("long BTC Infinity 25x", "Infinity"),
    ("long BTC -inf 25x", "-inf"), ("long BTC 60000 0x", "at least 1x"), ("long BTC 60000 -25x", "-25x"),
    ("long BTC 60000 5e-324x", "5e-324x"), ("long BTC 0 25x", "more than zero"), ("long BTC -60000 25x", "-60000"),
    ("long BTC 1e-400 25x", "1e-400"), ("long BTC 1e999999999 25x", "1e999999999"), ("long BTC sNaN 25x", "sNaN"),
    ("long BTC 99999999999999999999999999999999999999 25x", "too long"), ("long BTC " + "9" * 4000 + " 25x", "too long"),
    ("long BTC ٦٠٠٠٠ 25x", "digits 0-9"), ("long BTC ۶۰۰۰۰ 25x", "digits 0-9"), ("long BTC ６００００ 25x", "digits 0-9"),
    ("long BTC ६०००० 25x", "digits 0-9"), ("long BTC 𝟔𝟎𝟎𝟎𝟎 25x", "digits 0-9"), ("long BTC 60000² 25x", "digits 0-9"),
    ("long BTC ½ 25x", "digits 0-9"), ("long BTC ① 25x", "digits 0-9"), ("long BTC 60.000,5 25x", "dot for decimals"),
    ("long BTC 60000,5 25x", "Commas only"), ("long BTC 1_000 25x", "1_000"), ("long BTC 0x10 25x", "0x10"),
    ("long BTC 0b101 25x", "0b101"), ("long BTC 1e3e3 25x", "1e3e3"), ("long BTC 6e4 25x", "scientific"),
    ("long BTC 60000 25x 65000", "as the price"), ("longg BTC 60000 25x", "longg"), ("long BTC 60000 25x qty=", "needs a value"),
    ("long BTC 60000 25x foo=1", "foo="), ("long @everyone 60000 25x", "@everyone"), ("long <@&123456789012345678> 60000 25x", "symbol"),
    ("long **BTC** 60000 25x", "symbol"), ("long ВТС 60000 25x", "symbol"), ("long BTC\x00evil 60000 25x", "symbol"),
    ("long '; 60000 25x", "symbol"), ("long BTC 60000 25x mmr=5", "percentage"), ("long BTC 60000 25x fee=100%", "below 100%"),
    ("long BTC 60000 25.123x", "leverage"),
])
def test_bad_inputs_name_the_problem(text, needle):
    with pytest.raises(UsageError) as caught:
        parse(text, LIQ)
    assert needle.lower() in caught.value.message.lower()
    assert len(caught.value.message) < 200


@pytest.mark.parametrize("text", [
    "/liq", "/liq long", "/liq long BTC", "/liq long BTC 60000", "/liq long BTC 60000 1000000x", "/liq long BTC 60000 200x",
    "/liq long BTC 60000 25x isolated extra junk", "/liq long BTC 60000 25x balance=5", "/liq \r \x1b[2J \x07",
    "/nosuch thing", "/liq long BTC 60000 25x qty=1 notional=5",
    "/liq long XYZ 150 10x",  # not listed on Binance USDⓈ-M (SOL, used here before, now has a shipped table)
])
async def test_incomplete_or_contradictory_commands_get_a_usage_reply(text):
    reply = await dispatch(Invocation(text=text))
    assert not reply.ok and reply.error.code == "usage"
    assert reply.example and reply.example.startswith("/")


async def test_input_length_is_capped_before_parsing():
    reply = await dispatch(Invocation(text="/liq long BTC 60000 25x " + "x" * 100_000))
    assert reply.error.code == "usage" and "too long" in reply.error.message


async def test_case_insensitive_and_symbol_upper_case():
    reply = await dispatch(Invocation(text="/LIQ LONG btc 60000 25X ISOLATED"))
    assert reply.ok and reply.title.startswith("BTC long 25x isolated")


async def test_bot_suffix_on_the_command_is_accepted():
    reply = await dispatch(Invocation(text="/liq@riskbot long BTC 60000 25x"))
    assert reply.ok and reply.headline.value == "57,831.33"


@pytest.mark.parametrize("raw,marks", [
    ("60000", {None: Decimal(60000)}),
    ("BTC:60,000,ETH:3,000.5", {"BTC": Decimal(60000), "ETH": Decimal("3000.5")}),
    ("btc:60000,eth:3000", {"BTC": Decimal(60000), "ETH": Decimal(3000)}),
])
def test_marks_keep_thousands_commas(raw, marks):
    assert parse(f"balance=10000 mark={raw}", find("portfolio"))["mark"] == marks


def test_a_symbol_marked_twice_is_refused_not_overwritten():
    with pytest.raises(UsageError, match="BTC twice"):
        parse("balance=10000 mark=BTC:1,BTC:2", find("portfolio"))
