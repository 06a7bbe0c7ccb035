"""Discord edge: slash-command interactions in, embeds out. Translation only.

The client runs with default intents (slash commands need no privileged intent, and message
content is never read) and `AllowedMentions.none()`, so nothing the bot sends can ping anyone.

The 3-second acknowledgement. `dispatch` answers in well under a millisecond, so a reply
normally goes out as the interaction's first and only response. The adapter does not count on
that: if the reply is not ready after `defer_after` seconds (0.2 s) it defers, then edits the
deferred message when the reply arrives; a private reply on that slow path replaces the public
"thinking..." message with an ephemeral followup. (Time spent queued behind other interactions
before the handler runs is not covered by this; benchmarks/discord_latency.py measures it.)

Errors: `dispatch` never raises. Anything that fails around it (Discord refusing a request, a
stale command) reaches the tree's error handler, which logs the traceback and sends a short
ephemeral apology. discord.py reconnects and resumes the gateway by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, Awaitable, Callable

import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket

from bot.cooldown import SLOW_DOWN, Cooldown, Verdict
from bot.discord_commands import build_tree
from bot.discord_render import is_ephemeral, render
from bot.settings import Settings
from commands.context import Context
from commands.dispatch import APOLOGY, dispatch
from commands.invocation import Invocation
from commands.reply import Reply

log = logging.getLogger(__name__)

Dispatcher = Callable[[Invocation, Context], Awaitable[Reply]]
DEFER_AFTER = 0.2
READY_TIMEOUT = 60.0


def point_at(api_base_url: str | None, gateway_url: str | None) -> None:
    """Aim discord.py at another REST base and gateway (a test fake). These are class attributes,
    so this is process-wide; production leaves both unset."""
    if api_base_url:
        discord.http.Route.BASE = api_base_url.rstrip("/")
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


class DiscordAdapter:
    def __init__(self, settings: Settings, context: Context, *, cooldown: Cooldown | None = None,
                 dispatcher: Dispatcher = dispatch, defer_after: float = DEFER_AFTER,
                 **client_options: Any) -> None:
        """`client_options` go to `discord.Client` (tests shorten `guild_ready_timeout`)."""
        self.settings = settings
        self.context = context
        self.cooldown = cooldown if cooldown is not None else Cooldown()   # an empty one is falsy
        self.dispatcher = dispatcher
        self.defer_after = defer_after
        self.client = discord.Client(intents=discord.Intents.default(),
                                     allowed_mentions=discord.AllowedMentions.none(), **client_options)
        self.tree = build_tree(self.client, self.answer)
        self.tree.error(self.on_tree_error)
        self._gateway: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Log in, sync the commands, connect; return once the gateway is ready."""
        token = self.settings.discord_token
        if token is None:
            raise ValueError("DISCORD_TOKEN is not set")
        point_at(self.settings.discord_api_base_url, self.settings.discord_gateway_url)
        try:
            await self.client.login(token.get_secret_value())
            await self.sync()
            self._gateway = asyncio.create_task(self.client.connect(), name="discord-gateway")
            await self._until_ready(self._gateway)
        except BaseException:
            await self.stop()
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
        await self.client.close()
        if self._gateway is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._gateway

    async def sync(self) -> None:
        """Globally, or to DISCORD_GUILD_ID only: guild commands update at once, global ones
        can take a while to reach every client."""
        guild_id = self.settings.discord_guild_id
        if guild_id is None:
            synced = await self.tree.sync()
        else:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        log.info("synced %d Discord commands to %s", len(synced), guild_id or "all servers")

    async def answer(self, interaction: discord.Interaction, text: str) -> None:
        invocation = Invocation(
            text=text, platform="discord", user_id=str(interaction.user.id),
            chat_id=str(interaction.guild_id or interaction.channel_id),
            is_group=interaction.guild_id is not None)
        verdict = self.cooldown.check(invocation.user_key)
        if verdict is Verdict.WARN:
            await interaction.response.send_message(SLOW_DOWN, ephemeral=True)
        if verdict is not Verdict.ALLOW:
            return
        work = asyncio.ensure_future(self.dispatcher(invocation, self.context))
        done, _ = await asyncio.wait({work}, timeout=self.defer_after)
        if done:
            reply = work.result()
            await interaction.response.send_message(embed=render(reply), ephemeral=is_ephemeral(reply))
            return
        await interaction.response.defer(thinking=True)
        reply = await work
        if is_ephemeral(reply):
            await interaction.delete_original_response()
            await interaction.followup.send(embed=render(reply), ephemeral=True)
        else:
            await interaction.edit_original_response(embed=render(reply))

    async def on_tree_error(self, interaction: discord.Interaction,
                            error: app_commands.AppCommandError) -> None:
        log.error("Discord command failed", exc_info=error)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(APOLOGY, ephemeral=True)
            else:
                await interaction.response.send_message(APOLOGY, ephemeral=True)
        except discord.HTTPException:
            log.exception("could not send the apology")


def _report_gateway_end(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("Discord gateway stopped", exc_info=task.exception())
