"""The HTTP layer under python-telegram-bot: retry what cannot have reached Telegram, quietly.

Telegram has no idempotency key, so a message sent twice is shown twice. A failed request is sent
again only when Telegram cannot have acted on it:

- the connection was never made: `httpx.ConnectError` (refused, reset or unreachable while
  connecting), `httpx.ConnectTimeout`, `httpx.PoolTimeout` (no free connection, so nothing left
  this process). python-telegram-bot wraps these in `NetworkError` / `TimedOut` and keeps the
  httpx error as `__cause__`, which is how they are told apart here;
- Telegram answered 500, 502 or 503: the Bot API ("ok": false) or the gateway in front of it (an
  HTML page while the Bot API server is down or restarting) says the method was not performed.

Never retried, because the request may have been processed and the answer only lost on the way
back: a read timeout (`httpx.ReadTimeout`: the request was sent, no answer in time), a connection
closed after the request was written (`httpx.ReadError`, `httpx.RemoteProtocolError`
"Server disconnected"), a write that failed part way (`httpx.WriteError`, `httpx.WriteTimeout`),
and a 504 (the gateway gave up waiting; the Bot API may still have done it). Those surface as
`NetworkError` / `TimedOut` and are logged as one line by the adapter.

A bounded number of retries with growing delays (`Transport.retry_delays`), each logged as one
warning line naming the method only (the URL holds the token). 429s are not handled here:
python-telegram-bot's rate limiter waits `retry_after` (bot/telegram/pacing.py).

Gateway pages: python-telegram-bot logs an ERROR with a traceback ("Can not load invalid JSON
data") for every non-JSON body, such as nginx's 502 page, before raising its own clean error.
`parse_json_payload` is the documented override point; here it raises the same error silently.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)

RETRIED_STATUSES = frozenset({500, 502, 503})
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
MAYBE_PROCESSED = (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError,
                   httpx.WriteTimeout)


@dataclass(frozen=True)
class Transport:
    """Timeouts (python-telegram-bot's defaults) and delays, in seconds. Tests shrink them."""

    connect_timeout: float = 5.0
    read_timeout: float = 5.0
    write_timeout: float = 5.0
    pool_timeout: float = 1.0
    retry_delays: tuple[float, ...] = (0.5, 1.5, 4.0)
    # How long start-up waits for Telegram before carrying on without it (still trying).
    start_wait: float = 3.0
    # Between attempts to connect when Telegram is unreachable at start; the last one repeats.
    reconnect_delays: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0)


def never_sent(exc: BaseException) -> bool:
    """Whether a python-telegram-bot network error happened before the request left."""
    return isinstance(exc, NetworkError) and isinstance(exc.__cause__, NEVER_SENT)


def network_trouble(exc: BaseException) -> bool:
    """A failure of the network or of Telegram's servers, not of our request (PTB's `BadRequest`
    subclasses `NetworkError`, but a 400 is our own mistake and deserves its traceback)."""
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)


def may_have_arrived(exc: BaseException) -> bool:
    """Whether a failed request may still have been performed (so saying "it failed" may be wrong)."""
    return isinstance(exc, NetworkError) and isinstance(exc.__cause__, MAYBE_PROCESSED)


def short(exc: BaseException, limit: int = 160) -> str:
    """One line about a Telegram error, short enough for a log line (a gateway page is long)."""
    text = " ".join(str(getattr(exc, "message", exc) or type(exc).__name__).split())
    return text if len(text) <= limit else text[:limit] + "..."


class TelegramRequest(HTTPXRequest):
    def __init__(self, transport: Transport = Transport(), *, retry: bool = True, pool_size: int = 256) -> None:
        super().__init__(connection_pool_size=pool_size, read_timeout=transport.read_timeout,
                         write_timeout=transport.write_timeout, connect_timeout=transport.connect_timeout,
                         pool_timeout=transport.pool_timeout)
        self._delays = transport.retry_delays if retry else ()

    async def do_request(self, url: str, method: str, request_data: Any = None,
                         **timeouts: Any) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]   # the method; the rest of the URL holds the token
        for delay in (*self._delays, None):
            try:
                code, payload = await super().do_request(url, method, request_data, **timeouts)
            except NetworkError as exc:   # TimedOut included
                if delay is None or not never_sent(exc):
                    raise
                reason = f"could not connect: {type(exc.__cause__).__name__}"
            else:
                if delay is None or code not in RETRIED_STATUSES:
                    return code, payload
                reason = f"HTTP {code}"
            log.warning("Telegram: %s was not performed (%s); retrying in %g s",
                        name, reason, delay)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")   # the last round either returns or raises

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        try:
            return json.loads(payload.decode("utf-8", "replace"))
        except ValueError:
            raise TelegramError("Invalid server response") from None
