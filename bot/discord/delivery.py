"""Sending a `Reply` on Discord: as the answer to an interaction, or as a message of our own.

One reply becomes one message: the embed (bot/discord/render.py), its actions as buttons
(bot/discord/buttons.py, tokens from bot/button_book.py) and its attachment as a file; a chart
(`image/png`) is also the embed's image (`attachment://NAME`), so it shows inside the answer. A private
reply, or a usage error, is ephemeral (flag 64) wherever it goes: only the person who asked sees it.

The 3-second acknowledgement. `dispatch` answers in well under a millisecond, so a reply normally
goes out as the interaction's first and only response. That is not counted on: if the reply is not
ready after `defer_after` seconds the interaction is deferred, then the deferred message is edited
when the reply arrives. A private reply on that slow path never touches the public "thinking..."
message: it is deleted and the reply goes out as an ephemeral followup.

Messages of our own (`Messenger.post`/`direct`, for background jobs) report a refusal as False:
Discord answers 403 when the bot may not write there (or the user closes DMs to it) and 404 when
the channel is gone; the caller decides what to do. Nothing Discord or the network does raises.
"""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Any, Awaitable

import aiohttp
import discord

from bot.button_book import ButtonBook
from bot.charts.attach import is_image
from bot.discord.buttons import button_view
from bot.discord.render import is_ephemeral, render
from commands.reply import Reply

log = logging.getLogger(__name__)


def message_parts(reply: Reply, owner: str | None, buttons: ButtonBook) -> dict[str, Any]:
    """Keyword arguments for discord.py's send calls. Buttons only when one person (`owner`) is
    the reader; a file object is made fresh each call because discord.py closes it once sent."""
    parts: dict[str, Any] = {"embed": render(reply)}
    if is_image(reply):   # a chart: shown inside the embed, not as a file under it
        parts["embed"].set_image(url=f"attachment://{reply.attachment.filename}")  # type: ignore[union-attr]
    view = button_view(reply.actions, owner, buttons) if owner is not None else None
    if view is not None:
        parts["view"] = view
    if reply.attachment is not None:
        parts["file"] = discord.File(io.BytesIO(reply.attachment.data), filename=reply.attachment.filename)
    return parts


async def answer_interaction(interaction: discord.Interaction, work: asyncio.Future[Reply], owner: str,
                             buttons: ButtonBook, defer_after: float, private: bool = False) -> None:
    """Answer with `work`'s reply: at once if it is ready within `defer_after`, else defer first
    (privately when the command's answers always are, so no one else sees even "thinking...")."""
    done, _ = await asyncio.wait({work}, timeout=defer_after)
    if done:
        reply = work.result()
        await interaction.response.send_message(ephemeral=is_ephemeral(reply),
                                                **message_parts(reply, owner, buttons))
        return
    await interaction.response.defer(thinking=True, ephemeral=private)
    reply = await work
    parts = message_parts(reply, owner, buttons)
    if is_ephemeral(reply) and not private:
        await interaction.delete_original_response()
        await interaction.followup.send(ephemeral=True, **parts)
        return
    file = parts.pop("file", None)
    if file is not None:
        parts["attachments"] = [file]     # the edit endpoint takes new files this way
    await interaction.edit_original_response(**parts)


async def post_to_channel(client: discord.Client, channel_id: str, reply: Reply, buttons: ButtonBook) -> bool:
    """POST /channels/{id}/messages. No buttons: a channel has no one owner to press them."""
    if not _is_snowflake(channel_id):
        log.warning("not a Discord channel id: %r", channel_id)
        return False
    channel = client.get_partial_messageable(int(channel_id))
    return await _delivered(f"channel {channel_id}", channel.send(**message_parts(reply, None, buttons)))


async def send_direct(client: discord.Client, user_id: str, reply: Reply, buttons: ButtonBook) -> bool:
    """POST /users/@me/channels (discord.py keeps the DM channel), then the message there."""
    if not _is_snowflake(user_id):
        log.warning("not a Discord user id: %r", user_id)
        return False

    async def send() -> None:
        channel = await client.create_dm(discord.Object(id=int(user_id)))
        await channel.send(**message_parts(reply, f"discord:{user_id}", buttons))

    return await _delivered(f"user {user_id}", send())


def _is_snowflake(text: str) -> bool:
    return text.isascii() and text.isdigit()   # str.isdigit alone takes "٣" too


async def _delivered(where: str, sending: Awaitable[object]) -> bool:
    """Await a send; True if it went out, False (logged) for anything Discord or the network did."""
    try:
        await sending
    except (discord.Forbidden, discord.NotFound) as exc:
        log.info("Discord refused a message to %s (HTTP %s, code %s)", where, exc.status, exc.code)
        return False
    except (discord.HTTPException, aiohttp.ClientError, OSError, asyncio.TimeoutError):
        log.warning("could not send a message to %s", where, exc_info=True)
        return False
    return True
