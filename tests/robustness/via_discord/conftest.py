"""The Discord suite's own fixtures, used as they are: the fake Discord (REST and gateway) on
loopback, the real adapter logged in to it, the SQLite store on a file in tmp_path."""

from __future__ import annotations

from tests.discord.conftest import bot, db_path, fake, make_adapter, restore_discord_urls, saving_bot, store  # noqa: F401
