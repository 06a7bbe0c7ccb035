"""Discord edge: slash commands and button presses in; embeds, buttons and files out. Translation only.

The client runs with default intents (slash commands need no privileged intent, and message
content is never read) and `AllowedMentions.none()`, so nothing the bot sends can ping anyone.

A slash command becomes its text form (bot/discord/command_tree.py) and goes through `dispatch` like
any other platform's; the answer is sent by bot/discord/delivery.py, which also defers when the
answer is slow. A button press (a component interaction) is looked up in the adapter's
`ButtonBook` and runs the button's command as the user who pressed it, if they own it. A chart an
answer asks for is drawn off the event loop (bot/charts/attach.py) and shown inside its embed.

As a `Messenger` the adapter posts into channels and DMs for background jobs.

Every interaction is answered: a throttled user gets an ephemeral "slow down" each time (an
unanswered interaction shows "The application did not respond"). On shutdown the answers in
flight get `drain_seconds` to finish; any still open is told riskbot is restarting.

Errors: `dispatch` never raises. Anything that fails around it (Discord refusing a request, a
stale command) is logged with its traceback and answered with a short ephemeral apology.
discord.py reconnects and resumes the gateway by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
import logging
from typing import Any, Awaitable, Callable, Iterable

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket

from bot.charts.attach import drawn
from bot.charts.executor import ChartRenderer
from bot.cooldown import SLOW_DOWN, Cooldown, Verdict
from bot.button_book import EXPIRED, ButtonBook
from bot.discord.buttons import TOKEN_PREFIX, is_ours
from bot.discord.command_tree import build_tree
from bot.discord.delivery import answer_interaction, post_to_channel, send_direct
from bot.discord.invocation import NEEDS_THE_BOT, bot_is_present, invocation_for
from bot.discord.menu_translator import MenuTranslator
from bot.discord.startup import explained
from bot.log_redaction import RISKBOT_LOGGERS, TokenRedactor, install, uninstall
from bot.settings import Settings
from bot.speech import speaking_to
from commands.context import Context
from commands.catalog import find
from commands.dispatch import APOLOGY, answers_privately, dispatch, split_command
from commands.groups.context import group_settings, with_settings
from commands.invocation import Invocation
from commands.registry import Command
from commands.reply import Reply
from core.i18n import N_, _

log = logging.getLogger(__name__)

Dispatcher = Callable[[Invocation, Context], Awaitable[Reply]]
DEFER_AFTER = 0.2
READY_TIMEOUT = 60.0
GUILD_READY_TIMEOUT = 0.2
DRAIN_SECONDS = 3.0
RESTARTING = N_("riskbot is restarting — please try again in a minute.")


def point_at(api_base_url: str | None, gateway_url: str | None) -> None:
    """Aim discord.py at another REST base and gateway (a test fake). These are class attributes,
    so this is process-wide; production leaves both unset."""
    if api_base_url:
        discord.http.Route.BASE = api_base_url.rstrip("/")
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


class DiscordAdapter:
    platform = "discord"   # as a Messenger: the prefix of the user and group keys it serves

    def __init__(self, settings: Settings, context: Context, *, cooldown: Cooldown | None = None,
                 dispatcher: Dispatcher = dispatch, defer_after: float = DEFER_AFTER,
                 buttons: ButtonBook | None = None, commands: Iterable[Command] | None = None,
                 drain_seconds: float = DRAIN_SECONDS, charts: ChartRenderer | None = None,
                 **client_options: Any) -> None:
        """`commands` replaces the registry in the slash-command tree (tests add a throwaway one);
        `charts` draws the charts answers ask for (None: text only); `client_options` go to
        `discord.Client` (tests shorten `guild_ready_timeout`)."""
        self.charts = charts
        self.settings = settings
        self.context = context
        self.cooldown = cooldown if cooldown is not None else Cooldown()   # an empty one is falsy
        self.dispatcher = dispatcher
        self.defer_after = defer_after
        self.buttons = buttons if buttons is not None else ButtonBook(prefix=TOKEN_PREFIX)
        if self.buttons.prefix != TOKEN_PREFIX:   # its buttons' presses would all go unanswered
            raise ValueError(f"a Discord button book needs prefix={TOKEN_PREFIX!r}")
        # riskbot reads no guild state (an interaction carries all it needs), so it does not wait
        # the default 2 s after READY for guild data before calling itself ready.
        client_options.setdefault("guild_ready_timeout", GUILD_READY_TIMEOUT)
        # Before anything logs: discord.py logs interaction tokens and request URLs at DEBUG.
        token = settings.discord_token
        self.redactor = TokenRedactor([token.get_secret_value()] if token is not None else [])
        self._redacted_loggers = install(self.redactor, ("discord", *RISKBOT_LOGGERS))
        self.sync_commands = client_options.pop("sync_commands", True)   # sharded: one process syncs
        client_class = discord.AutoShardedClient if "shard_count" in client_options else discord.Client
        self.client = client_class(intents=discord.Intents.default(),
                                   allowed_mentions=discord.AllowedMentions.none(), **client_options)
        self.tree = build_tree(self.client, self.answer, commands, default_venue=self.venue_of)
        self.tree.error(self.on_tree_error)
        self.client.event(self.on_interaction)
        self._gateway: asyncio.Task[None] | None = None
        self.drain_seconds = drain_seconds
        self._in_flight: dict[asyncio.Task[Any], discord.Interaction] = {}
        self._closing = False

    async def start(self) -> None:
        """Log in, sync the commands, connect; return once the gateway is ready."""
        token = self.settings.discord_token
        if token is None:
            raise ValueError("DISCORD_TOKEN is not set")
        point_at(self.settings.discord_api_base_url, self.settings.discord_gateway_url)
        syncing = False
        try:
            await self.client.login(token.get_secret_value())
            if self.sync_commands:
                syncing = True
                await self.sync()
                syncing = False
            self._gateway = asyncio.create_task(self.client.connect(), name="discord-gateway")
            await self._until_ready(self._gateway)
        except BaseException as exc:
            await self.stop()
            refusal = explained(exc, guild_id=self.settings.discord_guild_id, syncing=syncing)
            if refusal is not exc:
                raise refusal from None   # the one line says it all; the traceback would not
            raise
        self._gateway.add_done_callback(_report_gateway_end)
        log.info("Discord ready as %s", self.client.user)

    async def _until_ready(self, gateway: asyncio.Task[None]) -> None:
        ready = asyncio.create_task(self.client.wait_until_ready())
        await asyncio.wait({ready, gateway}, timeout=READY_TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
        if ready.done():
            return
        ready.cancel()
        if gateway.done():
            gateway.result()   # raises what stopped the gateway (a bad token, say)
        raise TimeoutError("the Discord gateway did not become ready")

    async def stop(self) -> None:
        self._closing = True
        await self._finish_in_flight()
        await self.client.close()
        if self._gateway is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._gateway
        uninstall(self.redactor, self._redacted_loggers)

    async def sync(self) -> None:
        """Globally, or to DISCORD_GUILD_ID only: guild commands update at once, global ones
        can take a while to reach every client."""
        guild_id = self.settings.discord_guild_id
        if self.tree.translator is None:   # the menus in each language we speak (a test may set its own)
            await self.tree.set_translator(MenuTranslator())
        if guild_id is None:
            synced = await self.tree.sync()
        else:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        log.info("synced %d Discord commands to %s", len(synced), guild_id or "all servers")

    async def venue_of(self, interaction: discord.Interaction) -> str:
        """The venue whose contracts the symbol autocomplete offers: the server's, else the bot's.
        Group settings are read the way dispatch reads them (a failing store gives the bot's)."""
        settings = await group_settings(invocation_for(interaction, ""), self.context)
        return with_settings(self.context, settings).default_venue

    async def answer(self, interaction: discord.Interaction, text: str, reference: str | None = None) -> None:
        """Run `text` (a slash command, or a button's command) as the interaction's user;
        `reference` is the text of the message a message command targets."""
        if self._closing:
            await interaction.response.send_message(_spoken(interaction, RESTARTING), ephemeral=True)
            return
        command = find(split_command(text)[0])
        if command is not None and not command.user_install and not bot_is_present(interaction):
            await interaction.response.send_message(_spoken(interaction, NEEDS_THE_BOT, name=command.name),
                                                    ephemeral=True)
            return
        invocation = invocation_for(interaction, text)
        if reference is not None:
            invocation = replace(invocation, reference=reference)
        if await self.cooldown.admit(invocation.user_key) is not Verdict.ALLOW:
            # Warned or not, Discord shows "did not respond" for an unanswered interaction; an
            # ephemeral line is cheap (interaction responses are outside the global rate limit).
            await interaction.response.send_message(_spoken(interaction, SLOW_DOWN), ephemeral=True)
            return
        task = asyncio.current_task()
        if task is not None:
            self._in_flight[task] = interaction
        try:
            work = asyncio.ensure_future(self._reply(invocation))
            await answer_interaction(interaction, work, invocation.user_key, self.buttons, self.defer_after,
                                     private=answers_privately(text))
        finally:
            self._in_flight.pop(task, None)  # type: ignore[arg-type]

    async def _reply(self, invocation: Invocation) -> Reply:
        """The answer, its chart drawn off the loop (the slow path defers the interaction)."""
        return await drawn(await self.dispatcher(invocation, self.context), self.charts)

    async def _finish_in_flight(self) -> None:
        """Give answers in flight `drain_seconds`, then tell whoever still waits that we restart."""
        if not self._in_flight:
            return
        _done, late = await asyncio.wait(set(self._in_flight), timeout=self.drain_seconds)
        for task in late:
            interaction = self._in_flight.pop(task, None)
            task.cancel()
            if interaction is None:
                continue
            try:
                restarting = _spoken(interaction, RESTARTING)
                if interaction.response.is_done():   # a deferred "thinking..." placeholder
                    await interaction.edit_original_response(content=restarting, embed=None, view=None)
                else:
                    await interaction.response.send_message(restarting, ephemeral=True)
            except (discord.HTTPException, aiohttp.ClientError, OSError):
                log.warning("could not tell an interaction that riskbot is restarting", exc_info=True)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Button presses (discord.py calls this for every interaction; the tree has the rest)."""
        token = (interaction.data or {}).get("custom_id")
        if interaction.type is not discord.InteractionType.component or not is_ours(token):
            return
        try:
            redeemed = await self.buttons.take(str(token), f"{self.platform}:{interaction.user.id}")
            if redeemed.command is None:
                await interaction.response.send_message(_spoken(interaction, redeemed.refusal or EXPIRED),
                                                        ephemeral=True)
            else:
                await self.answer(interaction, redeemed.command)
        except Exception as exc:   # nothing above this but discord.py's logger
            log.error("Discord button press failed", exc_info=exc)
            await _apologise(interaction)

    async def post(self, channel_id: str, reply: Reply) -> bool:
        """Messenger: a message into a channel. No buttons: nobody in particular owns them."""
        return await post_to_channel(self.client, channel_id, reply, self.buttons)

    async def direct(self, user_id: str, reply: Reply) -> bool:
        """Messenger: a DM to one user, with the reply's buttons (theirs)."""
        return await send_direct(self.client, user_id, reply, self.buttons)

    async def on_tree_error(self, interaction: discord.Interaction,
                            error: app_commands.AppCommandError) -> None:
        log.error("Discord command failed", exc_info=error)
        await _apologise(interaction)


def _spoken(interaction: discord.Interaction, template: str, **params: object) -> str:
    """One of our own lines (an N_ template), in the language of the user's Discord client."""
    with speaking_to(interaction.locale):
        return _(template, **params)


async def _apologise(interaction: discord.Interaction) -> None:
    apology = _spoken(interaction, APOLOGY)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(apology, ephemeral=True)
        else:
            await interaction.response.send_message(apology, ephemeral=True)
    except discord.HTTPException:
        log.exception("could not send the apology")


def _report_gateway_end(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("Discord gateway stopped", exc_info=task.exception())
