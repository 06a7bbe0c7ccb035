"""Opt-in first: nothing is written before consent, and the explanation says what would be."""

from __future__ import annotations

from commands.saved.store_port import PositionStore
from tests.positions.conftest import Chat

OWNER = "telegram:1001"
SAVE = "/save long BTC 60000 25x qty=0.5"


async def test_save_before_opting_in_explains_and_writes_nothing(chat: Chat, store: PositionStore) -> None:
    reply = await chat.ok(SAVE)
    assert reply.private and reply.result == {"saved": False, "consent_required": True}
    shown = " ".join([reply.title, *(f"{line.label} {line.value}" for line in reply.lines), *reply.notes])
    for needle in ("/optin", "consent=yes", "/forget confirm", "/delete", "entry", "telegram:123"):
        assert needle in shown
    assert await store.list(OWNER) == [] and await store.export(OWNER) == []
    assert not await store.has_consented(OWNER)


async def test_optin_then_save_keeps_the_position_and_shows_the_liq_card(chat: Chat, store: PositionStore) -> None:
    opted = await chat.ok("/optin")
    assert opted.private and opted.result["consented"] is True
    saved = await chat.ok(SAVE)
    liq = await chat.ok("/liq long BTC 60000 25x qty=0.5")
    assert saved.private and saved.result["saved"] is True
    assert {k: v for k, v in saved.result.items() if k not in ("saved", "id", "label")} == liq.result
    assert saved.headline == liq.headline and saved.title.endswith(liq.title)
    [row] = await store.list(OWNER)
    assert saved.result["id"] == row.id and f"#{row.id}" in saved.title
    assert (row.symbol, row.side, row.entry, row.quantity, row.leverage) == ("BTC", "long", 60000, 0.5, 25)


async def test_optin_twice_keeps_the_first_time(chat: Chat) -> None:
    first = await chat.ok("/optin")
    again = await chat.ok("/optin")
    assert again.result["consented_at"] == first.result["consented_at"]
    assert "already" in " ".join(again.notes)


async def test_save_needs_a_size(opted_in: Chat, store: PositionStore) -> None:
    reply = await opted_in.say("/save long BTC 60000 25x")
    assert reply.error is not None and reply.error.code == "usage" and "qty=" in reply.error.message
    assert await store.list(OWNER) == []


async def test_save_with_notional_stores_the_quantity(opted_in: Chat, store: PositionStore) -> None:
    await opted_in.ok("/save short ETH 3000 10x notional=6000 sl=3150 tp=2700")
    [row] = await store.list(OWNER)
    assert (row.quantity, row.stop, row.take_profit, row.side) == (2, 3150, 2700, "short")


async def test_privacy_says_what_is_stored_and_the_users_status(chat: Chat) -> None:
    before = await chat.ok("/privacy")
    assert before.private and before.result == {"storage": True, "consented": False}
    assert any(line.label == "Remove" and "/forget confirm" in line.value for line in before.lines)
    await chat.ok("/optin")
    assert (await chat.ok("/privacy")).result["consented"] is True


async def test_consent_yes_on_the_save_line_opts_in_and_saves(chat: Chat, store: PositionStore) -> None:
    reply = await chat.ok(SAVE + " label=swing consent=yes")
    assert reply.result["saved"] is True and reply.result["label"] == "swing"
    assert await store.has_consented(OWNER)
    [row] = await store.list(OWNER)
    assert row.label == "swing"
    assert any("opted in" in note for note in reply.notes)


async def test_consent_no_saves_nothing(chat: Chat, store: PositionStore) -> None:
    reply = await chat.ok(SAVE + " consent=no")
    assert reply.result["saved"] is False and await store.list(OWNER) == []


async def test_a_cross_save_keeps_the_leverage_derived_from_balance(opted_in: Chat, store: PositionStore) -> None:
    # balance= is the account's wallet and is not saved, so the leverage it implied is kept instead.
    reply = await opted_in.ok("/save long BTC 60000 cross qty=1 balance=5000")
    [row] = await store.list(OWNER)
    assert row.leverage == 12 and row.margin is None
    assert any("balance= is your cross wallet" in note for note in reply.notes)
    assert (await opted_in.ok("/positions")).result["positions"][0]["leverage"] == 12


async def test_the_consent_button_runs_the_same_save_and_is_left_out_when_it_could_not(chat: Chat) -> None:
    asked = await chat.say("/save   long BTC 60000 25x qty=0.5")
    [button] = asked.actions
    assert button.command == "/save long BTC 60000 25x qty=0.5 consent=yes"
    pressed = await chat.say(button.command)
    assert pressed.ok and pressed.result["saved"] is True
    long_label = "/save long BTC 60000 25x qty=0.5 " + " ".join(["explain"] * 59)   # 504 characters
    assert len(long_label) <= 512 < len(long_label) + len(" consent=yes")
    assert (await chat.say(long_label, user="1002")).actions == ()
