"""A fake of Discord's REST API and gateway on 127.0.0.1, so tests run the real discord.py client.

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
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.discord.discord_rules import command_problems, message_problems, upload_problems

API = "/api/v10"
CALLBACK_MESSAGE, CALLBACK_DEFER, CALLBACK_DEFERRED_UPDATE, CALLBACK_UPDATE, CALLBACK_AUTOCOMPLETE = 4, 5, 6, 7, 8
COMMAND, COMPONENT, AUTOCOMPLETE = 2, 3, 4           # interaction types
# The callback types Discord accepts for each interaction type (receiving-and-responding.mdx).
CALLBACKS = {COMMAND: {CALLBACK_MESSAGE, CALLBACK_DEFER},
             COMPONENT: {CALLBACK_MESSAGE, CALLBACK_DEFER, CALLBACK_DEFERRED_UPDATE, CALLBACK_UPDATE},
             AUTOCOMPLETE: {CALLBACK_AUTOCOMPLETE}}
EPHEMERAL = 1 << 6
TIMESTAMP = "2026-01-01T00:00:00+00:00"
MEMBER = "2248473465835073"    # a plain member's permissions: no Manage Server (1 << 5), no Administrator
ATTACHMENT_LIMIT = 10_485_760

_ids = itertools.count(1_300_000_000_000_000_000)


def snowflake() -> str:
    return str(next(_ids))


def as_json(data: Any, status: int = 200) -> web.Response:
    return web.Response(status=status, body=json.dumps(data).encode(), content_type="application/json")


def discord_error(status: int, code: int, message: str) -> web.Response:
    return as_json({"code": code, "message": message,
                    "errors": {"_errors": [{"code": "FAKE", "message": message}]}}, status)


@dataclass(frozen=True)
class Upload:
    """One file from a multipart body, as Discord would store it."""

    filename: str
    data: bytes
    content_type: str


async def read_body(request: web.Request) -> tuple[dict, list[Upload]]:
    """A JSON body, or a multipart one: `payload_json` and `files[n]` parts, in index order."""
    if not request.content_type.startswith("multipart/"):
        return await request.json(), []
    payload: dict = {}
    files: dict[int, Upload] = {}
    async for part in await request.multipart():
        name = getattr(part, "name", None) or ""
        if name == "payload_json":
            payload = json.loads(await part.text())  # type: ignore[union-attr]
        elif name.startswith("files[") and name.endswith("]"):
            files[int(name[6:-1])] = Upload(part.filename or "", bytes(await part.read()),  # type: ignore[union-attr]
                                            part.headers.get("Content-Type", ""))
    return payload, [files[index] for index in sorted(files)]


@dataclass
class Sent:
    """One thing the bot sent for an interaction: its callback, a followup, an edit or a delete."""

    kind: str
    interaction_id: str
    payload: dict
    at: float
    files: list[Upload] = field(default_factory=list)
    message: dict | None = None      # the message it created or changed, as Discord returns it

    @property
    def data(self) -> dict:
        return self.payload.get("data", {}) if self.kind == "callback" else self.payload

    @property
    def ephemeral(self) -> bool:
        return bool(self.data.get("flags", 0) & EPHEMERAL)


@dataclass
class Interaction:
    id: str
    token: str
    kind: int
    channel_id: str
    guild: bool = True
    dispatched_at: float = 0.0
    acked: bool = False
    sent: list[Sent] = field(default_factory=list)
    first: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())


@dataclass
class Posted:
    """A message the bot created in a channel or DM itself, not as an interaction's answer."""

    channel_id: str
    payload: dict
    files: list[Upload]


class FakeDiscord:
    """Discord, as far as riskbot's adapter can tell: REST under `api_base`, a gateway at
    `gateway_url`. Tests drive it with `command()`/`autocomplete()`/`press()` and read
    `answer()`/`sent()`/`buttons()`, and `posted` for the bot's own messages."""

    def __init__(self, token: str = "fake-bot-token", ack_deadline: float = 3.0) -> None:
        self.token = token
        self.ack_deadline = ack_deadline
        self.app_id = snowflake()
        self.guild_id = snowflake()
        self.channel_id = snowflake()
        self.bot_user = {"id": self.app_id, "username": "riskbot", "discriminator": "0",
                         "avatar": None, "bot": True, "global_name": None}
        self.commands: dict[str | None, list[dict]] = {}   # by guild id; None holds the global set
        self.interactions: dict[str, Interaction] = {}
        self.posted: list[Posted] = []
        self.dm_channels: dict[str, str] = {}        # user id -> DM channel id
        self.closed_dms: set[str] = set()            # users who do not accept DMs from the bot
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
        app.add_routes([
            web.get("/gateway", self._gateway),
            web.get(f"{API}/users/@me", self._me),
            web.get(f"{API}/oauth2/applications/@me", self._application),
            web.get(f"{API}/gateway/bot", self._gateway_bot),
            web.put(f"{API}/applications/{{app}}/commands", self._put_commands),
            web.put(f"{API}/applications/{{app}}/guilds/{{guild}}/commands", self._put_commands),
            web.get(f"{API}/applications/{{app}}/commands", self._get_commands),
            web.get(f"{API}/applications/{{app}}/guilds/{{guild}}/commands", self._get_commands),
            web.post(f"{API}/interactions/{{id}}/{{token}}/callback", self._callback),
            web.post(f"{API}/webhooks/{{app}}/{{token}}", self._followup),
            web.patch(f"{API}/webhooks/{{app}}/{{token}}/messages/@original", self._edit),
            web.delete(f"{API}/webhooks/{{app}}/{{token}}/messages/@original", self._delete),
            web.post(f"{API}/channels/{{channel}}/messages", self._create_message),
            web.post(f"{API}/users/@me/channels", self._open_dm),
        ])
        self._runner = web.AppRunner(app, handle_signals=False)
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

    # -- REST --------------------------------------------------------------------------------

    @web.middleware
    async def _auth(self, request: web.Request, handler):
        # Interaction callbacks and webhooks are authorised by their token in the URL, as on Discord.
        open_paths = (f"{API}/interactions/", f"{API}/webhooks/", "/gateway")
        if not request.path.startswith(open_paths) and \
                request.headers.get("Authorization") != f"Bot {self.token}":
            return discord_error(401, 0, "401: Unauthorized")
        return await handler(request)

    async def _me(self, request: web.Request) -> web.Response:
        return as_json(self.bot_user)

    async def _application(self, request: web.Request) -> web.Response:
        return as_json({"id": self.app_id, "name": "riskbot", "description": "", "icon": None,
                        "bot_public": True, "bot_require_code_grant": False, "verify_key": "00",
                        "owner": self.bot_user, "flags": 0, "interactions_endpoint_url": None})

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        return as_json({"url": self.gateway_url, "shards": 1, "session_start_limit": {
            "total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}})

    async def _put_commands(self, request: web.Request) -> web.Response:
        commands = await request.json()
        problems = command_problems(commands)
        if problems:
            self.problems += problems
            return discord_error(400, 50035, "Invalid Form Body: " + "; ".join(problems))
        guild = request.match_info.get("guild")
        stored = [{**c, "id": snowflake(), "application_id": self.app_id, "version": snowflake(),
                   **({"guild_id": guild} if guild else {})} for c in commands]
        self.commands[guild] = stored
        return as_json(stored)

    async def _get_commands(self, request: web.Request) -> web.Response:
        return as_json(self.commands.get(request.match_info.get("guild"), []))

    async def _callback(self, request: web.Request) -> web.Response:
        if self.throttle > 0:
            self.throttle -= 1
            self.throttled += 1
            # `Via` marks a rate limit from Discord's API; without it discord.py reads a Cloudflare ban.
            return web.Response(status=429, content_type="application/json", headers={"Via": "1.1 google"},
                                body=json.dumps({"message": "You are being rate limited.",
                                                 "retry_after": 0.05, "global": False}).encode())
        interaction = self.interactions.get(request.match_info["id"])
        if interaction is None or interaction.token != request.match_info["token"]:
            return discord_error(404, 10062, "Unknown interaction")
        late = time.perf_counter() - interaction.dispatched_at
        if late > self.ack_deadline:
            self.problems.append(f"interaction {interaction.id} acknowledged after {late:.2f} s")
            return discord_error(404, 10062, "Unknown interaction")
        if interaction.acked:
            self.problems.append(f"interaction {interaction.id} acknowledged twice")
            return discord_error(400, 40060, "Interaction has already been acknowledged.")
        body, files = await read_body(request)
        kind = body.get("type")
        problems = [] if kind in CALLBACKS[interaction.kind] else \
            [f"callback type {kind} for interaction type {interaction.kind}"]
        if kind == CALLBACK_MESSAGE:
            problems += message_problems(body.get("data") or {}) + \
                upload_problems(body.get("data") or {}, [len(f.data) for f in files], ATTACHMENT_LIMIT)
        if kind == CALLBACK_AUTOCOMPLETE and len(body["data"]["choices"]) > 25:
            problems.append("more than 25 autocomplete choices")
        if problems:
            self.problems += problems
            return discord_error(400, 50035, "Invalid Form Body: " + "; ".join(problems))
        interaction.acked = True
        data = body.get("data") or {}
        message = self._message(interaction.channel_id, data, files, interaction=True) \
            if kind in (CALLBACK_MESSAGE, CALLBACK_DEFER) else None
        self._record(interaction, "callback", body, files, message)
        if "with_response" not in request.query:
            return web.Response(status=204)
        answer: dict[str, Any] = {"interaction": {
            "id": interaction.id, "type": interaction.kind,
            "response_message_loading": kind == CALLBACK_DEFER,
            "response_message_ephemeral": bool(data.get("flags", 0) & EPHEMERAL)}}
        if message is not None:
            answer["interaction"]["response_message_id"] = message["id"]
            answer["resource"] = {"type": kind, "message": message}
        return as_json(answer)

    async def _followup(self, request: web.Request) -> web.Response:
        return await self._webhook(request, "followup")

    async def _edit(self, request: web.Request) -> web.Response:
        return await self._webhook(request, "edit")

    async def _delete(self, request: web.Request) -> web.Response:
        return await self._webhook(request, "delete")

    async def _webhook(self, request: web.Request, kind: str) -> web.Response:
        token = request.match_info["token"]
        interaction = next((i for i in self.interactions.values() if i.token == token), None)
        if interaction is None or not interaction.acked:
            self.problems.append(f"{kind} for an unknown or unacknowledged interaction")
            return discord_error(404, 10015, "Unknown Webhook")
        body, files = ({}, []) if kind == "delete" else await read_body(request)
        problems = message_problems(body, partial=kind == "edit") if kind != "delete" else []
        problems += upload_problems(body, [len(f.data) for f in files], ATTACHMENT_LIMIT)
        if problems:
            self.problems += problems
            return discord_error(400, 50035, "Invalid Form Body: " + "; ".join(problems))
        if kind == "delete":
            self._record(interaction, kind, body)
            return web.Response(status=204)
        if kind == "edit" and interaction.sent and interaction.sent[0].ephemeral:
            # Discord keeps the original response's flags: the edit of an ephemeral
            # "thinking..." is as private as it was. Recorded so tests see what users see.
            body = {**body, "flags": body.get("flags", 0) | EPHEMERAL}
        message = self._message(interaction.channel_id, body, files, interaction=True)
        self._record(interaction, kind, body, files, message)
        return as_json(message)

    async def _create_message(self, request: web.Request) -> web.Response:
        channel = request.match_info["channel"]
        recipient = next((user for user, dm in self.dm_channels.items() if dm == channel), None)
        if channel != self.channel_id and recipient is None:
            return discord_error(404, 10003, "Unknown Channel")
        if channel in self.no_access:
            return discord_error(403, 50001, "Missing Access")
        if recipient in self.closed_dms:
            return discord_error(403, 50007, "Cannot send messages to this user")
        if self.refuse_next_post is not None:
            refusal, self.refuse_next_post = self.refuse_next_post, None
            return discord_error(*refusal)
        body, files = await read_body(request)
        problems = message_problems(body) + upload_problems(body, [len(f.data) for f in files], ATTACHMENT_LIMIT)
        if problems:
            self.problems += problems
            return discord_error(400, 50035, "Invalid Form Body: " + "; ".join(problems))
        self.posted.append(Posted(channel, body, files))
        return as_json(self._message(channel, body, files, interaction=False))

    async def _open_dm(self, request: web.Request) -> web.Response:
        recipient = str((await request.json()).get("recipient_id", ""))
        if not recipient.isdigit():
            return discord_error(400, 50035, "Invalid Form Body: recipient_id")
        channel = self.dm_channels.setdefault(recipient, snowflake())
        return as_json({"id": channel, "type": 1, "last_message_id": None, "flags": 0,
                        "recipients": [self._user(recipient)]})

    def _record(self, interaction: Interaction, kind: str, payload: dict, files: list[Upload] | None = None,
                message: dict | None = None) -> None:
        sent = Sent(kind, interaction.id, payload, time.perf_counter(), files or [], message)
        interaction.sent.append(sent)
        if not interaction.first.done():
            interaction.first.set_result(sent)

    def _message(self, channel_id: str, data: dict, files: list[Upload], *, interaction: bool) -> dict:
        message_id = snowflake()
        attachments = [{"id": snowflake(), "filename": f.filename, "size": len(f.data),
                        "content_type": f.content_type or None,
                        "url": f"https://cdn.fake/attachments/{channel_id}/{message_id}/{f.filename}",
                        "proxy_url": f"https://media.fake/attachments/{channel_id}/{message_id}/{f.filename}"}
                       for f in files]
        message = {"id": message_id, "channel_id": channel_id, "type": 20 if interaction else 0,
                   "content": data.get("content") or "", "embeds": data.get("embeds") or [],
                   "components": data.get("components") or [],
                   "author": self.bot_user, "timestamp": TIMESTAMP, "edited_timestamp": None,
                   "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
                   "attachments": attachments, "pinned": False, "flags": data.get("flags", 0)}
        if interaction:
            message.update(application_id=self.app_id, webhook_id=self.app_id)
        return message

    @staticmethod
    def _user(user_id: str) -> dict:
        return {"id": user_id, "username": f"trader{user_id[-3:]}", "discriminator": "0",
                "avatar": None, "global_name": None}

    # -- gateway -----------------------------------------------------------------------------

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
        if data.get("token") != self.token:
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
        return await self._interact(COMMAND, self._command_data(definition, self._options(definition, options)),
                                    user_id, guild, member_permissions=member_permissions)

    async def autocomplete(self, name: str, focused: str, typed: str, *,
                           user_id: str = "200000000000000001", **options: Any) -> str:
        definition = self._definition(name, True)
        given = self._options(definition, options, check_required=False)
        kind = next(o["type"] for o in definition.get("options", []) if o["name"] == focused)
        given.append({"name": focused, "type": kind, "value": typed, "focused": True})
        return await self._interact(AUTOCOMPLETE, self._command_data(definition, given), user_id, True)

    def buttons(self, interaction_id: str) -> dict[str, str]:
        """label -> custom_id of every button on the messages the bot sent for an interaction."""
        return {button["label"]: button["custom_id"] for _, button in self._buttons(interaction_id)}

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

    def _buttons(self, interaction_id: str) -> list[tuple[dict, dict]]:
        found = []
        for sent in self.interactions[interaction_id].sent:
            for row in (sent.message or {}).get("components") or []:
                found += [(sent.message, button) for button in row.get("components") or [] if button.get("type") == 2]
        return found  # type: ignore[return-value]

    async def answer(self, interaction_id: str, timeout: float = 2.0) -> Sent:
        """The first thing the bot sent for this interaction (its acknowledgement)."""
        return await asyncio.wait_for(asyncio.shield(self.interactions[interaction_id].first), timeout)

    def sent(self, interaction_id: str) -> list[Sent]:
        return list(self.interactions[interaction_id].sent)

    async def wait_ready(self, timeout: float = 2.0) -> None:
        await asyncio.wait_for(self._ready.wait(), timeout)

    def _definition(self, name: str, guild: bool) -> dict:
        scopes = [self.guild_id, None] if guild else [None]
        for scope in scopes:
            for definition in self.commands.get(scope, []):
                if definition["name"] == name:
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
                        channel_id: str | None = None, member_permissions: str = MEMBER) -> str:
        channel_id = channel_id or (self.channel_id if guild else self.dm_channels.setdefault(user_id, snowflake()))
        interaction = Interaction(snowflake(), "", kind, channel_id, guild)
        interaction.token = f"token-{interaction.id}"
        user = self._user(user_id)
        payload: dict[str, Any] = {
            "id": interaction.id, "application_id": self.app_id, "type": kind,
            "token": interaction.token, "version": 1, "data": data,
            "attachment_size_limit": 10_485_760, "locale": "en-US", "app_permissions": "0",
            "entitlements": [], "channel_id": interaction.channel_id}
        if message is not None:
            payload["message"] = message
        if guild:
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
        interaction.dispatched_at = time.perf_counter()
        await self._dispatch("INTERACTION_CREATE", payload)
        return interaction.id
