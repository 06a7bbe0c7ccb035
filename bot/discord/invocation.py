"""A Discord interaction as an `Invocation`: who, in which server and channel, and whether they
may moderate it.

The moderator check reads the permissions Discord resolved for this member in this channel and
sent with this very interaction (`member.permissions`), so it is as fresh as the press or the
command: a member demoted a second ago is refused. `default_member_permissions` on the command
only decides who sees it in the menu, and a server admin can override that for anyone, so it is
never taken as proof.

Where riskbot is installed only to the caller's account (a Discord user install: a server that
never added the bot, or a group DM), the bot cannot post, schedule or nudge there; only the
commands the registry marks `user_install` run, and the rest are refused in one line.
"""

from __future__ import annotations

import discord

from bot.speech import locale_code
from commands.invocation import Invocation, PermissionCheck
from core.i18n import N_


def moderator_check(interaction: discord.Interaction) -> PermissionCheck:
    """True for a member with Manage Server or Administrator here; nobody moderates a DM."""
    async def is_moderator() -> bool:
        if interaction.guild_id is None:
            return False
        permissions = interaction.permissions
        return permissions.manage_guild or permissions.administrator

    return is_moderator


NEEDS_THE_BOT = N_("/{name} needs riskbot added to this server: here it is only installed to your account, "
                    "so it cannot post, schedule or keep settings. Ask a server admin to add it. The calculators "
                    "(/liq, /size, /pnl, /price) and your saved positions work anywhere.")


def bot_is_present(interaction: discord.Interaction) -> bool:
    """True in a server that installed riskbot and in a DM with the bot; False in a server or a
    group DM reached only through the caller's own install of riskbot."""
    if interaction.guild_id is not None:
        return interaction.is_guild_integration()
    return not interaction.context.private_channel


def invocation_for(interaction: discord.Interaction, text: str) -> Invocation:
    channel_id = interaction.channel_id
    return Invocation(
        text=text, platform="discord", user_id=str(interaction.user.id),
        chat_id=str(interaction.guild_id or channel_id), is_group=interaction.guild_id is not None,
        channel_id=str(channel_id) if channel_id is not None else None,
        is_moderator=moderator_check(interaction), locale=locale_code(interaction.locale))
