"""Telegram, translated: an update in, an `Invocation` to `dispatch`, the `Reply` out as HTML.

python-telegram-bot does the Telegram work: long polling (or a webhook when TELEGRAM_WEBHOOK_URL is
set), `/liq@ThisBot` matching in groups, and retrying a 429 through `AIORateLimiter`. This module
decides only what reaches `dispatch` and where the answer goes:

- one `CommandHandler` per registry command, and the command menu, both generated from the registry;
- new messages only: an edited command or an automatic forward from a linked channel is not answered;
- a per-user cooldown before dispatch: a flood gets one "slow down" and then silence;
- inline mode (`@ThisBot liq long BTC 60000 25x`) answers with one result card;
- one error handler: logs the traceback and tells the user, briefly, that it failed.

The token is kept out of every log record of the libraries and of this package, from the moment
the adapter is built until it stops.
"""

from __future__ import annotations

import logging
from typing import Awaitable, Callable
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import Forbidden, RetryAfter, TelegramError
from telegram.ext import (AIORateLimiter, Application, BaseRateLimiter, CommandHandler, ContextTypes,
                          Defaults, InlineQueryHandler, filters)

from bot.cooldown import SLOW_DOWN, Cooldown, Verdict
from bot.log_redaction import TokenRedactor, install, uninstall
from bot.settings import Settings
from bot.telegram_delivery import deliver, inline_article, send_html
from bot.telegram_render import render_notice
from commands.context import Context
from commands.dispatch import APOLOGY, dispatch
from commands.invocation import Invocation
from commands.registry import all_commands
from commands.reply import Reply

log = logging.getLogger(__name__)

Dispatcher = Callable[[Invocation, Context], Awaitable[Reply]]
ALLOWED_UPDATES = [Update.MESSAGE, Update.INLINE_QUERY]
NEW_MESSAGES = filters.UpdateType.MESSAGE & ~filters.IS_AUTOMATIC_FORWARD
GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP}
REDACTED_LOGGERS = ("telegram", "httpx", "httpcore", "bot")
INLINE_CACHE_SECONDS = 5


def bot_commands() -> list[BotCommand]:
    """The command menu, from the registry summaries (the same lines `/help` shows)."""
    return [BotCommand(command.name, command.summary) for command in all_commands()]


class TelegramAdapter:
    def __init__(self, settings: Settings, context: Context, *, dispatcher: Dispatcher = dispatch,
                 cooldown: Cooldown | None = None, rate_limiter: BaseRateLimiter | None = None,
                 concurrent_updates: int = 16) -> None:
        token = settings.telegram_token.get_secret_value()
        self.settings, self.context, self.dispatch = settings, context, dispatcher
        self.cooldown = cooldown if cooldown is not None else Cooldown()  # empty Cooldown is falsy
        self.redactor = TokenRedactor([token])
        # Before building: PTB logs the Bot API URL, token included, at DEBUG as the bot is made.
        self._redacted_loggers = install(self.redactor, REDACTED_LOGGERS)
        defaults = Defaults(parse_mode=ParseMode.HTML,
                            link_preview_options=LinkPreviewOptions(is_disabled=True))
        self.app = (Application.builder().token(token).base_url(settings.telegram_api_base_url)
                    .defaults(defaults).concurrent_updates(concurrent_updates)
                    .rate_limiter(rate_limiter if rate_limiter is not None else AIORateLimiter(max_retries=3))
                    .build())
        for command in all_commands():
            self.app.add_handler(CommandHandler(command.name, self._on_command, filters=NEW_MESSAGES))
        self.app.add_handler(InlineQueryHandler(self._on_inline_query))
        self.app.add_error_handler(self._on_error)

    async def start(self) -> None:
        try:
            await self.app.initialize()
            await self.app.bot.set_my_commands(bot_commands())
            await self.app.start()
            await self._listen()
        except BaseException:
            await self.stop()
            raise
        log.info("Telegram: running as @%s", self.app.bot.username)

    async def _listen(self) -> None:
        url = self.settings.telegram_webhook_url
        if not url:
            await self.app.updater.start_polling(allowed_updates=ALLOWED_UPDATES,
                                                 error_callback=self._on_polling_error)
            return
        secret = self.settings.telegram_webhook_secret
        if secret is None:
            log.warning("Telegram: TELEGRAM_WEBHOOK_SECRET is not set; anyone can post updates")
        await self.app.updater.start_webhook(
            listen=self.settings.telegram_webhook_listen, port=self.settings.telegram_webhook_port,
            url_path=urlsplit(url).path.lstrip("/"), webhook_url=url, allowed_updates=ALLOWED_UPDATES,
            secret_token=secret.get_secret_value() if secret else None)

    async def stop(self) -> None:
        try:
            if self.app.updater is not None and self.app.updater.running:
                await self.app.updater.stop()
            if self.app.running:
                await self.app.stop()
            await self.app.shutdown()
        finally:
            uninstall(self.redactor, self._redacted_loggers)

    def _invocation(self, text: str, user_id: int, chat_id: str, is_group: bool) -> Invocation:
        return Invocation(text=text, platform="telegram", user_id=str(user_id), chat_id=chat_id,
                          is_group=is_group, bot_username=self.app.bot.username)

    async def _on_command(self, update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.message, update.effective_user
        if message is None or user is None or not message.text:
            return
        is_group = message.chat.type in GROUPS
        invocation = self._invocation(message.text, user.id, str(message.chat_id), is_group)
        verdict = self.cooldown.check(invocation.user_key)
        if verdict is Verdict.DROP:
            return
        if verdict is Verdict.WARN:
            quote = message.message_id if is_group else None
            await send_html(ctx.bot, message.chat_id, render_notice(SLOW_DOWN), quote)
            return
        reply = await self.dispatch(invocation, self.context)
        await deliver(ctx.bot, message, reply, is_group)

    async def _on_inline_query(self, update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if query is None or not query.query.strip():
            return
        reply = await self.dispatch(self._invocation(query.query, query.from_user.id, "inline", False),
                                    self.context)
        await query.answer([inline_article(query.query, reply)], cache_time=INLINE_CACHE_SECONDS,
                           is_personal=True)

    async def _on_error(self, update: object, ctx: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("Telegram: handling an update failed", exc_info=ctx.error)
        message = update.effective_message if isinstance(update, Update) else None
        if message is None or isinstance(ctx.error, (Forbidden, RetryAfter)):
            return  # nowhere to apologise, or apologising would fail the same way
        quote = message.message_id if message.chat.type in GROUPS else None
        try:
            await send_html(ctx.bot, message.chat_id, render_notice(APOLOGY), quote)
        except TelegramError as exc:
            log.warning("Telegram: could not send the apology either: %s", exc)

    @staticmethod
    def _on_polling_error(exc: TelegramError) -> None:
        # PTB keeps polling with a backoff (1 s, growing to 30 s); one line per failure is enough.
        log.warning("Telegram: polling failed (%s); retrying", exc)
