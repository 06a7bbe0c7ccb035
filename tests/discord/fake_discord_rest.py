"""The REST half of the Discord fake (tests/discord/fake_discord.py composes it with the gateway).

It serves what discord.py calls over HTTP: login (`/users/@me`, `/oauth2/applications/@me`),
command sync, the interaction callback and its webhooks (followup, edit, delete), and messages the
bot creates itself. It enforces what real Discord enforces and a bot can get wrong: command
definitions, the acknowledgement deadline, a second acknowledgement, message, embed, button and
upload limits (the checks are in `discord_rules.py`). Each breach is answered with Discord's error
code and recorded in `problems`.

Files arrive as multipart/form-data (`payload_json` plus `files[n]`, developers/reference.mdx
"Uploading Files") and are parsed and kept; messages into channels and DMs (`POST
/channels/{id}/messages`, `POST /users/@me/channels`) are kept in `posted`, and refused with
Discord's own codes where Discord would refuse them (no access 50001, DMs closed 50007, unknown
channel 10003).

discord.py 2.7 reads REST bodies only with exactly `Content-Type: application/json` (it ignores
`application/json; charset=utf-8`), so responses are built by hand (`as_json`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.discord.discord_rules import command_problems, message_problems, upload_problems
from tests.discord.fake_discord_uploads import Upload, detected_type, image_size, read_body, shown_embeds

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
# receiving-and-responding.mdx: an app installed to a user (not the server) may send at most 5
# follow-ups to one interaction where it is not in the server.
USER_INSTALL_FOLLOWUPS = 5

_ids = itertools.count(1_300_000_000_000_000_000)


def snowflake() -> str:
    return str(next(_ids))


def as_json(data: Any, status: int = 200) -> web.Response:
    return web.Response(status=status, body=json.dumps(data).encode(), content_type="application/json")


def discord_error(status: int, code: int, message: str) -> web.Response:
    return as_json({"code": code, "message": message,
                    "errors": {"_errors": [{"code": "FAKE", "message": message}]}}, status)


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
    user_install: bool = False       # reached through the user's own install, not the server's
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


class SharedState:
    """What both halves read: set by `FakeDiscord.__init__` (declared here for readers and checkers)."""

    token: str
    app_id: str
    guild_id: str
    foreign_guild_id: str
    channel_id: str
    bot_user: dict
    commands: dict[str | None, list[dict]]
    interactions: dict[str, Interaction]
    dm_channels: dict[str, str]
    gateway_url: str


class FakeDiscordRest(SharedState):
    """The REST routes and what they keep. State lives on the composed `FakeDiscord`."""

    ack_deadline: float
    posted: list[Posted]
    closed_dms: set[str]
    no_access: set[str]
    refuse_next_post: tuple[int, int, str] | None
    problems: list[str]
    throttle: int
    throttled: int

    def rest_routes(self) -> list[web.RouteDef]:
        return [
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
        ]

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
        guild = request.match_info.get("guild")
        if guild is not None and guild != self.guild_id:
            # Discord: a server the bot was never added to -> 403 Missing Access; an id that is no
            # server at all (a channel id pasted by mistake) -> 404 Unknown Guild.
            return discord_error(403, 50001, "Missing Access") if guild == self.foreign_guild_id \
                else discord_error(404, 10004, "Unknown Guild")
        commands = await request.json()
        problems = command_problems(commands)
        if problems:
            self.problems += problems
            return discord_error(400, 50035, "Invalid Form Body: " + "; ".join(problems))
        guild = request.match_info.get("guild")
        # Discord answers every command with a description; a menu command's is "".
        stored = [{"description": "", "type": 1, **c, "id": snowflake(), "application_id": self.app_id, "version": snowflake(),
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
                upload_problems(body.get("data") or {}, [len(f.data) for f in files], ATTACHMENT_LIMIT,
                                [f.filename for f in files])
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
        problems += upload_problems(body, [len(f.data) for f in files], ATTACHMENT_LIMIT, [f.filename for f in files])
        if problems:
            self.problems += problems
            return discord_error(400, 50035, "Invalid Form Body: " + "; ".join(problems))
        if kind == "delete":
            self._record(interaction, kind, body)
            return web.Response(status=204)
        if kind == "followup" and interaction.user_install and \
                sum(s.kind == "followup" for s in interaction.sent) >= USER_INSTALL_FOLLOWUPS:
            self.problems.append(f"interaction {interaction.id}: more than {USER_INSTALL_FOLLOWUPS} follow-ups")
            return discord_error(400, 40094, "This interaction has hit the maximum number of follow up messages")
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
        problems = message_problems(body) + upload_problems(body, [len(f.data) for f in files], ATTACHMENT_LIMIT,
                                                            [f.filename for f in files])
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
                        "content_type": detected_type(f), **image_size(f),
                        "url": f"https://cdn.fake/attachments/{channel_id}/{message_id}/{f.filename}",
                        "proxy_url": f"https://media.fake/attachments/{channel_id}/{message_id}/{f.filename}"}
                       for f in files]
        message = {"id": message_id, "channel_id": channel_id, "type": 20 if interaction else 0,
                   "content": data.get("content") or "", "embeds": shown_embeds(data.get("embeds") or [], attachments),
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

    # -- what the bot sent -------------------------------------------------------------------

    def buttons(self, interaction_id: str) -> dict[str, str]:
        """label -> custom_id of every button on the messages the bot sent for an interaction."""
        return {button["label"]: button["custom_id"] for _, button in self._buttons(interaction_id)}

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
