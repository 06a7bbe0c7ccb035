"""Who asked what, where: the one thing an adapter hands to `dispatch`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Awaitable, Callable

PermissionCheck = Callable[[], Awaitable[bool]]
MAX_INPUT_CHARS = 512   # the longest command text dispatch reads; anything longer is refused


async def not_a_moderator() -> bool:
    return False


@dataclass(frozen=True)
class Invocation:
    """A command as the adapter received it.

    `text` is the whole message ("/liq long BTC 60000 25x"); a leading slash is optional and a
    `@botname` suffix on the command word is accepted when it names this bot. Discord's typed
    options arrive already turned into `key=value` tokens by the adapter, so both paths go through
    the one parser.

    `chat_id` is the group whose settings apply (a Telegram chat, a Discord server); `channel_id`
    is where a post into this conversation goes when that differs (a Discord channel).

    `is_moderator` is asked, not told: a moderator command awaits it at the moment it runs, so a
    demoted admin is refused at once. Each adapter supplies the platform's own check (Discord:
    Manage Server in this interaction; Telegram: a chat administrator, or an anonymous admin posting
    as the group). Nobody is a moderator by default.
    """

    text: str
    platform: str = "console"
    user_id: str = "local"
    chat_id: str = "console"
    is_group: bool = False
    bot_username: str | None = None
    channel_id: str | None = None
    # The text of the message this command is about, when the platform says which: a Telegram
    # command sent as a reply (its `reply_to_message`), the target of a Discord message command.
    # Only /plan reads it (a posted signal); it is never longer than the platform's message limit.
    reference: str | None = None
    # The user's language as the platform reports it (Discord `interaction.locale`, Telegram
    # `from.language_code`, the console's --lang); commands/language/choice.py maps it.
    locale: str | None = None
    is_moderator: PermissionCheck = field(default=not_a_moderator, compare=False, repr=False)

    @property
    def user_key(self) -> str:
        """Storage key for this user: `telegram:123`, `discord:456`, `console:local`."""
        return f"{self.platform}:{self.user_id}"

    @property
    def group_key(self) -> str:
        """Storage key for group settings: `telegram:-100123`, `discord:<guild id>`, `console:console`."""
        return f"{self.platform}:{self.chat_id}"

    @property
    def post_to(self) -> str:
        """Where a message into this conversation goes (the channel, else the chat)."""
        return self.channel_id or self.chat_id
