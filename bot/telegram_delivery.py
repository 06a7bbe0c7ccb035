"""Where a Telegram answer goes, and in how many messages.

The rules: in a group the answer quotes the command it answers; a private answer asked for in a
group goes to the user's DM instead, and if Telegram refuses (the user never pressed Start) the
group is told how to fix that without seeing the data; an answer longer than one message arrives
as several, split at line boundaries; an inline-mode answer is one result card. Parse mode and
link previews are set once, as the application's defaults.
"""

from __future__ import annotations

from hashlib import blake2s

from telegram import Bot, InlineQueryResultArticle, InputTextMessageContent, Message, ReplyParameters
from telegram.error import Forbidden

from bot.message_split import TELEGRAM_LIMIT, split_message
from bot.telegram_render import render_html, render_notice, render_summary
from commands.reply import Reply

SENT_BY_DM = "I sent you the answer in a private message."
START_A_DM = ("That answer is private and I can't message you yet. Open a chat with @{bot}, "
              "press Start, then ask again.")
PRIVATE_INLINE = "That answer is private: ask me in a direct message."
SHORTENED = "(Shortened: send the command to me directly for the full answer.)"


async def send_html(bot: Bot, chat_id: int, text: str, reply_to: int | None = None) -> None:
    """Send `text` (Telegram HTML) as one message, or as several if it is over the limit."""
    quote = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    for piece in split_message(text, TELEGRAM_LIMIT):
        await bot.send_message(chat_id, piece, reply_parameters=quote)


async def deliver(bot: Bot, message: Message, reply: Reply, is_group: bool) -> None:
    """Answer `message` with `reply`, in the chat or, for a private reply in a group, by DM."""
    quote = message.message_id if is_group else None
    if not (reply.private and is_group and message.from_user is not None):
        await send_html(bot, message.chat_id, render_html(reply), quote)
        return
    try:
        await send_html(bot, message.from_user.id, render_html(reply))
    except Forbidden:
        await send_html(bot, message.chat_id, render_notice(START_A_DM.format(bot=bot.username)), quote)
    else:
        await send_html(bot, message.chat_id, render_notice(SENT_BY_DM), quote)


def inline_article(query: str, reply: Reply) -> InlineQueryResultArticle:
    """One result card whose message is the rendered reply (or the usage text, for bad input)."""
    if reply.private:
        title, description, text = "Private answer", PRIVATE_INLINE, render_notice(PRIVATE_INLINE)
    else:
        title, description = render_summary(reply)
        pieces = split_message(render_html(reply), TELEGRAM_LIMIT - len(SHORTENED) - 1)
        text = pieces[0] if len(pieces) == 1 else f"{pieces[0]}\n{render_notice(SHORTENED)}"
    return InlineQueryResultArticle(
        id=blake2s(query.encode(), digest_size=16).hexdigest(),
        title=title or "riskbot",
        description=description,
        input_message_content=InputTextMessageContent(text),
    )
