"""The people on the other side of the fake Bot API: what users do, as the updates Telegram sends.

A mixin of `FakeBotApi` (tests/telegram/fake_bot_api.py): users sending messages (in a DM, a group,
a forum topic; as themselves, as an anonymous admin or as a channel), typing inline queries,
pressing buttons under a message the bot sent, and a group being upgraded to a supergroup (the
two service messages Telegram sends, `migrate_to_chat_id` in the old chat and
`migrate_from_chat_id` in the new one).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

# What Telegram puts in `from` when a message is sent on behalf of a chat (PTB's constants.ChatID).
ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
FAKE_CHANNEL = {"id": 136817688, "is_bot": True, "first_name": "Channel", "username": "Channel_Bot"}


class People:
    """Needs `push`, `delivered`, `forums`, `language_codes`, `_chat_types` and `_message_ids` from the fake."""

    def user(self, user_id: int, first_name: str = "Trader") -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "username": f"u{user_id}"}
        if user_id in self.language_codes:   # Telegram sends the app's language, when it knows it
            user["language_code"] = self.language_codes[user_id]
        return user

    def chat(self, chat_id: int, chat_type: str) -> dict[str, Any]:
        """A chat as Telegram describes it; a forum supergroup says `is_forum`."""
        self._chat_types[chat_id] = chat_type
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "Traders"
        if chat_id in self.forums:
            chat["is_forum"] = True
        return chat

    def message(self, text: str, *, user_id: int = 42, chat_id: int | None = None,
                chat_type: str = "private", edited_from: dict[str, Any] | None = None,
                sender_chat: int | None = None, topic: int | None = None, **extra: Any) -> dict[str, Any]:
        """Queue a new message (or, with `edited_from`, an edit of that one); returns it.

        With `sender_chat`, the message is sent on behalf of that chat, as Telegram shows it: the
        group's own id for an anonymous admin, a channel's id for a post as that channel. With
        `topic`, it is posted in that forum topic (the chat becomes a forum); a forum's General
        topic is a forum message with no topic.
        """
        chat_id = user_id if chat_id is None else chat_id
        if topic is not None:
            self.forums.add(chat_id)
            extra.update(message_thread_id=topic, is_topic_message=True)
        chat = self.chat(chat_id, chat_type)
        sender = self.user(user_id)
        if sender_chat is not None:
            sender = ANONYMOUS_ADMIN if sender_chat == chat_id else FAKE_CHANNEL
            extra["sender_chat"] = ({**chat} if sender_chat == chat_id else
                                    {"id": sender_chat, "type": "channel", "title": "Signals"})
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
                   "from": sender, "text": text, **extra}
        if text.startswith("/"):
            word = text.split(None, 1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(word)}]
        if edited_from is not None:
            message.update(message_id=edited_from["message_id"], date=edited_from["date"],
                           edit_date=int(time.time()))
            self.push("edited_message", message)
        else:
            self.push("message", message)
        return message

    def upgrade(self, old: int, new: int, *, user_id: int = 42, order: str = "to,from") -> None:
        """Group `old` becomes supergroup `new`: queue the service messages, in `order`
        (`to` is the one in the old chat, `from` the one in the new chat), and from now on the
        old id answers 400 "group chat was upgraded to a supergroup chat" with its new id."""
        self.migrated[old] = new
        for kind in order.split(","):
            if kind == "to":
                fields = {"chat": self.chat(old, "group"), "migrate_to_chat_id": new}
            else:
                fields = {"chat": self.chat(new, "supergroup"), "migrate_from_chat_id": old}
            self.push("message", {"message_id": next(self._message_ids), "date": int(time.time()),
                                  "from": self.user(user_id), **fields})

    def inline_query(self, query: str, *, user_id: int = 42) -> str:
        query_id = f"iq{uuid.uuid4().hex[:12]}"
        self.push("inline_query", {"id": query_id, "from": self.user(user_id), "query": query,
                                   "offset": "", "chat_type": "sender"})
        return query_id

    def press(self, sent: dict[str, Any], *, user_id: int, button: int = 0,
              data: str | None = None) -> str:
        """`user_id` presses a button under the message the bot sent as `sent` (from `self.sent`);
        `data` replaces the button's callback_data, as a tampered client could."""
        message = next(c.result for c in self.delivered if c.params is sent)
        buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
        query_id = f"cq{uuid.uuid4().hex[:12]}"
        self.push("callback_query", {
            "id": query_id, "from": self.user(user_id), "message": message,
            "chat_instance": f"ci{message['chat']['id']}",
            "data": buttons[button]["callback_data"] if data is None else data})
        return query_id

    def keyboard(self, sent: dict[str, Any]) -> list[str]:
        """The labels of the buttons under a sent message, in order."""
        markup = sent.get("reply_markup") or {}
        return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]
