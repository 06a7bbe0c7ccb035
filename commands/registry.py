"""The one registry of commands: names, options, summaries, examples.

The grammar parser, `/help`, the Discord slash-command tree and the Telegram command menu are all
generated from these entries, so a command is declared once and appears everywhere. The list itself
is assembled by commands/catalog.py, the one module that imports every command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Union

from commands.context import Context
from commands.invocation import Invocation
from commands.reply import Reply

NAME_RULE = re.compile(r"^[a-z0-9_]{1,32}$")


@dataclass(frozen=True)
class Option:
    """One argument a command takes.

    `kind` tells adapters how to present it: `side`, `margin_mode`, `contract` and `venue` are
    choices; `symbol` is free text with autocomplete; `price`, `leverage` and `number` are numbers;
    `rate` and `amount` accept a trailing `%`; `list` (a tp= list) and `duration` (12h, 3d) are one
    token of text; `text` is free text.
    """

    name: str
    kind: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None


Runner = Callable[[dict[str, Any], Invocation, Context], Union[Reply, Awaitable[Reply]]]


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    options: tuple[Option, ...]
    examples: tuple[str, ...]
    run: Runner
    accepts_free_text: bool = True
    # For group moderators: dispatch awaits `Invocation.is_moderator()` before running it in a
    # group, and Discord also hides it behind Manage Server by default (never trusted alone).
    moderator: bool = False
    # Commands whose arguments include a sentence parse them themselves (commands/groups/args.py);
    # everyone else goes through the one grammar.
    parser: Callable[[str], dict[str, Any]] | None = None
    # Its answers are about the caller's own data and always private: an adapter that must show
    # something before the answer is ready (Discord's "thinking...") shows it privately too.
    private: bool = False
    # Also offered where riskbot is installed to a person's account rather than to the chat
    # (Discord user installs: any server, DM or group DM, the bot itself absent). Only for commands
    # that need nothing of the bot in the chat: the calculators, and the caller's own saved
    # positions (answered privately). A new calculator declares it here.
    user_install: bool = False
    # Safe to run from Telegram inline mode (`@ThisBot liq ...` in any chat): public and read-only.
    # Inline queries arrive on every keystroke and carry no chat, so anything that reads or
    # changes a user's data stays False and is refused there.
    inline: bool = False

    @property
    def usage(self) -> str:
        return self.examples[0] if self.examples else f"/{self.name}"


_BY_NAME: dict[str, Command] = {}
_ALL: list[Command] = []


def register(commands: tuple[Command, ...]) -> None:
    """Called once by commands/catalog.py, which imports every command module. The registry itself
    imports none of them, so a command module can import this one without a circle."""
    _ALL[:] = commands
    _BY_NAME.clear()
    _BY_NAME.update((command.name, command) for command in commands)


def registered() -> tuple[Command, ...]:
    """Every command, in menu order (empty until commands/catalog.py has been imported)."""
    return tuple(_ALL)


def find(name: str) -> Command | None:
    return _BY_NAME.get(name)
