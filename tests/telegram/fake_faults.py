"""How the fake Bot API fails when told to, in the shapes the real one (and its gateway) fails in.

A mixin of `FakeBotApi` (tests/telegram/fake_bot_api.py). Each fault is queued per method and
used by the next request to it:

- an API error, as JSON (`{"ok": false, "error_code": ..., "description": ...}`), with
  `parameters.retry_after` for a 429;
- a gateway page (`html=True`): the status with nginx's HTML body instead of JSON, as Telegram's
  front answers while the Bot API server behind it is down;
- a dropped connection (`drop_next`): the request is read, then the connection is closed with no
  answer at all, so the client cannot know whether it was processed.

And per chat, a hang (`hung_chats`): the server accepts the request and never answers, until the
fake stops.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

DROP = 0   # the status of a fault that closes the connection instead of answering
GATEWAY_PAGE = ("<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
                "<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
                "</body>\r\n</html>\r\n")
REASONS = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
           503: "Service Unavailable", 504: "Gateway Time-out"}


@dataclass
class Fault:
    status: int
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)
    html: bool = False


class Faults:
    """Needs nothing from the fake but a place for its queues (`_faults`, made here lazily)."""

    _faults: defaultdict[str, deque[Fault]]

    def fail_next(self, method: str, status: int, *, retry_after: int | None = None, times: int = 1,
                  html: bool = False, description: str | None = None) -> None:
        if description is None:
            description = {429: f"Too Many Requests: retry after {retry_after}",
                           500: "Internal Server Error"}.get(status, f"Error {status}")
        parameters = {"retry_after": retry_after} if retry_after is not None else {}
        for _ in range(times):
            self._faults[method].append(Fault(status, description, parameters, html))

    def drop_next(self, method: str, *, times: int = 1) -> None:
        for _ in range(times):
            self._faults[method].append(Fault(DROP, "connection dropped"))

    def next_fault(self, method: str) -> Fault | None:
        queue = self._faults[method]
        return queue.popleft() if queue else None


def fault_response(request: web.Request, fault: Fault) -> web.StreamResponse:
    """The answer a fault gives (or, for a drop, the connection closed under the request)."""
    if fault.status == DROP:
        assert request.transport is not None
        request.transport.close()
        raise web.HTTPInternalServerError()   # never reaches the client: the connection is gone
    if fault.html:
        reason = REASONS.get(fault.status, "Error")
        return web.Response(status=fault.status, content_type="text/html",
                            text=GATEWAY_PAGE.format(status=fault.status, reason=reason))
    body: dict[str, Any] = {"ok": False, "error_code": fault.status, "description": fault.description}
    if fault.parameters:
        body["parameters"] = fault.parameters
    return web.json_response(body, status=fault.status)
