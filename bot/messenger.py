"""What background jobs need from a platform: post into a chat, or message one user privately.

Scheduled risk warnings (bot/jobs/schedules.py) and near-liquidation alerts (bot/jobs/alerts.py) run outside
any command, so they cannot answer an update; each adapter implements this Protocol instead, and
renders the `Reply` exactly as it renders a command's answer (escaping and no-ping rules included).
"""

from __future__ import annotations

from typing import Protocol

from commands.reply import Reply


class Messenger(Protocol):
    platform: str  # "telegram", "discord": the prefix of the user and group keys it serves

    async def post(self, channel_id: str, reply: Reply) -> bool:
        """Post into a group or channel (`Invocation.post_to`). False if the platform refused
        (the bot was removed, lost permission to write there); other errors are logged, not raised."""

    async def direct(self, user_id: str, reply: Reply) -> bool:
        """Message one user privately. False if they cannot be reached (never pressed Start on
        Telegram, DMs closed on Discord); the caller decides whether to try again later."""
