"""The gateway half of the Discord fake (tests/discord/fake_discord.py composes it with REST).

A websocket at `/gateway` speaks enough of Discord's gateway for the unmodified discord.py client:
HELLO, heartbeat ACK, IDENTIFY -> READY, RESUME -> the missed events replayed -> RESUMED, and
`drop()` to close the connection from Discord's side. Tests drive the bot through it:
`command()`, `autocomplete()` and `press()` build interaction payloads as a Discord client would
send them and dispatch `INTERACTION_CREATE`.

discord.py 2.7 depends on two details of an interaction payload: `attachment_size_limit` and a
typed `channel`; without them its gateway parser fails silently and the interaction goes unanswered.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from aiohttp import WSMsgType, web

from tests.discord.discord_rules import BOT_DM, GUILD, GUILD_INSTALL, PRIVATE_CHANNEL, USER_INSTALL
from tests.discord.fake_discord_rest import (
    AUTOCOMPLETE, COMMAND, COMPONENT, MEMBER, TIMESTAMP, Interaction, SharedState, snowflake)


class FakeDiscordGateway(SharedState):
    """The websocket and the interactions sent over it. State lives on the composed `FakeDiscord`."""

    identifies: int
    gateway_refuses: bool
    foreign_channel_id: str
    group_dm_id: str
    last_payload: dict
    resumes: int
    intents: int | None
    resumed: asyncio.Event
    _session: str
    _socket: web.WebSocketResponse | None
    _seq: int
    _log: list[tuple[int, str]]
    _ready: asyncio.Event

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41_250}}))
        async for frame in socket:
            if frame.type is not WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            op, data = message.get("op"), message.get("d")
            if op == 1:
                await socket.send_str(json.dumps({"op": 11}))
            elif op == 2:
                await self._identify(socket, data)
            elif op == 6:
                await self._resume(socket, data)
        if self._socket is socket:
            self._socket = None
        return socket

    async def _identify(self, socket: web.WebSocketResponse, data: dict) -> None:
        if self.gateway_refuses or data.get("token") != self.token:
            await socket.close(code=4004, message=b"Authentication failed.")
            return
        self.identifies += 1
        self.intents = data.get("intents")
        self._session, self._seq, self._log = snowflake(), 0, []
        self._socket = socket
        await self._dispatch("READY", {
            "v": 10, "user": self.bot_user, "guilds": [], "session_id": self._session,
            "resume_gateway_url": self.gateway_url, "application": {"id": self.app_id, "flags": 0}})
        self._ready.set()

    async def _resume(self, socket: web.WebSocketResponse, data: dict) -> None:
        if data.get("token") != self.token or data.get("session_id") != self._session:
            await socket.send_str(json.dumps({"op": 9, "d": False}))
            return
        self._socket = socket
        for seq, frame in self._log:
            if seq > (data.get("seq") or 0):
                await socket.send_str(frame)
        self.resumes += 1
        await self._dispatch("RESUMED", {})
        self.resumed.set()

    async def _dispatch(self, event: str, data: dict) -> None:
        """Send one event; if the socket is down it stays in the log and is replayed on RESUME."""
        self._seq += 1
        frame = json.dumps({"op": 0, "t": event, "s": self._seq, "d": data})
        self._log = self._log[-999:] + [(self._seq, frame)]
        if self._socket is not None and not self._socket.closed:
            try:
                await self._socket.send_str(frame)
            except ConnectionError:
                pass

    async def drop(self, code: int = 4000) -> None:
        """Close the gateway connection from Discord's side, as a restart or network fault would.
        Closing happens in a task: awaiting it here would wait on the reader inside `_gateway`."""
        socket, self._socket = self._socket, None
        self.resumed.clear()
        if socket is not None:
            asyncio.get_running_loop().create_task(socket.close(code=code))

    # -- driving the bot ---------------------------------------------------------------------

    async def command(self, name: str, *, user_id: str = "200000000000000001", guild: bool = True,
                      member_permissions: str = MEMBER, **options: Any) -> str:
        """Dispatch a slash command as a Discord client would send it; returns the interaction id.

        Like the client, it refuses values the synced definition does not allow (unknown option,
        missing required option, value outside choices or min/max). It does not hide commands by
        `default_member_permissions`: that is what a server whose admin opened a command to
        everyone looks like, and the bot must cope."""
        definition = self._definition(name, guild)
        self._offered(definition, GUILD_INSTALL, GUILD if guild else BOT_DM)
        return await self._interact(COMMAND, self._command_data(definition, self._options(definition, options)),
                                    user_id, guild, member_permissions=member_permissions)

    async def user_command(self, name: str, *, where: str = "server", user_id: str = "200000000000000001",
                           member_permissions: str = MEMBER, unchecked: bool = False, **options: Any) -> str:
        """A slash command through riskbot installed to `user_id`'s account (integration type 1), in
        a server that never added the bot (`where="server"`) or in a group DM (`"group_dm"`).

        Like Discord's client it offers only a command whose `integration_types` and `contexts`
        allow that; `unchecked=True` sends one anyway, as a stale or tampered client might."""
        if where not in ("server", "group_dm"):
            raise ValueError(f"where={where!r}: 'server' or 'group_dm'")
        definition = self._definition(name, False)
        if not unchecked:
            self._offered(definition, USER_INSTALL, GUILD if where == "server" else PRIVATE_CHANNEL)
        data = self._command_data(definition, self._options(definition, options))
        return await self._interact(COMMAND, data, user_id, where == "server", member_permissions=member_permissions,
                                    user_install=where)

    @staticmethod
    def _offered(definition: dict, install: int, context: int) -> None:
        """What Discord's client shows: without the fields, a command defaults to guild installs
        and every context (application-commands.mdx)."""
        installs = definition.get("integration_types") or [GUILD_INSTALL]
        contexts = definition.get("contexts") or [GUILD, BOT_DM, PRIVATE_CHANNEL]
        if install not in installs or context not in contexts:
            raise LookupError(f"/{definition['name']} is not offered for install {install} in context {context}")

    async def autocomplete(self, name: str, focused: str, typed: str, *,
                           user_id: str = "200000000000000001", **options: Any) -> str:
        definition = self._definition(name, True)
        given = self._options(definition, options, check_required=False)
        kind = next(o["type"] for o in definition.get("options", []) if o["name"] == focused)
        given.append({"name": focused, "type": kind, "value": typed, "focused": True})
        return await self._interact(AUTOCOMPLETE, self._command_data(definition, given), user_id, True)

    async def message_command(self, name: str, content: str, *, author_id: str = "200000000000000009",
                              user_id: str = "200000000000000001", guild: bool = True) -> str:
        """A message command (type 3, "Apps" on a message's menu) run on a message saying `content`:
        an application-command interaction whose data carries `target_id` and the message itself in
        `resolved.messages`, as Discord sends it (interactions/receiving-and-responding.mdx)."""
        scopes = [self.guild_id, None] if guild else [None]
        definition = next((d for scope in scopes for d in self.commands.get(scope, [])
                           if d.get("type") == 3 and d["name"] == name), None)
        if definition is None:
            raise LookupError(f"message command {name!r} was never synced")
        self._offered(definition, GUILD_INSTALL, GUILD if guild else BOT_DM)
        target = snowflake()
        channel_id = self.channel_id if guild else self.dm_channels.setdefault(user_id, snowflake())
        message = {"id": target, "channel_id": channel_id, "author": self._user(author_id), "content": content,
                   "timestamp": TIMESTAMP, "edited_timestamp": None, "tts": False, "mention_everyone": False,
                   "mentions": [], "mention_roles": [], "attachments": [], "embeds": [], "pinned": False,
                   "type": 0, "flags": 0, "components": []}
        data = {"id": definition["id"], "name": name, "type": 3, "target_id": target,
                "resolved": {"messages": {target: message}}}
        if definition.get("guild_id"):
            data["guild_id"] = definition["guild_id"]
        return await self._interact(COMMAND, data, user_id, guild)

    async def press(self, interaction_id: str, label: str, *, user_id: str = "200000000000000001",
                    member_permissions: str = MEMBER) -> str:
        """Press the button labelled `label` on the bot's answer to `interaction_id`, as `user_id`,
        in the same server or DM: a component interaction (type 3) carrying the message.

        Discord shows an ephemeral message only to its recipient; the fake lets anyone press, as
        a stale or tampered client might, so the bot's own check is what is tested."""
        original = self.interactions[interaction_id]
        for message, button in self._buttons(interaction_id):
            if button.get("label") == label:
                data = {"custom_id": button["custom_id"], "component_type": 2}
                return await self._interact(COMPONENT, data, user_id, original.guild, message=message,
                                            channel_id=original.channel_id, member_permissions=member_permissions)
        raise LookupError(f"no button {label!r} on the answer to {interaction_id}")

    async def wait_ready(self, timeout: float = 2.0) -> None:
        await asyncio.wait_for(self._ready.wait(), timeout)

    def _definition(self, name: str, guild: bool) -> dict:
        scopes = [self.guild_id, None] if guild else [None]
        for scope in scopes:
            for definition in self.commands.get(scope, []):
                if definition["name"] == name and definition.get("type", 1) == 1:
                    return definition
        raise LookupError(f"/{name} was never synced")

    @staticmethod
    def _options(definition: dict, given: dict[str, Any], check_required: bool = True) -> list[dict]:
        declared = {o["name"]: o for o in definition.get("options", [])}
        unknown = set(given) - set(declared)
        if unknown:
            raise ValueError(f"/{definition['name']} has no option {sorted(unknown)}")
        missing = [n for n, o in declared.items() if o.get("required") and n not in given]
        if check_required and missing:
            raise ValueError(f"/{definition['name']} requires {missing}")
        out = []
        for name, value in given.items():
            option = declared[name]
            choices = [c["value"] for c in option.get("choices") or []]
            if choices and value not in choices:
                raise ValueError(f"{name}={value!r} is not one of {choices}")
            low, high = option.get("min_value"), option.get("max_value")
            if (low is not None and value < low) or (high is not None and value > high):
                raise ValueError(f"{name}={value!r} is outside [{low}, {high}]")
            out.append({"name": name, "type": option["type"], "value": value})
        return out

    @staticmethod
    def _command_data(definition: dict, options: list[dict]) -> dict:
        data = {"id": definition["id"], "name": definition["name"], "type": 1, "options": options}
        if definition.get("guild_id"):
            data["guild_id"] = definition["guild_id"]
        return data

    async def _interact(self, kind: int, data: dict, user_id: str, guild: bool, *, message: dict | None = None,
                        channel_id: str | None = None, member_permissions: str = MEMBER,
                        user_install: str | None = None) -> str:
        if user_install == "server":
            channel_id = channel_id or self.foreign_channel_id
        elif user_install == "group_dm":
            channel_id = channel_id or self.group_dm_id
        channel_id = channel_id or (self.channel_id if guild else self.dm_channels.setdefault(user_id, snowflake()))
        interaction = Interaction(snowflake(), "", kind, channel_id, guild, user_install=user_install is not None)
        interaction.token = f"token-{interaction.id}"
        user = self._user(user_id)
        payload: dict[str, Any] = {
            "id": interaction.id, "application_id": self.app_id, "type": kind,
            "token": interaction.token, "version": 1, "data": data,
            "attachment_size_limit": 10_485_760, "locale": self.locales.get(user_id, "en-US"), "app_permissions": "0",
            "entitlements": [], "channel_id": interaction.channel_id}
        if message is not None:
            payload["message"] = message
        if user_install is not None:
            payload.update(self._user_install_fields(user_install, user, channel_id, member_permissions))
        elif guild:
            payload.update(
                guild_id=self.guild_id, guild_locale="en-US", context=0,
                authorizing_integration_owners={"0": self.guild_id},
                channel={"id": interaction.channel_id, "type": 0, "guild_id": self.guild_id,
                         "name": "trading", "position": 0, "permission_overwrites": [],
                         "nsfw": False, "parent_id": None},
                member={"user": user, "roles": [], "joined_at": TIMESTAMP, "deaf": False,
                        "mute": False, "flags": 0, "permissions": member_permissions})
        else:
            payload.update(user=user, context=1, authorizing_integration_owners={"1": user_id},
                           channel={"id": interaction.channel_id, "type": 1, "recipients": [user]})
        self.interactions[interaction.id] = interaction
        self.last_payload = payload
        interaction.dispatched_at = time.perf_counter()
        await self._dispatch("INTERACTION_CREATE", payload)
        return interaction.id

    def _user_install_fields(self, where: str, user: dict, channel_id: str, member_permissions: str) -> dict:
        """What differs when only the caller installed riskbot (receiving-and-responding.mdx,
        "Interaction Object"): `authorizing_integration_owners` names the user install ("1") and no
        guild install ("0"); in a server the guild is one the bot is not in, so Discord sends a
        partial `guild` and the bot's `app_permissions` there are those of an external app."""
        owners = {"authorizing_integration_owners": {"1": user["id"]}, "app_permissions": "0"}
        if where == "group_dm":
            other = self._user("200000000000000777")
            return {**owners, "context": 2, "user": user, "channel": {
                "id": channel_id, "type": 3, "name": None, "icon": None, "owner_id": user["id"],
                "recipients": [user, other], "last_message_id": None}}
        return {**owners, "context": 0, "guild_id": self.foreign_guild_id, "guild_locale": "en-US",
                "guild": {"id": self.foreign_guild_id, "locale": "en-US", "features": []},
                "channel": {"id": channel_id, "type": 0, "guild_id": self.foreign_guild_id, "name": "general",
                            "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None},
                "member": {"user": user, "roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False,
                           "flags": 0, "permissions": member_permissions}}
