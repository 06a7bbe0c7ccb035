"""Real `riskbot run` processes for the several-process tests, and the loopback proxy that spreads
Telegram's webhook deliveries over them, as a load balancer in front of two workers would.

The Telegram fake (tests/telegram/fake_bot_api.py) serves the Bot API to every process; in webhook
mode Telegram POSTs each update to the one registered URL, so `WebhookTelegram` plays that part: it
builds updates with the fake's own helpers and POSTs them to the proxy (or straight to one process),
with the secret token header, retrying on a non-2xx answer as Telegram does.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from tests.telegram.fake_bot_api import FakeBotApi

ROOT = Path(__file__).parents[2]
SECRET = "webhook-secret-for-tests"
TOKEN = "123456789:TESTtoken-never-in-logs_abcdefghijklmnop"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebhookFake(FakeBotApi):
    """The fake Bot API with a webhook set: updates are not queued for getUpdates but kept in
    `outbox` for the test to deliver; getUpdates answers 409 Conflict, as Telegram does then."""

    def __init__(self) -> None:
        super().__init__(TOKEN)
        self.outbox: list[dict[str, Any]] = []

    def push(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = self.last_update_id = next(self._update_ids)
        self.outbox.append({"update_id": update_id, kind: payload})
        return update_id

    async def _api_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        from tests.telegram.fake_bot_api import BotApiError

        raise BotApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                               "use deleteWebhook to delete the webhook first")


class Proxy:
    """Round-robin over the processes' webhook ports; records which process got which update."""

    def __init__(self, ports: list[int]) -> None:
        self.ports, self._next = ports, itertools.cycle(range(len(ports)))
        self.routed: list[tuple[int, int]] = []   # (process index, HTTP status)
        self.port = free_port()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        self._session = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_post("/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()
        if self._session:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.Response:
        index = next(self._next)
        status = await post(self._session, self.ports[index], request.path, await request.read(),
                            dict(request.headers))
        self.routed.append((index, status))
        return web.Response(status=status)


async def post(session: aiohttp.ClientSession, port: int, path: str, body: bytes, headers: dict[str, str]) -> int:
    try:
        async with session.post(f"http://127.0.0.1:{port}{path}", data=body,
                                headers={"Content-Type": "application/json",
                                         "X-Telegram-Bot-Api-Secret-Token": headers.get(
                                             "X-Telegram-Bot-Api-Secret-Token", "")}) as answer:
            return answer.status
    except aiohttp.ClientError:
        return 502


class Riskbot:
    """One `riskbot run` process; its log goes to a file the test can read."""

    def __init__(self, name: str, env: dict[str, str], log_dir: Path) -> None:
        self.name, self.log = name, log_dir / f"{name}.log"
        full = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")}
        full.update(PYTHONPATH=str(ROOT), PTB_TIMEDELTA="1", LOG_LEVEL="INFO", **env)
        self._out = self.log.open("w")
        self.process = subprocess.Popen([sys.executable, "-m", "bot.main", "run"], cwd=log_dir, env=full,
                                        stdout=self._out, stderr=subprocess.STDOUT)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    async def wait_for_line(self, needle: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited {self.process.returncode}:\n{self.text()[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: no {needle!r} within {timeout} s:\n{self.text()[-3000:]}")
            await asyncio.sleep(0.05)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._out.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._out.close()


def venues_nowhere() -> dict[str, str]:
    """Every venue host a process may call (mark prices, and the tier refresh its leader runs) on a
    closed loopback port, so no test process reaches a real exchange: each call fails at once."""
    from bot.prices.venues import DEFAULT_BASE_URLS

    nowhere = "http://127.0.0.1:9"
    return {f"{host.upper()}_BASE_URL": nowhere for host in (*DEFAULT_BASE_URLS, "binance_web")}


def telegram_env(fake: FakeBotApi, db_url: str, webhook_port: int, public_url: str, **extra: str) -> dict[str, str]:
    """Settings for a webhook-mode process behind the proxy at `public_url`; prices nowhere unless given."""
    env = {"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake.base_url, "RISKBOT_DB": db_url,
           "TELEGRAM_WEBHOOK_URL": public_url, "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
           "TELEGRAM_WEBHOOK_PORT": str(webhook_port), "TELEGRAM_WEBHOOK_SECRET": SECRET, **venues_nowhere()}
    env.update(extra)
    return env
