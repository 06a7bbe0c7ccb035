"""/help shows members what they can do; /help moderators the rest; a moderator gets a pointer."""

from __future__ import annotations

from commands.catalog import all_commands
from commands.dispatch import dispatch
from commands.invocation import Invocation

MODERATOR_COMMANDS = {f"/{c.name}" for c in all_commands() if c.moderator}


async def _yes() -> bool:
    return True


async def test_help_lists_no_moderator_command_to_a_member():
    reply = await dispatch(Invocation(text="/help", is_group=True, chat_id="g"))
    listed = {line.label for line in reply.lines}
    assert MODERATOR_COMMANDS and not listed & MODERATOR_COMMANDS
    assert {"/liq", "/size", "/pnl", "/settings"} <= listed
    assert not any("moderators" in note for note in reply.notes)


async def test_help_moderators_lists_exactly_the_moderator_commands():
    reply = await dispatch(Invocation(text="/help moderators"))
    assert reply.error is None and {line.label for line in reply.lines} == MODERATOR_COMMANDS


async def test_a_moderator_in_their_group_sees_a_one_line_pointer():
    reply = await dispatch(Invocation(text="/help", is_group=True, chat_id="g", is_moderator=_yes))
    assert "/help moderators" in reply.notes[0] and not {line.label for line in reply.lines} & MODERATOR_COMMANDS
