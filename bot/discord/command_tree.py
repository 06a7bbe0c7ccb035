"""The Discord slash-command tree, generated from `commands.registry` and nothing else.

Each registry option becomes a typed Discord option (choices, number ranges, symbol autocomplete),
so Discord's client rejects most bad input before it reaches us. A command that accepts free
text also gets an `extras` option in the same `key=value` grammar (`qty=2 sl=58000`). An invocation
is turned back into text, `/liq side=long symbol=BTC price=60000 ... qty=2`, so Discord and the
text platforms go through the one parser and get the same answer.

Where each command is offered (Discord's `integration_types` and `contexts`): a `user_install`
command works for both installs and in servers, DMs with the bot and group DMs; any other command
needs riskbot installed to the server (or a DM with the bot), and a moderator command a server.
"""

from __future__ import annotations

import inspect
from decimal import Decimal
from typing import Any, Awaitable, Callable, Iterable

import discord
from discord import app_commands

from commands.catalog import all_commands
from core.i18n import N_
from commands.registry import Command, Option
from core.markets import CATALOGUE, Contract
from core.venues import ALIASES

Handler = Callable[..., Awaitable[None]]   # (interaction, text, reference=None)
VenueLookup = Callable[[discord.Interaction], Awaitable[str]]   # the venue of the interaction's server

NUMBER_KINDS = {"price", "leverage", "number"}
EXTRAS = Option("extras", "text", N_("More options as key=value, e.g. qty=2 sl=58000"))
DESCRIPTION_LIMIT = 100
AUTOCOMPLETE_LIMIT = 25
MODERATOR_DEFAULT = discord.Permissions(manage_guild=True)   # "Manage Server", bit 1 << 5
EVERY_INSTALL = app_commands.AppInstallationType(guild=True, user=True)
SERVER_INSTALL = app_commands.AppInstallationType(guild=True, user=False)
EVERYWHERE = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)
SERVER_OR_BOT_DM = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=False)
SERVERS_ONLY = app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False)


def _short(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LIMIT else text[:DESCRIPTION_LIMIT - 1] + "…"


def _described(text: str) -> app_commands.locale_str:
    """The English shown (within Discord's 100 characters) carrying the whole template, which is
    what the catalogue knows (bot/discord/menu_translator.py translates it at sync)."""
    return app_commands.locale_str(_short(text), source=text)


class OptionTransformer(app_commands.Transformer):
    """Presents one registry option to Discord: its type, choices and range. Values pass through."""

    def __init__(self, option: Option) -> None:
        self.option = option

    @property
    def type(self) -> discord.AppCommandOptionType:
        if self.option.kind in NUMBER_KINDS:
            return discord.AppCommandOptionType.number
        return discord.AppCommandOptionType.string

    @property
    def min_value(self) -> float | None:
        return self.option.min_value if self.option.kind in NUMBER_KINDS else None

    @property
    def max_value(self) -> float | None:
        return self.option.max_value if self.option.kind in NUMBER_KINDS else None

    @property
    def choices(self) -> list[app_commands.Choice[str]] | None:
        return [app_commands.Choice(name=c, value=c) for c in self.option.choices] or None

    async def transform(self, interaction: discord.Interaction, value: Any, /) -> Any:
        return value


class SymbolTransformer(OptionTransformer):
    """A symbol option: free text, with the listed contracts of the venue chosen (else the group's
    default venue) offered as the user types, from the market catalogue: exact and prefix matches
    first, at most 25, only contracts riskbot has a table for."""

    def __init__(self, option: Option, default_venue: VenueLookup) -> None:
        super().__init__(option)
        self.default_venue = default_venue

    async def autocomplete(self, interaction: discord.Interaction, value: Any, /
                           ) -> list[app_commands.Choice[str]]:
        chosen = str(getattr(interaction.namespace, "venue", None) or "").lower()
        venue = ALIASES.get(chosen) or await self.default_venue(interaction)
        kind = getattr(interaction.namespace, "contract", None)
        found = CATALOGUE.search(str(value or "").strip()[:32], venue, kind if kind in ("linear", "inverse") else None,
                                 limit=AUTOCOMPLETE_LIMIT)
        return [app_commands.Choice(name=_choice_name(c), value=c.symbol) for c in found]


def _choice_name(contract: Contract) -> str:
    """`1000PEPEUSDT (per 1,000 PEPE)`: the unit is named where it is not one coin."""
    return contract.symbol if contract.multiplier == 1 else f"{contract.symbol} (per {contract.unit})"


async def _bot_default(interaction: discord.Interaction) -> str:
    return "binance"


def _token_value(value: Any) -> str:
    """60000.0 -> "60000", 1e-05 -> "0.00001": the way a person would type the number."""
    if isinstance(value, float):
        text = format(Decimal(repr(value)), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def invocation_text(command: Command, values: dict[str, Any]) -> str:
    """The command as text: `name=value` for each typed option given, then the free text."""
    tokens = [f"/{command.name}"]
    for option in (*command.options, EXTRAS):
        value = values.get(option.name)
        if value is None or value == "":
            continue
        if option.kind == "text":
            tokens.append(str(value).strip())
        else:   # one token: "BTC USDT" would otherwise read as two
            tokens.append(f"{option.name}={''.join(_token_value(value).split())}")
    return " ".join(token for token in tokens if token)


def _slash_command(command: Command, handler: Handler, default_venue: VenueLookup) -> app_commands.Command:
    options = (*command.options, EXTRAS) if command.accepts_free_text else command.options
    installs, contexts = where_offered(command)

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        await handler(interaction, invocation_text(command, values))

    # discord.py reads option names, types and defaults from the callback's signature.
    callback.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        *(inspect.Parameter(
            o.name, inspect.Parameter.KEYWORD_ONLY,
            annotation=SymbolTransformer(o, default_venue) if o.kind == "symbol" else OptionTransformer(o),
            default=inspect.Parameter.empty if o.required else None) for o in options)])
    app_commands.describe(**{o.name: _described(o.description) for o in options})(callback)
    slash = app_commands.Command(name=command.name, description=_described(command.summary), callback=callback,
                                 allowed_installs=installs, allowed_contexts=contexts)
    if command.moderator:
        # Hides it from members without Manage Server by default. Server admins can change who
        # sees it, so the command itself still checks at run time (bot/discord/invocation.py).
        slash.default_permissions = MODERATOR_DEFAULT
    return slash


def where_offered(command: Command) -> tuple[app_commands.AppInstallationType, app_commands.AppCommandContext]:
    if command.user_install:
        return EVERY_INSTALL, EVERYWHERE
    return SERVER_INSTALL, SERVERS_ONLY if command.moderator else SERVER_OR_BOT_DM


PLAN_THIS_TRADE = N_("Plan this trade")   # translated at sync, where it fits in 32 characters


def plan_menu(handler: Handler) -> app_commands.ContextMenu:
    """The message command "Plan this trade" (type 3, on a message's Apps menu, phones too): runs
    /plan with the target message's text as the signal, answered like /plan itself. Discord sends
    the target's content with the interaction, so no message-content intent is needed."""
    async def callback(interaction: discord.Interaction, message: discord.Message) -> None:
        await handler(interaction, "/plan", reference=message.content)

    return app_commands.ContextMenu(name=PLAN_THIS_TRADE, callback=callback,
                                    allowed_installs=EVERY_INSTALL, allowed_contexts=EVERYWHERE)


def build_tree(client: discord.Client, handler: Handler, commands: Iterable[Command] | None = None,
               default_venue: VenueLookup = _bot_default) -> app_commands.CommandTree:
    """One slash command per registry entry (or per one of `commands`); each calls
    `handler(interaction, text)`. `default_venue` says which venue's contracts the symbol
    autocomplete offers when none is chosen (the server's, else the bot's)."""
    tree = app_commands.CommandTree(client)
    chosen = tuple(all_commands() if commands is None else commands)
    for command in chosen:
        tree.add_command(_slash_command(command, handler, default_venue))
    if any(command.name == "plan" for command in chosen):
        tree.add_command(plan_menu(handler))
    return tree
