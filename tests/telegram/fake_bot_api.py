"""A fake Telegram Bot API on 127.0.0.1, so tests run the real python-telegram-bot stack.

The bot under test is pointed at it with `base_url`; everything between (PTB's request layer,
update parsing, handler dispatch, `@botname` matching, the rate limiter's 429 retry) is the real
library. The fake serves the methods the bot calls, checks what the real API checks (the token,
HTML parse mode, the 4096-character limit, a photo's size, dimensions and 1024-character caption, command names in the menu, the 64-byte button data),
records every request for assertions (with its arrival time, so pacing can be measured), and can
be told to fail (tests/telegram/fake_faults.py): a 429 with `retry_after`, a 5xx as JSON or as a
gateway's HTML page, a dropped connection, a chat whose sends hang, a 403 for a user who never
started the bot, a 400 for a chat that does not exist or was upgraded to a supergroup, a 400 for
a message thread in a chat that is no forum, or going down altogether and coming back on the same
port.

It also plays the people on the other side (tests/telegram/fake_people.py), and knows who
administers which group (`members`, answered by `getChatMember`).

PTB posts form-encoded bodies in which nested values (`reply_parameters`, `reply_markup`,
`results`, `commands`) are JSON strings, and a file upload as multipart/form-data; both are
decoded here so tests see plain dicts, lists and `Upload`s.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import json
import re
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, Callable

from aiohttp import web

from tests.telegram.fake_faults import Faults, fault_response
from tests.telegram.fake_people import ANONYMOUS_ADMIN, People  # noqa: F401 (re-exported for tests)
from tests.telegram.telegram_html import ParseError, check_message_text, parse_html

# sendPhoto (core.telegram.org/bots/api#sendphoto): "The photo must be at most 10 MB in size. The
# photo's width and height must not exceed 10000 in total. Width and height ratio must be at most
# 20." Caption: 0-1024 characters after entities parsing.
PHOTO_BYTES, PHOTO_SIDES, PHOTO_RATIO, MAX_CAPTION = 10 * 1024 * 1024, 10_000, 20, 1024
COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
ADMIN_RIGHTS = ("can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
                "can_manage_video_chats", "can_restrict_members", "can_promote_members", "can_change_info",
                "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories")


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int = 200
    at: float = field(default_factory=time.perf_counter)
    result: Any = None


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request, as the server received it."""

    filename: str
    content_type: str
    data: bytes


class BotApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


class MigratedError(BotApiError):
    def __init__(self, new_chat: int) -> None:
        super().__init__(400, "Bad Request: group chat was upgraded to a supergroup chat",
                         {"migrate_to_chat_id": new_chat})


class FakeBotApi(People, Faults):
    def __init__(self, token: str, *, username: str = "riskbot_test_bot", bot_id: int = 777,
                 max_poll: float = 0.5) -> None:
        self.token, self.username, self.bot_id, self.max_poll = token, username, bot_id, max_poll
        self.calls: list[Call] = []
        self.delivered: list[Call] = []        # successful sendMessage calls, in order
        self.blocked_chats: set[int] = set()   # users who never pressed Start: 403 on sendMessage
        self.missing_chats: set[int] = set()   # chats that do not exist (any more): 400 "chat not found"
        self.members: dict[tuple[int, int], str] = {}   # (chat, user) -> status; "member" if not set
        self.hung_chats: set[int] = set()   # sends to these are accepted and never answered
        self.forums: set[int] = set()       # supergroups with topics: `message_thread_id` is valid there
        self.migrated: dict[int, int] = {}  # upgraded group -> its supergroup
        self.language_codes: dict[int, str] = {}   # user -> their app's language_code; none if not set
        self._faults = defaultdict(deque)
        self._released = asyncio.Event()    # set when the fake stops: hung requests end
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self.last_update_id = 0
        self.confirmed_offset = 0   # getUpdates has been called with this offset: all below are fetched
        self._message_ids = itertools.count(1000)
        self._chat_types: dict[int, str] = {}
        self._arrived = asyncio.Event()
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self._released.clear()

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            self._arrived.set()          # wake parked long polls so shutdown does not wait
            self._released.set()         # and end hung requests
            await runner.cleanup()

    go_down = stop
    come_back = start

    # -- what the bot receives ---------------------------------------------------------------
    def push(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = self.last_update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, kind: payload})
        self._arrived.set()
        return update_id

    # -- what the bot sent ---------------------------------------------------------------------
    def requests(self, method: str, *, ok_only: bool = True) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method and (c.status == 200 or not ok_only)]

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Every message delivered by `sendMessage`, in order."""
        return [call.params for call in self.delivered]

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for m in self.sent if int(m["chat_id"]) == chat_id]

    def documents(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Successful sendDocument requests (to `chat_id`, if given); `document` is an `Upload`."""
        return [d for d in self.requests("sendDocument") if chat_id is None or int(d["chat_id"]) == chat_id]

    async def wait_until(self, condition: Callable[[], Any], timeout: float = 3.0) -> Any:
        """Wait until `condition()` is truthy (re-checked after each request); fail after `timeout`."""
        async def poll() -> Any:
            while not (result := condition()):
                self._changed.clear()
                await self._changed.wait()
            return result
        return await asyncio.wait_for(poll(), timeout)

    def all_fetched(self) -> bool:
        return self.last_update_id < self.confirmed_offset

    async def wait_for_sent(self, count: int, timeout: float = 3.0) -> list[dict[str, Any]]:
        await self.wait_until(lambda: len(self.delivered) >= count, timeout)
        return self.sent

    # -- the HTTP side -------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await _read_params(request)
        call = Call(method, params)
        self.calls.append(call)
        try:
            if request.match_info["token"] != self.token:
                raise BotApiError(401, "Unauthorized")
            fault = self.next_fault(method)
            if fault is not None:
                call.status = fault.status
                return fault_response(request, fault)
            handler = getattr(self, f"_api_{method.lower()}", None)
            if handler is None:
                raise BotApiError(404, "Not Found: method not found")
            result = call.result = await handler(params)
            if method == "sendMessage":
                self.delivered.append(call)
            return web.json_response({"ok": True, "result": result})
        except BotApiError as exc:
            call.status = exc.status
            body = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return web.json_response(body, status=exc.status)
        finally:
            self._changed.set()

    def _bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": "riskbot", "username": self.username,
                "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": True}

    async def _api_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._bot_user()

    async def _api_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        # A long poll, as the real API does, but never longer than `max_poll`, so tests stay quick.
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        self.confirmed_offset = max(self.confirmed_offset, offset)
        self._changed.set()   # tests waiting on `all_fetched` need not wait for the long poll
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        wait = min(float(params.get("timeout") or 0), self.max_poll)
        if not self._updates and wait > 0 and self._runner is not None:
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), wait)
            except asyncio.TimeoutError:
                pass
        return self._updates[:limit]

    async def _reachable(self, chat_id: int) -> dict[str, Any]:
        if chat_id in self.hung_chats:
            await self._released.wait()
            raise BotApiError(503, "the fake stopped while this request hung")
        if chat_id in self.migrated:
            raise MigratedError(self.migrated[chat_id])
        if chat_id in self.missing_chats:
            raise BotApiError(400, "Bad Request: chat not found")
        if chat_id in self.blocked_chats:
            raise BotApiError(403, "Forbidden: bot can't initiate conversation with a user")
        chat: dict[str, Any] = {"id": chat_id, "type": self._chat_types.get(chat_id, "private")}
        if chat_id in self.forums:
            chat["is_forum"] = True
        return chat

    def _new_message(self, chat: dict[str, Any], params: dict[str, Any], **content: Any) -> dict[str, Any]:
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
                   "from": self._bot_user(), **content}
        if params.get("message_thread_id") is not None:
            # Bot API: "for forum supergroups only"; Telegram refuses a thread anywhere else.
            if chat["id"] not in self.forums:
                raise BotApiError(400, "Bad Request: message thread not found")
            message.update(message_thread_id=int(params["message_thread_id"]), is_topic_message=True)
        if params.get("reply_markup"):
            message["reply_markup"] = _checked_markup(params["reply_markup"])
        return message

    async def _api_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        chat = await self._reachable(chat_id)
        text = _checked_text(params.get("text", ""), params.get("parse_mode"))
        return self._new_message(chat, params, text=text)

    async def _api_senddocument(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = await self._reachable(int(params["chat_id"]))
        upload = params.get("document")
        if not isinstance(upload, Upload) or not upload.data:
            raise BotApiError(400, "Bad Request: there is no document in the request")
        document = {"file_id": f"doc{uuid.uuid4().hex[:16]}", "file_unique_id": uuid.uuid4().hex[:8],
                    "file_name": upload.filename, "mime_type": upload.content_type, "file_size": len(upload.data)}
        return self._new_message(chat, params, document=document)

    async def _api_sendphoto(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = await self._reachable(int(params["chat_id"]))
        upload = params.get("photo")
        if not isinstance(upload, Upload) or not upload.data:
            raise BotApiError(400, "Bad Request: there is no photo in the request")
        if len(upload.data) > PHOTO_BYTES:
            raise BotApiError(400, "Bad Request: PHOTO_SAVE_FILE_INVALID")   # over 10 MB
        width, height = _photo_size(upload.data)
        if width + height > PHOTO_SIDES or max(width, height) > PHOTO_RATIO * min(width, height):
            raise BotApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        content: dict[str, Any] = {"photo": [
            {"file_id": f"photo{uuid.uuid4().hex[:16]}", "file_unique_id": uuid.uuid4().hex[:8],
             "width": width, "height": height, "file_size": len(upload.data)}]}
        caption = params.get("caption") or ""
        if caption:
            try:
                visible = parse_html(caption) if (params.get("parse_mode") or "").upper() == "HTML" else caption
            except ParseError as exc:
                raise BotApiError(400, f"Bad Request: {exc}") from None
            if len(visible.encode("utf-16-le")) // 2 > MAX_CAPTION:
                raise BotApiError(400, "Bad Request: message caption is too long")
            content["caption"] = visible
        return self._new_message(chat, params, **content)

    def photos(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Successful sendPhoto requests (to `chat_id`, if given); `photo` is an `Upload`."""
        return [p for p in self.requests("sendPhoto") if chat_id is None or int(p["chat_id"]) == chat_id]

    async def _api_getchatmember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        if chat_id in self.missing_chats:
            raise BotApiError(400, "Bad Request: chat not found")
        status = self.members.get((chat_id, user_id), "member")
        member: dict[str, Any] = {"status": status, "user": self.user(user_id)}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update({right: right != "is_anonymous" for right in ADMIN_RIGHTS})
        return member

    async def _api_answercallbackquery(self, params: dict[str, Any]) -> bool:
        if len(params.get("text") or "") > 200:
            raise BotApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    async def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> bool:
        if params.get("reply_markup"):
            _checked_markup(params["reply_markup"])
        return True

    async def _api_answerinlinequery(self, params: dict[str, Any]) -> bool:
        results = params.get("results") or []
        if len(results) > 50:
            raise BotApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        for result in results:
            content = result.get("input_message_content") or {}
            _checked_text(content.get("message_text", ""), content.get("parse_mode"))
        return True

    async def _api_setmycommands(self, params: dict[str, Any]) -> bool:
        _checked_language_code(params)
        commands = params.get("commands") or []
        if len(commands) > 100:
            raise BotApiError(400, "Bad Request: too many commands")
        for command in commands:
            if not COMMAND_NAME.match(command.get("command", "")):
                raise BotApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            # 3-256 as the Bot API long documented it (newer pages say 1-256): the stricter bound
            if not 3 <= len(command.get("description", "")) <= 256:
                raise BotApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        return True

    async def _api_setmydescription(self, params: dict[str, Any]) -> bool:
        _checked_language_code(params)
        if len(params.get("description") or "") > 512:
            raise BotApiError(400, "Bad Request: BOT_DESCRIPTION_INVALID")   # 0-512 characters
        return True

    async def _api_setmyshortdescription(self, params: dict[str, Any]) -> bool:
        _checked_language_code(params)
        if len(params.get("short_description") or "") > 120:
            raise BotApiError(400, "Bad Request: BOT_ABOUT_INVALID")   # 0-120 characters
        return True

    def menus(self) -> dict[str, list[tuple[str, str]]]:
        """The last command menu set for each language_code ("" is the default one)."""
        return {request.get("language_code") or "": [(c["command"], c["description"]) for c in request["commands"]]
                for request in self.requests("setMyCommands")}

    def descriptions(self) -> dict[str, str]:
        """The last bot description set for each language_code ("" is the default one)."""
        return {request.get("language_code") or "": request.get("description") or ""
                for request in self.requests("setMyDescription")}

    async def _api_deletewebhook(self, params: dict[str, Any]) -> bool:
        return True

    async def _api_setwebhook(self, params: dict[str, Any]) -> bool:
        return True


def _checked_language_code(params: dict[str, Any]) -> None:
    """setMyCommands, setMyDescription, setMyShortDescription: `language_code` is empty or a
    two-letter ISO 639-1 code (Telegram answers a region or an upper case with 400)."""
    code = params.get("language_code") or ""
    if code and not re.fullmatch(r"[a-z]{2}", str(code)):
        raise BotApiError(400, "Bad Request: invalid language code specified")


def _photo_size(data: bytes) -> tuple[int, int]:
    """Width and height of an image Telegram can read; IMAGE_PROCESS_FAILED for anything else.
    The header and the chunks' checksums are checked, not the pixels (decoding them all would
    cost the fake, on the bot's loop, more than the bot's own work; the tests decode them)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            size = image.size
            image.verify()
            return size
    except (UnidentifiedImageError, OSError, ValueError):
        raise BotApiError(400, "Bad Request: IMAGE_PROCESS_FAILED") from None


def _checked_text(text: str, parse_mode: str | None) -> str:
    try:
        return check_message_text(text, parse_mode)
    except ParseError as exc:
        raise BotApiError(400, f"Bad Request: {exc}") from None


def _checked_markup(markup: dict[str, Any]) -> dict[str, Any]:
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise BotApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise BotApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
    return markup


async def _read_params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        return await request.json()
    params: dict[str, Any] = {}
    for key, value in (await request.post()).items():   # form-encoded or multipart alike
        if isinstance(value, web.FileField):
            value = Upload(value.filename, value.content_type, value.file.read())
        elif isinstance(value, str) and value[:1] in "[{":
            try:
                value = json.loads(value)
            except ValueError:
                pass
        params[key] = value
    return params
