"""Telegram, translated: an update in, an `Invocation` to `dispatch`, the `Reply` out as HTML.

python-telegram-bot does the Telegram work: long polling (or a webhook when TELEGRAM_WEBHOOK_URL is
set), `/liq@ThisBot` matching in groups, and retrying a 429 through `AIORateLimiter`. This module
decides only what reaches `dispatch` and where the answer goes:

- one `CommandHandler` per registry command, and the command menu, both generated from the registry;
- new messages only: an edited command or an automatic forward from a linked channel is not answered;
- who asked and whether they moderate the chat (bot/telegram/invocation.py);
- a per-user cooldown before dispatch: a flood gets one "slow down" and then silence;
- a reply's actions become inline buttons; a press runs the command as the person it was for, once
  (bot/button_book.py), and is always answered, so the client stops its spinner;
- inline mode (`@ThisBot liq long BTC 60000 25x`) answers with one result card;
- one error handler: logs the traceback and tells the user, briefly, that it failed;
- `post` and `direct` for background jobs (the `Messenger` port of bot/messenger.py).

The token is kept out of every log record of the libraries and of this package, from the moment
the adapter is built until it stops.
"""

from __future__ import annotations

import logging
import os
import signal
from typing import Awaitable, Callable
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import Conflict, Forbidden, RetryAfter, TelegramError
from telegram.ext import (AIORateLimiter, Application, BaseRateLimiter, CallbackQueryHandler, CommandHandler,
                          ContextTypes, Defaults, InlineQueryHandler, TypeHandler, filters)

from bot.button_book import EXPIRED, ButtonBook
from bot.cooldown import SLOW_DOWN, Cooldown, Verdict
from bot.log_redaction import TokenRedactor, install, uninstall
from bot.settings import Settings
from bot.shared.updates import drop_repeats
from bot.telegram.buttons import keyboard
from bot.telegram.delivery import ASK_AS_YOURSELF, deliver, inline_article, send_html, send_quietly
from bot.telegram.invocation import GROUPS, Asked, from_message, from_press
from bot.telegram.render import render_notice
from commands.context import Context
from commands.dispatch import APOLOGY, answers_privately, dispatch
from commands.invocation import Invocation
from commands.catalog import all_commands
from commands.reply import Reply

log = logging.getLogger(__name__)

Dispatcher = Callable[[Invocation, Context], Awaitable[Reply]]
ALLOWED_UPDATES = [Update.MESSAGE, Update.INLINE_QUERY, Update.CALLBACK_QUERY]
NEW_MESSAGES = filters.UpdateType.MESSAGE & ~filters.IS_AUTOMATIC_FORWARD
REDACTED_LOGGERS = ("telegram", "httpx", "httpcore", "bot")
INLINE_CACHE_SECONDS = 5
CONFLICT = ("Telegram answered 409 Conflict: another process is already polling this bot (or a webhook is "
            "set). Run one polling process, or several with TELEGRAM_WEBHOOK_URL behind a proxy.")


def bot_commands() -> list[BotCommand]:
    """The command menu, from the registry summaries (the same lines `/help` shows)."""
    return [BotCommand(command.name, command.summary) for command in all_commands()]


class TelegramAdapter:
    platform = "telegram"

    def __init__(self, settings: Settings, context: Context, *, dispatcher: Dispatcher = dispatch,
                 cooldown: Cooldown | None = None, rate_limiter: BaseRateLimiter | None = None,
                 buttons: ButtonBook | None = None, concurrent_updates: int = 16,
                 first_time: Callable[[int], Awaitable[bool]] | None = None) -> None:
        token = settings.telegram_token.get_secret_value()
        self.settings, self.context, self.dispatch = settings, context, dispatcher
        self.cooldown = cooldown if cooldown is not None else Cooldown()  # empty Cooldown is falsy
        self.buttons = buttons if buttons is not None else ButtonBook()
        self.fatal: str | None = None   # why this process must stop (a 409 Conflict), for bot/main.py
        self.redactor = TokenRedactor([token])
        # Before building: PTB logs the Bot API URL, token included, at DEBUG as the bot is made.
        self._redacted_loggers = install(self.redactor, REDACTED_LOGGERS)
        defaults = Defaults(parse_mode=ParseMode.HTML,
                            link_preview_options=LinkPreviewOptions(is_disabled=True))
        self.app = (Application.builder().token(token).base_url(settings.telegram_api_base_url)
                    .defaults(defaults).concurrent_updates(concurrent_updates)
                    .rate_limiter(rate_limiter if rate_limiter is not None else AIORateLimiter(max_retries=3))
                    .build())
        if first_time is not None:   # several processes: an update retried to another one is handled once
            self.app.add_handler(TypeHandler(Update, drop_repeats(first_time)), group=-1)
        for command in all_commands():
            self.app.add_handler(CommandHandler(command.name, self._on_command, filters=NEW_MESSAGES))
        self.app.add_handler(InlineQueryHandler(self._on_inline_query))
        self.app.add_handler(CallbackQueryHandler(self._on_press))
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
                await self._stop_updater()
            if self.app.running:
                await self.app.stop()
            await self.app.shutdown()
        finally:
            uninstall(self.redactor, self._redacted_loggers)

    async def _stop_updater(self) -> None:
        # After a 409 the updater's last "mark updates as read" poll meets the same 409, and PTB logs
        # it with a traceback; the one line the process exits with already says everything.
        updater_log = logging.getLogger("telegram.ext.Updater")
        level = updater_log.level
        if self.fatal is not None:
            updater_log.setLevel(logging.CRITICAL)
        try:
            await self.app.updater.stop()
        finally:
            updater_log.setLevel(level)

    async def _on_command(self, update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        asked = from_message(ctx.bot, message) if message is not None and message.text else None
        if asked is None:
            return
        verdict = await self.cooldown.admit(asked.invocation.user_key)
        if verdict is Verdict.WARN:
            await send_html(ctx.bot, asked.chat_id, render_notice(SLOW_DOWN), asked.quote)
        if verdict is Verdict.ALLOW:
            await self._answer(ctx, asked)

    async def _on_press(self, update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        user_key = f"{self.platform}:{query.from_user.id}"
        if await self.cooldown.admit(user_key) is not Verdict.ALLOW:   # before redeeming: a slowed press keeps its button
            await query.answer(SLOW_DOWN)
            return
        redeemed = await self.buttons.take(query.data, user_key)
        asked = from_press(ctx.bot, query, redeemed.command) if redeemed.command is not None else None
        if asked is None:
            await query.answer(redeemed.refusal or EXPIRED)
            return
        await query.answer()
        try:   # a used button goes away, so nobody presses it for an "expired" answer
            await query.edit_message_reply_markup(None)
        except TelegramError as exc:
            log.info("Telegram: could not remove a used button: %s", exc)
        await self._answer(ctx, asked)

    async def _answer(self, ctx: ContextTypes.DEFAULT_TYPE, asked: Asked) -> None:
        if asked.person is None and asked.is_group and answers_privately(asked.invocation.text):
            # A chat speaking as itself has no DM: it must not save data it could never see,
            # nor get alerts that could never reach it. Nothing runs; the group is told why.
            await send_html(ctx.bot, asked.chat_id, render_notice(ASK_AS_YOURSELF), asked.quote)
            return
        reply = await self.dispatch(asked.invocation, self.context)
        # Buttons only for a person: a press always carries a person, never a chat speaking as itself.
        markup = keyboard(self.buttons, reply.actions, asked.invocation.user_key) if asked.person else None
        await deliver(ctx.bot, asked, reply, markup)

    async def _on_inline_query(self, update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if query is None or not query.query.strip():
            return
        invocation = Invocation(text=query.query, platform=self.platform, user_id=str(query.from_user.id),
                                chat_id="inline", bot_username=ctx.bot.username)
        reply = await self.dispatch(invocation, self.context)
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

    async def post(self, channel_id: str, reply: Reply) -> bool:
        """Into a group. Buttons are left off: they would be bound to nobody, so nobody could press them."""
        chat_id = _chat_number(channel_id)
        return chat_id is not None and await send_quietly(self.app.bot, chat_id, reply, None)

    async def direct(self, user_id: str, reply: Reply) -> bool:
        """To one person's DM, buttons bound to them. A chat key (`chat-100...`) has no DM: False."""
        if not (user_id.isascii() and user_id.isdigit()):
            return False
        markup = keyboard(self.buttons, reply.actions, f"{self.platform}:{user_id}")
        return await send_quietly(self.app.bot, int(user_id), reply, markup)

    def _on_polling_error(self, exc: TelegramError) -> None:
        if isinstance(exc, Conflict):   # another process polls this bot (or a webhook is set): stop
            if self.fatal is None:
                self.fatal = CONFLICT
                os.kill(os.getpid(), signal.SIGTERM)   # the composition root stops and exits with it
            return
        # PTB keeps polling with a backoff (1 s, growing to 30 s); one line per failure is enough.
        log.warning("Telegram: polling failed (%s); retrying", exc)


def _chat_number(chat_id: str) -> int | None:
    try:
        return int(chat_id)
    except ValueError:
        log.warning("Telegram: %r is not a chat id; nothing sent", chat_id)
        return None
