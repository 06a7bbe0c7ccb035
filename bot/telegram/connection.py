"""Getting python-telegram-bot connected, and staying up while Telegram cannot be reached.

Start-up asks Telegram who the bot is, sets the command menu, then polls (or registers the
webhook). If Telegram is unreachable at that moment (no connection, a timeout, a 5xx), the process
must not die: the other platform and the background jobs keep serving, and this keeps trying in
the background with growing pauses (`Transport.reconnect_delays`, the last one repeating), as PTB's
own polling loop does once it runs. Start-up waits for the connection a few seconds at most
(`Transport.start_wait`), so a Telegram that hangs does not hold up the other platform either. A
wrong token is different: it will not get better by waiting, so it fails start-up with PTB's
`InvalidToken`, as before.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from typing import Callable
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.settings import Settings
from bot.telegram.menus import publish_localised
from bot.telegram.requests import network_trouble, short

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.INLINE_QUERY, Update.CALLBACK_QUERY]


class Connection:
    def __init__(self, app: Application, settings: Settings, commands: list[BotCommand],
                 delays: tuple[float, ...], on_polling_error: Callable[[TelegramError], None]) -> None:
        self.app, self.settings, self.commands, self.delays = app, settings, commands, delays
        self.on_polling_error = on_polling_error
        self._connecting: asyncio.Task[None] | None = None
        self._menus: asyncio.Task[None] | None = None
        # After a 409 Conflict the updater's last "mark updates as read" poll meets the same 409 and
        # PTB logs it with a traceback; the one line the process exits with already says everything.
        self.quiet_stop = False

    @property
    def ready(self) -> bool:
        return self.app.running

    async def open(self, wait: float) -> None:
        """Connect, waiting at most `wait` seconds; if not connected by then, carry on in the background.

        A wrong token (or anything else that waiting cannot fix) fails here, if it shows in time.
        """
        self._connecting = asyncio.create_task(self._until_connected(), name="telegram-connect")
        self._connecting.add_done_callback(_retrieve)
        done, _ = await asyncio.wait({self._connecting}, timeout=wait)
        if done:
            self._connecting.result()
        else:
            log.warning("Telegram: not connected after %g s; still trying in the background", wait)

    async def _until_connected(self) -> None:
        pauses = itertools.chain(self.delays, itertools.repeat(self.delays[-1] if self.delays else 30.0))
        while True:
            try:
                await self._attempt()
                return
            except TelegramError as exc:
                if not network_trouble(exc):
                    log.error("Telegram: cannot start: %s", short(exc))
                    raise
                pause = next(pauses)
                log.warning("Telegram: unreachable (%s); trying again in %g s", short(exc), pause)
            await asyncio.sleep(pause)

    async def _attempt(self) -> None:
        try:
            await self.app.initialize()
            await self.app.bot.set_my_commands(self.commands)
            await self.app.start()
            await self._listen()
        except BaseException:
            await self.halt()
            raise
        log.info("Telegram: running as @%s", self.app.bot.username)
        self._menus = asyncio.create_task(self._localised_menus(), name="telegram-menus")

    async def _localised_menus(self) -> None:
        """The menu in each language we speak (bot/telegram/menus.py), once the bot is up."""
        try:
            await publish_localised(self.app.bot, self.commands)
        except TelegramError as exc:
            log.warning("Telegram: the menus in other languages were not set: %s", short(exc))
        except Exception:   # a catalogue that cannot be read, say: the English menu still serves
            log.exception("Telegram: the menus in other languages were not set")

    async def _listen(self) -> None:
        url = self.settings.telegram_webhook_url
        if not url:
            await self.app.updater.start_polling(allowed_updates=ALLOWED_UPDATES,
                                                 error_callback=self.on_polling_error)
            return
        secret = self.settings.telegram_webhook_secret
        if secret is None:
            log.warning("Telegram: TELEGRAM_WEBHOOK_SECRET is not set; anyone can post updates")
        await self.app.updater.start_webhook(
            listen=self.settings.telegram_webhook_listen, port=self.settings.telegram_webhook_port,
            url_path=urlsplit(url).path.lstrip("/"), webhook_url=url, allowed_updates=ALLOWED_UPDATES,
            secret_token=secret.get_secret_value() if secret else None)

    async def halt(self) -> None:
        if self.app.updater is not None and self.app.updater.running:
            updater_log = logging.getLogger("telegram.ext.Updater")
            level = updater_log.level
            if self.quiet_stop:
                updater_log.setLevel(logging.CRITICAL)
            try:
                await self.app.updater.stop()
            finally:
                updater_log.setLevel(level)
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()

    async def close(self) -> None:
        if self._connecting is not None:
            self._connecting.cancel()
            await asyncio.gather(self._connecting, return_exceptions=True)
            self._connecting = None
        if self._menus is not None:
            self._menus.cancel()
            await asyncio.gather(self._menus, return_exceptions=True)
            self._menus = None
        await self.halt()


def _retrieve(task: asyncio.Task[None]) -> None:
    """Mark a background failure as seen: it was logged as one line already."""
    if not task.cancelled():
        task.exception()
