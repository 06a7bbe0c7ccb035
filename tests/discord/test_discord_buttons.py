"""Reply buttons: sent as components with opaque ids, pressed through the fake gateway (interaction
type 3), honoured once, for 15 minutes, for the person who got the reply and nobody else."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.button_book import EXPIRED, LIFETIME, NOT_YOURS, ButtonBook
from bot.discord.adapter import DiscordAdapter
from bot.discord.buttons import TOKEN_PREFIX, button_view, is_ours
from bot.settings import Settings
from commands.context import Context
from commands.reply import Action
from tests.discord.conftest import UNHURRIED, embed_text, patient, settled, slow_dispatch, stored
from tests.discord.discord_rules import component_problems
from tests.discord.fake_discord import CALLBACK_DEFER, CALLBACK_MESSAGE, FakeDiscord

ALICE, BOB = "600000000000000001", "600000000000000002"
POSITION = dict(side="long", symbol="BTC", price=60000, leverage=25, qty=0.5)
OPT_IN = "Yes, opt in and save"      # the consent button of commands/saved/save.py
ERASE = "Yes, erase everything"      # the confirm button of commands/saved/forget.py


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


async def ask_to_save(fake: FakeDiscord) -> str:
    """Alice asks to save before opting in; returns the interaction whose answer has the button."""
    interaction_id = await fake.command("save", user_id=ALICE, **POSITION)
    await fake.answer(interaction_id)
    return interaction_id


async def test_the_consent_button_saves_the_position(saving_bot: DiscordAdapter, fake: FakeDiscord,
                                                     db_path: Path) -> None:
    asked = await ask_to_save(fake)
    offer = fake.sent(asked)[0]
    assert offer.ephemeral and "Nothing was saved." in embed_text(offer.data)
    custom_id = fake.buttons(asked)[OPT_IN]
    assert custom_id.startswith("rb:") and len(custom_id) <= 100
    assert "save" not in custom_id and ALICE not in custom_id, "the id says nothing about what it does"
    assert stored(db_path, "positions", f"discord:{ALICE}") == []

    answer = await fake.answer(await fake.press(asked, OPT_IN, user_id=ALICE))
    assert answer.payload["type"] == CALLBACK_MESSAGE and answer.ephemeral
    assert "Saved #1" in embed_text(answer.data) and answer.data["allowed_mentions"] == {"parse": []}
    (row,) = stored(db_path, "positions", f"discord:{ALICE}")
    assert (row["symbol"], row["side"], row["entry"], row["quantity"]) == ("BTC", "long", "60000", "0.5")
    assert len(stored(db_path, "consents", f"discord:{ALICE}")) == 1


async def test_a_strangers_press_runs_nothing(saving_bot: DiscordAdapter, fake: FakeDiscord, db_path: Path) -> None:
    asked = await ask_to_save(fake)
    refusal = await fake.answer(await fake.press(asked, OPT_IN, user_id=BOB))
    assert refusal.ephemeral and refusal.data["content"] == NOT_YOURS
    assert refusal.data["allowed_mentions"] == {"parse": []}
    for user in (ALICE, BOB):
        assert stored(db_path, "positions", f"discord:{user}") == []
        assert stored(db_path, "consents", f"discord:{user}") == []
    # The stranger did not use the button up: its owner still can.
    assert "Saved #1" in embed_text((await fake.answer(await fake.press(asked, OPT_IN, user_id=ALICE))).data)


async def test_a_button_works_once(saving_bot: DiscordAdapter, fake: FakeDiscord, db_path: Path) -> None:
    asked = await ask_to_save(fake)
    await fake.answer(await fake.press(asked, OPT_IN, user_id=ALICE))
    again = await fake.answer(await fake.press(asked, OPT_IN, user_id=ALICE))
    assert again.ephemeral and again.data["content"] == EXPIRED
    assert len(stored(db_path, "positions", f"discord:{ALICE}")) == 1


async def test_a_button_lasts_fifteen_minutes(make_adapter, store, fake: FakeDiscord, db_path: Path) -> None:
    clock = Clock()
    await make_adapter(context=Context(store=store), buttons=ButtonBook(clock=clock, prefix=TOKEN_PREFIX), cooldown=patient(),
                       defer_after=UNHURRIED)
    early, late = await ask_to_save(fake), await ask_to_save(fake)
    clock.now += LIFETIME - 1
    assert "Saved #1" in embed_text((await fake.answer(await fake.press(early, OPT_IN, user_id=ALICE))).data)
    clock.now += 2
    expired = await fake.answer(await fake.press(late, OPT_IN, user_id=ALICE))
    assert expired.ephemeral and expired.data["content"] == EXPIRED
    assert len(stored(db_path, "positions", f"discord:{ALICE}")) == 1


async def test_the_forget_button_erases(saving_bot: DiscordAdapter, fake: FakeDiscord, db_path: Path) -> None:
    await fake.answer(await fake.command("save", user_id=ALICE, **POSITION, consent="yes"))
    await fake.answer(await fake.command("save", user_id=BOB, **POSITION, consent="yes"))
    asked = await fake.command("forget", user_id=ALICE)
    offer = await fake.answer(asked)
    assert offer.ephemeral and "Nothing was deleted yet" in embed_text(offer.data)
    assert len(stored(db_path, "positions", f"discord:{ALICE}")) == 1
    done = await fake.answer(await fake.press(asked, ERASE, user_id=ALICE))
    assert done.ephemeral and "Forgotten" in embed_text(done.data)
    assert stored(db_path, "positions", f"discord:{ALICE}") == []
    assert stored(db_path, "consents", f"discord:{ALICE}") == []
    assert len(stored(db_path, "positions", f"discord:{BOB}")) == 1, "only the presser's data went"


async def test_a_slow_press_is_deferred_and_stays_private(make_adapter, store, fake: FakeDiscord,
                                                          db_path: Path) -> None:
    await make_adapter(context=Context(store=store), dispatcher=slow_dispatch, defer_after=0.005, cooldown=patient())
    asked = await fake.command("save", user_id=ALICE, **POSITION)
    await settled(fake, asked, 2)                   # a private defer, then the offer with its button
    pressed = await fake.press(asked, OPT_IN, user_id=ALICE)
    ack, answer = await settled(fake, pressed, 2)
    assert (ack.payload["type"], answer.kind) == (CALLBACK_DEFER, "edit") and ack.ephemeral
    assert answer.ephemeral and "Saved #1" in embed_text(answer.payload)
    assert len(stored(db_path, "positions", f"discord:{ALICE}")) == 1


def test_a_book_without_the_prefix_is_refused_at_once() -> None:
    """Its presses would never be recognised as ours, so every one would go unanswered."""
    with pytest.raises(ValueError, match="prefix"):
        DiscordAdapter(Settings(_env_file=None), Context(), buttons=ButtonBook())


def test_only_prefixed_ids_are_ours() -> None:
    assert is_ours(ButtonBook(prefix=TOKEN_PREFIX).issue("discord:1", "/help"))
    assert not is_ours(ButtonBook().issue("discord:1", "/help"))
    assert not is_ours(None) and not is_ours(123)


async def test_buttons_fit_discords_rules_and_are_escaped() -> None:
    book = ButtonBook(prefix=TOKEN_PREFIX)
    actions = (Action("**@everyone** " + "x" * 100, "/help"),) + tuple(Action(f"b{n}", "/help") for n in range(30))
    view = button_view(actions, "discord:1", book)
    assert view is not None and view.is_finished(), "discord.py's view store does not keep it"
    rows = view.to_components()
    assert component_problems(rows) == []
    assert sum(len(row["components"]) for row in rows) == 25 == len(book)
    label = rows[0]["components"][0]["label"]
    assert label.startswith("\\*\\*@\u200beveryone\\*\\*") and len(label) == 80
    assert button_view((), "discord:1", book) is None
