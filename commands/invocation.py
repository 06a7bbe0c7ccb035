"""Who asked what, where: the one thing an adapter hands to `dispatch`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Invocation:
    """A command as the adapter received it.

    `text` is the whole message ("/liq long BTC 60000 25x"); a leading slash is optional and a
    `@botname` suffix on the command word is accepted when it names this bot. Discord's typed
    options arrive already turned into `key=value` tokens by the adapter, so both paths go through
    the one parser.
    """

    text: str
    platform: str = "console"
    user_id: str = "local"
    chat_id: str = "console"
    is_group: bool = False
    bot_username: str | None = None

    @property
    def user_key(self) -> str:
        """Storage key for this user: `telegram:123`, `discord:456`, `console:local`."""
        return f"{self.platform}:{self.user_id}"
