"""A fake of Discord's REST API and gateway on 127.0.0.1, so tests run the real discord.py client.

The REST half is tests/discord/fake_discord_rest.py, the gateway half (and the interactions
tests send through it) tests/discord/fake_discord_gateway.py; this module holds their shared state
and serves both on one port.

Mocking discord.py's HTTP layer would test our guesses about discord.py; this fake lets the
unmodified library log in, sync commands, receive `INTERACTION_CREATE` over a websocket and answer
over HTTP, so what is checked is the JSON that would reach Discord. The adapter is pointed here by
`Settings.discord_api_base_url` / `discord_gateway_url`.

The fake enforces what real Discord enforces and a bot can get wrong: command definitions (names,
description lengths, option count and order), the acknowledgement deadline, a second
acknowledgement, message, embed, button and upload limits (the checks are in `discord_rules.py`).
Each breach is answered with Discord's error code and recorded in `problems`, which the test
fixture asserts empty. Like Discord, it replays missed events on RESUME.

Beyond slash commands it serves what a bot's other traffic needs: files arrive as
multipart/form-data (`payload_json` plus `files[n]`, developers/reference.mdx "Uploading Files")
and are parsed and kept; a button the bot sent can be pressed (`press`), which delivers a
component interaction (type 3) over the gateway; messages into channels and DMs (`POST
/channels/{id}/messages`, `POST /users/@me/channels`) are kept in `posted`, and refused with
Discord's own codes where Discord would refuse them (no access 50001, DMs closed 50007, unknown
channel 10003).

Two details discord.py 2.7 depends on: REST bodies must carry exactly `Content-Type:
application/json` (it ignores `application/json; charset=utf-8`), and interaction payloads must
have `attachment_size_limit` and a typed `channel`, or the gateway parser fails silently.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from tests.discord.fake_discord_gateway import FakeDiscordGateway
from tests.discord.fake_discord_rest import (  # noqa: F401  (re-exported for the tests)
    API, AUTOCOMPLETE, CALLBACK_AUTOCOMPLETE, CALLBACK_DEFER, CALLBACK_DEFERRED_UPDATE, CALLBACK_MESSAGE,
    CALLBACK_UPDATE, CALLBACKS, COMMAND, COMPONENT, EPHEMERAL, MEMBER, FakeDiscordRest, Interaction, Posted,
    Sent, Upload, snowflake)


class FakeDiscord(FakeDiscordRest, FakeDiscordGateway):
    """Discord, as far as riskbot's adapter can tell: REST under `api_base`, a gateway at
    `gateway_url`. Tests drive it with `command()`/`autocomplete()`/`press()` and read
    `answer()`/`sent()`/`buttons()`, and `posted` for the bot's own messages."""

    def __init__(self, token: str = "fake-bot-token", ack_deadline: float = 3.0) -> None:
        self.token = token
        self.ack_deadline = ack_deadline
        self.app_id = snowflake()
        self.guild_id = snowflake()
        self.foreign_guild_id = snowflake()          # a server that exists but never added the bot
        self.foreign_channel_id = snowflake()        # a channel there (user installs reach it)
        self.group_dm_id = snowflake()               # a group DM (user installs reach it)
        self.last_payload: dict = {}                 # the last interaction payload dispatched
        self.gateway_refuses = False                 # close IDENTIFY with 4004 even for the right token
        self.channel_id = snowflake()
        self.bot_user = {"id": self.app_id, "username": "riskbot", "discriminator": "0",
                         "avatar": None, "bot": True, "global_name": None}
        self.commands: dict[str | None, list[dict]] = {}   # by guild id; None holds the global set
        self.interactions: dict[str, Interaction] = {}
        self.posted: list[Posted] = []
        self.dm_channels: dict[str, str] = {}        # user id -> DM channel id
        self.closed_dms: set[str] = set()            # users who do not accept DMs from the bot
        self.locales: dict[str, str] = {}            # user id -> their client's locale; "en-US" if not set
        self.no_access: set[str] = set()             # channels the bot may not write in
        self.refuse_next_post: tuple[int, int, str] | None = None   # (status, code, message), once
        self.problems: list[str] = []
        self.identifies = 0
        self.resumes = 0
        self.intents: int | None = None
        self.throttle = 0            # answer this many callbacks with 429 Too Many Requests
        self.throttled = 0
        self.resumed = asyncio.Event()
        self._session = snowflake()
        self._socket: web.WebSocketResponse | None = None
        self._seq = 0
        self._log: list[tuple[int, str]] = []
        self._ready = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        app = web.Application(middlewares=[self._auth])
        app.add_routes([web.get("/gateway", self._gateway), *self.rest_routes()])
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)   # the fake's own log is not the bot's
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"
