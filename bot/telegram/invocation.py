"""Who asked, and where: a Telegram message or button press turned into an `Invocation`.

Three kinds of sender reach a group command, and each is keyed and trusted differently:

- a person: user key `telegram:<user id>`; a moderator if `getChatMember` says "creator" or
  "administrator" at the moment the command asks (never cached, so a demotion counts at once);
- a group admin posting anonymously: `sender_chat` is the group itself (and `from` is
  @GroupAnonymousBot, shared by every anonymous admin on Telegram, so it is never used as a key);
  a moderator without asking, because only an admin can post as the group;
- a channel posting into the group (`sender_chat` is another chat), or a channel post forwarded
  automatically: never a moderator.

A chat speaking as itself gets the user key `telegram:chat<chat id>`, so its saved data cannot
mix with any person's, nor with another group's anonymous admins. Such a sender has no DM: a
private answer cannot reach it (bot/telegram/delivery.py tells the group so).

Forum topics: in a forum supergroup a message in a topic carries `is_topic_message` and the
topic's `message_thread_id`; answers must go back into that topic. The group (settings, audit)
is still the chat; the place to post (`Invocation.channel_id`, where a schedule posts) is
`<chat id>/<topic id>`, so each topic keeps its own schedule. The General topic has no thread
id: its messages are posted, and keyed, as the chat itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Bot, CallbackQuery, Message
from telegram.constants import ChatMemberStatus, ChatType

from commands.invocation import Invocation, PermissionCheck, not_a_moderator

GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP}
MODERATORS = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR}


@dataclass(frozen=True)
class Asked:
    """An invocation plus what delivery needs: where to answer and whom a DM can reach."""

    invocation: Invocation
    chat_id: int
    is_group: bool
    quote: int | None    # the message the answer quotes (groups only)
    person: int | None   # the asker's user id, None when a chat sent the command as itself
    thread: int | None = None   # the forum topic it was asked in; None outside topics


def topic_of(message: Message) -> int | None:
    """The forum topic a message is in (None in the General topic and outside forums)."""
    return message.message_thread_id if message.is_topic_message else None


def channel_key(chat_id: int, thread: int | None) -> str:
    """Where posts go, as one string: `-100123`, or `-100123/7` for topic 7."""
    return str(chat_id) if thread is None else f"{chat_id}/{thread}"


def parse_channel(channel: str) -> tuple[int, int | None] | None:
    """`channel_key` read back; None if it is no Telegram chat."""
    chat, _, thread = channel.partition("/")
    try:
        return int(chat), (int(thread) if thread else None)
    except ValueError:
        return None


async def _anonymous_admin() -> bool:
    return True


def member_check(bot: Bot, chat_id: int, user_id: int) -> PermissionCheck:
    """Ask Telegram, when awaited, whether `user_id` administers `chat_id`.

    If Telegram cannot be asked, the `TelegramError` propagates rather than a False: dispatch then
    answers "couldn't check your rights, try again", which is true, instead of "only moderators
    may", which would not be. Either way nothing runs.
    """
    async def is_moderator() -> bool:
        member = await bot.get_chat_member(chat_id, user_id)
        return member.status in MODERATORS
    return is_moderator


def language_of(message: Message) -> str | None:
    """The sender's app language (`from.language_code`). A chat speaking as itself has none of its
    own: its messages also carry `from` (@GroupAnonymousBot, a channel bot), whose language says
    nothing about the group, so none is read; the group's /set lang= applies."""
    if message.sender_chat is not None or message.from_user is None:
        return None
    return message.from_user.language_code


def from_message(bot: Bot, message: Message) -> Asked | None:
    """The command in `message`, or None when it has no sender we can key (a service message)."""
    chat, sender_chat = message.chat, message.sender_chat
    is_group = chat.type in GROUPS
    if sender_chat is not None:
        user_id, person = f"chat{sender_chat.id}", None
        own_group = sender_chat.id == chat.id and not message.is_automatic_forward
        check = _anonymous_admin if is_group and own_group else not_a_moderator
    elif message.from_user is not None:
        user_id, person = str(message.from_user.id), message.from_user.id
        check = member_check(bot, chat.id, person) if is_group else not_a_moderator
    else:
        return None
    thread = topic_of(message) if is_group else None
    # The message this command replies to (a posted signal for /plan): of this message only, never
    # further up the thread. A topic's service message has no text, so nothing is read from it.
    replied = message.reply_to_message
    reference = (replied.text or replied.caption) if replied is not None else None
    invocation = Invocation(text=message.text or "", platform="telegram", user_id=user_id,
                            chat_id=str(chat.id), is_group=is_group, bot_username=bot.username,
                            channel_id=channel_key(chat.id, thread) if thread else None, is_moderator=check,
                            reference=reference, locale=language_of(message))
    return Asked(invocation, chat.id, is_group, message.message_id if is_group else None, person, thread)


def from_press(bot: Bot, query: CallbackQuery, command: str) -> Asked | None:
    """A button press that runs `command` as the person who pressed it, in the chat of the button.

    Presses always carry the real user, even an anonymous admin's (buttons are bound to persons).
    """
    message = query.message
    if message is None:   # a button under an inline-mode message: we never make those
        return None
    chat, user = message.chat, query.from_user
    is_group = chat.type in GROUPS
    check = member_check(bot, chat.id, user.id) if is_group else not_a_moderator
    thread = topic_of(message) if is_group and isinstance(message, Message) else None
    invocation = Invocation(text=command, platform="telegram", user_id=str(user.id), chat_id=str(chat.id),
                            is_group=is_group, bot_username=bot.username,
                            channel_id=channel_key(chat.id, thread) if thread else None, is_moderator=check,
                            locale=user.language_code)
    return Asked(invocation, chat.id, is_group, message.message_id if is_group else None, user.id, thread)
