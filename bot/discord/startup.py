"""Discord refusing riskbot at start-up, said as the one thing the operator has to change.

A wrong token shows up as 401 on `GET /users/@me` (discord.py: `LoginFailure`) or as gateway close
4004 "Authentication failed"; a `DISCORD_GUILD_ID` that is not a server the bot is in makes the
guild command sync fail with 403 "Missing Access" (50001) or 404 "Unknown Guild" (10004) — most
often a channel id pasted where the server id belongs. A traceback says none of that.
"""

from __future__ import annotations

import discord

from bot.settings import ConfigurationError

BAD_TOKEN = ("DISCORD_TOKEN was refused by Discord: reset the token (Developer Portal -> your application -> "
             "Bot -> Reset Token) and put the new one in DISCORD_TOKEN.")
BAD_GUILD = ("DISCORD_GUILD_ID={guild}: riskbot is not in that server, or that is not a server id. Copy the "
             "server id (right-click the server icon -> Copy Server ID), not a channel id, and invite the bot "
             "to that server; or leave DISCORD_GUILD_ID empty to sync the commands everywhere.")


def token_refused(exc: BaseException) -> bool:
    return isinstance(exc, discord.LoginFailure) or (
        isinstance(exc, discord.ConnectionClosed) and exc.code == 4004)


def explained(exc: BaseException, *, guild_id: int | None = None, syncing: bool = False) -> BaseException:
    """`exc` as a ConfigurationError when it is one of the refusals above, else `exc` itself."""
    if token_refused(exc):
        return ConfigurationError(BAD_TOKEN)
    if syncing and guild_id is not None and isinstance(exc, (discord.Forbidden, discord.NotFound)):
        return ConfigurationError(BAD_GUILD.format(guild=guild_id))
    return exc
