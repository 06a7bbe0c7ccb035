"""Outbound pacing per chat: about one message a second in a private chat, 20 a minute in a group.

Telegram's Bot FAQ: "avoid sending more than one message per second" in a chat, and "your bot will
not be able to send more than 20 messages per minute to the same group"; past that come 429s.

python-telegram-bot's `AIORateLimiter` (the `[rate-limiter]` extra) covers part of it: 30 requests
a second for the whole bot, a wait of `retry_after` on a 429 (and a pause of every other request
meanwhile). Its group limit is a leaky bucket (aiolimiter), which lets a full bucket of 20 go at
once and then one every 3 s, so a rolling minute can hold nearly 40 messages to one group; and it
has no limit for a private chat at all. So this subclass keeps the whole-bot rate and the 429
handling, switches the bucket off, and holds each chat to a rolling window instead: before a
message to a chat goes, the `limit` messages before it to that chat must all have finished more
than `period` ago. Counting from when each one finished (not when it started) keeps the window
true at Telegram's end too, whatever the network adds.

Only messages count (send*, copy, forward, edits): looking up a member or answering a button press
is not a message in the chat. Sends to one chat go in order, one at a time; other chats never
wait for it. The table of chats is bounded; an idle chat's entry is dropped first.

A waiting send holds one of the application's update slots, so the queue of one chat is bounded
(`max_waiting`): past it, a new message to that chat is dropped at once (`ChatBusy`, logged), not
queued for minutes while the rest of the bot waits for free slots. Only a flood of many people in
one group gets there; the per-user cooldown stops a single person long before.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from typing import Any, Callable

from telegram.error import TelegramError
from telegram.ext import AIORateLimiter

MESSAGE_PREFIXES = ("send", "copyMessage", "forwardMessage", "editMessage")
NOT_MESSAGES = frozenset({"sendChatAction"})
Window = tuple[int, float]   # at most this many messages per this many seconds


class ChatBusy(TelegramError):
    """A message dropped because too many are already waiting for the same chat."""


def is_message(endpoint: str) -> bool:
    return endpoint.startswith(MESSAGE_PREFIXES) and endpoint not in NOT_MESSAGES


class _Chat:
    __slots__ = ("lock", "finished", "waiting")

    def __init__(self, limit: int) -> None:
        self.lock = asyncio.Lock()
        self.finished: deque[float] = deque(maxlen=limit)
        self.waiting = 0


class PacedRateLimiter(AIORateLimiter):
    def __init__(self, private: Window = (1, 1.0), group: Window = (20, 60.0), *, max_retries: int = 3,
                 max_waiting: int = 8, max_chats: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(group_max_rate=0, max_retries=max_retries)   # our rolling windows replace its bucket
        self.private, self.group, self.max_chats, self.clock = private, group, max_chats, clock
        self.max_waiting = max_waiting
        self._chats: OrderedDict[int | str, _Chat] = OrderedDict()

    async def process_request(self, callback: Any, args: Any, kwargs: dict[str, Any], endpoint: str,
                              data: dict[str, Any], rate_limit_args: int | None) -> Any:
        chat_id = data.get("chat_id")
        if chat_id is None or not is_message(endpoint):
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        key = _key(chat_id)
        limit, period = self.private if isinstance(key, int) and key > 0 else self.group
        chat = self._chat(key, limit)
        if chat.waiting >= self.max_waiting:
            raise ChatBusy(f"{chat.waiting} messages already wait for this chat; {endpoint} dropped")
        chat.waiting += 1
        try:
            async with chat.lock:
                while len(chat.finished) >= limit and (wait := chat.finished[0] + period - self.clock()) > 0:
                    await asyncio.sleep(wait)
                try:
                    return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
                finally:
                    chat.finished.append(self.clock())
        finally:
            chat.waiting -= 1

    def _chat(self, key: int | str, limit: int) -> _Chat:
        chat = self._chats.pop(key, None) or _Chat(limit)
        self._chats[key] = chat   # most recently used last
        if len(self._chats) > self.max_chats:   # drop the least recently used chats not sending now
            idle = [k for k, c in self._chats.items() if k != key and not c.lock.locked()]
            for gone in idle[:len(self._chats) - self.max_chats]:
                del self._chats[gone]
        return chat

    def __len__(self) -> int:
        return len(self._chats)

    def __bool__(self) -> bool:
        # python-telegram-bot skips a falsy rate limiter; an empty table is still a limiter.
        return True


def _key(chat_id: object) -> int | str:
    """Chat ids arrive as ints or strings ("-100123", or "@channel" for a public channel)."""
    try:
        return int(chat_id)   # type: ignore[call-overload]
    except (TypeError, ValueError):
        return str(chat_id)
