"""The saved-position commands are in the one registry, valid on both platforms, and every reply
about a user's data is private."""

from __future__ import annotations

from commands.grammar import KEYS
from commands.catalog import all_commands, find
from commands.registry import NAME_RULE
from tests.positions.conftest import Chat

MINE = ("save", "positions", "position", "update", "add", "close", "delete", "portfolio", "export", "forget",
        "optin", "privacy")


def test_every_saved_position_command_is_registered_and_valid():
    for name in MINE:
        command = find(name)
        assert command is not None and NAME_RULE.fullmatch(name) and len(command.summary) <= 100
        assert len(command.options) <= 25 and command.examples
    assert len({c.name for c in all_commands()}) == len(all_commands())


def test_every_typed_option_can_arrive_as_key_value():
    # Discord sends typed options as name=value (text options as bare tokens): the parser must know each name.
    for name in MINE:
        for option in find(name).options:
            assert option.kind == "text" or option.name in KEYS, (name, option.name)


async def test_every_reply_of_a_session_is_private(chat: Chat) -> None:
    for text in ("/privacy", "/save long BTC 60000 25x qty=0.5", "/optin", "/save long BTC 60000 cross 10x qty=0.5",
                 "/positions", "/position 1", "/update 1 sl=58000", "/add 1 0.1@59000", "/portfolio balance=5000",
                 "/export", "/close 2 exit=61000", "/delete 1", "/position 1", "/forget", "/forget confirm"):
        reply = await chat.say(text)
        assert reply.private, (text, reply)
