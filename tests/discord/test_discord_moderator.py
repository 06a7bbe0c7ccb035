"""Who is a moderator on Discord: Manage Server or Administrator in the permissions Discord resolved
for this very interaction. The default permission synced with a moderator command only hides it;
a server can open it to anyone, and such a member is still not a moderator."""

from __future__ import annotations

import pytest

from bot.discord.adapter import DiscordAdapter
from commands.context import Context
from commands.invocation import Invocation
from commands.catalog import all_commands
from commands.registry import Command
from commands.reply import Line, Reply
from tests.discord.conftest import embed_text
from tests.discord.fake_discord import MEMBER, FakeDiscord

MANAGE_SERVER, ADMINISTRATOR = 1 << 5, 1 << 3


def _unused(args, invocation, context) -> Reply:
    raise AssertionError("the tests answer through their own dispatcher")


THROWAWAY = Command(name="purge_test", summary="A moderator-only command (test only)", options=(),
                    examples=("/purge_test",), run=_unused, accepts_free_text=False, moderator=True)


async def answers_who_asked(invocation: Invocation, context: Context) -> Reply:
    """A dispatcher that runs nothing, and says what the adapter told it about the caller."""
    return Reply(command="who", title="who", lines=(
        Line("moderator", str(await invocation.is_moderator())), Line("channel", str(invocation.channel_id)),
        Line("chat", invocation.chat_id)))


@pytest.fixture
async def asking_bot(make_adapter) -> DiscordAdapter:
    return await make_adapter(dispatcher=answers_who_asked, commands=(*all_commands(), THROWAWAY))


async def test_moderator_commands_are_hidden_behind_manage_server(asking_bot: DiscordAdapter,
                                                                 fake: FakeDiscord) -> None:
    synced = {c["name"]: c for c in fake.commands[None]}
    assert int(synced["purge_test"]["default_member_permissions"]) == MANAGE_SERVER
    for command in all_commands():
        expected = MANAGE_SERVER if command.moderator else 0
        assert int(synced[command.name].get("default_member_permissions") or 0) == expected, command.name


@pytest.mark.parametrize("permissions, guild, expected", [
    (MEMBER, True, "False"),                                  # the server opened the command to everyone
    (str(int(MEMBER) | MANAGE_SERVER), True, "True"),
    (str(ADMINISTRATOR), True, "True"),
    (str(int(MEMBER) | MANAGE_SERVER), False, "False"),        # nobody moderates a DM
])
async def test_is_moderator_reads_this_interactions_permissions(asking_bot: DiscordAdapter, fake: FakeDiscord,
                                                               permissions: str, guild: bool, expected: str) -> None:
    name = "purge_test" if guild else "liq"       # a DM has only global commands; the check is the same
    options = {} if guild else dict(side="long", symbol="BTC", price=60000)
    interaction_id = await fake.command(name, guild=guild, member_permissions=permissions, **options)
    text = embed_text((await fake.answer(interaction_id)).data)
    assert f"moderator: **{expected}**" in text
    channel = fake.interactions[interaction_id].channel_id
    assert f"channel: **{channel}**" in text
    assert f"chat: **{fake.guild_id if guild else channel}**" in text


async def test_a_demoted_member_is_refused_at_once(asking_bot: DiscordAdapter, fake: FakeDiscord) -> None:
    moderator = str(int(MEMBER) | MANAGE_SERVER)
    first = await fake.command("purge_test", member_permissions=moderator)
    assert "moderator: **True**" in embed_text((await fake.answer(first)).data)
    second = await fake.command("purge_test", member_permissions=MEMBER)
    assert "moderator: **False**" in embed_text((await fake.answer(second)).data)
