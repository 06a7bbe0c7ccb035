"""The slash-command definitions generated from the registry, as Discord receives them."""

from __future__ import annotations

from bot.discord.adapter import DiscordAdapter
from bot.discord.command_tree import EXTRAS, invocation_text
from commands.catalog import all_commands, find
from tests.discord.conftest import settings_for
from tests.discord.discord_rules import NUMBER, STRING, command_problems
from tests.discord.fake_discord import FakeDiscord


async def test_every_registry_command_is_synced_globally(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    synced = {c["name"]: c for c in fake.commands[None] if c["type"] == 1}   # slash commands; type 3 is a menu
    assert list(synced) == [c.name for c in all_commands()]
    for command in all_commands():
        definition = synced[command.name]
        assert definition["description"] == command.summary
        options = {o["name"]: o for o in definition.get("options", [])}
        expected = [o.name for o in command.options] + ([EXTRAS.name] if command.accepts_free_text else [])
        assert sorted(options) == sorted(expected)
        for option in command.options:
            sent = options[option.name]
            assert sent.get("required", False) == option.required
            assert [c["value"] for c in sent.get("choices", [])] == list(option.choices)
            if option.kind in ("price", "leverage", "number"):
                assert sent["type"] == NUMBER
                assert (sent.get("min_value"), sent.get("max_value")) == (option.min_value, option.max_value)
            else:
                assert sent["type"] == STRING
            assert sent.get("autocomplete", False) == (option.kind == "symbol")


async def test_guild_sync_for_testing(make_adapter, fake: FakeDiscord) -> None:
    await make_adapter(settings_for(fake, discord_guild_id=int(fake.guild_id)))
    assert None not in fake.commands, "nothing is pushed globally while testing in one server"
    assert [c["name"] for c in fake.commands[fake.guild_id] if c["type"] == 1] == [c.name for c in all_commands()]
    sent = await fake.answer(await fake.command("liq", side="long", symbol="BTC", price=60000, leverage=25))
    assert sent.data["embeds"]


def test_the_fake_rejects_what_discord_rejects() -> None:
    good = {"name": "liq", "description": "ok", "options": [
        {"name": "side", "description": "d", "type": STRING, "required": True},
        {"name": "qty", "description": "d", "type": NUMBER, "min_value": 0}]}
    assert command_problems([good]) == []
    bad = [
        {**good, "name": "Liq"},
        {**good, "name": "liq-price"},
        {**good, "description": ""},
        {**good, "description": "x" * 101},
        {**good, "options": good["options"][::-1]},
        {**good, "options": [{"name": f"o{i}", "description": "d", "type": STRING} for i in range(26)]},
    ]
    for definition in bad:
        assert command_problems([definition]), definition


def test_typed_options_become_the_text_grammar() -> None:
    liq = find("liq")
    assert liq is not None
    values = {"side": "long", "symbol": " btc usdt ", "price": 60000.0, "leverage": 25, "mode": None,
              "qty": 1e-05, "fee": "0.05 %", "extras": "  sl=58000 tp=65000 "}
    assert invocation_text(liq, values) == \
        "/liq side=long symbol=btcusdt price=60000 leverage=25 qty=0.00001 fee=0.05% sl=58000 tp=65000"
    assert invocation_text(liq, {"price": 0.11586, "notional": 1.5e6}) == "/liq price=0.11586 notional=1500000"
    help_command = find("help")
    assert help_command is not None
    assert invocation_text(help_command, {"topic": "liq"}) == "/help liq"


async def test_help_takes_one_topic_and_no_extras(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    """/help's topic is already free text; an `extras` box beside it meant nothing (#13 item 14)."""
    definition = next(c for c in fake.commands[None] if c["name"] == "help")
    assert [o["name"] for o in definition.get("options", [])] == ["topic"]
    sent = await fake.answer(await fake.command("help", topic="moderators"))
    assert "moderators" in sent.data["embeds"][0]["title"]
