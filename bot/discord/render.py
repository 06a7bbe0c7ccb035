"""A `Reply` as a Discord embed, laid out for a phone.

Most traders read the answer on a phone, where inline embed fields stack into a tall column. So:
the context (symbol, side, venue) goes in the small author line, the headline figure is the
title (the largest text), the other figures follow one a line in the description, then the
warnings, and the assumptions go in the footer, small and last.

Everything shown in a slot where Discord renders Markdown passes through `escape_markdown` and
`escape_mentions`: a symbol or an error message can echo what a user typed, and `**`, `[x](url)`
or `@everyone` must arrive as text. (The client also sends `allowed_mentions` with nothing
allowed; escaping is the second lock.) The author line and footer render neither Markdown nor
mentions, so they are left as they are, where escapes would show as backslashes.
"""

from __future__ import annotations

import discord
from discord.utils import escape_markdown, escape_mentions

from commands.reply import Reply
from core.i18n import _, speaking

LEVEL_MARK = {"danger": "\N{OCTAGONAL SIGN}", "warn": "\N{WARNING SIGN}\ufe0f",
              "info": "\N{INFORMATION SOURCE}\ufe0f"}
LEVEL_COLOUR = {"danger": discord.Colour.red(), "warn": discord.Colour.orange()}
OK_COLOUR = discord.Colour.blurple()
ERROR_COLOUR = discord.Colour.dark_grey()
# Discord's embed limits (developers/resources/message.mdx, "Embed Limits").
TITLE, DESCRIPTION, FIELD, FOOTER, AUTHOR, TOTAL = 256, 4096, 1024, 2048, 256, 6000


def safe(text: str) -> str:
    return escape_mentions(escape_markdown(text))


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def is_ephemeral(reply: Reply) -> bool:
    """Private replies, and usage errors (only the person who typed them needs to see them)."""
    return reply.private or reply.error is not None


def render(reply: Reply) -> discord.Embed:
    """The reply in the language it was composed in (`Reply.speech`)."""
    with speaking(reply.speech):
        return _render(reply)


def _render(reply: Reply) -> discord.Embed:
    if reply.error is not None:
        return _error(reply)
    embed = discord.Embed(colour=_colour(reply))
    if reply.headline is not None:
        embed.title = clip(safe(f"{reply.headline.label}: {reply.headline.value}"), TITLE)
        if reply.title:
            embed.set_author(name=clip(reply.title, AUTHOR))
    elif reply.title:
        embed.title = clip(safe(reply.title), TITLE)
    lines = [f"{safe(line.label)}: **{safe(line.value)}**" for line in reply.lines]
    if lines:
        embed.description = clip("\n".join(lines), DESCRIPTION)
    if reply.warnings:
        text = "\n".join(f"{LEVEL_MARK.get(w.level, LEVEL_MARK['warn'])} {safe(w.text)}" for w in reply.warnings)
        embed.add_field(name=_("Warnings"), value=clip(text, FIELD), inline=False)
    if reply.notes:
        embed.set_footer(text=clip("\n".join(f"• {note}" for note in reply.notes), FOOTER))
    return _within_total(embed)


def _within_total(embed: discord.Embed) -> discord.Embed:
    """Discord refuses a message whose embeds hold over 6,000 characters in all. No real reply
    comes near; if one does, the footer gives way first, then the description."""
    excess = len(embed) - TOTAL
    if excess > 0 and embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, max(1, len(embed.footer.text) - excess)))
    excess = len(embed) - TOTAL
    if excess > 0 and embed.description:
        embed.description = clip(embed.description, max(1, len(embed.description) - excess))
    return embed


def _colour(reply: Reply) -> discord.Colour:
    levels = {w.level for w in reply.warnings}
    return next((colour for level, colour in LEVEL_COLOUR.items() if level in levels), OK_COLOUR)


def _error(reply: Reply) -> discord.Embed:
    assert reply.error is not None
    text = safe(reply.error.message)
    if reply.example:
        text += "\n" + _("Try: {example}", example=safe(reply.example))
    return discord.Embed(description=clip(text, DESCRIPTION), colour=ERROR_COLOUR)

