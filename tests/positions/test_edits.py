"""/position, /update, /add, /close and /delete on the owner's own rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commands.saved.store_port import PositionStore
from tests.positions.conftest import Chat

OWNER = "telegram:1001"


async def _saved(chat: Chat, store: PositionStore, text: str = "/save long BTC 60000 25x qty=0.5 sl=57000 label=swing"):
    await chat.ok(text)
    return (await store.list(OWNER))[-1]


async def test_position_shows_the_same_card_as_save(opted_in: Chat, store: PositionStore) -> None:
    saved_reply = await opted_in.ok("/save long BTC 60000 25x qty=0.5 sl=57000 label=swing")
    row = (await store.list(OWNER))[0]
    card = await opted_in.ok(f"/position {row.id}")
    assert card.private and card.headline == saved_reply.headline
    assert card.result == {k: v for k, v in saved_reply.result.items() if k != "saved"}
    assert [w.code for w in card.warnings] == [w.code for w in saved_reply.warnings]
    assert card.title.startswith(f"#{row.id} (swing)")


async def test_add_averages_the_entry_and_recomputes_liquidation(opted_in: Chat, store: PositionStore) -> None:
    row = await _saved(opted_in, store)
    before = await opted_in.ok(f"/position {row.id}")
    reply = await opted_in.ok(f"/add {row.id} 0.5@58000")
    again = (await store.list(OWNER))[0]
    assert (again.quantity, again.entry) == (Decimal("1.0"), Decimal("59000"))
    expected = await opted_in.ok("/liq long BTC 59000 25x qty=1")
    assert reply.headline == expected.headline
    assert reply.result["liquidation_price"] == expected.result["liquidation_price"]
    assert reply.result["previous_liquidation_price"] == before.result["liquidation_price"]
    assert reply.result["previous_entry"] == 60000
    assert any(line.label == "Average entry" and "59,000.00" in line.value for line in reply.lines)


async def test_add_uneven_sizes_and_key_value_form(opted_in: Chat, store: PositionStore) -> None:
    row = await _saved(opted_in, store, "/save short ETH 3000 10x qty=2")
    await opted_in.ok(f"/add {row.id} qty=1 price=3300")
    again = (await store.list(OWNER))[0]
    assert again.quantity == 3 and again.entry == Decimal(3100)     # (2·3000 + 1·3300) / 3


async def test_add_grows_posted_isolated_margin_at_the_positions_leverage(opted_in: Chat, store: PositionStore) -> None:
    row = await _saved(opted_in, store, "/save long BTC 60000 qty=1 margin=6000")   # 10x implied
    await opted_in.ok(f"/add {row.id} 1@50000")
    again = (await store.list(OWNER))[0]
    assert (again.quantity, again.entry, again.margin, again.leverage) == (2, 55000, 11000, None)


async def test_add_needs_size_and_price(opted_in: Chat, store: PositionStore) -> None:
    row = await _saved(opted_in, store)
    reply = await opted_in.say(f"/add {row.id} 58000")
    assert reply.error is not None and reply.error.code == "usage" and "0.5@58000" in reply.error.message
    assert (await store.list(OWNER))[0] == row


async def test_update_changes_what_was_asked_and_says_so(opted_in: Chat, store: PositionStore) -> None:
    row = await _saved(opted_in, store)
    reply = await opted_in.ok(f"/update {row.id} sl=56500 leverage=10 label=core")
    again = (await store.list(OWNER))[0]
    assert (again.stop, again.leverage, again.label, again.entry) == (56500, 10, "core", row.entry)
    changed = next(line.value for line in reply.lines if line.label == "Changed")
    assert "stop 57000 → 56500" in changed and "leverage 25 → 10" in changed
    expected = await opted_in.ok("/liq long BTC 60000 10x qty=0.5")
    assert reply.result["liquidation_price"] == expected.result["liquidation_price"]


async def test_update_refuses_what_the_calculator_refuses_and_writes_nothing(opted_in: Chat, store: PositionStore) -> None:
    row = await _saved(opted_in, store)
    reply = await opted_in.say(f"/update {row.id} leverage=500")
    assert reply.error is not None and reply.error.code == "usage"
    assert (await store.list(OWNER))[0] == row


async def test_update_to_cross_drops_the_isolated_margin(opted_in: Chat, store: PositionStore) -> None:
    row = await _saved(opted_in, store, "/save long BTC 60000 10x qty=1 margin=7000")
    await opted_in.ok(f"/update {row.id} cross")
    again = (await store.list(OWNER))[0]
    assert (again.margin_mode, again.margin) == ("cross", None)


async def test_update_with_nothing_to_change(opted_in: Chat, store: PositionStore) -> None:
    row = await _saved(opted_in, store)
    assert (await opted_in.say(f"/update {row.id}")).error.code == "usage"
    same = await opted_in.ok(f"/update {row.id} sl=57000")
    assert "Nothing changed" in " ".join(same.notes) and (await store.list(OWNER))[0] == row


async def test_close_reports_the_pnl_and_deletes(opted_in: Chat, store: PositionStore) -> None:
    row = await _saved(opted_in, store)
    reply = await opted_in.ok(f"/close {row.id} exit=65000")
    expected = await opted_in.ok("/pnl long BTC 60000 25x qty=0.5 exit=65000")
    assert reply.private and reply.result["pnl"] == 2500 and reply.result["net"] == pytest.approx(2500 - 31.25)
    assert reply.result["roe_pct"] == expected.result.get("roe_pct", reply.result["roe_pct"])
    assert await store.list(OWNER) == []
    assert (await opted_in.say(f"/close {row.id}")).error.code == "not_found"


async def test_delete_removes_one_position(opted_in: Chat, store: PositionStore) -> None:
    first = await _saved(opted_in, store)
    second = await _saved(opted_in, store, "/save short ETH 3000 10x qty=2")
    reply = await opted_in.ok(f"/delete {first.id}")
    assert reply.private and reply.result == {"id": first.id, "deleted": True}
    assert await store.list(OWNER) == [second]
    assert (await opted_in.say(f"/delete {first.id}")).error.code == "not_found"


async def test_positions_lists_liquidation_distance_and_warnings_in_words(opted_in: Chat, store: PositionStore) -> None:
    await _saved(opted_in, store)
    await _saved(opted_in, store, "/save short ETH 3000 3x qty=2")
    reply = await opted_in.ok("/positions")
    assert reply.private and len(reply.lines) == 2
    btc, eth = reply.result["positions"]
    assert btc["liquidation_price"] == (await opted_in.ok("/liq long BTC 60000 25x qty=0.5")).result["liquidation_price"]
    assert "high_leverage" in btc["warnings"] and "liq_within_daily_range" not in eth["warnings"]
    assert "liq 57,831.33 (−3.61%)" in reply.lines[0].value and "high leverage" in reply.lines[0].value
    # Short words, never raw codes: no line shows a snake_case code.
    assert not any("_" in line.value for line in reply.lines), [line.value for line in reply.lines]
    assert reply.headline.value == "1 of 2"
