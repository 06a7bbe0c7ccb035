"""The one registry of commands: names, options, summaries, examples.

The grammar parser, `/help`, the Discord slash-command tree and the Telegram command menu are all
generated from these entries, so a command is declared once and appears everywhere.
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
    `rate` and `amount` accept a trailing `%`; `text` is free text.
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
    # Commands whose arguments include a sentence parse them themselves (commands/group_args.py);
    # everyone else goes through the one grammar.
    parser: Callable[[str], dict[str, Any]] | None = None
    # Its answers are about the caller's own data and always private: an adapter that must show
    # something before the answer is ready (Discord's "thinking...") shows it privately too.
    private: bool = False

    @property
    def usage(self) -> str:
        return self.examples[0] if self.examples else f"/{self.name}"


def _catalog() -> tuple[Command, ...]:
    # Imported here, not at module top, because command modules import this module.
    from commands import (
        add, alerts, audit, close, delete, export, forget, group_settings, help_command, liq, optin, pnl, portfolio,
        positions, price, riskwarn, save, size, update,
    )

    return (liq.COMMAND, size.COMMAND, pnl.COMMAND,
            save.COMMAND, positions.LIST, positions.ONE, update.COMMAND, add.COMMAND, close.COMMAND,
            delete.COMMAND, portfolio.COMMAND, export.COMMAND, forget.COMMAND, optin.OPTIN, optin.PRIVACY,
            price.COMMAND, alerts.COMMAND,
            group_settings.SETTINGS, group_settings.SET, riskwarn.COMMAND, audit.COMMAND,
            help_command.COMMAND, help_command.START)


_COMMANDS: tuple[Command, ...] | None = None
_BY_NAME: dict[str, Command] = {}


def all_commands() -> tuple[Command, ...]:
    global _COMMANDS
    if _COMMANDS is None:
        _COMMANDS = _catalog()
        _BY_NAME.update((command.name, command) for command in _COMMANDS)
    return _COMMANDS


def find(name: str) -> Command | None:
    if _COMMANDS is None:
        all_commands()
    return _BY_NAME.get(name)
