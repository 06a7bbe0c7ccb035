"""riskbot installed to a person's account (a Discord user install, issue 20): the calculators and
the caller's own saved positions work in a server that never added the bot and in a group DM;
commands that need the bot in the chat (moderation, schedules, nudges) are not offered there, and
refused in one line if a client sends one anyway. The fake sends the payload Discord sends
(`authorizing_integration_owners` without a guild install, `context` 0 or 2) and checks the
definitions' `integration_types` and `contexts`."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from bot.discord.invocation import NEEDS_THE_BOT
from commands.catalog import all_commands
from commands.context import Context
from tests.discord.conftest import embed_text, patient, settled, slow_dispatch, stored
from tests.discord.discord_rules import command_problems
from tests.discord.fake_discord import CALLBACK_DEFER, CALLBACK_MESSAGE, FakeDiscord

ALICE = "600000000000000001"
LIQ = dict(side="long", symbol="BTC", price=60000, leverage=25)
CALCULATORS = {"liq", "size", "pnl", "price", "help"}


async def test_definitions_say_where_each_command_is_offered(bot, fake: FakeDiscord) -> None:
    synced = {c["name"]: c for c in fake.commands[None]}
    assert CALCULATORS <= {c.name for c in all_commands() if c.user_install}
    for command in all_commands():
        definition = synced[command.name]
        if command.user_install:
            assert (definition["integration_types"], definition["contexts"]) == ([0, 1], [0, 1, 2])
        elif command.moderator:
            assert (definition["integration_types"], definition["contexts"]) == ([0], [0])
        else:
            assert (definition["integration_types"], definition["contexts"]) == ([0], [0, 1])


@pytest.mark.parametrize("bad", [{"integration_types": [2]}, {"contexts": []}, {"contexts": [0, 0]}])
def test_the_fake_refuses_malformed_install_fields(bad) -> None:
    assert command_problems([{"name": "liq", "description": "x", **bad}])


@pytest.mark.parametrize("where", ["server", "group_dm"])
async def test_a_calculator_answers_where_only_the_user_installed_riskbot(bot, fake: FakeDiscord, where) -> None:
    sent = await fake.answer(await fake.user_command("liq", where=where, user_id=ALICE, **LIQ))
    assert sent.payload["type"] == CALLBACK_MESSAGE and "57,831.33" in embed_text(sent.data)
    assert fake.last_payload["authorizing_integration_owners"] == {"1": ALICE}
    assert fake.last_payload["context"] == (0 if where == "server" else 2)
    assert not fake.posted, "nothing goes out but the interaction's own answer"


@pytest.mark.parametrize("where", ["server", "group_dm"])
async def test_saved_positions_answer_privately_there(saving_bot, fake: FakeDiscord, db_path: Path, where) -> None:
    saved = await fake.answer(await fake.user_command("save", where=where, user_id=ALICE, **LIQ, qty=0.5,
                                                      consent="yes"))
    listed = await fake.answer(await fake.user_command("positions", where=where, user_id=ALICE))
    assert saved.ephemeral and listed.ephemeral and "#" in embed_text(listed.data)
    assert len(stored(db_path, "positions", f"discord:{ALICE}")) == 1


@pytest.mark.parametrize(("name", "options"), [("riskwarn", {"template": "ladder", "every": "12h"}),
                                               ("set", {}), ("audit", {})])
async def test_commands_that_need_the_bot_are_not_offered_and_refused_if_sent(
        bot, fake: FakeDiscord, name: str, options: dict) -> None:
    with pytest.raises(LookupError):
        await fake.user_command(name, user_id=ALICE, **options)
    for where in ("server", "group_dm"):
        sent = await fake.answer(await fake.user_command(name, where=where, user_id=ALICE, unchecked=True, **options))
        assert sent.ephemeral and sent.data["content"] == NEEDS_THE_BOT.format(name=name)
    assert not fake.posted


async def test_a_guild_install_still_runs_moderator_commands(bot, fake: FakeDiscord) -> None:
    sent = await fake.answer(await fake.command("audit", member_permissions=str(1 << 5)))
    assert "needs riskbot added" not in str(sent.payload)


async def test_a_slow_answer_there_is_deferred_then_edited_within_the_follow_up_cap(
        make_adapter, store, fake: FakeDiscord) -> None:
    """The slow path (defer, then edit, or delete and one ephemeral follow-up) fits what Discord
    allows a user install: the response and at most 5 follow-ups (the fake counts them)."""
    await make_adapter(context=Context(store=store), dispatcher=slow_dispatch, defer_after=0.005, cooldown=patient())
    public = await fake.user_command("liq", where="server", user_id=ALICE, **LIQ)
    private = await fake.user_command("positions", where="group_dm", user_id=ALICE)
    for interaction in (public, private):
        sent = await settled(fake, interaction, 2)
        assert sent[0].payload["type"] == CALLBACK_DEFER and sent[1].kind in ("edit", "followup")
        assert sum(s.kind == "followup" for s in fake.sent(interaction)) <= 1
    assert fake.sent(private)[0].ephemeral and fake.sent(private)[-1].ephemeral


async def test_the_fake_refuses_a_sixth_follow_up_to_a_user_install(fake: FakeDiscord) -> None:
    fake.commands[None] = [{"id": "1", "name": "liq", "description": "x", "integration_types": [0, 1],
                            "contexts": [0, 1, 2]}]
    interaction = fake.interactions[await fake.user_command("liq", where="group_dm", user_id=ALICE)]
    async with aiohttp.ClientSession() as http:
        url = f"{fake.api_base}/interactions/{interaction.id}/{interaction.token}/callback"
        assert (await http.post(url, json={"type": 5})).status == 204
        hook = f"{fake.api_base}/webhooks/{fake.app_id}/{interaction.token}"
        statuses = [(await http.post(hook, json={"content": f"part {n}"})).status for n in range(6)]
    assert statuses == [200] * 5 + [400]
    assert fake.problems == [f"interaction {interaction.id}: more than 5 follow-ups"]
    fake.problems.clear()
