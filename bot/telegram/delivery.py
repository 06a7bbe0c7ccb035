"""Where a Telegram answer goes, and in how many messages.

The rules: in a group the answer quotes the command it answers, in the forum topic it was asked
in; a private answer asked for in a group goes to the user's DM instead, and if Telegram refuses
(the user never pressed Start) the group gets a deep link that shows the answer in the DM once
they press Start, without seeing the data; a private answer for a chat that spoke as
itself (an anonymous admin, a channel) has no DM to go to, so the group is told to ask as a
person. An answer longer than one message arrives as several, split at line boundaries, with its
buttons under the last piece and its file (an /export) sent as a document right after, to the
same chat. A chart goes as a photo: the whole answer as its caption when it fits, else the answer
first and the photo quoting it, with the headline as caption. An inline-mode answer is one result card. Parse mode and link previews are set once,
as the application's defaults.

`send_quietly` is the background path (bot/messenger.py): the same rendering, but a refusal is an
answer (False), not an exception.
"""

from __future__ import annotations

import logging
import re
from hashlib import blake2s
from typing import Awaitable, Callable
from html import escape, unescape

from telegram import (Bot, InlineKeyboardMarkup, InlineQueryResultArticle, InputTextMessageContent, Message,
                      ReplyParameters)
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.charts.attach import is_image
from bot.message_split import TELEGRAM_LIMIT, split_message, utf16_len
from bot.telegram.deep_links import HeldAnswers, start_link
from bot.telegram.invocation import Asked
from bot.telegram.render import CAPTION_LIMIT, render_caption, render_html, render_notice, render_summary
from commands.reply import Reply
from core.i18n import N_, _, speaking

log = logging.getLogger(__name__)

SENT_BY_DM = N_("I sent you the answer in a private message.")
START_A_DM = N_("That answer is private and I can't message you yet. {link}: I'll show it to you there "
                 "for the next 15 minutes.")
START_LINK = N_("Press Start in a DM with me")
ASK_AS_YOURSELF = N_("That answer is private, and this command was sent on behalf of a chat, which I "
                      "can't message. Send it as yourself and I'll answer in a private message.")
PRIVATE_INLINE = N_("That answer is private: ask me in a direct message.")
USE_A_DM = N_("/{command} does not run from inline mode: send it to me in a direct message.")
UNPARSABLE = "can't parse entities"   # the Bot API's 400 for HTML it cannot read
TAG = re.compile(r"<[^<>]*>")
PHOTO_REFUSED = N_("The chart could not be sent this time.")
SHORTENED = N_("(Shortened: send the command to me directly for the full answer.)")


def _quoting(message_id: int | None) -> ReplyParameters | None:
    return ReplyParameters(message_id, allow_sending_without_reply=True) if message_id else None


async def send_html(bot: Bot, chat_id: int, text: str, reply_to: int | None = None,
                    markup: InlineKeyboardMarkup | None = None, thread: int | None = None) -> int:
    """Send `text` (Telegram HTML) as one message, or several if over the limit; buttons go last.
    `thread` is the forum topic to post in (None: the chat itself, or a forum's General topic).
    Returns the chat it went to: a group upgraded to a supergroup has a new id."""
    return (await send_pieces(bot, chat_id, text, reply_to, markup, thread))[0]


async def send_pieces(bot: Bot, chat_id: int, text: str, reply_to: int | None = None,
                      markup: InlineKeyboardMarkup | None = None, thread: int | None = None) -> tuple[int, int]:
    """`send_html`, also returning the id of the last message sent (a photo can quote it)."""
    pieces = split_message(text, TELEGRAM_LIMIT)
    message_id = 0
    for number, piece in enumerate(pieces, start=1):
        kwargs = dict(reply_parameters=_quoting(reply_to), reply_markup=markup if number == len(pieces) else None,
                      message_thread_id=thread)
        try:
            chat_id, sent = await migrating(chat_id, lambda chat: bot.send_message(chat, piece, **kwargs))
        except BadRequest as exc:
            if UNPARSABLE not in exc.message.lower():
                raise
            # Our renderer escapes everything, so this is our bug; the user still gets the answer,
            # once more, as plain text, and the log keeps the HTML Telegram refused.
            log.warning("Telegram refused our HTML (%s); sent as plain text instead: %r", exc.message, piece)
            sent = await bot.send_message(chat_id, as_plain_text(piece), parse_mode=None, **kwargs)
        message_id = sent.message_id
    return chat_id, message_id


async def migrating(chat_id: int, send: Callable[[int], Awaitable[Message]]) -> tuple[int, Message]:
    """`send(chat_id)`, or, for a group upgraded to a supergroup, `send(new id)`: same
    conversation, new id (its settings move when Telegram's service message comes,
    commands/groups/moves.py); the message goes there, once. Returns the chat it went to."""
    try:
        return chat_id, await send(chat_id)
    except ChatMigrated as exc:
        log.info("Telegram: chat %s is now %s; sent there", chat_id, exc.new_chat_id)
        return exc.new_chat_id, await send(exc.new_chat_id)


def as_plain_text(html: str) -> str:
    """Telegram HTML without its tags, entities decoded: what the reader would have seen."""
    return unescape(TAG.sub("", html))


async def send_reply(bot: Bot, chat_id: int, reply: Reply, reply_to: int | None = None,
                     markup: InlineKeyboardMarkup | None = None, thread: int | None = None) -> None:
    """The rendered reply, its buttons and its file, all into one chat (and topic). A chart goes
    as a photo (bot/telegram/photos.py)."""
    if is_image(reply):
        await send_with_photo(bot, chat_id, reply, reply_to, markup, thread)
        return
    chat_id = await send_html(bot, chat_id, render_html(reply), reply_to, markup, thread)
    if reply.attachment is not None:
        await bot.send_document(chat_id, reply.attachment.data, filename=reply.attachment.filename,
                                reply_parameters=_quoting(reply_to), message_thread_id=thread)


async def send_with_photo(bot: Bot, chat_id: int, reply: Reply, reply_to: int | None = None,
                          markup: InlineKeyboardMarkup | None = None, thread: int | None = None) -> None:
    """A chart as a photo: the whole answer as its caption when that fits (1,024 characters);
    else the full answer first, and the photo quoting it with the headline as caption. The
    buttons go under the photo, the last message."""
    assert reply.attachment is not None
    text = render_html(reply)
    whole = utf16_len(as_plain_text(text)) <= CAPTION_LIMIT
    if whole:
        caption = text
    else:
        chat_id, reply_to = await send_pieces(bot, chat_id, text, reply_to, None, thread)
        caption = render_caption(reply)
    image = reply.attachment

    async def photo(chat: int, caption: str, **parse: object) -> Message:
        return await bot.send_photo(chat, image.data, caption=caption, filename=image.filename,
                                    reply_parameters=_quoting(reply_to), reply_markup=markup,
                                    message_thread_id=thread, **parse)

    try:
        chat_id, _sent = await migrating(chat_id, lambda chat: photo(chat, caption))
    except BadRequest as exc:
        if UNPARSABLE in exc.message.lower():
            log.warning("Telegram refused our caption HTML (%s); sent as plain text instead: %r", exc.message, caption)
            await photo(chat_id, as_plain_text(caption), parse_mode=None)
            return
        # A picture Telegram will not take must not cost the answer: the text goes alone (or
        # already went, quoted by the photo), with the buttons.
        log.warning("Telegram refused a chart photo (%s); the answer goes as text", exc.message)
        with speaking(reply.speech):
            refused = render_notice(_(PHOTO_REFUSED))
        await send_html(bot, chat_id, text if whole else refused, reply_to,
                        markup, thread)


def start_notice(bot_username: str, token: str) -> str:
    """The group's notice when a DM was refused: a deep link that shows the held answer. In the
    current language: the translated sentence is split around its `{link}`, wherever it put it."""
    link = f'<a href="{escape(start_link(bot_username, token))}">{escape(_(START_LINK))}</a>'
    before, _link, after = _(START_A_DM).partition("{link}")
    return f"{escape(before)}{link}{escape(after)}"


async def deliver(bot: Bot, asked: Asked, reply: Reply, markup: InlineKeyboardMarkup | None,
                  held: HeldAnswers) -> None:
    """Answer in the chat it was asked in, or, for a private answer asked in a group, by DM; a
    refused DM is held for the asker's deep link (bot/telegram/deep_links.py)."""
    if not (reply.private and asked.is_group):
        await send_reply(bot, asked.chat_id, reply, asked.quote, markup, asked.thread)
        return
    with speaking(reply.speech):   # the notice speaks the language the answer was composed in
        if asked.person is None:
            notice = render_notice(_(ASK_AS_YOURSELF))
        else:
            try:
                await send_reply(bot, asked.person, reply, None, markup)
            except Forbidden:
                notice = start_notice(bot.username, held.hold(asked.person, reply))
            else:
                notice = render_notice(_(SENT_BY_DM))
    await send_html(bot, asked.chat_id, notice, asked.quote, thread=asked.thread)


async def send_quietly(bot: Bot, chat_id: int, reply: Reply, markup: InlineKeyboardMarkup | None,
                       thread: int | None = None) -> bool:
    """`send_reply` for background jobs: True if it all went, False (logged) if Telegram refused.

    A reply split over several messages may be cut short by a refusal after the first piece; the
    caller learns only that it did not all arrive.
    """
    try:
        await send_reply(bot, chat_id, reply, None, markup, thread)
    except Forbidden as exc:   # blocked by the user, or removed from the group
        log.info("Telegram: chat %s refused a message: %s", chat_id, exc.message)
        return False
    except TelegramError as exc:   # chat not found, network down, retries used up
        log.warning("Telegram: could not send to chat %s: %s", chat_id, exc.message)
        return False
    return True


def inline_article(reply: Reply) -> InlineQueryResultArticle:
    """One result card whose message is the rendered reply (or the usage text, for bad input)."""
    with speaking(reply.speech):
        if reply.private:
            return notice_article(_(PRIVATE_INLINE), _("Private answer"))
        shortened = _(SHORTENED)
    title, description = render_summary(reply)
    pieces = split_message(render_html(reply), TELEGRAM_LIMIT - len(shortened) - 1)
    text = pieces[0] if len(pieces) == 1 else f"{pieces[0]}\n{render_notice(shortened)}"
    return _article(title or "riskbot", description, text)


def notice_article(notice: str, title: str = "riskbot") -> InlineQueryResultArticle:
    """A card that only says something of ours (ask in a DM, slow down): no command ran. `notice`
    comes already spoken in the asker's language."""
    return _article(title, notice, render_notice(notice))


def _article(title: str, description: str, text: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(id=blake2s(text.encode(), digest_size=16).hexdigest(), title=title,
                                    description=description,
                                    input_message_content=InputTextMessageContent(text))
