"""/alerts and /price through the real dispatcher, with the real stores on SQLite and the real
price feed against fake venues; plus the live-entry helper that /liq, /size and /pnl use."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from commands.context import Context
from commands.dispatch import dispatch
from commands.errors import UsageError
from commands.grammar import parse
from commands.invocation import Invocation
from commands.calculators.liq import COMMAND as LIQ
from commands.calculators.position_args import with_live_entry
from tests.alerts.conftest import OWNER


async def say(world, text: str, user: str = "1001", context: Context | None = None):
    return await dispatch(Invocation(text=text, platform="telegram", user_id=user, chat_id=user),
                          context or world.context)


@pytest.mark.parametrize("text", ["/alerts maybe", "/alerts at=150%", "/alerts at=0", "/alerts quiet=5-5",
                                  "/alerts quiet=25-3", "/alerts within=nan", "/alerts on off", "/alerts lev=3"])
async def test_bad_input_gets_one_short_usage_answer(world, text) -> None:
    await world.saved()
    reply = await say(world, text)
    assert reply.error is not None and reply.error.code == "usage"
    assert len(reply.error.message) < 140 and reply.example
    assert (await world.alerts.settings(OWNER)).enabled is False   # nothing changed


async def test_alerts_need_an_opt_in_and_store_nothing_before(world) -> None:
    reply = await say(world, "/alerts on")
    assert reply.result == {"consent_required": True} and reply.private
    assert await world.positions.export(OWNER) == []


async def test_on_levels_quiet_and_status(world) -> None:
    pid = await world.saved()
    reply = await say(world, "/alerts on at=25% quiet=22-7")
    assert reply.ok and reply.private and reply.title == "Alerts: on"
    lines = {line.label: line.value for line in reply.lines}
    assert lines["Level"] == "25.00% of the entry-to-liquidation distance left"
    assert lines["Quiet hours"] == "22:00 to 07:00 UTC"
    assert lines[f"#{pid} BTC long"] == "liq 57,831.33 · alert at 58,373.49"   # 57,831.3253 + 25% x 2,168.6747
    reply = await say(world, f"/alerts {pid} within=1%")
    assert {line.label: line.value for line in reply.lines}[f"#{pid} BTC long"].endswith("58,409.64 (its own)")  # 1.01 x 57,831.3253
    reply = await say(world, f"/alerts switch=off id={pid}")   # the form Discord's typed options arrive in
    assert {line.label: line.value for line in reply.lines}[f"#{pid} BTC long"].startswith("liq 57,831.33 · muted")
    assert (await say(world, "/alerts off")).title == "Alerts: off"


async def test_another_users_position_is_not_found(world) -> None:
    theirs = await world.saved(owner="telegram:2002")
    await world.positions.record_consent(OWNER)
    reply = await say(world, f"/alerts {theirs} off")
    assert reply.error is not None and reply.error.code == "not_found"
    [row] = await world.alerts.positions("telegram:2002")
    assert not row.muted


async def test_without_prices_or_a_database_alerts_say_so(world) -> None:
    reply = await say(world, "/alerts on", context=Context())
    assert reply.title == "Alerts are off on this bot" and reply.private


async def test_price_answers_the_venues_mark(world) -> None:
    world.mark("60123.45")
    reply = await say(world, "/price BTC")
    assert reply.ok and reply.headline.value == "60,123.45"
    assert reply.result["instrument"] == "BTCUSDT" and reply.result["mark_price"] == 60123.45
    world.venues.set_mark("okx", "ETH-USD-SWAP", "3001")
    assert (await say(world, "/price ETH inverse okx")).result["instrument"] == "ETH-USD-SWAP"


async def test_price_unavailable_is_a_short_clear_error(world) -> None:
    world.venues.fail("binance_usdm", 500)
    reply = await say(world, "/price BTC")
    assert reply.error.code == "price_unavailable" and "HTTP 500" in reply.error.message
    reply = await say(world, "/price BTC", context=Context())
    assert reply.error.code == "price_unavailable" and "give an entry price" in reply.error.message.lower()


async def test_live_entry_uses_the_mark_or_asks_for_a_price(world) -> None:
    world.mark("61000")
    args = parse("long BTC 25x", LIQ)
    filled, note = await with_live_entry(args, world.context, "/liq long BTC 60000 25x")
    assert filled["price"] == Decimal("61000") and "BTCUSDT" in note
    given = parse("long BTC 60000 25x", LIQ)
    assert await with_live_entry(given, world.context, "") == (given, None)
    # a bot without live prices leaves the price missing, for the usual "Missing an entry price"
    assert await with_live_entry(args, replace(world.context, prices=None), "") == (args, None)
    world.venues.fail("binance_usdm", 503)
    with pytest.raises(UsageError, match="^Price unavailable.*give an entry price"):
        await with_live_entry(args, world.context, "/liq long BTC 60000 25x")
