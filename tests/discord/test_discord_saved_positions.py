"""Saved positions through real discord.py, the fake Discord and a real SQLite file.

Everything about a user's data is for that user's eyes: every answer is ephemeral (flag 64) on the
fast path, and on the slow path even the "thinking..." placeholder is ephemeral (the registry marks
these commands private) and is then edited into the answer. One user can neither read nor delete another's
row, and the row is still in the file afterwards.
"""

from __future__ import annotations

from pathlib import Path

from bot.discord.adapter import DiscordAdapter
from commands.context import Context
from tests.discord.conftest import embed_text, patient, settled, slow_dispatch, stored
from tests.discord.fake_discord import CALLBACK_DEFER, CALLBACK_MESSAGE, FakeDiscord, Sent

ALICE, BOB = "500000000000000001", "500000000000000002"
POSITION = dict(side="long", symbol="BTC", price=60000, leverage=25, qty=0.5)


def private_session(first: int, second: int) -> list[tuple[str, dict]]:
    """Every saved-position command once, in an order where each has something to act on:
    `first` is closed, `second` deleted."""
    return [
        ("save", POSITION),                                  # not opted in: the consent explanation
        ("save", {**POSITION, "consent": "yes"}),
        ("save", {**POSITION, "price": 3000, "symbol": "ETH", "qty": 2}),
        ("positions", {}),
        ("position", {"id": first}),
        ("update", {"id": first, "qty": 0.6}),
        ("add", {"id": first, "qty": 0.1, "price": 61000}),
        ("export", {}),
        ("close", {"id": first, "exit": 62000}),
        ("delete", {"id": second}),
        ("forget", {}),
        ("forget", {"confirm": "yes"}),
    ]


def public_content(sent: list[Sent]) -> list[Sent]:
    """What of the bot's traffic for one interaction anyone in the channel could read."""
    return [s for s in sent if s.kind != "delete" and not s.ephemeral
            and (s.data.get("embeds") or s.data.get("content") or s.files or s.data.get("components"))]


async def test_every_saved_position_answer_is_ephemeral(saving_bot: DiscordAdapter, fake: FakeDiscord,
                                                        db_path: Path) -> None:
    texts = []
    for name, options in private_session(1, 2):
        sent = await fake.answer(await fake.command(name, user_id=ALICE, **options))
        assert sent.kind == "callback" and sent.payload["type"] == CALLBACK_MESSAGE, name
        assert sent.ephemeral, f"/{name} was answered in public"
        assert sent.data["allowed_mentions"] == {"parse": []}
        texts.append(embed_text(sent.data))
    assert not [t for t in texts if "Try:" in t], "no step was refused as bad input"
    assert texts[0].startswith("Saving needs your OK first")
    assert "Saved #1 ·" in texts[1] and "Saved #2 ·" in texts[2]
    assert texts[-1].startswith("Forgotten"), "the session ran to the end, through real commands"
    assert stored(db_path, "positions", f"discord:{ALICE}") == []


async def test_slow_answers_about_saved_positions_never_show_in_public(make_adapter, store, fake: FakeDiscord,
                                                                       db_path: Path) -> None:
    await make_adapter(context=Context(store=store), dispatcher=slow_dispatch, defer_after=0.005, cooldown=patient())
    for name, options in private_session(1, 2):
        interaction_id = await fake.command(name, user_id=ALICE, **options)
        ack, answer = await settled(fake, interaction_id, 2)
        # The command is registered as private, so even "thinking..." is shown only to the caller.
        assert ack.payload["type"] == CALLBACK_DEFER and ack.ephemeral and not ack.data.get("embeds"), name
        assert answer.kind == "edit" and answer.ephemeral and answer.payload["embeds"], name
        assert answer.payload["allowed_mentions"] == {"parse": []}
        assert public_content(fake.sent(interaction_id)) == [], name
    assert stored(db_path, "consents", f"discord:{ALICE}") == [], "the session ended with /forget"


async def test_nobody_reads_or_deletes_anothers_position(saving_bot: DiscordAdapter, fake: FakeDiscord,
                                                         db_path: Path) -> None:
    await fake.answer(await fake.command("save", user_id=ALICE, **POSITION, consent="yes"))
    (row,) = stored(db_path, "positions", f"discord:{ALICE}")
    for name in ("position", "delete", "close", "update"):
        options = {"id": row["id"], **({"qty": 9} if name == "update" else {})}
        sent = await fake.answer(await fake.command(name, user_id=BOB, **options))
        text = embed_text(sent.data)
        assert sent.ephemeral
        assert f"You have no saved position #{row['id']}" in text, name
        assert "60,000" not in text and "BTC" not in text, f"/{name} leaked Alice's position to Bob"
    assert stored(db_path, "positions", f"discord:{ALICE}") == [row], "Alice's row is untouched"
    assert stored(db_path, "positions", f"discord:{BOB}") == []
    mine = await fake.answer(await fake.command("position", user_id=ALICE, id=row["id"]))
    assert "BTC" in embed_text(mine.data), "the owner still sees it"


async def test_the_binance_faq_cross_example_through_discord(saving_bot: DiscordAdapter, fake: FakeDiscord) -> None:
    """Binance FAQ's two-position cross example, its 2021 tiers given as mmr=/cum=: 26,316.89 and
    1,153.26, typed as Discord options (numbers arrive as floats), answered ephemerally."""
    for leg in (dict(symbol="BTC", price=32481.98, leverage=20, qty=109.488, mmr="2.5%", cum=16300),
                dict(symbol="ETH", price=1456.84, leverage=10, qty=3683.979, mmr="10%", cum=135365)):
        saved = await fake.answer(await fake.command("save", user_id=ALICE, side="long", mode="cross",
                                                     consent="yes", **leg))
        assert "Saved #" in embed_text(saved.data), embed_text(saved.data)
    answer = await fake.answer(await fake.command("portfolio", user_id=ALICE, balance=1535443.01,
                                                  mark="BTC:31967.27,ETH:1335.18"))
    text = embed_text(answer.data)
    assert answer.ephemeral and "26,316.89" in text and "1,153.26" in text, text
