"""Serving a fake's aiohttp routes on 127.0.0.1, on a free port unless one is asked for."""

from __future__ import annotations

from typing import Awaitable, Callable, Iterable

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def serve(paths: Iterable[str], handler: Handler, port: int = 0) -> tuple[web.AppRunner, int]:
    """Every method of every path goes to `handler`; returns the runner (to `cleanup()`) and the port."""
    app = web.Application()
    for path in paths:
        app.router.add_route("*", path, handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
