"""Telegram, translated: an update in, an `Invocation` to `dispatch`, the `Reply` out as HTML.

python-telegram-bot does the Telegram work: long polling (or a webhook when TELEGRAM_WEBHOOK_URL is
set), `/liq@ThisBot` matching in groups, and waiting out a 429. Around it: the HTTP layer retries
only what cannot have reached Telegram (bot/telegram/requests.py), each chat is paced to Telegram's
limits (bot/telegram/pacing.py), and an unreachable Telegram at start is retried in the background
(bot/telegram/connection.py). This module decides only what reaches `dispatch` and where the
answer goes:

- one `CommandHandler` per registry command, and the command menu, both generated from the registry;
- new messages only: an edited command or an automatic forward from a linked channel is not answered;
- who asked, in which forum topic, and whether they moderate the chat (bot/telegram/invocation.py);
- a per-user cooldown before dispatch: a flood gets one "slow down" and then silence;
- a chart an answer asks for is drawn off the event loop and sent as a photo (bot/charts/attach.py);
- a reply's actions become inline buttons; a press runs the command as the person it was for, once
  (bot/button_book.py), and is always answered, so the client stops its spinner;
- inline mode (`@ThisBot liq long BTC 60000 25x`) answers with one result card, and runs only the
  commands the registry marks `inline` (public, read-only); the cooldown applies there too;
- a private answer the DM refused is held for the asker's deep link (bot/telegram/deep_links.py);
- a group upgraded to a supergroup keeps its settings, trail and schedules (commands/groups/moves.py);
- one error handler: a network failure is one warning line, anything else its traceback; the user
  gets a short apology unless the answer may have arrived after all;
- `post` and `direct` for background jobs (the `Messenger` port of bot/messenger.py).

The token is kept out of every log record of the libraries and of this package, from the moment
the adapter is built until it stops.
"""

from __future__ import annotations

import logging
import os
import signal
from typing import Awaitable, Callable

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import Conflict, Forbidden, RetryAfter, TelegramError
from telegram.ext import (Application, BaseRateLimiter, CallbackQueryHandler, CommandHandler,
                          ContextTypes, Defaults, InlineQueryHandler, MessageHandler, TypeHandler, filters)

from bot.button_book import EXPIRED, ButtonBook
from bot.charts.attach import drawn
from bot.charts.executor import ChartRenderer
from bot.cooldown import SLOW_DOWN, Cooldown, Verdict
from bot.log_redaction import RISKBOT_LOGGERS, TokenRedactor, install, uninstall
from bot.settings import Settings
from bot.speech import speaking_to
from bot.shared.updates import drop_repeats
from bot.telegram.buttons import keyboard
from bot.telegram.connection import Connection
from bot.telegram.deep_links import HeldAnswers
from bot.telegram.delivery import (ASK_AS_YOURSELF, USE_A_DM, deliver, inline_article, notice_article, send_html,
                                   send_quietly, send_reply)
from bot.telegram.invocation import GROUPS, Asked, from_message, from_press, language_of, parse_channel, topic_of
from bot.telegram.pacing import ChatBusy, PacedRateLimiter
from bot.telegram.render import render_notice
from bot.telegram.requests import Transport, TelegramRequest, may_have_arrived, network_trouble, short
from commands.context import Context
from commands.groups.moves import group_moved
from commands.dispatch import APOLOGY, answers_privately, dispatch, split_command
from commands.invocation import Invocation
from commands.catalog import all_commands, find
from commands.reply import Reply
from core.i18n import _

log = logging.getLogger(__name__)

Dispatcher = Callable[[Invocation, Context], Awaitable[Reply]]
NEW_MESSAGES = filters.UpdateType.MESSAGE & ~filters.IS_AUTOMATIC_FORWARD
REDACTED_LOGGERS = ("telegram", "httpx", "httpcore", *RISKBOT_LOGGERS)
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
                 transport: Transport | None = None, held: HeldAnswers | None = None,
                 first_time: Callable[[int], Awaitable[bool]] | None = None,
                 charts: ChartRenderer | None = None) -> None:
        """`charts` draws the charts answers ask for (bot/charts/attach.py); None: text only."""
        token = settings.telegram_token.get_secret_value()
        self.settings, self.context, self.dispatch, self.charts = settings, context, dispatcher, charts
        self.transport = transport = transport or Transport()
        self.cooldown = cooldown if cooldown is not None else Cooldown()  # empty Cooldown is falsy
        self.buttons = buttons if buttons is not None else ButtonBook()
        self.held = held or HeldAnswers()
        self.fatal: str | None = None   # why this process must stop (a 409 Conflict), for bot/main.py
        secret = settings.telegram_webhook_secret   # PTB logs setWebhook's parameters at DEBUG
        self.redactor = TokenRedactor([token, secret.get_secret_value() if secret is not None else ""])
        # Before building: PTB logs the Bot API URL, token included, at DEBUG as the bot is made.
        self._redacted_loggers = install(self.redactor, REDACTED_LOGGERS)
        defaults = Defaults(parse_mode=ParseMode.HTML,
                            link_preview_options=LinkPreviewOptions(is_disabled=True))
        self.app = (Application.builder().token(token).base_url(settings.telegram_api_base_url)
                    .defaults(defaults).concurrent_updates(concurrent_updates)
                    .request(TelegramRequest(transport))
                    .get_updates_request(TelegramRequest(transport, retry=False, pool_size=1))
                    .rate_limiter(rate_limiter if rate_limiter is not None else PacedRateLimiter())
                    .build())
        if first_time is not None:   # several processes: an update retried to another one is handled once
            self.app.add_handler(TypeHandler(Update, drop_repeats(first_time)), group=-1)
        for command in all_commands():
            self.app.add_handler(CommandHandler(command.name, self._on_command, filters=NEW_MESSAGES))
        self.app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self._on_upgrade))
        self.app.add_handler(InlineQueryHandler(self._on_inline_query))
        self.app.add_handler(CallbackQueryHandler(self._on_press))
        self.app.add_error_handler(self._on_error)
        self.connection = Connection(self.app, settings, bot_commands(), transport.reconnect_delays,
                                     self._on_polling_error)

    async def start(self) -> None:
        """Connected, or trying in the background if Telegram cannot be reached (bot/telegram/connection.py)."""
        try:
            await self.connection.open(self.transport.start_wait)
        except BaseException:
            uninstall(self.redactor, self._redacted_loggers)
            raise

    async def stop(self) -> None:
        try:
            await self.connection.close()
        finally:
            uninstall(self.redactor, self._redacted_loggers)

    async def _on_command(self, update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        asked = from_message(ctx.bot, message) if message is not None and message.text else None
        if asked is None:
            return
        verdict = await self.cooldown.admit(asked.invocation.user_key)
        if verdict is Verdict.WARN:
            with speaking_to(asked.invocation.locale):
                notice = render_notice(_(SLOW_DOWN))
            await send_html(ctx.bot, asked.chat_id, notice, asked.quote, thread=asked.thread)
        if verdict is Verdict.ALLOW and not await self._show_held(ctx, asked):
            await self._answer(ctx, asked)

    async def _show_held(self, ctx: ContextTypes.DEFAULT_TYPE, asked: Asked) -> bool:
        """`/start <token>` in a DM, from the deep link of a refused private answer: show it, if it
        is this user's and still held. Anything else is an ordinary /start."""
        name, payload = split_command(asked.invocation.text)
        if name != "start" or asked.is_group or asked.person is None or not payload:
            return False
        reply = self.held.take(payload.strip(), asked.person)
        if reply is None:
            return False
        markup = keyboard(self.buttons, reply.actions, asked.invocation.user_key)
        await send_reply(ctx.bot, asked.chat_id, reply, None, markup)
        return True

    async def _on_press(self, update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        user_key = f"{self.platform}:{query.from_user.id}"
        presser = speaking_to(query.from_user.language_code)
        if await self.cooldown.admit(user_key) is not Verdict.ALLOW:   # before redeeming: a slowed press keeps its button
            with presser:
                refusal = _(SLOW_DOWN)
            await query.answer(refusal)
            return
        redeemed = await self.buttons.take(query.data, user_key)
        asked = from_press(ctx.bot, query, redeemed.command) if redeemed.command is not None else None
        if asked is None:
            with presser:
                refusal = _(redeemed.refusal or EXPIRED)
            await query.answer(refusal)
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
            with speaking_to(asked.invocation.locale):
                notice = render_notice(_(ASK_AS_YOURSELF))
            await send_html(ctx.bot, asked.chat_id, notice, asked.quote, thread=asked.thread)
            return
        reply = await drawn(await self.dispatch(asked.invocation, self.context), self.charts)
        # Buttons only for a person: a press always carries a person, never a chat speaking as itself.
        markup = keyboard(self.buttons, reply.actions, asked.invocation.user_key) if asked.person else None
        await deliver(ctx.bot, asked, reply, markup, self.held)

    async def _on_inline_query(self, update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if query is None or not query.query.strip():
            return
        invocation = Invocation(text=query.query, platform=self.platform, user_id=str(query.from_user.id),
                                chat_id="inline", bot_username=ctx.bot.username,
                                locale=query.from_user.language_code)
        verdict = self.cooldown.check(invocation.user_key)
        if verdict is Verdict.DROP:
            return
        name = split_command(query.query)[0]
        command = find(name) if name.isascii() else None
        if verdict is Verdict.WARN:
            with speaking_to(invocation.locale):
                article = notice_article(_(SLOW_DOWN))
        elif command is not None and not command.inline:
            # Inline queries come on every keystroke and from any chat: only what is public and
            # read-only may run (registry `Command.inline`). Nothing else runs, not even to parse.
            with speaking_to(invocation.locale):
                article = notice_article(_(USE_A_DM, command=command.name))
        else:   # an inline command, or an unknown word (dispatch answers "I don't know ...")
            article = inline_article(await self.dispatch(invocation, self.context))
        await query.answer([article], cache_time=INLINE_CACHE_SECONDS, is_personal=True)

    async def _on_upgrade(self, update: Update, ctx: ContextTypes.DEFAULT_TYPE) -> None:
        """A group became a supergroup: its settings, audit trail and schedules follow the new id.
        Telegram says so in the old chat (`migrate_to_chat_id`) and in the new one
        (`migrate_from_chat_id`); either, both, in any order, repeated: the move is idempotent."""
        message = update.effective_message
        if message is None:
            return
        if message.migrate_to_chat_id:
            old, new = message.chat_id, message.migrate_to_chat_id
        elif message.migrate_from_chat_id:
            old, new = message.migrate_from_chat_id, message.chat_id
        else:
            return
        await group_moved(self.context, self.platform, old, new)

    async def _on_error(self, update: object, ctx: ContextTypes.DEFAULT_TYPE) -> None:
        if isinstance(ctx.error, ChatBusy):   # a flood in one chat: dropped, and no apology to queue
            log.warning("Telegram: %s", ctx.error.message)
            return
        if network_trouble(ctx.error):   # the network, not our code: one line, no traceback
            log.warning("Telegram: handling an update failed: %s", short(ctx.error))
        else:
            log.error("Telegram: handling an update failed", exc_info=ctx.error)
        message = update.effective_message if isinstance(update, Update) else None
        if message is None or isinstance(ctx.error, (Forbidden, RetryAfter)) or may_have_arrived(ctx.error):
            return  # nowhere to apologise, apologising would fail the same way, or the answer may be there
        quote = message.message_id if message.chat.type in GROUPS else None
        # In the language of whoever the update is from (a press: the presser, not the bot's message).
        presser = update.callback_query.from_user if update.callback_query is not None else None
        with speaking_to(presser.language_code if presser is not None else language_of(message)):
            apology = render_notice(_(APOLOGY))
        try:
            await send_html(ctx.bot, message.chat_id, apology, quote, thread=topic_of(message))
        except TelegramError as exc:
            log.warning("Telegram: could not send the apology either: %s", exc)

    async def post(self, channel_id: str, reply: Reply) -> bool:
        """Into a group. Buttons are left off: they would be bound to nobody, so nobody could press them."""
        where = parse_channel(channel_id)
        if where is None:
            log.warning("Telegram: %r is not a chat id; nothing sent", channel_id)
            return False
        if not self.connection.ready:   # not connected (yet): the job tries again later
            return False
        return await send_quietly(self.app.bot, where[0], reply, None, thread=where[1])

    async def direct(self, user_id: str, reply: Reply) -> bool:
        """To one person's DM, buttons bound to them. A chat key (`chat-100...`) has no DM: False."""
        if not (user_id.isascii() and user_id.isdigit()) or not self.connection.ready:
            return False
        markup = keyboard(self.buttons, reply.actions, f"{self.platform}:{user_id}")
        return await send_quietly(self.app.bot, int(user_id), reply, markup)

    def _on_polling_error(self, exc: TelegramError) -> None:
        if isinstance(exc, Conflict):   # another process polls this bot (or a webhook is set): stop
            if self.fatal is None:
                self.fatal = CONFLICT
                self.connection.quiet_stop = True
                os.kill(os.getpid(), signal.SIGTERM)   # the composition root stops and exits with it
            return
        # PTB keeps polling with a backoff (1 s, growing to 30 s); one line per failure is enough.
        log.warning("Telegram: polling failed (%s); retrying", short(exc))

